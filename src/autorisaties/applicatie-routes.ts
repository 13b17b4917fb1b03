import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../deps.js';
import { empty, ERRORS, json, problems } from '../http/openapi.js';
import { buildPage, pageParams } from '../http/pagination.js';
import { notFound } from '../shared/errors.js';
import { pathUuid } from '../shared/ids.js';
import { createApplicatieRepository } from './applicatie-repository.js';
import { createApplicatieService } from './applicatie-service.js';
import { toApplicatie } from './mapper.js';
import {
  Applicatie,
  ApplicatieBody,
  ApplicatieListQuery,
  ApplicatiePage,
  ApplicatiePatch,
  ConsumerQuery,
  PathUuid,
} from './schemas.js';

/**
 * `/applicaties` (Autorisaties API 1.0.0). Only callers whose applicatie has
 * heeftAlleAutorisaties may use it (issue 3). JWT secrets are not managed here (CLI).
 */
export function registerApplicatieRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const repo = createApplicatieRepository(deps.pool);
  const service = createApplicatieService(repo, {
    notifications: deps.notifications,
    urls: deps.urls,
  });
  const { urls } = deps;
  const tags = ['applicaties'];
  const config = { auth: 'superuser' as const };

  r.get(
    '/applicaties',
    {
      schema: {
        tags,
        operationId: 'applicatie_list',
        summary: 'Alle APPLICATIEs opvragen.',
        querystring: ApplicatieListQuery,
        response: { 200: json(ApplicatiePage, 'OK'), ...problems(ERRORS.collection) },
      },
      config,
    },
    async (request) => {
      const p = pageParams(request.query);
      const clientIds = request.query.clientIds?.split(',').filter((c) => c !== '');
      const { count, rows } = await repo.list(clientIds, p.pageSize, p.offset);
      return buildPage(
        request,
        deps.urls,
        p,
        count,
        rows.map((a) => toApplicatie(urls, a)),
      );
    },
  );

  r.post(
    '/applicaties',
    {
      schema: {
        tags,
        operationId: 'applicatie_create',
        summary: 'Registreer een APPLICATIE met autorisaties.',
        body: ApplicatieBody,
        response: { 201: json(Applicatie, 'Created', ['Location']), ...problems(ERRORS.collection) },
      },
      config,
    },
    async (request, reply) => {
      const applicatie = toApplicatie(urls, await service.create(request.body));
      return reply.code(201).header('Location', applicatie.url).send(applicatie);
    },
  );

  r.get(
    '/applicaties/consumer',
    {
      schema: {
        tags,
        operationId: 'applicatie_consumer',
        summary: 'Vraag een APPLICATIE op, op basis van clientId.',
        querystring: ConsumerQuery,
        response: { 200: json(Applicatie, 'OK'), ...problems(ERRORS.detail) },
      },
      config,
    },
    async (request) => {
      const row = await repo.byClientId(request.query.clientId);
      if (!row) throw notFound();
      return toApplicatie(urls, row);
    },
  );

  const one = { tags, params: PathUuid };
  r.get(
    '/applicaties/:uuid',
    {
      schema: {
        ...one,
        operationId: 'applicatie_read',
        summary: 'Een specifieke APPLICATIE opvragen.',
        response: { 200: json(Applicatie, 'OK'), ...problems(ERRORS.detail) },
      },
      config,
    },
    async (request) => toApplicatie(urls, await service.get(pathUuid(request.params))),
  );

  r.put(
    '/applicaties/:uuid',
    {
      schema: {
        ...one,
        operationId: 'applicatie_update',
        summary: 'Werk een APPLICATIE in zijn geheel bij.',
        body: ApplicatieBody,
        response: { 200: json(Applicatie, 'OK'), ...problems(ERRORS.update) },
      },
      config,
    },
    async (request) => toApplicatie(urls, await service.update(pathUuid(request.params), request.body)),
  );

  r.patch(
    '/applicaties/:uuid',
    {
      schema: {
        ...one,
        operationId: 'applicatie_partial_update',
        summary: 'Werk een APPLICATIE deels bij.',
        body: ApplicatiePatch,
        response: { 200: json(Applicatie, 'OK'), ...problems(ERRORS.update) },
      },
      config,
    },
    async (request) => toApplicatie(urls, await service.update(pathUuid(request.params), request.body, true)),
  );

  r.delete(
    '/applicaties/:uuid',
    {
      schema: {
        ...one,
        operationId: 'applicatie_delete',
        summary: 'Verwijder een APPLICATIE.',
        response: { 204: empty('No content'), ...problems(ERRORS.detail) },
      },
      config,
    },
    async (request, reply) => {
      await service.delete(pathUuid(request.params));
      return reply.code(204).send();
    },
  );
}
