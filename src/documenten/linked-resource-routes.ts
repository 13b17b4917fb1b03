import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuthContext } from '../auth/types.js';
import { AuditHeaders, ERRORS, empty, json, problems } from '../http/openapi.js';
import { UuidParams } from './schemas.js';

/**
 * The routes of a resource that links a document to something else (Documenten API
 * objectinformatieobjecten, gebruiksrechten, verzendingen): list, create, retrieve (ETag,
 * If-None-Match, HEAD; `expand`), PUT and PATCH where the standard has them, and DELETE, each
 * with the documenten scope of the operation, checked by the service on the linked document.
 * Operation ids are `<operationPrefix>_list`, `_create`, `_retrieve`, `_update`,
 * `_partial_update` and `_destroy`, as the standard names them.
 */
export interface LinkedResourceRoutes<Q extends TSchema, B extends TSchema, P extends TSchema> {
  path: string;
  tag: string;
  operationPrefix: string;
  /** The write operations document the standard's audit headers (X-NLX-Logrecord-ID, X-Audit-Toelichting). */
  auditHeaders: boolean;
  summaries: { list: string; create: string; retrieve: string; destroy: string };
  schemas: {
    listQuery: Q;
    list: TSchema;
    body: B;
    resource: TSchema;
    /** `expand` and nothing else. */
    retrieveQuery: TSchema & { static: { expand?: string } };
    expanded: TSchema;
  };
  list(request: FastifyRequest, query: Static<Q>): Promise<unknown>;
  service: {
    create(auth: AuthContext, body: Static<B>): Promise<{ url: string }>;
    retrieve(uuid: string, auth: AuthContext, expand: string | undefined): Promise<unknown>;
    destroy(uuid: string, auth: AuthContext): Promise<void>;
  };
  /** PUT (the whole resource, `body`) and PATCH (`patchBody`); absent where the standard has neither. */
  update?: {
    patchBody: P;
    summaries: { update: string; partialUpdate: string };
    apply(uuid: string, auth: AuthContext, body: Static<B> | Static<P>, partial: boolean): Promise<unknown>;
  };
}

const drc = (scopes: string) => ({ component: 'drc' as const, scopes });

/** What every operation of one resource shares: the same objects, which the YAML document refers to by anchor. */
interface Shared {
  app: FastifyInstance;
  tags: string[];
  headers: { headers?: TSchema };
  id(operation: string): string;
}

export function registerLinkedResourceRoutes<Q extends TSchema, B extends TSchema, P extends TSchema>(
  app: FastifyInstance,
  spec: LinkedResourceRoutes<Q, B, P>,
): void {
  const shared: Shared = {
    app,
    tags: [spec.tag],
    headers: spec.auditHeaders ? { headers: Type.Object(AuditHeaders) } : {},
    id: (operation) => `${spec.operationPrefix}_${operation}`,
  };
  // The order of registration is the order of the operations in the OpenAPI document.
  registerCollection(spec, shared);
  registerRetrieve(spec, shared);
  if (spec.update) registerUpdates(spec, spec.update, shared);
  registerDestroy(spec, shared);
}

function registerCollection<Q extends TSchema, B extends TSchema, P extends TSchema>(
  spec: LinkedResourceRoutes<Q, B, P>,
  { app, tags, headers, id }: Shared,
): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    spec.path,
    {
      schema: {
        tags,
        operationId: id('list'),
        summary: spec.summaries.list,
        querystring: spec.schemas.listQuery,
        response: { 200: json(spec.schemas.list, 'OK'), ...problems(ERRORS.collection) },
      },
      config: { auth: drc('documenten.lezen') },
    },
    async (request) => spec.list(request, request.query),
  );
  r.post(
    spec.path,
    {
      schema: {
        tags,
        operationId: id('create'),
        summary: spec.summaries.create,
        ...headers,
        body: spec.schemas.body,
        response: {
          201: json(spec.schemas.resource, 'Created', ['Location']),
          ...problems(ERRORS.collection),
        },
      },
      config: { auth: drc('documenten.aanmaken') },
    },
    async (request, reply) => {
      const created = await spec.service.create(request.auth, request.body);
      return reply.code(201).header('Location', created.url).send(created);
    },
  );
}

function registerRetrieve<Q extends TSchema, B extends TSchema, P extends TSchema>(
  spec: LinkedResourceRoutes<Q, B, P>,
  { app, tags, id }: Shared,
): void {
  app.withTypeProvider<TypeBoxTypeProvider>().get(
    `${spec.path}/:uuid`,
    {
      schema: {
        tags,
        operationId: id('retrieve'),
        summary: spec.summaries.retrieve,
        params: UuidParams,
        querystring: spec.schemas.retrieveQuery,
        response: { 200: json(spec.schemas.expanded, 'OK'), ...problems(ERRORS.detail) },
      },
      config: { auth: drc('documenten.lezen'), etag: true },
    },
    async (request) => spec.service.retrieve(request.params.uuid, request.auth, request.query.expand),
  );
}

function registerUpdates<Q extends TSchema, B extends TSchema, P extends TSchema>(
  spec: LinkedResourceRoutes<Q, B, P>,
  update: NonNullable<LinkedResourceRoutes<Q, B, P>['update']>,
  { app, tags, headers, id }: Shared,
): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  for (const [method, partial] of [
    ['put', false],
    ['patch', true],
  ] as const) {
    r[method](
      `${spec.path}/:uuid`,
      {
        schema: {
          tags,
          operationId: id(partial ? 'partial_update' : 'update'),
          summary: partial ? update.summaries.partialUpdate : update.summaries.update,
          ...headers,
          params: UuidParams,
          body: partial ? update.patchBody : spec.schemas.body,
          response: { 200: json(spec.schemas.resource, 'OK'), ...problems(ERRORS.update) },
        },
        config: { auth: drc('documenten.bijwerken') },
      },
      async (request) => update.apply(request.params.uuid, request.auth, request.body, partial),
    );
  }
}

function registerDestroy<Q extends TSchema, B extends TSchema, P extends TSchema>(
  spec: LinkedResourceRoutes<Q, B, P>,
  { app, tags, headers, id }: Shared,
): void {
  app.withTypeProvider<TypeBoxTypeProvider>().delete(
    `${spec.path}/:uuid`,
    {
      schema: {
        tags,
        operationId: id('destroy'),
        summary: spec.summaries.destroy,
        ...headers,
        params: UuidParams,
        response: { 204: empty('No content'), ...problems(ERRORS.detail) },
      },
      config: { auth: drc('documenten.verwijderen') },
    },
    async (request, reply) => {
      await spec.service.destroy(request.params.uuid, request.auth);
      return reply.code(204).send();
    },
  );
}
