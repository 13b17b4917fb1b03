import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.js';
import { ERRORS, empty, json, problems } from '../../http/openapi.js';
import { buildPage, pageParams } from '../../http/pagination.js';
import { UuidParams } from '../schemas.js';
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

/**
 * /verzendingen (Documenten API): paginated list with the aardRelatie, informatieobject and
 * betrokkene filters, create, retrieve (ETag, If-None-Match, HEAD; list and retrieve take
 * `expand`), PUT, PATCH and DELETE.
 * The standard gives these operations no scopes; Open Zaak's (documenten.lezen, -aanmaken,
 * -bijwerken, -verwijderen on the linked document) apply.
 */
const TAGS = ['verzendingen'];
const drc = (scopes: string) => ({ component: 'drc' as const, scopes });
const PATH = '/verzendingen';
/** Open Zaak's page size for verzendingen; the standard has no pageSize parameter here. */
const PAGE = { pageSize: 100, maxPageSize: 100 };

export function registerVerzendingenRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const service = createVerzendingenService(deps);

  r.get(
    PATH,
    {
      schema: {
        tags: TAGS,
        operationId: 'verzending_list',
        summary: 'Alle VERZENDINGen opvragen.',
        querystring: VerzendingenQuery,
        response: { 200: json(VerzendingPage, 'OK'), ...problems(ERRORS.collection) },
      },
      config: { auth: drc('documenten.lezen') },
    },
    async (request) => {
      const p = pageParams({ page: request.query.page }, PAGE);
      const res = await service.list(request.auth, request.query, { limit: p.pageSize, offset: p.offset });
      return buildPage(request, deps.urls, p, res.count, res.results);
    },
  );
  r.post(
    PATH,
    {
      schema: {
        tags: TAGS,
        operationId: 'verzending_create',
        summary: 'Maak een VERZENDING aan.',
        body: VerzendingBody,
        response: { 201: json(Verzending, 'Created', ['Location']), ...problems(ERRORS.collection) },
      },
      config: { auth: drc('documenten.aanmaken') },
    },
    async (request, reply) => {
      const created = await service.create(request.auth, request.body);
      return reply.code(201).header('Location', created.url).send(created);
    },
  );
  r.get(
    `${PATH}/:uuid`,
    {
      schema: {
        tags: TAGS,
        operationId: 'verzending_retrieve',
        summary: 'Een specifieke VERZENDING opvragen.',
        params: UuidParams,
        querystring: VerzendingRetrieveQuery,
        response: { 200: json(VerzendingExpanded, 'OK'), ...problems(ERRORS.detail) },
      },
      config: { auth: drc('documenten.lezen'), etag: true },
    },
    async (request) => service.retrieve(request.params.uuid, request.auth, request.query.expand),
  );
  for (const [method, partial] of [
    ['put', false],
    ['patch', true],
  ] as const) {
    r[method](
      `${PATH}/:uuid`,
      {
        schema: {
          tags: TAGS,
          operationId: partial ? 'verzending_partial_update' : 'verzending_update',
          summary: partial
            ? 'Werk een VERZENDING relatie deels bij.'
            : 'Werk een VERZENDING in zijn geheel bij.',
          params: UuidParams,
          body: partial ? VerzendingPatchBody : VerzendingBody,
          response: { 200: json(Verzending, 'OK'), ...problems(ERRORS.update) },
        },
        config: { auth: drc('documenten.bijwerken') },
      },
      async (request) => service.update(request.params.uuid, request.auth, request.body, partial),
    );
  }
  r.delete(
    `${PATH}/:uuid`,
    {
      schema: {
        tags: TAGS,
        operationId: 'verzending_destroy',
        summary: 'Verwijder een VERZENDING.',
        params: UuidParams,
        response: { 204: empty('No content'), ...problems(ERRORS.detail) },
      },
      config: { auth: drc('documenten.verwijderen') },
    },
    async (request, reply) => {
      await service.destroy(request.params.uuid, request.auth);
      return reply.code(204).send();
    },
  );
}
