import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../deps.js';
import { buildPage, pageParams } from '../http/pagination.js';
import { createCatalogusRepository } from './catalogus-repository.js';
import { conceptFilter, createCatalogusService } from './catalogus-service.js';
import { createInformatieobjecttypeRepository } from './informatieobjecttype-repository.js';
import { toZaaktype } from './mapper.js';
import { CATALOGI_SCOPES, PathUuid, pathUuid, registerBodylessActions, ztc } from './route-helpers.js';
import { ZaaktypeBody, ZaaktypeQuery } from './schemas.js';
import { createZaaktypeRepository, type ZaaktypeRow } from './zaaktype-repository.js';
import { createZaaktypeService } from './zaaktype-service.js';

/** `/zaaktypen` (Catalogi API 1.3.1, documented subset): create, list, retrieve, publish, delete. */
export function registerZaaktypeRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const repo = createZaaktypeRepository(deps.pool);
  const catalogussen = createCatalogusService({
    repo: createCatalogusRepository(deps.pool),
    config: deps.config,
  });
  const service = createZaaktypeService({
    repo,
    catalogussen,
    informatieobjecttypen: createInformatieobjecttypeRepository(deps.pool),
    config: deps.config,
    pool: deps.pool,
  });
  const publicUrl = deps.config.publicUrl;
  const tags = ['zaaktypen'];
  const read = ztc(CATALOGI_SCOPES.lezen);
  const write = ztc(CATALOGI_SCOPES.schrijven);
  const out = (row: ZaaktypeRow) => toZaaktype(publicUrl, row);

  r.get(
    '/zaaktypen',
    { schema: { tags, summary: 'Alle ZAAKTYPEn opvragen.', querystring: ZaaktypeQuery }, config: read },
    async (request) => {
      const q = request.query;
      const p = pageParams(q);
      const filters = {
        catalogusId: await catalogussen.filterCatalogusId(q.catalogus),
        identificatie: q.identificatie,
        concept: conceptFilter(q.status),
      };
      const { count, rows } = await repo.list(filters, p.pageSize, p.offset);
      return buildPage(request, publicUrl, p, count, rows.map(out));
    },
  );

  r.post(
    '/zaaktypen',
    { schema: { tags, summary: 'Maak een ZAAKTYPE aan.', body: ZaaktypeBody }, config: write },
    async (request, reply) => {
      const zaaktype = out(await service.create(request.body));
      return reply.code(201).header('Location', zaaktype.url).send(zaaktype);
    },
  );

  const one = { tags, params: PathUuid };
  r.get(
    '/zaaktypen/:uuid',
    { schema: { ...one, summary: 'Een specifieke ZAAKTYPE opvragen.' }, config: read },
    async (request) => out(await service.get(pathUuid(request.params))),
  );

  r.delete(
    '/zaaktypen/:uuid',
    { schema: { ...one, summary: 'Verwijder een ZAAKTYPE (alleen concept).' }, config: write },
    async (request, reply) => {
      await service.delete(pathUuid(request.params));
      return reply.code(204).send();
    },
  );

  registerBodylessActions(app, (scope) => {
    scope
      .withTypeProvider<TypeBoxTypeProvider>()
      .post(
        '/zaaktypen/:uuid/publish',
        { schema: { ...one, summary: 'Publiceer het concept ZAAKTYPE.' }, config: write },
        async (request) => out(await service.publish(pathUuid(request.params))),
      );
  });
}
