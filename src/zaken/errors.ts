import type { InvalidParam } from '../shared/errors.js';
import { MESSAGES } from '../shared/messages.js';
import type { RsinCode } from '../shared/rsin.js';

/** The Zaken module's validation codes (Open Zaak's zaken validators) and their reasons. */
export type ZakenErrorCode =
  | RsinCode
  | 'archiefactiedatum-not-set'
  | 'archiefnominatie-not-set'
  | 'bad-url'
  | 'betaling-nvt'
  | 'date-in-future'
  | 'documents-not-archived'
  | 'does_not_exist'
  | 'identificatie-niet-uniek'
  | 'missing-zaaktype-informatieobjecttype-relation'
  | 'not-published'
  | 'unique'
  | 'unknown-service'
  | 'wijzigen-niet-toegelaten'
  | 'zaak-archiefstatus-invalid';

export const param = (name: string, code: ZakenErrorCode, reason: string): InvalidParam => ({
  name,
  code,
  reason,
});

export const REASONS = {
  badUrl: MESSAGES.url,
  unknownService: 'De URL hoort niet bij een bekende service.',
  doesNotExist: 'Het object waarnaar de URL verwijst bestaat niet.',
  notPublished: 'Het gerelateerde object is nog niet gepubliceerd.',
  identificatieNietUniek: (i: string) => `Deze identificatie (${i}) bestaat al voor deze bronorganisatie`,
  immutable: MESSAGES.immutable,
  betalingNvt: 'Laatste betaaldatum kan niet gezet worden als de betalingsindicatie "nvt" is',
  dateInFuture: 'Deze datum mag niet in de toekomst liggen.',
  archiefnominatieNotSet:
    'Moet van een waarde voorzien zijn als de archiefstatus een waarde heeft anders dan "nog_te_archiveren".',
  archiefactiedatumNotSet:
    'Moet van een waarde voorzien zijn als de archiefstatus een waarde heeft anders dan "nog_te_archiveren".',
  documentsNotArchived:
    'Er zijn gerelateerde informatieobjecten waarvan de `status` nog niet gelijk is aan "gearchiveerd".',
  unique: 'De velden zaak, informatieobject moeten een unieke set zijn.',
  missingRelation: 'Het informatieobjecttype hoort niet bij het zaaktype van de zaak.',
  archiefstatusInvalid:
    "De huidige zaak archiefstatus staat dit request niet toe. Archiefstatus moet gelijk zijn aan 'nog_te_archiveren'",
  statusDoesNotExist: MESSAGES.hyperlinkDoesNotExist,
} as const;
