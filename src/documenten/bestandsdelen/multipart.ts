import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { Busboy, type BusboyFileStream, type BusboyInstance } from '@fastify/busboy';
import { parseError, unsupportedMediaType } from '../../shared/errors.js';

/**
 * The multipart/form-data body of PUT /bestandsdelen/{uuid}, read as it arrives
 * (@fastify/busboy): the text fields, and the file field `inhoud` as a stream that is only
 * read when the caller reads it (backpressure all the way to the client). The part is never
 * held in memory, whatever its size.
 */
export interface FormStart {
  /** Text fields that came before the file (all of them when there is no file). */
  fields: Record<string, string>;
  /** `inhoud`, unread; undefined when the form ended without it. */
  file?: BusboyFileStream;
}

export interface MultipartForm {
  /** Up to the file, or to the end of a form without one. */
  start(): Promise<FormStart>;
  /** After the file has been read: every text field, once the whole form is read. */
  end(): Promise<Record<string, string>>;
  /** Stop reading (an answer is given before the body was read). */
  abort(): void;
}

const FILE_FIELD = 'inhoud';

export function readMultipart(headers: IncomingHttpHeaders, body: Readable): MultipartForm {
  let busboy: BusboyInstance;
  try {
    busboy = Busboy({
      headers: headers as IncomingHttpHeaders & { 'content-type': string },
      // `inhoud` is the file, also when a client sends it without a filename (curl -F inhoud=<f)
      isPartAFile: (name) => name === FILE_FIELD,
      limits: { fields: 20, fieldSize: 4096, files: 1, parts: 25, headerPairs: 50 },
    });
  } catch (err) {
    throw unsupportedMediaType(`${headers['content-type'] ?? ''} (${(err as Error).message})`);
  }
  const fields: Record<string, string> = {};
  let giveFile: (f: BusboyFileStream | undefined) => void = () => undefined;
  const file = new Promise<BusboyFileStream | undefined>((resolve) => {
    giveFile = resolve;
  });
  const finished = new Promise<void>((resolve, reject) => {
    busboy.on('finish', () => resolve());
    busboy.on('error', (err) => reject(parseError(`Multipart parse error - ${(err as Error).message}`)));
  });
  finished.catch(() => undefined);
  busboy.on('field', (name, value) => {
    if (!Object.hasOwn(fields, name)) fields[name] = value;
  });
  let current: BusboyFileStream | undefined;
  busboy.on('file', (name, stream) => {
    if (name !== FILE_FIELD) return void stream.resume();
    current = stream;
    giveFile(stream);
  });
  // A client that goes away mid-part must end the reader (and the file stream) with an
  // error: busboy itself is never told, and a writer would wait for the rest for ever.
  let ended = false;
  const fail = (err: Error) => {
    if (current && !current.readableEnded) current.destroy(err);
    if (!busboy.destroyed) busboy.destroy(err);
  };
  const onClose = () => {
    if (!ended) fail(parseError('De verbinding is verbroken voordat het formulier compleet was.'));
  };
  body.once('end', () => {
    ended = true;
  });
  body.once('close', onClose);
  body.once('error', fail);
  body.pipe(busboy);

  return {
    async start() {
      const f = await Promise.race([file, finished.then(() => undefined)]);
      return { fields: { ...fields }, file: f };
    },
    async end() {
      await finished;
      return { ...fields };
    },
    abort() {
      body.unpipe(busboy);
      body.off('close', onClose);
      if (!busboy.destroyed) busboy.destroy();
    },
  };
}
