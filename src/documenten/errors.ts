import { AppError, type InvalidParam, invalidParam } from '../shared/errors.js';
import { MESSAGES } from '../shared/messages.js';

/**
 * The Documenten module's error codes and their reference wording: Open Zaak's documenten
 * validators and viewsets (EnkelvoudigInformatieObject, BestandsDeel, ObjectInformatieObject);
 * where this server adds a rule (bestandsdelen plans, concurrent part uploads) the wording is
 * its own. DRF's standard field messages live in shared/messages.ts.
 */
export type DocumentenErrorCode =
  | 'unlocked'
  | 'missing-lock-id'
  | 'incorrect-lock-id'
  | 'existing-lock'
  | 'pending-relations'
  | 'destroy-locked'
  | 'file-size'
  | 'incomplete-upload'
  | 'identificatie-niet-uniek'
  | 'invalid_for_received'
  | 'missing-gebruiksrechten'
  | 'existing-gebruiksrechten'
  | 'invalid-address'
  | 'empty_search_body'
  | 'unique'
  | 'inconsistent-relation'
  | 'remote-relation-exists'
  | 'relation-lookup-error';

const nonField = (code: DocumentenErrorCode, reason: string): AppError =>
  invalidParam('nonFieldErrors', code, reason);

export const lockErrors = {
  /** PUT/PATCH of a document that is not locked. */
  unlocked: () => nonField('unlocked', 'Unlocked document kan niet bewerkt worden.'),
  missingLockId: () => nonField('missing-lock-id', 'Dit document is gelocked. Geef het lock-ID op.'),
  incorrectLockId: () => nonField('incorrect-lock-id', 'Incorrect lock ID.'),
  /** The lock of a bestandsdeel upload (Open Zaak's BestandsDeel serializer words it in Dutch). */
  incorrectPartLockId: () => nonField('incorrect-lock-id', 'Lock id is niet correct.'),
  existingLock: () => nonField('existing-lock', 'Het document is al gelocked.'),
};

export const destroyErrors = {
  pendingRelations: () =>
    nonField(
      'pending-relations',
      'All relations to the informatieobject should be destroyed before destroying the informatieobject',
    ),
  locked: () => nonField('destroy-locked', 'Een gelockt document kan niet verwijderd worden.'),
};

export const fileErrors = {
  /** bestandsomvang against the size of the inhoud sent with it. */
  sizeMismatch: () =>
    nonField('file-size', 'Het opgegeven bestandsomvang komt niet overeen met de grootte van de inhoud.'),
  /** One bestandsdeel against its `omvang`. */
  partSize: (got: number | string, expected: number) =>
    nonField(
      'file-size',
      `Het aangeleverde bestand heeft een afwijkende bestandsgrootte (volgens het \`omvang\`-veld). Verwachting: ${expected}b, ontvangen: ${got}b`,
    ),
  noPartUploaded: () =>
    nonField(
      'file-size',
      'Er is geen bestandsdeel geüpload: upload de bestandsdelen, of zet bestandsomvang op 0.',
    ),
  incompleteUpload: (uploaded: number, total: number) =>
    nonField('incomplete-upload', `Upload van de bestandsdelen is niet compleet (${uploaded} van ${total}).`),
  tooManyParts: (total: number, maxParts: number, partBytes: number) =>
    invalidParam(
      'bestandsomvang',
      'max_value',
      `Een bestand van ${total} bytes zou meer dan ${maxParts} bestandsdelen van ${partBytes} bytes worden.`,
    ),
  /** Two writers of one bestandsdeel: the part was replaced or removed under the upload. */
  partReplaced: () =>
    new AppError(409, 'conflict', 'Het bestandsdeel is tijdens de upload vervangen of verwijderd.'),
  partBusy: () => new AppError(409, 'conflict', 'Dit bestandsdeel wordt al door een ander verzoek geüpload.'),
  claimLost: () =>
    new AppError(503, 'service_unavailable', 'De claim op het bestandsdeel kon niet worden verlengd.'),
};

export function identificatieNietUniekParam(identificatie: string): InvalidParam {
  const code: DocumentenErrorCode = 'identificatie-niet-uniek';
  return {
    name: 'identificatie',
    code,
    reason: `Deze identificatie (${identificatie}) bestaat al voor deze bronorganisatie`,
  };
}

/** 400 identificatie / identificatie-niet-uniek: taken for this bronorganisatie. */
export function identificatieNietUniek(identificatie: string): AppError {
  return new AppError(400, 'invalid', undefined, [identificatieNietUniekParam(identificatie)]);
}

/** A received document (ontvangstdatum) cannot be `in_bewerking` or `ter_vaststelling`. */
export function invalidForReceived(): InvalidParam {
  const code: DocumentenErrorCode = 'invalid_for_received';
  return {
    name: 'status',
    code,
    reason:
      'De statuswaarden `in_bewerking` en `ter_vaststelling` zijn niet van toepassing op ontvangen informatieobjecten.',
  };
}

export const searchErrors = {
  emptyBody: () => nonField('empty_search_body', 'Zoek parameters mogen niet leeg zijn.'),
  /** An `ordering` or `expand` value that is not one of the choices. */
  notAChoice: (name: string, value: string) =>
    invalidParam(name, 'invalid_choice', MESSAGES.notAChoice(value)),
};

export const OIO_REASONS = {
  unique: 'De velden informatieobject, object moeten een unieke set zijn.',
  inconsistent: 'Het object heeft geen relatie met dit informatieobject.',
  remoteInconsistent: 'The canonical remote relation does not exist, this relation cannot be created.',
  lookupError: 'De relatie kon niet worden opgevraagd bij de API van het object.',
  remoteExists: 'Het object is nog gerelateerd aan de zaak; verwijder eerst de ZaakInformatieObject-relatie.',
  doesNotExist: MESSAGES.hyperlinkDoesNotExist,
} as const;

export const oioError = (
  code: Extract<
    DocumentenErrorCode,
    'unique' | 'inconsistent-relation' | 'remote-relation-exists' | 'relation-lookup-error'
  >,
  reason: string,
): AppError => nonField(code, reason);

/**
 * The document's `indicatieGebruiksrecht` against its gebruiksrechten (Open Zaak's
 * validate_indicatie_gebruiksrecht), and the gebruiksrechten/verzendingen rules.
 */
export const gebruiksrechtErrors = {
  missing: () =>
    invalidParam(
      'indicatieGebruiksrecht',
      'missing-gebruiksrechten' satisfies DocumentenErrorCode,
      'De indicatie kan niet gezet worden zonder gebruiksrechten voor dit informatieobject.',
    ),
  existing: () =>
    invalidParam(
      'indicatieGebruiksrecht',
      'existing-gebruiksrechten' satisfies DocumentenErrorCode,
      'De indicatie kan niet weggehaald worden of ongespecifieerd zijn als er Gebruiksrechten gedefinieerd zijn.',
    ),
  /** `informatieobject` of a gebruiksrecht (IsImmutableValidator). */
  immutable: () => invalidParam('informatieobject', 'wijzigen-niet-toegelaten', MESSAGES.immutable),
};

export const verzendingErrors = {
  /** Open Zaak's VerzendingAddressValidator: exactly one contact channel. */
  invalidAddress: () =>
    nonField('invalid-address', 'Verzending moet precies één correspondentieadres bevatten.'),
  email: () => invalidParam('emailadres', 'invalid', MESSAGES.email),
};
