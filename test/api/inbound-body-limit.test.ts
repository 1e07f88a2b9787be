import { type AddressInfo, connect, type Socket } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectProblem, requestApp } from '../helpers/api.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { callHookRaw, type InboundSetup, orderBody, setupInbound } from '../helpers/scenario.ts';

const MAX = 4096;
const TEN_MB = 10 * 1024 * 1024;

/**
 * A body stream read only on demand, counting what was pulled: `chunk` bytes per pull, ending
 * after `total` bytes (so a reader that ignores the limit finishes instead of hanging the test).
 */
function countedBody(chunk: Uint8Array, total: number) {
  const state = { pulls: 0, pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        await new Promise((resolve) => setImmediate(resolve));
        if (state.pulled >= total) return controller.close();
        state.pulls++;
        state.pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
      cancel() {
        state.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, state };
}

/** A stream of `parts`, then its end. */
function bodyOf(parts: string[]) {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const p of parts) controller.enqueue(new TextEncoder().encode(p));
      controller.close();
    },
  });
}

describe('inbound body size limit (app.request)', () => {
  let t: TestApp;
  let api: Api;
  let s: InboundSetup;

  beforeAll(async () => {
    t = await createTestApp({ env: { HOOKGATE_MAX_BODY_BYTES: String(MAX) } });
    api = new Api(t.app, await t.token());
    s = await setupInbound(api);
  });
  afterAll(() => t.close());

  const headers = () => ({ authorization: `Bearer ${s.tokens.production}`, 'content-type': 'application/json' });
  /** A valid ORDER_BLOCK body padded with spaces to exactly `size` bytes. */
  const paddedBody = (size: number) => {
    const body = JSON.stringify(orderBody('c-size'));
    return body + ' '.repeat(size - Buffer.byteLength(body));
  };
  const post = (body: RequestInit['body'], extra: Record<string, string> = {}) =>
    requestApp(t, `/hooks/${s.webhook.id}`, { method: 'POST', headers: { ...headers(), ...extra }, body, duplex: 'half' });

  it('accepts a body of exactly the limit', async () => {
    const body = paddedBody(MAX);
    expect((await callHookRaw(api, s.webhook.id, body, { ...headers(), 'content-length': String(MAX) })).status).toBe(202);
    expect((await post(bodyOf([body.slice(0, 100), body.slice(100)]))).status).toBe(202);
  });

  it('refuses a body one byte over the limit, declared by Content-Length', async () => {
    const res = await callHookRaw(api, s.webhook.id, paddedBody(MAX + 1), { ...headers(), 'content-length': String(MAX + 1) });
    expectProblem(res, 413, 'payload-too-large');
    expect(res.body.detail).toContain(String(MAX));
  });

  it('refuses a declared Content-Length over the limit without reading the body', async () => {
    // The Content-Length is a lie the service cannot know about: only reading would tell.
    const { stream, state } = countedBody(new TextEncoder().encode(JSON.stringify(orderBody())), 1);
    const res = await post(stream, { 'content-length': String(TEN_MB) });
    expectProblem(res, 413, 'payload-too-large');
    expect(res.headers.get('connection')).toBe('close');
    expect(state.pulls).toBe(0);
  });

  it('refuses a streamed body without Content-Length once it passes the limit', async () => {
    const res = await post(bodyOf([paddedBody(MAX + 1)]));
    expectProblem(res, 413, 'payload-too-large');
  });

  it('stops pulling a streamed body soon after the limit and cancels it', async () => {
    const { stream, state } = countedBody(new Uint8Array(1024).fill(0x20), 1024 * 1024);
    const res = await post(stream);
    expectProblem(res, 413, 'payload-too-large');
    expect(state.pulled).toBeGreaterThan(MAX);
    expect(state.pulled).toBeLessThanOrEqual(MAX + 4 * 1024);
    expect(state.cancelled).toBe(true);
  });

  it('stores nothing for a refused body', async () => {
    const fresh = await setupInbound(api);
    const body = JSON.stringify(orderBody('c-too-big', 'x'.repeat(MAX)));
    const res = await callHookRaw(api, fresh.webhook.id, body, {
      authorization: `Bearer ${fresh.tokens.production}`,
      'content-type': 'application/json',
    });
    expectProblem(res, 413, 'payload-too-large');
    expect((await api.get(`/v1/bots/${fresh.botId}/webhooks/${fresh.webhook.id}/activity?status=accepted`)).body.data).toEqual([]);
    expectProblem(await api.get(`/v1/bots/${fresh.botId}/contacts/c-too-big/variables`), 404);
  });
});

interface RawResponse {
  status: number;
  head: string;
  body: string;
}

/** Parses the first HTTP response in `data` once its head and Content-Length body are complete. */
function parseResponse(data: string): RawResponse | null {
  const end = data.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const head = data.slice(0, end);
  const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
  const body = data.slice(end + 4);
  if (Buffer.byteLength(body) < length) return null;
  return { status: Number(head.split(' ')[1]), head, body };
}

describe('inbound body size limit on a listening socket', () => {
  const LIMIT = 64 * 1024;
  let t: TestApp;
  let s: InboundSetup;
  let server: ServerType;
  let port: number;
  /** The server's side of each connection, by the client's port (read before the socket is gone). */
  const serverSockets = new Map<number, Socket>();

  beforeAll(async () => {
    t = await createTestApp({ env: { HOOKGATE_MAX_BODY_BYTES: String(LIMIT) } });
    s = await setupInbound(new Api(t.app, await t.token()));
    await new Promise<void>((resolve) => {
      server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
    });
    server.on('connection', (socket: Socket) => serverSockets.set(socket.remotePort!, socket));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    for (const socket of serverSockets.values()) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
    await t.close();
  });

  function requestHead(extra: string): string {
    return [
      `POST /hooks/${s.webhook.id} HTTP/1.1`,
      `Host: 127.0.0.1:${port}`,
      `Authorization: Bearer ${s.tokens.production}`,
      'Content-Type: application/json',
      extra,
      '',
      '',
    ].join('\r\n');
  }

  /**
   * Opens a connection, sends `head`, then feeds the body through `send` until the response is
   * complete. Resolves with the response, the body bytes the client had written by then, and
   * whether the server closed the connection afterwards.
   */
  function exchange(head: string, send: (socket: Socket, written: { bytes: number }, done: () => boolean) => void) {
    return new Promise<{ response: RawResponse; writtenBeforeResponse: number; closed: Promise<void>; serverSocket: Socket }>(
      (resolve, reject) => {
        const socket = connect(port, '127.0.0.1');
        const written = { bytes: 0 };
        let data = '';
        let response: RawResponse | null = null;
        const closed = new Promise<void>((resolveClosed) => socket.once('close', () => resolveClosed()));
        socket.on('error', () => {}); // a reset after the server closes is expected
        socket.setTimeout(20_000, () => reject(new Error('no response within 20 s')));
        socket.on('data', (chunk: Buffer) => {
          if (response) return;
          data += chunk.toString('latin1');
          response = parseResponse(data);
          if (response) {
            socket.setTimeout(0);
            const serverSocket = serverSockets.get(socket.localPort!)!;
            resolve({ response, writtenBeforeResponse: written.bytes, closed, serverSocket });
          }
        });
        socket.once('close', () => {
          if (!response) reject(new Error(`connection closed before a complete response: ${JSON.stringify(data.slice(0, 300))}`));
        });
        socket.write(head, () => send(socket, written, () => response !== null || socket.destroyed));
      },
    );
  }

  it('answers 413 to a declared 10 MB body after only its first chunk was sent, and closes the connection', async () => {
    const first = Buffer.alloc(16 * 1024, 0x20);
    const started = Date.now();
    const { response, writtenBeforeResponse, closed, serverSocket } = await exchange(
      requestHead(`Content-Length: ${TEN_MB}`),
      (socket, written) => {
        written.bytes += first.length;
        socket.write(first); // and nothing more: the other ~10 MB are never sent
      },
    );
    expect(response.status).toBe(413);
    expect(response.head).toMatch(/\r\ncontent-type: application\/problem\+json/i);
    expect(response.head).toMatch(/\r\nconnection: close/i);
    expect(JSON.parse(response.body)).toMatchObject({ status: 413, type: 'https://hookgate.dev/problems/payload-too-large' });
    expect(writtenBeforeResponse).toBe(first.length);
    await closed;
    expect(serverSocket.bytesRead).toBeLessThan(first.length + 4096);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('stops reading a chunked 10 MB upload once it passes the limit', async () => {
    const chunk = Buffer.alloc(16 * 1024, 0x20);
    const frame = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]);
    const { response, closed, serverSocket } = await exchange(requestHead('Transfer-Encoding: chunked'), (socket, written, done) => {
      // Writes as fast as the server reads (backpressure) until the response arrives or 10 MB are out.
      const pump = () => {
        while (!done() && written.bytes < TEN_MB) {
          written.bytes += chunk.length;
          if (!socket.write(frame)) return void socket.once('drain', pump);
        }
        if (!done()) socket.end('0\r\n\r\n');
      };
      pump();
    });
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body)).toMatchObject({ status: 413, type: 'https://hookgate.dev/problems/payload-too-large' });
    await closed;
    // What the server took off the wire: the limit plus what was in flight, far from the 10 MB sent at most.
    expect(serverSocket.bytesRead).toBeLessThan(TEN_MB / 2);
  });

  it('still accepts a body under the limit on the same server', async () => {
    const body = JSON.stringify(orderBody('c-socket'));
    const { response } = await exchange(requestHead(`Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close`), (socket) =>
      socket.write(body),
    );
    expect(response.status).toBe(202);
    expect(JSON.parse(response.body)).toMatchObject({ contact: 'c-socket', webhookId: s.webhook.id });
  });
});
