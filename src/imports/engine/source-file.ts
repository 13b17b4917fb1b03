import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { lstatMany } from '../../shared/fs-threads.js';

/**
 * The source file of a row (import.md Part 2 "New row failures"): bestandspad resolved
 * safely inside the import base directory, a regular file only, size and checksum checked.
 * Comments use bestandspad as given, never a server path (Part 2 #14).
 */
export type SourceCheck = { ok: true; realPath: string; size: number } | { ok: false; message: string };

const notRelative = (p: string) => `The given filepath ${p} is not relative to the import base directory`;
const notAFile = (p: string, i: number) =>
  `The given filepath ${p} does not exist or is not a file for row ${i}`;

function inside(base: string, p: string): boolean {
  const rel = path.relative(base, p);
  return rel !== '' && !rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel);
}

/**
 * Resolves bestandspad values of one import. `realBase` is the realpath of
 * IMPORT_DOCUMENTEN_BASE_DIR. The realpath of each directory is looked up once (a migration
 * has thousands of files per directory), the file itself with one lstat; a file that is a
 * symlink is followed with a full realpath, so no link can lead outside the base.
 */
export class SourceResolver {
  private readonly dirs = new Map<string, Promise<string | undefined>>();

  constructor(readonly realBase: string) {}

  /** Every bestandspad of a batch: lexical checks here, one lstat per file on the file threads. */
  async resolveMany(rows: { given: string; index: number }[]): Promise<SourceCheck[]> {
    const out: SourceCheck[] = new Array(rows.length);
    const pending: { at: number; candidate: string }[] = [];
    await Promise.all(
      rows.map(async ({ given, index }, at) => {
        const r = await this.locate(given, index);
        if (typeof r === 'string') pending.push({ at, candidate: r });
        else out[at] = r;
      }),
    );
    const stats = await lstatMany(pending.map((p) => p.candidate));
    await Promise.all(
      pending.map(async ({ at, candidate }, k) => {
        const { given, index } = rows[at]!;
        const st = stats[k]!;
        if (st.kind === 'file') out[at] = { ok: true, realPath: candidate, size: st.size };
        else if (st.kind === 'symlink') out[at] = await this.followLink(candidate, given, index);
        else out[at] = { ok: false, message: notAFile(given, index) };
      }),
    );
    return out;
  }

  /** The path to lstat (its directory already real and inside the base), or the verdict. */
  private async locate(given: string, index: number): Promise<string | SourceCheck> {
    const base = this.realBase;
    if (given.includes('\0') || path.isAbsolute(given)) return { ok: false, message: notRelative(given) };
    const lexical = path.resolve(base, given);
    if (lexical === base) return { ok: false, message: notAFile(given, index) };
    if (!inside(base, lexical)) return { ok: false, message: notRelative(given) };
    const realDir = await this.realDir(path.dirname(lexical));
    if (realDir === undefined) return { ok: false, message: notAFile(given, index) };
    if (realDir !== base && !inside(base, realDir)) return { ok: false, message: notRelative(given) };
    return path.join(realDir, path.basename(lexical));
  }

  private realDir(dir: string): Promise<string | undefined> {
    let found = this.dirs.get(dir);
    if (!found) {
      if (this.dirs.size >= 10_000) this.dirs.clear();
      found = fs.realpath(dir).catch(() => undefined);
      this.dirs.set(dir, found);
    }
    return found;
  }

  private async followLink(link: string, given: string, index: number): Promise<SourceCheck> {
    let real: string;
    try {
      real = await fs.realpath(link);
    } catch {
      return { ok: false, message: notAFile(given, index) };
    }
    if (real === this.realBase) return { ok: false, message: notAFile(given, index) };
    if (!inside(this.realBase, real)) return { ok: false, message: notRelative(given) };
    try {
      const st = await fs.stat(real);
      if (!st.isFile()) return { ok: false, message: notAFile(given, index) };
      return { ok: true, realPath: real, size: st.size };
    } catch {
      return { ok: false, message: notAFile(given, index) };
    }
  }
}

export function sizeMismatch(given: number, size: number, index: number): string {
  return `The given bestandsomvang ${given} does not match the size of the file (${size} bytes) for row ${index}`;
}

const HASHES: Record<string, string> = { md5: 'md5', sha_1: 'sha1', sha_256: 'sha256', sha_512: 'sha512' };

export function isVerifiable(algoritme: string): boolean {
  return algoritme in HASHES || algoritme === 'crc_32';
}

/** Hex digest of the file for a verifiable algoritme (crc_32: 8 hex digits). */
export async function fileDigest(file: string, algoritme: string): Promise<string> {
  const stream = createReadStream(file, { highWaterMark: 1024 * 1024 });
  if (algoritme === 'crc_32') {
    let crc = 0;
    for await (const chunk of stream) crc = crc32(chunk as Buffer, crc);
    return crc.toString(16).padStart(8, '0');
  }
  const hash = createHash(HASHES[algoritme] ?? 'sha256');
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export function checksumMismatch(index: number, algoritme: string): string {
  return `The integriteit.waarde given for row ${index} does not match the ${algoritme} of the file`;
}

export interface FileOk {
  realPath: string;
  size: number;
}

/**
 * Steps 7–8 plus size and checksum (Part 2 #7) for one row whose file was found; a string is
 * the row's comment.
 */
export async function verifySourceFile(
  found: SourceCheck,
  row: { index: number; values?: Record<string, string>; body?: Record<string, unknown> },
  scrub: (s: string) => string,
): Promise<FileOk | string> {
  if (!found.ok) return found.message;
  const v = row.values ?? {};
  const omvang = row.body?.bestandsomvang;
  if (typeof omvang === 'number' && omvang !== found.size) return sizeMismatch(omvang, found.size, row.index);
  const algoritme = v['integriteit.algoritme'] ?? '';
  const waarde = v['integriteit.waarde'] ?? '';
  if (waarde !== '' && isVerifiable(algoritme)) {
    try {
      const digest = await fileDigest(found.realPath, algoritme);
      if (digest.toLowerCase() !== waarde.trim().toLowerCase()) return checksumMismatch(row.index, algoritme);
    } catch (err) {
      return `Unable to copy file for row ${row.index}: \n ${scrub((err as Error).message)}`;
    }
  }
  return { realPath: found.realPath, size: found.size };
}
