import readline from 'node:readline';

/**
 * Ctrl-C during `import run`: cancel the import on the server, or detach and leave it running.
 * On a terminal the operator is asked; without one `--on-interrupt` decides (cancel by
 * default: a stopped CI job should free the import slot). SIGTERM never asks.
 */
export type OnInterrupt = 'ask' | 'cancel' | 'detach';
export type Choice = 'cancel' | 'detach';

export interface SignalTrap {
  /** Aborted at the first SIGINT or SIGTERM. */
  signal: AbortSignal;
  received(): NodeJS.Signals | undefined;
  /** Called for a later signal: npm forwards the terminal's SIGINT, so one within 1 s is the same. */
  onRepeat(fn: () => void): void;
  dispose(): void;
}

export function trapSignals(): SignalTrap {
  const ctl = new AbortController();
  let first: { name: NodeJS.Signals; at: number } | undefined;
  let repeat: (() => void) | undefined;
  const handler = (name: NodeJS.Signals) => {
    if (!first) {
      first = { name, at: Date.now() };
      ctl.abort();
      return;
    }
    if (Date.now() - first.at > 1000) repeat?.();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: ctl.signal,
    received: () => first?.name,
    onRepeat(fn) {
      repeat = fn;
    },
    dispose() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}

/** The question on the terminal. Ctrl-C or Ctrl-D at the question detaches (it loses nothing). */
export async function askCancelOrDetach(uuid: string): Promise<Choice> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  try {
    return await new Promise<Choice>((resolve) => {
      rl.on('SIGINT', () => {
        process.stderr.write('\n');
        resolve('detach');
      });
      rl.on('close', () => resolve('detach'));
      const ask = () =>
        rl.question(
          `\nImport ${uuid} is still running on the server.\n[c]ancel it, or [d]etach and leave it running? `,
          (answer) => {
            const a = answer.trim().toLowerCase();
            if (a === 'c' || a === 'cancel') resolve('cancel');
            else if (a === 'd' || a === 'detach') resolve('detach');
            else ask();
          },
        );
      ask();
    });
  } finally {
    rl.close();
  }
}

export async function decide(
  mode: OnInterrupt,
  opts: { interactive: boolean; signal: NodeJS.Signals | undefined; uuid: string },
): Promise<Choice> {
  if (mode !== 'ask') return mode;
  if (!opts.interactive || opts.signal === 'SIGTERM') return 'cancel';
  return askCancelOrDetach(opts.uuid);
}
