import { Ajv, type ErrorObject, type Options, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';

/**
 * Two AJV instances (allErrors: every field reported at once; removeAdditional false). Query strings
 * and path params are strings on the wire, so they are coerced to the schema's types;
 * JSON bodies are not: a null or a number where a string belongs must be reported
 * (code `null` / `invalid`), as DRF does, not silently turned into "".
 * strictNumbers (off with `strict: false`) keeps `?page=1e309` (Infinity) and a JSON
 * `1e400` from passing as an integer and reaching SQL.
 */
function makeAjv(coerceTypes: Options['coerceTypes']): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    removeAdditional: false,
    useDefaults: true,
    coerceTypes,
    verbose: true,
    strict: false,
    strictNumbers: true,
  });
  addFormats.default(ajv);
  for (const name of ['date', 'date-time']) {
    const format = ajv.formats[name] as { validate: (s: string) => boolean; compare: never };
    ajv.addFormat(name, { ...format, validate: (s: string) => format.validate(s) && postgresCanRead(s) });
  }
  return ajv;
}

/**
 * RFC 3339 values PostgreSQL's input syntax refuses (a 500 once they reached a query):
 * year 0000 (which Python, MINYEAR 1, refuses too) and a UTC offset beyond ±15:59.
 */
function postgresCanRead(s: string): boolean {
  if (s.startsWith('0000')) return false;
  const offset = /[+-](\d\d)(?::?\d\d)?$/.exec(s.length > 10 ? s.slice(10) : '');
  return !offset || Number(offset[1]) <= 15;
}

/** Where a coerced value is ±Infinity (`?page=1e309`), as AJV errors on that field. */
function nonFiniteErrors(data: unknown, path: string, out: ErrorObject[]): ErrorObject[] {
  if (typeof data === 'number' && !Number.isFinite(data)) {
    out.push({
      keyword: 'type',
      instancePath: path,
      schemaPath: '',
      params: {},
      message: 'not finite',
      data,
    });
  } else if (data !== null && typeof data === 'object') {
    for (const [k, v] of Object.entries(data)) nonFiniteErrors(v, `${path}/${k}`, out);
  }
  return out;
}

/**
 * AJV's string-to-number coercion does not apply strictNumbers to its result: "1e309"
 * becomes Infinity and passes `integer`. Query and path values are checked once more here.
 */
function finiteOnly(validate: ValidateFunction): ValidateFunction {
  const wrapped = ((data: unknown, ctx?: Parameters<ValidateFunction>[1]) => {
    const ok = validate(data, ctx);
    const extra = nonFiniteErrors(data, '', []);
    wrapped.errors = [...(validate.errors ?? []), ...extra];
    return ok && extra.length === 0;
  }) as ValidateFunction;
  return Object.assign(wrapped, { schema: validate.schema, schemaEnv: validate.schemaEnv });
}

export function registerValidatorCompilers(app: FastifyInstance): void {
  const bodyAjv = makeAjv(false);
  const paramAjv = makeAjv('array');
  app.setValidatorCompiler(({ schema, httpPart }) =>
    httpPart === 'body' ? bodyAjv.compile(schema) : finiteOnly(paramAjv.compile(schema)),
  );
}
