import cliProgress from 'cli-progress';
import type { ImportStatus } from '../imports/schemas.js';
import { fmtBytes, fmtDuration, fmtInt, stateWords } from './format.js';

/**
 * How a run shows its progress: on a terminal a bar redrawn in place (cli-progress); without
 * one (CI, nohup, a log file) a plain line every few seconds and at every change of state.
 */
export interface ProgressView {
  update(s: ImportStatus): void;
  /** A line of its own (above the bar on a terminal). */
  note(message: string): void;
  /** Leaves the terminal as it was: bar finished, cursor shown. Idempotent. */
  stop(): void;
}

export interface ViewOptions {
  tty: boolean;
  stream: NodeJS.WriteStream;
  /** Seconds between progress lines without a terminal. */
  intervalSeconds: number;
  label: string;
}

function eta(s: ImportStatus): string {
  if (!s.estimatedFinish) return '--';
  return fmtDuration((Date.parse(s.estimatedFinish) - Date.now()) / 1000);
}

const rate = (n: number | null, unit: string) => (n === null ? `-- ${unit}` : `${n.toFixed(1)} ${unit}`);

function payload(s: ImportStatus) {
  return {
    rps: rate(s.rowsPerSecond, 'rows/s'),
    mbps: rate(s.bytesPerSecond === null ? null : s.bytesPerSecond / 1e6, 'MB/s'),
    etaText: eta(s),
    failed: fmtInt(s.processedInvalid),
    state: s.paused || s.status !== 'active' ? ` | ${stateWords(s).toUpperCase()}` : '',
  };
}

export function progressLine(s: ImportStatus, label: string): string {
  const pct = s.total > 0 ? ((100 * s.processed) / s.total).toFixed(1) : '0.0';
  const p = payload(s);
  return (
    `${new Date().toISOString()} ${label}: ${stateWords(s)}, ${fmtInt(s.processed)}/${fmtInt(s.total)} rows ` +
    `(${pct}%), ${p.rps}, ${p.mbps}, failed ${p.failed}, ETA ${p.etaText}`
  );
}

function barView(o: ViewOptions): ProgressView {
  const multi = new cliProgress.MultiBar(
    {
      format: `${o.label} {bar} {percentage}% | {value}/{total} rows | {rps} | {mbps} | ETA {etaText} | failed {failed}{state}`,
      stream: o.stream,
      hideCursor: true,
      clearOnComplete: false,
      stopOnComplete: false,
      barsize: 24,
      fps: 5,
      autopadding: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let bar: cliProgress.SingleBar | undefined;
  let stopped = false;
  return {
    update(s) {
      if (stopped) return;
      if (!bar) bar = multi.create(Math.max(1, s.total), s.processed, payload(s));
      bar.setTotal(Math.max(1, s.total));
      bar.update(s.processed, payload(s));
    },
    note(message) {
      if (stopped || !bar) o.stream.write(`${message}\n`);
      else multi.log(`${message}\n`);
    },
    stop() {
      if (stopped) return;
      stopped = true;
      multi.stop();
    },
  };
}

function lineView(o: ViewOptions): ProgressView {
  let lastAt = 0;
  let lastState = '';
  return {
    update(s) {
      const state = stateWords(s);
      const due = Date.now() - lastAt >= o.intervalSeconds * 1000;
      if (!due && state === lastState) return;
      lastAt = Date.now();
      lastState = state;
      o.stream.write(`${progressLine(s, o.label)}\n`);
    },
    note(message) {
      o.stream.write(`${new Date().toISOString()} ${message}\n`);
    },
    stop() {},
  };
}

export const createProgressView = (o: ViewOptions): ProgressView => (o.tty ? barView(o) : lineView(o));

/** The upload of a big CSV: bytes sent, as a bar or as lines. */
export function uploadView(o: ViewOptions & { size: number }): { bytes(n: number): void; stop(): void } {
  if (o.tty) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${o.label} uploading {bar} {percentage}% | {sent} of {size}`,
        stream: o.stream,
        hideCursor: true,
        barsize: 24,
        fps: 5,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(o.size, 0, { sent: fmtBytes(0), size: fmtBytes(o.size) });
    return {
      bytes: (n) => bar.update(n, { sent: fmtBytes(n), size: fmtBytes(o.size) }),
      stop: () => bar.stop(),
    };
  }
  let lastAt = Date.now();
  return {
    bytes(n) {
      if (Date.now() - lastAt < o.intervalSeconds * 1000) return;
      lastAt = Date.now();
      const pct = ((100 * n) / Math.max(1, o.size)).toFixed(1);
      o.stream.write(
        `${new Date().toISOString()} ${o.label}: uploading ${fmtBytes(n)} of ${fmtBytes(o.size)} (${pct}%)\n`,
      );
    },
    stop() {},
  };
}
