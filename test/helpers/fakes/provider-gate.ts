/**
 * A gate in front of a fake provider (./fake-provider.ts): a real HTTP server on
 * 127.0.0.1 that notes when each request arrives, passes it on at once (so the provider has it and
 * answers it), and hands the provider's answer back after a delay the test chooses: random, or held
 * until the test releases it. That is a slow provider as a worker sees one, whose requests have
 * still been received and acted on. Point the account's `config.apiBaseUrl` (or `url`) at the gate.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakeProvider } from './fake-provider.ts';

export interface Arrival {
  /** `Date.now()` when the whole request had arrived (it reaches the provider right after). */
  at: number;
  method: string;
  /** Path with the query string. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** `Date.now()` when the provider's answer was handed back; null while held or in flight. */
  answeredAt: number | null;
}

export interface ProviderGate {
  /** The fake's `apiBaseUrl` with the gate's origin (so `/api` prefixes survive). */
  readonly apiBaseUrl: string;
  readonly origin: string;
  readonly arrivals: Arrival[];
  /** Holds the answers to the next `count` requests until `release()`. */
  holdNext(count?: number): void;
  /** Hands back every held answer now. */
  release(): void;
  /** Answers not yet handed back (held or being delayed). */
  pending(): number;
  /** Delays every answer by `delayMs()` milliseconds (after any hold). */
  delayAnswers(delayMs: () => number): void;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['host', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);

export async function startProviderGate(provider: FakeProvider): Promise<ProviderGate> {
  const arrivals: Arrival[] = [];
  let toHold = 0;
  let held: (() => void)[] = [];
  let delay: () => number = () => 0;
  let pendingCount = 0;

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const arrival: Arrival = {
        at: Date.now(),
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: req.headers,
        body,
        answeredAt: null,
      };
      arrivals.push(arrival);
      // Registered now, so a release that comes before the provider has answered still counts.
      let opened: Promise<void> | null = null;
      if (toHold > 0) {
        toHold -= 1;
        opened = new Promise<void>((resolve) => held.push(resolve));
      }
      pendingCount += 1;
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      void (async () => {
        const answer = await fetch(`${provider.origin}${arrival.url}`, {
          method: arrival.method,
          headers,
          ...(arrival.method === 'GET' || arrival.method === 'HEAD' ? {} : { body }),
        });
        const text = await answer.text();
        if (opened) await opened;
        const wait = delay();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        const out: Record<string, string> = {};
        answer.headers.forEach((value, name) => {
          if (!HOP_BY_HOP.has(name) && name !== 'content-encoding') out[name] = value;
        });
        pendingCount -= 1;
        arrival.answeredAt = Date.now();
        // The caller may be gone (a killed worker): then there is nobody to answer.
        if (!res.destroyed) res.writeHead(answer.status, out).end(text);
      })().catch(() => {
        pendingCount -= 1;
        if (!res.destroyed) res.writeHead(502).end();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    apiBaseUrl: `${origin}${provider.apiBaseUrl.slice(provider.origin.length)}`,
    origin,
    arrivals,
    holdNext(count = 1) {
      toHold += count;
    },
    release() {
      const waiting = held;
      held = [];
      toHold = 0;
      for (const go of waiting) go();
    },
    pending: () => pendingCount,
    delayAnswers(delayMs) {
      delay = delayMs;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const go of held) go();
        held = [];
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
