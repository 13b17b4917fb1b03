import { parseArgs } from 'node:util';
import { createLogger } from './shared/logger.js';
import { loadConfigOrExit, startRuntime } from './runtime.js';

/**
 * Operator CLI (run contract): `npm run cli -- <command>`. Works against the same
 * database as the server: DATABASE_URL, or the embedded server under DATA_DIR — the one
 * already running beside `npm start`, or started for the command and stopped after.
 */
const USAGE = `Usage: npm run cli -- <command>

Commands:
  applicatie add --client-id ID --secret S [--label L] [--alle-autorisaties]
      Create an applicatie for client ID, or for an existing client ID replace its
      secret and apply the flags given.
  applicatie list
      List applicaties with their client ids.
  migrate
      Apply database migrations.
`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<void> {
  const [group, action, ...rest] = argv;
  if (!group || group === '--help' || group === 'help' || group === '-h') {
    process.stdout.write(USAGE);
    return;
  }
  const command = group === 'migrate' ? 'migrate' : `${group} ${action ?? ''}`.trim();
  const args = group === 'migrate' ? [action, ...rest].filter((a): a is string => !!a) : rest;
  const parsed = parseArgs({
    args,
    options: {
      'client-id': { type: 'string' },
      secret: { type: 'string' },
      label: { type: 'string' },
      'alle-autorisaties': { type: 'boolean' },
      json: { type: 'boolean' },
    },
    strict: true,
    allowPositionals: false,
  }).values;

  if (!['applicatie add', 'applicatie list', 'migrate'].includes(command)) {
    throw new UsageError(`unknown command: ${command}`);
  }
  const clientId = parsed['client-id'];
  const secret = parsed.secret;
  if (command === 'applicatie add') {
    if (!clientId || !secret) throw new UsageError('applicatie add needs --client-id and --secret');
    if (clientId.length > 50) throw new UsageError('--client-id: at most 50 characters');
    if (secret.length > 255) throw new UsageError('--secret: at most 255 characters');
  }

  const config = loadConfigOrExit();
  const log = createLogger(process.env.LOG_LEVEL ?? 'warn');
  const rt = await startRuntime({ role: 'client', config, log });
  try {
    if (command === 'migrate') {
      process.stdout.write('migrations applied\n');
    } else if (command === 'applicatie add') {
      const r = await rt.deps.credentials.upsertApplicatie({
        clientId: clientId as string,
        secret: secret as string,
        label: parsed.label,
        heeftAlleAutorisaties: parsed['alle-autorisaties'],
      });
      process.stdout.write(
        `${r.created ? 'created' : 'updated'} applicatie ${r.uuid} for client ${clientId}\n`,
      );
    } else {
      const rows = await rt.deps.credentials.listApplicaties();
      if (parsed.json) {
        process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      } else {
        for (const r of rows) {
          process.stdout.write(
            `${r.uuid}\t${r.label}\tclientIds=${r.clientIds.join(',')}\theeftAlleAutorisaties=${r.heeftAlleAutorisaties}\tautorisaties=${r.autorisaties}\n`,
          );
        }
        if (rows.length === 0) process.stdout.write('no applicaties\n');
      }
    }
  } finally {
    await rt.db.close();
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`error: ${(err as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  process.stderr.write(`error: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
