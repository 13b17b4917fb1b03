import type pg from 'pg';
import type { Queryable } from '../db/pool.js';

/**
 * SQL of the notification outbox (table notification_outbox, migration 0008). A row is
 * inserted by the transaction of the change; the delivery task claims due rows by pushing
 * their next attempt a lease ahead (FOR UPDATE SKIP LOCKED, so several workers never take the
 * same row), then marks each delivered or failed. Delivered rows are kept a while for the
 * metrics and then purged.
 */
export const OUTBOX_CHANNEL = 'zgw_notifications';

export interface OutboxRow {
  id: number;
  kanaal: string;
  message: Record<string, unknown>;
  attempts: number;
}

export interface OutboxStats {
  pending: number;
  retrying: number;
  delivered: number;
  oldestPendingSeconds: number;
}

export function createOutboxRepository(pool: pg.Pool) {
  return {
    /** In the change's transaction; the NOTIFY wakes a worker only once that transaction commits. */
    async enqueue(q: Queryable, kanaal: string, message: Record<string, unknown>): Promise<void> {
      await q.query('insert into notification_outbox (kanaal, message) values ($1, $2)', [
        kanaal,
        JSON.stringify(message),
      ]);
      await q.query('select pg_notify($1, $2)', [OUTBOX_CHANNEL, kanaal]);
    },

    /** Due rows, oldest first, each claimed for `leaseSeconds` (a crashed worker's rows come back). */
    async claimDue(limit: number, leaseSeconds: number): Promise<OutboxRow[]> {
      const { rows } = await pool.query<OutboxRow>(
        `update notification_outbox o set next_attempt_at = now() + make_interval(secs => $2)
          where o.id in (select id from notification_outbox
                          where delivered_at is null and next_attempt_at <= now()
                          order by id limit $1 for update skip locked)
          returning o.id, o.kanaal, o.message, o.attempts`,
        [limit, leaseSeconds],
      );
      return rows.sort((a, b) => a.id - b.id);
    },

    async markDelivered(id: number): Promise<void> {
      await pool.query(
        `update notification_outbox set delivered_at = now(), attempts = attempts + 1, last_error = null
          where id = $1`,
        [id],
      );
    },

    async markFailed(id: number, error: string, retryInMs: number): Promise<void> {
      await pool.query(
        `update notification_outbox set attempts = attempts + 1, last_error = $2,
                next_attempt_at = now() + make_interval(secs => $3)
          where id = $1 and delivered_at is null`,
        [id, error.slice(0, 1000), retryInMs / 1000],
      );
    },

    /** Claimed rows not tried in this round (an earlier one failed): due again after `inMs`. */
    async release(ids: number[], inMs: number): Promise<void> {
      if (ids.length === 0) return;
      await pool.query(
        `update notification_outbox set next_attempt_at = now() + make_interval(secs => $2)
          where id = any($1) and delivered_at is null`,
        [ids, inMs / 1000],
      );
    },

    async purgeDelivered(olderThanSeconds: number): Promise<number> {
      const r = await pool.query(
        `delete from notification_outbox
          where delivered_at is not null and delivered_at < now() - make_interval(secs => $1)`,
        [olderThanSeconds],
      );
      return r.rowCount ?? 0;
    },

    async stats(): Promise<OutboxStats> {
      const { rows } = await pool.query<OutboxStats>(
        `select count(*) filter (where delivered_at is null)::int as pending,
                count(*) filter (where delivered_at is null and attempts > 0)::int as retrying,
                count(*) filter (where delivered_at is not null)::int as delivered,
                coalesce(extract(epoch from now() - min(created_at) filter (where delivered_at is null)), 0)::float8
                  as "oldestPendingSeconds"
           from notification_outbox`,
      );
      return rows[0] ?? { pending: 0, retrying: 0, delivered: 0, oldestPendingSeconds: 0 };
    },
  };
}

export type OutboxRepository = ReturnType<typeof createOutboxRepository>;
