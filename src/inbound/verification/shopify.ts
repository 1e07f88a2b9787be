/**
 * Shopify: `X-Shopify-Hmac-Sha256: <base64>`, the HMAC-SHA256 of the raw body keyed by the app's
 * client secret. https://shopify.dev/docs/apps/build/webhooks/subscribe/https#step-5-verify-the-webhook
 */
import { BAD_SIGNATURE, bytesEqual, delivered, fromBase64, hmac, missing, type RequestFacts, type Verdict } from './shared.ts';

export function checkShopify(facts: RequestFacts, secret: string): Verdict {
  const signature = facts.header('x-shopify-hmac-sha256');
  if (signature === undefined) return missing('X-Shopify-Hmac-Sha256');
  if (!bytesEqual(fromBase64(signature.trim()), hmac('sha256', secret, facts.body))) return BAD_SIGNATURE;
  return delivered(facts.header('x-shopify-webhook-id'));
}
