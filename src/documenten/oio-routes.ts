import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../deps.js';
import { empty, ERRORS, json, problems } from '../http/openapi.js';
import { createOioService } from './oio-service.js';
import { Oio, OioExpanded, OioList } from './resource-schemas.js';
import { OioBody, OioQuery, OioRetrieveQuery, UuidParams } from './schemas.js';

/** /objectinformatieobjecten: plain-array list, retrieve (both with expand), create, delete (Documenten API). No PUT/PATCH. */
const TAGS = ['objectinformatieobjecten'];
const drc = (scopes: string) => ({ component: 'drc' as const, scopes });
const PATH = '/objectinformatieobjecten';

export function registerOioRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const service = createOioService(deps);

  r.get(
    PATH,
    {
      schema: {
        tags: TAGS,
        operationId: 'objectinformatieobject_list',
        summary: 'Alle OBJECT-INFORMATIEOBJECT relaties opvragen (een lijst, niet gepagineerd).',
        querystring: OioQuery,
        response: { 200: json(OioList, 'OK'), ...problems(ERRORS.collection) },
      },
      config: { auth: drc('documenten.lezen') },
    },
    async (request) => service.list(request.auth, request.query),
  );
  r.get(
    `${PATH}/:uuid`,
    {
      schema: {
        tags: TAGS,
        operationId: 'objectinformatieobject_retrieve',
        summary: 'Een specifieke OBJECT-INFORMATIEOBJECT relatie opvragen.',
        params: UuidParams,
        querystring: OioRetrieveQuery,
        response: { 200: json(OioExpanded, 'OK'), ...problems(ERRORS.detail) },
      },
      config: { auth: drc('documenten.lezen'), etag: true },
    },
    async (request) => service.retrieve(request.params.uuid, request.auth, request.query.expand),
  );
  r.post(
    PATH,
    {
      schema: {
        tags: TAGS,
        operationId: 'objectinformatieobject_create',
        summary: 'Maak een OBJECT-INFORMATIEOBJECT relatie aan (bevestigt de relatie uit de Zaken API).',
        body: OioBody,
        response: { 201: json(Oio, 'Created', ['Location']), ...problems(ERRORS.collection) },
      },
      config: { auth: drc('documenten.aanmaken') },
    },
    async (request, reply) => {
      const oio = await service.create(request.auth, request.body);
      return reply.code(201).header('Location', oio.url).send(oio);
    },
  );
  r.delete(
    `${PATH}/:uuid`,
    {
      schema: {
        tags: TAGS,
        operationId: 'objectinformatieobject_destroy',
        summary: 'Verwijder een OBJECT-INFORMATIEOBJECT relatie (als de bron-relatie weg is).',
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
