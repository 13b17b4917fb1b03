import type { FastifyInstance } from 'fastify';
import { migrationsApplied } from '../db/migrate.js';
import type { Deps } from '../deps.js';
import { AppError } from '../shared/errors.js';

/** Unauthenticated liveness (/health) and readiness (/ready: database reachable, migrated). */
export function registerHealthRoutes(app: FastifyInstance, deps: Pick<Deps, 'pool'>): void {
  const config = { auth: false as const, strictQuery: false };
  app.get('/health', { config, schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/ready', { config, schema: { hide: true } }, async () => {
    let migrated = false;
    try {
      migrated = await migrationsApplied(deps.pool);
    } catch {
      migrated = false;
    }
    if (!migrated) {
      throw new AppError(503, 'service_unavailable', 'De database is niet bereikbaar of niet gemigreerd.');
    }
    return { status: 'ready' };
  });
}
