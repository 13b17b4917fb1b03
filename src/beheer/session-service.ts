import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Deps } from '../deps.js';
import { beheerError } from './errors.js';
import { createSessionRepository, type SessionRow } from './session-repository.js';

/**
 * Login, session lookup and logout of the import web page. The cookie holds a random token;
 * the database keeps its SHA-256 (a leaked table holds no usable session), the client id,
 * the CSRF token and the expiry.
 */
export const SESSION_SECONDS = 8 * 3600;

const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');
const newToken = (): string => randomBytes(32).toString('base64url');

/** Equal strings in constant time (compared as digests, so lengths leak nothing either). */
export function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

export interface Session extends SessionRow {
  token: string;
}

export function createSessionService(deps: Pick<Deps, 'pool' | 'credentials' | 'clock'>) {
  const repo = createSessionRepository(deps.pool);

  return {
    /** Only an applicatie with heeftAlleAutorisaties may log in, as for the import API. */
    async login(clientId: string, secret: string): Promise<Session> {
      const client = await deps.credentials.lookupClient(clientId);
      const ok =
        client.secret !== null &&
        sameSecret(secret, client.secret) &&
        client.applicaties.some((a) => a.heeftAlleAutorisaties);
      if (!ok || client.secret === null) throw beheerError('login-failed');
      const now = deps.clock.now();
      await repo.deleteExpired(now);
      const token = newToken();
      const session = {
        clientId,
        csrfToken: newToken(),
        expiresAt: new Date(now.getTime() + SESSION_SECONDS * 1000),
        stillAllowed: true,
      };
      await repo.insert({ ...session, tokenHash: sha256(token), secretHash: sha256(client.secret) });
      return { ...session, token };
    },

    /** The live session of a cookie token, or undefined (unknown, expired, secret replaced, demoted). */
    async resolve(token: string | undefined): Promise<Session | undefined> {
      if (!token || token.length > 100) return undefined;
      const row = await repo.find(sha256(token), deps.clock.now());
      return row?.stillAllowed ? { ...row, token } : undefined;
    },

    async logout(token: string): Promise<void> {
      await repo.remove(sha256(token));
    },
  };
}

export type SessionService = ReturnType<typeof createSessionService>;
