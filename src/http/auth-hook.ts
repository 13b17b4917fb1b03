import type { FastifyInstance } from 'fastify';
import { authenticate, createTokenVerifier } from '../auth/jwt.js';
import { hasEndpointScope } from '../auth/permissions.js';
import type { Deps } from '../deps.js';
import { permissionDenied } from '../shared/errors.js';
import './types.js';

/**
 * Authentication and endpoint-level autorisatie (as vng-api-common: authentication, then the endpoint scope), in
 * onRequest: before body parsing and validation, as DRF checks permissions first.
 * 405s never reach here (they are decided in the not-found handler, before auth).
 */
export function registerAuthHook(
  app: FastifyInstance,
  deps: Pick<Deps, 'credentials' | 'config' | 'clock'>,
): void {
  app.decorateRequest('auth', null as unknown as never);
  const verifier = createTokenVerifier();
  app.addHook('onRequest', async (request) => {
    const auth = request.routeOptions.config.auth;
    if (auth === false || auth === undefined) return;
    const ctx = await authenticate(
      request.headers.authorization,
      deps.credentials,
      deps.config,
      verifier,
      () => deps.clock.now().getTime(),
    );
    request.auth = ctx;
    const toelichting = request.headers['x-audit-toelichting'];
    // X-Audit-Toelichting: the audit record's toelichting (Documenten API AuditTrail).
    if (ctx.actor && typeof toelichting === 'string')
      ctx.actor.toelichting = toelichting.replaceAll('\u0000', '');
    if (auth === 'superuser') {
      if (!ctx.heeftAlleAutorisaties) throw permissionDenied();
      return;
    }
    if (auth.scopes !== undefined && !hasEndpointScope(ctx, auth.component, auth.scopes)) {
      throw permissionDenied();
    }
  });
}
