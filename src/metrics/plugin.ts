import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Deps } from '../deps.js';
import { permissionDenied } from '../shared/errors.js';
import { createMetrics } from './registry.js';

/**
 * GET /metrics in the Prometheus text format (issue 10 #12), and the hook that times every
 * request. METRICS_ENABLED=false leaves both out. Access: with METRICS_TOKEN set, only
 * `Authorization: Bearer <token>`; without it, only a direct connection from loopback — a
 * request that came through a proxy (X-Forwarded-For, Forwarded, X-Real-IP) is refused,
 * because behind a reverse proxy on the same host every client looks like loopback.
 */
const UNMATCHED = 'unmatched';

export function registerMetrics(app: FastifyInstance, deps: Pick<Deps, 'pool' | 'config'>): void {
  if (!deps.config.metricsEnabled) return;
  const metrics = createMetrics(deps.pool);
  const token = deps.config.metricsToken;
  app.addHook('onResponse', async (request, reply) => {
    metrics.observeRequest(
      { method: request.method, route: request.routeOptions.url ?? UNMATCHED, status: reply.statusCode },
      reply.elapsedTime / 1000,
    );
  });
  app.get(
    '/metrics',
    { config: { auth: false, strictQuery: false }, schema: { hide: true } },
    async (request, reply) => {
      if (!mayScrape(request, token)) {
        throw permissionDenied(
          token === undefined
            ? 'Metrics zijn alleen bereikbaar vanaf loopback (zonder proxy); zet METRICS_TOKEN voor toegang van elders.'
            : 'Metrics vereisen Authorization: Bearer <METRICS_TOKEN>.',
        );
      }
      return reply.type(metrics.contentType).send(await metrics.scrape());
    },
  );
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

export function mayScrape(request: FastifyRequest, token: string | undefined): boolean {
  if (token !== undefined) {
    const m = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '');
    // Equal-length digests: the comparison time says nothing about the token.
    return m !== null && timingSafeEqual(digest(m[1] ?? ''), digest(token));
  }
  const h = request.headers;
  if (h['x-forwarded-for'] !== undefined || h.forwarded !== undefined || h['x-real-ip'] !== undefined) {
    return false;
  }
  return isLoopback(request.socket.remoteAddress ?? '');
}

export function isLoopback(address: string): boolean {
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return v4 === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}
