/**
 * GitHub and Meta (WhatsApp Cloud, Messenger, Instagram): `X-Hub-Signature-256: sha256=<hex>`, the
 * HMAC-SHA256 of the raw body. https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries
 * https://developers.facebook.com/docs/graph-api/webhooks/getting-started#validate-payloads
 */
import { BAD_SIGNATURE, bytesEqual, delivered, fromHex, hmac, missing, type RequestFacts, type Verdict } from './shared.ts';

const HEADER = 'X-Hub-Signature-256';

export function checkHubSignature(facts: RequestFacts, secret: string, deliveryHeader: string | null): Verdict {
  const signature = facts.header('x-hub-signature-256');
  if (signature === undefined) return missing(HEADER);
  if (!signature.startsWith('sha256=')) return BAD_SIGNATURE;
  const expected = hmac('sha256', secret, facts.body);
  if (!bytesEqual(fromHex(signature.slice(7)), expected)) return BAD_SIGNATURE;
  return deliveryHeader === null ? delivered(undefined) : delivered(facts.header(deliveryHeader));
}
