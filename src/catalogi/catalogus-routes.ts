import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../deps.js';
import { buildPage, pageParams } from '../http/pagination.js';
import { notFound } from '../shared/errors.js';
import { createCatalogusRepository } from './catalogus-repository.js';
import { createCatalogusService } from './catalogus-service.js';
import { toCatalogus } from './mapper.js';
import { CATALOGI_SCOPES, PathUuid, pathUuid, ztc } from './route-helpers.js';
import { CatalogusBody, CatalogusQuery } from './schemas.js';

/** `/catalogussen` (Catalogi API 1.3.1): create, list, retrieve. */
export function registerCatalogusRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const repo = createCatalogusRepository(deps.pool);
  const service = createCatalogusService({ repo, config: deps.config });
  const publicUrl = deps.config.publicUrl;
  const tags = ['catalogussen'];

  r.get(
    '/catalogussen',
    {
      schema: { tags, summary: 'Alle CATALOGUSsen opvragen.', querystring: CatalogusQuery },
      config: ztc(CATALOGI_SCOPES.lezen),
    },
    async (request) => {
      const p = pageParams(request.query);
      const { count, rows } = await repo.list(request.query, p.pageSize, p.offset);
      return buildPage(
        request,
        publicUrl,
        p,
        count,
        rows.map((c) => toCatalogus(publicUrl, c)),
      );
    },
  );

  r.post(
    '/catalogussen',
    {
      schema: { tags, summary: 'Maak een CATALOGUS aan.', body: CatalogusBody },
      config: ztc(CATALOGI_SCOPES.schrijven),
    },
    async (request, reply) => {
      const catalogus = toCatalogus(publicUrl, await service.create(request.body));
      return reply.code(201).header('Location', catalogus.url).send(catalogus);
    },
  );

  r.get(
    '/catalogussen/:uuid',
    {
      schema: { tags, summary: 'Een specifieke CATALOGUS opvragen.', params: PathUuid },
      config: ztc(CATALOGI_SCOPES.lezen),
    },
    async (request) => {
      const row = await repo.get(pathUuid(request.params));
      if (!row) throw notFound();
      return toCatalogus(publicUrl, row);
    },
  );
}
