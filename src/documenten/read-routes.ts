import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifySchemaCompiler } from 'fastify';
import type { Deps } from '../deps.js';
import { empty, ERRORS, HEADERS, json, problems } from '../http/openapi.js';
import { buildPage, pageParams } from '../http/pagination.js';
import { invalidParam } from '../shared/errors.js';
import { MESSAGES } from '../shared/messages.js';
import { searchErrors } from './errors.js';
import { isUuid } from '../shared/ids.js';
import { createReadService } from './read-service.js';
import { EioExpanded, EioPage } from './resource-schemas.js';
import { ListQuery, RetrieveQuery, UuidParams, VersionQuery, ZoekBody, ZoekQuery } from './schemas.js';

/** GET list / retrieve (+HEAD, ETag) / download and POST _zoek (`enkelvoudiginformatieobject_list`, `_retrieve`, `_download`, `__zoek`). */
const TAGS = ['enkelvoudiginformatieobjecten'];
const lezen = { component: 'drc' as const, scopes: 'documenten.lezen' };
type Page = Static<typeof EioPage>;

/** The file itself: any media type, as stored (the standard: application/octet-stream). */
const FileResponse = {
  description: 'OK',
  headers: { 'Content-Disposition': HEADERS['Content-Disposition'] },
  content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
};

/** The _zoek body is checked by the handler (its own codes); query and params by AJV. */
const bodyByHandler =
  (app: FastifyInstance): FastifySchemaCompiler<unknown> =>
  (req) =>
    req.httpPart === 'body' ? () => true : (app.validatorCompiler as FastifySchemaCompiler<unknown>)(req);

/** attachment; filename="<ascii>"; filename*=UTF-8''<utf8> — never a path (`../` is cut). */
export function contentDisposition(bestandsnaam: string, uuid: string): string {
  const base = (bestandsnaam.split(/[/\\]/).pop() ?? '').replace(/[\r\n"]/g, '').trim() || uuid;
  const ascii = base.replace(/[^\x20-\x7e]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(base)}`;
}

export function registerEioReadRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const reads = createReadService(deps);

  r.get(
    '/enkelvoudiginformatieobjecten',
    {
      schema: {
        tags: TAGS,
        operationId: 'enkelvoudiginformatieobject_list',
        summary: 'Alle (ENKELVOUDIGe) INFORMATIEOBJECTen opvragen (laatste versies).',
        querystring: ListQuery,
        response: { 200: json(EioPage, 'OK'), ...problems(ERRORS.collection) },
      },
      config: { auth: lezen },
    },
    async (request) => {
      const q = request.query as Record<string, string | number | boolean | undefined>;
      const p = pageParams(q as { page?: number; pageSize?: number });
      const ordering = reads.orderingFrom(q.ordering);
      const expand = reads.expandRequested(q.expand, request.auth);
      const f = await reads.filtersFrom(q);
      const res = await reads.list(request.auth, f, {
        ordering,
        expand,
        limit: p.pageSize,
        offset: p.offset,
      });
      return buildPage(request, deps.urls, p, res.count, res.results) as Page;
    },
  );

  r.post(
    '/enkelvoudiginformatieobjecten/_zoek',
    {
      schema: {
        tags: TAGS,
        operationId: 'enkelvoudiginformatieobject__zoek',
        summary: 'Voer een zoekopdracht uit op (ENKELVOUDIG) INFORMATIEOBJECTen.',
        querystring: ZoekQuery,
        body: ZoekBody,
        response: { 200: json(EioPage, 'OK'), ...problems(ERRORS.collection) },
      },
      validatorCompiler: bodyByHandler(app),
      config: { auth: lezen },
    },
    async (request) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      if (typeof body !== 'object' || Array.isArray(body) || Object.keys(body).length === 0)
        throw searchErrors.emptyBody();
      // `uuid__in` arrives camelised as `uuid_In` by the snake_case input hook
      const uuidIn = body.uuid__in ?? body.uuid_In ?? body.uuidIn;
      if (!Array.isArray(uuidIn)) throw invalidParam('uuid__in', 'required', MESSAGES.required);
      const bad = uuidIn.findIndex((u) => typeof u !== 'string' || !isUuid(u));
      if (bad >= 0) throw invalidParam(`uuid__in.${bad}`, 'invalid', MESSAGES.uuid);
      const q = request.query as { page?: number; pageSize?: number; expand?: string };
      const p = pageParams(q);
      // EIOZoekRequest has `expand` as a comma string; a list is accepted too.
      const expandList = [
        ...(Array.isArray(body.expand) ? body.expand : typeof body.expand === 'string' ? [body.expand] : []),
        ...(q.expand ? [q.expand] : []),
      ];
      const expand = reads.expandRequested(expandList.join(','), request.auth);
      const f = await reads.filtersFrom({
        identificatie: body.identificatie as string | undefined,
        bronorganisatie: body.bronorganisatie as string | undefined,
      });
      f.uuidIn = uuidIn as string[];
      const res = await reads.list(request.auth, f, {
        ordering: [],
        expand,
        limit: p.pageSize,
        offset: p.offset,
      });
      return buildPage(request, deps.urls, p, res.count, res.results) as Page;
    },
  );

  r.get(
    '/enkelvoudiginformatieobjecten/:uuid',
    {
      schema: {
        tags: TAGS,
        operationId: 'enkelvoudiginformatieobject_retrieve',
        summary: 'Een specifiek (ENKELVOUDIG) INFORMATIEOBJECT opvragen (standaard de laatste versie).',
        params: UuidParams,
        querystring: RetrieveQuery,
        response: { 200: json(EioExpanded, 'OK'), ...problems(ERRORS.detail) },
      },
      config: { auth: lezen, etag: true },
    },
    async (request) => {
      const { versie, registratieOp, expand } = request.query;
      const row = await reads.version(request.params.uuid, request.auth, { versie, registratieOp });
      const [eio] = await reads.render([row], reads.expandRequested(expand, request.auth));
      return eio as Static<typeof EioExpanded>;
    },
  );

  r.get(
    '/enkelvoudiginformatieobjecten/:uuid/download',
    {
      schema: {
        tags: TAGS,
        operationId: 'enkelvoudiginformatieobject_download',
        summary: 'Download de binaire data van het (ENKELVOUDIG) INFORMATIEOBJECT.',
        params: UuidParams,
        querystring: VersionQuery,
        response: {
          200: FileResponse,
          204: empty('Deze versie heeft geen bestand (Open Zaak).'),
          ...problems(ERRORS.download),
        },
      },
      config: { auth: lezen, apiVersion: false },
    },
    async (request, reply) => {
      const row = await reads.version(request.params.uuid, request.auth, request.query);
      if (row.blob_key === null) return reply.code(204).send();
      const stream = await deps.blobs.openRead(row.blob_key);
      reply.header('Content-Disposition', contentDisposition(row.bestandsnaam, row.uuid));
      if (row.bestandsomvang !== null) reply.header('Content-Length', String(row.bestandsomvang));
      return reply.type('application/octet-stream').send(stream);
    },
  );
}
