import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { hookgateSignature, signingKey, signStandardWebhook, standardWebhookSignature } from '../../src/net/signing.ts';

// The example from the Standard Webhooks specification and its reference libraries.
const SPEC = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

describe('Standard Webhooks signing', () => {
  it('matches the specification’s example signature', () => {
    expect(standardWebhookSignature(SPEC.secret, SPEC.id, SPEC.timestamp, SPEC.body)).toBe(SPEC.signature);
  });

  it('produces headers the standardwebhooks library accepts', () => {
    const now = Math.floor(Date.now() / 1000);
    const body = JSON.stringify({ event: 'message.sent', data: { text: 'héllo 👋' } });
    const headers = signStandardWebhook(SPEC.secret, 'evt_1', now, body);
    expect(headers['webhook-id']).toBe('evt_1');
    expect(headers['webhook-timestamp']).toBe(String(now));
    expect(new Webhook(SPEC.secret).verify(body, { ...headers })).toEqual({ event: 'message.sent', data: { text: 'héllo 👋' } });
  });

  it('is refused by the library when the body was changed', () => {
    const now = Math.floor(Date.now() / 1000);
    const headers = signStandardWebhook(SPEC.secret, 'evt_1', now, '{"a":1}');
    expect(() => new Webhook(SPEC.secret).verify('{"a":2}', { ...headers })).toThrow(/No matching signature/);
  });

  it('uses a secret without the whsec_ prefix as its UTF-8 bytes', () => {
    const now = Math.floor(Date.now() / 1000);
    const headers = signStandardWebhook('plain-secret-ü', 'evt_2', now, '{}');
    expect(() => new Webhook(new TextEncoder().encode('plain-secret-ü'), { format: 'raw' }).verify('{}', { ...headers })).not.toThrow();
    expect(signingKey('plain-secret-ü')).toEqual(Buffer.from('plain-secret-ü', 'utf8'));
  });

  it('signs with every secret during a rotation, so a receiver holding either accepts', () => {
    const now = Math.floor(Date.now() / 1000);
    const next = 'whsec_dGhlLW5ldy1zZWNyZXQtMDEyMzQ1Njc4OQ==';
    const headers = signStandardWebhook([next, SPEC.secret], 'evt_3', now, '{}');
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(headers['x-hookgate-signature'].split(' ')).toEqual([hookgateSignature(next, '{}'), hookgateSignature(SPEC.secret, '{}')]);
    for (const secret of [next, SPEC.secret]) expect(() => new Webhook(secret).verify('{}', { ...headers })).not.toThrow();
  });

  it('puts the hex HMAC-SHA256 of the body in X-Hookgate-Signature', () => {
    // HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog"), the well-known test value.
    expect(hookgateSignature('key', 'The quick brown fox jumps over the lazy dog')).toBe(
      'sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8',
    );
  });

  it.each(['', 'whsec_', 'whsec_not base64!'])('refuses the unusable secret %j', (secret) => {
    expect(() => signStandardWebhook(secret, 'evt', 1, '{}')).toThrow();
  });
});
