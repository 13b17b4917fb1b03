import { type AppError, type InvalidParam, invalidParam } from '../shared/errors.js';

/** The Autorisaties module's error codes and wording (vng-api-common's ApplicatieSerializer). */
export type AutorisatiesErrorCode =
  | 'clientId-exists'
  | 'ambiguous-authorizations-specified'
  | 'missing-authorizations'
  | 'required';

const param = (name: string, code: AutorisatiesErrorCode, reason: string): AppError =>
  invalidParam(name, code, reason);

/** A client id of the body already belongs to another applicatie (all of them when known). */
export const clientIdExists = (taken?: string[]): AppError =>
  param(
    'clientIds',
    'clientId-exists',
    taken
      ? `The clientID(s) ${taken.join(', ')} are already used in another application.`
      : 'The clientID(s) are already used in another application.',
  );

export const ambiguousAuthorizations = (): AppError =>
  param(
    'nonFieldErrors',
    'ambiguous-authorizations-specified',
    'Either autorisaties or heeft_alle_autorisaties can be specified',
  );

export const missingAuthorizations = (): AppError =>
  param(
    'nonFieldErrors',
    'missing-authorizations',
    'Either autorisaties or heeft_alle_autorisaties should be specified',
  );

/** The type field or maxVertrouwelijkheidaanduiding an autorisatie of `component` needs. */
export const requiredForComponent = (name: string, component: string): InvalidParam => {
  const code: AutorisatiesErrorCode = 'required';
  return { name, code, reason: `This field is required if \`component\` is ${component}` };
};
