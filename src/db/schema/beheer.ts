import { index, pgTable, text, timestamp, varchar } from 'drizzle-orm/pg-core';

/**
 * Sessions of the import web page (/beheer/imports). In the database, not in process memory,
 * so any API process answers any request (architecture: nothing in memory another process
 * needs), and logout really ends a session. Only a SHA-256 of the cookie's token is stored.
 */
export const beheerSessions = pgTable(
  'beheer_sessions',
  {
    tokenHash: varchar('token_hash', { length: 64 }).primaryKey(),
    clientId: varchar('client_id', { length: 50 }).notNull(),
    /** SHA-256 of the client's secret at login: replacing the secret ends the session. */
    secretHash: varchar('secret_hash', { length: 64 }).notNull(),
    csrfToken: text('csrf_token').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('beheer_sessions_expires_idx').on(t.expiresAt)],
);
