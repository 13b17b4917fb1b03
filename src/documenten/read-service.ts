import { hasEndpointScope, listGrants, requireObjectScope } from '../auth/permissions.js';
import type { AuthContext } from '../auth/types.js';
import { localInformatieobjecttypeUuid } from '../catalogi/informatieobjecttype-resolver.js';
import type { Deps } from '../deps.js';
import { createUploadPlans } from './bestandsdelen/plans.js';
import { invalidParam, notFound, permissionDenied } from '../shared/errors.js';
import { expandInformatieobjecttypen } from './expand.js';
import { type Grants, type ListFilters, listDocuments, ORDER_FIELDS } from './list-repository.js';
import { type DocumentVersionRow, rowIotUrl, toEio } from './mapper.js';
import * as repo from './repository.js';

/** Read flows: list, _zoek, retrieve and the version lookup of download (§1.6.1, 1.6.4, 1.6.5, 1.6.9). */
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string) => UUID_RE.test(s);

const OBJECT_PATH = /\/(zaken|besluiten|verzoeken)\/([0-9a-f-]{36})(?:$|[/?#])/i;
const ZAKEN_PATH = '/zaken/api/v1/zaken/';

export type ListQuery = Record<string, string | number | boolean | undefined>;

const csv = (v: unknown) =>
  typeof v === 'string'
    ? v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;

export function createReadService(deps: Deps) {
  const { pool, config } = deps;
  const plans = createUploadPlans(deps);

  /** Local IOT uuids → ids in one query. */
  async function localIds(urls: string[]): Promise<Map<string, number>> {
    const uuids = new Map<string, string>();
    for (const u of urls) {
      const id = localInformatieobjecttypeUuid(config.publicUrl, u);
      if (id) uuids.set(u, id);
    }
    if (uuids.size === 0) return new Map();
    const res = await pool.query<{ id: number; uuid: string }>(
      'SELECT id, uuid FROM informatieobjecttypen WHERE uuid = ANY($1::uuid[])',
      [[...new Set(uuids.values())]],
    );
    const byUuid = new Map(res.rows.map((r) => [r.uuid, r.id]));
    return new Map([...uuids].map(([url, u]) => [url, byUuid.get(u) ?? -1]));
  }

  async function grantsFor(auth: AuthContext): Promise<Grants> {
    const g = listGrants(auth, 'drc', 'informatieobjecttype', 'documenten.lezen');
    if (g === null) return null;
    const ids = await localIds(g.map((x) => x.typeUrl));
    return g.map((x) => ({ localId: ids.get(x.typeUrl) ?? null, url: x.typeUrl, maxRank: x.maxRank }));
  }

  async function objectFilter(url: string): Promise<ListFilters['object']> {
    let pathname: string;
    try {
      pathname = new URL(url, 'http://x').pathname;
    } catch {
      return 'none';
    }
    const m = OBJECT_PATH.exec(`${pathname}/`);
    if (!m) return 'none';
    let zaakId: number | null = null;
    if (
      url.startsWith(`${config.publicUrl}${ZAKEN_PATH}`) &&
      m[1]?.toLowerCase() === 'zaken' &&
      isUuid(m[2] ?? '')
    ) {
      const res = await pool.query<{ id: number }>('SELECT id FROM zaken WHERE uuid = $1', [m[2]]);
      zaakId = res.rows[0]?.id ?? null;
    }
    return { zaakId, url };
  }

  async function filtersFrom(q: ListQuery): Promise<ListFilters> {
    const s = (k: string) => (q[k] === undefined ? undefined : String(q[k]));
    const f: ListFilters = {
      identificatie: s('identificatie'),
      bronorganisatie: s('bronorganisatie'),
      vertrouwelijkheidaanduiding: s('vertrouwelijkheidaanduiding'),
      locked: q.locked as boolean | undefined,
      titel: s('titel'),
      auteur: s('auteur'),
      beschrijving: s('beschrijving'),
      creatiedatumGte: s('creatiedatum__gte'),
      creatiedatumLte: s('creatiedatum__lte'),
      trefwoorden: csv(q.trefwoorden),
      trefwoordenOverlap: csv(q.trefwoorden__overlap),
      objectType: s('objectinformatieobjecten__objectType'),
    };
    const iot = s('informatieobjecttype');
    if (iot !== undefined) f.iot = { localId: (await localIds([iot])).get(iot) ?? null, url: iot };
    const obj = s('objectinformatieobjecten__object');
    if (obj !== undefined) f.object = await objectFilter(obj);
    return f;
  }

  function orderingFrom(v: unknown): string[] {
    const list = csv(v) ?? [];
    for (const o of list) {
      if (!ORDER_FIELDS[o.replace(/^-/, '')])
        throw invalidParam(
          'ordering',
          'invalid_choice',
          `Selecteer een geldige keuze. ${o} is geen beschikbare keuze.`,
        );
    }
    return list;
  }

  function expandRequested(expand: unknown, auth: AuthContext): boolean {
    const wanted = Array.isArray(expand) ? expand.map(String) : (csv(expand) ?? []);
    for (const e of wanted) {
      if (e !== 'informatieobjecttype')
        throw invalidParam(
          'expand',
          'invalid_choice',
          `Selecteer een geldige keuze. ${e} is geen beschikbare keuze.`,
        );
    }
    if (wanted.length === 0) return false;
    // §4.4 step 5: expanding a type needs catalogi.lezen on ztc
    if (!hasEndpointScope(auth, 'ztc', 'catalogi.lezen')) throw permissionDenied();
    return true;
  }

  async function render(rows: DocumentVersionRow[], expand: boolean): Promise<Record<string, unknown>[]> {
    const iots = expand ? await expandInformatieobjecttypen(deps, rows) : undefined;
    // only a locked document can have bestandsdelen (an upload is created locked, §1.6.3)
    const locked = rows.filter((r) => r.lock !== '').map((r) => r.document_id);
    const parts = await plans.partsByDocument(pool, locked);
    return rows.map((r) => {
      const eio = plans.withParts(toEio(config.publicUrl, r), parts.get(r.document_id), '');
      const iot = iots?.get(eio.informatieobjecttype as string);
      return { ...eio, _expand: iot ? { informatieobjecttype: iot } : {} };
    });
  }

  async function list(
    auth: AuthContext,
    f: ListFilters,
    opts: { ordering: string[]; expand: boolean; limit: number; offset: number },
  ) {
    const { count, rows } = await listDocuments(pool, f, await grantsFor(auth), opts);
    return { count, results: await render(rows, opts.expand) };
  }

  /** A version by uuid/versie/registratieOp, authorised for documenten.lezen (403 not 404, §9). */
  async function version(
    uuid: string,
    auth: AuthContext,
    q: { versie?: number; registratieOp?: string },
  ): Promise<DocumentVersionRow> {
    if (!isUuid(uuid)) throw notFound();
    const row = await repo.findVersion(pool, uuid, q);
    if (!row) throw notFound();
    requireObjectScope(auth, 'drc', 'informatieobjecttype', 'documenten.lezen', {
      typeUrl: rowIotUrl(config.publicUrl, row),
      vertrouwelijkheidaanduiding: row.vertrouwelijkheidaanduiding,
    });
    return row;
  }

  return { filtersFrom, orderingFrom, expandRequested, render, list, version, grantsFor };
}

export type ReadService = ReturnType<typeof createReadService>;
