import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { jwtVerify } from 'jose';

/**
 * A Notificaties API in the test process (node:http): `GET/POST /api/v1/kanaal` and
 * `POST /api/v1/notificaties`, checking the server's JWT (HS256 with the shared secret and
 * its client_id). It can go down (`down()`: the port refuses connections), answer 500
 * (`mode = 'fail'`) and come back (`up()`, same port).
 */
export interface Received {
  kanaal: string;
  hoofdObject: string;
  resource: string;
  resourceUrl: string;
  actie: string;
  aanmaakdatum: string;
  kenmerken: Record<string, string>;
}

export interface Receiver {
  url: string;
  mode: 'ok' | 'fail';
  /** Accepted notifications, in arrival order. */
  received: Received[];
  /** Every POST /notificaties that arrived (also those answered 500). */
  attempts: number;
  kanalen: { naam: string; filters: string[]; documentatieLink: string }[];
  /** Requests whose JWT did not verify (must stay empty). */
  badTokens: string[];
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function startReceiver(clientId: string, secret: string): Promise<Receiver> {
  const key = new TextEncoder().encode(secret);
  let server: http.Server | undefined;
  let port = 0;
  const r: Receiver = {
    url: '',
    mode: 'ok',
    received: [],
    attempts: 0,
    kanalen: [],
    badTokens: [],
    down: async () => {
      const s = server;
      server = undefined;
      if (!s) return;
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    },
    up: async () => {
      if (server) return;
      server = http.createServer((req, res) => void handle(req, res));
      const s = server;
      await new Promise<void>((resolve) => s.listen(port, '127.0.0.1', resolve));
      port = (s.address() as AddressInfo).port;
      r.url = `http://127.0.0.1:${port}/api/v1/`;
    },
    close: () => r.down(),
  };

  async function authorised(req: http.IncomingMessage): Promise<boolean> {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
    try {
      const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'], requiredClaims: ['iat'] });
      if (payload.client_id !== clientId) throw new Error(`client_id ${String(payload.client_id)}`);
      return true;
    } catch (err) {
      r.badTokens.push(`${req.method} ${req.url}: ${(err as Error).message}`);
      return false;
    }
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = chunks.length > 0 ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
    const send = (status: number, data: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(data));
    };
    if (!(await authorised(req))) return send(403, { code: 'permission_denied' });
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/api/v1/kanaal' && req.method === 'GET') {
      const naam = url.searchParams.get('naam');
      return send(
        200,
        r.kanalen.filter((k) => naam === null || k.naam === naam),
      );
    }
    if (url.pathname === '/api/v1/kanaal' && req.method === 'POST') {
      r.kanalen.push(body);
      return send(201, { url: `${r.url}kanaal/1`, ...body });
    }
    if (url.pathname === '/api/v1/notificaties' && req.method === 'POST') {
      r.attempts++;
      if (r.mode === 'fail') return send(500, { code: 'error' });
      if (!r.kanalen.some((k) => k.naam === body.kanaal)) return send(400, { code: 'kanaal-unknown' });
      r.received.push(body);
      return send(201, body);
    }
    send(404, { code: 'not_found' });
  }

  await r.up();
  return r;
}

/** Polls `check` every 50 ms until it holds or `ms` passed. */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  ms = 15_000,
  what = '',
): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
