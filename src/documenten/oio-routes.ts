import type { FastifyInstance } from 'fastify';
import type { Deps } from '../deps.js';
import { registerLinkedResourceRoutes } from './linked-resource-routes.js';
import { createOioService } from './oio-service.js';
import { Oio, OioExpanded, OioList } from './resource-schemas.js';
import { OioBody, OioQuery, OioRetrieveQuery } from './schemas.js';

/** /objectinformatieobjecten: plain-array list, retrieve (both with expand), create, delete (Documenten API). No PUT/PATCH. */
export function registerOioRoutes(app: FastifyInstance, deps: Deps): void {
  const service = createOioService(deps);
  registerLinkedResourceRoutes(app, {
    path: '/objectinformatieobjecten',
    tag: 'objectinformatieobjecten',
    operationPrefix: 'objectinformatieobject',
    auditHeaders: false,
    summaries: {
      list: 'Alle OBJECT-INFORMATIEOBJECT relaties opvragen (een lijst, niet gepagineerd).',
      create: 'Maak een OBJECT-INFORMATIEOBJECT relatie aan (bevestigt de relatie uit de Zaken API).',
      retrieve: 'Een specifieke OBJECT-INFORMATIEOBJECT relatie opvragen.',
      destroy: 'Verwijder een OBJECT-INFORMATIEOBJECT relatie (als de bron-relatie weg is).',
    },
    schemas: {
      listQuery: OioQuery,
      list: OioList,
      body: OioBody,
      resource: Oio,
      retrieveQuery: OioRetrieveQuery,
      expanded: OioExpanded,
    },
    list: (request, query) => service.list(request.auth, query),
    service,
  });
}
