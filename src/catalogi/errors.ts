import { type AppError, invalidParam } from '../shared/errors.js';

/** The Catalogi module's error codes (Open Zaak ztc validators). */
export const nonConcept = (action: 'update' | 'delete'): AppError =>
  invalidParam(
    'nonFieldErrors',
    'non-concept-object',
    action === 'update'
      ? 'Het is niet toegestaan om een non-concept object bij te werken.'
      : 'Alleen concepten kunnen worden verwijderd.',
  );

export const doesNotExist = (name: string): AppError =>
  invalidParam(name, 'does_not_exist', 'Ongeldige hyperlink - Object bestaat niet.');

export const conceptRelation = (name: string): AppError =>
  invalidParam(name, 'concept-relation', 'Alle gerelateerde objecten moeten gepubliceerd zijn.');

export const relationsIncorrectCatalogus = (name: string): AppError =>
  invalidParam(name, 'relations-incorrect-catalogus', 'Het object hoort niet bij dezelfde catalogus.');
