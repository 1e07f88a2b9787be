/**
 * Retention applies behind the dispatch cursor: with HOOKGATE_EVENT_RETENTION=100 and no worker
 * running while 300 events are published (a worker outage, or HOOKGATE_ROLE=api alone), every one
 * of them is delivered once a worker starts; then the stream is trimmed back to about the
 * retention. On Redis and in memory.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { POLL } from '../helpers/clock.ts';
import { Receiver } from '../helpers/fakes/index.ts';
import { createBot, publish, subscribe } from '../helpers/scenario.ts';

const ENV = { HOOKGATE_ALLOW_PRIVATE_NETWORK: 'true', HOOKGATE_RETRY_SCHEDULE: '1', HOOKGATE_EVENT_RETENTION: '100' };

/** Every event the bot's stream still holds (the API pages through it). */
async function storedEvents(t: TestApp, botId: string): Promise<number> {
  let count = 0;
  let cursor: string | null = null;
  do {
    const res: { status: number; text: string; body: any } = await t.api.get(
      `/v1/bots/${botId}/events?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
    );
    expect(res.status, res.text).toBe(200);
    count += res.body.data.length;
    cursor = res.body.nextCursor;
  } while (cursor);
  return count;
}

describe.each(['redis', 'memory'] as const)('event retention behind the dispatch cursor (%s store)', (store) => {
  let t: TestApp;
  let receiver: Receiver;

  beforeAll(async () => {
    t = await createTestApp({ store, env: ENV });
    receiver = await Receiver.start();
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  it('loses no undispatched event through a worker outage longer than the retention', async () => {
    const botId = await createBot(t.api);
    await subscribe(t.api, botId, { url: receiver.url(), events: ['lead.*'] });
    // A bot nobody subscribes to: its stream too is trimmed only once dispatched past.
    const quiet = await createBot(t.api);
    for (let n = 0; n < 300; n++) {
      await publish(t.api, botId, 'lead.created', { n });
      await publish(t.api, quiet, 'lead.created', { n });
    }
    expect(await storedEvents(t, botId)).toBe(300);

    t.startWorkers();
    const delivered = () => new Set(receiver.requests.map((r) => (JSON.parse(r.body) as { data: { n: number } }).data.n));
    await expect.poll(() => delivered().size, { ...POLL, timeout: 60_000 }).toBe(300);
    expect(receiver.requests).toHaveLength(300);

    // Dispatched, the stream keeps about the retention (Redis trims in whole batches).
    await expect.poll(() => storedEvents(t, botId), POLL).toBeLessThanOrEqual(110);
    expect(await storedEvents(t, botId)).toBeGreaterThanOrEqual(100);
    await expect.poll(() => storedEvents(t, quiet), POLL).toBeLessThanOrEqual(110);
  });
});
