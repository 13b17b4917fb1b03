/**
 * `npm run bench:bestandsdelen [-- --mib 2048 --part-bytes 67108864 --concurrency 2 --rounds 3 --assert --cpu-prof DIR]`:
 * a large file uploaded in bestandsdelen (the Documenten API bestandsdelen flow) over loopback to
 * the real server (a child process), measured against the disk in the same run. Each round: the
 * disk (the same number of bytes written to a file beside the storage with fs.write and fsync),
 * then the upload (the document created, its parts PUT `--concurrency` at a time, each streamed,
 * never held whole by the client either, unlocked, downloaded and checked), then the floor (the
 * same requests to bench/bare-receiver.ts, a Node server that only writes the bodies to a file);
 * the disk once more at the end. A virtual disk's fsync speed swings from one minute to the next
 * (the host's write cache), so figures are medians over the rounds. Reports MB/s of the upload
 * and of upload + unlock next to the disk's and the floor's, the server's peak RSS (VmHWM) and
 * CPU. `--assert`: exit 1 unless the median upload + unlock ≥ 50 % of the median disk speed
 * and the server stayed under 300 MB in every round.
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {
  type BenchServer,
  numberArg,
  openBenchDatabase,
  seedInformatieobjecttypen,
  startBenchServer,
  stringArg,
} from './harness.js';

const SIZE = numberArg('mib', 2048) * 1024 * 1024;
const PART_BYTES = numberArg('part-bytes', 64 * 1024 * 1024);
const CONCURRENCY = numberArg('concurrency', 2);
const ROUNDS = Math.max(1, numberArg('rounds', 3));
const ASSERT = process.argv.includes('--assert');
const PROFILE = stringArg('cpu-prof');
const PUBLIC = 'http://localhost';
const BLOCK = randomBytes(1 << 20); // the file is this MiB over and over (cheap to make and to check)
const mbps = (bytes: number, ms: number) => bytes / 1e6 / (ms / 1000);

/** The bytes [start, start + length) of the file, in chunks of at most 1 MiB. */
function* bytesOf(start: number, length: number): Generator<Buffer> {
  let at = start;
  const end = start + length;
  while (at < end) {
    const from = at % BLOCK.length;
    const n = Math.min(BLOCK.length - from, end - at);
    yield BLOCK.subarray(from, from + n);
    at += n;
  }
}

/** The disk's sequential write speed here: the same bytes, fs.write in 1 MiB blocks, fsync. */
async function diskSpeed(dir: string): Promise<number> {
  const file = path.join(dir, `disk-speed-${randomBytes(4).toString('hex')}`);
  const fh = await fs.open(file, 'w');
  const t0 = performance.now();
  let pos = 0;
  for (const chunk of bytesOf(0, SIZE)) {
    await fh.write(chunk, 0, chunk.length, pos);
    pos += chunk.length;
  }
  await fh.sync();
  const ms = performance.now() - t0;
  await fh.close();
  await fs.rm(file);
  return mbps(SIZE, ms);
}

const median = (xs: number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

/**
 * The floor: the same part requests (same sizes, same concurrency) to bench/bare-receiver.ts,
 * which writes each body into one file beside the storage and fdatasyncs it, nothing else.
 */
async function floorSpeed(dir: string): Promise<number> {
  const file = path.join(dir, `floor-${randomBytes(4).toString('hex')}`);
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/bare-receiver.ts', file], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const [line] = (await once(child.stdout, 'data')) as [Buffer];
    const base = `http://127.0.0.1:${Number(line.toString().trim())}`;
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const queue = Array.from({ length: Math.ceil(SIZE / PART_BYTES) }, (_, i) => ({
      volgnummer: i + 1,
      offset: i * PART_BYTES,
      omvang: Math.min(PART_BYTES, SIZE - i * PART_BYTES),
    }));
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let next = queue.shift(); next; next = queue.shift())
          await putPart(agent, `${base}/?offset=${next.offset}`, '-', next, '-', next.offset);
      }),
    );
    const ms = performance.now() - t0;
    agent.destroy();
    return mbps(SIZE, ms);
  } finally {
    child.kill('SIGTERM');
    if (child.exitCode === null) await once(child, 'exit');
    await fs.rm(file, { force: true });
  }
}

/** VmRSS / VmHWM of a process, in bytes. */
async function memoryOf(pid: number): Promise<{ rss: number; hwm: number }> {
  const status = await fs.readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

/** CPU seconds (user, system) a process used so far. */
async function cpuOf(pid: number): Promise<{ user: number; sys: number }> {
  const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { user: Number(fields[11]) / 100, sys: Number(fields[12]) / 100 }; // clock ticks (USER_HZ 100)
}

interface Part {
  url: string;
  volgnummer: number;
  omvang: number;
}

/** PUT one part as multipart/form-data, streamed with backpressure. */
async function putPart(
  agent: http.Agent,
  url: string,
  token: string,
  part: { volgnummer: number; omvang: number },
  lock: string,
  offset: number,
) {
  const boundary = `----bench${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="lock"\r\n\r\n${lock}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="inhoud"; filename="deel.bin"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const req = http.request(url, {
    method: 'PUT',
    agent,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'content-length': String(head.length + part.omvang + tail.length),
    },
  });
  const answer = once(req, 'response') as Promise<[http.IncomingMessage]>;
  const write = async (b: Buffer) => {
    if (!req.write(b)) await once(req, 'drain');
  };
  await write(head);
  for (const chunk of bytesOf(offset, part.omvang)) await write(chunk);
  req.end(tail);
  const [res] = await answer;
  let body = '';
  for await (const c of res) body += c;
  if (res.statusCode !== 200) throw new Error(`part ${part.volgnummer}: ${res.statusCode} ${body}`);
}

async function run(base: string, token: string, iot: string, pid: number) {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const eio = `${base}/documenten/api/v1/enkelvoudiginformatieobjecten`;
  const body = {
    bronorganisatie: '159351741',
    creatiedatum: '2026-01-01',
    titel: 'groot',
    auteur: 'bench',
    taal: 'dut',
    bestandsnaam: 'groot.bin',
    informatieobjecttype: iot,
    bestandsomvang: SIZE,
  };
  let peakRss = 0;
  const sampler = setInterval(() => {
    memoryOf(pid)
      .then((m) => {
        peakRss = Math.max(peakRss, m.rss);
      })
      .catch(() => undefined);
  }, 50);
  const cpu0 = await cpuOf(pid);
  const t0 = performance.now();
  const created = await fetch(eio, { method: 'POST', headers, body: JSON.stringify(body) });
  if (created.status !== 201) throw new Error(`create: ${created.status} ${await created.text()}`);
  const doc = (await created.json()) as { url: string; lock: string; bestandsdelen: Part[] };
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const queue = doc.bestandsdelen.map((p, i) => ({ p, offset: i * PART_BYTES }));
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let next = queue.shift(); next; next = queue.shift())
        await putPart(agent, next.p.url.replace(PUBLIC, base), token, next.p, doc.lock, next.offset);
    }),
  );
  const t1 = performance.now();
  const uuid = doc.url.split('/').pop();
  const unlocked = await fetch(`${eio}/${uuid}/unlock`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ lock: doc.lock }),
  });
  if (unlocked.status !== 204) throw new Error(`unlock: ${unlocked.status} ${await unlocked.text()}`);
  const t2 = performance.now();
  const cpu1 = await cpuOf(pid);
  const cpu = { user: cpu1.user - cpu0.user, sys: cpu1.sys - cpu0.sys };
  clearInterval(sampler);
  agent.destroy();
  const mem = await memoryOf(pid);
  // the download is the file, byte for byte (checked outside the timed part)
  const dl = await fetch(`${eio}/${uuid}/download`, { headers });
  const got = createHash('sha256');
  let n = 0;
  for await (const c of dl.body as unknown as AsyncIterable<Uint8Array>) {
    got.update(c);
    n += c.length;
  }
  const want = createHash('sha256');
  for (const c of bytesOf(0, SIZE)) want.update(c);
  if (n !== SIZE || got.digest('hex') !== want.digest('hex'))
    throw new Error('download differs from the upload');
  const removed = await fetch(`${eio}/${uuid}`, { method: 'DELETE', headers });
  if (removed.status !== 204) throw new Error(`delete: ${removed.status} ${await removed.text()}`);
  return {
    parts: doc.bestandsdelen.length,
    uploadMs: t1 - t0,
    unlockMs: t2 - t1,
    peakRss,
    hwm: mem.hwm,
    cpu,
  };
}

async function main() {
  const bench = await openBenchDatabase({ dirPrefix: 'zgw-bench-parts-', dbPrefix: 'zgw_bench_' });
  const { db, config } = bench;
  let server: BenchServer | undefined;
  try {
    const seeded = await seedInformatieobjecttypen(db.pool, PUBLIC, { omschrijvingen: ['groot'] });
    const iot = seeded.types[0]?.url as string;
    await fs.mkdir(config.storageDir, { recursive: true });
    server = await startBenchServer(bench, {
      publicUrl: PUBLIC,
      env: { BESTANDSDELEN_PART_BYTES: String(PART_BYTES) },
      cpuProfDir: PROFILE,
    });
    const disks: number[] = [];
    const uploads: Awaited<ReturnType<typeof run>>[] = [];
    const floors: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      disks.push(await diskSpeed(config.storageDir));
      uploads.push(await run(server.base, server.token, iot, server.child.pid as number));
      floors.push(await floorSpeed(config.storageDir));
    }
    disks.push(await diskSpeed(config.storageDir));
    const mib = (b: number) => (b / 2 ** 20).toFixed(0);
    const list = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(', ');
    const totals = uploads.map((r) => mbps(SIZE, r.uploadMs + r.unlockMs));
    const disk = median(disks);
    const total = median(totals);
    const floor = median(floors);
    const hwm = Math.max(...uploads.map((r) => r.hwm));
    console.log(
      `bench: ${mib(SIZE)} MiB in ${uploads[0]?.parts} parts of ${PART_BYTES} bytes, ${CONCURRENCY} at a time, ${ROUNDS} rounds, on ${config.storageDir}`,
    );
    console.log(`disk (fs.write + fsync)   ${disk.toFixed(0)} MB/s (median of ${list(disks)})`);
    console.log(
      `upload of the parts       ${median(uploads.map((r) => mbps(SIZE, r.uploadMs))).toFixed(0)} MB/s (median of ${list(uploads.map((r) => mbps(SIZE, r.uploadMs)))})`,
    );
    console.log(`unlock (merge)            ${list(uploads.map((r) => r.unlockMs))} ms`);
    console.log(
      `upload + unlock           ${total.toFixed(0)} MB/s (median of ${list(totals)}) = ${((total / disk) * 100).toFixed(0)}% of the disk's speed`,
    );
    console.log(
      `floor (bare receiver)     ${floor.toFixed(0)} MB/s (median of ${list(floors)}): the upload reaches ${((total / floor) * 100).toFixed(0)}% of it`,
    );
    console.log(
      `server RSS                VmHWM ${mib(hwm)} MB (peak sampled ${mib(Math.max(...uploads.map((r) => r.peakRss)))} MB)`,
    );
    console.log(
      `server CPU per round      ${uploads.map((r) => `${r.cpu.user.toFixed(1)} s user + ${r.cpu.sys.toFixed(1)} s system`).join('; ')}`,
    );
    console.log(
      `load average              ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    if (ASSERT) {
      const ok = total >= disk * 0.5 && hwm < 300 * 2 ** 20;
      console.log(ok ? 'bench: targets met' : 'bench: TARGETS MISSED (≥ 50% of disk speed, < 300 MB RSS)');
      if (!ok) process.exitCode = 1;
    }
  } finally {
    await server?.stop();
    await bench.close();
  }
}

await main();
