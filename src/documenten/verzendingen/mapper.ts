import type { Urls } from '../../shared/urls.js';
import type { VerzendingRow, VerzendingValues } from './repository.js';
import {
  type AddressGroup,
  GROUP_DEFAULTS,
  GROUP_FIELDS,
  type VerzendingInput,
  type VerzendingResource,
} from './schemas.js';

type Group = VerzendingResource['binnenlandsCorrespondentieadres'];

/** Row → the Verzending resource, keys in the standard's (and Open Zaak's) order. */
export function toVerzending(urls: Urls, row: VerzendingRow): VerzendingResource {
  return {
    url: urls.verzending(row.uuid),
    betrokkene: row.betrokkene,
    informatieobject: urls.eio(row.document_uuid),
    aardRelatie: row.aard_relatie,
    toelichting: row.toelichting,
    ontvangstdatum: row.ontvangstdatum,
    verzenddatum: row.verzenddatum,
    contactPersoon: row.contact_persoon,
    contactpersoonnaam: row.contactpersoonnaam,
    binnenlandsCorrespondentieadres: row.binnenlands_correspondentieadres as Group,
    buitenlandsCorrespondentieadres: row.buitenlands_correspondentieadres as Group,
    correspondentiePostadres: row.correspondentie_postadres as Group,
    faxnummer: row.faxnummer,
    emailadres: row.emailadres,
    mijnOverheid: row.mijn_overheid,
    telefoonnummer: row.telefoonnummer,
  };
}

/** A group as stored: its fields only, every one present (optional strings ""), or null. */
function group(name: AddressGroup, value: unknown): Record<string, unknown> | null {
  if (value === null || value === undefined) return null;
  const given = value as Record<string, unknown>;
  const out: Record<string, unknown> = { ...GROUP_DEFAULTS[name] };
  for (const field of GROUP_FIELDS[name]) if (given[field] !== undefined) out[field] = given[field];
  return out;
}

/**
 * The stored values of a create/PUT (`current` undefined: what the body leaves out gets its
 * default) or a PATCH (the current row's value where the body is silent).
 */
export function valuesFor(body: VerzendingInput, current: VerzendingRow | undefined): VerzendingValues {
  const pick = <K extends keyof VerzendingInput, V>(key: K, stored: V | undefined, fallback: V): V =>
    Object.hasOwn(body, key) ? (body[key] as V) : current ? (stored as V) : fallback;
  return {
    betrokkene: pick('betrokkene', current?.betrokkene, ''),
    aard_relatie: pick('aardRelatie', current?.aard_relatie, ''),
    toelichting: pick('toelichting', current?.toelichting, ''),
    ontvangstdatum: pick('ontvangstdatum', current?.ontvangstdatum, null),
    verzenddatum: pick('verzenddatum', current?.verzenddatum, null),
    contact_persoon: pick('contactPersoon', current?.contact_persoon, ''),
    contactpersoonnaam: pick('contactpersoonnaam', current?.contactpersoonnaam, ''),
    binnenlands_correspondentieadres: group(
      'binnenlandsCorrespondentieadres',
      pick('binnenlandsCorrespondentieadres', current?.binnenlands_correspondentieadres, null),
    ),
    buitenlands_correspondentieadres: group(
      'buitenlandsCorrespondentieadres',
      pick('buitenlandsCorrespondentieadres', current?.buitenlands_correspondentieadres, null),
    ),
    correspondentie_postadres: group(
      'correspondentiePostadres',
      pick('correspondentiePostadres', current?.correspondentie_postadres, null),
    ),
    faxnummer: pick('faxnummer', current?.faxnummer, null),
    emailadres: pick('emailadres', current?.emailadres, null),
    mijn_overheid: pick('mijnOverheid', current?.mijn_overheid, false),
    telefoonnummer: pick('telefoonnummer', current?.telefoonnummer, null),
  };
}
