/**
 * The server also accepts snake_case keys on input (ZGW API conventions, as Open Zaak): request body
 * keys like `informatieobjecttype_url` become `informatieobjecttypeUrl` before validation.
 * A camelCase key given as well wins. Keys starting with `_` (e.g. `_expand`) are kept.
 */
const SNAKE = /^[a-z][a-z0-9]*(_[a-z0-9]+)+$/;
/** Only plain snake_case is converted: `_expand`, `uuid__in` or `__all__` stay as they are. */
const snakeToCamel = (key: string): string =>
  SNAKE.test(key) ? key.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase()) : key;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}

export function camelizeKeys(value: unknown, depth = 0): unknown {
  if (depth > 8) return value;
  if (Array.isArray(value)) return value.map((v) => camelizeKeys(v, depth + 1));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const camel = snakeToCamel(k);
    if (camel !== k && Object.hasOwn(value, camel)) continue;
    out[camel] = camelizeKeys(v, depth + 1);
  }
  return out;
}
