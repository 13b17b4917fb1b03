import type { Urls } from '../../shared/urls.js';

/**
 * A part row → the BestandsDeel resource, in Open Zaak's key order (url, volgnummer, omvang,
 * voltooid, lock). The lock is echoed only to the caller that holds it (create, update,
 * upload); readers get "" (Open Zaak echoes it to every reader; a lock that every reader
 * can see locks nothing).
 */
export interface BestandsdeelRow {
  id: number;
  uuid: string;
  document_id: number;
  volgnummer: number;
  byte_offset: number;
  omvang: number;
  voltooid: boolean;
  blob_key: string;
}

export interface BestandsDeel {
  url: string;
  volgnummer: number;
  omvang: number;
  voltooid: boolean;
  lock: string;
}

export function toBestandsDeel(
  urls: Urls,
  row: Pick<BestandsdeelRow, 'uuid' | 'volgnummer' | 'omvang' | 'voltooid'>,
  lock: string,
): BestandsDeel {
  return {
    url: urls.bestandsdeel(row.uuid),
    volgnummer: row.volgnummer,
    omvang: row.omvang,
    voltooid: row.voltooid,
    lock,
  };
}
