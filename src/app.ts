import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Deps } from './deps.js';
import { registerValidatorCompilers } from './http/ajv.js';
import { registerAuthHook } from './http/auth-hook.js';
import { camelizeKeys } from './http/case.js';
import { componentPlugin, type ComponentSpec } from './http/component.js';
import { registerHealthRoutes } from './http/health.js';
import { registerMetrics } from './metrics/plugin.js';
import { registerJsonBodyParser } from './http/json-body.js';
import { registerMethodRouter } from './http/method-router.js';
import { registerNullCharacterCheck } from './http/null-characters.js';
import { registerErrorHandler } from './http/problem.js';
import { registerReadRetry } from './http/read-retry-hook.js';
import { autorisatiesComponent } from './autorisaties/component.js';
import { beheerPlugin } from './beheer/plugin.js';
import { catalogiComponent } from './catalogi/component.js';
import { documentenComponent } from './documenten/component.js';
import { registerImportRoutes } from './imports/routes.js';
import { zakenComponent } from './zaken/component.js';

export type App = FastifyInstance;

/** Builds the whole HTTP app; never listens (tests use inject() or listen themselves). */
export async function buildApp(
  deps: Deps,
  opts: { logger?: Logger; extraComponents?: ComponentSpec[] } = {},
): Promise<App> {
  const app = Fastify({
    ...(opts.logger ? { loggerInstance: opts.logger } : { logger: false }),
    bodyLimit: deps.config.apiMaxBodyBytes,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    },
    routerOptions: { ignoreTrailingSlash: false, maxParamLength: 500 },
  }) as unknown as FastifyInstance;

  registerValidatorCompilers(app);
  registerErrorHandler(app, deps.urls);
  registerMethodRouter(app, deps.urls);
  registerReadRetry(app);
  registerAuthHook(app, deps);
  registerHealthRoutes(app, deps);
  // Before the components: its onResponse hook times every route (and 404/405 answers).
  registerMetrics(app, deps);
  app.addHook('preValidation', async (request) => {
    if (request.body !== null && typeof request.body === 'object' && !Buffer.isBuffer(request.body)) {
      request.body = camelizeKeys(request.body);
    }
  });
  registerJsonBodyParser(app);
  registerNullCharacterCheck(app);

  const components: ComponentSpec[] = [
    // The bulk import is served under the Documenten API's prefix and in its OpenAPI document;
    // registered here so documenten/ does not depend on imports/ (which depends on documenten/).
    { ...documentenComponent, routes: [...documentenComponent.routes, registerImportRoutes] },
    catalogiComponent,
    zakenComponent,
    autorisatiesComponent,
    ...(opts.extraComponents ?? []),
  ];
  for (const spec of components) await app.register(componentPlugin(spec, deps));
  // The operator's web page of imports (/beheer/imports): not a ZGW component, no OpenAPI.
  await app.register(beheerPlugin(deps));
  await app.ready();
  return app;
}
