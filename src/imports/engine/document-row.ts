import path from 'node:path';
import type { EngineCollaborators, IotResolution } from './ports.js';
import { derivedRowUuid, normaliseUuid } from './row-uuid.js';
import type { FileOk } from './source-file.js';
import type { DocumentRow, ParsedRow } from './types.js';

/**
 * The stored values of a row that passed every check (import.md §1.12 with Part 2 #7):
 * an empty vertrouwelijkheidaanduiding takes the informatieobjecttype's, an empty
 * bestandsomvang the real size, an empty bestandsnaam the file's name.
 */
export function buildDocumentRow(
  ctx: { importUuid: string; collab: EngineCollaborators },
  r: ParsedRow,
  file: FileOk,
  l: { iots: Map<string, IotResolution>; zaken: Map<string, number> },
): DocumentRow {
  const v = r.values!;
  const b = r.body!;
  const s = (k: string): string => (typeof b[k] === 'string' ? (b[k] as string) : '');
  const nullable = (k: string): string | null => (typeof b[k] === 'string' ? (b[k] as string) : null);
  const uuid = normaliseUuid(v.uuid ?? '') ?? derivedRowUuid(ctx.importUuid, r.index);
  const res = l.iots.get(s('informatieobjecttype'));
  const iot = res?.ok ? res.iot : undefined;
  const ond = (b.ondertekening ?? null) as Record<string, string> | null;
  const integ = (b.integriteit ?? null) as Record<string, string> | null;
  const zaakUuid = normaliseUuid(v.zaakUuid ?? '');
  return {
    uuid,
    csvUuid: normaliseUuid(v.uuid ?? '') ?? null,
    bronorganisatie: s('bronorganisatie'),
    identificatie: s('identificatie'),
    creatiedatum: s('creatiedatum'),
    titel: s('titel'),
    vertrouwelijkheidaanduiding: s('vertrouwelijkheidaanduiding') || (iot?.vertrouwelijkheidaanduiding ?? ''),
    auteur: s('auteur'),
    status: s('status'),
    formaat: s('formaat'),
    taal: s('taal'),
    bestandsnaam: s('bestandsnaam') || path.basename(v.bestandspad ?? ''),
    blobKey: ctx.collab.documentBlobKey(uuid, 1),
    bestandsomvang: typeof b.bestandsomvang === 'number' ? b.bestandsomvang : file.size,
    link: s('link'),
    beschrijving: s('beschrijving'),
    ontvangstdatum: nullable('ontvangstdatum'),
    verzenddatum: nullable('verzenddatum'),
    indicatieGebruiksrecht: typeof b.indicatieGebruiksrecht === 'boolean' ? b.indicatieGebruiksrecht : null,
    verschijningsvorm: s('verschijningsvorm'),
    ondertekeningSoort: ond?.soort ?? '',
    ondertekeningDatum: ond?.datum || null,
    integriteitAlgoritme: integ?.algoritme ?? '',
    integriteitWaarde: integ?.waarde ?? '',
    integriteitDatum: integ?.datum || null,
    informatieobjecttypeId: iot?.localId ?? null,
    informatieobjecttypeUrl: iot && iot.localId === null ? iot.externalUrl : null,
    trefwoorden: Array.isArray(b.trefwoorden) ? (b.trefwoorden as string[]) : [],
    zaakId: zaakUuid ? (l.zaken.get(zaakUuid) ?? null) : null,
    zaakUuid: v.zaakUuid ?? '',
    staged: file.staged,
  };
}
