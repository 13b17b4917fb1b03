import fs from 'node:fs/promises';
import { sourcePath } from './source-file.js';

/**
 * Why a bestandspad that names no file may still be meant for one (issue 10): a Windows `\`
 * separator, spaces around the path, or a name in another Unicode normalisation than the
 * file's (macOS writes names decomposed, NFD; a CSV from Excel has them composed, NFC). Such a
 * row still fails (a `\` is a legal character of a POSIX file name, and two names that differ
 * only in normalisation are two files on Linux: guessing could import the wrong file); the
 * comment keeps the reference wording and gets a hint appended. Only rows that already failed
 * are looked at, with at most a few stat calls each, bounded per batch in count and time.
 */
const MAX_ROWS = 100;
const TIMEOUT_MS = 2000;

interface FailedRow {
  index: number;
  values?: Record<string, string>;
}

/** Appends a hint to the comment of each failed row that has one (in place). */
export async function addPathHints(
  realBase: string,
  rows: FailedRow[],
  comments: Map<number, unknown>,
): Promise<void> {
  const worth = rows.filter((r) => suspicious(r.values?.bestandspad ?? '')).slice(0, MAX_ROWS);
  if (worth.length === 0) return;
  const hints = new Map<number, string>();
  const work = Promise.all(
    worth.map(async (r) => {
      const hint = await pathHint(realBase, r.values?.bestandspad ?? '');
      if (hint !== '') hints.set(r.index, hint);
    }),
  );
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, TIMEOUT_MS);
  });
  try {
    // A hung mount must not hold the batch: rows whose look-up is late keep the plain comment.
    await Promise.race([work.catch(() => undefined), timeout]);
  } finally {
    clearTimeout(timer);
  }
  for (const [index, hint] of hints) {
    const comment = comments.get(index);
    if (typeof comment === 'string') comments.set(index, `${comment}${hint}`);
  }
}

const form = (s: string): string =>
  s === s.normalize('NFC') ? 'NFC' : s === s.normalize('NFD') ? 'NFD' : 'mixed';

function suspicious(given: string): boolean {
  return (
    given.includes('\\') ||
    given !== given.trim() ||
    given !== given.normalize('NFC') ||
    given !== given.normalize('NFD')
  );
}

/** The hint for one bestandspad ('' when there is none); never a server path. */
export async function pathHint(realBase: string, given: string): Promise<string> {
  const issues: string[] = [];
  let fixed = given;
  if (fixed.includes('\\')) {
    issues.push('uses "\\" as a separator (use "/")');
    fixed = fixed.replaceAll('\\', '/');
  }
  if (fixed !== fixed.trim()) {
    issues.push('has leading or trailing spaces');
    fixed = fixed.trim();
  }
  let found: string | undefined;
  for (const candidate of new Set([fixed, fixed.normalize('NFC'), fixed.normalize('NFD')])) {
    if (candidate !== given && (await isFile(realBase, candidate))) {
      found = candidate;
      break;
    }
  }
  if (found !== undefined && found !== fixed) {
    issues.push(
      `is written in Unicode ${form(given)} while the file's name is ${form(found)} (macOS writes names as NFD): write bestandspad in the same form, or rename the files (e.g. convmv -f utf8 -t utf8 --nfc)`,
    );
  }
  if (issues.length === 0) return '';
  const exists = found !== undefined ? `; a file exists at ${JSON.stringify(found)}` : '';
  return `. Hint: bestandspad ${issues.join(', and ')}${exists}.`;
}

async function isFile(realBase: string, candidate: string): Promise<boolean> {
  const p = sourcePath(realBase, candidate, 0);
  if (typeof p === 'string') return false;
  return fs.stat(p.path).then(
    (st) => st.isFile(),
    () => false,
  );
}
