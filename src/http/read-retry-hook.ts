import type { FastifyInstance } from 'fastify';
import { runAsRead } from '../db/read-retry.js';

/**
 * GET and HEAD are safe methods (RFC 9110 §9.2.1): a read whose pooled database connection
 * turns out to be dead is repeated once on a fresh connection (src/db/read-retry.ts). Run
 * before the auth hook, whose applicatie lookup is the first query of every request.
 */
export function registerReadRetry(app: FastifyInstance): void {
  app.addHook('onRequest', (request, _reply, done) => {
    if (request.method === 'GET' || request.method === 'HEAD') runAsRead(() => done());
    else done();
  });
}
