import { randomUUID } from 'node:crypto';
import { requireObjectScope } from '../auth/permissions.js';
import type { AuthContext } from '../auth/types.js';
import { type Queryable, withTransaction } from '../db/pool.js';
import type { Deps } from '../deps.js';
import { createDocumentChanges } from './changes.js';
import { invalidParam, notFound } from '../shared/errors.js';
import { PATHS } from '../shared/urls.js';
import { OIO_REASONS, oioError } from './errors.js';
import { type DocumentVersionRow, rowIotUrl } from './mapper.js';
import { expandOios, parseOioExpand } from './oio-expand.js';
import { checkRemoteObject, type OioObjectType, remoteRelationExists } from './oio-remote.js';
import { createOioRepository, type OioRow } from './oio-repository.js';
import { isUuid } from '../shared/ids.js';
import { createReadService } from './read-service.js';
import { createZioRepository } from '../zaken/zio-repository.js';

/**
 * ObjectInformatieObject (Documenten API): a read-mostly mirror of ZIO relations;
 * POST records a relation to a remote object once its API holds the source relation
 * (a local zaak's mirror already exists, so POST answers `unique` or
 * `inconsistent-relation` as Open Zaak does); DELETE only once the source relation is gone.
 * Autorisatie uses the linked document's latest IOT/VA.
 */
const REASONS = OIO_REASONS;
const nonField = oioError;

export function createOioService(deps: Deps) {
  const { pool } = deps;
  const reads = createReadService(deps);
  const { urls } = deps;
  const changes = createDocumentChanges(deps);
  const oios = createOioRepository(pool);
  const zios = createZioRepository(pool);

  const toResource = (r: OioRow) => ({
    url: urls.oio(r.uuid),
    informatieobject: urls.eio(r.document_uuid),
    object: r.zaak_uuid ? urls.zaak(r.zaak_uuid) : (r.object_url ?? ''),
    objectType: r.object_type,
  });

  const iotOf = (r: { iot_uuid: string | null; informatieobjecttype_url: string | null }) =>
    rowIotUrl(urls, r);

  function authorise(
    auth: AuthContext,
    scope: string,
    r:
      | OioRow
      | {
          iot_uuid: string | null;
          informatieobjecttype_url: string | null;
          vertrouwelijkheidaanduiding: string;
        },
  ) {
    requireObjectScope(auth, 'drc', 'informatieobjecttype', scope, {
      typeUrl: iotOf(r),
      vertrouwelijkheidaanduiding: r.vertrouwelijkheidaanduiding,
    });
  }

  /** Audit record and notification of a create or destroy, in its transaction (changes.ts). */
  async function recordChange(
    c: Queryable,
    auth: AuthContext,
    actie: 'create' | 'destroy',
    resource: ReturnType<typeof toResource>,
    doc: DocumentVersionRow,
  ) {
    const document = {
      uuid: doc.uuid,
      url: urls.eio(doc.uuid),
      bronorganisatie: doc.bronorganisatie,
      identificatie: doc.identificatie,
      informatieobjecttype: iotOf(doc),
      vertrouwelijkheidaanduiding: doc.vertrouwelijkheidaanduiding,
    };
    await changes.record(c, {
      auth,
      actie,
      resultaat: actie === 'create' ? 201 : 204,
      document,
      resource: 'objectinformatieobject',
      resourceUrl: resource.url,
      resourceWeergave: `(${doc.bronorganisatie} - ${doc.identificatie}) - ${resource.object.split('/').filter(Boolean).pop() ?? ''}`,
      oud: actie === 'destroy' ? resource : null,
      nieuw: actie === 'create' ? resource : null,
    });
  }

  /** The local zaak id of an object URL under PUBLIC_URL, undefined when not local. */
  async function localZaak(url: string): Promise<{ id: number | null } | undefined> {
    const prefix = urls.at(PATHS.zaak);
    if (!url.startsWith(prefix)) return undefined;
    const uuid = url.slice(prefix.length);
    if (!isUuid(uuid)) return { id: null };
    return { id: (await zios.findZaakIds([uuid])).get(uuid.toLowerCase()) ?? null };
  }

  /** Resources with `_expand` only when `expand` is asked (Documenten API). */
  async function render(auth: AuthContext, rows: OioRow[], expand: string | undefined) {
    const want = parseOioExpand(expand, auth);
    if (!want) return rows.map(toResource);
    const expanded = await expandOios(deps, reads, auth, rows, want);
    return rows.map((r, i) => ({ ...toResource(r), _expand: expanded[i] ?? {} }));
  }

  async function list(auth: AuthContext, q: { informatieobject?: string; object?: string; expand?: string }) {
    parseOioExpand(q.expand, auth);
    let documentUuid: string | undefined;
    if (q.informatieobject !== undefined) {
      const prefix = urls.at(PATHS.eio);
      documentUuid = q.informatieobject.startsWith(prefix) ? q.informatieobject.slice(prefix.length) : '';
      if (!isUuid(documentUuid)) return [];
    }
    let object: { url: string; zaakId: number | null } | undefined;
    if (q.object !== undefined) object = { url: q.object, zaakId: (await localZaak(q.object))?.id ?? null };
    const rows = await oios.listOio({ documentUuid, object }, await reads.grantsFor(auth));
    return render(auth, rows, q.expand);
  }

  async function retrieve(uuid: string, auth: AuthContext, expand: string | undefined) {
    const row = await get(uuid, auth);
    return (await render(auth, [row], expand))[0];
  }

  async function get(uuid: string, auth: AuthContext, scope = 'documenten.lezen'): Promise<OioRow> {
    if (!isUuid(uuid)) throw notFound();
    const row = await oios.findOio(uuid);
    if (!row) throw notFound();
    authorise(auth, scope, row);
    return row;
  }

  async function create(
    auth: AuthContext,
    body: { informatieobject: string; object: string; objectType: string },
  ) {
    const prefix = urls.at(PATHS.eio);
    const docUuid = body.informatieobject.startsWith(prefix)
      ? body.informatieobject.slice(prefix.length)
      : '';
    const doc = isUuid(docUuid) ? await deps.documents.findVersion(docUuid) : undefined;
    if (!doc) throw invalidParam('informatieobject', 'does_not_exist', REASONS.doesNotExist);
    authorise(auth, 'documenten.aanmaken', doc);
    const objectType = body.objectType as OioObjectType;
    const zaak = await localZaak(body.object);
    if (zaak || body.object.startsWith(`${urls.base}/`)) {
      // Open Zaak: the mirror written with the ZaakInformatieObject already exists (unique),
      // or there is no such relation (inconsistent-relation); this server serves no besluiten.
      if (!zaak?.id || objectType !== 'zaak')
        throw invalidParam('object', 'does_not_exist', REASONS.doesNotExist);
      if (await oios.findMirror(doc.document_id, zaak.id)) throw nonField('unique', REASONS.unique);
      throw nonField('inconsistent-relation', REASONS.inconsistent);
    }
    const problem = await checkRemoteObject(deps.zgw, body.object, objectType);
    if (problem) throw invalidParam('object', problem.code, problem.reason);
    const existing = await oios.listOio(
      { documentUuid: docUuid, object: { url: body.object, zaakId: null } },
      null,
    );
    if (existing.length > 0) throw nonField('unique', REASONS.unique);
    const relation = await remoteRelationExists(deps.zgw, {
      objectUrl: body.object,
      objectType,
      documentUrl: `${prefix}${doc.uuid}`,
    });
    if (relation === 'lookup-error') throw nonField('relation-lookup-error', REASONS.lookupError);
    if (!relation) throw nonField('inconsistent-relation', REASONS.remoteInconsistent);
    const uuid = randomUUID();
    return withTransaction(pool, async (c) => {
      const inserted = await createOioRepository(c).insertRemoteOio({
        uuid,
        documentId: doc.document_id,
        objectType,
        objectUrl: body.object,
      });
      if (!inserted) throw nonField('unique', REASONS.unique);
      const created = toResource((await createOioRepository(c).findOio(uuid)) as OioRow);
      await recordChange(c, auth, 'create', created, doc);
      return created;
    });
  }

  /** Only once the source relation is gone: locally the ZIO, remotely its API's relation. */
  async function destroy(uuid: string, auth: AuthContext): Promise<void> {
    const row = await get(uuid, auth, 'documenten.verwijderen');
    if (row.zaak_id !== null && (await oios.zioExists(row.document_id, row.zaak_id)))
      throw nonField('remote-relation-exists', REASONS.remoteExists);
    if (row.zaak_id === null && row.object_url !== null) {
      const relation = await remoteRelationExists(deps.zgw, {
        objectUrl: row.object_url,
        objectType: row.object_type as OioObjectType,
        documentUrl: urls.eio(row.document_uuid),
      });
      if (relation === 'lookup-error') throw nonField('relation-lookup-error', REASONS.lookupError);
      if (relation) throw nonField('remote-relation-exists', REASONS.remoteExists);
    }
    const doc = await deps.documents.findVersion(row.document_uuid);
    await withTransaction(pool, async (c) => {
      await createOioRepository(c).deleteOio(row.id);
      if (doc) await recordChange(c, auth, 'destroy', toResource(row), doc);
    });
  }

  return { list, get, retrieve, create, destroy, toResource };
}
