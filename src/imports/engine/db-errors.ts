/**
 * Database errors that a retry can cure (README "Bulk import of documents"): lost connections, an
 * administrator's shutdown or pg_terminate_backend, a server still starting, too many
 * connections, serialization failures and deadlocks.
 */
const TRANSIENT_SQLSTATE = /^(08|53|57P|40001|40P01)/;
const TRANSIENT_NODE = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const TRANSIENT_TEXT =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|terminating connection|Client was closed|not queryable/i;

export function isTransientDbError(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | undefined;
  if (!e) return false;
  if (typeof e.code === 'string' && (TRANSIENT_SQLSTATE.test(e.code) || TRANSIENT_NODE.has(e.code)))
    return true;
  return TRANSIENT_TEXT.test(e.message ?? '');
}
