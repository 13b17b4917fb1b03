import { constants } from 'node:fs';
import fs, { type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { type BlobInfo, BlobTooLargeError } from './blob-store.js';

/**
 * BlobStore.writeAt for the filesystem: positional writes into a file that may already hold
 * other ranges. Data is gathered into 1 MiB buffers and written while the next buffer fills
 * (two buffers per call, so memory stays flat for any size); fdatasync before it resolves.
 */
const BUFFER_BYTES = 1 << 20;

export async function writeAtPath(
  target: string,
  offset: number,
  source: AsyncIterable<Buffer>,
  maxBytes: number,
): Promise<BlobInfo> {
  const dir = path.dirname(target);
  await fs.mkdir(dir, { recursive: true });
  let fh: FileHandle;
  try {
    fh = await fs.open(target, constants.O_RDWR | constants.O_CREAT | constants.O_EXCL, 0o644);
    await syncDir(dir); // the new name itself must survive a crash, like the data
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    fh = await fs.open(target, constants.O_RDWR);
  }
  try {
    const size = await copyInto(fh, offset, source, maxBytes);
    await fh.datasync();
    return { size };
  } finally {
    await fh.close();
  }
}

async function syncDir(dir: string): Promise<void> {
  const d = await fs.open(dir, 'r');
  try {
    await d.sync();
  } finally {
    await d.close();
  }
}

async function writeAll(fh: FileHandle, buf: Buffer, length: number, position: number): Promise<void> {
  let done = 0;
  while (done < length) {
    const { bytesWritten } = await fh.write(buf, done, length - done, position + done);
    done += bytesWritten;
  }
}

async function copyInto(
  fh: FileHandle,
  start: number,
  source: AsyncIterable<Buffer>,
  maxBytes: number,
): Promise<number> {
  let fill = Buffer.allocUnsafe(BUFFER_BYTES);
  let spare = Buffer.allocUnsafe(BUFFER_BYTES);
  let used = 0;
  let position = start;
  let total = 0;
  let inFlight: Promise<void> | undefined;
  const flush = async () => {
    await inFlight;
    const buf = fill;
    inFlight = writeAll(fh, buf, used, position);
    position += used;
    fill = spare;
    spare = buf;
    used = 0;
  };
  try {
    for await (const chunk of source) {
      total += chunk.length;
      if (total > maxBytes) throw new BlobTooLargeError(maxBytes);
      let from = 0;
      while (from < chunk.length) {
        const n = chunk.copy(fill, used, from);
        used += n;
        from += n;
        if (used === BUFFER_BYTES) await flush();
      }
    }
    if (used > 0) await flush();
    await inFlight;
  } catch (err) {
    await inFlight?.catch(() => undefined); // never close the file under a running write
    throw err;
  }
  return total;
}
