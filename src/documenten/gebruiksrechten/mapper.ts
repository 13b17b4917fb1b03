import type { Urls } from '../../shared/urls.js';
import { formatDatetime } from '../mapper.js';
import type { GebruiksrechtRow } from './repository.js';
import type { GebruiksrechtResource } from './schemas.js';

/** Row → the Gebruiksrechten resource, keys in the standard's (and Open Zaak's) order. */
export function toGebruiksrecht(urls: Urls, row: GebruiksrechtRow): GebruiksrechtResource {
  return {
    url: urls.gebruiksrecht(row.uuid),
    informatieobject: urls.eio(row.document_uuid),
    startdatum: formatDatetime(row.startdatum),
    einddatum: row.einddatum === null ? null : formatDatetime(row.einddatum),
    omschrijvingVoorwaarden: row.omschrijving_voorwaarden,
  };
}
