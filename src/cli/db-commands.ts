import type { Command } from 'commander';
import { createLogger } from '../shared/logger.js';
import { loadConfigOrExit, startRuntime } from '../runtime.js';
import type { Run } from './import-commands.js';
import { EXIT } from './summary.js';
import { UsageError } from './usage.js';

/**
 * The commands that work on the database itself (run contract): DATABASE_URL, or the
 * embedded server under DATA_DIR — the one already running beside `npm start`, or started for
 * the command and stopped after.
 */
async function withRuntime<T>(fn: (rt: Awaited<ReturnType<typeof startRuntime>>) => Promise<T>): Promise<T> {
  const config = loadConfigOrExit({ logLevel: 'warn' });
  const log = createLogger(config.logLevel);
  const rt = await startRuntime({ role: 'client', config, log });
  try {
    return await fn(rt);
  } finally {
    await rt.db.close();
  }
}

export function registerDbCommands(program: Command, run: Run): void {
  const applicatie = program
    .command('applicatie')
    .description('applicaties and their JWT secrets (in the database)');

  applicatie
    .command('add')
    .description(
      'create an applicatie for client ID, or for an existing client ID replace its secret and apply the flags given',
    )
    .requiredOption('--client-id <id>', 'client id (at most 50 characters)')
    .requiredOption('--secret <secret>', 'its JWT secret (at most 255 characters)')
    .option('--label <label>', 'label of the applicatie')
    .option('--alle-autorisaties', 'give it heeftAlleAutorisaties (superuser: imports, autorisaties)')
    .action(
      run(async (o: { clientId: string; secret: string; label?: string; alleAutorisaties?: boolean }) => {
        if (o.clientId.length > 50) throw new UsageError('--client-id: at most 50 characters');
        if (o.secret.length > 255) throw new UsageError('--secret: at most 255 characters');
        return withRuntime(async (rt) => {
          const r = await rt.deps.credentials.upsertApplicatie({
            clientId: o.clientId,
            secret: o.secret,
            label: o.label,
            heeftAlleAutorisaties: o.alleAutorisaties,
          });
          process.stdout.write(
            `${r.created ? 'created' : 'updated'} applicatie ${r.uuid} for client ${o.clientId}\n`,
          );
          return EXIT.OK;
        });
      }),
    );

  applicatie
    .command('list')
    .description('applicaties with their client ids')
    .option('--json', 'as JSON')
    .action(
      run(async (o: { json?: boolean }) =>
        withRuntime(async (rt) => {
          const rows = await rt.deps.credentials.listApplicaties();
          if (o.json) {
            process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
            return EXIT.OK;
          }
          for (const r of rows) {
            process.stdout.write(
              `${r.uuid}\t${r.label}\tclientIds=${r.clientIds.join(',')}\theeftAlleAutorisaties=${r.heeftAlleAutorisaties}\tautorisaties=${r.autorisaties}\n`,
            );
          }
          if (rows.length === 0) process.stdout.write('no applicaties\n');
          return EXIT.OK;
        }),
      ),
    );

  program
    .command('migrate')
    .description('apply the database migrations')
    .action(
      run(async () =>
        withRuntime(async () => {
          process.stdout.write('migrations applied\n');
          return EXIT.OK;
        }),
      ),
    );
}
