/**
 * Requests that never reach a route, answered by the server main.ts listens with: each with
 * problem+json, like every other error. Found by `npm run chaos` (scenario 4): a request target
 * @hono/node-server cannot turn into a URL (`OPTIONS *`), an HTTP/1.1 request without Host, and an
 * `Expect` the server does not meet were answered with a bare 400 or 417 and no body.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killAllServices, type ServiceProcess, startService } from '../helpers/service-process.ts';

/** Sends raw bytes on a new connection; resolves with what came back once the server closes it. */
function rawExchange(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.setTimeout(20_000, () => reject(new Error(`no answer within 20 s; got ${JSON.stringify(received)}`)));
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
    });
    socket.on('error', () => {});
    socket.once('close', () => resolve(received));
    socket.write(bytes);
  });
}

function parse(raw: string): { status: number; headers: string; body: unknown } {
  const [head, ...rest] = raw.split('\r\n\r\n');
  const text = rest.join('\r\n\r\n');
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: kept as text for the assertion message
  }
  return { status: Number(head!.split(' ')[1]), headers: head!.toLowerCase(), body };
}

describe('requests the router never sees', () => {
  let service: ServiceProcess;

  beforeAll(async () => {
    service = await startService({}, { timeoutMs: 60_000 });
  }, 90_000);
  afterAll(() => killAllServices());

  it.each([
    ['an asterisk request target', 'OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 400, 'bad-request'],
    ['an absolute target of another scheme', 'GET ftp://x/healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 400, 'bad-request'],
    [
      'an HTTP/1.1 request without Host',
      'POST /hooks/wh_x HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}',
      400,
      'bad-request',
    ],
    [
      'an Expect the server does not meet',
      'POST /v1/bots HTTP/1.1\r\nHost: x\r\nExpect: the-unexpected\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}',
      417,
      'expectation-failed',
    ],
  ])('answers %s with problem+json', async (_, request, status, type) => {
    const raw = await rawExchange(service.port, request);
    const res = parse(raw);
    expect(res.status, raw).toBe(status);
    expect(res.headers, raw).toContain('content-type: application/problem+json');
    expect(res.body, raw).toMatchObject({ type: `https://hookgate.dev/problems/${type}`, status, title: expect.any(String) });
  });

  it('still answers a well-formed request, and Expect: 100-continue', async () => {
    expect(parse(await rawExchange(service.port, 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).status).toBe(200);
    const raw = await rawExchange(
      service.port,
      'POST /v1/bots HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}',
    );
    // 100 Continue, then the route's own answer (no token: 401 problem+json).
    expect(raw, raw).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 401 /);
    expect(raw.toLowerCase()).toContain('content-type: application/problem+json');
  });
});
