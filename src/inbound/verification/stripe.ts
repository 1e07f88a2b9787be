/**
 * Stripe: `Stripe-Signature: t=<unix>,v1=<hex>[,v1=…]`, HMAC-SHA256 of `t.body` keyed by the
 * endpoint secret as given (`whsec_…` included); any v1 may match. The delivery id (the event's
 * `id`) is in the body, read by the route once the body is parsed.
 * https://docs.stripe.com/webhooks#verify-manually
 */
import { BAD_SIGNATURE, bytesEqual, checkTimestamp, fromHex, hmac, missing, type RequestFacts, type Verdict } from './shared.ts';

export function checkStripe(facts: RequestFacts, secret: string, toleranceSeconds: number, now: number): Verdict {
  const header = facts.header('stripe-signature');
  if (header === undefined) return missing('Stripe-Signature');
  let timestamp: string | null = null;
  const signatures: Buffer[] = [];
  for (const part of header.split(',')) {
    const at = part.indexOf('=');
    const name = part.slice(0, at).trim();
    const value = part.slice(at + 1).trim();
    if (name === 't') timestamp = value;
    else if (name === 'v1') signatures.push(fromHex(value));
  }
  if (timestamp === null || signatures.length === 0) return BAD_SIGNATURE;
  const late = checkTimestamp('Stripe-Signature', timestamp, toleranceSeconds, now);
  if (late) return late;
  const expected = hmac('sha256', secret, `${timestamp}.`, facts.body);
  // Every candidate is compared, so the time taken does not tell which one matched.
  let matched = false;
  for (const s of signatures) matched = bytesEqual(s, expected) || matched;
  return matched ? { ok: true, deliveryId: null } : BAD_SIGNATURE;
}
