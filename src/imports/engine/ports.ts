import type { Readable } from 'node:stream';
import type pg from 'pg';
import type { InvalidParam } from '../../shared/errors.js';

/**
 * What the engine needs from the other modules (IMPORT-CONTRACT.md "Things the engine
 * reuses"). The engine depends on these shapes only; `wiring.ts` binds them to the
 * Documenten, Catalogi, Zaken and CSV modules.
 */
export interface CsvRecordLike {
  index: number;
  fields: string[];
}

export type ImportValues = Record<string, string>;

export interface ResolvedIot {
  localId: number | null;
  externalUrl: string | null;
  vertrouwelijkheidaanduiding: string;
  concept?: boolean;
}

export type IotResolution = { ok: true; iot: ResolvedIot } | { ok: false; code: string; reason: string };

export interface ZioInsert {
  zaakId: number;
  documentId: number;
}

export interface EngineCollaborators {
  readCsvRecords(
    source: Readable,
    opts: { encoding: string; delimiter: string },
  ): AsyncIterable<CsvRecordLike>;
  rowValues(
    record: CsvRecordLike,
    columns: string[],
  ): {
    values: ImportValues;
    insufficient: boolean;
    /** A `max_length` problem for each cell cut at the reader's cap (the row must fail). */
    oversized?: InvalidParam[];
  };
  /** Same rules as POST /enkelvoudiginformatieobjecten (camelCase body). */
  validateEioCreate(input: Record<string, unknown>): InvalidParam[];
  resolveIots(urls: string[]): Promise<Map<string, IotResolution>>;
  allocateIdentificaties(client: pg.PoolClient, perYear: Map<number, number>): Promise<Map<number, string[]>>;
  noteUsedIdentificaties(client: pg.PoolClient, identificaties: string[]): Promise<void>;
  documentBlobKey(uuid: string, versie: number): string;
  /** Every storage key of the document starts with this (an interrupted batch is swept by it). */
  documentKeyPrefix(uuid: string): string;
  /** Bulk ZaakInformatieObjecten (aard_relatie hoort_bij) with their ObjectInformatieObject mirrors. */
  insertZaakInformatieobjecten(client: pg.PoolClient, rows: ZioInsert[]): Promise<void>;
}
