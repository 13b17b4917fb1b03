import { documentBlobKey } from '../../documenten/storage-keys.js';
import type { InvalidParam } from '../../shared/errors.js';
import type { BlobStore, SourceVerdict } from '../../storage/blob-store.js';
import { baseDirProblem, DEVICE_ERRORS, ServerFault } from './faults.js';
import { type BatchKeys, identKey, inAny } from './inflight.js';
import { type LookupContext, type Lookups, lookUp } from './lookups.js';
import { addPathHints } from './path-hints.js';
import { echo, validationComment } from './row-mapping.js';
import { derivedRowUuid, normaliseUuid } from './row-uuid.js';
import { digestToVerify, type FileOk, fileOutcome, sourcePath } from './source-file.js';
import type { DecidedRow, ParsedBatch, ParsedRow, PreparedBatch, RejectedRow } from './types.js';
import { buildDocumentRow } from './document-row.js';
import { publishBatchFiles, readyKeys } from './copy-files.js';

/**
 * Open Zaak's per-row import steps 3–9 for one batch: one query each for existing uuids,
 * identificaties and zaken and one resolveMany for the informatieobjecttypen; then the source
 * file of every row still in the running is opened once, checked on its descriptor and copied
 * from it to a temporary name under its key (on the file threads). Returns every row's
 * outcome; accepted rows go on to be published (renamed into place) and committed.
 */
export interface PrepareContext extends LookupContext {
  blobs: BlobStore;
  importUuid: string;
  leaseToken: number;
  /** realpath of IMPORT_DOCUMENTEN_BASE_DIR: every source's descriptor must lie inside it. */
  realBase: string;
  /** A source whose reads make no progress for this long fails its row. */
  sourceStallMs: number;
  /** The configured directory (for a fault's comment). */
  baseDir: string;
  /** Records up to here may have files from a batch that never committed (swept first). */
  copyHorizon: number;
  /** The copy_horizon this run has recorded so far (raised in strides, not per batch). */
  raisedHorizon: number;
  fileConcurrency: number;
  /** Strips server paths from error texts. */
  scrub(text: string): string;
  /** Busy time per stage (ms), logged when the run ends: shows the bottleneck. */
  stageMs: Record<'lookup' | 'copy' | 'publish' | 'commit', number>;
}

/** A batch whose rows are decided; its files are copied by the next stage. */
export interface DecidedBatch {
  batch: ParsedBatch;
  outcomes: DecidedRow[];
  lookups: { uuids: Set<string>; inflight: BatchKeys[] };
}

/** Decisions in file order (a stage of its own, so copying batch n overlaps deciding n+1). */
export async function decideBatch(ctx: PrepareContext, batch: ParsedBatch): Promise<DecidedBatch> {
  const live = batch.rows.filter((r): r is ParsedRow => r.state === 'parsed');
  let t = performance.now();
  const lookups = await lookUp(ctx, live);
  ctx.stageMs.lookup += performance.now() - t;
  t = performance.now();
  const checked = new Map<number, Check>();
  for (const r of live) checked.set(r.index, checkFieldsAndReferences(r, lookups));
  const files = await copySources(
    ctx,
    batch,
    live.filter((r) => checked.get(r.index)?.kind === 'ok' && !surelyDuplicate(r, lookups)),
    lookups,
  );
  const keys: BatchKeys = { uuids: new Set(), identificaties: new Set() };
  const outcomes = batch.rows.map((r) =>
    r.state === 'unreadable'
      ? rejected(r.index, r.comment)
      : decideRow(ctx, r, checked.get(r.index) ?? OK, files.get(r.index), lookups, keys),
  );
  // Copies of rows that failed after all (a duplicate of an earlier row of this batch).
  const going = new Set(outcomes.filter((o) => o.state === 'accepted').map((o) => o.index));
  const unused = [...files.entries()].flatMap(([index, f]) =>
    typeof f !== 'string' && f.staged && !going.has(index) ? [f.staged] : [],
  );
  if (unused.length > 0) await ctx.blobs.discardStaged(unused);
  ctx.stageMs.copy += performance.now() - t;
  ctx.inflight.add(batch.seq, keys);
  return { batch, outcomes, lookups };
}

/**
 * Steps 7–9 for the rows that passed every earlier check: one open of each source file,
 * checked on the descriptor and copied from it (README "Bulk import of documents"). The keys the copies
 * go under are recorded first (copy horizon), and a resumed batch first sweeps what an
 * interrupted attempt may have left there.
 */
async function copySources(
  ctx: PrepareContext,
  batch: ParsedBatch,
  rows: ParsedRow[],
  l: Lookups,
): Promise<Map<number, FileOk | string>> {
  const files = new Map<number, FileOk | string>();
  const opened: { r: ParsedRow; path: string }[] = [];
  for (const r of rows) {
    const p = sourcePath(ctx.realBase, r.values.bestandspad ?? '', r.index);
    if (typeof p === 'string') files.set(r.index, p);
    else opened.push({ r, path: p.path });
  }
  if (!ctx.dryRun) await readyKeys(ctx, batch, l);
  if (opened.length === 0) return files;
  const verdicts = await ctx.blobs.stageFiles(
    opened.map(({ r, path }) => ({
      key: documentBlobKey(rowUuid(ctx, r), 1),
      source: path,
      digest: digestToVerify(r.values),
    })),
    {
      within: ctx.realBase,
      concurrency: ctx.fileConcurrency,
      stallMs: ctx.sourceStallMs,
      checkOnly: ctx.dryRun,
    },
  );
  await faultsOf(ctx, verdicts);
  opened.forEach(({ r }, i) => {
    files.set(r.index, fileOutcome(verdicts[i]!, r, ctx.scrub));
  });
  // A missing file that a `\`, spaces or NFC/NFD explain gets a hint (issue 10, path-hints.ts).
  await addPathHints(
    ctx.realBase,
    opened.flatMap(({ r }, i) => (verdicts[i]?.kind === 'not-file' ? [r] : [])),
    files,
  );
  return files;
}

/**
 * A batch whose copies failed for a reason that is the server's (storage full or failing,
 * the import directory gone, a failing device) is not decided at all: its copies are
 * dropped and the import pauses (ServerFault); no row is failed for the server's fault.
 */
async function faultsOf(ctx: PrepareContext, verdicts: SourceVerdict[]): Promise<void> {
  const storage = verdicts.find((v) => v.kind === 'storage-error');
  const device = verdicts.find(
    (v) => v.kind === 'error' && v.code !== undefined && DEVICE_ERRORS.has(v.code),
  );
  let fault: string | undefined;
  if (storage?.kind === 'storage-error') {
    fault = `Import gepauzeerd: de opslag weigert te schrijven (${storage.code ?? 'error'}): ${ctx.scrub(storage.message)}. Maak ruimte vrij of herstel de opslag; de import probeert het zelf opnieuw (of: resume).`;
  } else if (device?.kind === 'error') {
    fault = `Import gepauzeerd: de importmap geeft een apparaatfout (${device.code}): ${ctx.scrub(device.message)}. De import probeert het zelf opnieuw (of: resume).`;
  } else if (verdicts.some((v) => v.kind !== 'ok' && v.kind !== 'changed')) {
    // Rows whose file is missing or unreadable: first make sure the directory itself is there.
    const problem = await baseDirProblem(ctx.realBase, 10_000);
    if (problem !== undefined) {
      fault = `Import gepauzeerd: de importmap ${ctx.baseDir} is niet bereikbaar (${problem}). Herstel de map; de import probeert het zelf opnieuw (of: resume).`;
    }
  }
  if (fault === undefined) return;
  const staged = verdicts.flatMap((v) => (v.kind === 'ok' && v.staged ? [v.staged] : []));
  await ctx.blobs.discardStaged(staged).catch(() => undefined);
  throw new ServerFault(fault);
}

export async function copyDecided(ctx: PrepareContext, d: DecidedBatch): Promise<PreparedBatch> {
  const { batch, outcomes } = d;
  const t = performance.now();
  await publishBatchFiles(ctx, outcomes);
  ctx.stageMs.publish += performance.now() - t;
  return { seq: batch.seq, firstIndex: batch.firstIndex, nextRecord: batch.nextRecord, rows: outcomes };
}

/** What the checks before the copy found: a row that is not `ok` is not copied. */
type Check =
  | { kind: 'ok' }
  | { kind: 'problems'; problems: InvalidParam[] }
  | { kind: 'bad-uuid'; comment: string }
  | { kind: 'unknown-zaak'; comment: string };
const OK: Check = { kind: 'ok' };

/**
 * Field problems (with the informatieobjecttype's resolution), uuid syntax and the zaak
 * (Open Zaak's per-row import steps (3–5)); duplicates come later, in file order.
 */
function checkFieldsAndReferences(r: ParsedRow, l: Lookups): Check {
  const problems = [...r.problems];
  const iot = String(r.body.informatieobjecttype ?? '');
  const res = l.iots.get(iot);
  if (res && !res.ok) problems.push({ name: 'informatieobjecttype', code: res.code, reason: res.reason });
  if (problems.length > 0) return { kind: 'problems', problems };
  const v = r.values;
  if ((v.uuid ?? '') !== '' && !normaliseUuid(v.uuid ?? '')) {
    const comment = `Given UUID for row ${r.index} is not a valid UUID (version 4)${echo('uuid', v.uuid ?? '')}`;
    return { kind: 'bad-uuid', comment };
  }
  const zaak = v.zaakUuid ?? '';
  if (zaak !== '' && !l.zaken.has(normaliseUuid(zaak) ?? ''))
    return {
      kind: 'unknown-zaak',
      comment: `Zaak ID specified for row ${r.index} is unknown.${echo('zaakUuid', zaak)}`,
    };
  return OK;
}

/** A row that fails on its uuid or identificatie whatever its file: no need to copy it. */
function surelyDuplicate(r: ParsedRow, l: Lookups): boolean {
  const v = r.values;
  const csvUuid = normaliseUuid(v.uuid ?? '');
  if (csvUuid && (l.uuids.has(csvUuid) || inAny(l.inflight, 'uuids', csvUuid))) return true;
  const ident = String(r.body.identificatie ?? '');
  const ik = identKey(v.bronorganisatie ?? '', ident);
  return ident !== '' && (l.idents.has(ik) || inAny(l.inflight, 'identificaties', ik));
}

function rowUuid(ctx: PrepareContext, r: ParsedRow): string {
  return normaliseUuid(r.values.uuid ?? '') ?? derivedRowUuid(ctx.importUuid, r.index);
}

const rejected = (index: number, opmerking: string): RejectedRow => ({ state: 'rejected', index, opmerking });

/**
 * A row's verdict, in file order (so "earlier in the file" means exactly that): field
 * problems and a duplicate identificatie, then the uuid's syntax and uniqueness, then the
 * zaak, then the file; a row that passes all of them is accepted with its document.
 */
function decideRow(
  ctx: PrepareContext,
  r: ParsedRow,
  check: Check,
  file: FileOk | string | undefined,
  l: Lookups,
  keys: BatchKeys,
): DecidedRow {
  const v = r.values;
  const problems = check.kind === 'problems' ? [...check.problems] : [];
  const ident = String(r.body.identificatie ?? '');
  const ik = identKey(v.bronorganisatie ?? '', ident);
  if (
    ident !== '' &&
    (l.idents.has(ik) || keys.identificaties.has(ik) || inAny(l.inflight, 'identificaties', ik))
  ) {
    problems.push({
      name: 'identificatie',
      code: 'identificatie-niet-uniek',
      reason: `Deze identificatie (${ident}) bestaat al voor deze bronorganisatie`,
    });
  }
  if (problems.length > 0) return rejected(r.index, validationComment(r.index, problems));
  if (check.kind === 'bad-uuid') return rejected(r.index, check.comment);
  const csvUuid = normaliseUuid(v.uuid ?? '');
  if (csvUuid && (l.uuids.has(csvUuid) || keys.uuids.has(csvUuid) || inAny(l.inflight, 'uuids', csvUuid))) {
    return rejected(r.index, `UUID given on row ${r.index} was already found! Not overwriting existing EIO.`);
  }
  if (check.kind === 'unknown-zaak') return rejected(r.index, check.comment);
  if (typeof file === 'string' || file === undefined)
    return rejected(r.index, file ?? 'internal: no file check');
  const doc = buildDocumentRow(ctx.importUuid, r, file, l);
  keys.uuids.add(doc.uuid);
  if (ident !== '') keys.identificaties.add(ik);
  return { state: 'accepted', index: r.index, doc };
}
