import type pg from 'pg';
import { beginFenced } from './repository.js';
import type { EngineCollaborators } from './ports.js';
import { validationComment } from './row-mapping.js';
import { type DocumentRow, type PreparedBatch, type RowOutcome, vertrouwelijkheidRank } from './types.js';

/**
 * The batch transaction (import.md Part 2 #9/#10): fencing check, identificaties, documents
 * + versions + zaak links in bulk, report rows, counters and next_record, all or nothing.
 * A constraint violation is isolated to its row by retrying the batch with a savepoint per
 * row; a row is `Geïmporteerd` only when its data committed.
 */
export interface CommitContext {
  pool: pg.Pool;
  collab: EngineCollaborators;
  importId: number;
  leaseToken: number;
  /** A dry run: report rows, counters and the keys it would take; no documents (issue 10 #2). */
  dryRun: boolean;
  /** Live progress written with the counters: measured rates and busy ms per stage. */
  progress: () => BatchProgress;
  /** The connection kept from batch to batch (released by releaseCommitConnection). */
  conn?: HeldConnection;
}

interface HeldConnection {
  client: pg.PoolClient;
  /** Set when the connection failed: it is dropped, never reused. */
  broken: boolean;
  onError: () => void;
}

async function holdConnection(ctx: CommitContext): Promise<HeldConnection> {
  if (ctx.conn && !ctx.conn.broken) return ctx.conn;
  // One that broke while idle between batches is given back (and dropped) first: a leaked
  // client starves the pool and makes pool.end() at shutdown wait for ever.
  releaseCommitConnection(ctx);
  const client = await ctx.pool.connect();
  // A connection killed between two queries is reported as an event; the next query fails anyway.
  const held: HeldConnection = {
    client,
    broken: false,
    onError: () => {
      held.broken = true;
    },
  };
  client.on('error', held.onError);
  ctx.conn = held;
  return held;
}

/** Gives the batch connection back to the pool (end of a run, or after it broke). */
export function releaseCommitConnection(ctx: CommitContext): void {
  const held = ctx.conn;
  if (!held) return;
  ctx.conn = undefined;
  held.client.off('error', held.onError);
  held.client.release(held.broken ? true : undefined);
}

export interface BatchProgress {
  rowsPerSecond: number | null;
  bytesPerSecond: number | null;
  stageMs: Record<string, number>;
}

export type CommitResult =
  | { committed: true; failedKeys: string[]; bytes: number; succeeded: number; invalid: number }
  | { committed: false; alreadyDone: true };

/** Integrity (23) and data (22) errors belong to a row; anything else is the batch's. */
const isConstraint = (err: unknown): boolean => /^2[23]/.test((err as { code?: string }).code ?? '');
/** PostgreSQL text cannot hold NUL; a comment quoting a value shows it the way Python would. */
const storable = (s: string | null): string | null => (s === null ? null : s.replace(/\0/g, '\\x00'));

export async function commitBatch(ctx: CommitContext, batch: PreparedBatch): Promise<CommitResult> {
  try {
    return await inTransaction(ctx, batch, false);
  } catch (err) {
    if (!isConstraint(err)) throw err;
    return inTransaction(ctx, batch, true);
  }
}

async function inTransaction(
  ctx: CommitContext,
  batch: PreparedBatch,
  isolate: boolean,
): Promise<CommitResult> {
  const held = await holdConnection(ctx);
  const client = held.client;
  try {
    const next = await beginFenced(client, ctx.importId, ctx.leaseToken);
    if (next > batch.firstIndex) {
      // An earlier attempt committed and only the acknowledgement was lost.
      await client.query('ROLLBACK');
      return { committed: false, alreadyDone: true };
    }
    const rows = batch.rows.map((r) => ({ ...r, doc: r.doc ? { ...r.doc } : undefined }));
    const docs = rows.filter((r) => r.doc);
    if (ctx.dryRun) {
      await recordDryRun(client, ctx.importId, rows);
    } else {
      await assignIdentificaties(ctx, client, docs);
      if (isolate) {
        await insertRowByRow(ctx, client, docs);
        await insertImportRows(client, ctx.importId, rows);
      } else {
        await insertDocuments(ctx, client, docs, rows);
      }
    }
    const bytes = rows.reduce((n, r) => n + (r.succeeded && r.doc ? r.doc.bestandsomvang : 0), 0);
    const totals = await bumpCountersAndCommit(
      client,
      ctx.importId,
      rows,
      batch.nextRecord,
      bytes,
      ctx.progress(),
    );
    batch.rows = rows;
    return {
      committed: true,
      failedKeys: rows.filter((r) => !r.succeeded && r.blobKey).map((r) => r.blobKey!),
      bytes,
      ...totals,
    };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {
      held.broken = true;
    });
    if (held.broken) releaseCommitConnection(ctx);
    throw err;
  }
}

async function assignIdentificaties(
  ctx: CommitContext,
  client: pg.PoolClient,
  rows: RowOutcome[],
): Promise<void> {
  const perYear = new Map<number, number>();
  const given: string[] = [];
  for (const r of rows) {
    const d = r.doc!;
    if (d.identificatie === '') {
      const y = Number(d.creatiedatum.slice(0, 4));
      perYear.set(y, (perYear.get(y) ?? 0) + 1);
    } else given.push(d.identificatie);
  }
  if (given.length > 0) await ctx.collab.noteUsedIdentificaties(client, given);
  if (perYear.size === 0) return;
  const allocated = await ctx.collab.allocateIdentificaties(client, perYear);
  const cursor = new Map<number, number>();
  for (const r of rows) {
    const d = r.doc!;
    if (d.identificatie !== '') continue;
    const y = Number(d.creatiedatum.slice(0, 4));
    const at = cursor.get(y) ?? 0;
    cursor.set(y, at + 1);
    d.identificatie = allocated.get(y)?.[at] ?? '';
    r.identificatie = d.identificatie;
  }
}

async function insertRowByRow(ctx: CommitContext, client: pg.PoolClient, rows: RowOutcome[]): Promise<void> {
  for (const r of rows) {
    await client.query('SAVEPOINT row');
    try {
      await insertDocuments(ctx, client, [r]);
      await client.query('RELEASE SAVEPOINT row');
    } catch (err) {
      if (!isConstraint(err)) throw err;
      await client.query('ROLLBACK TO SAVEPOINT row');
      r.succeeded = false;
      r.opmerking = constraintComment(r, err as pg.DatabaseError);
      // The key of a uuid that another writer now owns is theirs: never delete it.
      if ((err as pg.DatabaseError).constraint === 'documents_uuid_unique') r.blobKey = null;
    }
  }
}

function constraintComment(r: RowOutcome, err: pg.DatabaseError): string {
  const d = r.doc!;
  if (err.constraint === 'documents_bron_ident_uq') {
    return validationComment(r.index, [
      {
        name: 'identificatie',
        code: 'identificatie-niet-uniek',
        reason: `Deze identificatie (${d.identificatie}) bestaat al voor deze bronorganisatie`,
      },
    ]);
  }
  if (err.constraint === 'documents_uuid_unique') {
    return `UUID given on row ${r.index} was already found! Not overwriting existing EIO.`;
  }
  if (
    d.zaakId !== null &&
    /zaakinformatieobjecten|object_informatieobjecten|zio_|oio_/.test(err.constraint ?? '')
  ) {
    return `Unable to couple row ${r.index} to ZAAK ${d.zaakUuid}:\n ${err.message}`;
  }
  return `Unable to load row due to batch error: ${err.message}`;
}

const COLUMNS: [string, string, (d: DocumentRow) => unknown][] = [
  ['identificatie', 'text', (d) => d.identificatie],
  ['bronorganisatie', 'text', (d) => d.bronorganisatie],
  ['creatiedatum', 'date', (d) => d.creatiedatum],
  ['titel', 'text', (d) => d.titel],
  ['vertrouwelijkheidaanduiding', 'text', (d) => d.vertrouwelijkheidaanduiding],
  ['vertrouwelijkheid_rank', 'int2', (d) => vertrouwelijkheidRank(d.vertrouwelijkheidaanduiding)],
  ['auteur', 'text', (d) => d.auteur],
  ['status', 'text', (d) => d.status],
  ['formaat', 'text', (d) => d.formaat],
  ['taal', 'text', (d) => d.taal],
  ['bestandsnaam', 'text', (d) => d.bestandsnaam],
  ['blob_key', 'text', (d) => d.blobKey],
  ['bestandsomvang', 'int8', (d) => d.bestandsomvang],
  ['link', 'text', (d) => d.link],
  ['beschrijving', 'text', (d) => d.beschrijving],
  ['ontvangstdatum', 'date', (d) => d.ontvangstdatum],
  ['verzenddatum', 'date', (d) => d.verzenddatum],
  ['indicatie_gebruiksrecht', 'bool', (d) => d.indicatieGebruiksrecht],
  ['verschijningsvorm', 'text', (d) => d.verschijningsvorm],
  ['ondertekening_soort', 'text', (d) => d.ondertekeningSoort],
  ['ondertekening_datum', 'date', (d) => d.ondertekeningDatum],
  ['integriteit_algoritme', 'text', (d) => d.integriteitAlgoritme],
  ['integriteit_waarde', 'text', (d) => d.integriteitWaarde],
  ['integriteit_datum', 'date', (d) => d.integriteitDatum],
  ['informatieobjecttype_id', 'int4', (d) => d.informatieobjecttypeId],
  ['informatieobjecttype_url', 'text', (d) => d.informatieobjecttypeUrl],
];

const REPORT_COLUMNS = 'import_id, row_index, succeeded, uuid, identificatie, opmerking, blob_key';
const REPORT_TYPES = ['int8', 'bool', 'text', 'text', 'text', 'text'];

/**
 * documents + version 1 in one statement; the CTE hands the new ids to the versions. With
 * `report`, the batch's report rows go in the same statement (one round trip less).
 */
function insertSql(report: boolean): string {
  const r0 = COLUMNS.length + 3;
  const reportCte = report
    ? `, r as (
    insert into import_rows (${REPORT_COLUMNS})
    select $${r0}, * from unnest(${REPORT_TYPES.map((t, i) => `$${r0 + 1 + i}::${t}[]`).join(', ')})
  )`
    : '';
  return `
  with t as (
    select * from unnest($1::uuid[], $2::text[], ${COLUMNS.map((c, i) => `$${i + 3}::${c[1]}[]`).join(', ')})
      as t(uuid, trefwoorden, ${COLUMNS.map((c) => c[0]).join(', ')})
  ), d as (
    insert into documents (uuid, bronorganisatie, identificatie)
    select uuid, bronorganisatie, identificatie from t returning id, uuid
  ), v as (
    insert into document_versions (document_id, versie, trefwoorden, ${COLUMNS.map((c) => c[0]).join(', ')})
    select d.id, 1, array(select jsonb_array_elements_text(t.trefwoorden::jsonb)), ${COLUMNS.map((c) => `t.${c[0]}`).join(', ')}
      from t join d on d.uuid = t.uuid
  )${reportCte}
  select id, uuid::text as uuid from d`;
}
const INSERT_SQL = insertSql(false);
const INSERT_WITH_REPORT_SQL = insertSql(true);

/** Report rows as unnest parameters (import id first). */
function reportParams(importId: number, rows: RowOutcome[]): unknown[] {
  return [
    importId,
    rows.map((r) => r.index),
    rows.map((r) => r.succeeded),
    rows.map((r) => storable(r.uuid)),
    rows.map((r) => storable(r.identificatie)),
    rows.map((r) => storable(r.opmerking)),
    rows.map((r) => (r.succeeded ? r.blobKey : null)),
  ];
}

async function insertDocuments(
  ctx: CommitContext,
  client: pg.PoolClient,
  rows: RowOutcome[],
  report?: RowOutcome[],
): Promise<void> {
  if (rows.length === 0) {
    if (report) await insertImportRows(client, ctx.importId, report);
    return;
  }
  const docs = rows.map((r) => r.doc!);
  const params: unknown[] = [docs.map((d) => d.uuid), docs.map((d) => JSON.stringify(d.trefwoorden))];
  for (const [, , get] of COLUMNS) params.push(docs.map(get));
  if (report) params.push(...reportParams(ctx.importId, report));
  // Named: parsed and planned once per connection, not per batch.
  const { rows: inserted } = await client.query({
    name: report ? 'import-insert-documents-report' : 'import-insert-documents',
    text: report ? INSERT_WITH_REPORT_SQL : INSERT_SQL,
    values: params,
  });
  const ids = new Map(inserted.map((r) => [r.uuid as string, Number(r.id)]));
  const links = docs
    .filter((d) => d.zaakId !== null)
    .map((d) => ({ zaakId: d.zaakId!, documentId: ids.get(d.uuid)! }));
  if (links.length > 0) await ctx.collab.insertZaakInformatieobjecten(client, links);
}

async function insertImportRows(client: pg.PoolClient, importId: number, rows: RowOutcome[]): Promise<void> {
  await client.query({
    name: 'import-insert-report-rows',
    text: `insert into import_rows (${REPORT_COLUMNS})
     select $1, * from unnest(${REPORT_TYPES.map((t, i) => `$${i + 2}::${t}[]`).join(', ')})`,
    values: reportParams(importId, rows),
  });
}

/**
 * A dry run's batch: its report rows (a passing row shows only the uuid/identificatie of its
 * CSV: nothing was assigned) and the keys its passing rows would take, so that later rows of
 * the file are checked against them as a real run checks against committed documents.
 */
async function recordDryRun(client: pg.PoolClient, importId: number, rows: RowOutcome[]): Promise<void> {
  const keys: { kind: string; key: string }[] = [];
  for (const r of rows) {
    if (!r.succeeded || !r.doc) continue;
    keys.push({ kind: 'u', key: r.doc.uuid });
    if (r.doc.identificatie !== '')
      keys.push({ kind: 'i', key: `${r.doc.bronorganisatie}\u0001${r.doc.identificatie}` });
    r.uuid = r.doc.csvUuid;
    r.identificatie = r.doc.identificatie === '' ? null : r.doc.identificatie;
    r.blobKey = null;
  }
  await insertImportRows(client, importId, rows);
  if (keys.length === 0) return;
  await client.query(
    `insert into import_dry_keys (import_id, kind, key) select $1, * from unnest($2::text[], $3::text[])
     on conflict do nothing`,
    [importId, keys.map((k) => k.kind), keys.map((k) => k.key)],
  );
}

const num = (v: number | null): string =>
  v === null || !Number.isFinite(v) ? 'null' : String(Math.round(v * 100) / 100);

/**
 * Counters, next_record, live progress and COMMIT in one round trip. Every value is a number
 * of the engine's own (checked, inlined); the stage keys are its own constants.
 */
async function bumpCountersAndCommit(
  client: pg.PoolClient,
  importId: number,
  rows: RowOutcome[],
  next: number,
  bytes: number,
  progress: BatchProgress,
): Promise<{ succeeded: number; invalid: number }> {
  const ok = rows.filter((r) => r.succeeded).length;
  const n = [importId, rows.length, ok, rows.length - ok, next, bytes];
  if (!n.every(Number.isSafeInteger)) throw new Error(`bad counters ${n.join(',')}`);
  const stages = JSON.stringify(
    Object.fromEntries(
      Object.entries(progress.stageMs)
        .filter(([k]) => /^[a-z]+$/.test(k))
        .map(([k, v]) => [k, Number.isFinite(v) ? Math.round(v) : 0]),
    ),
  );
  const results = (await client.query(
    `update imports set processed = processed + ${n[1]}, processed_successfully = processed_successfully + ${n[2]},
            processed_invalid = processed_invalid + ${n[3]}, next_record = ${n[4]},
            bytes_copied = bytes_copied + ${n[5]}, rows_per_second = ${num(progress.rowsPerSecond)},
            bytes_per_second = ${num(progress.bytesPerSecond)}, progress_at = now(),
            stage_ms = '${stages}'::jsonb, fault_retries = 0
      where id = ${n[0]} returning processed_successfully, processed_invalid; commit`,
  )) as unknown as pg.QueryResult[];
  const r = results[0]?.rows[0];
  return { succeeded: Number(r?.processed_successfully ?? 0), invalid: Number(r?.processed_invalid ?? 0) };
}
