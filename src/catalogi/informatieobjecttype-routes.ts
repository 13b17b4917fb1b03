import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../deps.js';
import { empty, ERRORS, json, problems } from '../http/openapi.js';
import { buildPage, pageParams } from '../http/pagination.js';
import { createCatalogusRepository } from './catalogus-repository.js';
import { conceptFilter, createCatalogusService } from './catalogus-service.js';
import {
  createInformatieobjecttypeRepository,
  type InformatieobjecttypeRow,
} from './informatieobjecttype-repository.js';
import { createInformatieobjecttypeService } from './informatieobjecttype-service.js';
import { toInformatieobjecttype } from './mapper.js';
import { Informatieobjecttype, InformatieobjecttypePage } from './resource-schemas.js';
import { pathUuid } from '../shared/ids.js';
import { CATALOGI_SCOPES, PathUuid, registerBodylessActions, ztc } from './route-helpers.js';
import {
  InformatieobjecttypeBody,
  type InformatieobjecttypeInput,
  InformatieobjecttypePatch,
  InformatieobjecttypeQuery,
} from './schemas.js';

/** `/informatieobjecttypen` (Catalogi API 1.3.1). */
export function registerInformatieobjecttypeRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const repo = createInformatieobjecttypeRepository(deps.pool);
  const catalogussen = createCatalogusService({
    repo: createCatalogusRepository(deps.pool),
    urls: deps.urls,
  });
  const service = createInformatieobjecttypeService({ repo, catalogussen });
  const tags = ['informatieobjecttypen'];
  const read = ztc(CATALOGI_SCOPES.lezen);
  const write = ztc(CATALOGI_SCOPES.schrijven);
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

  r.get(
    '/informatieobjecttypen',
    {
      schema: {
        tags,
        operationId: 'informatieobjecttype_list',
        summary: 'Alle INFORMATIEOBJECTTYPEn opvragen.',
        querystring: InformatieobjecttypeQuery,
        response: { 200: json(InformatieobjecttypePage, 'OK'), ...problems(ERRORS.collection) },
      },
      config: read,
    },
    async (request) => {
      const q = request.query;
      const p = pageParams(q);
      const filters = {
        catalogusId: await catalogussen.filterCatalogusId(q.catalogus),
        concept: conceptFilter(q.status),
        omschrijving: q.omschrijving,
      };
      const { count, rows } = await repo.list(filters, p.pageSize, p.offset);
      return buildPage(request, deps.urls, p, count, rows.map(out));
    },
  );

  r.post(
    '/informatieobjecttypen',
    {
      schema: {
        tags,
        operationId: 'informatieobjecttype_create',
        summary: 'Maak een INFORMATIEOBJECTTYPE aan.',
        body: InformatieobjecttypeBody,
        response: {
          201: json(Informatieobjecttype, 'Created', ['Location']),
          ...problems(ERRORS.collection),
        },
      },
      config: write,
    },
    async (request, reply) => {
      const iot = out(await service.create(request.body));
      return reply.code(201).header('Location', iot.url).send(iot);
    },
  );

  const one = { tags, params: PathUuid };
  r.get(
    '/informatieobjecttypen/:uuid',
    {
      schema: {
        ...one,
        operationId: 'informatieobjecttype_retrieve',
        summary: 'Een specifieke INFORMATIEOBJECTTYPE opvragen.',
        response: { 200: json(Informatieobjecttype, 'OK'), ...problems(ERRORS.detail) },
      },
      config: { ...read, etag: true },
    },
    async (request) => out(await service.get(pathUuid(request.params))),
  );

  r.put(
    '/informatieobjecttypen/:uuid',
    {
      schema: {
        ...one,
        operationId: 'informatieobjecttype_update',
        summary: 'Werk een INFORMATIEOBJECTTYPE in zijn geheel bij.',
        body: InformatieobjecttypeBody,
        response: { 200: json(Informatieobjecttype, 'OK'), ...problems(ERRORS.update) },
      },
      config: write,
    },
    async (request) => out(await service.update(pathUuid(request.params), request.body, putDefaults)),
  );

  r.patch(
    '/informatieobjecttypen/:uuid',
    {
      schema: {
        ...one,
        operationId: 'informatieobjecttype_partial_update',
        summary: 'Werk een INFORMATIEOBJECTTYPE deels bij.',
        body: InformatieobjecttypePatch,
        response: { 200: json(Informatieobjecttype, 'OK'), ...problems(ERRORS.update) },
      },
      config: write,
    },
    async (request) => out(await service.update(pathUuid(request.params), request.body, asInput)),
  );

  r.delete(
    '/informatieobjecttypen/:uuid',
    {
      schema: {
        ...one,
        operationId: 'informatieobjecttype_destroy',
        summary: 'Verwijder een INFORMATIEOBJECTTYPE (alleen concept).',
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
    scope.withTypeProvider<TypeBoxTypeProvider>().post(
      '/informatieobjecttypen/:uuid/publish',
      {
        schema: {
          ...one,
          operationId: 'informatieobjecttype_publish',
          summary: 'Publiceer het concept INFORMATIEOBJECTTYPE.',
          response: { 200: json(Informatieobjecttype, 'OK'), ...problems(ERRORS.update) },
        },
        config: write,
      },
      async (request) => out(await service.publish(pathUuid(request.params))),
    );
  });
}
