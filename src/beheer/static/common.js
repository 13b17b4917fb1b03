// Shared by the pages of /beheer: the session (its CSRF token lives only in this page's
// memory), JSON requests, logout and Dutch formatting. Every path is relative to <base href>.

let csrfToken = '';

/** The path below /beheer/ of this page, to come back to after logging in again. */
function here() {
  const base = new URL(document.baseURI).pathname;
  return location.pathname.startsWith(base) ? location.pathname.slice(base.length) : 'imports';
}

function toLogin() {
  location.assign(`login?terug=${encodeURIComponent(here())}`);
}

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

/** A request to /beheer/api; a lost session goes to the login page. */
export async function api(path, { method = 'GET' } = {}) {
  const headers = { accept: 'application/json' };
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  const res = await fetch(`api/${path}`, { method, headers, credentials: 'same-origin' });
  if (res.status === 401) {
    toLogin();
    throw new ApiError(401, null);
  }
  const body = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(res.status, body);
  return body;
}

/** Loads the session (or goes to the login page) and wires the header's logout button. */
export async function startSession() {
  const s = await api('session');
  csrfToken = s.csrfToken;
  const who = document.getElementById('who');
  if (who) who.textContent = `Aangemeld als ${s.clientId}`;
  document.getElementById('logout')?.addEventListener('click', async () => {
    await api('logout', { method: 'POST' }).catch(() => undefined);
    location.assign('login');
  });
  return s;
}

const intFormat = new Intl.NumberFormat('nl-NL');
const decFormat = new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 1 });
const timeFormat = new Intl.DateTimeFormat('nl-NL', { dateStyle: 'short', timeStyle: 'medium' });

export const fmtInt = (n) => (n === null || n === undefined ? '–' : intFormat.format(n));
export const fmtDec = (n) => (n === null || n === undefined ? '–' : decFormat.format(n));
const rateFormat = new Intl.NumberFormat('nl-NL', { maximumSignificantDigits: 3 });
/** Rates: three significant digits, so 0,043 MB/s does not read as 0. */
export const fmtRate = (n) => (n === null || n === undefined ? '–' : rateFormat.format(n));
export const fmtTime = (iso) => (iso ? timeFormat.format(new Date(iso)) : '–');

export function fmtDuration(seconds) {
  if (!Number.isFinite(seconds) || seconds < 0) return '–';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} u ${Math.floor((s % 3600) / 60)} min`;
}

const PAUSE_REASONS = {
  user: 'door een beheerder',
  fault: 'door een serverfout',
  failures: 'na mislukte rijen',
};

/** The state in words, as the reference's labels (Openstaand, Actief, Voltooid, Onderbroken). */
export function stateLabel(s) {
  if (s.status === 'active' && s.paused)
    return `Gepauzeerd (${PAUSE_REASONS[s.pauseReason] ?? 'gepauzeerd'})`;
  if (s.status === 'error' && s.comment === 'geannuleerd') return 'Geannuleerd';
  return {
    pending: 'Openstaand (wacht op CSV)',
    active: 'Actief',
    finished: 'Voltooid',
    error: 'Onderbroken',
  }[s.status];
}

/** A CSS class for the state badge. */
export function stateClass(s) {
  if (s.status === 'active') return s.paused ? 'paused' : 'active';
  return s.status;
}
