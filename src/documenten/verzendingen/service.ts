import { randomUUID } from 'node:crypto';
import type { AuthContext } from '../../auth/types.js';
import { withTransaction } from '../../db/pool.js';
import type { Deps } from '../../deps.js';
import { notFound } from '../../shared/errors.js';
import { createDocumentChanges } from '../changes.js';
import { verzendingErrors } from '../errors.js';
import { createLinkedDocuments } from '../linked-document.js';
import { type LinkedExpand, parseLinkedExpand } from '../linked-expand.js';
import type { LinkedDocument } from '../linked-document-repository.js';
import { isUuid } from '../../shared/ids.js';
import { toVerzending, valuesFor } from './mapper.js';
import {
  createVerzendingenRepository,
  type VerzendingenRepository,
  type VerzendingRow,
  type VerzendingValues,
} from './repository.js';
import type { VerzendingenFilters, VerzendingInput, VerzendingResource } from './schemas.js';

/**
 * Verzendingen (Documenten API /verzendingen). Autorisatie is the
 * linked document's; moving a verzending to another document needs the right on both.
 */
export function createVerzendingenService(deps: Deps) {
  const { pool } = deps;
  const docs = createLinkedDocuments(deps);
  const changes = createDocumentChanges(deps);
  const repo = deps.verzendingen;
  const toResource = (row: VerzendingRow): VerzendingResource => toVerzending(deps.urls, row);

  type Expanded = VerzendingResource & { _expand?: Record<string, unknown> };
  const expanded = (auth: AuthContext, rows: VerzendingRow[], want: LinkedExpand | undefined) =>
    docs.expand(
      auth,
      rows.map((r) => ({ resource: toResource(r), documentUuid: r.document_uuid })),
      want,
    );

  async function list(
    auth: AuthContext,
    q: VerzendingenFilters,
    page: { limit: number; offset: number },
  ): Promise<{ count: number; results: Expanded[] }> {
    const want = parseLinkedExpand(q.expand, auth); // a bad expand is a 400 even when nothing matches
    let documentUuid: string | undefined;
    if (q.informatieobject !== undefined) {
      documentUuid = docs.uuidOf(q.informatieobject);
      if (documentUuid === undefined) return { count: 0, results: [] }; // no document of this API
    }
    const { count, rows } = await repo.list(
      { aardRelatie: q.aardRelatie, documentUuid, betrokkene: q.betrokkene },
      await docs.grants(auth),
      page,
    );
    return { count, results: await expanded(auth, rows, want) };
  }

  async function retrieve(uuid: string, auth: AuthContext, expand: string | undefined): Promise<Expanded> {
    const want = parseLinkedExpand(expand, auth);
    const row = await get(uuid, auth);
    return (await expanded(auth, [row], want))[0] as Expanded;
  }

  /** One verzending, authorised for `scope` on its document (403, not 404, as Open Zaak). */
  async function get(uuid: string, auth: AuthContext, scope = 'documenten.lezen'): Promise<VerzendingRow> {
    if (!isUuid(uuid)) throw notFound();
    const row = await repo.find(uuid.toLowerCase());
    if (!row) throw notFound();
    docs.authorise(auth, scope, row);
    return row;
  }

  /** Writes the change and, in the same transaction, its audit record and notification. */
  async function commit(
    auth: AuthContext,
    actie: 'create' | 'update' | 'partial_update' | 'destroy',
    doc: LinkedDocument,
    write: (tx: VerzendingenRepository) => Promise<string | undefined>,
    oud: VerzendingResource | null,
  ): Promise<VerzendingResource | null> {
    return withTransaction(pool, async (c) => {
      const tx = createVerzendingenRepository(c);
      const uuid = await write(tx);
      const row = uuid === undefined ? undefined : await tx.find(uuid);
      const nieuw = row ? toResource(row) : null;
      const res = (nieuw ?? oud) as VerzendingResource;
      await changes.record(c, {
        auth,
        actie,
        resultaat: RESULTAAT[actie],
        document: docs.ref(doc),
        resource: 'verzending',
        resourceUrl: res.url,
        resourceWeergave: `${res.aardRelatie} - ${res.betrokkene}`,
        oud,
        nieuw,
      });
      return nieuw;
    });
  }

  async function create(auth: AuthContext, body: VerzendingInput): Promise<VerzendingResource> {
    const doc = await docs.byUrl(String(body.informatieobject));
    docs.authorise(auth, 'documenten.aanmaken', doc);
    const values = checked(valuesFor(body, undefined));
    const uuid = randomUUID();
    const created = await commit(
      auth,
      'create',
      doc,
      async (tx) => {
        await tx.insert({ uuid, documentId: doc.document_id, values });
        return uuid;
      },
      null,
    );
    if (!created) throw notFound();
    return created;
  }

  /** PUT (partial false) and PATCH (partial true). */
  async function update(
    uuid: string,
    auth: AuthContext,
    body: VerzendingInput,
    partial: boolean,
  ): Promise<VerzendingResource> {
    const row = await get(uuid, auth, 'documenten.bijwerken');
    let doc: LinkedDocument = row;
    if (body.informatieobject !== undefined && docs.uuidOf(body.informatieobject) !== row.document_uuid) {
      doc = await docs.byUrl(body.informatieobject);
      docs.authorise(auth, 'documenten.bijwerken', doc);
    }
    const values = checked(valuesFor(body, partial ? row : undefined));
    const actie = partial ? 'partial_update' : 'update';
    const updated = await commit(
      auth,
      actie,
      doc,
      async (tx) => {
        await tx.update(row.id, doc.document_id, values);
        return row.uuid;
      },
      toResource(row),
    );
    if (!updated) throw notFound();
    return updated;
  }

  async function destroy(uuid: string, auth: AuthContext): Promise<void> {
    const row = await get(uuid, auth, 'documenten.verwijderen');
    await commit(
      auth,
      'destroy',
      row,
      async (tx) => {
        if (!(await tx.delete(row.id))) throw notFound();
        return undefined;
      },
      toResource(row),
    );
  }

  return { list, get, retrieve, create, update, destroy, toResource };
}

const RESULTAAT = { create: 201, update: 200, partial_update: 200, destroy: 204 } as const;

/** A plain e-mail address check (Django's EmailValidator accepts about this much). */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The rules over the whole verzending (after a PATCH: the merged one). Exactly one contact
 * channel: one address group, a telefoonnummer, an emailadres, a faxnummer or mijnOverheid
 * (Open Zaak's VerzendingAddressValidator, after the VNG reference implementation; Open Zaak
 * counts telefoonnummer twice and faxnummer not at all, this counts each channel once).
 */
function checked(v: VerzendingValues): VerzendingValues {
  if (v.emailadres && !EMAIL.test(v.emailadres)) throw verzendingErrors.email();
  const groupFilled = (g: Record<string, unknown> | null) =>
    g !== null && Object.values(g).some((x) => x !== '' && x !== null && x !== undefined);
  const channels = [
    groupFilled(v.binnenlands_correspondentieadres),
    groupFilled(v.buitenlands_correspondentieadres),
    groupFilled(v.correspondentie_postadres),
    Boolean(v.telefoonnummer),
    Boolean(v.emailadres),
    Boolean(v.faxnummer),
    v.mijn_overheid,
  ].filter(Boolean).length;
  if (channels !== 1) throw verzendingErrors.invalidAddress();
  return v;
}

export type VerzendingenService = ReturnType<typeof createVerzendingenService>;
