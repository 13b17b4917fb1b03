import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply } from 'fastify';
import type { Deps } from '../deps.js';
import { registerBeheerApi } from './api-routes.js';
import { uuidRouteParam } from '../shared/ids.js';
import { beheerBase, createGuards } from './session-guard.js';
import { createSessionService } from './session-service.js';

/**
 * The operator's web page of imports (`/beheer/imports`): plain HTML, CSS and JavaScript
 * served from ./static as they are (no build step), reading /beheer/api with a session cookie.
 */
const STATIC_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'static');
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};
// Scripts and styles only from files of this server: an injected inline script cannot run.
const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
].join('; ');

async function loadStatic(base: string): Promise<Map<string, { body: string; type: string }>> {
  const files = new Map<string, { body: string; type: string }>();
  for (const name of await fs.readdir(STATIC_DIR)) {
    const type = TYPES[path.extname(name)];
    if (!type) continue;
    // <base href> makes every link, script and fetch of the pages relative to /beheer/.
    const body = (await fs.readFile(path.join(STATIC_DIR, name), 'utf8')).replaceAll('{{BASE}}', base);
    files.set(name, { body, type });
  }
  return files;
}

export function beheerPlugin(deps: Deps): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    await app.register(cookie);
    const files = await loadStatic(beheerBase(deps.urls));
    const sessions = createSessionService(deps);
    const guards = createGuards(sessions, deps.urls);

    app.addHook('onSend', async (request, reply, payload) => {
      if (!request.url.startsWith('/beheer')) return payload;
      reply.header('content-security-policy', CSP);
      reply.header('x-content-type-options', 'nosniff');
      reply.header('x-frame-options', 'DENY');
      reply.header('referrer-policy', 'same-origin');
      if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
      return payload;
    });

    const file = (name: string) => {
      const f = files.get(name);
      if (!f) throw new Error(`missing static file ${name}`);
      return async (_request: unknown, reply: FastifyReply) => reply.type(f.type).send(f.body);
    };

    app.get('/beheer', async (_request, reply) => reply.redirect(`${beheerBase(deps.urls)}imports`));
    app.get('/beheer/login', file('login.html'));
    app.get('/beheer/imports', { onRequest: guards.pageSession }, file('imports.html'));
    app.get(`/beheer/imports/${uuidRouteParam()}`, { onRequest: guards.pageSession }, file('import.html'));
    for (const name of files.keys()) {
      if (name.endsWith('.html')) continue;
      const serve = file(name);
      app.get(`/beheer/static/${name}`, async (request, reply) =>
        serve(request, reply.header('cache-control', 'no-cache')),
      );
    }

    registerBeheerApi(app, deps, sessions, guards);
  };
}
