import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Background, BackgroundTask } from '../jobs/background.js';
import { createNotificatiesClient, type NotificatiesClient } from './client.js';
import type { Kanaal } from './notifier.js';
import type { OutboxRepository, OutboxRow } from './repository.js';

/**
 * Delivers the notification outbox to the Notificaties API (background task): due rows in the
 * order they were written, each retried with exponential backoff (1 s, 2 s, 4 s, … up to
 * NOTIFICATIONS_RETRY_MAX_SECONDS) until the receiver accepts it, so nothing is lost while it
 * is down. After a failure the rest of the round waits as long, which keeps the order. The
 * kanaal is registered (once per process) before its first message. Every wait is bounded:
 * the HTTP calls by NOTIFICATIONS_TIMEOUT_MS, the pause between rounds by POLL_MS.
 */
export const POLL_MS = 500;
const BATCH = 20;
const PURGE_EVERY_MS = 60 * 60 * 1000;
/** Delivered rows are kept a week (the metrics count them), then purged. */
const KEEP_DELIVERED_SECONDS = 7 * 24 * 60 * 60;

export interface DeliveryDeps {
  config: Readonly<Config>;
  notifications: { outbox: OutboxRepository };
}

export function backoffMs(attempts: number, maxSeconds: number): number {
  return Math.min(1000 * 2 ** Math.min(attempts, 30), maxSeconds * 1000);
}

/** One round: true when it delivered something (there may be more at once). */
export async function deliverDue(
  outbox: OutboxRepository,
  client: NotificatiesClient,
  registered: Set<string>,
  opts: { leaseSeconds: number; retryMaxSeconds: number; log: Logger },
): Promise<boolean> {
  const rows = await outbox.claimDue(BATCH, opts.leaseSeconds);
  let delivered = false;
  for (const [i, row] of rows.entries()) {
    try {
      await deliverOne(client, registered, row);
      await outbox.markDelivered(row.id);
      delivered = true;
    } catch (err) {
      // The receiver may have lost its kanalen (a reset): the next attempt checks the kanaal again.
      registered.delete(row.kanaal);
      const wait = backoffMs(row.attempts, opts.retryMaxSeconds);
      const error = err instanceof Error ? err.message : String(err);
      opts.log.warn(
        { id: row.id, attempts: row.attempts + 1, retryInMs: wait, error },
        'notification not delivered',
      );
      await outbox.markFailed(row.id, error, wait);
      await outbox.release(
        rows.slice(i + 1).map((r) => r.id),
        wait,
      );
      return delivered;
    }
  }
  return delivered;
}

async function deliverOne(
  client: NotificatiesClient,
  registered: Set<string>,
  row: OutboxRow,
): Promise<void> {
  if (!registered.has(row.kanaal)) {
    await client.ensureKanaal(row.kanaal as Kanaal);
    registered.add(row.kanaal);
  }
  await client.send(row.message);
}

export const notificationDeliveryTask: BackgroundTask<DeliveryDeps> = {
  name: 'notification-delivery',
  start: (deps, log) => startDelivery(deps, log),
};

export function startDelivery(deps: DeliveryDeps, log: Logger): Background {
  const { config } = deps;
  if (config.notificationsUrl === undefined) return { stop: async () => undefined };
  const client = createNotificatiesClient(config);
  const outbox = deps.notifications.outbox;
  const registered = new Set<string>();
  // A claim outlives the calls of one row (kanaal GET + POST + the notification).
  const leaseSeconds = Math.ceil((config.notificationsTimeoutMs * 3) / 1000) + 5;
  let stopping = false;
  let wake: (() => void) | undefined;
  const nap = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        wake = undefined;
        resolve();
      }
      wake = done;
    });
  let lastPurge = 0;
  const loop = (async () => {
    while (!stopping) {
      let busy = false;
      try {
        busy = await deliverDue(outbox, client, registered, {
          leaseSeconds,
          retryMaxSeconds: config.notificationsRetryMaxSeconds,
          log,
        });
        if (Date.now() - lastPurge > PURGE_EVERY_MS) {
          lastPurge = Date.now();
          await outbox.purgeDelivered(KEEP_DELIVERED_SECONDS);
        }
      } catch (err) {
        log.error({ err }, 'notification delivery round failed');
      }
      if (!busy && !stopping) await nap(POLL_MS);
    }
  })();
  return {
    async stop() {
      stopping = true;
      wake?.();
      await loop;
    },
  };
}
