import path from 'node:path';
import type { SourceVerdict, StagedFile } from '../../storage/blob-store.js';

/**
 * The source file of a row (Open Zaak's per-row import steps (7–9), README "Bulk import of documents"): bestandspad
 * checked lexically here; the file itself is opened once by the storage's stageFiles, checked
 * on that descriptor (real path inside the real import base directory, a regular file) and
 * copied from it, so the bytes stored are those of the file that was checked. Comments use
 * bestandspad as given, never a server path (README "Bulk import of documents").
 */
export interface FileOk {
  size: number;
  /** The copy under its key's temporary name (absent in a check-only run). */
  staged?: StagedFile;
}

const notRelative = (p: string) => `The given filepath ${p} is not relative to the import base directory`;
const notAFile = (p: string, i: number) =>
  `The given filepath ${p} does not exist or is not a file for row ${i}`;
const unableToCopy = (i: number, why: string) => `Unable to copy file for row ${i}: \n ${why}`;

function inside(base: string, p: string): boolean {
  const rel = path.relative(base, p);
  return rel !== '' && !rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel);
}

/**
 * The path to open for a bestandspad, below `realBase` (the realpath of
 * IMPORT_DOCUMENTEN_BASE_DIR), or the row's comment when it cannot name a file inside it.
 * Links are not resolved here: that is checked on the opened descriptor.
 */
export function sourcePath(realBase: string, given: string, index: number): { path: string } | string {
  if (given.includes('\0') || path.isAbsolute(given)) return notRelative(given);
  const lexical = path.resolve(realBase, given);
  if (lexical === realBase) return notAFile(given, index);
  if (!inside(realBase, lexical)) return notRelative(given);
  return { path: lexical };
}

export function sizeMismatch(given: number, size: number, index: number): string {
  return `The given bestandsomvang ${given} does not match the size of the file (${size} bytes) for row ${index}`;
}

const VERIFIABLE = new Set(['md5', 'sha_1', 'sha_256', 'sha_512', 'crc_32']);

/** The algoritme whose digest the copy must compute for this row, if its waarde is to be verified. */
export function digestToVerify(values: Record<string, string> | undefined): string | undefined {
  const algoritme = values?.['integriteit.algoritme'] ?? '';
  const waarde = values?.['integriteit.waarde'] ?? '';
  return waarde !== '' && VERIFIABLE.has(algoritme) ? algoritme : undefined;
}

export function checksumMismatch(index: number, algoritme: string): string {
  return `The integriteit.waarde given for row ${index} does not match the ${algoritme} of the file`;
}

/**
 * Steps 7–9 plus size and checksum (README "Bulk import of documents") for one row from what stageFiles found; a
 * string is the row's comment.
 */
export function fileOutcome(
  v: SourceVerdict,
  row: { index: number; values?: Record<string, string>; body?: Record<string, unknown> },
  scrub: (s: string) => string,
): FileOk | string {
  const given = row.values?.bestandspad ?? '';
  switch (v.kind) {
    case 'outside':
      return notRelative(given);
    case 'not-file':
      return notAFile(given, row.index);
    case 'changed':
      return unableToCopy(
        row.index,
        `the file changed while it was copied (${v.size} bytes when opened, ${v.copied === v.size + 1 ? 'more' : v.copied} read)`,
      );
    case 'stalled':
      return unableToCopy(row.index, `reading the file made no progress for ${v.seconds} seconds`);
    case 'error':
    case 'storage-error':
      return unableToCopy(row.index, scrub(v.message));
  }
  const omvang = row.body?.bestandsomvang;
  if (typeof omvang === 'number' && omvang !== v.size) return sizeMismatch(omvang, v.size, row.index);
  const algoritme = digestToVerify(row.values);
  if (algoritme !== undefined) {
    const waarde = (row.values?.['integriteit.waarde'] ?? '').trim().toLowerCase();
    if (v.digest?.toLowerCase() !== waarde) return checksumMismatch(row.index, algoritme);
  }
  return { size: v.size, staged: v.staged };
}
