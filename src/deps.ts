import type pg from 'pg';
import type { Config } from './config.js';
import type { DatabaseHealth } from './db/connect.js';
import {
  createCredentialsRepository,
  type CredentialsRepository,
} from './autorisaties/credentials-repository.js';
import type { CredentialsLookup } from './auth/credentials.js';
import type { BlobStore } from './storage/blob-store.js';
import { createFsBlobStore } from './storage/fs-blob-store.js';
import { type Clock, systemClock } from './shared/clock.js';
import { createUrls, type Urls } from './shared/urls.js';
import { type AuditTrail, createAuditTrail } from './audit/trail.js';
import { createNotifier, type Notifier } from './notifications/notifier.js';
import { createOutboxRepository } from './notifications/repository.js';
import { createZgwClient, type ZgwClient } from './shared/zgw-services.js';
import { createDocumentRepository, type DocumentRepository } from './documenten/repository.js';
import { createImportQueueRepository, type ImportQueueRepository } from './imports/engine/repository.js';
import {
  createGebruiksrechtenRepository,
  type GebruiksrechtenRepository,
} from './documenten/gebruiksrechten/repository.js';
import {
  createVerzendingenRepository,
  type VerzendingenRepository,
} from './documenten/verzendingen/repository.js';
import {
  createInformatieobjecttypeResolver,
  type InformatieobjecttypeResolver,
} from './catalogi/informatieobjecttype-resolver.js';
import { type CatalogiRepositories, createCatalogiRepositories } from './catalogi/repositories.js';

/** Composition root (docs/architecture.md): everything built once here and passed down explicitly. */
export interface Deps {
  config: Readonly<Config>;
  /** Absolute URLs from PUBLIC_URL (resources, references, links, problem types). */
  urls: Urls;
  pool: pg.Pool;
  blobs: BlobStore;
  clock: Clock;
  /** Applicaties and JWT secrets; also auth/'s CredentialsLookup (the request's JWT check). */
  credentials: CredentialsRepository & CredentialsLookup;
  /** Per-process resolver with its cache of external informatieobjecttypen (one instance). */
  informatieobjecttypen: InformatieobjecttypeResolver;
  /** Catalogussen, informatieobjecttypen and zaaktypen on the pool (the Catalogi API's routes). */
  catalogi: CatalogiRepositories;
  /** Documents and their versions on the pool (a transaction builds its own on its client). */
  documents: DocumentRepository;
  /** The imports table as the engine's job queue (claim, lease, pause, end). */
  importQueue: ImportQueueRepository;
  /** Gebruiksrechten and verzendingen of documents, on the pool (transactions build their own). */
  gebruiksrechten: GebruiksrechtenRepository;
  verzendingen: VerzendingenRepository;
  /** Requests to the remote Zaken/Besluiten APIs of ZGW_SERVICES (objectinformatieobjecten). */
  zgw: ZgwClient;
  /** Audit trail records, written in the transaction of each change made through the API. */
  audit: AuditTrail;
  /** The notification outbox (off while NOTIFICATIONS_URL is unset), written in the same transaction. */
  notifications: Notifier;
  /** /health's view of the database layer (the embedded PostgreSQL's supervision); absent = healthy. */
  databaseHealth?: () => DatabaseHealth;
}

export function createDeps(config: Readonly<Config>, pool: pg.Pool, overrides: Partial<Deps> = {}): Deps {
  return {
    config,
    urls: createUrls(config.publicUrl),
    pool,
    blobs: createFsBlobStore(config.storageDir),
    clock: systemClock,
    credentials: createCredentialsRepository(pool),
    informatieobjecttypen: createInformatieobjecttypeResolver({ pool, config }),
    catalogi: createCatalogiRepositories(pool),
    documents: createDocumentRepository(pool),
    importQueue: createImportQueueRepository(pool),
    gebruiksrechten: createGebruiksrechtenRepository(pool),
    verzendingen: createVerzendingenRepository(pool),
    zgw: createZgwClient({ services: config.zgwServices }),
    audit: createAuditTrail(pool),
    notifications: createNotifier({
      config,
      clock: overrides.clock ?? systemClock,
      outbox: createOutboxRepository(pool),
    }),
    ...overrides,
  };
}
