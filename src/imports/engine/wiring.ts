import type { Deps } from '../../deps.js';
import {
  allocateDocumentIdentificaties,
  documentBlobKey,
  documentKeyPrefix,
  noteUsedIdentificaties,
} from '../../documenten/identificatie.js';
import { maxReason, validateEioCreate } from '../../documenten/validation.js';
import { type CsvDelimiter, type CsvEncoding, MAX_FIELD_CHARS, readCsvRecords, rowValues } from '../csv.js';
import { insertZaakInformatieobjecten } from '../../zaken/zio-repository.js';
import type { EngineCollaborators } from './ports.js';

/** Binds the engine to the shared modules: the same rules and allocator as the API. */
export function engineCollaborators(deps: Deps): EngineCollaborators {
  return {
    readCsvRecords: (source, opts) =>
      readCsvRecords(source, {
        encoding: opts.encoding as CsvEncoding,
        delimiter: opts.delimiter as CsvDelimiter,
      }),
    rowValues: (record, columns) => {
      const r = rowValues(record, columns);
      const oversized = r.oversized.map((name) => ({
        name,
        code: 'max_length',
        reason: maxReason(MAX_FIELD_CHARS),
      }));
      return { ...r, oversized };
    },
    validateEioCreate,
    resolveIots: (urls) => deps.informatieobjecttypen.resolveMany(urls),
    allocateIdentificaties: allocateDocumentIdentificaties,
    noteUsedIdentificaties,
    documentBlobKey,
    documentKeyPrefix,
    insertZaakInformatieobjecten: async (client, rows) => {
      await insertZaakInformatieobjecten(client, rows);
    },
  };
}
