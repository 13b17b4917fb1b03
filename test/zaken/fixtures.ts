import { randomUUID } from 'node:crypto';
import { vertrouwelijkheidRank } from '../../src/auth/types.js';
import type { TestApp } from '../helpers/app.js';

/**
 * Catalogi and Documenten rows inserted with SQL, so the Zaken tests do not depend on
 * those APIs; the rows are what the other components' tables hold.
 */
export const PUBLIC = 'http://testserver';
export const RSIN = '517439943';
export const RSIN2 = '123456782';

export const CRS = { 'accept-crs': 'EPSG:4326', 'content-crs': 'EPSG:4326' };

export const zaaktypeUrl = (uuid: string) => `${PUBLIC}/catalogi/api/v1/zaaktypen/${uuid}`;
export const eioUrl = (uuid: string) => `${PUBLIC}/documenten/api/v1/enkelvoudiginformatieobjecten/${uuid}`;
export const zakenUrl = `${PUBLIC}/zaken/api/v1/zaken`;
export const zioListUrl = `${PUBLIC}/zaken/api/v1/zaakinformatieobjecten`;

export async function insertCatalogus(t: TestApp): Promise<number> {
  const { rows } = await t.db.pool.query<{ id: number }>(
    `insert into catalogussen (uuid, domein, rsin, contactpersoon_beheer_naam)
     values ($1, 'TEST', $2, 'Beheerder') returning id`,
    [randomUUID(), RSIN],
  );
  return rows[0]!.id;
}

export interface Iot {
  id: number;
  uuid: string;
  url: string;
}

export async function insertIot(
  t: TestApp,
  catalogusId: number,
  opts: { concept?: boolean; va?: string } = {},
): Promise<Iot> {
  const uuid = randomUUID();
  const { rows } = await t.db.pool.query<{ id: number }>(
    `insert into informatieobjecttypen (uuid, catalogus_id, omschrijving, vertrouwelijkheidaanduiding,
       begin_geldigheid, concept, informatieobjectcategorie)
     values ($1, $2, 'Brief', $3, '2020-01-01', $4, 'brief') returning id`,
    [uuid, catalogusId, opts.va ?? 'openbaar', opts.concept ?? false],
  );
  return { id: rows[0]!.id, uuid, url: `${PUBLIC}/catalogi/api/v1/informatieobjecttypen/${uuid}` };
}

export interface Zaaktype {
  id: number;
  uuid: string;
  url: string;
}

export async function insertZaaktype(
  t: TestApp,
  catalogusId: number,
  opts: { concept?: boolean; va?: string; iots?: Iot[] } = {},
): Promise<Zaaktype> {
  const uuid = randomUUID();
  const { rows } = await t.db.pool.query<{ id: number }>(
    `insert into zaaktypen (uuid, catalogus_id, identificatie, omschrijving, vertrouwelijkheidaanduiding,
       concept, begin_geldigheid, versiedatum)
     values ($1, $2, 'ZT-1', 'Vergunning', $3, $4, '2020-01-01', '2020-01-01') returning id`,
    [uuid, catalogusId, opts.va ?? 'openbaar', opts.concept ?? false],
  );
  const id = rows[0]!.id;
  for (const iot of opts.iots ?? []) {
    await t.db.pool.query(
      'insert into zaaktype_informatieobjecttypen (zaaktype_id, informatieobjecttype_id) values ($1, $2)',
      [id, iot.id],
    );
  }
  return { id, uuid, url: zaaktypeUrl(uuid) };
}

export interface Doc {
  id: number;
  uuid: string;
  url: string;
}

/** A document with one version whose informatieobjecttype is local (iot) or an external URL. */
export async function insertDocument(
  t: TestApp,
  opts: { iot?: Iot; externalIot?: string; va?: string; status?: string } = {},
): Promise<Doc> {
  const uuid = randomUUID();
  const identificatie = `DOC-${uuid.slice(0, 8)}`;
  const { rows } = await t.db.pool.query<{ id: number }>(
    `insert into documents (uuid, bronorganisatie, identificatie) values ($1, $2, $3) returning id`,
    [uuid, RSIN, identificatie],
  );
  const id = rows[0]!.id;
  const va = opts.va ?? 'openbaar';
  await t.db.pool.query(
    `insert into document_versions (document_id, versie, identificatie, bronorganisatie, creatiedatum, titel,
       vertrouwelijkheidaanduiding, vertrouwelijkheid_rank, auteur, status, taal,
       informatieobjecttype_id, informatieobjecttype_url)
     values ($1, 1, $2, $3, '2024-01-01', 'Brief', $4, $5, 'tester', $6, 'dut', $7, $8)`,
    [
      id,
      identificatie,
      RSIN,
      va,
      vertrouwelijkheidRank(va),
      opts.status ?? '',
      opts.iot?.id ?? null,
      opts.externalIot ?? null,
    ],
  );
  return { id, uuid, url: eioUrl(uuid) };
}

/** A published zaaktype allowing one published IOT, plus a body to create zaken of it. */
export async function basicSetup(t: TestApp) {
  const catalogusId = await insertCatalogus(t);
  const iot = await insertIot(t, catalogusId);
  const zaaktype = await insertZaaktype(t, catalogusId, { iots: [iot], va: 'zaakvertrouwelijk' });
  return { catalogusId, iot, zaaktype };
}

export const zaakBody = (zaaktype: string, extra: Record<string, unknown> = {}) => ({
  bronorganisatie: RSIN,
  verantwoordelijkeOrganisatie: RSIN,
  startdatum: '2026-03-01',
  zaaktype,
  ...extra,
});

export async function createZaak(t: TestApp, zaaktype: string, extra: Record<string, unknown> = {}) {
  const res = await t.request({
    method: 'POST',
    url: '/zaken/api/v1/zaken',
    headers: CRS,
    payload: zaakBody(zaaktype, extra),
  });
  if (res.statusCode !== 201) throw new Error(`create zaak failed: ${res.statusCode} ${res.body}`);
  return res.json() as { url: string; uuid: string; identificatie: string; [k: string]: unknown };
}
