/**
 * The value of a `startdatum__*` / `einddatum__*` filter: an ISO-8601 date or date-time
 * (Open Zaak's datetime filters accept both). Only values PostgreSQL reads as the same
 * moment pass: a real calendar day, hours ≤ 23, a UTC offset within ±15:59, year ≥ 1;
 * anything else is the client's 400, never a query error. A value without an offset is UTC
 * (`filterMoment`), whatever the database session's time zone.
 */
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(?:Z|[+-](\d{2}):?(\d{2}))?)?$/i;

function isDateOrDateTime(value: string): boolean {
  const m = ISO.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1) return false;
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return false;
  const n = (i: number) => Number(m[i] ?? 0);
  return n(4) <= 23 && n(5) <= 59 && n(6) <= 59 && n(7) <= 15 && n(8) <= 59;
}

/** The value as a date-time with an offset (UTC when it has none), or undefined when invalid. */
export function filterMoment(value: string): string | undefined {
  if (!isDateOrDateTime(value)) return undefined;
  if (value.length === 10) return `${value}T00:00:00Z`;
  return /(?:Z|[+-]\d{2}:?\d{2})$/i.test(value.slice(10)) ? value : `${value}Z`;
}
