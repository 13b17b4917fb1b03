import type { Static } from '@sinclair/typebox';
import type { Urls } from '../shared/urls.js';
import type { ImportRecord } from './repository.js';
import type { ImportSummary, ImportUrls } from './schemas.js';

/** An import record as the import API and the beheer page answer it (status, list entry, summary). */
/** The three URLs of an import (its create response, its list entries). */
export function importLinks(urls: Urls, uuid: string): Static<typeof ImportUrls> {
  return {
    uploadUrl: urls.import(uuid, 'upload'),
    statusUrl: urls.import(uuid, 'status'),
    reportUrl: urls.import(uuid, 'report'),
  };
}

export function statusBody(imp: ImportRecord) {
  const live = imp.status === 'active' && !imp.paused;
  const rps = live ? imp.rowsPerSecond : null;
  const remaining = imp.total - imp.processed;
  const eta =
    rps && rps > 0 && imp.progressAt
      ? new Date(imp.progressAt.getTime() + (remaining / rps) * 1000).toISOString()
      : null;
  return {
    ...countersAndTimes(imp),
    comment: imp.comment,
    bytesCopied: imp.bytesCopied,
    rowsPerSecond: rps,
    bytesPerSecond: live ? imp.bytesPerSecond : null,
    estimatedFinish: eta,
    paused: imp.paused,
    pauseReason: imp.paused ? imp.pauseKind : null,
    dryRun: imp.dryRun,
    naam: imp.naam,
    ...(imp.duplicateOf ? { duplicateOf: imp.duplicateOf } : {}),
  };
}

/** The five reference keys in their order, then the times: shared by status and list. */
function countersAndTimes(imp: ImportRecord) {
  return {
    total: imp.total,
    processed: imp.processed,
    processedSuccessfully: imp.processedSuccessfully,
    processedInvalid: imp.processedInvalid,
    status: imp.status,
    createdOn: imp.createdOn.toISOString(),
    startedOn: imp.startedOn?.toISOString() ?? null,
    finishedOn: imp.finishedOn?.toISOString() ?? null,
  };
}

export function summary(
  imp: ImportRecord,
  urls: (uuid: string) => { uploadUrl: string; statusUrl: string; reportUrl: string },
): ImportSummary {
  return {
    uuid: imp.uuid,
    ...countersAndTimes(imp),
    naam: imp.naam,
    dryRun: imp.dryRun,
    paused: imp.paused,
    ...urls(imp.uuid),
  };
}

const VALIDATION_CODE = /\n([\w.]+): ([\w-]+): /;

export function runSummary(
  imp: ImportRecord,
  reasons: { reason: string; count: number; firstRows: number[] }[],
) {
  const end = imp.finishedOn ?? (imp.startedOn ? new Date() : null);
  const wall = imp.startedOn && end ? (end.getTime() - imp.startedOn.getTime()) / 1000 : null;
  const rate = (n: number) => (wall && wall > 0 ? Math.round((n / wall) * 100) / 100 : null);
  return {
    uuid: imp.uuid,
    naam: imp.naam,
    dryRun: imp.dryRun,
    total: imp.total,
    processed: imp.processed,
    processedSuccessfully: imp.processedSuccessfully,
    processedInvalid: imp.processedInvalid,
    status: imp.status,
    failures: reasons.map((r) => {
      const m = VALIDATION_CODE.exec(r.reason);
      return {
        reason: r.reason,
        code: m ? `${m[1]}: ${m[2]}` : null,
        count: r.count,
        firstRows: r.firstRows,
      };
    }),
    bytesCopied: imp.bytesCopied,
    stageSeconds: Object.fromEntries(
      Object.entries(imp.stageMs ?? {}).map(([k, v]) => [k, Math.round(Number(v) / 10) / 100]),
    ),
    wallSeconds: wall === null ? null : Math.round(wall * 100) / 100,
    documentsPerSecond: rate(imp.processed),
    megabytesPerSecond: rate(imp.bytesCopied / 1_000_000),
    duplicateOf: imp.duplicateOf,
  };
}
