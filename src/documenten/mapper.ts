import type { Urls } from '../shared/urls.js';
import { EIO_FIELDS, type SpecialFieldName } from './fields.js';
import type { VersionValues } from './repository.js';

/**
 * Document version row → the EIO resource (Documenten API schema EnkelvoudigInformatieObject), keys in Open Zaak's
 * order (the field table's, fields.ts). `url` is the same for all versions; `inhoud` points at this version's download.
 */
export interface DocumentVersionRow extends Omit<VersionValues, 'vertrouwelijkheid_rank'> {
  document_id: number;
  uuid: string;
  lock: string;
  versie: number;
  /** UTC text `YYYY-MM-DDTHH:MM:SS.uuuuuuZ` (selected so microseconds survive). */
  begin_registratie: string;
  /** uuid of the local informatieobjecttype (joined), null for an external one. */
  iot_uuid: string | null;
}

/** The IOT URL of a row: local by uuid, or the stored external URL. */
export function rowIotUrl(
  urls: Urls,
  row: Pick<DocumentVersionRow, 'iot_uuid' | 'informatieobjecttype_url'>,
): string {
  return row.iot_uuid
    ? urls.catalogi('informatieobjecttypen', row.iot_uuid)
    : (row.informatieobjecttype_url ?? '');
}

/** `…000000Z` → `…Z`: microseconds appear only when the value has them (ZGW API conventions, as Open Zaak). */
export function formatDatetime(text: string): string {
  return text.replace(/\.0{6}Z$/, 'Z').replace(/(\.\d*?)0+Z$/, '$1Z');
}

export function toEio(urls: Urls, row: DocumentVersionRow): Record<string, unknown> {
  const url = urls.eio(row.uuid);
  const special: Record<SpecialFieldName, unknown> = {
    url,
    versie: row.versie,
    beginRegistratie: formatDatetime(row.begin_registratie),
    inhoud: row.blob_key !== null ? `${url}/download?versie=${row.versie}` : null,
    bestandsomvang: row.bestandsomvang,
    ondertekening: row.ondertekening_soort
      ? { soort: row.ondertekening_soort, datum: row.ondertekening_datum }
      : null,
    integriteit: row.integriteit_algoritme
      ? { algoritme: row.integriteit_algoritme, waarde: row.integriteit_waarde, datum: row.integriteit_datum }
      : null,
    informatieobjecttype: rowIotUrl(urls, row),
    locked: row.lock !== '',
    bestandsdelen: [],
    trefwoorden: row.trefwoorden,
  };
  return buildResource(row, special);
}

/**
 * The resource in field order: a plain field's value from its column, a special one's from
 * `special`. Every row of every list goes through this, so it is compiled once from the field
 * table into one object literal (as fast-json-stringify and ajv compile theirs): built key by
 * key it was 10x slower than the hand-written literal it replaces. The source holds only the
 * table's own names, each quoted with JSON.stringify.
 */
const buildResource = new Function(
  'row',
  'special',
  `return {${EIO_FIELDS.map((f) =>
    typeof f === 'string'
      ? `${JSON.stringify(f)}: special[${JSON.stringify(f)}]`
      : `${JSON.stringify(f.name)}: row[${JSON.stringify(f.column)}]`,
  ).join(', ')}};`,
) as (row: DocumentVersionRow, special: Record<SpecialFieldName, unknown>) => Record<string, unknown>;
