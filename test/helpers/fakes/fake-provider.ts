/**
 * Fake channel providers: real HTTP servers on 127.0.0.1 that check each request the way the
 * provider documents it (method, path, auth, body) and answer with the provider's own success and
 * error bodies. A request that does not fit the documentation is answered with the provider's
 * validation error and listed in `violations`, so a test sees the mistake as a user would.
 *
 * Each fake records what it received and answers scripted responses first (`respondWith`), then
 * its default success. Point an account's `config.apiBaseUrl` at `fake.apiBaseUrl`. This file is
 * the server they share; each provider's checks and answers live in a file of its own beside it.
 */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface FakeResponse {
  status: number;
  /** An object or array is sent as JSON; a string as is. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Never answer (the connection stays open until the client gives up or the fake closes). */
  hang?: boolean;
}

export interface FakeProvider {
  /** What to put in the account's `config.apiBaseUrl`. */
  readonly apiBaseUrl: string;
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  readonly requests: RecordedRequest[];
  /** Why requests were refused as not matching the provider's documented API. */
  readonly violations: string[];
  /** Answers the next requests with these, in order; afterwards the default success again. */
  respondWith(responses: FakeResponse[]): void;
  /** Forgets recorded requests, violations and unused scripted responses, and numbers answers from 1 again. */
  reset(): void;
  close(): Promise<void>;
}

export interface FakeSpec {
  /** Path prefix that `apiBaseUrl` includes (Slack's `/api`). */
  basePath?: string;
  /** Returns a response when the request breaks the documented contract (and why), else null. */
  check(req: RecordedRequest): { reason: string; response: FakeResponse } | null;
  /** The default answer; `sent` counts the requests answered this way since the start or `reset()`, from 1. */
  success(req: RecordedRequest, sent: number): FakeResponse;
}

export async function startFake(spec: FakeSpec): Promise<FakeProvider> {
  const requests: RecordedRequest[] = [];
  const violations: string[] = [];
  let script: FakeResponse[] = [];
  let sent = 0;

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake.invalid');
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      const broken = spec.check(recorded);
      if (broken) {
        violations.push(broken.reason);
        return answer(res, broken.response);
      }
      const next = script.shift();
      if (next?.hang) return;
      answer(res, next ?? spec.success(recorded, ++sent));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    apiBaseUrl: `${origin}${spec.basePath ?? ''}`,
    origin,
    requests,
    violations,
    respondWith(responses) {
      script = [...script, ...responses];
    },
    reset() {
      requests.length = 0;
      violations.length = 0;
      script = [];
      sent = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function answer(res: ServerResponse, response: FakeResponse): void {
  const isText = typeof response.body === 'string';
  const body = response.body === undefined ? '' : isText ? (response.body as string) : JSON.stringify(response.body);
  const headers: Record<string, string> = {
    ...(response.body !== undefined && !isText ? { 'content-type': 'application/json' } : {}),
    ...response.headers,
  };
  res.writeHead(response.status, headers).end(body);
}

/** A port nothing listens on (for "connection refused"). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export function jsonBody(req: RecordedRequest): Record<string, unknown> | null {
  try {
    const value = JSON.parse(req.body) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const chars = (s: string) => Array.from(s).length;
export const E164 = /^\+?[1-9]\d{6,14}$/;
