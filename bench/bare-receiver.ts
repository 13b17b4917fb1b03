/**
 * The floor for bench/bestandsdelen.ts: the least a Node HTTP server can do with an upload —
 * no parsing, no database, each request body written as it arrives at `?offset=N` of one file,
 * fdatasync, 200. `node --import tsx bench/bare-receiver.ts FILE` prints its port when ready.
 * An upload through the real server at close to this speed is limited by the machine (loopback
 * and page-cache copies on few cores), not by the server's own work.
 */
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const file = process.argv[2];
if (!file) throw new Error('usage: bare-receiver.ts FILE');
const fh = await fs.open(file, 'w+');

const server = http.createServer(async (req, res) => {
  try {
    let position = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('offset') ?? 0);
    for await (const chunk of req as AsyncIterable<Buffer>) {
      let done = 0;
      while (done < chunk.length) {
        const { bytesWritten } = await fh.write(chunk, done, chunk.length - done, position + done);
        done += bytesWritten;
      }
      position += chunk.length;
    }
    await fh.datasync();
    res.end();
  } catch (err) {
    res.statusCode = 500;
    res.end(String(err));
  }
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => {
  server.close();
  void fh.close().finally(() => process.exit(0));
});
