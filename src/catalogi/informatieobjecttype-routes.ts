import type { FastifyInstance } from 'fastify';
import type { Deps } from '../deps.js';
import { createCatalogusService } from './catalogus-service.js';
import { registerConceptTypeRoutes } from './concept-type-routes.js';
import type { InformatieobjecttypeRow } from './informatieobjecttype-repository.js';
import { createInformatieobjecttypeService } from './informatieobjecttype-service.js';
import { toInformatieobjecttype } from './mapper.js';
import { Informatieobjecttype, InformatieobjecttypePage } from './resource-schemas.js';
import {
  InformatieobjecttypeBody,
  type InformatieobjecttypeInput,
  InformatieobjecttypePatch,
  InformatieobjecttypeQuery,
} from './schemas.js';

/** `/informatieobjecttypen` (Catalogi API 1.3.1). */
export function registerInformatieobjecttypeRoutes(app: FastifyInstance, deps: Deps): void {
  const { catalogi } = deps;
  const service = createInformatieobjecttypeService({
    repo: catalogi.informatieobjecttypen,
    catalogussen: createCatalogusService({ repo: catalogi.catalogussen, urls: deps.urls }),
  });
  const out = (row: InformatieobjecttypeRow) => toInformatieobjecttype(deps.urls, row);
  /** PATCH keeps what the body omits; PUT replaces optional fields with their defaults. */
  const asInput = (row: InformatieobjecttypeRow): InformatieobjecttypeInput => {
    const o = out(row);
    return {
      catalogus: o.catalogus,
      omschrijving: o.omschrijving,
      vertrouwelijkheidaanduiding:
        o.vertrouwelijkheidaanduiding as InformatieobjecttypeInput['vertrouwelijkheidaanduiding'],
      beginGeldigheid: o.beginGeldigheid,
      eindeGeldigheid: o.eindeGeldigheid,
      informatieobjectcategorie: o.informatieobjectcategorie,
      trefwoord: o.trefwoord,
      omschrijvingGeneriek: row.omschrijvingGeneriek as InformatieobjecttypeInput['omschrijvingGeneriek'],
    };
  };
  const putDefaults = (): InformatieobjecttypeInput =>
    ({
      eindeGeldigheid: null,
      trefwoord: [],
      omschrijvingGeneriek: null,
    }) as unknown as InformatieobjecttypeInput;

  registerConceptTypeRoutes(app, deps, {
    path: 'informatieobjecttypen',
    operation: 'informatieobjecttype',
    label: 'INFORMATIEOBJECTTYPE',
    schemas: {
      resource: Informatieobjecttype,
      page: InformatieobjecttypePage,
      body: InformatieobjecttypeBody,
      query: InformatieobjecttypeQuery,
    },
    out,
    service,
    update: { patch: InformatieobjecttypePatch, apply: service.update, putDefaults, current: asInput },
  });
}
