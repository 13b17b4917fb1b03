import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { catalogusBody, iotBody, zaaktypeBody } from '../catalogi/fixtures.js';
import { b64, eioBody } from '../documenten/fixtures.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { CRS, RSIN } from '../zaken/fixtures.js';
import type { OpenApiDoc } from './compare.js';
import { COMPONENTS, type ComponentName } from './standards.js';

/**
 * Real responses (inject, real PostgreSQL) checked against the server's own OpenAPI
 * documents, so document and behaviour cannot drift apart: the status is documented for
 * the operation, every documented header is sent, the media type is documented and the
 * body validates against the documented schema (ajv, OpenAPI 3.0 `nullable` included).
 */
type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
interface ResponseDoc {
  headers?: Record<string, unknown>;
  content?: Record<string, { schema: unknown }>;
}

let t: TestApp;
const docs = new Map<ComponentName, OpenApiDoc>();
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats.default(ajv);
const validators = new Map<string, ValidateFunction>();
const checked: string[] = [];

before(async () => {
  t = await createTestApp();
  for (const component of COMPONENTS) {
    const doc = (await t.request({ method: 'GET', url: `/${component}/api/v1/schema/openapi.json` })).json();
    docs.set(component, doc);
    ajv.addSchema(doc, `${component}.json`);
  }
});
after(() => t.close());

const pointer = (...parts: string[]) =>
  parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
const ROOT = /^\/(documenten|catalogi|zaken|autorisaties)\/api\/v1/;
const local = (url: string) => url.replace('http://testserver', '');

/** Sends a request and checks its response against the operation `method template`. */
async function call(
  method: Method,
  template: string,
  opts: Omit<InjectOptions, 'method'> & { url: string; expect?: number },
): Promise<LightMyRequestResponse> {
  const { expect, ...request } = opts;
  const res = await t.request({ ...request, method });
  if (expect !== undefined) assert.equal(res.statusCode, expect, `${method} ${opts.url}: ${res.body}`);
  const component = ROOT.exec(template)?.[1] as ComponentName;
  const doc = docs.get(component) as OpenApiDoc;
  const path = template.replace(ROOT, '');
  const operation = doc.paths[path]?.[method.toLowerCase()] as
    | { responses: Record<string, ResponseDoc> }
    | undefined;
  const label = `${method} ${template} → ${res.statusCode}`;
  assert.ok(operation, `${method} ${path} is not in the ${component} document`);
  const documented = operation.responses[String(res.statusCode)];
  assert.ok(documented, `${label}: status not documented (${Object.keys(operation.responses)}): ${res.body}`);
  for (const header of Object.keys(documented.headers ?? {})) {
    assert.ok(
      res.headers[header.toLowerCase()] !== undefined,
      `${label}: header ${header} documented, not sent`,
    );
  }
  const content = documented.content ?? {};
  if (method === 'HEAD' || Object.keys(content).length === 0) {
    assert.equal(res.body, '', `${label}: a body where none is documented`);
  } else {
    const mediaType = String(res.headers['content-type']).split(';')[0]?.trim() ?? '';
    assert.ok(content[mediaType], `${label}: ${mediaType} not documented (${Object.keys(content)})`);
    if (mediaType.endsWith('json')) {
      const ref = `${component}.json#/${pointer('paths', path, method.toLowerCase(), 'responses', String(res.statusCode), 'content', mediaType, 'schema')}`;
      const validate = validators.get(ref) ?? ajv.compile({ $ref: ref });
      validators.set(ref, validate);
      assert.ok(
        validate(res.json()),
        `${label}: ${ajv.errorsText(validate.errors)}\n${res.body.slice(0, 2000)}`,
      );
    }
  }
  checked.push(`${method} ${path} ${res.statusCode}`);
  return res;
}

const C = '/catalogi/api/v1';
const D = '/documenten/api/v1';
const Z = '/zaken/api/v1';
const A = '/autorisaties/api/v1';
const MISSING = '6f0b8e2e-0000-4000-8000-000000000001';

describe('responses agree with the served OpenAPI documents', () => {
  let catalogus: string;
  let iot: string;
  let zaaktype: string;
  let eio: string;
  let zaak: string;

  it('Catalogi: catalogussen, informatieobjecttypen, zaaktypen', async () => {
    catalogus = (
      await call('POST', `${C}/catalogussen`, { url: `${C}/catalogussen`, payload: catalogusBody() })
    ).json().url;
    await call('GET', `${C}/catalogussen`, { url: `${C}/catalogussen?domein=TEST` });
    const one = await call('GET', `${C}/catalogussen/{uuid}`, { url: local(catalogus) });
    await call('HEAD', `${C}/catalogussen/{uuid}`, { url: local(catalogus) });
    const etag = String(one.headers.etag);
    await call('GET', `${C}/catalogussen/{uuid}`, {
      url: local(catalogus),
      headers: { 'if-none-match': etag },
    });
    await call('POST', `${C}/catalogussen`, { url: `${C}/catalogussen`, payload: {} });
    await call('GET', `${C}/catalogussen/{uuid}`, { url: `${C}/catalogussen/${MISSING}` });

    const made = await call('POST', `${C}/informatieobjecttypen`, {
      url: `${C}/informatieobjecttypen`,
      payload: iotBody(catalogus, {
        omschrijvingGeneriek: {
          informatieobjecttypeOmschrijvingGeneriek: 'brief',
          definitieInformatieobjecttypeOmschrijvingGeneriek: 'een brief',
          herkomstInformatieobjecttypeOmschrijvingGeneriek: 'test',
          hierarchieInformatieobjecttypeOmschrijvingGeneriek: 'top',
        },
      }),
    });
    iot = made.json().url;
    await call('PATCH', `${C}/informatieobjecttypen/{uuid}`, {
      url: local(iot),
      payload: { trefwoord: ['a'] },
    });
    await call('POST', `${C}/informatieobjecttypen/{uuid}/publish`, { url: `${local(iot)}/publish` });
    await call('GET', `${C}/informatieobjecttypen`, { url: `${C}/informatieobjecttypen?status=alles` });
    await call('GET', `${C}/informatieobjecttypen/{uuid}`, { url: local(iot) });
    const concept = (
      await call('POST', `${C}/informatieobjecttypen`, {
        url: `${C}/informatieobjecttypen`,
        payload: iotBody(catalogus),
      })
    ).json().url;
    await call('PUT', `${C}/informatieobjecttypen/{uuid}`, {
      url: local(concept),
      payload: iotBody(catalogus),
    });
    await call('DELETE', `${C}/informatieobjecttypen/{uuid}`, { url: local(concept) });
    await call('DELETE', `${C}/informatieobjecttypen/{uuid}`, { url: local(iot) });

    zaaktype = (
      await call('POST', `${C}/zaaktypen`, {
        url: `${C}/zaaktypen`,
        payload: zaaktypeBody(catalogus, { informatieobjecttypen: [iot] }),
      })
    ).json().url;
    await call('POST', `${C}/zaaktypen/{uuid}/publish`, { url: `${local(zaaktype)}/publish` });
    await call('GET', `${C}/zaaktypen`, { url: `${C}/zaaktypen` });
    await call('GET', `${C}/zaaktypen/{uuid}`, { url: local(zaaktype) });
  });

  it('Documenten: create, list, retrieve, download, lock, update, unlock, _zoek, delete', async () => {
    const created = await call('POST', `${D}/enkelvoudiginformatieobjecten`, {
      url: `${D}/enkelvoudiginformatieobjecten`,
      payload: eioBody(iot, {
        inhoud: b64('hallo'),
        bestandsnaam: 'hallo.txt',
        trefwoorden: ['brief'],
        ondertekening: { soort: 'digitaal', datum: '2024-01-02' },
        integriteit: { algoritme: 'sha_256', waarde: 'abc', datum: '2024-01-02' },
      }),
    });
    eio = created.json().url;
    const E = `${D}/enkelvoudiginformatieobjecten/{uuid}`;
    await call('GET', `${D}/enkelvoudiginformatieobjecten`, { url: `${D}/enkelvoudiginformatieobjecten` });
    await call('GET', `${D}/enkelvoudiginformatieobjecten`, {
      url: `${D}/enkelvoudiginformatieobjecten?expand=informatieobjecttype&trefwoorden=brief`,
    });
    const one = await call('GET', E, { url: `${local(eio)}?expand=informatieobjecttype` });
    await call('HEAD', E, { url: local(eio) });
    await call('GET', E, { url: local(eio), headers: { 'if-none-match': String(one.headers.etag) } });
    await call('GET', `${E}/download`, { url: `${local(eio)}/download` });
    const lock = (await call('POST', `${E}/lock`, { url: `${local(eio)}/lock` })).json().lock;
    await call('POST', `${E}/lock`, { url: `${local(eio)}/lock` });
    await call('PATCH', E, { url: local(eio), payload: { titel: 'nieuw', lock } });
    await call('PUT', E, { url: local(eio), payload: eioBody(iot, { lock, link: 'https://example.com/x' }) });
    await call('POST', `${E}/unlock`, { url: `${local(eio)}/unlock`, payload: { lock } });
    await call('POST', `${D}/enkelvoudiginformatieobjecten/_zoek`, {
      url: `${D}/enkelvoudiginformatieobjecten/_zoek`,
      payload: { uuid__in: [eio.split('/').pop()] },
    });
    await call('POST', `${D}/enkelvoudiginformatieobjecten/_zoek`, {
      url: `${D}/enkelvoudiginformatieobjecten/_zoek`,
      payload: {},
    });
    await call('POST', `${D}/enkelvoudiginformatieobjecten`, {
      url: `${D}/enkelvoudiginformatieobjecten`,
      payload: eioBody(iot, { titel: '' }),
    });
    await call('POST', `${D}/enkelvoudiginformatieobjecten`, {
      url: `${D}/enkelvoudiginformatieobjecten`,
      payload: '{"titel": ',
      headers: { 'content-type': 'application/json' },
    });
    const empty = (
      await call('POST', `${D}/enkelvoudiginformatieobjecten`, {
        url: `${D}/enkelvoudiginformatieobjecten`,
        payload: eioBody(iot),
      })
    ).json().url;
    await call('GET', `${E}/download`, { url: `${local(empty)}/download` });
    await call('DELETE', E, { url: local(empty) });
    await call('GET', E, { url: local(empty) });
    const AT = `${D}/enkelvoudiginformatieobjecten/{enkelvoudiginformatieobject_uuid}/audittrail`;
    const trail = await call('GET', AT, { url: `${local(eio)}/audittrail`, expect: 200 });
    const rec = `${AT}/{uuid}`;
    await call('GET', rec, { url: `${local(eio)}/audittrail/${trail.json()[0].uuid}`, expect: 200 });
    await call('GET', rec, { url: `${local(eio)}/audittrail/${MISSING}`, expect: 404 });
    await call('GET', AT, { url: `${local(empty)}/audittrail`, expect: 200 });
    const reader = await t.tokenWith([{ component: 'drc', scopes: ['documenten.lezen'] }]);
    await call('DELETE', E, { url: local(eio), headers: { authorization: `Bearer ${reader}` } });
  });

  it('Documenten: gebruiksrechten and verzendingen', async () => {
    const doc = (
      await call('POST', `${D}/enkelvoudiginformatieobjecten`, {
        url: `${D}/enkelvoudiginformatieobjecten`,
        payload: eioBody(iot),
        expect: 201,
      })
    ).json().url;
    const G = `${D}/gebruiksrechten`;
    const gr = (
      await call('POST', G, {
        url: G,
        payload: { informatieobject: doc, startdatum: '2024-01-01T00:00:00Z', omschrijvingVoorwaarden: 'v' },
        expect: 201,
      })
    ).json().url;
    await call('POST', G, { url: G, payload: { informatieobject: doc }, expect: 400 });
    await call('GET', G, { url: `${G}?informatieobject=${encodeURIComponent(doc)}`, expect: 200 });
    await call('GET', G, { url: `${G}?expand=informatieobject`, expect: 200 });
    const one = await call('GET', `${G}/{uuid}`, { url: local(gr), expect: 200 });
    await call('GET', `${G}/{uuid}`, { url: `${local(gr)}?expand=informatieobject`, expect: 200 });
    await call('GET', `${G}/{uuid}`, {
      url: local(gr),
      headers: { 'if-none-match': String(one.headers.etag) },
    });
    await call('HEAD', `${G}/{uuid}`, { url: local(gr), expect: 200 });
    await call('PUT', `${G}/{uuid}`, {
      url: local(gr),
      payload: { informatieobject: doc, startdatum: '2024-01-02T00:00:00Z', omschrijvingVoorwaarden: 'w' },
      expect: 200,
    });
    await call('PATCH', `${G}/{uuid}`, { url: local(gr), payload: { einddatum: null }, expect: 200 });
    await call('DELETE', `${G}/{uuid}`, { url: local(gr), expect: 204 });
    await call('GET', `${G}/{uuid}`, { url: local(gr), expect: 404 });

    const V = `${D}/verzendingen`;
    const body = {
      betrokkene: 'https://klanten.example/1',
      informatieobject: doc,
      aardRelatie: 'afzender',
      contactPersoon: 'https://medewerkers.example/1',
      correspondentiePostadres: {
        postBusOfAntwoordnummer: 1,
        postadresPostcode: '1000AA',
        postadresType: 'antwoordnummer',
        woonplaatsnaam: 'Utrecht',
      },
    };
    const vz = (await call('POST', V, { url: V, payload: body, expect: 201 })).json().url;
    await call('POST', V, { url: V, payload: { ...body, emailadres: 'a@example.nl' }, expect: 400 });
    await call('GET', V, { url: `${V}?aardRelatie=afzender&expand=informatieobject`, expect: 200 });
    const v1 = await call('GET', `${V}/{uuid}`, { url: local(vz), expect: 200 });
    await call('GET', `${V}/{uuid}`, {
      url: local(vz),
      headers: { 'if-none-match': String(v1.headers.etag) },
    });
    await call('HEAD', `${V}/{uuid}`, { url: local(vz), expect: 200 });
    await call('PUT', `${V}/{uuid}`, { url: local(vz), payload: { ...body, toelichting: 't' }, expect: 200 });
    await call('PATCH', `${V}/{uuid}`, { url: local(vz), payload: { toelichting: 'u' }, expect: 200 });
    await call('DELETE', `${V}/{uuid}`, { url: local(vz), expect: 204 });
    await call('GET', `${V}/{uuid}`, { url: local(vz), expect: 404 });
  });

  it('Zaken: zaken and zaakinformatieobjecten, with the Documenten mirror', async () => {
    zaak = (
      await call('POST', `${Z}/zaken`, {
        url: `${Z}/zaken`,
        headers: CRS,
        payload: {
          bronorganisatie: RSIN,
          verantwoordelijkeOrganisatie: RSIN,
          startdatum: '2024-02-01',
          zaaktype,
          kenmerken: [{ kenmerk: 'k', bron: 'b' }],
        },
        expect: 201,
      })
    ).json().url;
    await call('GET', `${Z}/zaken`, { url: `${Z}/zaken`, headers: CRS });
    await call('GET', `${Z}/zaken`, { url: `${Z}/zaken` });
    await call('GET', `${Z}/zaken/{uuid}`, { url: local(zaak), headers: CRS });
    await call('PATCH', `${Z}/zaken/{uuid}`, {
      url: local(zaak),
      headers: CRS,
      payload: { omschrijving: 'x' },
    });
    const zio = (
      await call('POST', `${Z}/zaakinformatieobjecten`, {
        url: `${Z}/zaakinformatieobjecten`,
        payload: { zaak, informatieobject: eio, titel: 'bijlage' },
      })
    ).json().url;
    await call('GET', `${Z}/zaakinformatieobjecten`, { url: `${Z}/zaakinformatieobjecten?zaak=${zaak}` });
    await call('GET', `${Z}/zaakinformatieobjecten/{uuid}`, { url: local(zio) });
    await call('PATCH', `${Z}/zaakinformatieobjecten/{uuid}`, { url: local(zio), payload: { titel: 'b' } });
    const oios = await call('GET', `${D}/objectinformatieobjecten`, {
      url: `${D}/objectinformatieobjecten?informatieobject=${eio}`,
    });
    assert.equal(oios.json().length, 1, oios.body);
    await call('GET', `${D}/objectinformatieobjecten/{uuid}`, { url: local(oios.json()[0].url) });
    await call('DELETE', `${Z}/zaakinformatieobjecten/{uuid}`, { url: local(zio) });
    await call('DELETE', `${Z}/zaken/{uuid}`, { url: local(zaak) });
  });

  it('Autorisaties: applicaties', async () => {
    const made = await call('POST', `${A}/applicaties`, {
      url: `${A}/applicaties`,
      payload: {
        clientIds: ['responses-test'],
        label: 'Test',
        autorisaties: [
          {
            component: 'drc',
            scopes: ['documenten.lezen'],
            informatieobjecttype: iot,
            maxVertrouwelijkheidaanduiding: 'openbaar',
          },
          { component: 'ztc', scopes: ['catalogi.lezen'] },
        ],
      },
    });
    const url = made.json().url;
    await call('GET', `${A}/applicaties`, { url: `${A}/applicaties?clientIds=responses-test` });
    await call('GET', `${A}/applicaties/consumer`, {
      url: `${A}/applicaties/consumer?clientId=responses-test`,
    });
    await call('GET', `${A}/applicaties/{uuid}`, { url: local(url) });
    await call('PATCH', `${A}/applicaties/{uuid}`, { url: local(url), payload: { label: 'Test 2' } });
    await call('DELETE', `${A}/applicaties/{uuid}`, { url: local(url) });
    await call('GET', `${A}/applicaties/{uuid}`, { url: local(url) });
  });

  it('Import: create, status, list', async () => {
    const urls = (await call('POST', `${D}/import/create`, { url: `${D}/import/create` })).json();
    await call('GET', `${D}/import/{uuid}/status`, { url: local(urls.statusUrl) });
    await call('GET', `${D}/import/{uuid}/audittrail`, {
      url: local(urls.statusUrl).replace(/status$/, 'audittrail'),
      expect: 200,
    });
    await call('GET', `${D}/import`, { url: `${D}/import` });
    await call('DELETE', `${D}/import/{uuid}/delete`, {
      url: local(urls.statusUrl).replace(/status$/, 'delete'),
    });
  });

  it('checked the samples above', () => {
    assert.ok(checked.length >= 60, `${checked.length} responses checked`);
  });
});
