/** A mistake in the command line (exit 64, as sysexits' EX_USAGE): nothing was done. */
export class UsageError extends Error {}
