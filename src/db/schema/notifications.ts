import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgTable, text, timestamp, varchar } from 'drizzle-orm/pg-core';

/**
 * The notification outbox: a row is written in the transaction of the change it announces, so
 * a rolled-back change never sends one and a committed one is never lost; the background
 * worker delivers it to the Notificaties API (POST /notificaties) with retries and backoff.
 * `message` is the Notificaties API `Notificatie` body.
 */
export const notificationOutbox = pgTable(
  'notification_outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kanaal: varchar('kanaal', { length: 50 }).notNull(),
    message: jsonb('message').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastError: text('last_error'),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  },
  (t) => [
    index('notification_outbox_due_idx').on(t.nextAttemptAt, t.id).where(sql`${t.deliveredAt} is null`),
    index('notification_outbox_delivered_idx').on(t.deliveredAt).where(sql`${t.deliveredAt} is not null`),
  ],
);
