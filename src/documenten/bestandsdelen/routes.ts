import type { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.js';
import { ERRORS, problems } from '../../http/openapi.js';
import { notFound, unsupportedMediaType } from '../../shared/errors.js';
import { isUuid } from '../../shared/ids.js';
import { type MultipartForm, readMultipart } from './multipart.js';
import { BestandsDeelRequest, BestandsDeelResponse, PartParams } from './schemas.js';
import { createPartUploads } from './upload.js';

/**
 * PUT /bestandsdelen/{uuid} (the Documenten API bestandsdelen flow): multipart/form-data with `lock`
 * and `inhoud`. The body is handed over as the raw stream, so no JSON body limit
 * (API_MAX_BODY_BYTES) applies: a part is as large as the plan says and goes to disk as it
 * arrives. Scope documenten.bijwerken, checked per document as for PUT of the document.
 */
const noAjv = () => () => true;

export function registerBestandsdeelRoutes(app: FastifyInstance, deps: Deps): void {
  const uploads = createPartUploads(deps);
  const forms = new WeakMap<object, MultipartForm>();

  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('multipart/form-data', (_request, payload, done) => done(null, payload));
    // An answer given before the whole body was read (wrong lock, wrong size) closes the
    // connection: reading a multi-gigabyte part only to throw it away helps nobody.
    scope.addHook('onSend', async (request, reply, payload) => {
      forms.get(request)?.abort();
      if (!request.raw.readableEnded) reply.header('Connection', 'close');
      return payload;
    });
    scope.put(
      '/bestandsdelen/:uuid',
      {
        schema: {
          tags: ['bestandsdelen'],
          operationId: 'bestandsdeel_update',
          summary: 'Upload een bestandsdeel.',
          consumes: ['multipart/form-data'],
          params: PartParams,
          body: BestandsDeelRequest,
          response: { 200: BestandsDeelResponse, ...problems(ERRORS.update) },
        },
        validatorCompiler: noAjv,
        config: { auth: { component: 'drc', scopes: 'documenten.bijwerken' } },
      },
      async (request) => {
        const { uuid } = request.params as { uuid: string };
        if (!isUuid(uuid)) throw notFound();
        const body = request.body as Readable | undefined;
        if (typeof body?.pipe !== 'function') throw unsupportedMediaType(request.headers['content-type']);
        const form = readMultipart(request.headers, body);
        forms.set(request, form);
        return uploads.upload(uuid.toLowerCase(), request.auth, form);
      },
    );
  });
}
