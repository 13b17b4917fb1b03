import type { AuthContext, Component, ScopeExpr } from '../auth/types.js';

/**
 * Route-level settings every module uses in `config`:
 * - auth: false for public routes; 'superuser' for heeftAlleAutorisaties-only routes
 *   (import, autorisaties); otherwise the component and the endpoint scope expression.
 * - apiVersion: false to omit the API-version header (file download, import report).
 * - strictQuery: false to allow undeclared query parameters.
 * - etag: true on a detail GET: ETag on 200 (and HEAD), If-None-Match answered with 304.
 */
export type RouteAuth = false | 'superuser' | { component: Component; scopes?: ScopeExpr };

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: RouteAuth;
    apiVersion?: boolean;
    strictQuery?: boolean;
    etag?: boolean;
  }
  interface FastifyRequest {
    /** Set by the auth hook for every authenticated route. */
    auth: AuthContext;
  }
}
