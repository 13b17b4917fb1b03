import { vertrouwelijkheidRank } from '../auth/types.js';
import type { ResolvedInformatieobjecttype } from '../catalogi/informatieobjecttype-resolver.js';
import { fileErrors } from './errors.js';
import { PLAIN_FIELDS, type PlainField, type PlainValues } from './fields.js';
import type { DocumentVersionRow } from './mapper.js';
import type { VersionValues } from './repository.js';

/**
 * From a validated request body (camelCase, Documenten API schema EnkelvoudigInformatieObject)
 * to the stored version columns, and the file/size rules of Open Zaak's EIO serializer. Kept
 * free of I/O so create, PUT and PATCH share it.
 */
export type EioInput = Record<string, unknown>;

/** What the new version's file will be. */
export type FilePlan =
  | { kind: 'none' }
  | { kind: 'empty' }
  | { kind: 'upload'; key: string; size: number }
  | { kind: 'keep'; key: string; size: number | null }
  /** bestandsomvang > 0 without inhoud: the file comes in bestandsdelen (the Documenten API bestandsdelen flow). */
  | { kind: 'parts'; size: number };

/** Create and PUT: inhoud (a decoded upload) against bestandsomvang (Open Zaak's EnkelvoudigInformatieObject serializer). */
export function planFileForReplace(
  body: EioInput,
  upload: { key: string; size: number } | undefined,
): FilePlan {
  const given = Object.hasOwn(body, 'bestandsomvang');
  const omvang = body.bestandsomvang as number | null | undefined;
  if (upload) {
    if (given && omvang !== upload.size) throw fileErrors.sizeMismatch();
    return { kind: 'upload', key: upload.key, size: upload.size };
  }
  if (omvang === 0) return { kind: 'empty' };
  if (typeof omvang === 'number' && omvang > 0) return { kind: 'parts', size: omvang };
  return { kind: 'none' };
}

/**
 * PATCH: the effective inhoud (new upload, explicit removal, or the current file) must
 * match the effective bestandsomvang (new or current).
 */
export function planFileForPatch(
  body: EioInput,
  upload: { key: string; size: number } | undefined,
  current: DocumentVersionRow,
): FilePlan {
  const omvang = Object.hasOwn(body, 'bestandsomvang')
    ? (body.bestandsomvang as number | null)
    : current.bestandsomvang;
  if (upload) {
    if (omvang !== upload.size) throw fileErrors.sizeMismatch();
    return { kind: 'upload', key: upload.key, size: upload.size };
  }
  const removed = Object.hasOwn(body, 'inhoud') && (body.inhoud === null || body.inhoud === '');
  if (!removed && current.blob_key !== null) {
    if (omvang !== current.bestandsomvang) throw fileErrors.sizeMismatch();
    return { kind: 'keep', key: current.blob_key, size: current.bestandsomvang };
  }
  if (omvang === 0) return { kind: 'empty' };
  if (typeof omvang === 'number' && omvang > 0) return { kind: 'parts', size: omvang };
  return { kind: 'none' };
}

/** The writable fields of a stored version, as a request body would carry them. */
export function rowToInput(row: DocumentVersionRow, iotUrl: string): EioInput {
  const input: EioInput = {};
  for (const f of PLAIN_FIELDS) input[f.name] = row[f.column as keyof DocumentVersionRow];
  input.ondertekening = row.ondertekening_soort
    ? { soort: row.ondertekening_soort, datum: row.ondertekening_datum }
    : null;
  input.integriteit = row.integriteit_algoritme
    ? { algoritme: row.integriteit_algoritme, waarde: row.integriteit_waarde, datum: row.integriteit_datum }
    : null;
  input.informatieobjecttype = iotUrl;
  input.trefwoorden = row.trefwoorden;
  return input;
}

const s = (v: unknown): string => (typeof v === 'string' ? v : '');
const orNull = <T>(v: unknown): T | null => (v === undefined ? null : (v as T | null));

/**
 * How each plain field is stored: null when absent (nullable), as given (required), else "" when
 * absent. Built once, in one object shape: every import row goes through inputToValues.
 */
const STORED: readonly { name: string; column: string; as: 'null' | 'given' | 'text' }[] = PLAIN_FIELDS.map(
  (f: PlainField) => ({
    name: f.name,
    column: f.column,
    as: f.nullable ? 'null' : f.required ? 'given' : 'text',
  }),
);

/**
 * Stored columns for a validated input; VA "" or absent → the informatieobjecttype's (Open Zaak's EnkelvoudigInformatieObject serializer).
 * The one mapping of a document to its row: the API's create/update and the bulk import
 * (imports/engine/document-row.ts) both store what this returns.
 */
export function inputToValues(
  input: EioInput,
  iot: Pick<ResolvedInformatieobjecttype, 'localId' | 'externalUrl' | 'vertrouwelijkheidaanduiding'>,
  identificatie: string,
  file: { blobKey: string | null; size: number | null },
): VersionValues {
  const plain: Record<string, unknown> = {};
  for (const f of STORED) {
    const v = input[f.name];
    plain[f.column] = f.as === 'null' ? orNull(v) : f.as === 'given' ? v : s(v);
  }
  const va = s(input.vertrouwelijkheidaanduiding) || iot.vertrouwelijkheidaanduiding;
  const ond = (input.ondertekening ?? null) as { soort: string; datum: string } | null;
  const integ = (input.integriteit ?? null) as { algoritme: string; waarde: string; datum: string } | null;
  // Assigned, not spread: a spread of this many keys made every import row's values 50x slower.
  // Every column that is not a plain field's, and the two plain ones decided here.
  const special: Omit<
    VersionValues,
    Exclude<keyof PlainValues, 'identificatie' | 'vertrouwelijkheidaanduiding'>
  > = {
    identificatie,
    vertrouwelijkheidaanduiding: va,
    vertrouwelijkheid_rank: vertrouwelijkheidRank(va),
    blob_key: file.blobKey,
    bestandsomvang: file.size,
    ondertekening_soort: ond?.soort ?? '',
    ondertekening_datum: ond?.datum ?? null,
    integriteit_algoritme: integ?.algoritme ?? '',
    integriteit_waarde: integ?.waarde ?? '',
    integriteit_datum: integ?.datum ?? null,
    informatieobjecttype_id: iot.localId,
    informatieobjecttype_url: iot.localId === null ? iot.externalUrl : null,
    trefwoorden: (input.trefwoorden as string[] | undefined) ?? [],
  };
  return Object.assign(plain as PlainValues, special);
}
