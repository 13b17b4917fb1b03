import type { Static } from '@sinclair/typebox';
import type { ImportList, ImportStatus } from '../imports/schemas.js';
import { fmtDuration, fmtInt, stateWords } from './format.js';

/** What `import status` and `import list` print: key/value lines and an aligned table. */
export function statusText(uuid: string, s: ImportStatus): string {
  const pct = s.total > 0 ? ` (${((100 * s.processed) / s.total).toFixed(1)}%)` : '';
  const eta = s.estimatedFinish
    ? `${s.estimatedFinish} (in ${fmtDuration((Date.parse(s.estimatedFinish) - Date.now()) / 1000)})`
    : '--';
  const rows: [string, string][] = [
    ['uuid', uuid],
    ['naam', s.naam],
    ['kind', s.dryRun ? 'dry run' : 'import'],
    ['state', stateWords(s)],
    ['progress', `${fmtInt(s.processed)}/${fmtInt(s.total)} rows${pct}`],
    [s.dryRun ? 'valid' : 'imported', fmtInt(s.processedSuccessfully)],
    ['failed', fmtInt(s.processedInvalid)],
    ['rows/s', s.rowsPerSecond === null ? '--' : s.rowsPerSecond.toFixed(1)],
    ['MB/s', s.bytesPerSecond === null ? '--' : (s.bytesPerSecond / 1e6).toFixed(1)],
    ['ETA', eta],
    ['created', s.createdOn],
    ['started', s.startedOn ?? '--'],
    ['finished', s.finishedOn ?? '--'],
  ];
  if (s.comment) rows.push(['comment', s.comment]);
  if (s.duplicateOf) rows.push(['duplicate of', s.duplicateOf]);
  return `${rows.map(([k, v]) => `${`${k}:`.padEnd(14)}${v}`).join('\n')}\n`;
}

export function listText(list: Static<typeof ImportList>): string {
  if (list.count === 0) return 'no imports\n';
  const head = ['UUID', 'STATE', 'KIND', 'CREATED', 'PROCESSED', 'FAILED', 'NAAM'];
  const rows = list.results.map((i) => [
    i.uuid,
    stateWords({ ...i, pauseReason: null, comment: '' }),
    i.dryRun ? 'dry run' : 'import',
    i.createdOn.slice(0, 19).replace('T', ' '),
    `${fmtInt(i.processed)}/${fmtInt(i.total)}`,
    fmtInt(i.processedInvalid),
    i.naam,
  ]);
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((v, c) => (c === r.length - 1 ? v : v.padEnd(widths[c] ?? 0)))
      .join('  ')
      .trimEnd();
  const pages = list.next || list.previous ? `\n${list.count} imports; more with --page N\n` : '';
  return `${[head, ...rows].map(line).join('\n')}\n${pages}`;
}
