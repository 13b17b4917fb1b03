import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { authContextFor } from '../auth/jwt.js';
import type { Deps } from '../deps.js';
import { createReportRepository } from '../imports/report-repository.js';
import { runSummary, statusBody } from '../imports/mapper.js';
import { importPage, sendReport } from '../imports/routes.js';
import {
  ImportList,
  ImportListQuery,
  ImportRunSummary,
  ImportStatus,
  ReportQuery,
  UUID_PARAM,
  UuidParams,
} from '../imports/schemas.js';
import { createImportService } from '../imports/service.js';
import { COOKIE, type createGuards, sessionCookieOptions } from './session-guard.js';
import { SESSION_SECONDS, type SessionService } from './session-service.js';

/**
 * The JSON the page reads (/beheer/api/...): the import API's own service and response
 * schemas, so the page shows exactly what GET status / summary / report answer. Reached with
 * the session cookie instead of a JWT: no token or secret is ever held by the page.
 */
const LoginBody = Type.Object({
  clientId: Type.String({ minLength: 1, maxLength: 50 }),
  secret: Type.String({ minLength: 1, maxLength: 255 }),
});

export function registerBeheerApi(
  app: FastifyInstance,
  deps: Deps,
  sessions: SessionService,
  guards: ReturnType<typeof createGuards>,
): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const imports = createImportService(deps);

  r.post(
    '/beheer/api/login',
    { schema: { body: LoginBody }, onRequest: guards.sameOrigin },
    async (request, reply) => {
      const s = await sessions.login(request.body.clientId, request.body.secret);
      reply.setCookie(COOKIE, s.token, sessionCookieOptions(deps.urls, SESSION_SECONDS));
      return { clientId: s.clientId, csrfToken: s.csrfToken, expiresAt: s.expiresAt.toISOString() };
    },
  );

  r.post('/beheer/api/logout', { onRequest: guards.post }, async (request, reply) => {
    await sessions.logout(request.beheerSession!.token);
    reply.clearCookie(COOKIE, sessionCookieOptions(deps.urls, 0));
    return reply.code(204).send();
  });

  r.get('/beheer/api/session', { onRequest: guards.session }, async (request) => {
    const s = request.beheerSession!;
    return { clientId: s.clientId, csrfToken: s.csrfToken, expiresAt: s.expiresAt.toISOString() };
  });

  r.get(
    '/beheer/api/imports',
    { schema: { querystring: ImportListQuery, response: { 200: ImportList } }, onRequest: guards.session },
    async (request) => importPage(request, request.query.page, deps, imports, 20),
  );

  r.get(
    `/beheer/api/imports/${UUID_PARAM}/status`,
    { schema: { params: UuidParams, response: { 200: ImportStatus } }, onRequest: guards.session },
    async (request) => statusBody(await imports.get(request.params.uuid)),
  );

  r.get(
    `/beheer/api/imports/${UUID_PARAM}/summary`,
    { schema: { params: UuidParams, response: { 200: ImportRunSummary } }, onRequest: guards.session },
    async (request) => {
      const imp = await imports.get(request.params.uuid);
      return runSummary(imp, await createReportRepository(deps.pool).failureReasons(imp.id, 20));
    },
  );

  for (const op of ['pause', 'resume', 'cancel'] as const) {
    r.post(
      `/beheer/api/imports/${UUID_PARAM}/${op}`,
      { schema: { params: UuidParams, response: { 200: ImportStatus } }, onRequest: guards.post },
      async (request) => {
        // The audit trail names the operator's applicatie, as for the same step through the API.
        const { clientId } = request.beheerSession!;
        const auth = authContextFor(clientId, await deps.credentials.lookupClient(clientId), {
          gebruikersId: '',
          gebruikersWeergave: '',
          toelichting: 'via /beheer/imports',
        });
        return statusBody(await imports[op](request.params.uuid, auth));
      },
    );
  }

  r.get(
    `/beheer/api/imports/${UUID_PARAM}/report`,
    { schema: { params: UuidParams, querystring: ReportQuery }, onRequest: guards.session },
    async (request, reply) => sendReport(deps, imports, request.params.uuid, request.query, reply),
  );
}
