import { randomUUID } from 'node:crypto';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { databaseUnavailableError } from '../db/errors.js';
import {
  AppError,
  type InvalidParam,
  insufficientStorage,
  parseError,
  tooLarge,
  unsupportedMediaType,
} from '../shared/errors.js';
import type { Urls } from '../shared/urls.js';
import { mapAjvErrors } from './validation.js';

/** The one place errors become application/problem+json (ZGW `Fout`/`ValidatieFout` responses). */
export function sendProblem(reply: FastifyReply, err: AppError, urls: Urls): FastifyReply {
  const body: Record<string, unknown> = {
    type: urls.problemType(err.typeName),
    code: err.code,
    title: err.title,
    status: err.status,
    detail: err.detail,
    instance: `urn:uuid:${randomUUID()}`,
  };
  if (err.invalidParams) body.invalidParams = err.invalidParams satisfies InvalidParam[];
  if (err.headers) reply.headers(err.headers);
  return reply.code(err.status).type('application/problem+json').send(body);
}

/** Fastify's own errors (body parsing, limits, validation) mapped onto the catalogue. */
export function toAppError(err: FastifyError, request: FastifyRequest): AppError | undefined {
  if (err instanceof AppError) return err;
  const diskFull = diskFullCode(err);
  if (diskFull) return insufficientStorage(diskFull);
  if (err.validation) return mapAjvErrors(err.validation, err.validationContext);
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return tooLarge();
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
        ? unsupportedMediaType(request.headers['content-type'])
        : parseError('Ongeldige Content-Length.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return parseError('JSON parse error - Expecting value: line 1 column 1 (char 0)');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return parseError(`JSON parse error - ${err.message}`);
    default:
      break;
  }
  if (err instanceof SyntaxError || err.statusCode === 400) {
    return parseError(`JSON parse error - ${err.message}`);
  }
  if (err.statusCode === 413) return tooLarge();
  if (err.statusCode === 415) return unsupportedMediaType(request.headers['content-type']);
  return undefined;
}

/** ENOSPC/EDQUOT from a storage write, also when wrapped as another error's cause. */
function diskFullCode(err: unknown): 'ENOSPC' | 'EDQUOT' | undefined {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC' || code === 'EDQUOT') return code;
  }
  return undefined;
}

export function registerErrorHandler(app: FastifyInstance, urls: Urls): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const appErr = toAppError(err, request);
    // A full disk is the operator's problem too: logged like an unknown error.
    if (appErr?.status === 507) request.log.error({ err }, 'storage full');
    if (appErr) return sendProblem(reply, appErr, urls);
    // An overloaded or unreachable database is 503 + Retry-After, never 500 (src/db/errors.ts).
    const dbErr = databaseUnavailableError(err);
    if (dbErr) {
      request.log.warn({ err: err.message, code: dbErr.code }, 'database unavailable');
      return sendProblem(reply, dbErr, urls);
    }
    // Unknown errors are logged with the request id and become a bare 500 (docs/architecture.md "A request").
    request.log.error({ err }, 'unhandled error');
    return sendProblem(reply, new AppError(500, 'error'), urls);
  });
}
