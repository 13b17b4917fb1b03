import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Readable } from 'node:stream';
import type { Deps } from '../deps.js';
import { buildPage, pageParams } from '../http/pagination.js';
import { notFound } from '../shared/errors.js';
import { reportStream } from './report.js';
import type { ImportRecord } from './repository.js';
import {
  CsvBody,
  errors,
  ImportList,
  ImportListQuery,
  ImportStatus,
  type ImportSummary,
  ImportUrls,
  ReportResponse,
  UUID_PARAM,
  UuidParams,
} from './schemas.js';
import { createImportService } from './service.js';

/**
 * `/import/...` (import.md §1.1): superusers only; 405 comes first (method router), then
 * 403 (auth hook), then the checks of the service. Thin handlers.
 */
export function registerImportRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const service = createImportService(deps);
  const base = `${deps.config.publicUrl}/documenten/api/v1/import`;
  const urls = (uuid: string) => ({
    uploadUrl: `${base}/${uuid}/upload`,
    statusUrl: `${base}/${uuid}/status`,
    reportUrl: `${base}/${uuid}/report`,
  });
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
    async (request) => {
      const p = pageParams({ page: request.query.page }, { pageSize: 100, maxPageSize: 100 });
      const { count, rows } = await service.list(p.offset, p.pageSize);
      return buildPage(
        request,
        deps.config.publicUrl,
        p,
        count,
        rows.map((i) => summary(i, urls)),
      );
    },
  );

  registerRawBodyRoutes(app, service, config, urls);

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

  r.get(
    `/import/${UUID_PARAM}/report`,
    {
      schema: {
        tags,
        operationId: 'enkelvoudiginformatieobject_import_report',
        summary: `${experimental}Het rapport van een voltooide of onderbroken import (CSV).`,
        params: UuidParams,
        response: { 200: ReportResponse, 403: errors[403], 404: errors[404] },
      },
      config: { ...config, apiVersion: false },
    },
    async (request, reply) => {
      const imp = await service.get(request.params.uuid);
      if (imp.status !== 'finished' && imp.status !== 'error') throw notFound();
      return reply
        .type('text/csv')
        .header('content-disposition', `attachment; filename="report-${imp.uuid}.csv"`)
        .send(reportStream(deps.pool, deps.blobs, imp));
    },
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
      await service.remove(request.params.uuid);
      return reply.code(204).send();
    },
  );
}

/**
 * The upload gets its own scope with a catch-all content-type parser that hands the raw
 * stream to the handler: the body must not be read before checks 2–6 (§1.1), and it is
 * streamed to storage instead of buffered (Part 2 #3).
 */
function registerRawBodyRoutes(
  app: FastifyInstance,
  service: ReturnType<typeof createImportService>,
  config: { auth: 'superuser' },
  urls: (uuid: string) => Static<typeof ImportUrls>,
): void {
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    const r = scope.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['import'];

    // The create body is ignored entirely, whatever its content type (§1.1); it is drained.
    r.post(
      '/import/create',
      {
        schema: {
          tags,
          operationId: 'enkelvoudiginformatieobject_import_create',
          summary: '**EXPERIMENTEEL** Maak een import aan (de body wordt genegeerd).',
          response: { 201: ImportUrls, 400: errors[400], 403: errors[403] },
        },
        validatorCompiler: () => () => true,
        config,
      },
      async (request, reply) => {
        (request.body as Readable | undefined)?.resume?.();
        const imp = await service.create();
        return reply.code(201).send(urls(imp.uuid));
      },
    );

    scope.post<{ Params: UuidParams }>(
      `/import/${UUID_PARAM}/upload`,
      {
        schema: {
          tags,
          operationId: 'enkelvoudiginformatieobject_import_upload',
          summary: '**EXPERIMENTEEL** Upload de CSV (text/csv; charset= wordt gevolgd) en start de import.',
          params: UuidParams,
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
        await service.upload(request.params.uuid, {
          body: body && typeof body.pipe === 'function' ? body : undefined,
          contentType: request.headers['content-type'],
          contentLength: request.headers['content-length'],
        });
        return reply.code(200).send();
      },
    );
  });
}

function statusBody(imp: ImportRecord) {
  return {
    total: imp.total,
    processed: imp.processed,
    processedSuccessfully: imp.processedSuccessfully,
    processedInvalid: imp.processedInvalid,
    status: imp.status,
    createdOn: imp.createdOn.toISOString(),
    startedOn: imp.startedOn?.toISOString() ?? null,
    finishedOn: imp.finishedOn?.toISOString() ?? null,
    comment: imp.comment,
  };
}

function summary(
  imp: ImportRecord,
  urls: (uuid: string) => { uploadUrl: string; statusUrl: string; reportUrl: string },
): ImportSummary {
  const { comment: _comment, ...rest } = statusBody(imp);
  return { uuid: imp.uuid, ...rest, ...urls(imp.uuid) };
}
