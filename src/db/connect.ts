import type pg from 'pg';
import type { Config } from '../config.js';
import { type EmbeddedHandle, startEmbedded } from './embedded.js';
import { createPool } from './pool.js';

export interface Database {
  pool: pg.Pool;
  url: string;
  close(): Promise<void>;
}

/** DATABASE_URL when set, otherwise the embedded server under DATA_DIR. */
export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
  opts: { role: 'server' | 'client'; log?: (msg: string) => void; poolSize?: number },
): Promise<Database> {
  let embedded: EmbeddedHandle | undefined;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbedded({ dataDir: config.dataDir, role: opts.role, log: opts.log });
    url = embedded.url;
  }
  const pool = createPool(url, opts.poolSize);
  return {
    pool,
    url,
    close: async () => {
      await pool.end().catch(() => undefined);
      await embedded?.stop();
    },
  };
}
