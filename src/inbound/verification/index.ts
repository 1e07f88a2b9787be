/**
 * Sender verification for webhook blocks whose scheme is not `bearer`: one pure `verify` over the
 * request as received (raw body bytes, headers, full URL), the block's settings and its live
 * secrets. Bearer tokens (and `query-token`, the same tokens read from the URL) are checked by
 * admitCall, not here.
 */
import type { Verification, VerificationSecrets } from '../../domain/types.ts';
import { checkBasic } from './basic.ts';
import { checkHubSignature } from './github.ts';
import { checkHmac } from './hmac.ts';
import type { RequestFacts, Verdict } from './shared.ts';
import { checkShopify } from './shopify.ts';
import { checkSlack } from './slack.ts';
import { checkStandardWebhooks } from './standard-webhooks.ts';
import { checkStripe } from './stripe.ts';
import { checkTelegram } from './telegram.ts';
import { checkTwilio } from './twilio.ts';

export type { RequestFacts, Verdict } from './shared.ts';

/** How long a replaced secret keeps verifying, as a rotated token's grace period. */
export const SECRET_GRACE_MS = 24 * 3600 * 1000;
const DEFAULT_TOLERANCE_SECONDS = 300;

/** The secrets a call may be signed with now: the current one, and the previous one within its grace period. */
export function liveSecrets(secrets: VerificationSecrets, now: number): string[] {
  const live = [secrets.current];
  if (secrets.previous && secrets.previous.expiresAt > now) live.push(secrets.previous.value);
  return live;
}

/**
 * Whether the request was sent by the block's sender: tried with each live secret; a refusal that
 * is not about the signature (missing header, expired timestamp) is the same for every secret.
 */
export function verify(verification: Verification, facts: RequestFacts, secrets: readonly string[], now: number): Verdict {
  let verdict: Verdict = { ok: false, detail: 'This webhook has no secret yet.' };
  for (const secret of secrets) {
    verdict = verifyWith(verification, facts, secret, now);
    if (verdict.ok) return verdict;
  }
  return verdict;
}

function verifyWith(v: Verification, facts: RequestFacts, secret: string, now: number): Verdict {
  const tolerance = v.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  switch (v.scheme) {
    case 'basic':
      return checkBasic(facts, v.username ?? '', secret);
    case 'standard-webhooks':
      return checkStandardWebhooks(facts, secret, tolerance, now);
    case 'stripe':
      return checkStripe(facts, secret, tolerance, now);
    case 'github':
      return checkHubSignature(facts, secret, 'x-github-delivery');
    case 'meta':
      return checkHubSignature(facts, secret, null);
    case 'shopify':
      return checkShopify(facts, secret);
    case 'slack':
      return checkSlack(facts, secret, tolerance, now);
    case 'telegram':
      return checkTelegram(facts, secret);
    case 'twilio':
      return checkTwilio(facts, secret);
    case 'hmac':
      return v.hmac ? checkHmac(facts, secret, v.hmac, tolerance, now) : { ok: false, detail: 'This webhook has no signature settings.' };
    case 'query-token':
      return { ok: false, detail: 'query-token calls are checked as tokens.' };
  }
}
