import type pg from 'pg';
import type { Config } from './config.js';
import { createDb, type Db } from './db/pool.js';
import {
  createCredentialsRepository,
  type CredentialsRepository,
} from './autorisaties/credentials-repository.js';
import type { BlobStore } from './storage/blob-store.js';
import { createFsBlobStore } from './storage/fs-blob-store.js';
import { type Clock, systemClock } from './shared/clock.js';

/** Composition root (style.md): everything built once here and passed down explicitly. */
export interface Deps {
  config: Readonly<Config>;
  pool: pg.Pool;
  db: Db;
  blobs: BlobStore;
  clock: Clock;
  credentials: CredentialsRepository;
}

export function createDeps(config: Readonly<Config>, pool: pg.Pool, overrides: Partial<Deps> = {}): Deps {
  return {
    config,
    pool,
    db: createDb(pool),
    blobs: createFsBlobStore(config.storageDir),
    clock: systemClock,
    credentials: createCredentialsRepository(pool),
    ...overrides,
  };
}
