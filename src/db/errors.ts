import { AppError } from '../shared/errors.js';

/**
 * Database failures a client should retry, not report as a bug (README "Overload and
 * failures"): the database is overloaded (no pooled connection within
 * DATABASE_CONNECT_TIMEOUT_MS, a statement cancelled by DATABASE_STATEMENT_TIMEOUT_MS, too many
 * connections) or unavailable (connection refused, lost, terminated by the server). Both are
 * answered 503 with Retry-After, never 500.
 */
export type DatabaseTrouble = 'overloaded' | 'unavailable';

interface PgLikeError {
  code?: unknown;
  message?: unknown;
}

/** The connection died under a statement: SQLSTATE class 08, admin/crash shutdown, a reset socket. */
const LOST_SQLSTATE = /^(08|57P01$|57P02$)/;
const LOST_NODE_CODES = new Set(['ECONNRESET', 'EPIPE']);
/** pg reports a dropped socket without a code; these are its messages (pg 8). */
const LOST_TEXT = /Connection terminated unexpectedly|not queryable|terminating connection/i;
/** No connection could be made, or pg gave up waiting for the server. */
const UNREACHABLE_SQLSTATE = /^57P0[345]$/;
const UNREACHABLE_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const UNREACHABLE_TEXT = /Connection terminated|Query read timeout|pool after calling end|timeout expired/i;
/** 53xxx insufficient resources (53300 too many connections), 57014 query_canceled, 55P03 lock timeout. */
const OVERLOAD_SQLSTATE = /^(53|57014$|55P03$)/;
const POOL_WAIT_TEXT = /timeout exceeded when trying to connect/i;

const parts = (err: unknown): { code: string; message: string } => {
  const e = (err ?? {}) as PgLikeError;
  return {
    code: typeof e.code === 'string' ? e.code : '',
    message: typeof e.message === 'string' ? e.message : '',
  };
};

/**
 * The connection died under a statement (admin_shutdown, failover, pg_terminate_backend, a
 * reset socket). Whether the statement ran is unknown, so only a read may be repeated.
 */
export function isConnectionLost(err: unknown): boolean {
  const { code, message } = parts(err);
  return LOST_SQLSTATE.test(code) || LOST_NODE_CODES.has(code) || LOST_TEXT.test(message);
}

export function databaseTrouble(err: unknown): DatabaseTrouble | undefined {
  const { code, message } = parts(err);
  if (POOL_WAIT_TEXT.test(message) || OVERLOAD_SQLSTATE.test(code)) return 'overloaded';
  if (
    isConnectionLost(err) ||
    UNREACHABLE_SQLSTATE.test(code) ||
    UNREACHABLE_NODE_CODES.has(code) ||
    UNREACHABLE_TEXT.test(message)
  ) {
    return 'unavailable';
  }
  return undefined;
}

/** Seconds a client is asked to wait (Retry-After) before it tries again. */
export const RETRY_AFTER_SECONDS: Record<DatabaseTrouble, number> = { overloaded: 2, unavailable: 5 };

const DETAIL: Record<DatabaseTrouble, string> = {
  overloaded: 'De database is overbelast; probeer het over enkele seconden opnieuw.',
  unavailable: 'De database is tijdelijk niet bereikbaar; probeer het over enkele seconden opnieuw.',
};

/** 503 database_overloaded / database_unavailable with Retry-After, or undefined for any other error. */
export function databaseUnavailableError(err: unknown): AppError | undefined {
  const trouble = databaseTrouble(err);
  if (!trouble) return undefined;
  return new AppError(503, `database_${trouble}`, DETAIL[trouble], undefined, {
    headers: { 'retry-after': String(RETRY_AFTER_SECONDS[trouble]) },
  });
}
