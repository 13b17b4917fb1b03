import path from 'node:path';
import type { IotResolution } from '../../catalogi/informatieobjecttype-resolver.js';
import { documentBlobKey } from '../../documenten/storage-keys.js';
import { inputToValues } from '../../documenten/values.js';
import { derivedRowUuid, normaliseUuid } from './row-uuid.js';
import type { FileOk } from './source-file.js';
import type { DocumentRow, ParsedRow } from './types.js';

/**
 * The stored values of a row that passed every check, through the API's own mapping
 * (values.ts inputToValues; Open Zaak's import; here: README "Bulk import of documents"): an empty
 * vertrouwelijkheidaanduiding takes the informatieobjecttype's, an empty bestandsomvang the
 * real size, an empty bestandsnaam the file's name.
 */
export function buildDocumentRow(
  importUuid: string,
  r: ParsedRow,
  file: FileOk,
  l: { iots: Map<string, IotResolution>; zaken: Map<string, number> },
): DocumentRow {
  const { values: v, body } = r;
  const csvUuid = normaliseUuid(v.uuid ?? '');
  const uuid = csvUuid ?? derivedRowUuid(importUuid, r.index);
  const res = l.iots.get(typeof body.informatieobjecttype === 'string' ? body.informatieobjecttype : '');
  // Only a row whose informatieobjecttype resolved gets here (its failure is a field problem).
  const iot = res?.ok ? res.iot : { localId: null, externalUrl: null, vertrouwelijkheidaanduiding: '' };
  const input = { ...body, bestandsnaam: body.bestandsnaam || path.basename(v.bestandspad ?? '') };
  const identificatie = typeof body.identificatie === 'string' ? body.identificatie : '';
  const size = typeof body.bestandsomvang === 'number' ? body.bestandsomvang : file.size;
  const zaakUuid = normaliseUuid(v.zaakUuid ?? '');
  return {
    uuid,
    csvUuid: csvUuid ?? null,
    values: inputToValues(input, iot, identificatie, { blobKey: documentBlobKey(uuid, 1), size }),
    zaakId: zaakUuid ? (l.zaken.get(zaakUuid) ?? null) : null,
    zaakUuid: v.zaakUuid ?? '',
    staged: file.staged,
  };
}
