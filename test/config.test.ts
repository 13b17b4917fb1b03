import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('gives the run-contract defaults', () => {
    const c = loadConfig({}, '/srv/app');
    assert.equal(c.port, 8000);
    assert.equal(c.host, '0.0.0.0');
    assert.equal(c.publicUrl, 'http://localhost:8000');
    assert.equal(c.databaseUrl, undefined);
    assert.equal(c.dataDir, '/srv/app/data');
    assert.equal(c.storageDir, path.join('/srv/app/data', 'storage'));
    assert.equal(c.importBaseDir, path.join('/srv/app/data', 'import'));
    assert.equal(c.importBatchSize, 500);
    assert.equal(c.importRetentionDays, 7);
    assert.equal(c.importMaxUploadBytes, 10_737_418_240);
    assert.equal(c.importLeaseSeconds, 30);
    assert.equal(c.importDbOutageSeconds, 300);
    assert.equal(c.apiMaxBodyBytes, 157_286_400);
    assert.deepEqual(c.catalogiServices, []);
    assert.equal(c.jwtExpiry, 3600);
    assert.equal(c.jwtLeeway, 0);
    assert.equal(c.logLevel, 'info');
    assert.ok(Object.isFrozen(c));
  });

  it('derives PUBLIC_URL from PORT and strips a trailing slash', () => {
    assert.equal(loadConfig({ PORT: '9000' }, '/x').publicUrl, 'http://localhost:9000');
    assert.equal(
      loadConfig({ PUBLIC_URL: 'https://zgw.example.nl/' }, '/x').publicUrl,
      'https://zgw.example.nl',
    );
  });

  it('names every bad variable in one error', () => {
    assert.throws(
      () =>
        loadConfig(
          {
            PORT: 'eighty',
            IMPORT_DOCUMENTEN_BATCH_SIZE: '0',
            DATABASE_URL: 'mysql://x',
            CATALOGI_SERVICES: '{"not":"a list"}',
            LOG_LEVEL: 'loud',
            ZGW_BOOTSTRAP_CLIENT_ID: 'only-id',
            JWT_EXPIRY: '-5',
          },
          '/x',
        ),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        for (const name of [
          'PORT',
          'IMPORT_DOCUMENTEN_BATCH_SIZE',
          'DATABASE_URL',
          'CATALOGI_SERVICES',
          'LOG_LEVEL',
          'ZGW_BOOTSTRAP_CLIENT_ID',
          'JWT_EXPIRY',
        ]) {
          assert.match(err.message, new RegExp(name));
        }
        assert.equal(err.problems.length, 7);
        return true;
      },
    );
  });

  it('parses the database limits and SHUTDOWN_TIMEOUT_SECONDS (README "Overload and failures")', () => {
    const d = loadConfig({}, '/x');
    assert.deepEqual(
      [
        d.databasePoolSize,
        d.databaseConnectTimeoutMs,
        d.databaseStatementTimeoutMs,
        d.importStatementTimeoutMs,
        d.shutdownTimeoutSeconds,
      ],
      [10, 5000, 30_000, 0, 10],
    );
    const c = loadConfig(
      {
        DATABASE_POOL_SIZE: '25',
        DATABASE_CONNECT_TIMEOUT_MS: '750',
        DATABASE_STATEMENT_TIMEOUT_MS: '0',
        IMPORT_STATEMENT_TIMEOUT_MS: '600000',
        SHUTDOWN_TIMEOUT_SECONDS: '30',
      },
      '/x',
    );
    assert.deepEqual(
      [
        c.databasePoolSize,
        c.databaseConnectTimeoutMs,
        c.databaseStatementTimeoutMs,
        c.importStatementTimeoutMs,
        c.shutdownTimeoutSeconds,
      ],
      [25, 750, 0, 600_000, 30],
    );
    assert.throws(
      () =>
        loadConfig(
          { DATABASE_POOL_SIZE: '0', DATABASE_CONNECT_TIMEOUT_MS: 'soon', SHUTDOWN_TIMEOUT_SECONDS: '0' },
          '/x',
        ),
      (err: unknown) => err instanceof ConfigError && err.problems.length === 3,
    );
  });

  it('parses CATALOGI_SERVICES', () => {
    const c = loadConfig(
      { CATALOGI_SERVICES: '[{"apiRoot":"https://ztc.example.nl/api/v1","clientId":"a","secret":"b"}]' },
      '/x',
    );
    assert.deepEqual(c.catalogiServices, [
      { apiRoot: 'https://ztc.example.nl/api/v1/', clientId: 'a', secret: 'b' },
    ]);
  });

  it('parses ZGW_SERVICES; both lists serve remote zaken/besluiten and informatieobjecttypen', () => {
    const c = loadConfig(
      {
        CATALOGI_SERVICES: '[{"apiRoot":"https://ztc.example.nl/api/v1","clientId":"a","secret":"b"}]',
        ZGW_SERVICES: '[{"apiRoot":"https://zrc.example.nl/zaken/api/v1/","clientId":"c","secret":"d"}]',
      },
      '/x',
    );
    const ztc = { apiRoot: 'https://ztc.example.nl/api/v1/', clientId: 'a', secret: 'b' };
    const zrc = { apiRoot: 'https://zrc.example.nl/zaken/api/v1/', clientId: 'c', secret: 'd' };
    assert.deepEqual(c.zgwServices, [zrc, ztc]);
    assert.deepEqual(c.catalogiServices, [ztc, zrc]);
    assert.deepEqual(loadConfig({}, '/x').zgwServices, []);
    assert.throws(
      () => loadConfig({ ZGW_SERVICES: '[{"apiRoot":"ftp://x/","clientId":"c","secret":"d"}]' }, '/x'),
      (err: unknown) => err instanceof ConfigError && /ZGW_SERVICES/.test(err.problems[0] ?? ''),
    );
  });
});
