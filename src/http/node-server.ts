/**
 * What the Node HTTP server itself enforces, below the app: how long a client may take to send its
 * headers and its whole request, and problem+json answers to requests Node's parser refuses
 * (malformed, duplicate Content-Length, headers too large) where a response can still be written.
 */
import { createServer, type IncomingMessage, type Server, type ServerOptions, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { getRequestListener, RequestError, type ServerType } from '@hono/node-server';
import { PROBLEM_BASE, PROBLEMS, type ProblemType } from './errors.ts';

export interface ServerLimits {
  /** The whole request (headers and body) must arrive within this (a slow body is cut off). */
  requestTimeoutMs: number;
  /** The headers must arrive within this. */
  headersTimeoutMs: number;
}

/** Options for http.createServer (serve's `serverOptions`). Timeouts are checked every second, not Node's default 30. */
export function serverOptions(limits: ServerLimits): ServerOptions {
  return {
    requestTimeout: limits.requestTimeoutMs,
    headersTimeout: Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs),
    connectionsCheckingInterval: 1000,
  };
}

/** The problem for a client error Node reports, by its code. */
function problemFor(err: NodeJS.ErrnoException): { problem: ProblemType; detail: string } {
  switch (err.code) {
    case 'HPE_HEADER_OVERFLOW':
      return { problem: 'headers-too-large', detail: 'The request headers are too large.' };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { problem: 'request-timeout', detail: 'The request did not arrive in time.' };
    default:
      return { problem: 'bad-request', detail: 'The request is not valid HTTP/1.1 (malformed, or with conflicting framing headers).' };
  }
}

/**
 * Answers a request Node's parser refused with problem+json (and closes the connection), unless the
 * socket cannot be written to or a response on it has already begun; then it is only destroyed.
 */
export function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } | null })._httpMessage;
  if (err.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const { problem, detail } = problemFor(err);
  const { status, title } = PROBLEMS[problem];
  const body = JSON.stringify({ type: `${PROBLEM_BASE}${problem}`, title, status, detail });
  socket.end(
    `HTTP/1.1 ${status} ${title}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `Connection: close\r\n\r\n${body}`,
  );
}

/** Installs the client error answer on a server made by serve(). */
export function answerClientErrors(server: ServerType): void {
  (server as Server).on('clientError', answerClientError);
}

function problemJson(problem: ProblemType, detail: string): { status: number; body: string } {
  const { status, title } = PROBLEMS[problem];
  return { status, body: JSON.stringify({ type: `${PROBLEM_BASE}${problem}`, title, status, detail }) };
}

/**
 * A request @hono/node-server cannot turn into a web Request (a target such as `*`, a missing or
 * invalid Host) never reaches the app; without this it gets a bare 400 with no body.
 */
function requestErrorResponse(err: unknown): Response {
  const { status, body } =
    err instanceof RequestError
      ? problemJson('bad-request', 'The request target or Host header is not a valid URL.')
      : problemJson('internal', 'The request could not be handled.');
  return new Response(body, { status, headers: { 'Content-Type': 'application/problem+json' } });
}

/** Node answers an `Expect` other than 100-continue itself (a bare 417) unless this listener does. */
function refuseExpectation(_req: IncomingMessage, res: ServerResponse): void {
  const { status, body } = problemJson('expectation-failed', 'Only Expect: 100-continue is supported.');
  res.writeHead(status, { 'Content-Type': 'application/problem+json', 'Content-Length': Buffer.byteLength(body), Connection: 'close' });
  res.end(body);
}

/**
 * The HTTP server main.ts listens with: Hono's request listener behind the limits, and every answer
 * given below the app — Node's parser refusals, requests that are no valid URL, a missing Host
 * (left to the listener, so it is answered like an invalid one), an unmet `Expect` — as problem+json.
 */
export function createNodeServer(fetch: Parameters<typeof getRequestListener>[0], limits: ServerLimits): Server {
  const listener = getRequestListener(fetch, { errorHandler: requestErrorResponse });
  const server = createServer({ ...serverOptions(limits), requireHostHeader: false }, listener);
  server.on('clientError', answerClientError);
  server.on('checkExpectation', refuseExpectation);
  return server;
}
