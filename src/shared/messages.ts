/**
 * The field messages of Django REST framework in Dutch, word for word as Open Zaak answers
 * them (`invalidParams[].reason`). One home for every validator: the AJV mapping
 * (http/validation.ts), the EIO field rules (documenten/validation.ts) and the module rules.
 */
export const MESSAGES = {
  required: 'Dit veld is vereist.',
  null: 'Dit veld mag niet leeg zijn.',
  blank: 'Dit veld mag niet leeg zijn.',
  invalid: 'Ongeldige waarde.',
  notAString: 'Not a valid string.',
  boolean: 'Moet een geldige boolean zijn.',
  integer: 'Een geldig geheel getal is vereist.',
  file: 'Upload een geldig bestand.',
  noFile: 'Er is geen bestand opgestuurd.',
  date: 'Datum heeft het verkeerde formaat, gebruik 1 van de volgende formaten: YYYY-MM-DD.',
  datetime:
    'Datetime heeft een verkeerd formaat, gebruik 1 van de volgende formaten: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].',
  url: 'Voer een geldige URL in.',
  uuid: 'Voer een geldige UUID in.',
  email: 'Voer een geldig e-mailadres in.',
  hyperlinkDoesNotExist: 'Ongeldige hyperlink - Object bestaat niet.',
  hyperlinkNoMatch: 'Ongeldige hyperlink - Geen URL match.',
  immutable: 'Dit veld mag niet gewijzigd worden.',
  notADictionary: 'Ongeldige data. Verwachtte een dictionary.',
  maxLength: (n: unknown) => `Zorg ervoor dat dit veld niet meer dan ${String(n)} karakters bevat.`,
  minLength: (n: unknown) => `Zorg ervoor dat dit veld minimaal ${String(n)} karakters bevat.`,
  minValue: (n: unknown) => `Zorg ervoor dat deze waarde groter of gelijk is aan ${String(n)}.`,
  maxValue: (n: unknown) => `Zorg ervoor dat deze waarde kleiner of gelijk is aan ${String(n)}.`,
  invalidChoice: (value: unknown) => `"${String(value)}" is een ongeldige keuze.`,
  /** A filter or `expand` value that is not one of the choices (django-filter's wording). */
  notAChoice: (value: unknown) => `Selecteer een geldige keuze. ${String(value)} is geen beschikbare keuze.`,
  notAList: (type: string) => `Verwachtte een lijst met items maar kreeg type "${type}".`,
} as const;
