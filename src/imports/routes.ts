import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import type { Deps } from '../deps.js';
import { buildPage, pageParams } from '../http/pagination.js';
import { reportStream } from './report.js';
import { readCreateBody } from './create-body.js';
import { reportNotReady } from './errors.js';
import { createReportRepository } from './report-repository.js';
import {
  CreateBody,
  CsvBody,
  errors,
  ImportList,
  ImportListQuery,
  ImportRunSummary,
  ImportStatus,
  ImportUrls,
  ReportQuery,
  ReportResponse,
  UploadQuery,
  UUID_PARAM,
  UuidParams,
} from './schemas.js';
import { importLinks, runSummary, statusBody, summary } from './mapper.js';
import { createImportService, type ImportService } from './service.js';

/**
 * `/import/...` (Open Zaak's import endpoints): superusers only; 405 comes first (method router), then
 * 403 (auth hook), then the checks of the service. Thin handlers.
 */
export function registerImportRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const service = createImportService(deps);
  const urls = (uuid: string) => importLinks(deps.urls, uuid);
  const tags = ['import'];
  const config = { auth: 'superuser' as const };
  const experimental = '**EXPERIMENTEEL** ';

  r.get(
    '/import',
    {
      schema: {
        tags,
        operationId: 'enkelvoudiginformatieobject_import_list',
        summary: 'Alle imports, nieuwste eerst, met hun status en URLs.',
        querystring: ImportListQuery,
        response: { 200: ImportList, 403: errors[403], 404: errors[404] },
      },
      config,
    },
    async (request) => importPage(request, request.query.page, deps, service, 100),
  );

  registerRawBodyRoutes(app, service, config, urls, deps.config.importPauseAfterFailures);

  r.get(
    `/import/${UUID_PARAM}/status`,
    {
      schema: {
        tags,
        operationId: 'enkelvoudiginformatieobject_import_status',
        summary: `${experimental}De voortgang van een import.`,
        params: UuidParams,
        response: { 200: ImportStatus, 403: errors[403], 404: errors[404] },
      },
      config,
    },
    async (request) => statusBody(await service.get(request.params.uuid)),
  );

  // Steering (issue 10 #3–#4): each answers the status after the change.
  for (const [op, text] of [
    [
      'cancel',
      'Annuleer: pending direct, active bij de volgende batchgrens (eindigt als error, "geannuleerd").',
    ],
    ['pause', 'Pauzeer een actieve import bij de volgende batchgrens; geen worker pakt hem op tot resume.'],
    [
      'resume',
      'Hervat een gepauzeerde import (ook een door een serverfout gepauzeerde: direct opnieuw proberen).',
    ],
  ] as const) {
    r.post(
      `/import/${UUID_PARAM}/${op}`,
      {
        schema: {
          tags,
          operationId: `enkelvoudiginformatieobject_import_${op}`,
          summary: text,
          params: UuidParams,
          response: { 200: ImportStatus, 400: errors[400], 403: errors[403], 404: errors[404] },
        },
        config,
      },
      async (request) =>
        statusBody(
          op === 'cancel'
            ? await service.cancel(request.params.uuid, request.auth)
            : await service[op](request.params.uuid),
        ),
    );
  }

  r.get(
    `/import/${UUID_PARAM}/summary`,
    {
      schema: {
        tags,
        operationId: 'enkelvoudiginformatieobject_import_summary',
        summary:
          'Samenvatting: aantallen per foutreden (met de eerste rijnummers), bytes, tijden en snelheden.',
        params: UuidParams,
        response: { 200: ImportRunSummary, 403: errors[403], 404: errors[404] },
      },
      config,
    },
    async (request) => {
      const imp = await service.get(request.params.uuid);
      return runSummary(imp, await createReportRepository(deps.pool).failureReasons(imp.id));
    },
  );

  r.get(
    `/import/${UUID_PARAM}/report`,
    {
      schema: {
        tags,
        operationId: 'enkelvoudiginformatieobject_import_report',
        summary: `${experimental}Het rapport van een voltooide of onderbroken import (CSV).`,
        params: UuidParams,
        querystring: ReportQuery,
        response: { 200: ReportResponse, 403: errors[403], 404: errors[404] },
      },
      config: { ...config, apiVersion: false },
    },
    async (request, reply) => sendReport(deps, service, request.params.uuid, request.query, reply),
  );

  r.delete(
    `/import/${UUID_PARAM}/delete`,
    {
      schema: {
        tags,
        operationId: 'enkelvoudiginformatieobject_import_destroy',
        summary: `${experimental}Verwijder een import met zijn opgeslagen CSV (niet als hij actief is).`,
        params: UuidParams,
        response: {
          204: { type: 'null', description: 'Verwijderd.' },
          400: errors[400],
          403: errors[403],
          404: errors[404],
        },
      },
      config,
    },
    async (request, reply) => {
      await service.remove(request.params.uuid, request.auth);
      return reply.code(204).send();
    },
  );
}

/**
 * The upload gets its own scope with a catch-all content-type parser that hands the raw
 * stream to the handler: the body must not be read before checks 2–6 (Open Zaak's import endpoints), and it is
 * streamed to storage instead of buffered (README "Bulk import of documents").
 */
function registerRawBodyRoutes(
  app: FastifyInstance,
  service: ReturnType<typeof createImportService>,
  config: { auth: 'superuser' },
  urls: (uuid: string) => Static<typeof ImportUrls>,
  defaultPauseAfterFailures: number,
): void {
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    const r = scope.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['import'];

    // The reference ignores the create body (Open Zaak's import endpoints); here an optional JSON body names the
    // import, asks for a dry run or a failure-storm pause (issue 10 #1). Any other body is drained.
    r.post(
      '/import/create',
      {
        schema: {
          tags,
          operationId: 'enkelvoudiginformatieobject_import_create',
          summary:
            '**EXPERIMENTEEL** Maak een import aan. Optioneel een JSON-body {naam, dryRun, pauseAfterFailures}; elke andere body wordt genegeerd.',
          body: { content: { 'application/json': { schema: CreateBody } } },
          response: { 201: ImportUrls, 400: errors[400], 403: errors[403] },
        },
        validatorCompiler: () => () => true,
        config,
      },
      async (request, reply) => {
        const opts = await readCreateBody(
          request.body as Readable | undefined,
          request.headers['content-type'],
          {
            pauseAfterFailures: defaultPauseAfterFailures,
          },
        );
        const imp = await service.create(opts, request.auth);
        return reply.code(201).send(urls(imp.uuid));
      },
    );

    scope.post<{ Params: UuidParams; Querystring: { refuseDuplicate?: string } }>(
      `/import/${UUID_PARAM}/upload`,
      {
        schema: {
          tags,
          operationId: 'enkelvoudiginformatieobject_import_upload',
          summary: '**EXPERIMENTEEL** Upload de CSV (text/csv; charset= wordt gevolgd) en start de import.',
          params: UuidParams,
          querystring: UploadQuery,
          body: CsvBody,
          response: {
            200: { type: 'null', description: 'De import is actief.' },
            ...errors,
          },
        },
        // The body is a stream: only the path parameter is validated here (by the route regex).
        validatorCompiler: () => () => true,
        config,
      },
      async (request, reply: FastifyReply) => {
        const body = request.body as Readable | undefined;
        const refuse = request.query.refuseDuplicate;
        await service.upload(
          request.params.uuid,
          {
            body: body && typeof body.pipe === 'function' ? body : undefined,
            contentType: request.headers['content-type'],
            contentLength: request.headers['content-length'],
          },
          { refuseDuplicate: refuse === 'true' || refuse === '1' },
        );
        return reply.code(200).send();
      },
    );
  });
}

/** A page of imports, newest first (GET /import and the beheer page's list). */
export async function importPage(
  request: FastifyRequest,
  page: number | undefined,
  deps: Deps,
  service: ImportService,
  pageSize: number,
) {
  const p = pageParams({ page }, { pageSize, maxPageSize: pageSize });
  const { count, rows } = await service.list(p.offset, p.pageSize);
  return buildPage(
    request,
    deps.urls,
    p,
    count,
    rows.map((i) => summary(i, (uuid) => importLinks(deps.urls, uuid))),
  );
}

/** The report CSV of an import that has ended (GET /import/{uuid}/report and the beheer page's download). */
export async function sendReport(
  deps: Deps,
  service: ImportService,
  uuid: string,
  query: Static<typeof ReportQuery>,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const imp = await service.get(uuid);
  if (imp.status !== 'finished' && imp.status !== 'error') throw reportNotReady(imp);
  const onlyFailed = query.alleen === 'mislukt';
  const excel = query.format === 'excel';
  const name = `${onlyFailed ? 'failures' : 'report'}-${imp.uuid}${excel ? '-excel' : ''}.csv`;
  return reply
    .type(excel ? 'text/csv; charset=utf-8' : 'text/csv')
    .header('content-disposition', `attachment; filename="${name}"`)
    .send(reportStream(deps.pool, deps.blobs, imp, { onlyFailed, excel }));
}
