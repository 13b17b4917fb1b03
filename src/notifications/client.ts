import { SignJWT } from 'jose';
import type { Config } from '../config.js';
import { API_ROOTS, createUrls } from '../shared/urls.js';
import { KANAAL_FILTERS, type Kanaal } from './notifier.js';

/**
 * The Notificaties API as this server calls it: `GET/POST kanaal` (register the kanaal when
 * it is missing) and `POST notificaties`, each with a ZGW JWT this server signs (HS256, with
 * client_id and iat, as the CLI signs its own) and bounded by NOTIFICATIONS_TIMEOUT_MS.
 */
export class DeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeliveryError';
  }
}

type NotificationsConfig = Pick<
  Config,
  | 'notificationsUrl'
  | 'notificationsClientId'
  | 'notificationsSecret'
  | 'notificationsTimeoutMs'
  | 'publicUrl'
>;

export function createNotificatiesClient(config: NotificationsConfig) {
  const root = config.notificationsUrl ?? '';
  const secret = new TextEncoder().encode(config.notificationsSecret);
  const urls = createUrls(config.publicUrl);

  const token = () =>
    new SignJWT({ client_id: config.notificationsClientId, iss: config.notificationsClientId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuedAt()
      .sign(secret);

  async function call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Response> {
    try {
      return await fetch(`${root}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${await token()}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(config.notificationsTimeoutMs),
        // a redirect is an answer we do not follow (the token would go to another address)
        redirect: 'manual',
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code;
      throw new DeliveryError(`${method} ${root}${path}: ${cause ?? (err as Error).name}`);
    }
  }

  async function expectOk(res: Response, what: string): Promise<unknown> {
    const text = await res.text().catch(() => '');
    if (res.status < 200 || res.status > 299)
      throw new DeliveryError(`${what}: HTTP ${res.status} ${text.slice(0, 200)}`);
    try {
      return text === '' ? null : JSON.parse(text);
    } catch {
      return null;
    }
  }

  return {
    /** The kanaal exists afterwards (GET kanaal?naam=, POST kanaal when it is missing). */
    async ensureKanaal(naam: Kanaal): Promise<void> {
      const found = await expectOk(
        await call('GET', `kanaal?naam=${encodeURIComponent(naam)}`),
        'GET kanaal',
      );
      if (Array.isArray(found) && found.some((k) => (k as { naam?: unknown })?.naam === naam)) return;
      await expectOk(
        await call('POST', 'kanaal', {
          naam,
          documentatieLink: urls.at(`${API_ROOTS[naam]}/schema/openapi.yaml`),
          filters: KANAAL_FILTERS[naam],
        }),
        'POST kanaal',
      );
    },

    async send(message: Record<string, unknown>): Promise<void> {
      await expectOk(await call('POST', 'notificaties', message), 'POST notificaties');
    },
  };
}

export type NotificatiesClient = ReturnType<typeof createNotificatiesClient>;
