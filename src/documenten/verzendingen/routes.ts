import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.js';
import { buildPage, pageParams } from '../../http/pagination.js';
import { registerLinkedResourceRoutes } from '../linked-resource-routes.js';
import {
  Verzending,
  VerzendingBody,
  VerzendingenQuery,
  VerzendingExpanded,
  VerzendingPage,
  VerzendingPatchBody,
  VerzendingRetrieveQuery,
} from './schemas.js';
import { createVerzendingenService } from './service.js';

/** Open Zaak's page size for verzendingen; the standard has no pageSize parameter here. */
const PAGE = { pageSize: 100, maxPageSize: 100 };

/**
 * /verzendingen (Documenten API): paginated list with the aardRelatie, informatieobject and
 * betrokkene filters, create, retrieve (ETag, If-None-Match, HEAD; list and retrieve take
 * `expand`), PUT, PATCH and DELETE.
 * The standard gives these operations no scopes; Open Zaak's (documenten.lezen, -aanmaken,
 * -bijwerken, -verwijderen on the linked document) apply.
 */
export function registerVerzendingenRoutes(app: FastifyInstance, deps: Deps): void {
  const service = createVerzendingenService(deps);
  registerLinkedResourceRoutes(app, {
    path: '/verzendingen',
    tag: 'verzendingen',
    operationPrefix: 'verzending',
    auditHeaders: false,
    summaries: {
      list: 'Alle VERZENDINGen opvragen.',
      create: 'Maak een VERZENDING aan.',
      retrieve: 'Een specifieke VERZENDING opvragen.',
      destroy: 'Verwijder een VERZENDING.',
    },
    schemas: {
      listQuery: VerzendingenQuery,
      list: VerzendingPage,
      body: VerzendingBody,
      resource: Verzending,
      retrieveQuery: VerzendingRetrieveQuery,
      expanded: VerzendingExpanded,
    },
    list: async (request, query) => {
      const p = pageParams({ page: query.page }, PAGE);
      const res = await service.list(request.auth, query, { limit: p.pageSize, offset: p.offset });
      return buildPage(request, deps.urls, p, res.count, res.results);
    },
    service,
    update: {
      patchBody: VerzendingPatchBody,
      summaries: {
        update: 'Werk een VERZENDING in zijn geheel bij.',
        partialUpdate: 'Werk een VERZENDING relatie deels bij.',
      },
      apply: service.update,
    },
  });
}
