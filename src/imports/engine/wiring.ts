import {
  createInformatieobjecttypeResolver,
  type IotResolution,
} from '../../catalogi/informatieobjecttype-resolver.js';
import { catalogiUrl } from '../../catalogi/urls.js';
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
import { echo } from './row-mapping.js';

/**
 * Binds the engine to the shared modules: the same rules and allocator as the API.
 * `publicUrl` is the PUBLIC_URL recorded by the API that created the import (issue 10 #11):
 * local informatieobjecttype URLs are those under it, whatever this worker's own PUBLIC_URL.
 */
export function engineCollaborators(
  deps: Deps,
  publicUrl: string = deps.config.publicUrl,
): EngineCollaborators {
  const resolver =
    publicUrl === deps.config.publicUrl
      ? deps.informatieobjecttypen
      : createInformatieobjecttypeResolver({
          pool: deps.pool,
          config: { publicUrl, catalogiServices: deps.config.catalogiServices },
        });
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
    resolveIots: async (urls) => {
      const resolved = await resolver.resolveMany(urls);
      return new Map([...resolved].map(([url, res]) => [url, withUrl(res, url, publicUrl)]));
    },
    allocateIdentificaties: allocateDocumentIdentificaties,
    noteUsedIdentificaties,
    documentBlobKey,
    documentKeyPrefix,
    insertZaakInformatieobjecten: async (client, rows) => {
      await insertZaakInformatieobjecten(client, rows);
    },
  };
}

/**
 * The import's comment names the URL a failure is about (the API's reasons stay as they are),
 * and for `unknown-service` what a URL must start with to be found.
 */
function withUrl(res: IotResolution, url: string, publicUrl: string): IotResolution {
  if (res.ok || res.reason.includes(url)) return res;
  let reason = `${res.reason}${echo('informatieobjecttype', url)}`;
  if (res.code === 'unknown-service') {
    reason += `. A local informatieobjecttype URL starts with ${catalogiUrl(publicUrl, 'informatieobjecttypen', '')} (the PUBLIC_URL of the API that created this import); an external one needs its Catalogi apiRoot in CATALOGI_SERVICES.`;
  }
  return { ...res, reason };
}
