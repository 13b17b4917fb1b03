import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { Deps } from '../deps.js';
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
    await app.register(swagger, {
      openapi: {
        openapi: '3.0.3',
        info: { title: spec.title, version: spec.apiVersion, description: spec.description },
        servers: [{ url: deps.config.publicUrl }],
        components: {
          securitySchemes: { JWT: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
        },
        security: [{ JWT: [] }],
      },
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
