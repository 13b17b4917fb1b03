import path from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { Static } from '@sinclair/typebox';
import type { ImportList, ImportStatus } from '../imports/schemas.js';
import { isUuid } from '../shared/ids.js';
import { createClient } from './client.js';
import { addCredentialOptions, connectionOf } from './connection.js';
import { stateWords } from './format.js';
import { listText, statusText } from './import-text.js';
import type { OnInterrupt } from './interrupt.js';
import { createProgressView } from './progress.js';
import { runImport } from './run-import.js';
import { EXIT, outcomeCode } from './summary.js';
import { watchImport } from './watch.js';

/**
 * `import ...`: the bulk import over the server's HTTP API (README "Migrating with the CLI").
 * Every action returns its exit code.
 */
type Action = (...args: never[]) => Promise<number>;
export type Run = (action: Action) => (...args: unknown[]) => Promise<void>;

function uuidArg(value: string): string {
  const v = value.toLowerCase();
  if (!isUuid(v)) throw new InvalidArgumentError('not an import uuid');
  return v;
}

function count(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('not a whole number ≥ 0');
  return n;
}

function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0.1) throw new InvalidArgumentError('not a number of seconds ≥ 0.1');
  return n;
}

const clientOf = (cmd: Command) => createClient(connectionOf(cmd.optsWithGlobals()));

function runOptions(cmd: Command, dryRun: boolean): Command {
  cmd
    .option('--naam <naam>', 'label of the import in lists (default: the file name)')
    .option('--charset <charset>', 'the CSV encoding: utf-8 (default), windows-1252 or iso-8859-1')
    .addOption(
      new Option('--pause-after-failures <n>', 'pause when the first N rows all fail (0: never)')
        .argParser(count)
        .default(1000),
    )
    .option(
      '--out <dir>',
      'directory for report-<uuid>.csv and failures-<uuid>.csv (default: beside the CSV)',
    )
    .addOption(
      new Option(
        '--on-interrupt <what>',
        'Ctrl-C/SIGTERM: ask (on a terminal; else cancel), cancel or detach',
      )
        .choices(['ask', 'cancel', 'detach'])
        .default('ask'),
    )
    .addOption(
      new Option('--interval <seconds>', 'seconds between progress lines without a terminal')
        .argParser(seconds)
        .default(5),
    );
  if (!dryRun) cmd.option('--force', 'import a CSV even when an earlier import already imported it');
  return cmd;
}

interface RunFlags {
  naam?: string;
  charset?: string;
  pauseAfterFailures: number;
  out?: string;
  onInterrupt: OnInterrupt;
  interval: number;
  force?: boolean;
}

export function registerImportCommands(program: Command, run: Run): void {
  const imp = addCredentialOptions(
    program.command('import').description('bulk import of documents over the HTTP API of a running server'),
    true,
  );

  for (const dryRun of [false, true]) {
    const cmd = runOptions(
      imp
        .command(dryRun ? 'validate' : 'run')
        .argument(
          '<file.csv>',
          'the import CSV (bestandspad relative to the server’s IMPORT_DOCUMENTEN_BASE_DIR)',
        )
        .description(
          dryRun
            ? 'dry run: every check of an import, nothing stored; exit 0 all valid, 1 some rows invalid, 2 failed'
            : 'import a CSV with a live progress bar; exit 0 all imported, 1 some rows failed, 2 failed or cancelled, 3 detached',
        ),
      dryRun,
    );
    cmd.action(
      run(async (file: string, flags: RunFlags, self: Command) =>
        runImport(clientOf(self), {
          file,
          dryRun,
          naam: flags.naam,
          charset: flags.charset,
          force: flags.force === true,
          pauseAfterFailures: flags.pauseAfterFailures,
          out: flags.out,
          onInterrupt: flags.onInterrupt,
          intervalSeconds: flags.interval,
        }),
      ),
    );
  }

  imp
    .command('list')
    .description('imports, newest first (20 a page)')
    .addOption(new Option('--page <n>', 'page number').argParser(count).default(1))
    .option('--json', 'the API’s JSON')
    .action(
      run(async (flags: { page: number; json?: boolean }, self: Command) => {
        const list = await clientOf(self).json<Static<typeof ImportList>>(
          'GET',
          flags.page > 1 ? `?page=${flags.page}` : '',
        );
        if (flags.json) process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
        else process.stdout.write(listText(list));
        return EXIT.OK;
      }),
    );

  imp
    .command('status')
    .argument('<uuid>', 'the import', uuidArg)
    .description('state, counters, rates and ETA of one import')
    .option('--watch', 'follow it live until it ends; exit code as for run')
    .option('--json', 'the API’s JSON')
    .addOption(
      new Option('--interval <seconds>', 'without a terminal: seconds between lines')
        .argParser(seconds)
        .default(5),
    )
    .action(
      run(
        async (uuid: string, flags: { watch?: boolean; json?: boolean; interval: number }, self: Command) => {
          const client = clientOf(self);
          if (!flags.watch) {
            const s = await client.json<ImportStatus>('GET', `/${uuid}/status`);
            process.stdout.write(flags.json ? `${JSON.stringify(s, null, 2)}\n` : statusText(uuid, s));
            return EXIT.OK;
          }
          return watchStatus(client, uuid, flags.interval);
        },
      ),
    );

  for (const [op, text] of [
    ['cancel', 'cancel an import (a running one stops at the next batch boundary)'],
    ['pause', 'pause a running import at the next batch boundary'],
    ['resume', 'resume a paused import'],
  ] as const) {
    imp
      .command(op)
      .argument('<uuid>', 'the import', uuidArg)
      .description(text)
      .action(
        run(async (uuid: string, _flags: unknown, self: Command) => {
          const s = await clientOf(self).json<ImportStatus>('POST', `/${uuid}/${op}`);
          process.stdout.write(`${op}: import ${uuid} is now ${stateWords(s)}\n`);
          return EXIT.OK;
        }),
      );
  }

  imp
    .command('report')
    .argument('<uuid>', 'the import', uuidArg)
    .description('download the report of a finished import')
    .option('--failures', 'only the failed rows (fix them and import that file again)')
    .option('--excel', 'semicolon-separated with a BOM, for Dutch Excel')
    .option(
      '--out <file>',
      'where to write it; - for stdout (default: report-<uuid>.csv or failures-<uuid>.csv)',
    )
    .action(
      run(
        async (uuid: string, flags: { failures?: boolean; excel?: boolean; out?: string }, self: Command) => {
          const params = new URLSearchParams();
          if (flags.failures) params.set('alleen', 'mislukt');
          if (flags.excel) params.set('format', 'excel');
          const query = params.size > 0 ? `?${params}` : '';
          const client = clientOf(self);
          if (flags.out === '-') {
            await client.download(uuid, query, process.stdout);
            return EXIT.OK;
          }
          const file = path.resolve(flags.out ?? `${flags.failures ? 'failures' : 'report'}-${uuid}.csv`);
          await client.download(uuid, query, file);
          process.stdout.write(`wrote ${file}\n`);
          return EXIT.OK;
        },
      ),
    );
}

async function watchStatus(client: ReturnType<typeof createClient>, uuid: string, interval: number) {
  const view = createProgressView({
    tty: process.stderr.isTTY === true,
    stream: process.stderr,
    intervalSeconds: interval,
    label: `import ${uuid.slice(0, 8)}`,
  });
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const w = await watchImport(client, uuid, view, { signal: stop.signal, pollMs: 1000 });
    view.stop();
    if (w.interrupted || !w.status) {
      process.stderr.write('\nStopped watching; the import goes on on the server.\n');
      return EXIT.DETACHED;
    }
    process.stdout.write(statusText(uuid, w.status));
    return outcomeCode(w.status);
  } finally {
    view.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
