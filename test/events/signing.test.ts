/**
 * What a subscriber checks on every request: the Standard Webhooks signature (verified with the
 * stock `standardwebhooks` package) and X-Hookgate-Signature, both with the `whsec_` secret shown
 * at creation; and, after a rotation, both secrets verifying for the overlap.
 */
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { hookgateSignatureValid, type ReceivedRequest, Receiver, verifyDelivery } from '../helpers/fakes/index.ts';
import { createBot, publish, subscribe } from '../helpers/scenario.ts';

describe('event signatures', () => {
  let t: TestApp;
  let receiver: Receiver;

  beforeAll(async () => {
    t = await createTestApp({ env: { HOOKGATE_ALLOW_PRIVATE_NETWORK: 'true', HOOKGATE_RETRY_SCHEDULE: '1,2,3' } });
    t.startWorkers();
    receiver = await Receiver.start();
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  async function oneSignedRequest(path: string): Promise<{ request: ReceivedRequest; secret: string; botId: string; sub: any }> {
    const botId = await createBot(t.api);
    const sub = await subscribe(t.api, botId, { url: receiver.url(path), events: ['lead.created'] });
    const eventId = await publish(t.api, botId, 'lead.created', { contact: { first_name: 'Ada' } });
    const [request] = await receiver.waitFor(1, path);
    expect(request!.headers['webhook-id']).toBe(eventId);
    return { request: request!, secret: sub.secret, botId, sub };
  }

  it('signs every request so that standardwebhooks and the sha256= HMAC both verify it', async () => {
    const { request, secret } = await oneSignedRequest('/verify');
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(request.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(request.headers['x-hookgate-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(Math.abs(Number(request.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
    const payload = verifyDelivery(secret, request) as { event: string; timestamp: string; data: unknown };
    expect(payload).toMatchObject({ event: 'lead.created', data: { contact: { first_name: 'Ada' } } });
    expect(Date.parse(payload.timestamp)).not.toBeNaN();
  });

  it('fails verification for a tampered body, an old timestamp or another secret', async () => {
    const { request, secret } = await oneSignedRequest('/tamper');
    const headers = request.headers;
    const tampered = request.body.replace('Ada', 'Eve');
    expect(tampered).not.toBe(request.body);
    expect(() => new Webhook(secret).verify(tampered, headers)).toThrow(/signature/i);
    expect(hookgateSignatureValid(secret, tampered, headers['x-hookgate-signature'])).toBe(false);

    // A replay ten minutes later: the same request with its timestamp moved back is refused, and so
    // is one whose signature was recomputed for the old timestamp (outside the 5-minute tolerance).
    const old = new Date(Date.now() - 10 * 60 * 1000);
    const oldSeconds = String(Math.floor(old.getTime() / 1000));
    expect(() => new Webhook(secret).verify(request.body, { ...headers, 'webhook-timestamp': oldSeconds })).toThrow(/too old/);
    const resigned = new Webhook(secret).sign(headers['webhook-id']!, old, request.body);
    expect(() =>
      new Webhook(secret).verify(request.body, { ...headers, 'webhook-timestamp': oldSeconds, 'webhook-signature': resigned }),
    ).toThrow(/too old/);

    const stranger = `whsec_${Buffer.from('another secret entirely, 32 bytes').toString('base64')}`;
    expect(() => new Webhook(stranger).verify(request.body, headers)).toThrow(/signature/i);
    expect(hookgateSignatureValid(stranger, request.body, headers['x-hookgate-signature'])).toBe(false);
    // The untouched request still verifies: the failures above come from the changes alone.
    expect(() => verifyDelivery(secret, request)).not.toThrow();
  });

  it('never returns the secret again after creation', async () => {
    const { botId, sub, secret } = await oneSignedRequest('/once');
    const got = await t.api.get(`/v1/bots/${botId}/subscriptions/${sub.id}`);
    const list = await t.api.get(`/v1/bots/${botId}/subscriptions`);
    const log = await t.api.get(`/v1/bots/${botId}/subscriptions/${sub.id}/deliveries`);
    expect(got.body).not.toHaveProperty('secret');
    for (const res of [got, list, log]) expect(res.text).not.toContain(secret.slice('whsec_'.length));
  });

  it('signs with both secrets during a rotation, each verifying on its own', async () => {
    const botId = await createBot(t.api);
    const sub = await subscribe(t.api, botId, { url: receiver.url('/rotate'), events: ['*'] });
    const oldSecret: string = sub.secret;
    await publish(t.api, botId, 'tag.applied', { tag: 'before' });
    const [before] = await receiver.waitFor(1, '/rotate');
    expect(before!.headers['webhook-signature']!.split(' ')).toHaveLength(1);

    const rotated = await t.api.post(`/v1/bots/${botId}/subscriptions/${sub.id}/rotate-secret`);
    expect(rotated.status, rotated.text).toBe(200);
    const newSecret: string = rotated.body.secret;
    expect(newSecret).toMatch(/^whsec_/);
    expect(newSecret).not.toBe(oldSecret);
    const expiresIn = Date.parse(rotated.body.previousSecretExpiresAt) - Date.now();
    expect(expiresIn).toBeGreaterThan(24 * 3600_000 - 60_000);
    expect(expiresIn).toBeLessThanOrEqual(24 * 3600_000);
    const got = await t.api.get(`/v1/bots/${botId}/subscriptions/${sub.id}`);
    expect(got.body.secretRotation).toEqual({ previousSecretExpiresAt: rotated.body.previousSecretExpiresAt });

    await publish(t.api, botId, 'tag.applied', { tag: 'during' });
    const [, during] = await receiver.waitFor(2, '/rotate');
    const signatures = during!.headers['webhook-signature']!.split(' ');
    expect(signatures).toHaveLength(2);
    for (const s of signatures) expect(s).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(during!.headers['x-hookgate-signature']!.split(' ')).toHaveLength(2);
    // A receiver that still holds the old secret and one that already has the new one both accept it.
    expect(verifyDelivery(oldSecret, during!)).toMatchObject({ data: { tag: 'during' } });
    expect(verifyDelivery(newSecret, during!)).toMatchObject({ data: { tag: 'during' } });
    // Each signature belongs to one secret: with only one of them left, only that secret verifies.
    const headers = during!.headers;
    const verifies = (secret: string, signature: string) => {
      try {
        new Webhook(secret).verify(during!.body, { ...headers, 'webhook-signature': signature });
        return true;
      } catch {
        return false;
      }
    };
    expect(signatures.map((s) => [verifies(oldSecret, s), verifies(newSecret, s)]).sort()).toEqual([
      [false, true],
      [true, false],
    ]);
  });
});
