import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Deps } from '../deps.js';
import { camelizeKeys } from '../http/case.js';
import { assertJsonCharset, jsonText } from '../http/json-body.js';
import { notFound, parseError, tooLarge, validationError } from '../shared/errors.js';
import { type DivertedUpload, readJsonUpload } from './json-upload.js';
import { isUuid } from '../shared/ids.js';
import { MESSAGES } from '../shared/messages.js';
import { AuditHeaders, ERRORS, empty, json, problems } from '../http/openapi.js';
import { Eio, EioCreated, Lock } from './resource-schemas.js';
import { EioCreateBody, EioPatchBody, EioUpdateBody, UnlockBody, UuidParams } from './schemas.js';
import { BIJWERKEN, createDocumentService } from './service.js';
import { documentBlobKey, documentUploadKey } from './storage-keys.js';

/**
 * POST/PUT/PATCH/DELETE, lock and unlock of enkelvoudiginformatieobjecten. Create and
 * update bodies go through the streaming JSON reader (json-upload.ts): `inhoud` is
 * decoded straight to storage; the upload is removed when the request does not commit it.
 */
const TAGS = ['enkelvoudiginformatieobjecten'];
const drc = (scopes: string | { anyOf: string[] }) => ({ component: 'drc' as const, scopes });
const audit = Type.Object(AuditHeaders);
/** A write can fill the storage: 507 (README "Overload and failures"). */
const writeErrors = (codes: readonly number[]) => problems([...codes, 507]);

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
  app.removeAllContentTypeParsers(); // JSON only: anything else is 415 (ZGW API conventions, as Open Zaak)
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
    throw validationError([{ name: 'nonFieldErrors', code: 'invalid', reason: MESSAGES.notADictionary }]);
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
        schema: {
          tags: TAGS,
          operationId: 'enkelvoudiginformatieobject_create',
          summary: 'Maak een (ENKELVOUDIG) INFORMATIEOBJECT aan.',
          headers: audit,
          body: EioCreateBody,
          response: {
            201: json(EioCreated, 'Created', ['Location']),
            ...writeErrors(ERRORS.collection),
          },
        },
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
        return reply
          .code(201)
          .header('Location', deps.urls.eio(uuid))
          .send(eio as Static<typeof EioCreated>);
      },
    );
    for (const [method, operationId, summary, body] of [
      [
        'PUT',
        'enkelvoudiginformatieobject_update',
        'Werk een (ENKELVOUDIG) INFORMATIEOBJECT in zijn geheel bij (nieuwe versie).',
        EioUpdateBody,
      ],
      [
        'PATCH',
        'enkelvoudiginformatieobject_partial_update',
        'Werk een (ENKELVOUDIG) INFORMATIEOBJECT deels bij (nieuwe versie).',
        EioPatchBody,
      ],
    ] as const) {
      r.route({
        method,
        url: '/enkelvoudiginformatieobjecten/:uuid',
        schema: {
          tags: TAGS,
          operationId,
          summary,
          params: UuidParams,
          headers: audit,
          body,
          response: { 200: json(Eio, 'OK'), ...writeErrors(ERRORS.update) },
        },
        validatorCompiler: noAjv,
        config: { auth: drc(BIJWERKEN) },
        handler: async (request) => {
          const uuid = (request.params as { uuid: string }).uuid;
          if (!isUuid(uuid)) throw notFound();
          const entry = pending.get(request);
          const req = { body: bodyOf(request, entry), upload: usable(entry), auth: request.auth };
          const eio = await service.update(uuid.toLowerCase(), req, method === 'PATCH');
          commit(entry);
          return eio as Static<typeof Eio>;
        },
      });
    }
  });

  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.delete(
    '/enkelvoudiginformatieobjecten/:uuid',
    {
      schema: {
        tags: TAGS,
        operationId: 'enkelvoudiginformatieobject_destroy',
        summary: 'Verwijder een (ENKELVOUDIG) INFORMATIEOBJECT met al zijn versies.',
        params: UuidParams,
        headers: audit,
        response: { 204: empty('No content'), ...problems(ERRORS.detail) },
      },
      config: { auth: drc('documenten.verwijderen') },
    },
    async (request, reply) => {
      if (!isUuid(request.params.uuid)) throw notFound();
      await service.destroy(request.params.uuid.toLowerCase(), request.auth);
      return reply.code(204).send();
    },
  );
  // lock/unlock: an empty body (with or without a JSON content type) is `{}` (`enkelvoudiginformatieobject_lock`/`_unlock`)
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
      {
        schema: {
          tags: TAGS,
          operationId: 'enkelvoudiginformatieobject_lock',
          summary: 'Vergrendel een (ENKELVOUDIG) INFORMATIEOBJECT.',
          params: UuidParams,
          response: { 200: json(Lock, 'OK'), ...problems(ERRORS.action) },
        },
        config: { auth: drc('documenten.lock') },
      },
      async (request) => {
        if (!isUuid(request.params.uuid)) throw notFound();
        return { lock: await service.lock(request.params.uuid.toLowerCase(), request.auth) };
      },
    );
    r.post(
      '/enkelvoudiginformatieobjecten/:uuid/unlock',
      {
        schema: {
          tags: TAGS,
          operationId: 'enkelvoudiginformatieobject_unlock',
          summary: 'Ontgrendel een (ENKELVOUDIG) INFORMATIEOBJECT.',
          params: UuidParams,
          body: UnlockBody,
          response: { 204: empty('No content'), ...problems(ERRORS.action) },
        },
        // An empty body is `{}` and a lock that is no string an incorrect lock (service).
        validatorCompiler: noAjv,
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
