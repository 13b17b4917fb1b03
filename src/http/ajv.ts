import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';

/**
 * Two AJV instances (architecture.md: allErrors, removeAdditional false). Query strings
 * and path params are strings on the wire, so they are coerced to the schema's types;
 * JSON bodies are not: a null or a number where a string belongs must be reported
 * (code `null` / `invalid`), as DRF does, not silently turned into "".
 */
function makeAjv(coerceTypes: Options['coerceTypes']): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    removeAdditional: false,
    useDefaults: true,
    coerceTypes,
    verbose: true,
    strict: false,
  });
  addFormats.default(ajv);
  return ajv;
}

export function registerValidatorCompilers(app: FastifyInstance): void {
  const bodyAjv = makeAjv(false);
  const paramAjv = makeAjv('array');
  app.setValidatorCompiler(({ schema, httpPart }) =>
    (httpPart === 'body' ? bodyAjv : paramAjv).compile(schema),
  );
}
