import type pg from 'pg';
import type { Config } from '../config.js';
import { fetchRemoteJson, serviceFor } from '../shared/zgw-services.js';
import { createInformatieobjecttypeRepository } from './informatieobjecttype-repository.js';
import { looksLikeInformatieobjecttype } from './remote-informatieobjecttype.js';
import { TtlLruCache } from './ttl-lru-cache.js';
import { createUrls, PATHS, type Urls } from '../shared/urls.js';

/**
 * Resolves an `informatieobjecttype` URL as Open Zaak validates it on document create
 * and import (Catalogi API InformatieObjectType; Open Zaak's import row mapping). "Local" means under PUBLIC_URL,
 * never the request's Host (unlike Open Zaak's import). External results are cached per
 * process (bounded size and age), and concurrent lookups of one URL share one fetch, so
 * a million references cost one fetch per distinct URL (weakness 25).
 */
export interface ResolvedInformatieobjecttype {
  /** The URL to store and to compare with autorisaties: canonical for local, as given for external. */
  url: string;
  /** informatieobjecttypen.id for a local type, else null. */
  localId: number | null;
  /** The external URL for a remote type, else null. */
  externalUrl: string | null;
  vertrouwelijkheidaanduiding: string;
  concept: boolean;
  catalogusUrl: string;
}

export type IotErrorCode =
  | 'bad-url'
  | 'max_length'
  | 'does_not_exist'
  | 'unknown-service'
  | 'invalid-resource'
  | 'not-published';

export type IotResolution =
  | { ok: true; iot: ResolvedInformatieobjecttype }
  | { ok: false; code: IotErrorCode; reason: string };

export interface InformatieobjecttypeResolver {
  resolve(url: string): Promise<IotResolution>;
  /** Local: one SQL query for all uuids; external: one fetch per distinct URL (cached). */
  resolveMany(urls: Iterable<string>): Promise<Map<string, IotResolution>>;
}

export interface ResolverOptions {
  cacheEntries?: number;
  cacheMaxAgeMs?: number;
  /** How long an unreachable service (network error, 5xx) is remembered. */
  failureMaxAgeMs?: number;
  timeoutMs?: number;
  now?: () => number;
}

const MAX_LENGTH = 200;

export const IOT_REASONS = {
  badUrl: 'Voer een geldige URL in.',
  maxLength: `Zorg ervoor dat dit veld niet meer dan ${MAX_LENGTH} karakters bevat.`,
  doesNotExist: 'Ongeldige hyperlink - Object bestaat niet.',
  unknownService: 'The service for this url is unknown',
  unfetchable: (url: string) =>
    `Bad URL "${url}" - object could not be fetched. This *may* be because you have insufficient read permissions.`,
  invalidResource: (url: string) =>
    `The URL ${url} resource did not look like a(n) \`InformatieObjectType\`. Please provide a valid URL.`,
  notPublished: 'The resource is not published.',
} as const;

/** The lower-cased uuid of a local informatieobjecttype URL, or null when it is not one. */
export function localInformatieobjecttypeUuid(urls: Urls, url: string): string | null {
  return urls.localUuid(url, PATHS.catalogi('informatieobjecttypen'));
}

const fail = (code: IotErrorCode, reason: string): IotResolution => ({ ok: false, code, reason });

function isHttpUrl(value: string): boolean {
  if (value === '' || /\s/.test(value)) return false;
  try {
    const u = new URL(value);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}

/** Syntax checks, then local-or-external classification. */
type Classified =
  | { kind: 'done'; result: IotResolution }
  | { kind: 'local'; uuid: string | null }
  | { kind: 'external' };

function classify(urls: Urls, url: string): Classified {
  if (url.length > MAX_LENGTH) return { kind: 'done', result: fail('max_length', IOT_REASONS.maxLength) };
  if (!isHttpUrl(url)) return { kind: 'done', result: fail('bad-url', IOT_REASONS.badUrl) };
  if (url.startsWith(`${urls.base}/`)) {
    return { kind: 'local', uuid: localInformatieobjecttypeUuid(urls, url) };
  }
  return { kind: 'external' };
}

export function createInformatieobjecttypeResolver(
  deps: {
    pool: pg.Pool;
    config: Pick<Readonly<Config>, 'publicUrl' | 'catalogiServices'>;
    fetchImpl?: typeof fetch;
  },
  opts: ResolverOptions = {},
): InformatieobjecttypeResolver {
  const { config } = deps;
  // Local URLs are those under this resolver's PUBLIC_URL (an import's may differ from the config's).
  const localUrls = createUrls(config.publicUrl);
  const repo = createInformatieobjecttypeRepository(deps.pool);
  const fetchImpl = deps.fetchImpl ?? fetch;
  const now = opts.now ?? Date.now;
  const maxAge = opts.cacheMaxAgeMs ?? 5 * 60_000;
  const failureMaxAge = opts.failureMaxAgeMs ?? 30_000;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const cache = new TtlLruCache<string, IotResolution>(opts.cacheEntries ?? 10_000, now);
  const inFlight = new Map<string, Promise<IotResolution>>();

  async function loadLocal(uuids: string[]): Promise<Map<string, IotResolution>> {
    const out = new Map<string, IotResolution>();
    if (uuids.length === 0) return out;
    for (const r of await repo.forResolution(uuids)) {
      const iot: ResolvedInformatieobjecttype = {
        url: localUrls.catalogi('informatieobjecttypen', r.uuid),
        localId: r.id,
        externalUrl: null,
        vertrouwelijkheidaanduiding: r.vertrouwelijkheidaanduiding,
        concept: r.concept,
        catalogusUrl: localUrls.catalogi('catalogussen', r.catalogus_uuid),
      };
      out.set(r.uuid, r.concept ? fail('not-published', IOT_REASONS.notPublished) : { ok: true, iot });
    }
    return out;
  }

  async function fetchExternal(url: string): Promise<{ result: IotResolution; maxAgeMs: number }> {
    const service = serviceFor(config.catalogiServices, url);
    if (!service) return { result: fail('unknown-service', IOT_REASONS.unknownService), maxAgeMs: maxAge };
    const outcome = await fetchRemoteJson(url, service, { fetchImpl, timeoutMs, nowMs: now() });
    if (outcome.kind === 'unfetchable') {
      return {
        result: fail('bad-url', IOT_REASONS.unfetchable(url)),
        maxAgeMs: outcome.transient ? failureMaxAge : maxAge,
      };
    }
    if (outcome.kind === 'not-json' || !looksLikeInformatieobjecttype(outcome.body)) {
      return { result: fail('invalid-resource', IOT_REASONS.invalidResource(url)), maxAgeMs: maxAge };
    }
    const body = outcome.body;
    if (body.concept) return { result: fail('not-published', IOT_REASONS.notPublished), maxAgeMs: maxAge };
    const iot: ResolvedInformatieobjecttype = {
      url,
      localId: null,
      externalUrl: url,
      vertrouwelijkheidaanduiding: body.vertrouwelijkheidaanduiding,
      concept: false,
      catalogusUrl: body.catalogus,
    };
    return { result: { ok: true, iot }, maxAgeMs: maxAge };
  }

  function resolveExternal(url: string): Promise<IotResolution> {
    const cached = cache.get(url);
    if (cached) return Promise.resolve(cached);
    const pending = inFlight.get(url);
    if (pending) return pending;
    const p = fetchExternal(url)
      // Anything unexpected (e.g. a service secret jose refuses) is "unfetchable", never a 500.
      .catch(() => ({ result: fail('bad-url', IOT_REASONS.unfetchable(url)), maxAgeMs: failureMaxAge }))
      .then(({ result, maxAgeMs }) => {
        cache.set(url, result, maxAgeMs);
        return result;
      })
      .finally(() => inFlight.delete(url));
    inFlight.set(url, p);
    return p;
  }

  async function resolveMany(urls: Iterable<string>): Promise<Map<string, IotResolution>> {
    const out = new Map<string, IotResolution>();
    const local = new Map<string, string>(); // url → uuid
    const external: string[] = [];
    for (const url of new Set(urls)) {
      const c = classify(localUrls, url);
      if (c.kind === 'done') out.set(url, c.result);
      else if (c.kind === 'external') external.push(url);
      else if (c.uuid === null) out.set(url, fail('does_not_exist', IOT_REASONS.doesNotExist));
      else local.set(url, c.uuid);
    }
    const [found, remote] = await Promise.all([
      loadLocal([...new Set(local.values())]),
      Promise.all(external.map(async (url) => [url, await resolveExternal(url)] as const)),
    ]);
    for (const [url, uuid] of local) {
      out.set(url, found.get(uuid) ?? fail('does_not_exist', IOT_REASONS.doesNotExist));
    }
    for (const [url, result] of remote) out.set(url, result);
    return out;
  }

  return {
    resolveMany,
    async resolve(url) {
      const result = (await resolveMany([url])).get(url);
      return result ?? fail('bad-url', IOT_REASONS.badUrl);
    },
  };
}
