import type pg from 'pg';
import { invalidParam } from '../shared/errors.js';

/**
 * Geldigheid rules of the Catalogi API (Open Zaak ztc validators): the end may not precede
 * the start (`date-mismatch`), and two types of one catalogus with the same omschrijving
 * (informatieobjecttypen) or identificatie (zaaktypen) may not be valid at the same time
 * (`overlap`; an empty end is an open interval).
 */
export function checkStartBeforeEnd(begin: string, einde: string | null | undefined): void {
  if (einde && einde < begin) {
    throw invalidParam(
      'nonFieldErrors',
      'date-mismatch',
      'beginGeldigheid should be before eindeGeldigheid.',
    );
  }
}

export async function checkNoOverlap(
  pool: pg.Pool,
  t: {
    table: 'informatieobjecttypen' | 'zaaktypen';
    keyColumn: 'omschrijving' | 'identificatie';
    label: string;
  },
  v: {
    catalogusId: number;
    key: string;
    begin: string;
    einde: string | null | undefined;
    exceptUuid?: string;
  },
): Promise<void> {
  const { rows } = await pool.query(
    `select 1 from ${t.table}
     where catalogus_id = $1 and ${t.keyColumn} = $2 and ($5::uuid is null or uuid <> $5)
       and (einde_geldigheid is null or einde_geldigheid >= $3)
       and ($4::date is null or begin_geldigheid <= $4)
     limit 1`,
    [v.catalogusId, v.key, v.begin, v.einde ?? null, v.exceptUuid ?? null],
  );
  if (rows.length > 0) {
    throw invalidParam(
      'nonFieldErrors',
      'overlap',
      `Dit ${t.label} komt al voor binnen de catalogus en opgegeven geldigheidsperiode.`,
    );
  }
}
