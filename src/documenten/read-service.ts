import { hasEndpointScope, listGrants, requireObjectScope } from '../auth/permissions.js';
import type { AuthContext } from '../auth/types.js';
import { createInformatieobjecttypeRepository } from '../catalogi/informatieobjecttype-repository.js';
import { localInformatieobjecttypeUuid } from '../catalogi/informatieobjecttype-resolver.js';
import { createZioRepository } from '../zaken/zio-repository.js';
import type { Deps } from '../deps.js';
import { createUploadPlans } from './bestandsdelen/plans.js';
import { notFound, permissionDenied } from '../shared/errors.js';
import { searchErrors } from './errors.js';
import { isUuid } from '../shared/ids.js';
import { PATHS } from '../shared/urls.js';
import { expandInformatieobjecttypen } from './expand.js';
import {
  createDocumentListRepository,
  type Grants,
  type ListFilters,
  ORDER_FIELDS,
} from './list-repository.js';
import { type DocumentVersionRow, rowIotUrl, toEio } from './mapper.js';

/** Read flows: list, _zoek, retrieve and the version lookup of download (`enkelvoudiginformatieobject_list`, `_retrieve`, `_download`, `__zoek`). */

const OBJECT_PATH = /\/(zaken|besluiten|verzoeken)\/([0-9a-f-]{36})(?:$|[/?#])/i;

export type ListQuery = Record<string, string | number | boolean | undefined>;

const csv = (v: unknown) =>
  typeof v === 'string'
    ? v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;

export function createReadService(deps: Deps) {
  const { pool } = deps;
  const plans = createUploadPlans(deps);
  const informatieobjecttypen = createInformatieobjecttypeRepository(pool);
  const lists = createDocumentListRepository(pool);
  const zios = createZioRepository(pool);

  /** Local IOT uuids → ids in one query. */
  async function localIds(urls: string[]): Promise<Map<string, number>> {
    const uuids = new Map<string, string>();
    for (const u of urls) {
      const id = localInformatieobjecttypeUuid(deps.urls, u);
      if (id) uuids.set(u, id);
    }
    if (uuids.size === 0) return new Map();
    const rows = await informatieobjecttypen.byUuids([...new Set(uuids.values())]);
    const byUuid = new Map(rows.map((r) => [r.uuid, r.id]));
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
    if (url.startsWith(deps.urls.at(PATHS.zaak)) && m[1]?.toLowerCase() === 'zaken' && isUuid(m[2] ?? '')) {
      const uuid = (m[2] ?? '').toLowerCase();
      zaakId = (await zios.findZaakIds([uuid])).get(uuid) ?? null;
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
      if (!ORDER_FIELDS[o.replace(/^-/, '')]) throw searchErrors.notAChoice('ordering', o);
    }
    return list;
  }

  function expandRequested(expand: unknown, auth: AuthContext): boolean {
    const wanted = Array.isArray(expand) ? expand.map(String) : (csv(expand) ?? []);
    for (const e of wanted) {
      if (e !== 'informatieobjecttype') throw searchErrors.notAChoice('expand', e);
    }
    if (wanted.length === 0) return false;
    // as Open Zaak: expanding a type needs catalogi.lezen on ztc
    if (!hasEndpointScope(auth, 'ztc', 'catalogi.lezen')) throw permissionDenied();
    return true;
  }

  async function render(rows: DocumentVersionRow[], expand: boolean): Promise<Record<string, unknown>[]> {
    const iots = expand ? await expandInformatieobjecttypen(deps, rows) : undefined;
    // only a locked document can have bestandsdelen (an upload is created locked, the Documenten API bestandsdelen flow)
    const locked = rows.filter((r) => r.lock !== '').map((r) => r.document_id);
    const parts = await plans.partsByDocument(pool, locked);
    return rows.map((r) => {
      const eio = plans.withParts(toEio(deps.urls, r), parts.get(r.document_id), '');
      if (!iots) return eio; // `_expand` only when `expand` is asked (Documenten API 1.5 expand)
      const iot = iots.get(eio.informatieobjecttype as string);
      return { ...eio, _expand: iot ? { informatieobjecttype: iot } : {} };
    });
  }

  async function list(
    auth: AuthContext,
    f: ListFilters,
    opts: { ordering: string[]; expand: boolean; limit: number; offset: number },
  ) {
    const { count, rows } = await lists.list(f, await grantsFor(auth), opts);
    return { count, results: await render(rows, opts.expand) };
  }

  /** A version by uuid/versie/registratieOp, authorised for documenten.lezen (403 not 404, as Open Zaak). */
  async function version(
    uuid: string,
    auth: AuthContext,
    q: { versie?: number; registratieOp?: string },
  ): Promise<DocumentVersionRow> {
    if (!isUuid(uuid)) throw notFound();
    const row = await deps.documents.findVersion(uuid, q);
    if (!row) throw notFound();
    requireObjectScope(auth, 'drc', 'informatieobjecttype', 'documenten.lezen', {
      typeUrl: rowIotUrl(deps.urls, row),
      vertrouwelijkheidaanduiding: row.vertrouwelijkheidaanduiding,
    });
    return row;
  }

  return { filtersFrom, orderingFrom, expandRequested, render, list, version, grantsFor };
}

export type ReadService = ReturnType<typeof createReadService>;
