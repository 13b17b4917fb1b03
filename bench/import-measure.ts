/** Memory and latency sampling for `npm run bench:import` (Linux /proc). */
import fs from 'node:fs/promises';

/** Peak resident memory of a process as the kernel tracks it (VmHWM), in bytes. */
export async function peakRss(pid: number): Promise<number | undefined> {
  const status = await fs.readFile(`/proc/${pid}/status`, 'utf8').catch(() => undefined);
  const m = status && /VmHWM:\s+(\d+) kB/.exec(status);
  return m ? Number(m[1]) * 1024 : undefined;
}

async function childrenOf(pid: number): Promise<number[]> {
  const out: number[] = [];
  for (const name of await fs.readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = await fs.readFile(`/proc/${name}/stat`, 'utf8').catch(() => '');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid === pid) out.push(Number(name));
  }
  return out;
}

/** Proportional set size of the postmaster and its children (shared buffers counted once). */
async function pssOfTree(postmaster: number): Promise<number> {
  let total = 0;
  for (const pid of [postmaster, ...(await childrenOf(postmaster))]) {
    const s = await fs.readFile(`/proc/${pid}/smaps_rollup`, 'utf8').catch(() => '');
    const m = /^Pss:\s+(\d+) kB/m.exec(s);
    if (m) total += Number(m[1]) * 1024;
  }
  return total;
}

export async function postmasterOf(backendPid: number): Promise<number | undefined> {
  const stat = await fs.readFile(`/proc/${backendPid}/stat`, 'utf8').catch(() => undefined);
  if (!stat) return undefined;
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

/** Samples the database's memory every 250 ms until stopped; returns the peak. */
export function samplePostgres(postmaster: number | undefined): { stop(): Promise<number | undefined> } {
  let peak = 0;
  let running = true;
  const loop = (async () => {
    while (running && postmaster !== undefined) {
      peak = Math.max(peak, await pssOfTree(postmaster));
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return postmaster === undefined ? undefined : peak;
    },
  };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

export async function timed(
  fn: () => Promise<Response>,
): Promise<{ ms: number; status: number; text: string }> {
  const t0 = performance.now();
  const res = await fn();
  const text = await res.text();
  return { ms: performance.now() - t0, status: res.status, text };
}

export const mb = (bytes: number | undefined) =>
  bytes === undefined ? 'n/a' : `${(bytes / 1048576).toFixed(1)} MB`;
