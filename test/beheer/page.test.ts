import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { CLIENT, type Harness, SECRET, startHarness } from '../cli/harness.js';

/**
 * The web page of imports (issue 11 #2) in a real headless Chromium against a real server
 * process: it logs in with the keyboard, watches an import started over the API (it starts
 * nothing itself), sees it pause itself, pauses and resumes it, follows the progress to the
 * final counts, downloads the failures report, refuses a wrong secret and POSTs without the
 * session, and logs out. Screenshots are left in a temporary directory (printed), and with
 * UPDATE_DOCS_SCREENSHOT=1 also written to docs/beheer-import.png.
 */
const ROWS = 3000;
const FAILING = 20;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let h: Harness;
let browser: Browser;
let page: Page;
let artefacts: string;
let uuid = '';

before(async () => {
  await fs
    .access(CHROMIUM)
    .catch(() => assert.fail(`no Chromium at ${CHROMIUM}: apt-get install -y chromium`));
  h = await startHarness({ files: ROWS, batchSize: 10 });
  artefacts = await fs.mkdtemp(path.join(os.tmpdir(), 'zgw-beheer-e2e-'));
  browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    // As root Chromium needs --no-sandbox; /dev/shm is small in containers.
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--lang=nl-NL'],
  });
  page = await browser.newPage();
  await page.setViewport({ width: 1400, height: 1100 });
  page.setDefaultTimeout(60_000);
});
after(async () => {
  await browser?.close();
  await h?.close();
  if (artefacts) process.stdout.write(`# screenshots and downloads: ${artefacts}\n`);
});

const api = (p: string, init: RequestInit = {}) =>
  fetch(`${h.server.url}/documenten/api/v1/import${p}`, {
    ...init,
    headers: { authorization: `Bearer ${h.server.token}`, ...(init.headers ?? {}) },
  });
const text = (sel: string) => page.$eval(sel, (e) => e.textContent ?? '');
const progress = () => page.$eval('#progress', (e) => (e as HTMLProgressElement).value);
const stateIs = (label: string) =>
  page.waitForFunction((l) => document.querySelector('#state')?.textContent === l, {}, label);

async function typeLogin(secret: string): Promise<void> {
  await page.goto(`${h.server.url}/beheer/imports`);
  await page.waitForSelector('#client-id');
  // Keyboard only: focus the first field, Tab to the next, Enter submits.
  await page.focus('#client-id');
  await page.keyboard.type(CLIENT);
  await page.keyboard.press('Tab');
  await page.keyboard.type(secret);
  await page.keyboard.press('Enter');
}

describe('/beheer/imports in Chromium', () => {
  it('refuses a wrong secret: an error, no cookie, still on the login page', async () => {
    await typeLogin('niet-het-secret');
    await page.waitForSelector('#login-error:not([hidden])');
    assert.match(await text('#login-error'), /Aanmelden mislukt/);
    assert.match(page.url(), /\/beheer\/login\?terug=imports$/);
    assert.deepEqual(await page.cookies(), []);
  });

  it('logs in and lists an import started over the API', async () => {
    await typeLogin(SECRET);
    // The login page has an h1 too: wait for the page of imports itself (navigation can take a
    // while on a busy machine), then for its session line.
    await page.waitForFunction(() => location.pathname === '/beheer/imports');
    await page.waitForFunction(
      (c) => document.querySelector('#who')?.textContent?.includes(c) === true,
      {},
      CLIENT,
    );
    assert.match(await text('#who'), new RegExp(CLIENT));
    const [cookie] = await page.cookies();
    assert.equal(cookie?.httpOnly, true);
    assert.equal(cookie?.sameSite, 'Strict');
    assert.equal(await page.evaluate(() => document.cookie), '', 'the session is out of reach of scripts');

    // The first FAILING rows point at missing files: the import pauses itself after them.
    const csv = await h.writeCsv('e2e.csv', ROWS, { fail: Array.from({ length: FAILING }, (_, i) => i) });
    const created = await api('/create', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ naam: 'Archief 2019 (e2e)', pauseAfterFailures: FAILING }),
    });
    uuid = /import\/([0-9a-f-]{36})\/upload$/.exec((await created.json()).uploadUrl)![1]!;
    const up = await api(`/${uuid}/upload`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: await fs.readFile(csv),
    });
    assert.equal(up.status, 200, await up.text());

    const link = await page.waitForSelector(`a[href="imports/${uuid}"]`);
    assert.equal(await link!.evaluate((e) => e.textContent), 'Archief 2019 (e2e)');
    await page.screenshot({ path: path.join(artefacts, 'lijst-1400.png') });
    await link!.click();
    await page.waitForFunction((u) => location.pathname.endsWith(u), {}, uuid);
  });

  it('shows the import pausing itself, with its comment, and the failure reasons', async () => {
    await stateIs('Gepauzeerd (na mislukte rijen)');
    await page.waitForSelector('#comment:not([hidden])');
    assert.match(await text('#comment-text'), /de eerste \d+ rijen zijn alle mislukt/);
    await page.waitForSelector('#failures:not([hidden]) tbody tr');
    assert.match(await text('#failures tbody'), /ontbreekt-0\.txt/);
    assert.equal(await page.$eval('#resume', (e) => (e as HTMLElement).hidden), false);
    assert.equal(await page.$eval('#pause', (e) => (e as HTMLElement).hidden), true);
  });

  it('resumes, pauses and resumes it from the page; the progress moves to the final counts', async () => {
    await page.click('#resume');
    await page.waitForSelector('#pause:not([hidden])');
    await page.click('#pause');
    await stateIs('Gepauzeerd (door een beheerder)');
    const status = await (await api(`/${uuid}/status`)).json();
    assert.equal(status.paused, true);
    assert.equal(status.pauseReason, 'user');
    // Paused at a batch boundary: it stays where it is.
    await new Promise((r) => setTimeout(r, 1500));
    const held = await progress();
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(await progress(), held);
    assert.ok(held < ROWS);

    await page.keyboard.press('Tab'); // keyboard: focus moves on; the buttons are native buttons
    await page.focus('#resume');
    await page.keyboard.press('Enter');
    const seen = new Set<number>();
    for (let i = 0; i < 1200 && (await text('#state')) !== 'Voltooid'; i++) {
      seen.add(await progress());
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(await text('#state'), 'Voltooid');
    const between = [...seen].filter((v) => v > held && v < ROWS);
    assert.ok(between.length >= 1, `the bar moved through ${[...seen].join(', ')}`);
    const final = await (await api(`/${uuid}/status`)).json();
    const nl = (n: number) => n.toLocaleString('nl-NL');
    assert.equal(await text('#c-ok'), nl(final.processedSuccessfully));
    assert.equal(await text('#c-failed'), nl(FAILING));
    assert.equal(final.processedSuccessfully, ROWS - FAILING);
    assert.equal(await progress(), ROWS);
    const points = await page.$eval('#line-rps', (e) => (e.getAttribute('points') ?? '').split(' ').length);
    assert.ok(points >= 2, 'the throughput chart has a line');

    await page.screenshot({ path: path.join(artefacts, 'import-1400.png'), fullPage: true });
    if (process.env.UPDATE_DOCS_SCREENSHOT) {
      await fs.mkdir('docs', { recursive: true });
      await page.screenshot({ path: 'docs/beheer-import.png', fullPage: true });
    }
  });

  it('downloads the failures-only report', async () => {
    const downloads = path.join(artefacts, 'downloads');
    await fs.mkdir(downloads);
    const cdp = await page.createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
    await page.click('#report-failures');
    const file = path.join(downloads, `failures-${uuid}.csv`);
    for (let i = 0; i < 300 && !(await fs.stat(file).catch(() => undefined)); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const lines = (await fs.readFile(file, 'utf8')).trimEnd().split('\r\n');
    assert.equal(lines.length, FAILING + 1);
    assert.ok(lines.slice(1).every((l) => /ontbreekt-\d+\.txt/.test(l) && l.endsWith('Niet geïmporteerd')));
  });

  it('is readable at a phone width: no sideways scrolling', async () => {
    await page.setViewport({ width: 390, height: 844 });
    await page.reload();
    await stateIs('Voltooid');
    await page.waitForSelector('#failures:not([hidden]) tbody tr');
    assert.equal(await page.$eval('#no-failures', (e) => (e as HTMLElement).hidden), true);
    assert.match(await text('#c-rps'), /gemiddeld/);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390));
    await page.screenshot({ path: path.join(artefacts, 'import-390.png'), fullPage: true });
    await page.setViewport({ width: 1400, height: 1100 });
  });

  it("refuses the page's POSTs without the session or its CSRF token", async () => {
    const target = `${h.server.url}/beheer/api/imports/${uuid}/pause`;
    const none = await fetch(target, { method: 'POST' });
    assert.equal(none.status, 401);
    const [cookie] = await page.cookies();
    const noToken = await fetch(target, {
      method: 'POST',
      headers: { cookie: `${cookie!.name}=${cookie!.value}` },
    });
    assert.equal(noToken.status, 403);
    // The page's own origin, with the cookie, but without the token its script sends.
    const inPage = await page.evaluate(async (u) => (await fetch(u, { method: 'POST' })).status, target);
    assert.equal(inPage, 403);
  });

  it('logs out: back to the login page, and the old cookie no longer works', async () => {
    const [cookie] = await page.cookies();
    await page.click('#logout');
    await page.waitForSelector('#client-id');
    const old = await fetch(`${h.server.url}/beheer/api/session`, {
      headers: { cookie: `${cookie!.name}=${cookie!.value}` },
    });
    assert.equal(old.status, 401);
  });
});
