/** The pure sender checks: what the API tests do not reach one by one. */
import { createHmac } from 'node:crypto';
import Stripe from 'stripe';
import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import type { Verification } from '../../src/domain/types.ts';
import { parseFormBody } from '../../src/inbound/form-body.ts';
import { liveSecrets, SECRET_GRACE_MS, verify } from '../../src/inbound/verification/index.ts';
import { twilioSignedData } from '../../src/inbound/verification/twilio.ts';

const now = Date.parse('2026-03-01T12:00:00Z');
const ts = String(now / 1000);
const facts = (headers: Record<string, string>, body: string, url = 'https://hooks.example.com/hooks/wh_1') => ({
  url,
  header: (name: string) => headers[name.toLowerCase()],
  body: new TextEncoder().encode(body),
});

describe('verify', () => {
  it('accepts any matching v1 in a Stripe header, and none that is not', () => {
    const body = '{"id":"evt_1"}';
    const good = Stripe.webhooks.generateTestHeaderString({ payload: body, secret: 'whsec_a', timestamp: now / 1000 });
    const v1 = good.split(',v1=')[1]!;
    const header = `t=${ts},v1=${'0'.repeat(64)},v1=${v1}`;
    expect(verify({ scheme: 'stripe' }, facts({ 'stripe-signature': header }, body), ['whsec_a'], now)).toEqual({
      ok: true,
      deliveryId: null,
    });
    expect(verify({ scheme: 'stripe' }, facts({ 'stripe-signature': `t=${ts}` }, body), ['whsec_a'], now).ok).toBe(false);
    expect(verify({ scheme: 'stripe' }, facts({ 'stripe-signature': 'garbage' }, body), ['whsec_a'], now).ok).toBe(false);
  });

  it('tries the previous secret too, until its grace period ends', () => {
    const secrets = { current: 'new-secret', previous: { value: 'old-secret', expiresAt: now + SECRET_GRACE_MS } };
    expect(liveSecrets(secrets, now)).toEqual(['new-secret', 'old-secret']);
    expect(liveSecrets(secrets, now + SECRET_GRACE_MS)).toEqual(['new-secret']);
    const body = 'x';
    const signature = `sha256=${createHmac('sha256', 'old-secret').update(body).digest('hex')}`;
    const github: Verification = { scheme: 'github' };
    expect(verify(github, facts({ 'x-hub-signature-256': signature }, body), liveSecrets(secrets, now), now).ok).toBe(true);
    expect(verify(github, facts({ 'x-hub-signature-256': signature }, body), liveSecrets(secrets, now + SECRET_GRACE_MS), now).ok).toBe(
      false,
    );
  });

  it('signs the body alone for hmac without a timestamp header, and refuses a non-hex signature', () => {
    const v: Verification = { scheme: 'hmac', hmac: { header: 'X-Sig', algorithm: 'sha1', encoding: 'hex' } };
    const body = '{"a":1}';
    const sig = createHmac('sha1', 's3cret').update(body).digest('hex');
    expect(verify(v, facts({ 'x-sig': sig }, body), ['s3cret'], now).ok).toBe(true);
    expect(verify(v, facts({ 'x-sig': 'zz' }, body), ['s3cret'], now).ok).toBe(false);
    expect(verify(v, facts({ 'x-sig': sig.toUpperCase() }, body), ['s3cret'], now).ok).toBe(true);
  });

  it('refuses a future timestamp beyond the tolerance, and a non-numeric one', () => {
    const v: Verification = { scheme: 'slack', toleranceSeconds: 60 };
    const body = 'x';
    const at = String(now / 1000 + 61);
    const sig = `v0=${createHmac('sha256', 's').update(`v0:${at}:${body}`).digest('hex')}`;
    const late = verify(v, facts({ 'x-slack-request-timestamp': at, 'x-slack-signature': sig }, body), ['s'], now);
    expect(late).toEqual({ ok: false, detail: expect.stringContaining('expired') });
    const bad = verify(v, facts({ 'x-slack-request-timestamp': '1e9', 'x-slack-signature': sig }, body), ['s'], now);
    expect(bad).toEqual({ ok: false, detail: expect.stringContaining('not a Unix timestamp') });
  });

  it('has no secret to check with: refused', () => {
    expect(verify({ scheme: 'github' }, facts({ 'x-hub-signature-256': 'sha256=00' }, 'x'), [], now).ok).toBe(false);
  });
});

describe('twilioSignedData', () => {
  it('is what the twilio library signs, with repeated and unordered parameters', () => {
    const body = 'To=%2B1555&Body=Hi+there&MediaUrl=b&MediaUrl=a&From=%2B1666&%C3%BC=%E2%82%AC';
    const url = 'https://hooks.example.com/hooks/wh_1?env=development';
    const params: Record<string, string | string[]> = { To: '+1555', Body: 'Hi there', MediaUrl: ['b', 'a'], From: '+1666', ü: '€' };
    const expected = twilio.getExpectedTwilioSignature('token', url, params);
    expect(
      createHmac('sha1', 'token')
        .update(twilioSignedData(url, new TextEncoder().encode(body)))
        .digest('base64'),
    ).toBe(expected);
  });
});

describe('parseFormBody', () => {
  it('gives strings, arrays for repeated names, and own __proto__ / constructor keys', () => {
    const body = parseFormBody(new TextEncoder().encode('a=1&b=x&b=y&b=z&__proto__=p&constructor=c&empty='));
    expect(Object.keys(body)).toEqual(['a', 'b', '__proto__', 'constructor', 'empty']);
    expect(body).toMatchObject({ a: '1', b: ['x', 'y', 'z'], constructor: 'c', empty: '' });
    expect(Object.getOwnPropertyDescriptor(body, '__proto__')?.value).toBe('p');
    expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
  });
});
