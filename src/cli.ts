import { Command, CommanderError } from 'commander';
import { ApiError, signToken } from './cli/client.js';
import { addCredentialOptions, connectionOf } from './cli/connection.js';
import { registerDbCommands } from './cli/db-commands.js';
import { registerImportCommands, type Run } from './cli/import-commands.js';
import { EXIT } from './cli/summary.js';
import { UsageError } from './cli/usage.js';

/**
 * Operator CLI (run contract): `npm run cli -- <command>`. `applicatie` and `migrate` work on
 * the database; `token` and `import` talk to a running server over its HTTP API, so they
 * work from a workstation against a server elsewhere. Exit codes: README "Migrating with the CLI".
 */
const program = new Command('npm run cli --')
  .description('Operator CLI of zgw-documenten')
  .exitOverride()
  .showHelpAfterError('(add --help for usage)')
  .configureHelp({ sortSubcommands: false, showGlobalOptions: true });

const run: Run =
  (action) =>
  async (...args) => {
    process.exitCode = await (action as (...a: unknown[]) => Promise<number>)(...args);
  };

registerDbCommands(program, run);

addCredentialOptions(
  program
    .command('token')
    .description('print a JWT for the client (for curl: -H "Authorization: Bearer $TOKEN")'),
  false,
).action(
  run(async (o: { clientId?: string; secret?: string }) => {
    process.stdout.write(`${await signToken(connectionOf(o))}\n`);
    return EXIT.OK;
  }),
);

registerImportCommands(program, run);

// The cursor comes back whatever ends the process (the progress bar hides it).
process.on('exit', () => {
  if (process.stderr.isTTY) process.stderr.write('\x1b[?25h');
});

try {
  await program.parseAsync(process.argv.slice(2), { from: 'user' });
} catch (err) {
  if (err instanceof CommanderError) {
    // Commander has printed its message (or the help) already.
    const help =
      err.code === 'commander.helpDisplayed' ||
      err.code === 'commander.help' ||
      err.code === 'commander.version';
    process.exitCode = help ? EXIT.OK : EXIT.USAGE;
  } else if (err instanceof UsageError) {
    process.stderr.write(`error: ${err.message}\n(add --help for usage)\n`);
    process.exitCode = EXIT.USAGE;
  } else if (err instanceof ApiError) {
    process.stderr.write(`error: ${err.message}\n`);
    process.exitCode = EXIT.FAILED;
  } else {
    process.stderr.write(`error: ${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = EXIT.FAILED;
  }
}
