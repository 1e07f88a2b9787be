/**
 * An adapter that throws (a bug, an unexpected error) has its message stored with the reply and
 * published in message.failed: no credential or header value of the account may appear in it, in
 * any form.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelAdapter, SendRequest } from '../../src/channels/adapter.ts';
import { ReplyWorker } from '../../src/replies/worker.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { POLL } from '../helpers/clock.ts';
import { silentLogger } from '../helpers/redis.ts';
import { callHook, createBlock, createBot, eventsOf, ORDER_BLOCK, orderBody } from '../helpers/scenario.ts';

const SIGNING = 'http-signing-secret-5d6e7f';
const HEADER = 'x-auth-header-value-8a9b0c';

/** Throws with everything it was handed in its message, as a careless error might. */
class LeakyAdapter implements ChannelAdapter {
  readonly channel = 'http' as const;
  async send({ credentials }: SendRequest): Promise<never> {
    const headers = credentials.headers as Record<string, string>;
    throw new Error(
      `failed with ${JSON.stringify(credentials)} / ${headers['X-Auth']} / ${encodeURIComponent(SIGNING)} / ${Buffer.from(`u:${SIGNING}`).toString('base64')}`,
    );
  }
}

describe('reply errors thrown by an adapter', () => {
  let t: TestApp;
  let worker: ReplyWorker;

  beforeAll(async () => {
    t = await createTestApp();
    const { services } = t;
    worker = new ReplyWorker(
      {
        store: services.store,
        replies: services.replies,
        adapters: new Map([['http', new LeakyAdapter()]]),
        clock: services.clock,
        logger: silentLogger,
        metrics: services.metrics,
        secrets: services.secrets,
      },
      { pollMs: 50, retry: { maxAttempts: 1, baseDelayMs: 100, maxDelayMs: 100 } },
    );
    worker.start();
  });
  afterAll(async () => {
    await worker.stop();
    await t.close();
  });

  it('are stored and published with every credential redacted', async () => {
    const botId = await createBot(t.api);
    const account = await t.api.post(`/v1/bots/${botId}/channels`, {
      channel: 'http',
      alias: 'crm',
      credentials: { signingSecret: SIGNING },
      config: { url: 'https://crm.example.com/replies', headers: { 'X-Auth': HEADER } },
    });
    expect(account.status, account.text).toBe(201);
    const block = await createBlock(t.api, botId, { ...ORDER_BLOCK, channel: 'http', account: 'crm' });
    expect((await callHook(t.api, block.id, block.tokens.production, orderBody())).status).toBe(202);

    await expect.poll(async () => (await eventsOf(t.api, botId, 'message.failed')).length, POLL).toBe(1);
    const [failed] = await eventsOf(t.api, botId, 'message.failed');
    expect(failed.data.error.code).toBe('adapter_error');
    expect(failed.data.error.message).toContain('[redacted]');
    const everything = JSON.stringify(await t.api.get(`/v1/bots/${botId}/events`)) + JSON.stringify(failed);
    for (const secret of [SIGNING, HEADER, encodeURIComponent(SIGNING)]) expect(everything).not.toContain(secret);
    expect(everything).not.toContain(Buffer.from(`u:${SIGNING}`).toString('base64').slice(4, 16));
  });
});
