import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.js';
import { AuditHeaders, ERRORS, empty, json, problems } from '../../http/openapi.js';
import { UuidParams } from '../schemas.js';
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
const TAGS = ['gebruiksrechten'];
const drc = (scopes: string) => ({ component: 'drc' as const, scopes });
const PATH = '/gebruiksrechten';
const audit = Type.Object(AuditHeaders);

export function registerGebruiksrechtenRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const service = createGebruiksrechtenService(deps);

  r.get(
    PATH,
    {
      schema: {
        tags: TAGS,
        operationId: 'gebruiksrechten_list',
        summary: 'Alle GEBRUIKSRECHTen opvragen (een lijst, niet gepagineerd).',
        querystring: GebruiksrechtenQuery,
        response: { 200: json(GebruiksrechtList, 'OK'), ...problems(ERRORS.collection) },
      },
      config: { auth: drc('documenten.lezen') },
    },
    async (request) => service.list(request.auth, request.query as GebruiksrechtenFilters),
  );
  r.post(
    PATH,
    {
      schema: {
        tags: TAGS,
        operationId: 'gebruiksrechten_create',
        summary: 'Maak een GEBRUIKSRECHT aan; de indicatieGebruiksrecht van het INFORMATIEOBJECT wordt true.',
        headers: audit,
        body: GebruiksrechtBody,
        response: { 201: json(Gebruiksrecht, 'Created', ['Location']), ...problems(ERRORS.collection) },
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
        operationId: 'gebruiksrechten_retrieve',
        summary: 'Een specifieke GEBRUIKSRECHT opvragen.',
        params: UuidParams,
        querystring: GebruiksrechtRetrieveQuery,
        response: { 200: json(GebruiksrechtExpanded, 'OK'), ...problems(ERRORS.detail) },
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
          operationId: partial ? 'gebruiksrechten_partial_update' : 'gebruiksrechten_update',
          summary: partial
            ? 'Werk een GEBRUIKSRECHT relatie deels bij.'
            : 'Werk een GEBRUIKSRECHT in zijn geheel bij.',
          headers: audit,
          params: UuidParams,
          body: partial ? GebruiksrechtPatchBody : GebruiksrechtBody,
          response: { 200: json(Gebruiksrecht, 'OK'), ...problems(ERRORS.update) },
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
        operationId: 'gebruiksrechten_destroy',
        summary: 'Verwijder een GEBRUIKSRECHT; bij het laatste wordt de indicatieGebruiksrecht null.',
        headers: audit,
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
