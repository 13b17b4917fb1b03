import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../deps.js';
import { createOioService } from './oio-service.js';
import { OioBody, OioQuery, UuidParams } from './schemas.js';

/** /objectinformatieobjecten: plain-array list, retrieve, create, delete (§2). No PUT/PATCH. */
const TAGS = ['objectinformatieobjecten'];
const drc = (scopes: string) => ({ component: 'drc' as const, scopes });
const PATH = '/objectinformatieobjecten';

export function registerOioRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const service = createOioService(deps);

  r.get(
    PATH,
    { schema: { tags: TAGS, querystring: OioQuery }, config: { auth: drc('documenten.lezen') } },
    async (request) => service.list(request.auth, request.query),
  );
  r.get(
    `${PATH}/:uuid`,
    { schema: { tags: TAGS, params: UuidParams }, config: { auth: drc('documenten.lezen') } },
    async (request) => service.toResource(await service.get(request.params.uuid, request.auth)),
  );
  r.post(
    PATH,
    { schema: { tags: TAGS, body: OioBody }, config: { auth: drc('documenten.aanmaken') } },
    async (request, reply) => {
      const oio = await service.create(request.auth, request.body);
      return reply.code(201).header('Location', oio.url).send(oio);
    },
  );
  r.delete(
    `${PATH}/:uuid`,
    { schema: { tags: TAGS, params: UuidParams }, config: { auth: drc('documenten.verwijderen') } },
    async (request, reply) => {
      await service.destroy(request.params.uuid, request.auth);
      return reply.code(204).send();
    },
  );
}
