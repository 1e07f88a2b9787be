/**
 * The access log and the request id, read from what the logger writes: one line per request at
 * `info` (method, route pattern, status, duration, ids; no query, header or body), `/hooks/*` lines
 * cut to HOOKGATE_ACCESS_LOG_HOOKS_RATE a second in `sampled` mode (the next line counts what was
 * skipped), every line in `all`, none but 5xx in `off`; and one request id per call end to end,
 * with the caller's X-Request-Id recorded beside it.
 */
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/lib/logger.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { callHook, GREETING_BLOCK, setupInbound } from '../helpers/scenario.ts';

interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

/** A test app whose logger writes JSON lines into `lines`. */
async function appWithLog(env: Record<string, string>): Promise<{ t: TestApp; lines: LogLine[]; output: () => string }> {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  const t = await createTestApp({ store: 'memory', env, logger: createLogger('info', sink) });
  apps.push(t);
  const lines: LogLine[] = [];
  const output = () => chunks.join('');
  return {
    t,
    get lines() {
      lines.length = 0;
      for (const line of output().split('\n')) if (line.startsWith('{')) lines.push(JSON.parse(line) as LogLine);
      return lines;
    },
    output,
  };
}

const apps: TestApp[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((t) => t.close()));
});

const requestLines = (lines: LogLine[]) => lines.filter((l) => l.msg === 'request');
const hookLines = (lines: LogLine[]) => requestLines(lines).filter((l) => l.route === '/hooks/:webhookId');

describe('the access log', () => {
  it('writes one info line per request: method, route pattern, status, duration and request id, nothing of the query or headers', async () => {
    const log = await appWithLog({ HOOKGATE_ACCESS_LOG: 'all' });
    const { api } = log.t;
    const block = await setupInbound(api, GREETING_BLOCK);
    const before = requestLines(log.lines).length;
    const call = await callHook(api, block.webhook.id, block.tokens.production, { contact_reference_id: 'c-1', data: { name: 'Ada' } });
    expect(call.status).toBe(202);
    const secretQuery = `token=${crypto.randomUUID()}`;
    const stream = await log.t.app.request(`/livechat/stream?${secretQuery}`);
    expect(stream.status).toBe(401);

    const lines = requestLines(log.lines).slice(before);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toEqual({
      level: 30,
      time: expect.any(String),
      service: 'hookgate',
      msg: 'request',
      requestId: call.body.requestId,
      method: 'POST',
      route: '/hooks/:webhookId',
      status: 202,
      ms: expect.any(Number),
    });
    expect(lines[1]).toMatchObject({ level: 30, method: 'GET', route: '/livechat/stream', status: 401 });
    const output = log.output();
    expect(output).not.toContain(block.tokens.production);
    expect(output).not.toContain(secretQuery);
    expect(output).not.toContain(block.webhook.id);
    // The admin calls of the set-up were logged too, one line each.
    expect(requestLines(log.lines).filter((l) => l.method === 'POST' && String(l.route).startsWith('/v1/')).length).toBeGreaterThanOrEqual(
      3,
    );
  });

  it('in sampled mode keeps /hooks lines to the rate a second and says how many it skipped, while every admin line is written', async () => {
    const log = await appWithLog({ HOOKGATE_ACCESS_LOG: 'sampled', HOOKGATE_ACCESS_LOG_HOOKS_RATE: '3' });
    const { api } = log.t;
    const block = await setupInbound(api, GREETING_BLOCK);
    const calls = 30;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: calls }, (_, i) =>
        callHook(api, block.webhook.id, block.tokens.production, { contact_reference_id: `c-${i}`, data: { name: 'Ada' } }).then((r) =>
          expect(r.status).toBe(202),
        ),
      ),
    );
    const seconds = (performance.now() - started) / 1000;
    const burst = hookLines(log.lines);
    // A burst of 3, and 3 more a second for as long as the calls took.
    expect(burst.length).toBeGreaterThanOrEqual(3);
    expect(burst.length).toBeLessThanOrEqual(3 + Math.ceil(seconds * 3) + 1);
    expect(burst.length).toBeLessThan(calls);

    // After a pause, the next line counts the lines skipped since the last one written.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const admin = await api.get('/v1/bots');
    expect(admin.status).toBe(200);
    const last = await callHook(api, block.webhook.id, block.tokens.production, { contact_reference_id: 'c-last', data: { name: 'Bo' } });
    expect(last.status).toBe(202);
    const all = hookLines(log.lines);
    const skipped = all.reduce((sum, l) => sum + Number(l.hooksLinesSkipped ?? 0), 0);
    expect(all.length + skipped).toBe(calls + 1);
    expect(all.at(-1)).toMatchObject({ requestId: last.body.requestId });
    expect(all.some((l) => Number(l.hooksLinesSkipped) > 0)).toBe(true);
    // Admin lines are never sampled.
    expect(requestLines(log.lines).some((l) => l.route === '/v1/bots' && l.method === 'GET' && l.requestId !== undefined)).toBe(true);
  });

  it('writes every /hooks line in all mode, and no request line in off mode', async () => {
    const all = await appWithLog({ HOOKGATE_ACCESS_LOG: 'all', HOOKGATE_ACCESS_LOG_HOOKS_RATE: '1' });
    const off = await appWithLog({ HOOKGATE_ACCESS_LOG: 'off' });
    for (const log of [all, off]) {
      const block = await setupInbound(log.t.api, GREETING_BLOCK);
      for (let i = 0; i < 8; i++) {
        const res = await callHook(log.t.api, block.webhook.id, block.tokens.production, { contact_reference_id: `c-${i}` });
        expect(res.status).toBe(202);
      }
      expect((await callHook(log.t.api, block.webhook.id, 'not-a-token', {})).status).toBe(401);
    }
    expect(hookLines(all.lines)).toHaveLength(9);
    expect(hookLines(all.lines).map((l) => l.status)).toEqual([...Array(8).fill(202), 401]);
    expect(requestLines(off.lines)).toEqual([]);
  });

  it('refuses an unknown mode and a rate that is not a positive whole number at start-up', async () => {
    await expect(createTestApp({ store: 'memory', env: { HOOKGATE_ACCESS_LOG: 'verbose' } })).rejects.toThrow(/HOOKGATE_ACCESS_LOG\b/);
    await expect(createTestApp({ store: 'memory', env: { HOOKGATE_ACCESS_LOG_HOOKS_RATE: '0' } })).rejects.toThrow(
      /HOOKGATE_ACCESS_LOG_HOOKS_RATE/,
    );
    await expect(createTestApp({ store: 'memory', env: { HOOKGATE_ACCESS_LOG_HOOKS_RATE: '2.5' } })).rejects.toThrow(
      /HOOKGATE_ACCESS_LOG_HOOKS_RATE/,
    );
  });
});

describe('the request id, end to end', () => {
  const REPLY_WITH_ID = { ...GREETING_BLOCK, reply: { text: 'id {{ sys_request_id }}' } };

  it('is ours in the 202 body, the activity entry, {{ sys_request_id }} and the log line; a valid caller X-Request-Id is kept beside it', async () => {
    const log = await appWithLog({ HOOKGATE_ACCESS_LOG: 'all' });
    const { api } = log.t;
    const block = await setupInbound(api, REPLY_WITH_ID);
    const callerId = `order-7:${crypto.randomUUID()}`;
    const call = await callHook(
      api,
      block.webhook.id,
      block.tokens.production,
      { contact_reference_id: 'c-1' },
      { 'x-request-id': callerId },
    );
    expect(call.status, call.text).toBe(202);
    const { requestId } = call.body;
    expect(requestId).toMatch(/^req_/);
    // The caller's id is echoed (its own correlation), ours is in the body.
    expect(call.headers.get('x-request-id')).toBe(callerId);
    expect(call.body.reply.text).toBe(`id ${requestId}`);

    const [entry] = (await api.get(`/v1/bots/${block.botId}/webhooks/${block.webhook.id}/activity`)).body.data;
    expect(entry).toMatchObject({ requestId, callerRequestId: callerId });
    const line = hookLines(log.lines).find((l) => l.requestId === requestId);
    expect(line).toMatchObject({ callerRequestId: callerId, status: 202 });

    // Two callers may send the same id: each call still has its own.
    const again = await callHook(
      api,
      block.webhook.id,
      block.tokens.production,
      { contact_reference_id: 'c-2' },
      { 'x-request-id': callerId },
    );
    expect(again.status).toBe(202);
    expect(again.body.requestId).not.toBe(requestId);
    expect(again.body.reply.text).toBe(`id ${again.body.requestId}`);
  });

  it('without X-Request-Id, answers with ours in the header and records no caller id', async () => {
    const log = await appWithLog({ HOOKGATE_ACCESS_LOG: 'all' });
    const { api } = log.t;
    const block = await setupInbound(api, REPLY_WITH_ID);
    const call = await callHook(api, block.webhook.id, block.tokens.production, { contact_reference_id: 'c-1' });
    expect(call.status).toBe(202);
    expect(call.headers.get('x-request-id')).toBe(call.body.requestId);
    const [entry] = (await api.get(`/v1/bots/${block.botId}/webhooks/${block.webhook.id}/activity`)).body.data;
    expect(entry.requestId).toBe(call.body.requestId);
    expect(entry).not.toHaveProperty('callerRequestId');
    expect(hookLines(log.lines).find((l) => l.requestId === call.body.requestId)).not.toHaveProperty('callerRequestId');
  });

  it.each([
    ['too long', 'a'.repeat(129)],
    ['with a space', 'order 7'],
    ['with a quote', 'x"y'],
    ['with a non-ASCII letter', 'café-1'],
    ['with a slash', 'a/b'],
  ])('ignores a caller X-Request-Id %s: ours is echoed, logged and recorded alone', async (_why, callerId) => {
    const log = await appWithLog({ HOOKGATE_ACCESS_LOG: 'all' });
    const { api } = log.t;
    const block = await setupInbound(api, REPLY_WITH_ID);
    const call = await callHook(
      api,
      block.webhook.id,
      block.tokens.production,
      { contact_reference_id: 'c-1' },
      { 'x-request-id': callerId },
    );
    expect(call.status).toBe(202);
    expect(call.headers.get('x-request-id')).toBe(call.body.requestId);
    const [entry] = (await api.get(`/v1/bots/${block.botId}/webhooks/${block.webhook.id}/activity`)).body.data;
    expect(entry).not.toHaveProperty('callerRequestId');
    expect(log.output()).not.toContain(callerId.length > 20 ? callerId : `"${callerId}"`);
  });

  it('accepts 128 characters of letters, digits and . _ : -', async () => {
    const log = await appWithLog({ HOOKGATE_ACCESS_LOG: 'all' });
    const { api } = log.t;
    const block = await setupInbound(api, REPLY_WITH_ID);
    const callerId = `A-z_0.9:${'x'.repeat(120)}`;
    expect(callerId).toHaveLength(128);
    const call = await callHook(
      api,
      block.webhook.id,
      block.tokens.production,
      { contact_reference_id: 'c-1' },
      { 'x-request-id': callerId },
    );
    expect(call.headers.get('x-request-id')).toBe(callerId);
    const [entry] = (await api.get(`/v1/bots/${block.botId}/webhooks/${block.webhook.id}/activity`)).body.data;
    expect(entry.callerRequestId).toBe(callerId);
  });
});
