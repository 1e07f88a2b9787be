/**
 * A worker killed with SIGKILL in the middle of a delivery loses nothing: once the delivery's
 * lease (HOOKGATE_DELIVERY_LEASE_MS, shortened here) has passed, another worker process sends it
 * again with the same webhook-id, and an event published while no worker ran is delivered too.
 * Real processes (`node src/main.ts`) on real Redis, under their own key prefix.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpApi } from '../helpers/api.ts';
import { Receiver, verifyDelivery } from '../helpers/fakes/index.ts';
import { connectTestRedis, deletePrefix, TEST_REDIS_URL } from '../helpers/redis.ts';
import {
  aSecret,
  killAllServices,
  mintAdminToken,
  type ServiceProcess,
  startService,
  startWorkerProcess,
} from '../helpers/service-process.ts';

const LEASE_MS = 6000;

describe('event delivery survives a worker killed mid-delivery', () => {
  const prefix = `hgcrash${randomBytes(5).toString('hex')}`;
  const secret = aSecret();
  const env = {
    REDIS_URL: TEST_REDIS_URL,
    HOOKGATE_SECRET: secret,
    HOOKGATE_REDIS_PREFIX: prefix,
    HOOKGATE_ALLOW_PRIVATE_NETWORK: 'true',
    HOOKGATE_RETRY_SCHEDULE: '1,2,3',
    HOOKGATE_DELIVERY_LEASE_MS: String(LEASE_MS),
  };
  let receiver: Receiver;
  let api: HttpApi;

  const startWorker = (): Promise<ServiceProcess> => startWorkerProcess(env);

  beforeAll(async () => {
    receiver = await Receiver.start();
    const apiProcess = await startService({ ...env, HOOKGATE_ROLE: 'api' });
    api = await HttpApi.connect(apiProcess.baseUrl, await mintAdminToken(secret));
  }, 60_000);

  afterAll(async () => {
    await killAllServices();
    await receiver.close();
    const client = await connectTestRedis();
    await deletePrefix(client, prefix);
    await client.close();
  });

  it('resends the interrupted delivery after the lease, and delivers what was published meanwhile', async () => {
    const bot = await api.post('/v1/bots', { name: 'Crash bot' });
    expect(bot.status, bot.text).toBe(201);
    const botId: string = bot.body.id;
    const sub = await api.post(`/v1/bots/${botId}/subscriptions`, { name: 'CRM', url: receiver.url(), events: ['lead.*'] });
    expect(sub.status, sub.text).toBe(201);
    const base = `/v1/bots/${botId}/subscriptions/${sub.body.id}/deliveries`;

    const first = await startWorker();
    receiver.answerNext({ hang: true });
    const interrupted = await api.post(`/v1/bots/${botId}/events`, { type: 'lead.created', data: { n: 1 } });
    expect(interrupted.status).toBe(202);
    const [held] = await receiver.waitFor(1);
    expect(held!.headers['webhook-id']).toBe(interrupted.body.id);
    expect(await first.kill('SIGKILL')).toMatchObject({ signal: 'SIGKILL' });

    // The attempt in flight was never recorded: the delivery is still pending, with no attempt.
    const pending = await api.get(base);
    expect(pending.body.data).toHaveLength(1);
    expect(pending.body.data[0]).toMatchObject({ status: 'pending', attempts: [] });

    const meanwhile = await api.post(`/v1/bots/${botId}/events`, { type: 'lead.updated', data: { n: 2 } });
    expect(meanwhile.status).toBe(202);
    await startWorker();

    const statuses = async () => ((await api.get(base)).body.data as any[]).map((d) => d.status);
    await expect.poll(statuses, { timeout: 45_000, interval: 200 }).toEqual(['succeeded', 'succeeded']);
    const done = (await api.get(base)).body.data as any[];
    const byEvent = new Map(done.map((d) => [d.event.id, d]));
    for (const id of [interrupted.body.id, meanwhile.body.id]) {
      expect(byEvent.get(id).attempts.map((a: any) => [a.trigger, a.succeeded])).toEqual([['scheduled', true]]);
    }

    // The receiver saw the interrupted event twice, under one webhook-id (at least once; a receiver
    // deduplicates on it), the second time only after the lease ran out; the other event once.
    const requests = receiver.at();
    const resent = requests.filter((r) => r.headers['webhook-id'] === interrupted.body.id);
    expect(resent).toHaveLength(2);
    expect(resent[1]!.at - resent[0]!.at).toBeGreaterThanOrEqual(LEASE_MS - 500);
    expect(requests.filter((r) => r.headers['webhook-id'] === meanwhile.body.id)).toHaveLength(1);
    expect(requests).toHaveLength(3);
    for (const r of requests) expect(() => verifyDelivery(sub.body.secret, r)).not.toThrow();
    expect(verifyDelivery(sub.body.secret, resent[1]!)).toMatchObject({ event: 'lead.created', data: { n: 1 } });
  }, 90_000);
});
