import { type TypeBoxTypeProvider, Type } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { ComponentSpec } from '../../src/http/component.js';

/**
 * A component with routes that exercise the shared HTTP glue (auth, errors, validation)
 * without depending on any domain module.
 */
export const testComponent: ComponentSpec = {
  prefix: '/test/api/v1',
  title: 'Test API',
  apiVersion: '9.9.9',
  routes: [
    (app: FastifyInstance) => {
      const r = app.withTypeProvider<TypeBoxTypeProvider>();
      r.get(
        '/ping',
        {
          config: { auth: { component: 'drc', scopes: 'documenten.lezen' } },
          schema: { querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 5 })) }) },
        },
        async (request) => ({ clientId: request.auth.clientId, q: request.query.q ?? null }),
      );
      r.get('/superuser', { config: { auth: 'superuser' } }, async () => ({ ok: true }));
      r.post(
        '/things',
        {
          config: { auth: { component: 'drc', scopes: 'documenten.aanmaken' } },
          schema: {
            body: Type.Object({
              titel: Type.String({ minLength: 1, maxLength: 10 }),
              status: Type.Optional(Type.Union([Type.Literal('a'), Type.Literal('b')])),
              aantal: Type.Optional(Type.Integer({ minimum: 0 })),
              creatiedatum: Type.Optional(Type.String({ format: 'date' })),
              ondertekening: Type.Optional(
                Type.Object({ soort: Type.String({ enum: ['analoog', 'digitaal'] }), datum: Type.String() }),
              ),
              trefwoorden: Type.Optional(Type.Array(Type.String({ maxLength: 3 }))),
              auteur: Type.String(),
            }),
          },
        },
        async (request, reply) => reply.code(201).send(request.body),
      );
      r.get('/boom', { config: { auth: false } }, async () => {
        throw new Error('secret internal detail at /srv/app/db.ts:42');
      });
    },
  ],
};
