import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.js';
import { type Config, loadConfig } from '../../src/config.js';
import { createDeps, type Deps } from '../../src/deps.js';
import type { Autorisatie } from '../../src/auth/types.js';
import type { ComponentSpec } from '../../src/http/component.js';
import { createTestDatabase, type TestDatabase } from './db.js';
import { makeToken } from './jwt.js';

/**
 * The app built against a real PostgreSQL database of this test file and real
 * directories under a temporary root. `env` overrides run-contract variables.
 */
export interface TestApp {
  app: FastifyInstance;
  deps: Deps;
  config: Readonly<Config>;
  db: TestDatabase;
  root: string;
  /** Bearer token of a superuser applicatie (heeftAlleAutorisaties). */
  superuserToken: string;
  /** Create an applicatie with these autorisaties and return a token for it. */
  tokenWith(
    autorisaties: Partial<Autorisatie>[],
    opts?: { heeftAlleAutorisaties?: boolean },
  ): Promise<string>;
  /** inject() with the superuser token unless headers.authorization is given. */
  request(opts: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function createTestApp(
  opts: { env?: Record<string, string>; extraComponents?: ComponentSpec[] } = {},
): Promise<TestApp> {
  const db = await createTestDatabase();
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'zgw-app-'));
  const config = loadConfig(
    {
      DATABASE_URL: db.url,
      DATA_DIR: root,
      PUBLIC_URL: 'http://testserver',
      LOG_LEVEL: 'silent',
      ...opts.env,
    },
    root,
  );
  await fs.mkdir(config.storageDir, { recursive: true });
  await fs.mkdir(config.importBaseDir, { recursive: true });
  const deps = createDeps(config, db.pool);
  const app = await buildApp(deps, { extraComponents: opts.extraComponents });

  const tokenWith: TestApp['tokenWith'] = async (autorisaties, o = {}) => {
    const clientId = `client-${randomBytes(6).toString('hex')}`;
    const secret = randomBytes(12).toString('hex');
    await deps.credentials.upsertApplicatie({
      clientId,
      secret,
      heeftAlleAutorisaties: o.heeftAlleAutorisaties ?? false,
    });
    for (const a of autorisaties) {
      await db.pool.query(
        `insert into autorisaties (applicatie_id, component, scopes, zaaktype, informatieobjecttype, besluittype, max_vertrouwelijkheidaanduiding)
         select c.applicatie_id, $2, $3, $4, $5, $6, $7 from applicatie_clients c where c.client_id = $1`,
        [
          clientId,
          a.component ?? 'drc',
          a.scopes ?? [],
          a.zaaktype ?? '',
          a.informatieobjecttype ?? '',
          a.besluittype ?? '',
          a.maxVertrouwelijkheidaanduiding ?? '',
        ],
      );
    }
    return makeToken(clientId, secret);
  };
  const superuserToken = await tokenWith([], { heeftAlleAutorisaties: true });

  return {
    app,
    deps,
    config,
    db,
    root,
    superuserToken,
    tokenWith,
    request: (o) =>
      app.inject({
        ...o,
        headers: { authorization: `Bearer ${superuserToken}`, ...(o.headers ?? {}) },
      } as InjectOptions),
    close: async () => {
      await app.close();
      await db.drop();
      await fs.rm(root, { recursive: true, force: true });
    },
  };
}
