import { randomUUID } from 'node:crypto';
import type { AuthContext } from '../../auth/types.js';
import { type Queryable, withTransaction } from '../../db/pool.js';
import type { Deps } from '../../deps.js';
import { invalidParam, notFound } from '../../shared/errors.js';
import { MESSAGES } from '../../shared/messages.js';
import { createDocumentChanges } from '../changes.js';
import { gebruiksrechtErrors } from '../errors.js';
import { createLinkedDocuments } from '../linked-document.js';
import { createLinkedDocumentRepository, type LinkedDocument } from '../linked-document-repository.js';
import { isUuid } from '../../shared/ids.js';
import { type LinkedExpand, parseLinkedExpand } from '../linked-expand.js';
import { filterMoment } from './date-filter.js';
import { toGebruiksrecht } from './mapper.js';
import {
  type Comparison,
  createGebruiksrechtenRepository,
  type GebruiksrechtenRepository,
  type GebruiksrechtListFilters,
  type GebruiksrechtRow,
  type GebruiksrechtValues,
} from './repository.js';
import {
  DATE_FILTERS,
  type GebruiksrechtenFilters,
  type GebruiksrechtInput,
  type GebruiksrechtResource,
} from './schemas.js';

/**
 * Gebruiksrechten (Documenten API /gebruiksrechten). Autorisatie is the
 * linked document's. Creating one sets the document's `indicatieGebruiksrecht` to true,
 * deleting the last one sets it to null: in the same transaction, with the document row held,
 * so a concurrent update of the document cannot write a stale indication.
 */
export function createGebruiksrechtenService(deps: Deps) {
  const { pool } = deps;
  const docs = createLinkedDocuments(deps);
  const changes = createDocumentChanges(deps);
  const repo = deps.gebruiksrechten;
  const toResource = (row: GebruiksrechtRow): GebruiksrechtResource => toGebruiksrecht(deps.urls, row);

  type Expanded = GebruiksrechtResource & { _expand?: Record<string, unknown> };
  const expanded = (auth: AuthContext, rows: GebruiksrechtRow[], want: LinkedExpand | undefined) =>
    docs.expand(
      auth,
      rows.map((r) => ({ resource: toResource(r), documentUuid: r.document_uuid })),
      want,
    );

  async function list(auth: AuthContext, q: GebruiksrechtenFilters): Promise<Expanded[]> {
    const want = parseLinkedExpand(q.expand, auth); // a bad expand is a 400 even when nothing matches
    const f: GebruiksrechtListFilters = { dates: [] };
    for (const name of DATE_FILTERS) {
      const value = q[name];
      if (value === undefined) continue;
      const moment = filterMoment(value);
      if (moment === undefined) throw invalidParam(name, 'invalid', 'Voer een geldige datum/tijd in.');
      const [column, op] = name.split('__') as ['startdatum' | 'einddatum', Comparison];
      f.dates.push({ column, op, value: moment });
    }
    if (q.informatieobject !== undefined) {
      f.documentUuid = docs.uuidOf(q.informatieobject);
      if (f.documentUuid === undefined) return []; // no document of this API: nothing matches
    }
    const rows = await repo.list(f, await docs.grants(auth));
    return expanded(auth, rows, want);
  }

  async function retrieve(uuid: string, auth: AuthContext, expand: string | undefined): Promise<Expanded> {
    const want = parseLinkedExpand(expand, auth);
    const row = await get(uuid, auth);
    return (await expanded(auth, [row], want))[0] as Expanded;
  }

  /** One gebruiksrecht, authorised for `scope` on its document (403, not 404, as Open Zaak). */
  async function get(uuid: string, auth: AuthContext, scope = 'documenten.lezen'): Promise<GebruiksrechtRow> {
    if (!isUuid(uuid)) throw notFound();
    const row = await repo.find(uuid.toLowerCase());
    if (!row) throw notFound();
    docs.authorise(auth, scope, row);
    return row;
  }

  /** The audit record and notification of a change, in its transaction (changes.ts). */
  async function record(
    c: Queryable,
    auth: AuthContext,
    actie: 'create' | 'update' | 'partial_update' | 'destroy',
    doc: LinkedDocument,
    oud: GebruiksrechtResource | null,
    nieuw: GebruiksrechtResource | null,
  ): Promise<void> {
    const res = (nieuw ?? oud) as GebruiksrechtResource;
    await changes.record(c, {
      auth,
      actie,
      resultaat: RESULTAAT[actie],
      document: docs.ref(doc),
      resource: 'gebruiksrechten',
      resourceUrl: res.url,
      // Open Zaak's Gebruiksrechten.unique_representation: the document's, then the conditions
      resourceWeergave: `(${doc.bronorganisatie} - ${doc.identificatie}) - ${res.omschrijvingVoorwaarden.slice(0, 50)}`,
      oud,
      nieuw,
    });
  }

  async function create(auth: AuthContext, body: GebruiksrechtInput): Promise<GebruiksrechtResource> {
    const doc = await docs.byUrl(String(body.informatieobject));
    docs.authorise(auth, 'documenten.aanmaken', doc);
    const uuid = randomUUID();
    return withTransaction(pool, async (c) => {
      if (!(await createLinkedDocumentRepository(c).lock(doc.document_id)))
        throw invalidParam('informatieobject', 'does_not_exist', MESSAGES.hyperlinkDoesNotExist);
      const tx = createGebruiksrechtenRepository(c);
      await tx.insert({ uuid, documentId: doc.document_id, ...valuesFor(body, undefined) });
      await tx.setIndicatie(doc.document_id, true);
      const created = toResource(await found(tx, uuid));
      await record(c, auth, 'create', doc, null, created);
      return created;
    });
  }

  /** PUT (partial false) and PATCH (partial true); `informatieobject` cannot change. */
  async function update(
    uuid: string,
    auth: AuthContext,
    body: GebruiksrechtInput,
    partial: boolean,
  ): Promise<GebruiksrechtResource> {
    const row = await get(uuid, auth, 'documenten.bijwerken');
    if (body.informatieobject !== undefined && docs.uuidOf(body.informatieobject) !== row.document_uuid)
      throw gebruiksrechtErrors.immutable();
    return withTransaction(pool, async (c) => {
      const tx = createGebruiksrechtenRepository(c);
      await tx.update(row.id, valuesFor(body, partial ? row : undefined));
      const updated = toResource(await found(tx, row.uuid));
      await record(c, auth, partial ? 'partial_update' : 'update', row, toResource(row), updated);
      return updated;
    });
  }

  async function destroy(uuid: string, auth: AuthContext): Promise<void> {
    const row = await get(uuid, auth, 'documenten.verwijderen');
    await withTransaction(pool, async (c) => {
      await createLinkedDocumentRepository(c).lock(row.document_id);
      const tx = createGebruiksrechtenRepository(c);
      if (!(await tx.delete(row.id))) throw notFound();
      if (!(await tx.existFor(row.document_id))) await tx.setIndicatie(row.document_id, null);
      await record(c, auth, 'destroy', row, toResource(row), null);
    });
  }

  return { list, get, retrieve, create, update, destroy, toResource };
}

const RESULTAAT = { create: 201, update: 200, partial_update: 200, destroy: 204 } as const;

async function found(tx: GebruiksrechtenRepository, uuid: string): Promise<GebruiksrechtRow> {
  const row = await tx.find(uuid);
  if (!row) throw notFound();
  return row;
}

/** The stored values: the body's, and for a PATCH the current row's where the body is silent. */
function valuesFor(body: GebruiksrechtInput, current: GebruiksrechtRow | undefined): GebruiksrechtValues {
  return {
    startdatum: body.startdatum ?? current?.startdatum ?? '',
    einddatum: body.einddatum !== undefined ? body.einddatum : (current?.einddatum ?? null),
    omschrijvingVoorwaarden: body.omschrijvingVoorwaarden ?? current?.omschrijving_voorwaarden ?? '',
  };
}

/**
 * `indicatieGebruiksrecht` in a PUT/PATCH of the document itself (Open Zaak's
 * validate_indicatie_gebruiksrecht): true only while gebruiksrechten exist
 * (missing-gebruiksrechten), and not false/null while they do (existing-gebruiksrechten).
 * Run inside the update's transaction, with the document row held. Returns the value to
 * store when the body leaves the key out: true while gebruiksrechten exist (a PUT does not
 * clear it), else undefined (no change to what the update would store).
 */
export async function indicatieOnDocumentUpdate(
  c: Queryable,
  documentId: number,
  body: Record<string, unknown>,
): Promise<true | undefined> {
  const exist = await createGebruiksrechtenRepository(c).existFor(documentId);
  if (!Object.hasOwn(body, 'indicatieGebruiksrecht')) return exist ? true : undefined;
  const value = body.indicatieGebruiksrecht;
  if (exist && value !== true) throw gebruiksrechtErrors.existing();
  if (!exist && value === true) throw gebruiksrechtErrors.missing();
  return undefined;
}

export type GebruiksrechtenService = ReturnType<typeof createGebruiksrechtenService>;
