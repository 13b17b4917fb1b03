import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import type { TestApp } from '../helpers/app.js';

/**
 * Catalogus + informatieobjecttype rows inserted by SQL (so these tests do not depend on
 * the Catalogi API), and small helpers for EIO requests.
 */
export const EIO = '/documenten/api/v1/enkelvoudiginformatieobjecten';

export async function insertIot(
  t: TestApp,
  opts: { vertrouwelijkheidaanduiding?: string; concept?: boolean } = {},
): Promise<{ url: string; uuid: string; id: number }> {
  const catUuid = randomUUID();
  const cat = await t.db.pool.query<{ id: number }>(
    `insert into catalogussen (uuid, naam, domein, rsin, contactpersoon_beheer_naam)
     values ($1, 'test', 'TEST', '159351741', 'beheer') returning id`,
    [catUuid],
  );
  const uuid = randomUUID();
  const res = await t.db.pool.query<{ id: number }>(
    `insert into informatieobjecttypen (uuid, catalogus_id, omschrijving, vertrouwelijkheidaanduiding,
       begin_geldigheid, concept, informatieobjectcategorie)
     values ($1, $2, 'brief', $3, '2020-01-01', $4, 'cat') returning id`,
    [uuid, cat.rows[0]?.id, opts.vertrouwelijkheidaanduiding ?? 'openbaar', opts.concept ?? false],
  );
  return {
    url: `http://testserver/catalogi/api/v1/informatieobjecttypen/${uuid}`,
    uuid,
    id: Number(res.rows[0]?.id),
  };
}

export function eioBody(iotUrl: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    bronorganisatie: '159351741',
    creatiedatum: '2018-06-27',
    titel: 'brief',
    auteur: 'auteur',
    taal: 'dut',
    informatieobjecttype: iotUrl,
    ...extra,
  };
}

export const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');

export async function createEio(
  t: TestApp,
  body: Record<string, unknown>,
  token?: string,
): Promise<LightMyRequestResponse> {
  return t.request({
    method: 'POST',
    url: EIO,
    payload: body,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
}

export const uuidOf = (url: string): string => url.split('/').pop() as string;

export const codes = (res: LightMyRequestResponse): string[] =>
  ((res.json() as { invalidParams?: { name: string; code: string }[] }).invalidParams ?? []).map(
    (p) => `${p.name}:${p.code}`,
  );

/** Count of files below documents/ in storage (orphan checks). */
export async function storedFiles(t: TestApp): Promise<string[]> {
  const fs = await import('node:fs/promises');
  const path = await import('node:path');
  const root = path.join(t.config.storageDir, 'documents');
  const out: string[] = [];
  async function walk(dir: string): Promise<void> {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      // Keys are documents/<shard>/<uuid>.<suffix>: report `<uuid>.<suffix>`.
      else out.push(path.relative(root, p).split(path.sep).slice(1).join('/'));
    }
  }
  await walk(root);
  return out.sort();
}
