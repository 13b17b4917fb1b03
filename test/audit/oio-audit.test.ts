import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createEio, EIO, eioBody, insertIot, uuidOf } from '../documenten/fixtures.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

/**
 * Object links made and removed through the API are audited on their document (issue 13 #3):
 * resource objectinformatieobject, hoofdObject the document. A remote Zaken API in this
 * process holds the zaak and, while `related`, its ZaakInformatieObject.
 */
const OIO = '/documenten/api/v1/objectinformatieobjecten';

describe('audit trail of objectinformatieobjecten', () => {
  let t: TestApp;
  let server: http.Server;
  let zaak: string;
  let related = true;
  before(async () => {
    server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      res.setHeader('content-type', 'application/json');
      if (url.pathname.endsWith('/zaakinformatieobjecten'))
        return res.end(JSON.stringify(related ? [{ url: `${zaak}/zio` }] : []));
      if (url.pathname.startsWith('/zaken/api/v1/zaken/'))
        return res.end(
          JSON.stringify({
            url: zaak,
            bronorganisatie: '159351741',
            zaaktype: 'http://elders/zaaktypen/1',
            verantwoordelijkeOrganisatie: '159351741',
            startdatum: '2024-01-01',
          }),
        );
      res.statusCode = 404;
      res.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    zaak = `${origin}/zaken/api/v1/zaken/${randomUUID()}`;
    t = await createTestApp({
      env: {
        ZGW_SERVICES: JSON.stringify([
          { apiRoot: `${origin}/zaken/api/v1/`, clientId: 'drc', secret: 'zaken-geheim' },
        ]),
      },
    });
  });
  after(async () => {
    await t.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('records the create and the delete of a link, with the link as resource', async () => {
    const iot = (await insertIot(t)).url;
    const doc = (await createEio(t, eioBody(iot))).json().url as string;
    const made = await t.request({
      method: 'POST',
      url: OIO,
      payload: { informatieobject: doc, object: zaak, objectType: 'zaak' },
      headers: { 'x-audit-toelichting': 'koppeling' },
    });
    assert.equal(made.statusCode, 201, made.body);
    const link = made.json().url as string;
    related = false;
    const del = await t.request({ method: 'DELETE', url: link.replace('http://testserver', '') });
    assert.equal(del.statusCode, 204, del.body);
    const res = await t.request({ method: 'GET', url: `${EIO}/${uuidOf(doc)}/audittrail` });
    assert.equal(res.statusCode, 200, res.body);
    const recs = res.json() as {
      actie: string;
      resultaat: number;
      resource: string;
      resourceUrl: string;
      hoofdObject: string;
      toelichting: string;
      wijzigingen: { oud: Record<string, unknown> | null; nieuw: Record<string, unknown> | null };
    }[];
    assert.deepEqual(
      recs.map((r) => [r.actie, r.resource, r.resultaat]),
      [
        ['create', 'enkelvoudiginformatieobject', 201],
        ['create', 'objectinformatieobject', 201],
        ['destroy', 'objectinformatieobject', 204],
      ],
    );
    const [, created, destroyed] = recs;
    assert.equal(created?.hoofdObject, doc);
    assert.equal(created?.resourceUrl, link);
    assert.equal(created?.toelichting, 'koppeling');
    assert.deepEqual(created?.wijzigingen, {
      oud: null,
      nieuw: { url: link, informatieobject: doc, object: zaak, objectType: 'zaak' },
    });
    assert.equal(destroyed?.wijzigingen.oud?.url, link);
    assert.equal(destroyed?.wijzigingen.nieuw, null);
  });
});
