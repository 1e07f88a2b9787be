/**
 * Chaos child: every receiver a scenario needs, on one port, that can be taken down and brought
 * back. It is a fake WhatsApp Cloud API (`POST /{version}/{phone-number-id}/messages`, checked like
 * bench/fake-whatsapp.ts) for replies, and an event sink (`POST /sink/{name}`, one name per
 * subscription). Each message carries a sequence number — `#<seq>` in a reply's text, `data.seq`
 * in an event — and each stream records the sequence numbers in the order they first arrived, the
 * duplicates, and when the last new one came.
 *
 * Modes: `up` answers 200 (WhatsApp) / 204 (sink); `error` answers 503 (WhatsApp with Graph error
 * code 2, "temporary downtime"); `refuse` closes the listening socket and every open connection,
 * so connections are refused until the mode changes again (the same port is bound again).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { epochNow, serveIpc } from '../bench/ipc.ts';
import { FAKE_ACCESS_TOKEN, FAKE_PHONE_NUMBER_ID } from '../bench/shared.ts';

export type ReceiverMode = 'up' | 'error' | 'refuse';

const MARK = /#(\d+)/;
const WHATSAPP_PATH = /^\/v\d+\.\d+\/(\d+)\/messages$/;
const SINK_PATH = /^\/sink\/([a-z0-9-]+)$/;

class Stream {
  /** Sequence number → epoch ms of its first arrival. */
  readonly seen = new Map<number, number>();
  readonly arrivals: number[] = [];
  duplicates = 0;
  /** Requests answered with an error (mode `error`). */
  errorsAnswered = 0;
  firstAt = 0;
  lastNewAt = 0;
  expected: Set<number> | null = null;
  missing = 0;
  lastExpectedAt = 0;

  record(seq: number, at: number): void {
    if (this.seen.has(seq)) {
      this.duplicates++;
      return;
    }
    this.seen.set(seq, at);
    this.arrivals.push(seq);
    if (this.firstAt === 0) this.firstAt = at;
    this.lastNewAt = at;
    if (this.expected?.has(seq)) {
      this.missing--;
      this.lastExpectedAt = at;
    }
  }
}

const streams = new Map<string, Stream>();
function stream(name: string): Stream {
  let s = streams.get(name);
  if (!s) {
    s = new Stream();
    streams.set(name, s);
  }
  return s;
}

let mode: ReceiverMode = 'up';
const violations: string[] = [];
const sockets = new Set<Socket>();

function refuse(res: ServerResponse, status: number, reason: string): void {
  if (violations.length < 20) violations.push(reason);
  res
    .writeHead(status, { 'content-type': 'application/json' })
    .end(JSON.stringify({ error: { message: reason, type: 'OAuthException', code: 100 } }));
}

function whatsapp(req: IncomingMessage, res: ServerResponse, body: Buffer, phoneNumberId: string) {
  if (phoneNumberId !== FAKE_PHONE_NUMBER_ID) return refuse(res, 404, `unknown phone number id ${phoneNumberId}`);
  if (req.headers.authorization !== `Bearer ${FAKE_ACCESS_TOKEN}`) return refuse(res, 401, 'bad access token');
  const replies = stream('replies');
  if (mode === 'error') {
    replies.errorsAnswered++;
    res
      .writeHead(503, { 'content-type': 'application/json' })
      .end(JSON.stringify({ error: { message: 'Service temporarily unavailable', type: 'OAuthException', code: 2, fbtrace_id: 'chaos' } }));
    return;
  }
  let parsed: { to?: unknown; text?: { body?: unknown } };
  try {
    parsed = JSON.parse(body.toString('utf8')) as typeof parsed;
  } catch {
    return refuse(res, 400, 'body is not JSON');
  }
  const mark = typeof parsed.text?.body === 'string' ? MARK.exec(parsed.text.body) : null;
  if (!mark) return refuse(res, 400, 'text without #seq');
  replies.record(Number(mark[1]), epochNow());
  const to = String(parsed.to);
  res.writeHead(200, { 'content-type': 'application/json' }).end(
    JSON.stringify({
      messaging_product: 'whatsapp',
      contacts: [{ input: to, wa_id: to.replace(/^\+/, '') }],
      messages: [{ id: `wamid.CHAOS${mark[1]}` }],
    }),
  );
}

function sink(res: ServerResponse, body: Buffer, name: string) {
  const s = stream(name);
  if (mode === 'error') {
    s.errorsAnswered++;
    res.writeHead(503, { 'content-type': 'text/plain' }).end('down for maintenance');
    return;
  }
  let parsed: { data?: { seq?: unknown } };
  try {
    parsed = JSON.parse(body.toString('utf8')) as typeof parsed;
  } catch {
    return refuse(res, 400, 'event body is not JSON');
  }
  if (typeof parsed.data?.seq !== 'number') return refuse(res, 400, 'event without data.seq');
  s.record(parsed.data.seq, epochNow());
  res.writeHead(204).end();
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const url = req.url ?? '';
    const wa = WHATSAPP_PATH.exec(url);
    if (req.method === 'POST' && wa) return whatsapp(req, res, body, wa[1]!);
    const sk = SINK_PATH.exec(url);
    if (req.method === 'POST' && sk) return sink(res, body, sk[1]!);
    refuse(res, 404, `unknown route ${req.method} ${url}`);
  });
});
server.on('connection', (socket: Socket) => {
  sockets.add(socket);
  socket.once('close', () => sockets.delete(socket));
});

function listen(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => {
      server.off('listening', onListening);
      reject(err);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, '127.0.0.1');
  });
}

/** Binds the port again after `refuse`; retries for a while should anything else hold it meanwhile. */
async function relisten(port: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      return await listen(port);
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

async function setMode(next: ReceiverMode): Promise<void> {
  if (next === mode) return;
  const wasRefusing = mode === 'refuse';
  mode = next;
  if (next === 'refuse') {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
  } else if (wasRefusing) {
    await relisten(port);
  }
}

export interface StreamReport {
  /** Sequence numbers in the order they first arrived. */
  arrivals: number[];
  duplicates: number;
  errorsAnswered: number;
  firstAt: number;
  lastNewAt: number;
}

export interface StreamProgress {
  expected: number;
  missing: number;
  received: number;
  /** Epoch ms the last expected sequence number arrived (0: none yet). */
  lastExpectedAt: number;
}

await listen(0);
const port = (server.address() as AddressInfo).port;

serveIpc(
  {
    mode: (next: ReceiverMode) => setMode(next),
    /** Declares which sequence numbers a stream must receive; `progress` then counts the missing ones. */
    expect: ({ name, seqs }: { name: string; seqs: number[] }) => {
      const s = stream(name);
      s.expected = new Set(seqs);
      s.missing = seqs.filter((seq) => !s.seen.has(seq)).length;
      s.lastExpectedAt = 0;
      for (const seq of seqs) s.lastExpectedAt = Math.max(s.lastExpectedAt, s.seen.get(seq) ?? 0);
    },
    progress: (name: string): StreamProgress => {
      const s = stream(name);
      return { expected: s.expected?.size ?? 0, missing: s.missing, received: s.seen.size, lastExpectedAt: s.lastExpectedAt };
    },
    report: (name: string): StreamReport => {
      const s = stream(name);
      return {
        arrivals: s.arrivals,
        duplicates: s.duplicates,
        errorsAnswered: s.errorsAnswered,
        firstAt: s.firstAt,
        lastNewAt: s.lastNewAt,
      };
    },
    violations: () => violations,
  },
  { port },
);
