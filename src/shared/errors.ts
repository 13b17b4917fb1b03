/**
 * The error catalogue (ZGW `Fout`/`ValidatieFout` responses). Every error a client can see is an
 * AppError; it is rendered as application/problem+json in exactly one place
 * (src/http/problem.ts).
 */
export interface InvalidParam {
  name: string;
  code: string;
  reason: string;
}

const TITLES: Record<number, [typeName: string, code: string, title: string]> = {
  400: ['ValidationError', 'invalid', 'Ongeldige invoer.'],
  403: ['PermissionDenied', 'permission_denied', 'Je hebt geen toestemming om deze actie uit te voeren.'],
  404: ['NotFound', 'not_found', 'Niet gevonden.'],
  405: ['MethodNotAllowed', 'method_not_allowed', 'Methode niet toegestaan.'],
  406: ['NotAcceptable', 'not_acceptable', 'Kan niet voldoen aan de opgegeven Accept header.'],
  409: ['Conflict', 'conflict', 'Er is een conflict opgetreden.'],
  410: ['Gone', 'gone', 'De resource is verwijderd.'],
  412: ['PreconditionFailed', 'precondition_failed', 'Niet aan de voorwaarden voldaan.'],
  413: ['RequestEntityTooLarge', 'request_entity_too_large', 'Request te groot.'],
  415: ['UnsupportedMediaType', 'unsupported_media_type', 'Ongeldige media type in verzoek.'],
  429: ['Throttled', 'throttled', 'Verzoek is afgeknepen.'],
  500: ['APIException', 'error', 'Er is een serverfout opgetreden.'],
  503: ['ServiceUnavailable', 'service_unavailable', 'Service tijdelijk niet beschikbaar.'],
  507: ['InsufficientStorage', 'insufficient-storage', 'Onvoldoende opslagruimte.'],
};

export class AppError extends Error {
  readonly typeName: string;
  readonly title: string;
  readonly detail: string;
  constructor(
    readonly status: number,
    readonly code: string,
    detail?: string,
    readonly invalidParams?: InvalidParam[],
    opts: { typeName?: string; title?: string; headers?: Record<string, string> } = {},
  ) {
    const base = TITLES[status] ?? TITLES[500];
    const title = opts.title ?? base?.[2] ?? 'Error';
    super(detail ?? title);
    this.name = 'AppError';
    this.typeName = opts.typeName ?? base?.[0] ?? 'APIException';
    this.title = title;
    this.detail = detail ?? title;
    this.headers = opts.headers;
  }
  readonly headers: Record<string, string> | undefined;
}

export const defaultCode = (status: number): string => TITLES[status]?.[1] ?? 'error';

/** 400 with invalidParams, as DRF's ValidationError. */
export function validationError(params: InvalidParam[]): AppError {
  return new AppError(400, 'invalid', undefined, params);
}

/** One-field (or nonFieldErrors) validation error. */
export function invalidParam(name: string, code: string, reason: string): AppError {
  return validationError([{ name, code, reason }]);
}

export function permissionDenied(
  detail = 'Je hebt geen toestemming om deze actie uit te voeren.',
  code = 'permission_denied',
): AppError {
  return new AppError(403, code, detail);
}

export function notFound(detail = 'Niet gevonden.'): AppError {
  return new AppError(404, 'not_found', detail);
}

export function parseError(detail: string): AppError {
  return new AppError(400, 'parse_error', detail, undefined, { typeName: 'ParseError' });
}

/** `hint`: what the endpoint does accept, for a route that wants to say so (the import upload). */
export function unsupportedMediaType(contentType: string | undefined, hint?: string): AppError {
  return new AppError(
    415,
    'unsupported_media_type',
    `Ongeldige media type "${contentType ?? ''}" in aanvraag.${hint ? ` ${hint}` : ''}`,
  );
}

export function tooLarge(detail = 'Request te groot.'): AppError {
  return new AppError(413, 'request_entity_too_large', detail);
}

/** 507: the storage is full (ENOSPC) or the quota is used up (EDQUOT); nothing was kept. */
export function insufficientStorage(cause: 'ENOSPC' | 'EDQUOT'): AppError {
  return new AppError(
    507,
    'insufficient-storage',
    cause === 'EDQUOT'
      ? 'Het opslagquotum is bereikt; het bestand is niet opgeslagen.'
      : 'De opslag is vol; het bestand is niet opgeslagen.',
  );
}
