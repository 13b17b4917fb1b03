import { SignJWT } from 'jose';
import type { ZgwService } from '../config.js';

/**
 * Requests to other ZGW APIs (Catalogi, Zaken, Besluiten) with the credentials configured
 * for them (CATALOGI_SERVICES / ZGW_SERVICES, README "Configuration"), as Open Zaak's
 * zgw-consumers services do. Guards against server-side request forgery: only a URL under
 * a configured apiRoot is ever requested, redirects are not followed (a redirect could
 * carry the token to another host), and every call is bounded in time and body size.
 */
export type RemoteFetchOutcome =
  | { kind: 'json'; body: unknown }
  | { kind: 'unfetchable'; transient: boolean }
  | { kind: 'not-json' };

export const REMOTE_MAX_BODY_BYTES = 1024 * 1024;
export const REMOTE_TIMEOUT_MS = 10_000;

/** The service whose apiRoot the URL lies under (the longest root wins), compared normalised. */
export function serviceFor(services: readonly ZgwService[], url: string): ZgwService | undefined {
  let href: string;
  try {
    const u = new URL(url);
    if (u.username !== '' || u.password !== '') return undefined;
    href = u.href;
  } catch {
    return undefined;
  }
  let best: ZgwService | undefined;
  for (const s of services) {
    if (href.startsWith(normalisedRoot(s.apiRoot)) && (!best || s.apiRoot.length > best.apiRoot.length)) {
      best = s;
    }
  }
  return best;
}

function normalisedRoot(apiRoot: string): string {
  try {
    return new URL(apiRoot).href;
  } catch {
    return apiRoot;
  }
}

/** A ZGW JWT (HS256, client_id/iss, iat) for one service. */
export async function zgwToken(service: ZgwService, nowMs: number): Promise<string> {
  return new SignJWT({
    client_id: service.clientId,
    iss: service.clientId,
    user_id: '',
    user_representation: '',
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(Math.floor(nowMs / 1000))
    .sign(new TextEncoder().encode(service.secret));
}

export async function fetchRemoteJson(
  url: string,
  service: ZgwService,
  opts: { fetchImpl: typeof fetch; timeoutMs: number; nowMs: number; maxBodyBytes?: number },
): Promise<RemoteFetchOutcome> {
  let res: Response;
  try {
    res = await opts.fetchImpl(new URL(url).href, {
      headers: {
        Authorization: `Bearer ${await zgwToken(service, opts.nowMs)}`,
        Accept: 'application/json',
      },
      redirect: 'manual',
      signal: AbortSignal.timeout(opts.timeoutMs),
    });
  } catch {
    return { kind: 'unfetchable', transient: true };
  }
  // The standards ask for a 200 (e.g. Zaken API zrc-001: "niet resulteert in een HTTP 200").
  if (res.status !== 200) {
    await res.body?.cancel().catch(() => undefined);
    return { kind: 'unfetchable', transient: res.status >= 500 || res.status === 429 };
  }
  const text = await readLimited(res, opts.maxBodyBytes ?? REMOTE_MAX_BODY_BYTES);
  if (text === undefined) return { kind: 'not-json' };
  try {
    return { kind: 'json', body: JSON.parse(text) };
  } catch {
    return { kind: 'not-json' };
  }
}

/** The body as UTF-8 text, read as a stream and abandoned as soon as it passes `max` bytes. */
async function readLimited(res: Response, max: number): Promise<string | undefined> {
  if (Number(res.headers.get('content-length') ?? '0') > max) {
    await res.body?.cancel().catch(() => undefined);
    return undefined;
  }
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > max) {
        await reader.cancel().catch(() => undefined);
        return undefined;
      }
      chunks.push(value);
    }
  } catch {
    return undefined;
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A client bound to the configured services: `getJson` refuses a URL outside all of them. */
export interface ZgwClient {
  getJson(url: string): Promise<RemoteFetchOutcome | { kind: 'unknown-service' }>;
  /** The apiRoot of the configured service the URL lies under. */
  apiRootOf(url: string): string | undefined;
}

export function createZgwClient(opts: {
  services: readonly ZgwService[];
  fetchImpl?: typeof fetch;
  timeoutMs?: number;
  maxBodyBytes?: number;
  now?: () => number;
}): ZgwClient {
  const fetchImpl = opts.fetchImpl ?? fetch;
  const now = opts.now ?? Date.now;
  return {
    apiRootOf: (url) => serviceFor(opts.services, url)?.apiRoot,
    async getJson(url) {
      const service = serviceFor(opts.services, url);
      if (!service) return { kind: 'unknown-service' };
      return fetchRemoteJson(url, service, {
        fetchImpl,
        timeoutMs: opts.timeoutMs ?? REMOTE_TIMEOUT_MS,
        nowMs: now(),
        maxBodyBytes: opts.maxBodyBytes,
      });
    },
  };
}
