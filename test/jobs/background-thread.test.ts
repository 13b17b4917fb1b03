import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import pino from 'pino';
import { loadConfig } from '../../src/config.js';
import { startBackgroundThread } from '../../src/jobs/background-thread.js';

describe('background thread of npm start', () => {
  it('restarts a thread that died, and stop() ends the running one', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'zgw-bgthread-'));
    try {
      const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' }, dir);
      const entry = new URL('./flaky-thread.ts', import.meta.url).href;
      const bg = startBackgroundThread(config, 'postgres://unused', pino({ level: 'silent' }), entry);
      const starts = async () => Number(await fs.readFile(path.join(dir, 'starts'), 'utf8').catch(() => '0'));
      for (let i = 0; i < 100 && (await starts()) < 2; i++) await new Promise((r) => setTimeout(r, 100));
      assert.equal(await starts(), 2, 'died once, started again');
      await bg.stop();
      assert.equal(await fs.readFile(path.join(dir, 'stopped'), 'utf8'), 'yes');
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal(await starts(), 2, 'no restart after stop()');
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
