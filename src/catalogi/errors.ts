import { type AppError, invalidParam } from '../shared/errors.js';
import { MESSAGES } from '../shared/messages.js';

/** The Catalogi module's error codes (Open Zaak's ztc validators). */
export type CatalogiErrorCode =
  | 'non-concept-object'
  | 'does_not_exist'
  | 'concept-relation'
  | 'relations-incorrect-catalogus';

const param = (name: string, code: CatalogiErrorCode, reason: string): AppError =>
  invalidParam(name, code, reason);

export const nonConcept = (action: 'update' | 'delete'): AppError =>
  param(
    'nonFieldErrors',
    'non-concept-object',
    action === 'update'
      ? 'Het is niet toegestaan om een non-concept object bij te werken.'
      : 'Alleen concepten kunnen worden verwijderd.',
  );

export const doesNotExist = (name: string): AppError =>
  param(name, 'does_not_exist', MESSAGES.hyperlinkDoesNotExist);

export const conceptRelation = (name: string): AppError =>
  param(name, 'concept-relation', 'Alle gerelateerde objecten moeten gepubliceerd zijn.');

export const relationsIncorrectCatalogus = (name: string): AppError =>
  param(name, 'relations-incorrect-catalogus', 'Het object hoort niet bij dezelfde catalogus.');
