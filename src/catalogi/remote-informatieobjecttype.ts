import { SignJWT } from 'jose';
import type { CatalogiService } from '../config.js';

/**
 * Fetching an informatieobjecttype from an external Catalogi API (documenten-api.md §3.1
 * step 3; import.md §1.8 `informatieobjecttype` row) with a ZGW JWT for that service.
 */
export type RemoteFetchOutcome =
  | { kind: 'json'; body: unknown }
  | { kind: 'unfetchable'; transient: boolean }
  | { kind: 'not-json' };

const MAX_BODY_BYTES = 1024 * 1024;

export function serviceFor(services: readonly CatalogiService[], url: string): CatalogiService | undefined {
  // apiRoot is normalised to end with '/' by the config; the longest matching root wins.
  let best: CatalogiService | undefined;
  for (const s of services) {
    if (url.startsWith(s.apiRoot) && (!best || s.apiRoot.length > best.apiRoot.length)) best = s;
  }
  return best;
}

export async function zgwToken(service: CatalogiService, nowMs: number): Promise<string> {
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
  service: CatalogiService,
  opts: { fetchImpl: typeof fetch; timeoutMs: number; nowMs: number },
): Promise<RemoteFetchOutcome> {
  let res: Response;
  try {
    res = await opts.fetchImpl(url, {
      headers: {
        Authorization: `Bearer ${await zgwToken(service, opts.nowMs)}`,
        Accept: 'application/json',
      },
      // A redirect could carry the token elsewhere; the catalogi root must be exact.
      redirect: 'manual',
      signal: AbortSignal.timeout(opts.timeoutMs),
    });
  } catch {
    return { kind: 'unfetchable', transient: true };
  }
  if (res.status < 200 || res.status >= 300) {
    await res.body?.cancel().catch(() => undefined);
    return { kind: 'unfetchable', transient: res.status >= 500 || res.status === 429 };
  }
  const text = await readLimited(res);
  if (text === undefined) return { kind: 'not-json' };
  try {
    return { kind: 'json', body: JSON.parse(text) };
  } catch {
    return { kind: 'not-json' };
  }
}

async function readLimited(res: Response): Promise<string | undefined> {
  const declared = Number(res.headers.get('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) {
    await res.body?.cancel().catch(() => undefined);
    return undefined;
  }
  try {
    const text = await res.text();
    return text.length > MAX_BODY_BYTES ? undefined : text;
  } catch {
    return undefined;
  }
}

/** The fields a remote resource must have to count as an informatieobjecttype (Catalogi 1.3). */
export function looksLikeInformatieobjecttype(body: unknown): body is {
  url: string;
  catalogus: string;
  omschrijving: string;
  vertrouwelijkheidaanduiding: string;
  concept: boolean;
} {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const b = body as Record<string, unknown>;
  return (
    typeof b.url === 'string' &&
    typeof b.catalogus === 'string' &&
    typeof b.omschrijving === 'string' &&
    typeof b.vertrouwelijkheidaanduiding === 'string' &&
    typeof b.concept === 'boolean' &&
    typeof b.beginGeldigheid === 'string'
  );
}
