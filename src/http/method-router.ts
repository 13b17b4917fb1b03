import type { FastifyInstance } from 'fastify';
import FindMyWay, { type HTTPMethod } from 'find-my-way';
import { AppError, notFound } from '../shared/errors.js';
import type { Urls } from '../shared/urls.js';
import { sendProblem } from './problem.js';

const METHODS: HTTPMethod[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/**
 * 404 and 405 (ZGW `Fout`/`ValidatieFout` responses, Open Zaak's import endpoints): a path that exists with another
 * method gives 405 method_not_allowed before any auth check; an unknown path gives 404.
 * Must be registered before any route so its onRoute hook sees them all.
 */
export function registerMethodRouter(app: FastifyInstance, urls: Urls): void {
  const router = FindMyWay({ ignoreTrailingSlash: false });
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const m of methods) {
      if (METHODS.includes(m as HTTPMethod)) {
        try {
          router.on(m as HTTPMethod, route.url, () => undefined);
        } catch {
          // already known (HEAD added by Fastify for GET)
        }
      }
    }
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    const allowed = METHODS.filter((m) => router.find(m, path) !== null);
    if (allowed.length > 0) {
      return sendProblem(
        reply,
        new AppError(405, 'method_not_allowed', `Methode "${request.method}" niet toegestaan.`, undefined, {
          headers: { allow: allowed.join(', ') },
        }),
        urls,
      );
    }
    return sendProblem(reply, notFound(), urls);
  });
}
