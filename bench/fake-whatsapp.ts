/**
 * Bench child: a fake WhatsApp Cloud API (`POST /{version}/{phone-number-id}/messages`, the shape of
 * test/helpers/fakes/meta.ts startFakeWhatsApp) that answers 200 at once and records, per
 * message, how long after the caller's send it arrived. The message text carries `#<seq> @<sent_at>`
 * (ms on the machine's monotonic clock, from the load generator: ipc.ts clockNow); latency = arrival − sent_at, both read from that clock
 * with sub-millisecond precision.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { clockNow, countWaiter, serveIpc } from './ipc.ts';
import { FAKE_ACCESS_TOKEN, FAKE_PHONE_NUMBER_ID } from './shared.ts';

const MARK = /#(\d+) @(\d+(?:\.\d+)?)/;
const PATH = /^\/v\d+\.\d+\/(\d+)\/messages$/;

let seen = new Map<number, number>();
let duplicates = 0;
let violations: string[] = [];
let sent = 0;
/** Messages since the last reset, duplicates included (`count`). */
let messages = 0;
let lastArrivalAt = 0;
const arrivals = countWaiter(() => seen.size);

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const arrivedAt = clockNow();
    const path = PATH.exec(req.url ?? '');
    if (req.method !== 'POST' || !path || path[1] !== FAKE_PHONE_NUMBER_ID)
      return refuse(res, 404, `unknown route ${req.method} ${req.url}`);
    if (req.headers.authorization !== `Bearer ${FAKE_ACCESS_TOKEN}`) return refuse(res, 401, 'bad access token');
    let body: { to?: unknown; text?: { body?: unknown } };
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body;
    } catch {
      return refuse(res, 400, 'body is not JSON');
    }
    const mark = typeof body.text?.body === 'string' ? MARK.exec(body.text.body) : null;
    if (!mark) return refuse(res, 400, 'text without #seq @sent_at');
    const seq = Number(mark[1]);
    if (seen.has(seq)) duplicates++;
    else seen.set(seq, arrivedAt - Number(mark[2]));
    sent++;
    messages++;
    lastArrivalAt = arrivedAt;
    const to = String(body.to);
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        messaging_product: 'whatsapp',
        contacts: [{ input: to, wa_id: to.replace(/^\+/, '') }],
        messages: [{ id: `wamid.BENCH${sent}` }],
      }),
    );
    arrivals.check();
  });
});

function refuse(res: ServerResponse, status: number, reason: string): void {
  if (violations.length < 20) violations.push(reason);
  res
    .writeHead(status, { 'content-type': 'application/json' })
    .end(JSON.stringify({ error: { message: reason, type: 'OAuthException', code: 100 } }));
}

export interface FakeReport {
  received: number;
  duplicates: number;
  violations: string[];
  /** When the last message was received (clockNow). */
  lastArrivalAt: number;
  /** [seq, latency ms] for every distinct message. */
  latencies: [number, number][];
}

server.listen(0, '127.0.0.1', () => {
  serveIpc(
    {
      reset: () => {
        seen = new Map();
        duplicates = 0;
        violations = [];
        lastArrivalAt = 0;
        messages = 0;
      },
      /** Messages since the last reset (duplicates included), at the time of the answer (clockNow). */
      count: () => ({ messages, at: clockNow() }),
      /** Resolves once `count` distinct messages arrived or `timeoutMs` passed. */
      waitFor: arrivals.waitFor,
      report: (): FakeReport => ({
        received: seen.size,
        duplicates,
        violations,
        lastArrivalAt,
        latencies: [...seen].map(([seq, ms]) => [seq, Math.round(ms * 1000) / 1000]),
      }),
    },
    { port: (server.address() as AddressInfo).port },
  );
});
