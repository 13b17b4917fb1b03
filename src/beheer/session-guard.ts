import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Urls } from '../shared/urls.js';
import { beheerError } from './errors.js';
import { sameSecret, type Session, type SessionService } from './session-service.js';

/**
 * What protects the page's requests: the session cookie (HttpOnly, SameSite=Strict), and for
 * every POST a same-origin check (Sec-Fetch-Site and Origin, as browsers send them) plus the
 * session's CSRF token in a header that only the page's own script can set.
 */
export const COOKIE = 'zgw_beheer';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    beheerSession?: Session;
  }
}

/** `/beheer/` below PUBLIC_URL's path (a reverse proxy may serve the API under a prefix). */
export const beheerBase = (urls: Urls): string => urls.pathAt('/beheer/');

export function sessionCookieOptions(urls: Urls, maxAgeSeconds: number) {
  return {
    path: urls.pathAt('/beheer'),
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: urls.base.startsWith('https:'),
    maxAge: maxAgeSeconds,
  };
}

export function createGuards(sessions: SessionService, urls: Urls) {
  const publicOrigin = new URL(urls.base).origin;

  /** A cross-site request (another site's form or script) never reaches a handler. */
  async function sameOrigin(request: FastifyRequest): Promise<void> {
    const site = request.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin') throw beheerError('csrf-failed');
    const origin = request.headers.origin;
    if (origin === undefined) return;
    const own = `${request.protocol}://${request.host}`;
    if (origin !== own && origin !== publicOrigin) throw beheerError('csrf-failed');
  }

  async function session(request: FastifyRequest): Promise<void> {
    const found = await sessions.resolve(request.cookies[COOKIE]);
    if (!found) throw beheerError('not_authenticated');
    request.beheerSession = found;
  }

  async function csrfToken(request: FastifyRequest): Promise<void> {
    const given = request.headers[CSRF_HEADER];
    const expected = request.beheerSession?.csrfToken;
    if (typeof given !== 'string' || !expected || !sameSecret(given, expected)) {
      throw beheerError('csrf-failed');
    }
  }

  return {
    sameOrigin,
    session,
    /** For every POST but the login: origin, session, then the CSRF token. */
    post: [sameOrigin, session, csrfToken],
    /** HTML pages: no live session → the login page, which comes back here afterwards. */
    async pageSession(request: FastifyRequest, reply: FastifyReply): Promise<void> {
      const found = await sessions.resolve(request.cookies[COOKIE]);
      if (found) return;
      const back = (request.url.split('?')[0] ?? '').replace(/^\/beheer\//, '');
      await reply.redirect(`${beheerBase(urls)}login?terug=${encodeURIComponent(back)}`, 303);
    },
  };
}
