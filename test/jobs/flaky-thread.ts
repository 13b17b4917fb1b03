import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';

/** A background-thread entry that dies on its first start and then behaves. */
const marker = (workerData as { config: { dataDir: string } }).config.dataDir;
const starts = fs.existsSync(`${marker}/starts`) ? Number(fs.readFileSync(`${marker}/starts`, 'utf8')) : 0;
fs.writeFileSync(`${marker}/starts`, String(starts + 1));
if (starts === 0) throw new Error('first start fails on purpose');
parentPort?.on('message', (msg) => {
  if (msg !== 'stop') return;
  fs.writeFileSync(`${marker}/stopped`, 'yes');
  process.exit(0);
});
