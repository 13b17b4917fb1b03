import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../deps.js';
import { ERRORS, json, problems } from '../http/openapi.js';
import { buildPage, pageParams } from '../http/pagination.js';
import { notFound } from '../shared/errors.js';
import { createCatalogusService } from './catalogus-service.js';
import { toCatalogus } from './mapper.js';
import { Catalogus, CatalogusPage } from './resource-schemas.js';
import { pathUuid } from '../shared/ids.js';
import { CATALOGI_SCOPES, PathUuid, ztc } from './route-helpers.js';
import { CatalogusBody, CatalogusQuery } from './schemas.js';

/** `/catalogussen` (Catalogi API 1.3.1): create, list, retrieve. */
export function registerCatalogusRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const repo = deps.catalogi.catalogussen;
  const service = createCatalogusService({ repo, urls: deps.urls });
  const tags = ['catalogussen'];

  r.get(
    '/catalogussen',
    {
      schema: {
        tags,
        operationId: 'catalogus_list',
        summary: 'Alle CATALOGUSsen opvragen.',
        querystring: CatalogusQuery,
        response: { 200: json(CatalogusPage, 'OK'), ...problems(ERRORS.collection) },
      },
      config: ztc(CATALOGI_SCOPES.lezen),
    },
    async (request) => {
      const p = pageParams(request.query);
      const { count, rows } = await repo.list(request.query, p.pageSize, p.offset);
      return buildPage(
        request,
        deps.urls,
        p,
        count,
        rows.map((c) => toCatalogus(deps.urls, c)),
      );
    },
  );

  r.post(
    '/catalogussen',
    {
      schema: {
        tags,
        operationId: 'catalogus_create',
        summary: 'Maak een CATALOGUS aan.',
        body: CatalogusBody,
        response: { 201: json(Catalogus, 'Created', ['Location']), ...problems(ERRORS.collection) },
      },
      config: ztc(CATALOGI_SCOPES.schrijven),
    },
    async (request, reply) => {
      const catalogus = toCatalogus(deps.urls, await service.create(request.body));
      return reply.code(201).header('Location', catalogus.url).send(catalogus);
    },
  );

  r.get(
    '/catalogussen/:uuid',
    {
      schema: {
        tags,
        operationId: 'catalogus_retrieve',
        summary: 'Een specifieke CATALOGUS opvragen.',
        params: PathUuid,
        response: { 200: json(Catalogus, 'OK'), ...problems(ERRORS.detail) },
      },
      config: { ...ztc(CATALOGI_SCOPES.lezen), etag: true },
    },
    async (request) => {
      const row = await repo.get(pathUuid(request.params));
      if (!row) throw notFound();
      return toCatalogus(deps.urls, row);
    },
  );
}
