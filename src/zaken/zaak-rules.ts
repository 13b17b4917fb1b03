import type { InvalidParam } from '../shared/errors.js';
import { rsinProblem } from '../shared/rsin.js';
import type { Queryable } from '../db/pool.js';
import { param, REASONS } from './errors.js';
import { createZaakRepository, type ZaakColumns, type ZaakData, type ZaaktypeRow } from './repository.js';
import type { ZaakPatchBody } from './schemas.js';
import type { Urls } from '../shared/urls.js';
import { parseZaaktypeRef } from './urls.js';

/** Field- and object-level rules of a zaak (Zaken API 1.5 as Open Zaak validates it). */

/** Body keys stored in the `data` jsonb column (the rest have columns of their own). */
const DATA_KEYS = [
  'einddatumGepland',
  'uiterlijkeEinddatumAfdoening',
  'publicatiedatum',
  'communicatiekanaal',
  'communicatiekanaalNaam',
  'productenOfDiensten',
  'betalingsindicatie',
  'laatsteBetaaldatum',
  'selectielijstklasse',
  'archiefnominatie',
  'archiefactiedatum',
  'opdrachtgevendeOrganisatie',
  'processobjectaard',
  'startdatumBewaartermijn',
  'opschorting',
  'verlenging',
  'kenmerken',
] as const;

export function dataOf(body: ZaakPatchBody): ZaakData {
  const out: ZaakData = {};
  for (const k of DATA_KEYS) if (body[k] !== undefined) out[k] = body[k];
  return out;
}

export function columnsOf(body: ZaakPatchBody): Partial<ZaakColumns> {
  return {
    identificatie: body.identificatie,
    bronorganisatie: body.bronorganisatie,
    verantwoordelijke_organisatie: body.verantwoordelijkeOrganisatie,
    omschrijving: body.omschrijving,
    toelichting: body.toelichting,
    registratiedatum: body.registratiedatum,
    startdatum: body.startdatum,
    vertrouwelijkheidaanduiding: body.vertrouwelijkheidaanduiding,
    archiefstatus: body.archiefstatus,
  };
}

/** `zaaktype` must be the URL of a published local zaaktype (Catalogi API ZaakType, Zaken API). */
export async function resolveZaaktype(
  q: Queryable,
  urls: Urls,
  value: string,
): Promise<{ zaaktype: ZaaktypeRow } | { error: InvalidParam }> {
  const ref = parseZaaktypeRef(urls, value);
  if (ref.kind === 'invalid') return { error: param('zaaktype', 'bad-url', REASONS.badUrl) };
  if (ref.kind === 'foreign') return { error: param('zaaktype', 'unknown-service', REASONS.unknownService) };
  const zaaktype = ref.uuid ? await createZaakRepository(q).findZaaktype(ref.uuid) : null;
  if (!zaaktype) return { error: param('zaaktype', 'does_not_exist', REASONS.doesNotExist) };
  if (zaaktype.concept) return { error: param('zaaktype', 'not-published', REASONS.notPublished) };
  return { zaaktype };
}

/** RSIN fields: 11-proef with Open Zaak's codes. */
export function rsinErrors(body: ZaakPatchBody): InvalidParam[] {
  const out: InvalidParam[] = [];
  for (const name of ['bronorganisatie', 'verantwoordelijkeOrganisatie'] as const) {
    const v = body[name];
    const problem = v === undefined ? null : rsinProblem(v);
    if (problem) out.push(param(name, problem.code, problem.reason));
  }
  return out;
}

/** The zaak as it will be after a create or update: what object-level rules look at. */
export interface EffectiveZaak {
  archiefstatus: string;
  data: ZaakData;
}

/**
 * Object-level rules: `betaling-nvt`, `date-in-future` for laatsteBetaaldatum, and the
 * archiving rules (archiefnominatie/archiefactiedatum set, documents archived).
 */
export async function objectRuleErrors(
  z: EffectiveZaak,
  now: Date,
  documentsArchived: () => Promise<boolean>,
): Promise<InvalidParam[]> {
  const out: InvalidParam[] = [];
  const betaald = z.data.laatsteBetaaldatum;
  if (typeof betaald === 'string') {
    if (z.data.betalingsindicatie === 'nvt') {
      out.push(param('laatsteBetaaldatum', 'betaling-nvt', REASONS.betalingNvt));
    } else if (Date.parse(betaald) > now.getTime()) {
      out.push(param('laatsteBetaaldatum', 'date-in-future', REASONS.dateInFuture));
    }
  }
  if (z.archiefstatus !== 'nog_te_archiveren') {
    if (!(await documentsArchived())) {
      out.push(param('archiefstatus', 'documents-not-archived', REASONS.documentsNotArchived));
    }
    if (!z.data.archiefnominatie) {
      out.push(param('archiefnominatie', 'archiefnominatie-not-set', REASONS.archiefnominatieNotSet));
    }
    if (!z.data.archiefactiedatum) {
      out.push(param('archiefactiedatum', 'archiefactiedatum-not-set', REASONS.archiefactiedatumNotSet));
    }
  }
  return out;
}
