import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../deps.js';
import { empty, ERRORS, json, problems } from '../http/openapi.js';
import { buildPage, pageParams } from '../http/pagination.js';
import { createCatalogusRepository } from './catalogus-repository.js';
import { conceptFilter, createCatalogusService } from './catalogus-service.js';
import { createInformatieobjecttypeRepository } from './informatieobjecttype-repository.js';
import { toZaaktype } from './mapper.js';
import { Zaaktype, ZaaktypePage } from './resource-schemas.js';
import { pathUuid } from '../shared/ids.js';
import { CATALOGI_SCOPES, PathUuid, registerBodylessActions, ztc } from './route-helpers.js';
import { ZaaktypeBody, ZaaktypeQuery } from './schemas.js';
import { createZaaktypeRepository, type ZaaktypeRow } from './zaaktype-repository.js';
import { createZaaktypeService } from './zaaktype-service.js';

/** `/zaaktypen` (Catalogi API 1.3.1, documented subset): create, list, retrieve, publish, delete. */
export function registerZaaktypeRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const repo = createZaaktypeRepository(deps.pool);
  const catalogussen = createCatalogusService({
    repo: createCatalogusRepository(deps.pool),
    urls: deps.urls,
  });
  const service = createZaaktypeService({
    repo,
    catalogussen,
    informatieobjecttypen: createInformatieobjecttypeRepository(deps.pool),
    urls: deps.urls,
  });
  const tags = ['zaaktypen'];
  const read = ztc(CATALOGI_SCOPES.lezen);
  const write = ztc(CATALOGI_SCOPES.schrijven);
  const out = (row: ZaaktypeRow) => toZaaktype(deps.urls, row);

  r.get(
    '/zaaktypen',
    {
      schema: {
        tags,
        operationId: 'zaaktype_list',
        summary: 'Alle ZAAKTYPEn opvragen.',
        querystring: ZaaktypeQuery,
        response: { 200: json(ZaaktypePage, 'OK'), ...problems(ERRORS.collection) },
      },
      config: read,
    },
    async (request) => {
      const q = request.query;
      const p = pageParams(q);
      const filters = {
        catalogusId: await catalogussen.filterCatalogusId(q.catalogus),
        identificatie: q.identificatie,
        concept: conceptFilter(q.status),
      };
      const { count, rows } = await repo.list(filters, p.pageSize, p.offset);
      return buildPage(request, deps.urls, p, count, rows.map(out));
    },
  );

  r.post(
    '/zaaktypen',
    {
      schema: {
        tags,
        operationId: 'zaaktype_create',
        summary: 'Maak een ZAAKTYPE aan.',
        body: ZaaktypeBody,
        response: { 201: json(Zaaktype, 'Created', ['Location']), ...problems(ERRORS.collection) },
      },
      config: write,
    },
    async (request, reply) => {
      const zaaktype = out(await service.create(request.body));
      return reply.code(201).header('Location', zaaktype.url).send(zaaktype);
    },
  );

  const one = { tags, params: PathUuid };
  r.get(
    '/zaaktypen/:uuid',
    {
      schema: {
        ...one,
        operationId: 'zaaktype_retrieve',
        summary: 'Een specifieke ZAAKTYPE opvragen.',
        response: { 200: json(Zaaktype, 'OK'), ...problems(ERRORS.detail) },
      },
      config: { ...read, etag: true },
    },
    async (request) => out(await service.get(pathUuid(request.params))),
  );

  r.delete(
    '/zaaktypen/:uuid',
    {
      schema: {
        ...one,
        operationId: 'zaaktype_destroy',
        summary: 'Verwijder een ZAAKTYPE (alleen concept).',
        response: { 204: empty('No content'), ...problems(ERRORS.update) },
      },
      config: write,
    },
    async (request, reply) => {
      await service.delete(pathUuid(request.params));
      return reply.code(204).send();
    },
  );

  registerBodylessActions(app, (scope) => {
    scope.withTypeProvider<TypeBoxTypeProvider>().post(
      '/zaaktypen/:uuid/publish',
      {
        schema: {
          ...one,
          operationId: 'zaaktype_publish',
          summary: 'Publiceer het concept ZAAKTYPE.',
          response: { 200: json(Zaaktype, 'OK'), ...problems(ERRORS.update) },
        },
        config: write,
      },
      async (request) => out(await service.publish(pathUuid(request.params))),
    );
  });
}
