import type { ImportStatus } from '../imports/schemas.js';

/** Number, size, duration and state formatting of the CLI's output. */
const ints = new Intl.NumberFormat('en-US');
export const fmtInt = (n: number): string => ints.format(n);

export function fmtBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  if (n < 1e6) return `${(n / 1e3).toFixed(1)} kB`;
  if (n < 1e9) return `${(n / 1e6).toFixed(1)} MB`;
  return `${(n / 1e9).toFixed(2)} GB`;
}

export function fmtDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

const PAUSE_REASON: Record<string, string> = {
  user: 'paused by an operator',
  fault: 'paused by a server-side fault',
  failures: 'paused: the first rows all failed',
};

/** The state in a few words: pending, running, paused (why), finished, cancelled, error. */
export function stateWords(s: Pick<ImportStatus, 'status' | 'paused' | 'pauseReason' | 'comment'>): string {
  if (s.status === 'active') return s.paused ? (PAUSE_REASON[s.pauseReason ?? ''] ?? 'paused') : 'running';
  if (s.status === 'error') return s.comment === 'geannuleerd' ? 'cancelled' : 'error';
  return s.status;
}
