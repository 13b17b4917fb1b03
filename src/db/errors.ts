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

/** How a failure shows: its SQLSTATE, the Node socket code, or pg's message (pg 8 reports some without a code). */
interface Signs {
  sqlstate?: RegExp;
  codes?: ReadonlySet<string>;
  text?: RegExp;
}

/** The one classification of database failures; what each caller makes of a kind is below. */
const KINDS = {
  /** The connection died under a statement: SQLSTATE class 08, admin/crash shutdown, a reset socket. */
  lost: {
    sqlstate: /^(08|57P01$|57P02$)/,
    codes: new Set(['ECONNRESET', 'EPIPE']),
    text: /Connection terminated unexpectedly|not queryable|terminating connection/i,
  },
  /** No connection could be made: refused, unreachable, a server starting or shutting down. */
  unreachable: {
    sqlstate: /^57P0[345]$/,
    codes: new Set(['ECONNREFUSED', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']),
    text: /Connection terminated/i,
  },
  /** pg gave up on the server (query_timeout, connect timeout) or the pool was ended (shutdown). */
  abandoned: { text: /Query read timeout|pool after calling end|timeout expired/i },
  /** 53xxx insufficient resources (53300 too many connections), no pooled connection in time. */
  overloaded: { sqlstate: /^53/, text: /timeout exceeded when trying to connect/i },
  /** 57014 query_canceled (DATABASE_STATEMENT_TIMEOUT_MS), 55P03 lock timeout. */
  cancelled: { sqlstate: /^(57014$|55P03$)/ },
  /** 40001 serialization failure, 40P01 deadlock: the transaction can simply run again. */
  conflict: { sqlstate: /^(40001|40P01)/ },
} satisfies Record<string, Signs>;

type Kind = keyof typeof KINDS;

function isKind(err: unknown, ...kinds: Kind[]): boolean {
  const e = (err ?? {}) as PgLikeError;
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : '';
  return kinds.some((k) => {
    const s: Signs = KINDS[k];
    return (
      (s.sqlstate?.test(code) ?? false) || (s.codes?.has(code) ?? false) || (s.text?.test(message) ?? false)
    );
  });
}

/**
 * The connection died under a statement (admin_shutdown, failover, pg_terminate_backend, a
 * reset socket). Whether the statement ran is unknown, so only a read may be repeated.
 */
export function isConnectionLost(err: unknown): boolean {
  return isKind(err, 'lost');
}

export function databaseTrouble(err: unknown): DatabaseTrouble | undefined {
  if (isKind(err, 'overloaded', 'cancelled')) return 'overloaded';
  if (isKind(err, 'lost', 'unreachable', 'abandoned')) return 'unavailable';
  return undefined;
}

/**
 * Failures a retry of the whole transaction can cure (README "Bulk import of documents"): a
 * lost connection, a server that cannot be reached or is still starting, too many
 * connections, a serialization failure or deadlock. Not the import's own statement or lock
 * timeout, nor a pool ended for shutdown.
 */
export function isTransientDbError(err: unknown): boolean {
  return isKind(err, 'lost', 'unreachable', 'overloaded', 'conflict');
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
