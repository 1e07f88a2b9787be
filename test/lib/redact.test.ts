import { describe, expect, it } from 'vitest';
import { statusFailure, unexpectedSuccess } from '../../src/channels/classify.ts';
import { secretValues } from '../../src/events/sealed-request.ts';
import { REDACTED, redactSecrets } from '../../src/lib/redact.ts';
import type { HttpResponse } from '../../src/net/http-client.ts';

const SECRET = 'sk_live_0123456789abcdefXYZ';

function response(status: number, body: string): HttpResponse {
  return { status, headers: {}, body, truncated: false, durationMs: 1 } as HttpResponse;
}

describe('redactSecrets', () => {
  it('replaces the raw, URL-encoded and base64 forms', () => {
    const secret = 'p@ss w/rd+=secret';
    const text = [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64'), Buffer.from(secret).toString('base64url')];
    for (const form of text) expect(redactSecrets(`before ${form} after`, [secret])).not.toContain(form);
    expect(redactSecrets(`x ${secret} y`, [secret])).toBe(`x ${REDACTED} y`);
  });

  it.each([['AC123'], ['ACabcdef0123456789abcdef0123456789'], ['A'], ['']])(
    'finds a token inside HTTP Basic base64(%j:token), whatever its byte offset',
    (sid) => {
      const token = 'f00dbabe0123456789abcdef01234567';
      const basic = `Basic ${Buffer.from(`${sid}:${token}`).toString('base64')}`;
      const out = redactSecrets(`the request carried Authorization: ${basic}`, [token]);
      expect(out).toContain(REDACTED);
      // What is left of the base64 value no longer decodes to anything holding the token or most of it.
      const left = out.split('Basic ')[1]!.split(REDACTED).join('');
      expect(Buffer.from(left, 'base64').toString('latin1')).not.toContain(token.slice(0, 8));
    },
  );

  it('leaves a text without secrets as it is, and ignores empty or very short secrets', () => {
    expect(redactSecrets('nothing to see', [SECRET])).toBe('nothing to see');
    expect(redactSecrets('a b c', ['', 'a', 'b'])).toBe('a b c');
  });
});

describe('provider error messages', () => {
  it.each([150, 180, 190, 195, 199, 200])('never keep a prefix of a secret that crosses the 200-character cut (at %i)', (at) => {
    const body = `${'x'.repeat(at)}${SECRET}${'y'.repeat(50)}`;
    const failure = statusFailure(response(500, body), [SECRET]);
    expect(failure.message).not.toContain(SECRET.slice(0, 4));
    const unexpected = unexpectedSuccess('sms', response(200, body), [SECRET]);
    expect(unexpected.message).not.toContain(SECRET.slice(0, 4));
  });

  it('redacts a base64 Basic header echoed by the provider', () => {
    const basic = Buffer.from(`AC0123456789:${SECRET}`).toString('base64');
    const failure = statusFailure(response(401, `{"message":"bad auth","header":"Basic ${basic}"}`), [SECRET]);
    expect(failure.message).not.toContain(basic);
    expect(failure.message).toContain(REDACTED);
  });
});

describe('secretValues (what a delivery log redacts by value)', () => {
  it('takes configured values as written, not event data a placeholder renders', () => {
    const values = secretValues({
      url: 'https://crm.example.com/hook?token=q-secret-123&contact={{ data.contact.id }}&k=a%2Bb',
      headers: {
        'X-Auth': 'xauth-secret-1',
        Authorization: 'Bearer {{ data.token }} sig-abcdefgh',
        'X-Event': '{{ event }}',
        'Content-Type': 'application/json',
      },
      params: { api_key: 'param-secret-2', page: '{{ data.page }}' },
    });
    expect(values).toEqual(expect.arrayContaining(['xauth-secret-1', 'sig-abcdefgh', 'param-secret-2', 'q-secret-123', 'a%2Bb', 'a+b']));
    expect(values).not.toContain('application/json');
    expect(values).not.toContain('Bearer');
    expect(values.some((v) => v.includes('{{'))).toBe(false);
  });
});
