import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import { Readable, Transform } from 'node:stream';
import type { ReadableStream } from 'node:stream/web';
import { pipeline } from 'node:stream/promises';
import { SignJWT } from 'jose';

/**
 * The CLI's side of the HTTP API (README "Authentication"): it signs its own ZGW JWT with the
 * client's secret for every request, so a run of hours never meets JWT_EXPIRY, and it follows
 * the server's clock (the Date header), since a token whose iat lies ahead of the server's
 * clock is refused (jwt-immaturesignatureerror).
 */
export interface Connection {
  url: string;
  clientId: string;
  secret: string;
}

export interface Problem {
  code?: string;
  detail?: string;
  invalidParams?: { name: string; code: string; reason: string }[];
}

/** The server answered with an error (problem+json) or could not be reached (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    const params = (problem.invalidParams ?? []).map((p) => `${p.code}: ${p.reason}`);
    super([problem.detail ?? `HTTP ${status}`, ...params].join('\n  '));
  }
}

const CLOCK_CODES = new Set(['jwt-immaturesignatureerror', 'jwt-expired']);

function userName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'cli';
  }
}

export async function signToken(
  c: Pick<Connection, 'clientId' | 'secret'>,
  nowMs = Date.now(),
): Promise<string> {
  return new SignJWT({ client_id: c.clientId, iss: c.clientId, user_id: userName() })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(Math.floor(nowMs / 1000))
    .sign(new TextEncoder().encode(c.secret));
}

export type Client = ReturnType<typeof createClient>;

export function createClient(c: Connection) {
  const root = c.url.replace(/\/+$/, '');
  const importBase = `${root}/documenten/api/v1/import`;
  /** Server clock minus ours, from the last Date header (1 s resolution: never ahead of the server). */
  let offsetMs = 0;
  const learnClock = (date: string | null | undefined) => {
    const t = date ? Date.parse(date) : Number.NaN;
    if (Number.isFinite(t)) offsetMs = t - Date.now();
  };
  const token = () => signToken(c, Date.now() + offsetMs);

  async function send(method: string, url: string, body?: unknown, retried = false): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${await token()}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new ApiError(0, {
        detail: `cannot reach ${root}: ${cause?.code ?? cause?.message ?? String(err)}`,
      });
    }
    learnClock(res.headers.get('date'));
    if (res.ok) return res;
    const problem = ((await res.json().catch(() => ({}))) ?? {}) as Problem;
    if (res.status === 403 && !retried && CLOCK_CODES.has(problem.code ?? '')) {
      return send(method, url, body, true); // the clock is known now
    }
    if (res.status === 403 && !problem.detail) problem.detail = 'permission denied';
    throw new ApiError(res.status, problem);
  }

  const json = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await send(method, `${importBase}${path}`, body);
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  };

  return {
    root,
    json,
    /** The report (or the failures-only report) written to `file` through a temporary, so never half. */
    async download(uuid: string, query: string, file: string | NodeJS.WritableStream): Promise<void> {
      const res = await send('GET', `${importBase}/${uuid}/report${query}`);
      if (!res.body) throw new ApiError(res.status, { detail: 'empty report response' });
      const source = Readable.fromWeb(res.body as ReadableStream);
      if (typeof file !== 'string') {
        await pipeline(source, file, { end: false });
        return;
      }
      const tmp = `${file}.part-${process.pid}`;
      try {
        await pipeline(source, fs.createWriteStream(tmp));
        await fs.promises.rename(tmp, file);
      } finally {
        await fs.promises.rm(tmp, { force: true });
      }
    },

    /**
     * POST the CSV as a stream with its Content-Length (node:http rather than fetch, to count
     * the bytes as the socket takes them). `onBytes` sees the running total.
     */
    async upload(
      uuid: string,
      file: string,
      opts: { charset?: string; refuseDuplicate: boolean; signal: AbortSignal; onBytes: (n: number) => void },
    ): Promise<void> {
      const size = (await fs.promises.stat(file)).size;
      const url = new URL(
        `${importBase}/${uuid}/upload${opts.refuseDuplicate ? '?refuseDuplicate=true' : ''}`,
      );
      const contentType = opts.charset ? `text/csv; charset=${opts.charset}` : 'text/csv';
      const auth = `Bearer ${await token()}`;
      const lib = url.protocol === 'https:' ? https : http;
      let sent = 0;
      const counter = new Transform({
        transform(chunk: Buffer, _enc, done) {
          sent += chunk.length;
          opts.onBytes(sent);
          done(null, chunk);
        },
      });
      const answer = new Promise<{ status: number; body: string; date?: string }>((resolve, reject) => {
        const req = lib.request(
          url,
          {
            method: 'POST',
            headers: { authorization: auth, 'content-type': contentType, 'content-length': size },
            signal: opts.signal,
          },
          (res) => {
            let body = '';
            res.setEncoding('utf8');
            res.on('data', (d: string) => {
              body += d;
            });
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body, date: res.headers.date }));
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        // The server may answer (e.g. 400 duplicate-csv) before it has read everything.
        pipeline(fs.createReadStream(file), counter, req).catch(() => undefined);
      });
      let r: Awaited<typeof answer>;
      try {
        r = await answer;
      } catch (err) {
        if (opts.signal.aborted) throw err;
        throw new ApiError(0, { detail: `upload to ${root} failed: ${(err as Error).message}` });
      }
      learnClock(r.date);
      if (r.status !== 200) {
        let problem: Problem = {};
        try {
          problem = JSON.parse(r.body) as Problem;
        } catch {
          problem = { detail: r.body || `HTTP ${r.status}` };
        }
        throw new ApiError(r.status, problem);
      }
    },
  };
}
