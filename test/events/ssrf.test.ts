/**
 * The SSRF guard, on (HOOKGATE_ALLOW_PRIVATE_NETWORK unset): literal private destinations are
 * refused when the subscription is saved; a host name that resolves to one is refused when the
 * delivery is sent, for good, and nothing reaches the address. (Redirects are never followed at
 * all: see delivery.test.ts, where a 302 to a private address is a failed attempt.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../helpers/api.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { POLL, sleep } from '../helpers/clock.ts';
import { Receiver } from '../helpers/fakes/index.ts';
import { botEvents, createBot, finishedDelivery, publish, subscribe } from '../helpers/scenario.ts';

describe('SSRF guard on', () => {
  let t: TestApp;
  let receiver: Receiver;
  let botId: string;

  beforeAll(async () => {
    t = await createTestApp({ env: { HOOKGATE_RETRY_SCHEDULE: '1,2,3' } });
    t.startWorkers();
    expect(t.config.allowPrivateNetwork).toBe(false);
    receiver = await Receiver.start();
    botId = await createBot(t.api);
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  it.each([
    'http://127.0.0.1/',
    'http://127.0.0.1:8080/hooks',
    'http://10.0.0.1/',
    'http://169.254.169.254/latest/meta-data/',
    'http://[::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:a9fe:a9fe]/',
    'http://[fd00::1]/',
    'http://[fe80::1]/',
    'http://192.168.1.10/',
    'http://172.16.0.1/',
    'http://100.64.0.1/',
    'http://0.0.0.0/',
    'http://2130706433/',
    'http://0x7f.1/',
    'https://10.1.2.3:8443/{{ data.path }}',
    'http://[::10.0.0.1]/',
    'http://[::a9fe:a9fe]/',
    'http://[::127.0.0.1]/',
    'http://[64:ff9b:1::a9fe:a9fe]/',
    'http://[2002:a9fe:a9fe::1]/',
    'http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/',
  ])('refuses a subscription to %s at /url', async (url) => {
    const res = await t.api.post(`/v1/bots/${botId}/subscriptions`, { name: 'Internal', url, events: ['*'] });
    expectProblem(res, 400, 'validation');
    expect(res.body.errors).toEqual([
      { path: '/url', message: expect.stringMatching(/private or reserved address.*HOOKGATE_ALLOW_PRIVATE_NETWORK/) },
    ]);
  });

  it.each([
    ['http', 'url', 'http://[::10.0.0.1]/replies'],
    ['http', 'url', 'http://169.254.169.254/latest/'],
    ['http', 'url', 'http://[64:ff9b:1::a00:1]/'],
    ['whatsapp', 'apiBaseUrl', 'http://127.0.0.1:9/'],
    ['telegram', 'apiBaseUrl', 'http://[::a9fe:a9fe]/'],
    ['slack', 'apiBaseUrl', 'http://10.0.0.5/api'],
  ])('refuses a %s channel account with config.%s %s, at create and at PATCH', async (channel, field, url) => {
    const credentials: Record<string, Record<string, string>> = {
      whatsapp: { accessToken: 'EAAGtoken', phoneNumberId: '1065403522' },
      telegram: { botToken: '123456:ABCdefGHIjklMNOpqrSTUvwx' },
      slack: { botToken: 'xoxb-1234567890-abcdef' },
    };
    const base = { channel, ...(credentials[channel] ? { credentials: credentials[channel] } : {}) };
    const publicConfig = channel === 'http' ? { url: 'https://crm.example.com/replies' } : {};
    const res = await t.api.post(`/v1/bots/${botId}/channels`, {
      ...base,
      alias: `a-${channel}-${field}`,
      config: { ...publicConfig, [field]: url },
    });
    expectProblem(res, 400, 'validation');
    expect(res.body.errors).toEqual([
      { path: `/config/${field}`, message: expect.stringMatching(/private or reserved address.*HOOKGATE_ALLOW_PRIVATE_NETWORK/) },
    ]);

    const ok = await t.api.post(`/v1/bots/${botId}/channels`, { ...base, alias: `b-${channel}-${field}`, config: publicConfig });
    expect(ok.status, ok.text).toBe(201);
    const moved = await t.api.patch(`/v1/bots/${botId}/channels/${ok.body.id}`, { config: { ...publicConfig, [field]: url } });
    expectProblem(moved, 400, 'validation');
    expect(moved.body.errors.map((e: { path: string }) => e.path)).toEqual([`/config/${field}`]);
    await t.api.delete(`/v1/bots/${botId}/channels/${ok.body.id}`);
  });

  it('refuses moving a subscription to a private address', async () => {
    const sub = await subscribe(t.api, botId, { url: 'https://crm.example.com/hooks', events: ['*'], enabled: false });
    const res = await t.api.patch(`/v1/bots/${botId}/subscriptions/${sub.id}`, { url: 'http://169.254.169.254/' });
    expectProblem(res, 400, 'validation');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['/url']);
    expect((await t.api.get(`/v1/bots/${botId}/subscriptions/${sub.id}`)).body.url).toBe('https://crm.example.com/hooks');
  });

  it('accepts a host name that resolves to loopback, then refuses to deliver to it, for good', async () => {
    const url = `http://localhost:${receiver.portNumber}/hook`;
    const sub = await subscribe(t.api, botId, { url, events: ['lead.created'] });
    expect(sub.url).toBe(url);
    const eventId = await publish(t.api, botId, 'lead.created', { contact: { id: 'c1' } });

    const delivery = await finishedDelivery(t.api, botId, sub.id, eventId);
    expect(delivery.status).toBe('failed');
    expect(delivery.attempts).toHaveLength(1);
    expect(delivery.attempts[0]).toMatchObject({ succeeded: false, response: null, nextAttemptAt: null });
    expect(delivery.attempts[0].error).toMatch(/^blocked_destination: destination localhost resolves to a private or reserved address/);
    const exhausted = async () =>
      (await botEvents(t.api, botId)).filter((e) => e.type === 'delivery.exhausted').map((e) => e.data.deliveryId);
    await expect.poll(exhausted, POLL).toContain(delivery.id);
    // Not retried: two slots of the schedule later there is still the one attempt.
    await sleep(3500);
    expect((await finishedDelivery(t.api, botId, sub.id, eventId)).attempts).toHaveLength(1);
    expect(receiver.at()).toHaveLength(0);
  });

  it('refuses the test event to such a host too, and says why in the attempt', async () => {
    const sub = await subscribe(t.api, botId, { url: `http://localhost:${receiver.portNumber}/test`, events: ['*'] });
    const res = await t.api.post(`/v1/bots/${botId}/subscriptions/${sub.id}/test`, { type: 'lead.created' });
    expect(res.status, res.text).toBe(200);
    expect(res.body.status).toBe('failed');
    expect(res.body.attempts[0]).toMatchObject({ trigger: 'test', succeeded: false, response: null });
    expect(res.body.attempts[0].error).toMatch(/^blocked_destination/);
    expect(receiver.at()).toHaveLength(0);
  });
});
