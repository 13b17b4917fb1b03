import type { FastifyInstance } from 'fastify';
import type { Deps } from '../deps.js';
import { createCatalogusService } from './catalogus-service.js';
import { registerConceptTypeRoutes } from './concept-type-routes.js';
import { toZaaktype } from './mapper.js';
import { Zaaktype, ZaaktypePage } from './resource-schemas.js';
import { ZaaktypeBody, ZaaktypeQuery } from './schemas.js';
import type { ZaaktypeRow } from './zaaktype-repository.js';
import { createZaaktypeService } from './zaaktype-service.js';

/** `/zaaktypen` (Catalogi API 1.3.1, documented subset): create, list, retrieve, publish, delete. */
export function registerZaaktypeRoutes(app: FastifyInstance, deps: Deps): void {
  const { catalogi } = deps;
  const service = createZaaktypeService({
    repo: catalogi.zaaktypen,
    catalogussen: createCatalogusService({ repo: catalogi.catalogussen, urls: deps.urls }),
    informatieobjecttypen: catalogi.informatieobjecttypen,
    urls: deps.urls,
  });

  registerConceptTypeRoutes(app, deps, {
    path: 'zaaktypen',
    operation: 'zaaktype',
    label: 'ZAAKTYPE',
    schemas: { resource: Zaaktype, page: ZaaktypePage, body: ZaaktypeBody, query: ZaaktypeQuery },
    out: (row: ZaaktypeRow) => toZaaktype(deps.urls, row),
    service,
  });
}
