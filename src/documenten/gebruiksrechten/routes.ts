import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.js';
import { registerLinkedResourceRoutes } from '../linked-resource-routes.js';
import {
  Gebruiksrecht,
  GebruiksrechtBody,
  GebruiksrechtenQuery,
  type GebruiksrechtenFilters,
  GebruiksrechtExpanded,
  GebruiksrechtList,
  GebruiksrechtPatchBody,
  GebruiksrechtRetrieveQuery,
} from './schemas.js';
import { createGebruiksrechtenService } from './service.js';

/**
 * /gebruiksrechten (Documenten API): plain-array list with the informatieobject and date
 * filters, create, retrieve (ETag, If-None-Match, HEAD; list and retrieve take `expand`), PUT,
 * PATCH and DELETE, each with the scope the standard gives it, checked on the linked document.
 */
export function registerGebruiksrechtenRoutes(app: FastifyInstance, deps: Deps): void {
  const service = createGebruiksrechtenService(deps);
  registerLinkedResourceRoutes(app, {
    path: '/gebruiksrechten',
    tag: 'gebruiksrechten',
    operationPrefix: 'gebruiksrechten',
    auditHeaders: true,
    summaries: {
      list: 'Alle GEBRUIKSRECHTen opvragen (een lijst, niet gepagineerd).',
      create: 'Maak een GEBRUIKSRECHT aan; de indicatieGebruiksrecht van het INFORMATIEOBJECT wordt true.',
      retrieve: 'Een specifieke GEBRUIKSRECHT opvragen.',
      destroy: 'Verwijder een GEBRUIKSRECHT; bij het laatste wordt de indicatieGebruiksrecht null.',
    },
    schemas: {
      listQuery: GebruiksrechtenQuery,
      list: GebruiksrechtList,
      body: GebruiksrechtBody,
      resource: Gebruiksrecht,
      retrieveQuery: GebruiksrechtRetrieveQuery,
      expanded: GebruiksrechtExpanded,
    },
    list: (request, query) => service.list(request.auth, query as GebruiksrechtenFilters),
    service,
    update: {
      patchBody: GebruiksrechtPatchBody,
      summaries: {
        update: 'Werk een GEBRUIKSRECHT in zijn geheel bij.',
        partialUpdate: 'Werk een GEBRUIKSRECHT relatie deels bij.',
      },
      apply: service.update,
    },
  });
}
