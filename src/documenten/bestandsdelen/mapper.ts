/**
 * A part row → the BestandsDeel resource, in Open Zaak's key order (url, volgnummer, omvang,
 * voltooid, lock). The lock is echoed only to the caller that holds it (create, update,
 * upload); readers get "" — documenten-api.md §9 lists not echoing it as a safe deviation,
 * and a lock that every reader can see locks nothing.
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

export const bestandsdeelUrl = (publicUrl: string, uuid: string): string =>
  `${publicUrl}/documenten/api/v1/bestandsdelen/${uuid}`;

export function toBestandsDeel(
  publicUrl: string,
  row: Pick<BestandsdeelRow, 'uuid' | 'volgnummer' | 'omvang' | 'voltooid'>,
  lock: string,
): BestandsDeel {
  return {
    url: bestandsdeelUrl(publicUrl, row.uuid),
    volgnummer: row.volgnummer,
    omvang: row.omvang,
    voltooid: row.voltooid,
    lock,
  };
}
