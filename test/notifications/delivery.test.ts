import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { startDelivery } from '../../src/notifications/delivery.js';
import { b64, createEio, EIO, eioBody, insertIot, uuidOf } from '../documenten/fixtures.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import {
  csvOf,
  importCsv,
  insertFixtures,
  startRunner,
  validRow,
  writeSource,
} from '../imports/engine/fixtures.js';
import { eventually, type Receiver, startReceiver } from './receiver.js';

/**
 * Notifications (issue 13 #4) against a real Notificaties API in this process: written to the
 * outbox in the change's transaction, delivered by the background task with retries while the
 * receiver is down, exactly once after it comes back; none for a rolled-back change or an import.
 */
const CLIENT = 'documenten-server';
const SECRET = 'notificaties-geheim-1234';

describe('notifications on kanaal documenten and autorisaties', () => {
  let receiver: Receiver;
  let t: TestApp;
  let delivery: ReturnType<typeof startDelivery>;
  let iot: string;
  before(async () => {
    receiver = await startReceiver(CLIENT, SECRET);
    t = await createTestApp({
      env: {
        NOTIFICATIONS_URL: receiver.url,
        NOTIFICATIONS_CLIENT_ID: CLIENT,
        NOTIFICATIONS_SECRET: SECRET,
        NOTIFICATIONS_RETRY_MAX_SECONDS: '1',
        NOTIFICATIONS_TIMEOUT_MS: '2000',
      },
    });
    iot = (await insertIot(t)).url;
    delivery = startDelivery(t.deps, pino({ level: 'silent' }));
  });
  after(async () => {
    await delivery.stop();
    await t.close();
    await receiver.close();
  });

  const about = (url: string) => receiver.received.filter((n) => n.resourceUrl === url);
  const pending = async () =>
    (
      await t.db.pool.query<{ n: number }>(
        'select count(*)::int as n from notification_outbox where delivered_at is null',
      )
    ).rows[0]?.n ?? -1;

  it('registers the kanaal and posts a create with the standard’s body and a valid JWT', async () => {
    const res = await createEio(t, eioBody(iot, { inhoud: b64('x'), vertrouwelijkheidaanduiding: 'intern' }));
    assert.equal(res.statusCode, 201, res.body);
    const url = res.json().url as string;
    await eventually(() => about(url).length === 1, 15_000, 'the create notification');
    const [n] = about(url);
    assert.deepEqual(
      { ...n, aanmaakdatum: undefined },
      {
        kanaal: 'documenten',
        hoofdObject: url,
        resource: 'enkelvoudiginformatieobject',
        resourceUrl: url,
        actie: 'create',
        aanmaakdatum: undefined,
        kenmerken: {
          bronorganisatie: '159351741',
          informatieobjecttype: iot,
          vertrouwelijkheidaanduiding: 'intern',
        },
      },
    );
    assert.match(n?.aanmaakdatum ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.deepEqual(
      receiver.kanalen.map((k) => [k.naam, k.filters]),
      [['documenten', ['bronorganisatie', 'informatieobjecttype', 'vertrouwelijkheidaanduiding']]],
    );
    assert.deepEqual(receiver.badTokens, []);
  });

  it('keeps a notification while the receiver refuses connections and delivers it once after', async () => {
    await receiver.down();
    const res = await createEio(t, eioBody(iot));
    assert.equal(res.statusCode, 201, res.body);
    const url = res.json().url as string;
    await eventually(
      async () =>
        ((
          await t.db.pool.query<{ attempts: number }>(
            `select attempts from notification_outbox where message->>'resourceUrl' = $1`,
            [url],
          )
        ).rows[0]?.attempts ?? 0) >= 2,
      15_000,
      'two failed attempts',
    );
    const failed = await t.db.pool.query<{ last_error: string; delivered_at: Date | null }>(
      `select last_error, delivered_at from notification_outbox where message->>'resourceUrl' = $1`,
      [url],
    );
    assert.match(failed.rows[0]?.last_error ?? '', /ECONNREFUSED/);
    assert.equal(failed.rows[0]?.delivered_at, null);
    assert.equal(about(url).length, 0);
    await receiver.up();
    await eventually(() => about(url).length === 1, 15_000, 'delivery after the receiver came back');
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(about(url).length, 1, 'exactly once');
    assert.equal(await pending(), 0);
  });

  it('retries a receiver answering 500 and delivers exactly once when it recovers', async () => {
    const created = await createEio(t, eioBody(iot));
    const url = created.json().url as string;
    await eventually(() => about(url).length === 1, 15_000, 'the create');
    receiver.mode = 'fail';
    const before = receiver.attempts;
    const lock = (
      await t.request({ method: 'POST', url: `${url.replace('http://testserver', '')}/lock` })
    ).json().lock as string;
    const patch = await t.request({
      method: 'PATCH',
      url: `${EIO}/${uuidOf(url)}`,
      payload: { titel: 'nieuw', lock },
    });
    assert.equal(patch.statusCode, 200, patch.body);
    await eventually(() => receiver.attempts >= before + 2, 15_000, 'two 500 answers');
    assert.deepEqual(
      about(url).map((n) => n.actie),
      ['create'],
    );
    receiver.mode = 'ok';
    await eventually(() => about(url).length === 2, 15_000, 'the partial_update after recovery');
    await new Promise((r) => setTimeout(r, 1500));
    // lock sends none (`enkelvoudiginformatieobject_lock`/`_unlock`); the update is delivered once
    assert.deepEqual(
      about(url).map((n) => n.actie),
      ['create', 'partial_update'],
    );
  });

  it('sends destroy, and nothing for a change that rolled back', async () => {
    const created = await createEio(t, eioBody(iot));
    const url = created.json().url as string;
    const del = await t.request({ method: 'DELETE', url: `${EIO}/${uuidOf(url)}` });
    assert.equal(del.statusCode, 204, del.body);
    await eventually(() => about(url).some((n) => n.actie === 'destroy'), 15_000, 'the destroy');

    // A fault after the outbox insert, inside the change's transaction: all of it rolls back.
    await t.db.pool.query(`
      create function fail_outbox() returns trigger language plpgsql as $$
      begin
        if exists (select 1 from documents where identificatie = 'ROLLBACK-N') then
          raise exception 'forced rollback';
        end if;
        return new;
      end $$;
      create trigger fail_outbox after insert on notification_outbox for each row execute function fail_outbox();`);
    const rows = async () =>
      (await t.db.pool.query<{ n: number }>('select count(*)::int as n from notification_outbox')).rows[0]?.n;
    const before = await rows();
    const receivedBefore = receiver.received.length;
    const res = await createEio(t, eioBody(iot, { identificatie: 'ROLLBACK-N' }));
    assert.ok(res.statusCode >= 500, res.body);
    await t.db.pool.query('drop trigger fail_outbox on notification_outbox');
    const doc = await t.db.pool.query(`select 1 from documents where identificatie = 'ROLLBACK-N'`);
    assert.equal(doc.rowCount, 0);
    assert.equal(await rows(), before);
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(receiver.received.length, receivedBefore);
  });

  it('announces applicatie create, update and delete on kanaal autorisaties', async () => {
    const body = { clientIds: ['notif-app'], label: 'App', heeftAlleAutorisaties: true };
    const made = await t.request({ method: 'POST', url: '/autorisaties/api/v1/applicaties', payload: body });
    assert.equal(made.statusCode, 201, made.body);
    const url = made.json().url as string;
    const path = url.replace('http://testserver', '');
    const patch = await t.request({ method: 'PATCH', url: path, payload: { label: 'App 2' } });
    assert.equal(patch.statusCode, 200, patch.body);
    const put = await t.request({ method: 'PUT', url: path, payload: { ...body, label: 'App 3' } });
    assert.equal(put.statusCode, 200, put.body);
    const del = await t.request({ method: 'DELETE', url: path });
    assert.equal(del.statusCode, 204, del.body);
    await eventually(() => about(url).length === 4, 15_000, 'four applicatie notifications');
    assert.deepEqual(
      about(url).map((n) => [n.kanaal, n.resource, n.actie, n.hoofdObject, JSON.stringify(n.kenmerken)]),
      ['create', 'partial_update', 'update', 'destroy'].map((a) => [
        'autorisaties',
        'applicatie',
        a,
        url,
        '{}',
      ]),
    );
    assert.ok(receiver.kanalen.some((k) => k.naam === 'autorisaties'));
    // a refused change (clientId in use) sends none
    const dup = await t.request({ method: 'POST', url: '/autorisaties/api/v1/applicaties', payload: body });
    assert.equal(dup.statusCode, 201, dup.body);
    const again = await t.request({ method: 'POST', url: '/autorisaties/api/v1/applicaties', payload: body });
    assert.equal(again.statusCode, 400, again.body);
    const dupUrl = dup.json().url as string;
    await eventually(() => about(dupUrl).length === 1, 15_000, 'the second create');
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(receiver.received.filter((n) => n.resource === 'applicatie').length, 5);
  });

  it('the bulk import sends none', async () => {
    const runner = startRunner(t);
    try {
      const f = await insertFixtures(t);
      await writeSource(t, 'n1.txt', 'een');
      const outbox = async () =>
        (await t.db.pool.query<{ n: number }>('select count(*)::int as n from notification_outbox')).rows[0]
          ?.n;
      const before = await outbox();
      const { status } = await importCsv(t, csvOf([validRow(f, 'n1.txt'), validRow(f, 'n1.txt')]));
      assert.equal(status.processedSuccessfully, 2);
      assert.equal(await outbox(), before);
    } finally {
      await runner.stop();
    }
  });
});

describe('notifications switched off (NOTIFICATIONS_URL unset)', () => {
  it('writes nothing to the outbox', async () => {
    const t = await createTestApp();
    try {
      const iot = (await insertIot(t)).url;
      const res = await createEio(t, eioBody(iot));
      assert.equal(res.statusCode, 201, res.body);
      const n = await t.db.pool.query<{ n: number }>('select count(*)::int as n from notification_outbox');
      assert.equal(n.rows[0]?.n, 0);
      const audit = await t.db.pool.query<{ n: number }>('select count(*)::int as n from audit_trail');
      assert.equal(audit.rows[0]?.n, 1, 'the audit trail is always written');
    } finally {
      await t.close();
    }
  });
});
