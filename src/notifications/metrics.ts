import { Gauge, type Registry } from 'prom-client';
import type { OutboxRepository, OutboxStats } from './repository.js';

/**
 * The outbox as the operator watches it (read from the database at scrape time, like the
 * import metrics: the delivery runs on another thread or process; aggregate with max()).
 * A growing `pending` with a rising oldest age means the Notificaties API is not accepting.
 */
export function registerOutboxGauges(registry: Registry, outbox: OutboxRepository): void {
  let current: Promise<OutboxStats | undefined> | undefined;
  let at = 0;
  // One query per scrape for both families (a scrape collects them within the same moment).
  const stats = (): Promise<OutboxStats | undefined> => {
    if (!current || Date.now() - at > 1000) {
      at = Date.now();
      current = outbox.stats().catch(() => undefined);
    }
    return current;
  };
  new Gauge({
    name: 'zgw_notifications_outbox',
    help: 'Notifications in the outbox: pending (not yet delivered), retrying (pending after at least one failed attempt), delivered (kept 7 days).',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      const s = await stats();
      if (!s) return;
      this.set({ state: 'pending' }, s.pending);
      this.set({ state: 'retrying' }, s.retrying);
      this.set({ state: 'delivered' }, s.delivered);
    },
  });
  new Gauge({
    name: 'zgw_notifications_oldest_pending_seconds',
    help: 'Age of the oldest notification not yet delivered (0 when none is pending).',
    registers: [registry],
    async collect() {
      const s = await stats();
      if (s) this.set(s.oldestPendingSeconds);
    },
  });
}
