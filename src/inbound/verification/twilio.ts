/**
 * Twilio: `X-Twilio-Signature`, base64 HMAC-SHA1 keyed by the auth token over the full URL Twilio
 * called, followed by every POST parameter as name + value, sorted by name (repeated names: each
 * distinct value, sorted). https://www.twilio.com/docs/usage/webhooks/webhooks-security#validating-signatures-from-twilio
 */
import { BAD_SIGNATURE, bytesEqual, delivered, fromBase64, hmac, missing, type RequestFacts, type Verdict } from './shared.ts';

export function twilioSignedData(url: string, body: Uint8Array): string {
  const params = new Map<string, string[]>();
  for (const [name, value] of new URLSearchParams(Buffer.from(body).toString('utf8'))) {
    const values = params.get(name);
    if (values) values.push(value);
    else params.set(name, [value]);
  }
  let data = url;
  for (const name of [...params.keys()].sort()) {
    for (const value of [...new Set(params.get(name))].sort()) data += name + value;
  }
  return data;
}

export function checkTwilio(facts: RequestFacts, authToken: string): Verdict {
  const signature = facts.header('x-twilio-signature');
  if (signature === undefined) return missing('X-Twilio-Signature');
  const expected = hmac('sha1', authToken, Buffer.from(twilioSignedData(facts.url, facts.body), 'utf8'));
  if (!bytesEqual(fromBase64(signature.trim()), expected)) return BAD_SIGNATURE;
  return delivered(facts.header('i-twilio-idempotency-token'));
}
