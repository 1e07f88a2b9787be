import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SmsAdapter } from '../../src/channels/sms.ts';
import type { Reply } from '../../src/domain/types.ts';
import { HttpClient } from '../../src/net/http-client.ts';
import { aSendRequest } from '../helpers/channel-fixtures.ts';
import { type FakeProvider, startFakeTwilio, twilioError } from '../helpers/fakes/index.ts';
import { describeTransportFailures } from './transport-contract.ts';

const credentials = { accountSid: 'AC0123456789abcdef0123456789abcdef', authToken: 'secret-twilio-auth-token-55e1', from: '+14155550100' };

describe('SMS adapter (Twilio Messages API)', () => {
  let fake: FakeProvider;
  const http = new HttpClient({ allowPrivateNetwork: true });
  const adapter = new SmsAdapter(http);

  beforeAll(async () => {
    fake = await startFakeTwilio(credentials);
  });
  afterAll(async () => {
    await fake.close();
    http.close();
  });
  beforeEach(() => fake.reset());

  const send = (message: Partial<Reply> = {}, creds: Record<string, string> = credentials) =>
    adapter.send(aSendRequest('sms', { apiBaseUrl: fake.apiBaseUrl }, creds, { contact: '+14155550123', ...message }));
  const sentForm = () => Object.fromEntries(new URLSearchParams(fake.requests[0]!.body));

  it('creates a Message with To, From and Body under Basic auth, returning its sid', async () => {
    fake.respondWith([
      {
        status: 201,
        body: {
          sid: 'SM1f0e8ae6ade43cb3c0ce4525424e404f',
          status: 'queued',
          to: '+14155550123',
          from: '+14155550100',
          body: 'Your code is 1234',
        },
      },
    ]);
    const result = await send({ text: 'Your code is 1234' });

    expect(result).toEqual({ ok: true, providerMessageId: 'SM1f0e8ae6ade43cb3c0ce4525424e404f' });
    expect(fake.violations).toEqual([]);
    const [request] = fake.requests;
    expect(request).toMatchObject({ method: 'POST', path: `/2010-04-01/Accounts/${credentials.accountSid}/Messages.json` });
    expect(request!.headers.authorization).toBe(
      `Basic ${Buffer.from(`${credentials.accountSid}:${credentials.authToken}`).toString('base64')}`,
    );
    expect(request!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(sentForm()).toEqual({ To: '+14155550123', From: '+14155550100', Body: 'Your code is 1234' });
  });

  it('appends buttons to the body as numbered lines', async () => {
    const result = await send({
      text: 'Confirm your booking for Friday?',
      buttons: [
        { id: 'yes', title: 'Yes' },
        { id: 'no', title: 'No' },
      ],
    });
    expect(result.ok).toBe(true);
    expect(sentForm().Body).toBe('Confirm your booking for Friday?\n\n1. Yes\n2. No');
  });

  it('sends through Twilio’s WhatsApp sender with the whatsapp: prefix on both numbers', async () => {
    const result = await send({ text: 'Hi' }, { ...credentials, from: 'whatsapp:+14155550100' });
    expect(result.ok).toBe(true);
    expect(fake.violations).toEqual([]);
    expect(sentForm()).toEqual({ To: 'whatsapp:+14155550123', From: 'whatsapp:+14155550100', Body: 'Hi' });
  });

  it('fails for good, sending nothing, without a From number', async () => {
    const { from: _from, ...partial } = credentials;
    const result = await send({}, partial as Record<string, string>);
    expect(result).toMatchObject({ ok: false, retryable: false, code: 'sms:missing_credentials' });
    expect(fake.requests).toHaveLength(0);
  });

  describe('classifies Twilio errors by their code', () => {
    it('waits as long as Retry-After says on a 429 (20429)', async () => {
      fake.respondWith([twilioError(429, 20429, 'Too Many Requests', { 'Retry-After': '2' })]);
      expect(await send()).toEqual({
        ok: false,
        retryable: true,
        code: 'sms:20429',
        message: 'Too Many Requests (https://www.twilio.com/docs/errors/20429)',
        retryAfterMs: 2000,
      });
    });

    it.each([
      ['a 503 with a Twilio error', twilioError(503, 20500, 'Service Unavailable'), 'sms:20500'],
      ['a 500 without a body', { status: 500 }, 'http_500'],
    ])('retries later on %s', async (_name, response, code) => {
      fake.respondWith([response]);
      expect(await send()).toMatchObject({ ok: false, retryable: true, code });
    });

    it.each([
      ['21211 invalid To', twilioError(400, 21211, "The 'To' number +1415555 is not a valid phone number."), 'sms:21211'],
      ['21610 recipient unsubscribed (STOP)', twilioError(400, 21610, 'Attempt to send to unsubscribed recipient'), 'sms:21610'],
      ['21614 not a mobile number', twilioError(400, 21614, "'To' number is not a valid mobile number"), 'sms:21614'],
      [
        '21408 region not enabled',
        twilioError(400, 21408, "Permission to send an SMS has not been enabled for the region indicated by the 'To' number"),
        'sms:21408',
      ],
      ['20003 authentication failed', twilioError(401, 20003, 'Authenticate'), 'sms:20003'],
    ])('fails for good on %s', async (_name, response, code) => {
      fake.respondWith([response]);
      const result = await send();
      expect(result).toMatchObject({ ok: false, retryable: false, code });
      expect(!result.ok && result.message).toContain(`https://www.twilio.com/docs/errors/${code.slice(4)}`);
    });

    it('is refused with 20003 for a wrong auth token, and never repeats the token', async () => {
      const wrong = { ...credentials, authToken: 'wrong-twilio-auth-token-0000' };
      const result = await send({}, wrong);
      expect(result).toMatchObject({ ok: false, retryable: false, code: 'sms:20003' });
      expect(JSON.stringify(result)).not.toContain(wrong.authToken);
    });

    it('gets 21211 from the provider for a number that is not E.164', async () => {
      const result = await send({ contact: '0612345678' });
      expect(result).toMatchObject({ ok: false, retryable: false, code: 'sms:21211' });
    });
  });

  describeTransportFailures({
    adapter: (client, options) => new SmsAdapter(client, options),
    request: (baseUrl, signal) => aSendRequest('sms', { apiBaseUrl: baseUrl }, credentials, { contact: '+14155550123' }, signal),
    fake: () => fake,
    secrets: [credentials.authToken],
  });
});
