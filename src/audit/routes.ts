import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../deps.js';
import { ERRORS, json, problems } from '../http/openapi.js';
import { notFound } from '../shared/errors.js';
import { uuidRouteParam } from '../shared/ids.js';
import { toAuditTrail } from './mapper.js';
import { createAuditReadService } from './read-service.js';
import {
  AuditRecordParams,
  AuditTrail,
  AuditTrailList,
  DocumentAuditParams,
  ImportAuditParams,
} from './schemas.js';

/**
 * The audit trail of a document (Documenten API `audittrail_list` / `audittrail_retrieve`),
 * and of an import (`GET /import/{uuid}/audittrail`, superusers only like every import call:
 * created, cancelled, finished or ended in error, deleted, and by which client).
 */
const EIO = '/enkelvoudiginformatieobjecten/:enkelvoudiginformatieobject_uuid/audittrail';
const config = { auth: { component: 'drc' as const, scopes: 'audittrails.lezen' } };

export function registerAuditTrailRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const service = createAuditReadService({ repo: deps.audit.repo, urls: deps.urls });

  r.get(
    EIO,
    {
      schema: {
        tags: ['enkelvoudiginformatieobjecten'],
        operationId: 'audittrail_list',
        summary: 'Alle audit trail regels behorend bij het INFORMATIEOBJECT.',
        params: DocumentAuditParams,
        response: { 200: json(AuditTrailList, 'OK'), ...problems(ERRORS.detail) },
      },
      config,
    },
    async (request) =>
      (await service.list(request.params.enkelvoudiginformatieobject_uuid, request.auth)).map(toAuditTrail),
  );

  r.get(
    `${EIO}/:uuid`,
    {
      schema: {
        tags: ['enkelvoudiginformatieobjecten'],
        operationId: 'audittrail_retrieve',
        summary: 'Een specifieke audit trail regel opvragen.',
        params: AuditRecordParams,
        response: { 200: json(AuditTrail, 'OK'), ...problems(ERRORS.detail) },
      },
      config,
    },
    async (request) =>
      toAuditTrail(
        await service.get(request.params.enkelvoudiginformatieobject_uuid, request.params.uuid, request.auth),
      ),
  );

  r.get(
    `/import/${uuidRouteParam()}/audittrail`,
    {
      schema: {
        tags: ['import'],
        operationId: 'enkelvoudiginformatieobject_import_audittrail',
        summary:
          'De audit trail van een import: aangemaakt, geannuleerd, voltooid of met een fout beëindigd, verwijderd, en door welke client. Blijft bewaard na de retentie van de import.',
        params: ImportAuditParams,
        response: { 200: json(AuditTrailList, 'OK'), ...problems([403, 404]) },
      },
      config: { auth: 'superuser' as const },
    },
    async (request) => {
      const rows = await service.forImport(request.params.uuid);
      if (rows.length === 0) throw notFound();
      return rows.map(toAuditTrail);
    },
  );
}
