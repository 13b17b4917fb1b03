import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { ScopeExpr } from '../auth/types.js';

/** Route settings shared by the Catalogi resources (the Catalogi API scopes). */
export const CATALOGI_SCOPES = { lezen: 'catalogi.lezen', schrijven: 'catalogi.schrijven' } as const;

export const ztc = (scopes: ScopeExpr) => ({ auth: { component: 'ztc' as const, scopes } });

export const PathUuid = Type.Object({ uuid: Type.String() });

/**
 * Actions without a request body (`POST …/publish`): like DRF, any body (empty, `{}`, with or
 * without `Content-Type: application/json`) is read up to a small limit and ignored.
 */
export function registerBodylessActions(
  app: FastifyInstance,
  register: (scope: FastifyInstance) => void,
): void {
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 64 * 1024 }, (_request, _body, done) =>
      done(null, undefined),
    );
    register(scope);
  });
}
