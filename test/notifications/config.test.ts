import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.js';
import { backoffMs } from '../../src/notifications/delivery.js';

describe('notification settings (README "Configuration")', () => {
  it('are off by default', () => {
    const c = loadConfig({}, '/x');
    assert.equal(c.notificationsUrl, undefined);
    assert.equal(c.notificationsTimeoutMs, 10_000);
    assert.equal(c.notificationsRetryMaxSeconds, 300);
  });

  it('parse NOTIFICATIONS_URL (with a trailing slash added), client id, secret, timeout and backoff', () => {
    const c = loadConfig(
      {
        NOTIFICATIONS_URL: 'https://nrc.example.nl/api/v1',
        NOTIFICATIONS_CLIENT_ID: 'drc',
        NOTIFICATIONS_SECRET: 's3cret',
        NOTIFICATIONS_TIMEOUT_MS: '2500',
        NOTIFICATIONS_RETRY_MAX_SECONDS: '60',
      },
      '/x',
    );
    assert.deepEqual(
      [
        c.notificationsUrl,
        c.notificationsClientId,
        c.notificationsSecret,
        c.notificationsTimeoutMs,
        c.notificationsRetryMaxSeconds,
      ],
      ['https://nrc.example.nl/api/v1/', 'drc', 's3cret', 2500, 60],
    );
  });

  it('refuse a URL without credentials, a bad URL and bad numbers, naming each', () => {
    assert.throws(
      () =>
        loadConfig(
          {
            NOTIFICATIONS_URL: 'ftp://x',
            NOTIFICATIONS_TIMEOUT_MS: '0',
            NOTIFICATIONS_RETRY_MAX_SECONDS: 'x',
          },
          '/x',
        ),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        for (const name of [
          'NOTIFICATIONS_URL',
          'NOTIFICATIONS_TIMEOUT_MS',
          'NOTIFICATIONS_RETRY_MAX_SECONDS',
        ])
          assert.match(err.message, new RegExp(name));
        return true;
      },
    );
    assert.throws(
      () => loadConfig({ NOTIFICATIONS_URL: 'http://nrc/api/v1/' }, '/x'),
      /NOTIFICATIONS_CLIENT_ID/,
    );
  });

  it('back off exponentially up to the ceiling', () => {
    assert.deepEqual(
      [0, 1, 2, 3, 8, 40].map((a) => backoffMs(a, 60)),
      [1000, 2000, 4000, 8000, 60_000, 60_000],
    );
  });
});
