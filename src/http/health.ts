import type { FastifyInstance } from 'fastify';
import { createReadinessProbe } from '../db/readiness.js';
import type { Deps } from '../deps.js';
import { AppError } from '../shared/errors.js';

/**
 * Unauthenticated liveness (/health) and readiness (/ready: database reachable, migrated).
 * /ready has a connection of its own and answers within about a second in every case (a
 * saturated pool, a frozen or unreachable database): 503 then. /health is 503 only when the
 * process cannot recover by itself (its embedded PostgreSQL died and cannot be restarted),
 * the signal for a process manager to restart the server.
 */
export function registerHealthRoutes(
  app: FastifyInstance,
  deps: Pick<Deps, 'pool'> & Partial<Pick<Deps, 'databaseHealth'>>,
): void {
  const config = { auth: false as const, strictQuery: false };
  const url = deps.pool.options.connectionString;
  const probe = url ? createReadinessProbe(url) : undefined;
  app.addHook('onClose', async () => {
    await probe?.close();
  });
  app.get('/health', { config, schema: { hide: true } }, async (request) => {
    const health = deps.databaseHealth?.();
    if (health && !health.ok) {
      request.log.error({ detail: health.detail }, 'unhealthy: the embedded PostgreSQL cannot be restarted');
      throw new AppError(
        503,
        'service_unavailable',
        'De ingebouwde database is gestopt en kan niet opnieuw worden gestart; herstart de server.',
      );
    }
    return { status: 'ok' };
  });
  app.get('/ready', { config, schema: { hide: true } }, async () => {
    if (!probe || !(await probe.ready())) {
      throw new AppError(
        503,
        'service_unavailable',
        'De database is niet bereikbaar of niet gemigreerd.',
        undefined,
        {
          headers: { 'retry-after': '5' },
        },
      );
    }
    return { status: 'ready' };
  });
}
