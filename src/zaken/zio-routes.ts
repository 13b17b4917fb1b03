import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../deps.js';
import { AuditHeaders, empty, ERRORS, json, problems } from '../http/openapi.js';
import type { ZioRow } from './zio-repository.js';
import { UuidParams } from './schemas.js';
import { createZaakService, SCOPES } from './service.js';
import type { Urls } from '../shared/urls.js';
import { Zio, ZioCreateBody, ZioListQuery, ZioPatchBody } from './zio-schemas.js';
import { createZioService } from './zio-service.js';

/** `/zaakinformatieobjecten`: no CRS negotiation here (Zaken API ZaakInformatieObject). */
export function toZio(urls: Urls, r: ZioRow): Zio {
  const iso = (s: string | null) => (s === null ? null : s.replace('.000000Z', 'Z'));
  return {
    url: urls.zio(r.uuid),
    uuid: r.uuid,
    informatieobject: urls.eio(r.document_uuid),
    zaak: urls.zaak(r.zaak_uuid),
    aardRelatieWeergave: 'Hoort bij, omgekeerd: kent',
    titel: r.titel,
    beschrijving: r.beschrijving,
    registratiedatum: iso(r.registratiedatum)!,
    vernietigingsdatum: iso(r.vernietigingsdatum),
    status: r.status,
  };
}

export function registerZioRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const service = createZioService(deps, createZaakService(deps));
  const { urls } = deps;
  const tags = ['zaakinformatieobjecten'];
  const zrc = (...scopes: string[]) => ({
    auth: { component: 'zrc' as const, scopes: scopes.length === 1 ? scopes[0]! : { anyOf: scopes } },
  });
  const WRITE = zrc(SCOPES.aanmaken, SCOPES.bijwerken, SCOPES.geforceerd);
  const UPDATE = zrc(SCOPES.bijwerken, SCOPES.geforceerd);
  const audit = Type.Object(AuditHeaders);

  r.get(
    '/zaakinformatieobjecten',
    {
      schema: {
        tags,
        operationId: 'zaakinformatieobject_list',
        summary: 'Alle ZAAK-INFORMATIEOBJECT relaties opvragen.',
        querystring: ZioListQuery,
        response: { 200: json(Type.Array(Zio), 'OK'), ...problems(ERRORS.collection) },
      },
      config: zrc(SCOPES.lezen),
    },
    async (request) => (await service.list(request.auth, request.query)).map((z) => toZio(urls, z)),
  );

  r.post(
    '/zaakinformatieobjecten',
    {
      schema: {
        tags,
        operationId: 'zaakinformatieobject_create',
        summary: 'Maak een ZAAK-INFORMATIEOBJECT relatie aan.',
        headers: audit,
        body: ZioCreateBody,
        response: { 201: json(Zio, 'Created', ['Location']), ...problems(ERRORS.collection) },
      },
      config: WRITE,
    },
    async (request, reply) => {
      const zio = toZio(urls, await service.create(request.auth, request.body));
      return reply.code(201).header('Location', zio.url).send(zio);
    },
  );

  r.get(
    '/zaakinformatieobjecten/:uuid',
    {
      schema: {
        tags,
        operationId: 'zaakinformatieobject_retrieve',
        summary: 'Een specifieke ZAAK-INFORMATIEOBJECT relatie opvragen.',
        params: UuidParams,
        response: { 200: json(Zio, 'OK'), ...problems(ERRORS.detail) },
      },
      config: { ...zrc(SCOPES.lezen), etag: true },
    },
    async (request) => toZio(urls, await service.retrieve(request.auth, request.params.uuid)),
  );

  for (const [method, operationId, body, summary] of [
    [
      'PUT',
      'zaakinformatieobject_update',
      ZioCreateBody,
      'Werk een ZAAK-INFORMATIEOBJECT relatie in zijn geheel bij.',
    ],
    [
      'PATCH',
      'zaakinformatieobject_partial_update',
      ZioPatchBody,
      'Werk een ZAAK-INFORMATIEOBJECT relatie gedeeltelijk bij.',
    ],
  ] as const) {
    r.route({
      method,
      url: '/zaakinformatieobjecten/:uuid',
      schema: {
        tags,
        operationId,
        summary,
        params: UuidParams,
        headers: audit,
        body,
        response: { 200: json(Zio, 'OK'), ...problems(ERRORS.update) },
      },
      config: UPDATE,
      handler: async (request) =>
        toZio(urls, await service.update(request.auth, request.params.uuid, request.body as ZioCreateBody)),
    });
  }

  r.delete(
    '/zaakinformatieobjecten/:uuid',
    {
      schema: {
        tags,
        operationId: 'zaakinformatieobject_destroy',
        summary: 'Verwijder een ZAAK-INFORMATIEOBJECT relatie.',
        params: UuidParams,
        headers: audit,
        response: { 204: empty('No content'), ...problems(ERRORS.detail) },
      },
      config: zrc(SCOPES.bijwerken, SCOPES.geforceerd, SCOPES.verwijderen),
    },
    async (request, reply) => {
      await service.remove(request.auth, request.params.uuid);
      return reply.code(204).send();
    },
  );
}
