import type { Static } from '@sinclair/typebox';
import type { ImportRunSummary, ImportStatus } from '../imports/schemas.js';
import { fmtBytes, fmtDuration, fmtInt, stateWords } from './format.js';

/** The end of `import run` / `validate`: outcome, counters, top failure reasons, files written. */
export type RunSummary = Static<typeof ImportRunSummary>;

/** Exit codes of `import run`, `import validate` and `import status --watch` (README). */
export const EXIT = { OK: 0, ROWS_FAILED: 1, FAILED: 2, DETACHED: 3, USAGE: 64 } as const;

export function outcomeCode(s: Pick<ImportStatus, 'status' | 'processedInvalid'>): number {
  if (s.status !== 'finished') return EXIT.FAILED;
  return s.processedInvalid > 0 ? EXIT.ROWS_FAILED : EXIT.OK;
}

const TOP = 5;

export function summaryText(
  s: ImportStatus,
  sum: RunSummary,
  files: { report?: string; failures?: string },
): string {
  const name = s.naam ? ` "${s.naam}"` : '';
  const took = sum.wallSeconds === null ? '' : ` in ${fmtDuration(sum.wallSeconds)}`;
  const ok = s.dryRun ? 'valid' : 'imported';
  const lines = [
    '',
    `${s.dryRun ? 'Dry run' : 'Import'} ${sum.uuid}${name}: ${stateWords(s)}${took}`,
    `  rows:      ${fmtInt(s.total)}`,
    `  ${`${ok}:`.padEnd(10)} ${fmtInt(s.processedSuccessfully)}`,
    `  failed:    ${fmtInt(s.processedInvalid)}`,
  ];
  if (s.processed < s.total) lines.push(`  not processed: ${fmtInt(s.total - s.processed)}`);
  if (sum.bytesCopied > 0) {
    const speed = sum.megabytesPerSecond === null ? '' : `, ${sum.megabytesPerSecond} MB/s`;
    lines.push(`  files:     ${fmtBytes(sum.bytesCopied)}${speed}, ${sum.documentsPerSecond ?? '--'} rows/s`);
  }
  if (s.comment && s.status !== 'finished') lines.push(`  comment:   ${s.comment}`);
  if (sum.duplicateOf)
    lines.push(`  note:      the same CSV was imported before by import ${sum.duplicateOf}`);
  if (sum.failures.length > 0) {
    lines.push('', 'Most frequent failure reasons:');
    for (const f of sum.failures.slice(0, TOP)) {
      const [first, ...rest] = f.reason.split('\n').filter((l) => l.trim() !== '');
      lines.push(`  ${fmtInt(f.count).padStart(8)}  ${(first ?? '').trimEnd()}`);
      for (const l of rest) lines.push(`            ${l.trim()}`);
      lines.push(
        `            first rows: ${f.firstRows.join(', ')}${f.count > f.firstRows.length ? ', ...' : ''}`,
      );
    }
  }
  if (files.report || files.failures) lines.push('');
  if (files.report) lines.push(`Report:         ${files.report}`);
  if (files.failures) lines.push(`Failures only:  ${files.failures}`);
  return `${lines.join('\n')}\n`;
}
