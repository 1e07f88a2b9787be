/**
 * Bench child: the outbound sink. Answers every POST with 204 at once and counts distinct
 * deliveries — (path, `webhook-id`), one path per subscription — with the time of the first and
 * the last one (clockNow ms). Requests without a `webhook-signature` are counted as unsigned.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { clockNow, countWaiter, serveIpc } from './ipc.ts';

let seen = new Set<string>();
let duplicates = 0;
let unsigned = 0;
let firstAt = 0;
let lastAt = 0;
const arrivals = countWaiter(() => seen.size);

const server = createServer((req, res) => {
  req.on('data', () => {});
  req.on('end', () => {
    const at = clockNow();
    const key = `${req.url}|${String(req.headers['webhook-id'])}`;
    if (!req.headers['webhook-signature']) unsigned++;
    if (seen.has(key)) duplicates++;
    else seen.add(key);
    if (firstAt === 0) firstAt = at;
    lastAt = at;
    res.writeHead(204).end();
    arrivals.check();
  });
});

export interface SinkStats {
  received: number;
  duplicates: number;
  unsigned: number;
  firstAt: number;
  lastAt: number;
}

server.listen(0, '127.0.0.1', () => {
  serveIpc(
    {
      reset: () => {
        seen = new Set();
        duplicates = 0;
        unsigned = 0;
        firstAt = 0;
        lastAt = 0;
      },
      waitFor: arrivals.waitFor,
      stats: (): SinkStats => ({ received: seen.size, duplicates, unsigned, firstAt, lastAt }),
    },
    { port: (server.address() as AddressInfo).port },
  );
});
