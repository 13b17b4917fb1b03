import type { Config } from '../config.js';
import type { Queryable } from '../db/pool.js';
import type { Clock } from '../shared/clock.js';
import type { OutboxRepository } from './repository.js';

/**
 * Publishing side of notifications (Notificaties API `Notificatie`): writes the message to the
 * outbox in the caller's transaction. With NOTIFICATIONS_URL unset nothing is written.
 * The bulk import never publishes (as Open Zaak's import: no notifications).
 */
export type Kanaal = 'documenten' | 'autorisaties';

/** The kenmerken each kanaal is registered with (Open Zaak's KANAAL_DOCUMENTEN, Autorisaties API). */
export const KANAAL_FILTERS: Record<Kanaal, readonly string[]> = {
  documenten: ['bronorganisatie', 'informatieobjecttype', 'vertrouwelijkheidaanduiding'],
  autorisaties: [],
};

export interface NotificationInput {
  kanaal: Kanaal;
  hoofdObject: string;
  resource: string;
  resourceUrl: string;
  actie: string;
  kenmerken: Record<string, string>;
}

export function createNotifier(deps: {
  config: Pick<Config, 'notificationsUrl'>;
  clock: Clock;
  outbox: OutboxRepository;
}) {
  const enabled = deps.config.notificationsUrl !== undefined;
  return {
    enabled,
    outbox: deps.outbox,
    async publish(q: Queryable, n: NotificationInput): Promise<void> {
      if (!enabled) return;
      await deps.outbox.enqueue(q, n.kanaal, {
        kanaal: n.kanaal,
        hoofdObject: n.hoofdObject,
        resource: n.resource,
        resourceUrl: n.resourceUrl,
        actie: n.actie,
        aanmaakdatum: deps.clock.now().toISOString(),
        kenmerken: n.kenmerken,
      });
    },
  };
}

export type Notifier = ReturnType<typeof createNotifier>;
