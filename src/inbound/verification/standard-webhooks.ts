/**
 * Standard Webhooks (Svix and others): `webhook-id`, `webhook-timestamp`, `webhook-signature:
 * v1,<base64> …`, HMAC-SHA256 of `id.timestamp.body` keyed by the base64 part of the `whsec_` secret.
 * https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md
 */
import {
  BAD_SIGNATURE,
  bytesEqual,
  checkTimestamp,
  delivered,
  fromBase64,
  hmac,
  missing,
  type RequestFacts,
  type Verdict,
} from './shared.ts';

export function standardWebhooksKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith('whsec_') ? secret.slice(6) : secret, 'base64');
}

export function checkStandardWebhooks(facts: RequestFacts, secret: string, toleranceSeconds: number, now: number): Verdict {
  const id = facts.header('webhook-id');
  const timestamp = facts.header('webhook-timestamp');
  const header = facts.header('webhook-signature');
  if (id === undefined) return missing('webhook-id');
  if (timestamp === undefined) return missing('webhook-timestamp');
  if (header === undefined) return missing('webhook-signature');
  const late = checkTimestamp('webhook-timestamp', timestamp, toleranceSeconds, now);
  if (late) return late;
  const expected = hmac('sha256', standardWebhooksKey(secret), `${id}.${timestamp}.`, facts.body);
  let matched = false;
  for (const candidate of header.split(' ')) {
    const [version, signature] = candidate.split(',', 2);
    if (version === 'v1' && signature !== undefined) matched = bytesEqual(fromBase64(signature), expected) || matched;
  }
  return matched ? delivered(id) : BAD_SIGNATURE;
}
