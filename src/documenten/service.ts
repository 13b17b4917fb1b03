import { Readable } from 'node:stream';
import { requireObjectScope } from '../auth/permissions.js';
import type { AuthContext } from '../auth/types.js';
import type { ResolvedInformatieobjecttype } from '../catalogi/informatieobjecttype-resolver.js';
import type { AuditActie } from '../audit/trail.js';
import { type Queryable, withTransaction } from '../db/pool.js';
import type { Deps } from '../deps.js';
import { createUploadPlans } from './bestandsdelen/plans.js';
import { type InvalidParam, invalidParam, notFound, validationError } from '../shared/errors.js';
import { MESSAGES } from '../shared/messages.js';
import { destroyErrors, identificatieNietUniek, lockErrors } from './errors.js';
import { createLockService, newLockValue } from './lock-service.js';
import { isIdentificatieConflict } from './identificatie.js';
import { createIdentificatieRepository } from './identificatie-repository.js';
import { createDocumentChanges, documentRef } from './changes.js';
import type { DivertedUpload } from './json-upload.js';
import { type DocumentVersionRow, rowIotUrl, toEio } from './mapper.js';
import { createDocumentRepository, type DocumentHead } from './repository.js';
import { documentBlobKey, documentKeyPrefix, documentUploadKey } from './storage-keys.js';
import { statusRule, validateEioFields } from './validation.js';
import { indicatieOnDocumentUpdate } from './gebruiksrechten/service.js';
import {
  type EioInput,
  type FilePlan,
  inputToValues,
  planFileForPatch,
  planFileForReplace,
  rowToInput,
} from './values.js';

/**
 * Write flows of enkelvoudiginformatieobjecten (`enkelvoudiginformatieobject_create`, `_update`, `_destroy`;
 * `_lock` and `_unlock` in lock-service.ts).
 * Blob before row (docs/architecture.md "Storage"): the file is durable under its own key before the row
 * that references it commits; on any failure the caller's upload is discarded (routes)
 * and files written here are removed.
 */
export interface WriteRequest {
  body: EioInput;
  upload?: DivertedUpload;
  auth: AuthContext;
}

const DRC = 'drc';
const IOT = 'informatieobjecttype';
/**
 * PUT/PATCH: `(documenten.bijwerken | documenten.geforceerd-bijwerken)` (Documenten API
 * 1.5.0 enkelvoudiginformatieobject_update security); the lock is still required.
 */
export const BIJWERKEN = { anyOf: ['documenten.bijwerken', 'documenten.geforceerd-bijwerken'] };

export function createDocumentService(deps: Deps) {
  const { pool, blobs, documents } = deps;
  const plans = createUploadPlans(deps);
  const changes = createDocumentChanges(deps);

  async function resolveIot(url: string): Promise<ResolvedInformatieobjecttype> {
    const r = await deps.informatieobjecttypen.resolve(url);
    if (!r.ok) throw invalidParam(IOT, r.code, r.reason);
    return r.iot;
  }

  /** `update`: indicatieGebruiksrecht is then checked against the gebruiksrechten (below). */
  function fieldErrors(req: WriteRequest, partial: boolean, update = false): InvalidParam[] {
    const errs = validateEioFields(req.body, { partial, update });
    if (req.upload?.problem) errs.push({ name: 'inhoud', ...req.upload.problem });
    return errs;
  }

  const usableUpload = (u: DivertedUpload | undefined) => (u && !u.empty && !u.problem ? u : undefined);

  /** Writes the empty file of a `bestandsomvang: 0` version; returns the blob key + size. */
  async function materialise(
    plan: FilePlan,
    emptyKey: string,
  ): Promise<{ blobKey: string | null; size: number | null }> {
    if (plan.kind === 'none') return { blobKey: null, size: null };
    if (plan.kind === 'parts') return { blobKey: null, size: plan.size };
    if (plan.kind === 'empty') {
      await blobs.putStream(emptyKey, Readable.from([]));
      return { blobKey: emptyKey, size: 0 };
    }
    return { blobKey: plan.key, size: plan.size };
  }

  async function load(uuid: string): Promise<DocumentVersionRow> {
    const row = await documents.findVersion(uuid);
    if (!row) throw notFound();
    return row;
  }

  /** The latest version with its bestandsdelen, their lock shown to this caller (who holds it). */
  async function render(uuid: string, lock: string): Promise<Record<string, unknown>> {
    const row = await load(uuid);
    const parts = await plans.partsByDocument(pool, [row.document_id]);
    return plans.withParts(toEio(deps.urls, row), parts.get(row.document_id), lock);
  }

  /** The resource as transaction `c` sees it: the audit trail's oud/nieuw (no lock values). */
  async function snapshot(c: Queryable, uuid: string): Promise<Record<string, unknown>> {
    const row = await createDocumentRepository(c).findVersion(uuid);
    if (!row) throw notFound();
    const parts = await plans.partsByDocument(c, [row.document_id]);
    return plans.withParts(toEio(deps.urls, row), parts.get(row.document_id), '');
  }

  /** The one hook of a document change: audit record + notification, in its transaction. */
  async function recordChange(
    c: Queryable,
    change: { auth: AuthContext; uuid: string; actie: AuditActie; resultaat: number },
    oud: Record<string, unknown> | null,
    nieuw: Record<string, unknown> | null,
  ): Promise<void> {
    const document = documentRef(nieuw ?? oud ?? {}, change.uuid);
    await changes.record(c, { ...change, document, oud, nieuw });
  }

  async function create(req: WriteRequest, uuid: string): Promise<Record<string, unknown>> {
    const errs = fieldErrors(req, false);
    // `enkelvoudiginformatieobject_create` step 2: informatieobjecttype and VA first (400), then the autorisatie (403).
    const pre = errs.filter((e) => e.name === IOT || e.name === 'vertrouwelijkheidaanduiding');
    if (pre.length > 0) throw validationError(pre);
    const body = req.body;
    const iot = await resolveIot(body.informatieobjecttype as string);
    requireObjectScope(req.auth, DRC, IOT, 'documenten.aanmaken', {
      typeUrl: iot.url,
      vertrouwelijkheidaanduiding: (body.vertrouwelijkheidaanduiding as string) || undefined,
    });
    if (errs.length > 0) throw validationError(errs);
    const supplied = (body.identificatie as string | undefined) || '';
    const bron = body.bronorganisatie as string;
    if (supplied && (await documents.identificatieExists(bron, supplied)))
      throw identificatieNietUniek(supplied);
    const plan = planFileForReplace(body, usableUpload(req.upload));
    const emptyKey = documentBlobKey(uuid, 1);
    const file = await materialise(plan, emptyKey);
    // `enkelvoudiginformatieobject_create` (d): a large file is created locked, its parts planned; the lock is in the answer
    const lock = plan.kind === 'parts' ? newLockValue() : '';
    try {
      await withTransaction(pool, async (c) => {
        const identificatie =
          supplied || (await createIdentificatieRepository(c).allocateOne(body.creatiedatum as string));
        if (supplied) await createIdentificatieRepository(c).noteUsed([supplied]);
        const tx = createDocumentRepository(c);
        const id = await tx.insertDocument({ uuid, bronorganisatie: bron, identificatie });
        await tx.insertVersion(id, 1, inputToValues(body, iot, identificatie, file));
        if (plan.kind === 'parts') {
          await tx.setLock(id, lock);
          await plans.start(c, id, uuid, plan.size);
        }
        const created = { auth: req.auth, uuid, actie: 'create' as const, resultaat: 201 };
        await recordChange(c, created, null, await snapshot(c, uuid));
      });
    } catch (err) {
      if (plan.kind === 'empty') await blobs.delete(emptyKey);
      if (isIdentificatieConflict(err)) throw identificatieNietUniek(supplied);
      throw err;
    }
    return { ...(await render(uuid, lock)), lock };
  }

  function checkLock(head: DocumentHead, body: EioInput, partial: boolean): void {
    if (head.lock === '') throw lockErrors.unlocked();
    if (partial && !Object.hasOwn(body, 'lock')) throw lockErrors.missingLockId();
    if (body.lock !== head.lock) throw lockErrors.incorrectLockId();
  }

  /** PUT (partial false) and PATCH (partial true): a new version row (`enkelvoudiginformatieobject_update`). */
  async function update(uuid: string, req: WriteRequest, partial: boolean): Promise<Record<string, unknown>> {
    const current = await load(uuid);
    const currentIot = rowIotUrl(deps.urls, current);
    requireObjectScope(req.auth, DRC, IOT, BIJWERKEN, {
      typeUrl: currentIot,
      vertrouwelijkheidaanduiding: current.vertrouwelijkheidaanduiding,
    });
    const body = req.body;
    const errs = fieldErrors(req, partial, true);
    if (!partial && !Object.hasOwn(body, 'lock'))
      errs.push({ name: 'lock', code: 'required', reason: MESSAGES.required });
    else if (Object.hasOwn(body, 'lock') && typeof body.lock !== 'string')
      errs.push({ name: 'lock', code: 'invalid', reason: MESSAGES.notAString });
    if (errs.length > 0) throw validationError(errs);
    const previous = rowToInput(current, currentIot);
    const merged: EioInput = partial
      ? { ...previous, ...body }
      : { ondertekening: previous.ondertekening, integriteit: previous.integriteit, ...body };
    if (!merged.identificatie) merged.identificatie = current.identificatie;
    if (partial && !Object.hasOwn(body, 'vertrouwelijkheidaanduiding') && Object.hasOwn(body, IOT))
      merged.vertrouwelijkheidaanduiding = current.vertrouwelijkheidaanduiding;
    const status = statusRule(merged.status, merged.ontvangstdatum);
    if (status) throw validationError([status]);
    const iot = await resolveIot(merged.informatieobjecttype as string);
    // moving a document to another type or VA needs the right on the target as well
    requireObjectScope(req.auth, DRC, IOT, BIJWERKEN, {
      typeUrl: iot.url,
      vertrouwelijkheidaanduiding:
        (merged.vertrouwelijkheidaanduiding as string) || iot.vertrouwelijkheidaanduiding,
    });
    const emptyKey = documentUploadKey(uuid);
    let plan: FilePlan = { kind: 'none' };
    let unused: string[] = [];
    try {
      await withTransaction(pool, async (c) => {
        const tx = createDocumentRepository(c);
        const head = await tx.lockHead(uuid);
        if (!head) throw notFound();
        checkLock(head, body, partial);
        const oud = await snapshot(c, uuid);
        const indicatie = await indicatieOnDocumentUpdate(c, head.id, body);
        if (indicatie !== undefined) merged.indicatieGebruiksrecht = indicatie;
        const upload = usableUpload(req.upload);
        plan = partial ? planFileForPatch(body, upload, current) : planFileForReplace(body, upload);
        const file = await materialise(plan, emptyKey);
        const values = inputToValues(merged, iot, merged.identificatie as string, file);
        await tx.insertVersion(head.id, head.latest_versie + 1, values);
        const p = plan as FilePlan;
        unused = await plans.follow(c, head.id, uuid, p.kind === 'parts' ? p.size : undefined);
        const actie = partial ? ('partial_update' as const) : ('update' as const);
        await recordChange(c, { auth: req.auth, uuid, actie, resultaat: 200 }, oud, await snapshot(c, uuid));
      });
    } catch (err) {
      if ((plan as FilePlan).kind === 'empty') await blobs.delete(emptyKey);
      throw err;
    }
    await plans.removeFiles(unused);
    return render(uuid, body.lock as string);
  }

  async function authorised(uuid: string, auth: AuthContext, scope: string): Promise<DocumentVersionRow> {
    const row = await load(uuid);
    requireObjectScope(auth, DRC, IOT, scope, {
      typeUrl: rowIotUrl(deps.urls, row),
      vertrouwelijkheidaanduiding: row.vertrouwelijkheidaanduiding,
    });
    return row;
  }

  /** `enkelvoudiginformatieobject_destroy`: all versions and files; refused while locked or related to a zaak. */
  async function destroy(uuid: string, auth: AuthContext): Promise<void> {
    await authorised(uuid, auth, 'documenten.verwijderen');
    await withTransaction(pool, async (c) => {
      const tx = createDocumentRepository(c);
      const head = await tx.lockHead(uuid);
      if (!head) throw notFound();
      if (await tx.hasZaakRelations(head.id)) throw destroyErrors.pendingRelations();
      if (head.lock !== '') throw destroyErrors.locked();
      const oud = await snapshot(c, uuid);
      await tx.deleteDocument(head.id);
      await recordChange(c, { auth, uuid, actie: 'destroy', resultaat: 204 }, oud, null);
    });
    await blobs.deletePrefix(documentKeyPrefix(uuid));
  }

  const locks = createLockService(deps, { plans, load, authorised, snapshot, recordChange });
  return { create, update, lock: locks.lock, unlock: locks.unlock, destroy, authorised };
}

export type DocumentService = ReturnType<typeof createDocumentService>;
