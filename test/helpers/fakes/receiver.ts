/**
 * A subscriber endpoint for the event webhook suites: a real HTTP server on 127.0.0.1 that records
 * every request (with its arrival time) and answers from a script — status, headers, body, a
 * delay, or no answer at all until released. Plus the checks a real receiver makes on a request:
 * the Standard Webhooks signature (with the stock `standardwebhooks` package) and the
 * `X-Hookgate-Signature: sha256=<hex>` HMAC of the body.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: URLSearchParams;
  /** Lower-case names; repeated headers joined with ', '. */
  headers: Record<string, string>;
  body: string;
  /** Date.now() when the whole request had arrived. */
  at: number;
}

export interface Answer {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  /** Answer only after this many milliseconds. */
  delayMs?: number;
  /** Do not answer until `release()` (or `close()`). */
  hang?: boolean;
  /** For a queued answer (`answerNext`): only a request to this path takes it. */
  path?: string;
}

/** The answer to one request: fixed, or chosen from the request and its 0-based number. */
export type Script = Answer | ((request: ReceivedRequest, index: number) => Answer);

export class Receiver {
  readonly requests: ReceivedRequest[] = [];
  private readonly server: Server;
  private readonly queued: Answer[] = [];
  private script: Script = { status: 200, body: 'ok' };
  private readonly hanging = new Set<ServerResponse>();
  private readonly listeners = new Set<() => void>();
  private port = 0;

  private constructor() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://receiver.test');
        const request: ReceivedRequest = {
          method: req.method ?? '',
          path: url.pathname,
          query: url.searchParams,
          headers: headerRecord(req.headers),
          body: Buffer.concat(chunks).toString('utf8'),
          at: Date.now(),
        };
        const index = this.requests.length;
        this.requests.push(request);
        const queued = this.queued.findIndex((a) => a.path === undefined || a.path === request.path);
        const answer =
          queued >= 0 ? this.queued.splice(queued, 1)[0]! : typeof this.script === 'function' ? this.script(request, index) : this.script;
        for (const listener of [...this.listeners]) listener();
        if (answer.hang) {
          this.hanging.add(res);
          res.on('close', () => this.hanging.delete(res));
          return;
        }
        const send = () => {
          if (res.destroyed) return;
          res.writeHead(answer.status ?? 200, answer.headers ?? {}).end(answer.body ?? '');
        };
        if (answer.delayMs) setTimeout(send, answer.delayMs);
        else send();
      });
    });
  }

  static async start(script?: Script): Promise<Receiver> {
    const receiver = new Receiver();
    if (script) receiver.script = script;
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    receiver.port = (receiver.server.address() as AddressInfo).port;
    return receiver;
  }

  /** `http://127.0.0.1:<port><path>` */
  url(path = '/hook'): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  get portNumber(): number {
    return this.port;
  }

  /** The answer to every request not answered by `answerNext`. */
  answerWith(script: Script): void {
    this.script = script;
  }

  /** Answers for the next requests (to its `path`, if it names one), in order, before the script applies again. */
  answerNext(...answers: Answer[]): void {
    this.queued.push(...answers);
  }

  /** Requests to one path (all when none is given). */
  at(path?: string): ReceivedRequest[] {
    return path === undefined ? [...this.requests] : this.requests.filter((r) => r.path === path);
  }

  /** Waits until `count` requests (to `path`, if given) have arrived; fails after `timeoutMs`. */
  waitFor(count: number, path?: string, timeoutMs = 20_000): Promise<ReceivedRequest[]> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const matching = this.at(path);
        if (matching.length >= count) {
          finish();
          resolve(matching);
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(
          new Error(
            `receiver: expected ${count} request(s)${path ? ` to ${path}` : ''} within ${timeoutMs} ms, got ${this.at(path).length}`,
          ),
        );
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
      check();
    });
  }

  /** Answers every request held by `hang` with this answer. */
  release(answer: Answer = { status: 200, body: 'ok' }): void {
    for (const res of [...this.hanging]) {
      this.hanging.delete(res);
      if (!res.destroyed) res.writeHead(answer.status ?? 200, answer.headers ?? {}).end(answer.body ?? '');
    }
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Node's request headers as one string each, the shape the `standardwebhooks` package takes. */
export function headerRecord(headers: IncomingHttpHeaders): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).flatMap(([k, v]) => (v === undefined ? [] : [[k, Array.isArray(v) ? v.join(', ') : v]])),
  );
}

/** Hex HMAC-SHA256 of the body with the key of a `whsec_` secret (its base64-decoded part). */
export function hookgateHmac(secret: string, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return createHmac('sha256', key).update(body, 'utf8').digest('hex');
}

/** True when one of the `sha256=<hex>` entries of X-Hookgate-Signature is the body's HMAC under `secret`. */
export function hookgateSignatureValid(secret: string, body: string, header: string | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(hookgateHmac(secret, body), 'hex');
  return header.split(' ').some((entry) => {
    const match = /^sha256=([0-9a-f]{64})$/.exec(entry);
    return match !== null && timingSafeEqual(Buffer.from(match[1]!, 'hex'), expected);
  });
}

/**
 * What a receiver holding `secret` does with a request: verifies it with the `standardwebhooks`
 * package (throws when it does not verify) and checks X-Hookgate-Signature (throws when no entry
 * matches). Returns the verified payload (parsed when it is JSON; undefined for an empty or
 * non-JSON body).
 */
export function verifyDelivery(secret: string, request: Pick<ReceivedRequest, 'body' | 'headers'>): unknown {
  const json = /json/i.test(String(request.headers['content-type'] ?? 'application/json'));
  const payload = new Webhook(secret).verify(request.body, request.headers, { jsonParse: json });
  if (!hookgateSignatureValid(secret, request.body, request.headers['x-hookgate-signature'])) {
    throw new Error('X-Hookgate-Signature does not match the body');
  }
  return payload;
}
