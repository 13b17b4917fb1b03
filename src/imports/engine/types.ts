import type { NewDocument } from '../../documenten/repository.js';
import type { InvalidParam } from '../../shared/errors.js';
import type { StagedFile } from '../../storage/blob-store.js';

/**
 * The states of one CSV record on its way through the pipeline (read → decide → commit),
 * each a type of its own: what a stage may read of a row is what its state has.
 */

/** The values of a record by column name (csv.ts rowValues), codes trimmed. */
export type ImportValues = Record<string, string>;

/** Read: the record could not be mapped (too few columns, a bestandsomvang that is no number). */
export interface UnreadableRow {
  state: 'unreadable';
  index: number;
  values: ImportValues;
  comment: string;
}

/** Read: mapped to the body of POST /enkelvoudiginformatieobjecten and checked by its field rules. */
export interface ParsedRow {
  state: 'parsed';
  index: number;
  values: ImportValues;
  body: Record<string, unknown>;
  problems: InvalidParam[];
}

export type ReadRow = UnreadableRow | ParsedRow;

/**
 * A document heading for commit: what the documents repository stores (the API's mapping,
 * values.ts inputToValues) plus what only the import needs. `values.identificatie` is ''
 * when it is generated at commit (year of creatiedatum).
 */
export interface DocumentRow extends NewDocument {
  /** The uuid as the CSV gave it (normalised), null when it was derived. */
  csvUuid: string | null;
  /** The zaak to link (aard_relatie hoort_bij) and its uuid as the CSV gave it. */
  zaakId: number | null;
  zaakUuid: string;
  /** The copy of the checked source file, staged under the blob key's temporary name. */
  staged?: StagedFile;
}

/** Decided: failed a check; the comment goes to the report. */
export interface RejectedRow {
  state: 'rejected';
  index: number;
  opmerking: string;
}

/** Decided: passed every check; its document goes on to be published and committed. */
export interface AcceptedRow {
  state: 'accepted';
  index: number;
  doc: DocumentRow;
}

/**
 * Accepted, then refused by a constraint at commit (another writer took its uuid or
 * identificatie first, or its zaak went away).
 */
export interface ConflictedRow {
  state: 'conflicted';
  index: number;
  opmerking: string;
  uuid: string;
  identificatie: string;
  /** Its file, removed after the batch; null when the uuid (and so the key) is another writer's. */
  blobKey: string | null;
}

export type DecidedRow = RejectedRow | AcceptedRow;
export type CommittedRow = DecidedRow | ConflictedRow;

export interface ParsedBatch {
  seq: number;
  firstIndex: number;
  nextRecord: number;
  rows: ReadRow[];
}

export interface PreparedBatch {
  seq: number;
  firstIndex: number;
  /** next_record after this batch commits. */
  nextRecord: number;
  rows: DecidedRow[];
}

/** One row of the import's report (import_rows) as the batch commits it. */
export interface ReportRow {
  index: number;
  succeeded: boolean;
  uuid: string | null;
  identificatie: string | null;
  opmerking: string;
  blobKey: string | null;
}

/**
 * The report row of a committed row. A dry run's passing row shows only the uuid and
 * identificatie of its CSV (nothing was assigned) and no file.
 */
export function reportRow(r: CommittedRow, dryRun: boolean): ReportRow {
  switch (r.state) {
    case 'rejected':
      return {
        index: r.index,
        succeeded: false,
        uuid: null,
        identificatie: null,
        opmerking: r.opmerking,
        blobKey: null,
      };
    case 'conflicted':
      return {
        index: r.index,
        succeeded: false,
        uuid: r.uuid,
        identificatie: r.identificatie,
        opmerking: r.opmerking,
        blobKey: null,
      };
    case 'accepted': {
      const { doc } = r;
      return dryRun
        ? {
            index: r.index,
            succeeded: true,
            uuid: doc.csvUuid,
            identificatie: doc.values.identificatie === '' ? null : doc.values.identificatie,
            opmerking: '',
            blobKey: null,
          }
        : {
            index: r.index,
            succeeded: true,
            uuid: doc.uuid,
            identificatie: doc.values.identificatie,
            opmerking: '',
            blobKey: doc.values.blob_key,
          };
    }
  }
}
