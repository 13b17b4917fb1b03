import { constants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ImportStatus } from '../imports/schemas.js';
import { ApiError, type Client } from './client.js';
import { fmtBytes } from './format.js';
import { decide, type OnInterrupt, trapSignals } from './interrupt.js';
import { createProgressView, uploadView } from './progress.js';
import { EXIT, outcomeCode, type RunSummary, summaryText } from './summary.js';
import { UsageError } from './usage.js';
import { watchImport } from './watch.js';

/**
 * `import run` and `import validate`: create, upload, follow, then summary and reports. The
 * import itself runs on the server; this only steers and watches it over the HTTP API.
 */
export interface RunOptions {
  file: string;
  dryRun: boolean;
  naam?: string;
  charset?: string;
  force: boolean;
  pauseAfterFailures: number;
  out?: string;
  onInterrupt: OnInterrupt;
  intervalSeconds: number;
}

/** Below this the upload takes a moment and gets no progress display of its own. */
const BIG_CSV = 8 * 1024 * 1024;

async function checkInput(o: RunOptions): Promise<{ file: string; size: number; outDir: string }> {
  const file = path.resolve(o.file);
  const st = await fs.stat(file).catch(() => undefined);
  if (!st?.isFile()) throw new UsageError(`${o.file}: no such file`);
  // Before anything is created: the reports must be writable at the end.
  const outDir = path.resolve(o.out ?? path.dirname(file));
  const writable = await fs.access(outDir, constants.W_OK).then(
    () => true,
    () => false,
  );
  if (!writable) throw new UsageError(`${outDir}: not a writable directory for the reports`);
  return { file, size: st.size, outDir };
}

export async function runImport(client: Client, o: RunOptions): Promise<number> {
  const { file, size, outDir } = await checkInput(o);
  const tty = process.stderr.isTTY === true;
  const interactive = tty && process.stdin.isTTY === true;
  const naam = (o.naam ?? path.basename(file)).slice(0, 200);
  const created = await client.json<{ uploadUrl: string }>('POST', '/create', {
    naam,
    dryRun: o.dryRun,
    pauseAfterFailures: o.pauseAfterFailures,
  });
  const uuid = /\/import\/([0-9a-f-]{36})\/upload$/.exec(created.uploadUrl)?.[1];
  if (!uuid) throw new ApiError(0, { detail: `unexpected create response: ${created.uploadUrl}` });
  const label = `${o.dryRun ? 'dry run' : 'import'} ${uuid.slice(0, 8)}`;
  process.stderr.write(
    `${o.dryRun ? 'Dry run' : 'Import'} ${uuid} ("${naam}"): uploading ${path.basename(file)} (${fmtBytes(size)})\n`,
  );
  const view = { tty, stream: process.stderr, intervalSeconds: o.intervalSeconds, label };
  const trap = trapSignals();
  try {
    const up = size >= BIG_CSV ? uploadView({ ...view, size }) : undefined;
    try {
      await client.upload(uuid, file, {
        charset: o.charset,
        refuseDuplicate: !o.force && !o.dryRun,
        signal: trap.signal,
        onBytes: (n) => up?.bytes(n),
      });
    } catch (err) {
      up?.stop();
      // A pending import holds the one import slot: it goes, whatever stopped the upload.
      await client.json('DELETE', `/${uuid}/delete`).catch(() => undefined);
      if (!trap.signal.aborted) throw uploadError(err);
      process.stderr.write('\nInterrupted during the upload: the import was removed.\n');
      return EXIT.FAILED;
    }
    up?.stop();

    let progress = createProgressView(view);
    let w = await watchImport(client, uuid, progress, { signal: trap.signal, pollMs: 1000 });
    progress.stop();
    if (w.interrupted) {
      const choice = await decide(o.onInterrupt, { interactive, signal: trap.received(), uuid });
      if (choice === 'detach') return detached(uuid);
      await requestCancel(client, uuid);
      const stopWaiting = new AbortController();
      trap.onRepeat(() => stopWaiting.abort());
      progress = createProgressView(view);
      w = await watchImport(client, uuid, progress, { signal: stopWaiting.signal, pollMs: 500 });
      progress.stop();
      if (w.interrupted) return detached(uuid, 'Stopped waiting; the server completes the cancel.');
    }
    return await finish(client, uuid, w.status as ImportStatus, outDir);
  } finally {
    trap.dispose();
  }
}

function uploadError(err: unknown): unknown {
  if (!(err instanceof ApiError)) return err;
  if (err.problem.invalidParams?.some((p) => p.code === 'duplicate-csv')) {
    err.message += '\n  (the import was removed; add --force to import this CSV again anyway)';
  } else {
    err.message += '\n  (the import was removed)';
  }
  return err;
}

async function requestCancel(client: Client, uuid: string): Promise<void> {
  try {
    await client.json('POST', `/${uuid}/cancel`);
    process.stderr.write(`Cancelling import ${uuid}: it stops at the next batch boundary.\n`);
  } catch (err) {
    // It ended meanwhile (400 import-invalid-status): nothing to cancel, the outcome stands.
    if (!(err instanceof ApiError && err.status === 400)) throw err;
  }
}

function detached(uuid: string, why = 'Detached: the import goes on on the server.'): number {
  process.stderr.write(
    `\n${why}\n  follow it:  npm run cli -- import status ${uuid} --watch\n` +
      `  cancel it:  npm run cli -- import cancel ${uuid}\n` +
      `  its report: npm run cli -- import report ${uuid} [--failures]\n`,
  );
  return EXIT.DETACHED;
}

/** The summary (stdout) and both reports, next to the CSV or in --out. */
export async function finish(
  client: Client,
  uuid: string,
  status: ImportStatus,
  outDir: string,
): Promise<number> {
  const sum = await client.json<RunSummary>('GET', `/${uuid}/summary`);
  const files = {
    report: path.join(outDir, `report-${uuid}.csv`),
    failures: path.join(outDir, `failures-${uuid}.csv`),
  };
  try {
    await client.download(uuid, '', files.report);
    await client.download(uuid, '?alleen=mislukt', files.failures);
  } catch (err) {
    process.stdout.write(summaryText(status, sum, {}));
    process.stderr.write(`error: the reports could not be written: ${(err as Error).message}\n`);
    return EXIT.FAILED;
  }
  process.stdout.write(summaryText(status, sum, files));
  return outcomeCode(status);
}
