import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { hasObjectScope, requireObjectScope } from '../auth/permissions.js';
import type { AuthContext } from '../auth/types.js';
import type { ResolvedInformatieobjecttype } from '../catalogi/informatieobjecttype-resolver.js';
import { withTransaction } from '../db/pool.js';
import type { Deps } from '../deps.js';
import { createUploadPlans } from './bestandsdelen/plans.js';
import { type InvalidParam, invalidParam, notFound, validationError } from '../shared/errors.js';
import {
  allocateDocumentIdentificatie,
  identificatieNietUniek,
  isIdentificatieConflict,
  noteUsedIdentificaties,
} from './identificatie.js';
import type { DivertedUpload } from './json-upload.js';
import { type DocumentVersionRow, rowIotUrl, toEio } from './mapper.js';
import * as repo from './repository.js';
import { documentBlobKey, documentKeyPrefix, documentUploadKey } from './storage-keys.js';
import { statusRule, validateEioFields } from './validation.js';
import {
  type EioInput,
  type FilePlan,
  inputToValues,
  planFileForPatch,
  planFileForReplace,
  rowToInput,
} from './values.js';

/**
 * Write flows of enkelvoudiginformatieobjecten (documenten-api.md §1.6.2, §1.6.6–1.6.8).
 * Blob before row (style.md #7): the file is durable under its own key before the row
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

export function createDocumentService(deps: Deps) {
  const { pool, blobs, config } = deps;
  const plans = createUploadPlans(deps);

  async function resolveIot(url: string): Promise<ResolvedInformatieobjecttype> {
    const r = await deps.informatieobjecttypen.resolve(url);
    if (!r.ok) throw invalidParam(IOT, r.code, r.reason);
    return r.iot;
  }

  function fieldErrors(req: WriteRequest, partial: boolean): InvalidParam[] {
    const errs = validateEioFields(req.body, { partial });
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
    const row = await repo.findVersion(pool, uuid);
    if (!row) throw notFound();
    return row;
  }

  /** The latest version with its bestandsdelen, their lock shown to this caller (who holds it). */
  async function render(uuid: string, lock: string): Promise<Record<string, unknown>> {
    const row = await load(uuid);
    const parts = await plans.partsByDocument(pool, [row.document_id]);
    return plans.withParts(toEio(config.publicUrl, row), parts.get(row.document_id), lock);
  }

  async function create(req: WriteRequest, uuid: string): Promise<Record<string, unknown>> {
    const errs = fieldErrors(req, false);
    // §1.6.2 step 2: informatieobjecttype and VA first (400), then the autorisatie (403).
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
    if (supplied && (await repo.identificatieExists(pool, bron, supplied)))
      throw identificatieNietUniek(supplied);
    const plan = planFileForReplace(body, usableUpload(req.upload));
    const emptyKey = documentBlobKey(uuid, 1);
    const file = await materialise(plan, emptyKey);
    // §1.6.2 (d): a large file is created locked, its parts planned; the lock is in the answer
    const lock = plan.kind === 'parts' ? newLockValue() : '';
    try {
      await withTransaction(pool, async (c) => {
        const identificatie =
          supplied || (await allocateDocumentIdentificatie(c, body.creatiedatum as string));
        if (supplied) await noteUsedIdentificaties(c, [supplied]);
        const id = await repo.insertDocument(c, { uuid, bronorganisatie: bron, identificatie });
        await repo.insertVersion(c, id, 1, inputToValues(body, iot, identificatie, file));
        if (plan.kind === 'parts') {
          await repo.setLock(c, id, lock);
          await plans.start(c, id, uuid, plan.size);
        }
      });
    } catch (err) {
      if (plan.kind === 'empty') await blobs.delete(emptyKey);
      if (isIdentificatieConflict(err)) throw identificatieNietUniek(supplied);
      throw err;
    }
    return { ...(await render(uuid, lock)), lock };
  }

  function checkLock(head: repo.DocumentHead, body: EioInput, partial: boolean): void {
    if (head.lock === '')
      throw invalidParam('nonFieldErrors', 'unlocked', 'Unlocked document kan niet bewerkt worden.');
    if (partial && !Object.hasOwn(body, 'lock'))
      throw invalidParam(
        'nonFieldErrors',
        'missing-lock-id',
        'Dit document is gelocked. Geef het lock-ID op.',
      );
    if (body.lock !== head.lock)
      throw invalidParam('nonFieldErrors', 'incorrect-lock-id', 'Incorrect lock ID.');
  }

  /** PUT (partial false) and PATCH (partial true): a new version row (§1.6.6). */
  async function update(uuid: string, req: WriteRequest, partial: boolean): Promise<Record<string, unknown>> {
    const current = await load(uuid);
    const currentIot = rowIotUrl(config.publicUrl, current);
    requireObjectScope(req.auth, DRC, IOT, 'documenten.bijwerken', {
      typeUrl: currentIot,
      vertrouwelijkheidaanduiding: current.vertrouwelijkheidaanduiding,
    });
    const body = req.body;
    const errs = fieldErrors(req, partial);
    if (!partial && !Object.hasOwn(body, 'lock'))
      errs.push({ name: 'lock', code: 'required', reason: 'Dit veld is vereist.' });
    else if (Object.hasOwn(body, 'lock') && typeof body.lock !== 'string')
      errs.push({ name: 'lock', code: 'invalid', reason: 'Not a valid string.' });
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
    requireObjectScope(req.auth, DRC, IOT, 'documenten.bijwerken', {
      typeUrl: iot.url,
      vertrouwelijkheidaanduiding:
        (merged.vertrouwelijkheidaanduiding as string) || iot.vertrouwelijkheidaanduiding,
    });
    const emptyKey = documentUploadKey(uuid);
    let plan: FilePlan = { kind: 'none' };
    let unused: string[] = [];
    try {
      await withTransaction(pool, async (c) => {
        const head = await repo.lockDocumentRow(c, uuid);
        if (!head) throw notFound();
        checkLock(head, body, partial);
        const upload = usableUpload(req.upload);
        plan = partial ? planFileForPatch(body, upload, current) : planFileForReplace(body, upload);
        const file = await materialise(plan, emptyKey);
        const values = inputToValues(merged, iot, merged.identificatie as string, file);
        await repo.insertVersion(c, head.id, head.latest_versie + 1, values);
        const p = plan as FilePlan;
        unused = await plans.follow(c, head.id, uuid, p.kind === 'parts' ? p.size : undefined);
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
      typeUrl: rowIotUrl(config.publicUrl, row),
      vertrouwelijkheidaanduiding: row.vertrouwelijkheidaanduiding,
    });
    return row;
  }

  async function lock(uuid: string, auth: AuthContext): Promise<string> {
    await authorised(uuid, auth, 'documenten.lock');
    return withTransaction(pool, async (c) => {
      const head = await repo.lockDocumentRow(c, uuid);
      if (!head) throw notFound();
      if (head.lock !== '')
        throw invalidParam('nonFieldErrors', 'existing-lock', 'Het document is al gelocked.');
      const value = newLockValue();
      await repo.setLock(c, head.id, value);
      return value;
    });
  }

  /**
   * §1.6.8: the lock value, unless the caller may force-unlock this document; then also the
   * bestandsdelen are finished (§1.6.3). A forced unlock is one without the right lock value:
   * given the right one, the normal rules apply even to a caller that could force.
   */
  async function unlock(uuid: string, auth: AuthContext, body: EioInput): Promise<void> {
    const row = await load(uuid);
    const ref = {
      typeUrl: rowIotUrl(config.publicUrl, row),
      vertrouwelijkheidaanduiding: row.vertrouwelijkheidaanduiding,
    };
    const force = hasObjectScope(auth, DRC, IOT, 'documenten.geforceerd-unlock', ref);
    if (!force) requireObjectScope(auth, DRC, IOT, 'documenten.lock', ref);
    const unused = await withTransaction(pool, async (c) => {
      const head = await repo.lockDocumentRow(c, uuid);
      if (!head) throw notFound();
      const given = typeof body.lock === 'string' ? body.lock : '';
      if (!force && given !== head.lock)
        throw invalidParam('nonFieldErrors', 'incorrect-lock-id', 'Incorrect lock ID.');
      const files = await plans.finish(c, head.id, given !== head.lock);
      await repo.setLock(c, head.id, '');
      return files;
    });
    await plans.removeFiles(unused);
  }

  /** §1.6.7: all versions and files; refused while locked or related to a zaak. */
  async function destroy(uuid: string, auth: AuthContext): Promise<void> {
    await authorised(uuid, auth, 'documenten.verwijderen');
    await withTransaction(pool, async (c) => {
      const head = await repo.lockDocumentRow(c, uuid);
      if (!head) throw notFound();
      if (await repo.hasZaakRelations(c, head.id))
        throw invalidParam(
          'nonFieldErrors',
          'pending-relations',
          'All relations to the informatieobject should be destroyed before destroying the informatieobject',
        );
      if (head.lock !== '')
        throw invalidParam(
          'nonFieldErrors',
          'destroy-locked',
          'Een gelockt document kan niet verwijderd worden.',
        );
      await repo.deleteDocument(c, head.id);
    });
    await blobs.deletePrefix(documentKeyPrefix(uuid));
  }

  return { create, update, lock, unlock, destroy, authorised };
}

export type DocumentService = ReturnType<typeof createDocumentService>;

/** 32 lowercase hex characters (§1.3). */
const newLockValue = (): string => randomUUID().replace(/-/g, '');
