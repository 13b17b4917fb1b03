import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../deps.js';
import { AuditHeaders, empty, ERRORS, json, problems } from '../http/openapi.js';
import { buildPage, pageParams } from '../http/pagination.js';
import { Type } from '@sinclair/typebox';
import { addContentCrs, negotiateCrs } from './crs.js';
import { toZaak } from './mapper.js';
import {
  CrsBodyHeaders,
  CrsHeaders,
  UuidParams,
  Zaak,
  ZaakCreateBody,
  ZaakList,
  ZaakListQuery,
  ZaakPatchBody,
} from './schemas.js';
import { createZaakService, SCOPES } from './service.js';

/** `/zaken` (Zaken API 1.5.1 subset): thin handlers over the zaak service. */
export function registerZaakRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const service = createZaakService(deps);
  const { urls } = deps;
  const crs = { preValidation: negotiateCrs, onSend: addContentCrs };
  const tags = ['zaken'];
  /** The standard's zaak operations add 412 (a missing Crs header, crs.ts). */
  const errors = (codes: readonly number[]) => problems([...codes, 412]);
  const auth = (scopes: string | string[]) => ({
    auth: { component: 'zrc' as const, scopes: Array.isArray(scopes) ? { anyOf: scopes } : scopes },
  });

  r.get(
    '/zaken',
    {
      ...crs,
      schema: {
        tags,
        operationId: 'zaak_list',
        summary: 'Alle ZAAKen opvragen.',
        headers: CrsHeaders,
        querystring: ZaakListQuery,
        response: { 200: json(ZaakList, 'OK', ['Content-Crs']), ...errors(ERRORS.collection) },
      },
      config: auth(SCOPES.lezen),
    },
    async (request) => {
      const p = pageParams(request.query);
      const { count, rows } = await service.list(request.auth, request.query, {
        limit: p.pageSize,
        offset: p.offset,
      });
      return buildPage(
        request,
        deps.urls,
        p,
        count,
        rows.map((z) => toZaak(urls, z)),
      );
    },
  );

  r.post(
    '/zaken',
    {
      ...crs,
      schema: {
        tags,
        operationId: 'zaak_create',
        summary: 'Maak een ZAAK aan.',
        headers: CrsBodyHeaders,
        body: ZaakCreateBody,
        response: { 201: json(Zaak, 'Created', ['Content-Crs', 'Location']), ...errors(ERRORS.collection) },
      },
      config: auth(SCOPES.aanmaken),
    },
    async (request, reply) => {
      const zaak = toZaak(urls, await service.create(request.auth, request.body));
      return reply.code(201).header('Location', zaak.url).send(zaak);
    },
  );

  r.get(
    '/zaken/:uuid',
    {
      ...crs,
      schema: {
        tags,
        operationId: 'zaak_retrieve',
        summary: 'Een specifieke ZAAK opvragen.',
        headers: CrsHeaders,
        params: UuidParams,
        response: { 200: json(Zaak, 'OK', ['Content-Crs']), ...errors(ERRORS.detail) },
      },
      config: { ...auth(SCOPES.lezen), etag: true },
    },
    async (request) => toZaak(urls, await service.retrieve(request.auth, request.params.uuid)),
  );

  r.patch(
    '/zaken/:uuid',
    {
      ...crs,
      schema: {
        tags,
        operationId: 'zaak_partial_update',
        summary: 'Werk een ZAAK deels bij.',
        headers: CrsBodyHeaders,
        params: UuidParams,
        body: ZaakPatchBody,
        response: { 200: json(Zaak, 'OK', ['Content-Crs']), ...errors(ERRORS.update) },
      },
      config: auth([SCOPES.bijwerken, SCOPES.geforceerd]),
    },
    async (request) => toZaak(urls, await service.patch(request.auth, request.params.uuid, request.body)),
  );

  r.delete(
    '/zaken/:uuid',
    {
      schema: {
        tags,
        operationId: 'zaak_destroy',
        summary: 'Verwijder een ZAAK.',
        params: UuidParams,
        headers: Type.Object(AuditHeaders),
        response: { 204: empty('No content'), ...errors(ERRORS.detail) },
      },
      config: auth(SCOPES.verwijderen),
    },
    async (request, reply) => {
      await service.remove(request.auth, request.params.uuid);
      return reply.code(204).send();
    },
  );
}
