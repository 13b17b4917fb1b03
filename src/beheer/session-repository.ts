import type { Queryable } from '../db/pool.js';

/** SQL of the web page's sessions (table beheer_sessions). */
export interface SessionRow {
  clientId: string;
  csrfToken: string;
  expiresAt: Date;
  /** The client still has the secret it logged in with and is still a superuser. */
  stillAllowed: boolean;
}

export function createSessionRepository(q: Queryable) {
  return {
    async insert(s: {
      tokenHash: string;
      clientId: string;
      secretHash: string;
      csrfToken: string;
      expiresAt: Date;
    }): Promise<void> {
      await q.query(
        `insert into beheer_sessions (token_hash, client_id, secret_hash, csrf_token, expires_at)
         values ($1, $2, $3, $4, $5)`,
        [s.tokenHash, s.clientId, s.secretHash, s.csrfToken, s.expiresAt],
      );
    },

    /** Expired sessions go at every login: the table stays as small as the number of operators. */
    async deleteExpired(now: Date): Promise<void> {
      await q.query('delete from beheer_sessions where expires_at <= $1', [now]);
    },

    /**
     * One round trip per request: the session, and whether its client still holds the same
     * secret and heeftAlleAutorisaties (a replaced secret or a demoted applicatie ends it).
     */
    async find(tokenHash: string, now: Date): Promise<SessionRow | undefined> {
      const { rows } = await q.query<SessionRow>(
        `select s.client_id as "clientId", s.csrf_token as "csrfToken", s.expires_at as "expiresAt",
                (j.secret is not null
                 and s.secret_hash = encode(sha256(convert_to(j.secret, 'UTF8')), 'hex')
                 and exists (select 1 from applicatie_clients c join applicaties a on a.id = c.applicatie_id
                              where c.client_id = s.client_id and a.heeft_alle_autorisaties)) as "stillAllowed"
           from beheer_sessions s left join jwt_secrets j on j.client_id = s.client_id
          where s.token_hash = $1 and s.expires_at > $2`,
        [tokenHash, now],
      );
      return rows[0];
    },

    async remove(tokenHash: string): Promise<void> {
      await q.query('delete from beheer_sessions where token_hash = $1', [tokenHash]);
    },
  };
}

export type SessionRepository = ReturnType<typeof createSessionRepository>;
