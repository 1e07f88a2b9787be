/**
 * Slack: `X-Slack-Signature: v0=<hex>`, HMAC-SHA256 of `v0:<X-Slack-Request-Timestamp>:<body>`
 * keyed by the signing secret; the timestamp within five minutes.
 * https://api.slack.com/authentication/verifying-requests-from-slack
 */
import { BAD_SIGNATURE, bytesEqual, checkTimestamp, fromHex, hmac, missing, type RequestFacts, type Verdict } from './shared.ts';

export function checkSlack(facts: RequestFacts, secret: string, toleranceSeconds: number, now: number): Verdict {
  const timestamp = facts.header('x-slack-request-timestamp');
  const signature = facts.header('x-slack-signature');
  if (timestamp === undefined) return missing('X-Slack-Request-Timestamp');
  if (signature === undefined) return missing('X-Slack-Signature');
  const late = checkTimestamp('X-Slack-Request-Timestamp', timestamp, toleranceSeconds, now);
  if (late) return late;
  if (!signature.startsWith('v0=')) return BAD_SIGNATURE;
  const expected = hmac('sha256', secret, `v0:${timestamp}:`, facts.body);
  return bytesEqual(fromHex(signature.slice(3)), expected) ? { ok: true, deliveryId: null } : BAD_SIGNATURE;
}
