import { type Command, Option } from 'commander';
import type { Connection } from './client.js';
import { UsageError } from './usage.js';

/**
 * Where and as whom the HTTP commands talk: options first, then ZGW_URL, ZGW_CLIENT_ID and
 * ZGW_SECRET (so the secret need not appear in the shell history or the process list).
 */
export const DEFAULT_URL = 'http://localhost:8000';

export function addCredentialOptions(cmd: Command, withUrl: boolean): Command {
  if (withUrl) {
    cmd.addOption(
      new Option('--url <url>', 'the server, scheme://host:port[/prefix]')
        .env('ZGW_URL')
        .default(DEFAULT_URL),
    );
  }
  return cmd
    .addOption(
      new Option('--client-id <id>', 'client id of an applicatie with heeftAlleAutorisaties').env(
        'ZGW_CLIENT_ID',
      ),
    )
    .addOption(new Option('--secret <secret>', "that client's JWT secret").env('ZGW_SECRET'));
}

export function connectionOf(opts: { url?: string; clientId?: string; secret?: string }): Connection {
  if (!opts.clientId || !opts.secret) {
    throw new UsageError(
      'credentials missing: give --client-id and --secret, or set ZGW_CLIENT_ID and ZGW_SECRET',
    );
  }
  const url = opts.url ?? DEFAULT_URL;
  if (!/^https?:\/\/[^/]/.test(url)) throw new UsageError(`--url ${url}: not an http(s) URL`);
  return { url, clientId: opts.clientId, secret: opts.secret };
}
