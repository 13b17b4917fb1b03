import type pg from 'pg';
import type { Config } from './config.js';
import type { DatabaseHealth } from './db/connect.js';
import { createDb, type Db } from './db/pool.js';
import {
  createCredentialsRepository,
  type CredentialsRepository,
} from './autorisaties/credentials-repository.js';
import type { BlobStore } from './storage/blob-store.js';
import { createFsBlobStore } from './storage/fs-blob-store.js';
import { type Clock, systemClock } from './shared/clock.js';
import {
  createInformatieobjecttypeResolver,
  type InformatieobjecttypeResolver,
} from './catalogi/informatieobjecttype-resolver.js';

/** Composition root (style.md): everything built once here and passed down explicitly. */
export interface Deps {
  config: Readonly<Config>;
  pool: pg.Pool;
  db: Db;
  blobs: BlobStore;
  clock: Clock;
  credentials: CredentialsRepository;
  /** Per-process resolver with its cache of external informatieobjecttypen (one instance). */
  informatieobjecttypen: InformatieobjecttypeResolver;
  /** /health's view of the database layer (the embedded PostgreSQL's supervision); absent = healthy. */
  databaseHealth?: () => DatabaseHealth;
}

export function createDeps(config: Readonly<Config>, pool: pg.Pool, overrides: Partial<Deps> = {}): Deps {
  return {
    config,
    pool,
    db: createDb(pool),
    blobs: createFsBlobStore(config.storageDir),
    clock: systemClock,
    credentials: createCredentialsRepository(pool),
    informatieobjecttypen: createInformatieobjecttypeResolver({ pool, config }),
    ...overrides,
  };
}
