import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { apiStatus, type Harness, startHarness, uuidIn } from './harness.js';

/**
 * Ctrl-C during `import run` (issue 11 #1), with a real server process: without a terminal
 * --on-interrupt decides (cancel by default); on a terminal (a pty made by script(1)) the
 * operator is asked, and the terminal is left as it was. Then the other import commands steer
 * and read an import that runs on without the CLI.
 */
const ROWS = 1500;
let h: Harness;
before(async () => {
  h = await startHarness({ files: ROWS, batchSize: 5 });
});
after(() => h?.close());

const until = async (what: string, pred: () => Promise<boolean> | boolean, ms = 60_000) => {
  const end = Date.now() + ms;
  while (!(await pred())) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

/** The uuid the CLI printed, once the server has committed at least one batch of it. */
async function runningImport(output: () => string): Promise<string> {
  let uuid = '';
  await until('the import to start', () => /Import [0-9a-f-]{36}/.test(output()));
  uuid = uuidIn(output());
  await until('the first batch', async () => Number((await apiStatus(h, uuid)).processed) > 0);
  return uuid;
}

describe('Ctrl-C during import run', () => {
  it('without a terminal cancels the import by default: exit 2, reports of what was committed', async () => {
    const csv = await h.writeCsv('afbreken.csv', ROWS);
    const child = h.spawnCli(['import', 'run', csv, '--interval', '0.2']);
    let err = '';
    child.stderr?.on('data', (d) => {
      err += String(d);
    });
    const uuid = await runningImport(() => err);
    child.kill('SIGINT');
    const r = await child.result;
    assert.equal(r.code, 2, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stderr, /Cancelling import/);
    assert.match(r.stdout, /: cancelled/);
    const s = await apiStatus(h, uuid);
    assert.equal(s.status, 'error');
    assert.equal(s.comment, 'geannuleerd');
    assert.ok(Number(s.processed) < ROWS, 'stopped before the end');
    const report = await fs.readFile(path.join(path.dirname(csv), `report-${uuid}.csv`), 'utf8');
    assert.equal(
      report.trimEnd().split('\r\n').length - 1,
      s.processed,
      'the report has every committed row',
    );
    assert.match(
      r.stdout,
      new RegExp(`not processed: +${(ROWS - Number(s.processed)).toLocaleString('en-US')}`),
    );
  });

  it('--on-interrupt detach leaves it running (exit 3); the other commands steer and read it', async () => {
    const csv = await h.writeCsv('loslaten.csv', ROWS, { fail: [0] });
    const child = h.spawnCli([
      'import',
      'run',
      csv,
      '--on-interrupt',
      'detach',
      '--pause-after-failures',
      '0',
    ]);
    let err = '';
    child.stderr?.on('data', (d) => {
      err += String(d);
    });
    const uuid = await runningImport(() => err);
    child.kill('SIGINT');
    const r = await child.result;
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, new RegExp(`import status ${uuid} --watch`));
    assert.equal((await apiStatus(h, uuid)).status, 'active');

    const paused = await h.cli(['import', 'pause', uuid]);
    assert.equal(paused.code, 0, paused.stderr);
    assert.match(paused.stdout, /is now paused by an operator/);
    const status = await h.cli(['import', 'status', uuid]);
    assert.match(status.stdout, /state: +paused by an operator\n/);
    assert.match(status.stdout, /naam: +loslaten\.csv\n/);
    const list = await h.cli(['import', 'list']);
    assert.match(list.stdout, new RegExp(`^${uuid} +paused +import .* loslaten\\.csv$`, 'm'));
    const notYet = await h.cli(['import', 'report', uuid]);
    assert.equal(notYet.code, 2);

    assert.equal((await h.cli(['import', 'resume', uuid])).code, 0);
    const watched = await h.cli(['import', 'status', uuid, '--watch', '--interval', '0.5']);
    assert.equal(watched.code, 1, `${watched.stdout}\n${watched.stderr}`);
    assert.match(watched.stdout, /state: +finished\n/);
    assert.match(watched.stdout, /failed: +1\n/);
    assert.match(watched.stderr, /running/);

    const out = path.join(h.root, 'mislukt.csv');
    const rep = await h.cli(['import', 'report', uuid, '--failures', '--out', out]);
    assert.equal(rep.code, 0, rep.stderr);
    const failures = (await fs.readFile(out, 'utf8')).trimEnd().split('\r\n');
    assert.equal(failures.length, 2);
    assert.match(failures[1] ?? '', /ontbreekt-0\.txt/);
    const excel = await h.cli(['import', 'report', uuid, '--excel', '--out', '-']);
    assert.ok(excel.stdout.startsWith('\ufeffuuid;identificatie;'));
  });

  it('on a terminal asks, cancels on "c", and leaves the terminal as it was', async () => {
    const csv = await h.writeCsv('terminal.csv', ROWS, { from: 0, fail: [1] });
    const cli = `node --import tsx src/cli.ts import run ${csv} --pause-after-failures 0`;
    // script(1) gives the CLI a pty; the shell ignores SIGINT so that only the CLI reacts to it.
    const child = spawn(
      'script',
      ['-qfec', `trap '' INT; stty cols 120 rows 40; ${cli}; echo "EXIT=$?"; stty -a`, '/dev/null'],
      {
        cwd: process.cwd(),
        env: { ...process.env, ...h.env, SHELL: '/bin/sh', TERM: 'xterm' },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (d) => {
      out += String(d);
    });
    const closed = new Promise((r) => child.on('close', r));
    const uuid = await runningImport(() => out);
    await until('the bar', () => /░/.test(out) && /rows\/s/.test(out));
    child.stdin.write('\x03');
    await until('the question', () => /\[c\]ancel it, or \[d\]etach/.test(out));
    child.stdin.write('c\r');
    await Promise.race([closed, new Promise((r) => setTimeout(r, 60_000))]);
    child.kill('SIGKILL');
    assert.match(out, /EXIT=2/, out);
    assert.match(out, /: cancelled/);
    assert.equal((await apiStatus(h, uuid)).comment, 'geannuleerd');
    // The cursor was hidden for the bar and is shown again; the tty is back in canonical mode with echo.
    assert.ok(out.indexOf('\x1b[?25l') < out.lastIndexOf('\x1b[?25h'));
    const stty = out.slice(out.indexOf('EXIT='));
    assert.match(stty, /(^|\s)icanon(\s|$)/m);
    assert.match(stty, /(^|\s)echo(\s|$)/m);
  });
});
