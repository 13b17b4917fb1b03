import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { Deps } from '../deps.js';
import { documentRoutes, registerEtag, SECURITY_SCHEME } from './openapi-document.js';
import { unknownParameters } from './validation.js';
import './types.js';

/**
 * One ZGW component (Documenten, Catalogi, Zaken, Autorisaties) as an encapsulated
 * plugin: its own OpenAPI document at <prefix>/schema/openapi.json|yaml with a UI at
 * <prefix>/schema, its API-version header, and strict query parameters.
 */
export interface ComponentSpec {
  prefix: string;
  title: string;
  apiVersion: string;
  description?: string;
  routes: ((app: FastifyInstance, deps: Deps) => Promise<void> | void)[];
}

export function componentPlugin(spec: ComponentSpec, deps: Deps): FastifyPluginAsync {
  return async (app) => {
    // The server URL is the API root, as in the standards: paths are relative to it, so a
    // client generated from this document or from the standard's calls the same paths.
    await app.register(swagger, {
      openapi: {
        openapi: '3.0.3',
        info: { title: spec.title, version: spec.apiVersion, description: spec.description },
        servers: [{ url: deps.urls.at(spec.prefix) }],
        components: {
          securitySchemes: { [SECURITY_SCHEME]: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
        },
      },
      exposeHeadRoutes: true,
      stripBasePath: false,
      transform: documentRoutes(spec.prefix),
    });

    app.addHook('onRoute', (route) => {
      const config = (route.config ?? {}) as { strictQuery?: boolean };
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      if (config.strictQuery === false || !methods.some((m) => m === 'GET' || m === 'HEAD')) return;
      const qs = route.schema?.querystring as { properties?: Record<string, unknown> } | undefined;
      const known = new Set(Object.keys(qs?.properties ?? {}));
      const check = async (request: { query: unknown }) => {
        const keys = Object.keys((request.query ?? {}) as object).filter((k) => !known.has(k));
        if (keys.length > 0) throw unknownParameters(keys);
      };
      const existing = route.preValidation;
      route.preValidation = existing ? [check, ...(Array.isArray(existing) ? existing : [existing])] : check;
    });

    registerEtag(app);
    app.addHook('onSend', async (request, reply, payload) => {
      if (request.routeOptions.config.apiVersion !== false && !reply.hasHeader('api-version')) {
        reply.header('API-version', spec.apiVersion);
      }
      return payload;
    });

    await app.register(
      async (scoped) => {
        for (const routes of spec.routes) await routes(scoped, deps);
      },
      { prefix: spec.prefix },
    );

    const hidden = { schema: { hide: true }, config: { auth: false as const, strictQuery: false } };
    app.get(`${spec.prefix}/schema/openapi.json`, hidden, async () => app.swagger());
    app.get(`${spec.prefix}/schema/openapi.yaml`, hidden, async (_req, reply) =>
      reply.type('application/yaml').send(app.swagger({ yaml: true })),
    );
    await app.register(swaggerUi, {
      routePrefix: `${spec.prefix}/schema`,
      uiConfig: { url: `${spec.prefix}/schema/openapi.json` } as Record<string, unknown>,
    });
  };
}
