import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Deps } from '../deps.js';
import { camelizeKeys } from '../http/case.js';
import { assertJsonCharset, jsonText } from '../http/json-body.js';
import { notFound, parseError, tooLarge, validationError } from '../shared/errors.js';
import { type DivertedUpload, readJsonUpload } from './json-upload.js';
import { eioUrl } from './mapper.js';
import { isUuid } from './read-service.js';
import { EioBody, UuidParams } from './schemas.js';
import { createDocumentService } from './service.js';
import { documentBlobKey, documentUploadKey } from './storage-keys.js';

/**
 * POST/PUT/PATCH/DELETE, lock and unlock of enkelvoudiginformatieobjecten. Create and
 * update bodies go through the streaming JSON reader (json-upload.ts): `inhoud` is
 * decoded straight to storage; the upload is removed when the request does not commit it.
 */
const TAGS = ['enkelvoudiginformatieobjecten'];
const drc = (scopes: string | { anyOf: string[] }) => ({ component: 'drc' as const, scopes });

interface PendingUpload {
  uuid: string;
  upload?: DivertedUpload;
  committed: boolean;
}

/** Body validation is validateEioFields (one implementation with the import), not AJV. */
const noAjv = () => () => true;

function registerStreamingParser(
  app: FastifyInstance,
  deps: Deps,
  pending: WeakMap<FastifyRequest, PendingUpload>,
) {
  const max = deps.config.apiMaxBodyBytes;
  app.removeAllContentTypeParsers(); // JSON only: anything else is 415 (§0)
  app.addContentTypeParser('application/json', async (request: FastifyRequest, payload: IncomingMessage) => {
    if (Number(request.headers['content-length'] ?? 0) > max) throw tooLarge();
    assertJsonCharset(request.headers['content-type']);
    const params = request.params as { uuid?: string };
    const isCreate = request.method === 'POST';
    const uuid = isCreate
      ? randomUUID()
      : isUuid(params.uuid ?? '')
        ? String(params.uuid).toLowerCase()
        : randomUUID();
    const key = isCreate ? documentBlobKey(uuid, 1) : documentUploadKey(uuid);
    const entry: PendingUpload = { uuid, committed: false };
    pending.set(request, entry);
    const parsed = await readJsonUpload(payload, { blobs: deps.blobs, key, maxBytes: max });
    entry.upload = parsed.upload;
    return parsed.body;
  });
  // Anything not committed (validation error, 403, failed transaction) leaves no file behind.
  // onSend: before the client sees the answer, so a 4xx really means "nothing stored".
  app.addHook('onSend', async (request, _reply, payload) => {
    const entry = pending.get(request);
    if (entry?.upload && !entry.committed) await deps.blobs.delete(entry.upload.key).catch(() => undefined);
    return payload;
  });
}

function bodyOf(request: FastifyRequest, entry: PendingUpload | undefined): Record<string, unknown> {
  const raw = request.body;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw validationError([
      { name: 'nonFieldErrors', code: 'invalid', reason: 'Ongeldige data. Verwachtte een dictionary.' },
    ]);
  const body = { ...(camelizeKeys(raw) as Record<string, unknown>) };
  // The reader replaced a streamed `inhoud` string by null; the upload stands for it.
  if (entry?.upload) {
    if (entry.upload.empty) body.inhoud = '';
    else delete body.inhoud;
  }
  return body;
}

export function registerEioWriteRoutes(app: FastifyInstance, deps: Deps): void {
  const service = createDocumentService(deps);
  const pending = new WeakMap<FastifyRequest, PendingUpload>();
  const usable = (e: PendingUpload | undefined) => (e?.upload ? e.upload : undefined);
  const commit = (e: PendingUpload | undefined) => {
    if (e) e.committed = true;
  };

  app.register(async (w) => {
    registerStreamingParser(w, deps, pending);
    const r = w.withTypeProvider<TypeBoxTypeProvider>();
    r.post(
      '/enkelvoudiginformatieobjecten',
      {
        schema: { tags: TAGS, body: EioBody },
        validatorCompiler: noAjv,
        config: { auth: drc('documenten.aanmaken') },
      },
      async (request, reply) => {
        const entry = pending.get(request);
        const uuid = entry?.uuid ?? randomUUID();
        const eio = await service.create(
          { body: bodyOf(request, entry), upload: usable(entry), auth: request.auth },
          uuid,
        );
        commit(entry);
        return reply.code(201).header('Location', eioUrl(deps.config.publicUrl, uuid)).send(eio);
      },
    );
    for (const method of ['PUT', 'PATCH'] as const) {
      r.route({
        method,
        url: '/enkelvoudiginformatieobjecten/:uuid',
        schema: { tags: TAGS, params: UuidParams, body: EioBody },
        validatorCompiler: noAjv,
        config: { auth: drc('documenten.bijwerken') },
        handler: async (request) => {
          const uuid = (request.params as { uuid: string }).uuid;
          if (!isUuid(uuid)) throw notFound();
          const entry = pending.get(request);
          const req = { body: bodyOf(request, entry), upload: usable(entry), auth: request.auth };
          const eio = await service.update(uuid.toLowerCase(), req, method === 'PATCH');
          commit(entry);
          return eio;
        },
      });
    }
  });

  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.delete(
    '/enkelvoudiginformatieobjecten/:uuid',
    { schema: { tags: TAGS, params: UuidParams }, config: { auth: drc('documenten.verwijderen') } },
    async (request, reply) => {
      if (!isUuid(request.params.uuid)) throw notFound();
      await service.destroy(request.params.uuid.toLowerCase(), request.auth);
      return reply.code(204).send();
    },
  );
  // lock/unlock: an empty body (with or without a JSON content type) is `{}` (§1.6.8)
  app.register(async (l) => {
    l.removeAllContentTypeParsers();
    l.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 64 * 1024 }, (request, body, done) => {
      if ((body as Buffer).length === 0) return done(null, {});
      try {
        const text = jsonText(request.headers['content-type'], body as Buffer).trim();
        done(null, text === '' ? {} : JSON.parse(text));
      } catch (err) {
        done(
          err instanceof SyntaxError ? parseError(`JSON parse error - ${err.message}`) : (err as Error),
          undefined,
        );
      }
    });
    const r = l.withTypeProvider<TypeBoxTypeProvider>();
    r.post(
      '/enkelvoudiginformatieobjecten/:uuid/lock',
      { schema: { tags: TAGS, params: UuidParams }, config: { auth: drc('documenten.lock') } },
      async (request) => {
        if (!isUuid(request.params.uuid)) throw notFound();
        return { lock: await service.lock(request.params.uuid.toLowerCase(), request.auth) };
      },
    );
    r.post(
      '/enkelvoudiginformatieobjecten/:uuid/unlock',
      {
        schema: { tags: TAGS, params: UuidParams },
        config: { auth: drc({ anyOf: ['documenten.lock', 'documenten.geforceerd-unlock'] }) },
      },
      async (request, reply) => {
        if (!isUuid(request.params.uuid)) throw notFound();
        const body = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<
          string,
          unknown
        >;
        await service.unlock(request.params.uuid.toLowerCase(), request.auth, body);
        return reply.code(204).send();
      },
    );
  });
}
