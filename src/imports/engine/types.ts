/** Data passed between the pipeline stages of one import (read → prepare → commit). */
export interface DocumentRow {
  uuid: string;
  /** The uuid as the CSV gave it (normalised), null when it was derived. */
  csvUuid: string | null;
  bronorganisatie: string;
  /** '' when it must be generated at commit (year of creatiedatum). */
  identificatie: string;
  creatiedatum: string;
  titel: string;
  vertrouwelijkheidaanduiding: string;
  auteur: string;
  status: string;
  formaat: string;
  taal: string;
  bestandsnaam: string;
  blobKey: string;
  bestandsomvang: number;
  link: string;
  beschrijving: string;
  ontvangstdatum: string | null;
  verzenddatum: string | null;
  indicatieGebruiksrecht: boolean | null;
  verschijningsvorm: string;
  ondertekeningSoort: string;
  ondertekeningDatum: string | null;
  integriteitAlgoritme: string;
  integriteitWaarde: string;
  integriteitDatum: string | null;
  informatieobjecttypeId: number | null;
  informatieobjecttypeUrl: string | null;
  trefwoorden: string[];
  zaakId: number | null;
  zaakUuid: string;
  /** The copy of the checked source file, staged under blobKey's temporary name. */
  staged?: import('../../storage/blob-store.js').StagedFile;
}

/** The outcome of one CSV record; `doc` is set while the row is still heading for commit. */
export interface RowOutcome {
  index: number;
  succeeded: boolean;
  opmerking: string;
  uuid: string | null;
  identificatie: string | null;
  blobKey: string | null;
  doc?: DocumentRow;
}

export interface PreparedBatch {
  seq: number;
  firstIndex: number;
  /** next_record after this batch commits. */
  nextRecord: number;
  rows: RowOutcome[];
}

export const VERTROUWELIJKHEID = [
  'openbaar',
  'beperkt_openbaar',
  'intern',
  'zaakvertrouwelijk',
  'vertrouwelijk',
  'confidentieel',
  'geheim',
  'zeer_geheim',
] as const;

export const vertrouwelijkheidRank = (va: string): number =>
  (VERTROUWELIJKHEID as readonly string[]).indexOf(va);

/** A record after mapping and field validation (reader stage). */
export interface ParsedRow {
  index: number;
  /** Set when the row failed in steps 1–2 (insufficient columns, bestandsomvang literal). */
  fail?: string;
  values?: Record<string, string>;
  body?: Record<string, unknown>;
  problems?: import('../../shared/errors.js').InvalidParam[];
}

export interface ParsedBatch {
  seq: number;
  firstIndex: number;
  nextRecord: number;
  rows: ParsedRow[];
}
