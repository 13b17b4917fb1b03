import { randomUUID } from 'node:crypto';
import type { TestApp } from '../helpers/app.js';

/** Request bodies of the Catalogi API used by several test files. */
export const catalogusBody = (over: Record<string, unknown> = {}) => ({
  domein: 'TEST',
  rsin: '159351741',
  contactpersoonBeheerNaam: 'Beheerder',
  naam: 'Testcatalogus',
  ...over,
});

export const iotBody = (catalogus: string, over: Record<string, unknown> = {}) => ({
  catalogus,
  omschrijving: `Brief ${randomUUID().slice(0, 8)}`,
  vertrouwelijkheidaanduiding: 'openbaar',
  beginGeldigheid: '2024-01-01',
  informatieobjectcategorie: 'brief',
  ...over,
});

export const zaaktypeBody = (catalogus: string, over: Record<string, unknown> = {}) => ({
  identificatie: `ZT-${randomUUID().slice(0, 8)}`,
  omschrijving: 'Vergunning',
  vertrouwelijkheidaanduiding: 'zaakvertrouwelijk',
  doel: 'doel',
  aanleiding: 'aanleiding',
  indicatieInternOfExtern: 'extern',
  handelingInitiator: 'aanvragen',
  onderwerp: 'vergunning',
  handelingBehandelaar: 'behandelen',
  doorlooptijd: 'P30D',
  opschortingEnAanhoudingMogelijk: false,
  verlengingMogelijk: false,
  publicatieIndicatie: false,
  productenOfDiensten: ['https://example.com/product/1'],
  referentieproces: { naam: 'proces' },
  catalogus,
  beginGeldigheid: '2024-01-01',
  versiedatum: '2024-01-01',
  ...over,
});

const C = '/catalogi/api/v1';

export async function createCatalogus(t: TestApp, over: Record<string, unknown> = {}): Promise<string> {
  const res = await t.request({ method: 'POST', url: `${C}/catalogussen`, payload: catalogusBody(over) });
  if (res.statusCode !== 201) throw new Error(`catalogus: ${res.statusCode} ${res.body}`);
  return res.json().url;
}

export async function createIot(
  t: TestApp,
  catalogus: string,
  opts: { publish?: boolean; over?: Record<string, unknown> } = {},
): Promise<string> {
  const res = await t.request({
    method: 'POST',
    url: `${C}/informatieobjecttypen`,
    payload: iotBody(catalogus, opts.over),
  });
  if (res.statusCode !== 201) throw new Error(`iot: ${res.statusCode} ${res.body}`);
  const url: string = res.json().url;
  if (opts.publish)
    await t.request({ method: 'POST', url: `${url.replace('http://testserver', '')}/publish` });
  return url;
}
