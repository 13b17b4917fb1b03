import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { ZioInsert } from './ports.js';

/**
 * ZaakInformatieObjecten (aard_relatie hoort_bij, empty titel/beschrijving) with their
 * ObjectInformatieObject mirrors, two statements per batch (import.md Part 2 #16).
 */
export async function insertZaakInformatieobjecten(client: pg.PoolClient, rows: ZioInsert[]): Promise<void> {
  if (rows.length === 0) return;
  const zaakIds = rows.map((r) => r.zaakId);
  const documentIds = rows.map((r) => r.documentId);
  await client.query(
    `insert into zaakinformatieobjecten (uuid, zaak_id, document_id, aard_relatie, titel, beschrijving)
     select u, z, d, 'hoort_bij', '', '' from unnest($1::uuid[], $2::int4[], $3::int8[]) as t(u, z, d)`,
    [rows.map(() => randomUUID()), zaakIds, documentIds],
  );
  await client.query(
    `insert into object_informatieobjecten (uuid, document_id, object_type, zaak_id)
     select u, d, 'zaak', z from unnest($1::uuid[], $2::int4[], $3::int8[]) as t(u, z, d)`,
    [rows.map(() => randomUUID()), zaakIds, documentIds],
  );
}
