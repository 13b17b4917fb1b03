import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { jwtVerify } from 'jose';
import { uuidOf } from './fixtures.js';

export const CLIENT_ID = 'documenten-server';
export const SECRET = 'zaken-remote-secret';

/**
 * A real HTTP server in the test process standing in for a remote Zaken API and Besluiten
 * API: it answers only requests with a valid ZGW JWT of the configured service.
 */
export interface RemoteApi {
  origin: string;
  zakenRoot: string;
  besluitenRoot: string;
  /** path → response; a path not here answers 404. */
  resources: Map<string, { status: number; body: string; headers?: Record<string, string> }>;
  /** `${objectType}|${informatieobject}|${object}` of the relations the remote holds. */
  relations: Set<string>;
  requests: { path: string; authorised: boolean }[];
  close(): Promise<void>;
}

export async function startRemote(opts: { secret: string }): Promise<RemoteApi> {
  const resources: RemoteApi['resources'] = new Map();
  const relations = new Set<string>();
  const requests: RemoteApi['requests'] = [];
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const token = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
    const authorised = await jwtVerify(token, new TextEncoder().encode(opts.secret)).then(
      (v) => v.payload.client_id === CLIENT_ID,
      () => false,
    );
    requests.push({ path: url.pathname, authorised });
    if (!authorised) {
      res.writeHead(403, { 'content-type': 'application/problem+json' }).end('{"code":"permission_denied"}');
      return;
    }
    const m = /\/(zaak|besluit)informatieobjecten$/.exec(url.pathname);
    if (m) {
      const type = m[1] as string;
      const key = `${type}|${url.searchParams.get('informatieobject')}|${url.searchParams.get(type)}`;
      const list = relations.has(key) ? [{ url: `${origin}/rel/${randomUUID()}` }] : [];
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(list));
      return;
    }
    const r = resources.get(url.pathname);
    if (!r) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"detail":"Niet gevonden."}');
      return;
    }
    res.writeHead(r.status, { 'content-type': 'application/json', ...r.headers }).end(r.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    zakenRoot: `${origin}/zaken/api/v1/`,
    besluitenRoot: `${origin}/besluiten/api/v1/`,
    resources,
    relations,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function remoteZaak(remote: RemoteApi): string {
  const path = `/zaken/api/v1/zaken/${randomUUID()}`;
  const url = `${remote.origin}${path}`;
  remote.resources.set(path, {
    status: 200,
    body: JSON.stringify({
      url,
      uuid: uuidOf(url),
      bronorganisatie: '159351741',
      zaaktype: `${remote.origin}/catalogi/api/v1/zaaktypen/${randomUUID()}`,
      verantwoordelijkeOrganisatie: '159351741',
      startdatum: '2024-01-01',
    }),
  });
  return url;
}

export function remoteBesluit(remote: RemoteApi): string {
  const path = `/besluiten/api/v1/besluiten/${randomUUID()}`;
  const url = `${remote.origin}${path}`;
  remote.resources.set(path, {
    status: 200,
    body: JSON.stringify({
      url,
      verantwoordelijkeOrganisatie: '159351741',
      besluittype: `${remote.origin}/catalogi/api/v1/besluittypen/${randomUUID()}`,
      datum: '2024-01-01',
      ingangsdatum: '2024-01-02',
    }),
  });
  return url;
}
