import type { Static, TSchema } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../deps.js';
import { empty, ERRORS, json, problems } from '../http/openapi.js';
import { buildPage, pageParams } from '../http/pagination.js';
import { pathUuid } from '../shared/ids.js';
import { CATALOGI_SCOPES, PathUuid, registerBodylessActions, ztc } from './route-helpers.js';

type Uuid = { Params: { uuid: string } };
/** The page parameters every list query of the Catalogi API has (`PageQuery`). */
type Paged = { page?: number; pageSize?: number };

/**
 * One concept type's resource (informatieobjecttypen, zaaktypen): names, schemas, rules. The
 * body and query types are those of their schemas (`Static`), so the service is checked
 * against what the routes validate.
 */
export interface ConceptTypeResource<Row, TBody extends TSchema, TQuery extends TSchema> {
  /** The collection's path segment and OpenAPI tag: `zaaktypen`. */
  path: string;
  /** The operationId prefix: `zaaktype`. */
  operation: string;
  /** The resource as the standard's summaries name it: `ZAAKTYPE`. */
  label: string;
  schemas: { resource: TSchema; page: TSchema; body: TBody; query: TQuery };
  out(row: Row): { url: string };
  service: {
    list(query: Static<TQuery>, limit: number, offset: number): Promise<{ count: number; rows: Row[] }>;
    create(input: Static<TBody>): Promise<Row>;
    get(uuid: string): Promise<Row>;
    publish(uuid: string): Promise<Row>;
    delete(uuid: string): Promise<void>;
  };
  /** PUT and PATCH, for a type that may change while it is a concept. */
  update?: {
    patch: TSchema;
    apply(uuid: string, input: Partial<Static<TBody>>, current: (row: Row) => Static<TBody>): Promise<Row>;
    /** PUT: optional fields the body omits get their defaults. */
    putDefaults(row: Row): Static<TBody>;
    /** PATCH: fields the body omits keep their current values. */
    current(row: Row): Static<TBody>;
  };
}

/**
 * The routes of a concept type (Catalogi API 1.3.1): list, create, retrieve, PUT and PATCH
 * when the type has them, delete (only concept) and publish, in the standard's order.
 */
export function registerConceptTypeRoutes<Row, TBody extends TSchema, TQuery extends TSchema>(
  app: FastifyInstance,
  deps: Deps,
  t: ConceptTypeResource<Row, TBody, TQuery>,
): void {
  const { service, schemas, label } = t;
  const tags = [t.path];
  const read = ztc(CATALOGI_SCOPES.lezen);
  const write = ztc(CATALOGI_SCOPES.schrijven);
  const collection = `/${t.path}`;
  const item = `/${t.path}/:uuid`;

  app.get(
    collection,
    {
      schema: {
        tags,
        operationId: `${t.operation}_list`,
        summary: `Alle ${label}n opvragen.`,
        querystring: schemas.query,
        response: { 200: json(schemas.page, 'OK'), ...problems(ERRORS.collection) },
      },
      config: read,
    },
    async (request) => {
      const query = request.query as Static<TQuery> & Paged;
      const p = pageParams(query);
      const { count, rows } = await service.list(query, p.pageSize, p.offset);
      return buildPage(request, deps.urls, p, count, rows.map(t.out));
    },
  );

  app.post(
    collection,
    {
      schema: {
        tags,
        operationId: `${t.operation}_create`,
        summary: `Maak een ${label} aan.`,
        body: schemas.body,
        response: {
          201: json(schemas.resource, 'Created', ['Location']),
          ...problems(ERRORS.collection),
        },
      },
      config: write,
    },
    async (request, reply) => {
      const created = t.out(await service.create(request.body as Static<TBody>));
      return reply.code(201).header('Location', created.url).send(created);
    },
  );

  const one = { tags, params: PathUuid };
  app.get<Uuid>(
    item,
    {
      schema: {
        ...one,
        operationId: `${t.operation}_retrieve`,
        summary: `Een specifieke ${label} opvragen.`,
        response: { 200: json(schemas.resource, 'OK'), ...problems(ERRORS.detail) },
      },
      config: { ...read, etag: true },
    },
    async (request) => t.out(await service.get(pathUuid(request.params))),
  );

  if (t.update) registerUpdates(app, t, t.update, { ...one, config: write });

  app.delete<Uuid>(
    item,
    {
      schema: {
        ...one,
        operationId: `${t.operation}_destroy`,
        summary: `Verwijder een ${label} (alleen concept).`,
        response: { 204: empty('No content'), ...problems(ERRORS.update) },
      },
      config: write,
    },
    async (request, reply) => {
      await service.delete(pathUuid(request.params));
      return reply.code(204).send();
    },
  );

  registerBodylessActions(app, (scope) => {
    scope.post<Uuid>(
      `${item}/publish`,
      {
        schema: {
          ...one,
          operationId: `${t.operation}_publish`,
          summary: `Publiceer het concept ${label}.`,
          response: { 200: json(schemas.resource, 'OK'), ...problems(ERRORS.update) },
        },
        config: write,
      },
      async (request) => t.out(await service.publish(pathUuid(request.params))),
    );
  });
}

/** PUT replaces the optional fields the body omits with their defaults; PATCH keeps them. */
function registerUpdates<Row, TBody extends TSchema, TQuery extends TSchema>(
  app: FastifyInstance,
  t: ConceptTypeResource<Row, TBody, TQuery>,
  update: NonNullable<ConceptTypeResource<Row, TBody, TQuery>['update']>,
  shared: { tags: string[]; params: typeof PathUuid; config: ReturnType<typeof ztc> },
): void {
  const { config, ...one } = shared;
  const methods = [
    {
      method: 'PUT',
      name: 'update',
      summary: 'in zijn geheel',
      body: t.schemas.body,
      base: update.putDefaults,
    },
    { method: 'PATCH', name: 'partial_update', summary: 'deels', body: update.patch, base: update.current },
  ] as const;
  for (const m of methods) {
    app.route<Uuid>({
      method: m.method,
      url: `/${t.path}/:uuid`,
      schema: {
        ...one,
        operationId: `${t.operation}_${m.name}`,
        summary: `Werk een ${t.label} ${m.summary} bij.`,
        body: m.body,
        response: { 200: json(t.schemas.resource, 'OK'), ...problems(ERRORS.update) },
      },
      config,
      handler: async (request) =>
        t.out(await update.apply(pathUuid(request.params), request.body as Partial<Static<TBody>>, m.base)),
    });
  }
}
