/**
 * The inbound path of a block whose scheme is not `bearer`. Order: (allowedIps, in the route) →
 * query-token: the token (401) before the body; signature schemes: the body within its limit (413)
 * → the signature over its raw bytes (401) → disabled (403) → media type (415) → parse (400). A
 * signature scheme must read the bytes it checks, and refuses before saying what it would accept.
 */
import type { Context } from 'hono';
import type { Environment, VerificationSecrets } from '../../domain/types.ts';
import type { AppEnv } from '../../http/env.ts';
import { ApiError } from '../../http/errors.ts';
import { admitCall, type CallRefusal } from '../../inbound/prepare-call.ts';
import { liveSecrets, verify } from '../../inbound/verification/index.ts';
import { sha256Hex } from '../../lib/crypto.ts';
import type { HookConfig } from '../../store/store.ts';
import { asCall, type CallRead, callRequestId, idempotencyKeyOf, mediaTypeOf, parseBody } from './call-request.ts';

export interface SenderCall {
  environment: Environment;
  request: CallRead;
}

/** The call admitted, a refusal decided on the config (to decide again on a fresh copy), or a handshake answer. */
export async function admitSender(
  c: Context<AppEnv>,
  config: HookConfig,
  readBody: () => Promise<Uint8Array>,
  now: number,
  onAdmitted: (environment: Environment) => void = () => {},
): Promise<SenderCall | CallRefusal | { handshake: string }> {
  const { block } = config;
  const verification = block.verification!;
  const services = c.get('services');
  let environment: Environment;
  let deliveryId: string | null = null;
  let raw: Uint8Array;
  if (verification.scheme === 'query-token') {
    const token = c.req.query('token');
    const verdict = admitCall(config, token === undefined ? undefined : await services.webhookTokens.verify(token), now);
    if (typeof verdict !== 'string') return verdict.problem === 'unauthorized' ? { ...verdict, detail: QUERY_TOKEN } : verdict;
    environment = verdict;
    onAdmitted(environment);
    raw = await readBody();
  } else {
    raw = await readBody();
    const secrets = verification.secrets ? await services.secrets.open<VerificationSecrets>(verification.secrets) : null;
    const url = `${services.config.publicBaseUrl}/hooks/${block.id}${search(c.req.url)}`;
    const facts = { url, header: (name: string) => c.req.header(name), body: raw };
    const verdict = verify(verification, facts, secrets ? liveSecrets(secrets, now) : [], now);
    if (!verdict.ok) return { problem: 'unauthorized', detail: verdict.detail };
    if (!block.enabled) return { problem: 'webhook-disabled', detail: 'This webhook is disabled.' };
    deliveryId = verdict.deliveryId;
    environment = c.req.query('env') === 'development' ? 'development' : 'production';
    onAdmitted(environment);
  }
  const { body, batch } = asCall(parseBody(mediaTypeOf(c), raw));
  if (verification.scheme === 'slack' && body.type === 'url_verification' && typeof body.challenge === 'string') {
    // Slack's endpoint check: answered at once with the challenge, stored nowhere.
    return { handshake: body.challenge };
  }
  if (verification.scheme === 'stripe' && typeof body.id === 'string') deliveryId = body.id;
  // A sender's own delivery id makes its retries replays, unless the caller sent an Idempotency-Key.
  const key = idempotencyKeyOf(c) ?? deliveryId;
  const request: CallRead = {
    requestId: callRequestId(c),
    body,
    batch,
    bodyBytes: raw.byteLength,
    idempotency: key === null ? null : { key, bodyHash: sha256Hex(raw) },
  };
  return { environment, request };
}

const QUERY_TOKEN = 'Missing or invalid token: call this URL with ?token=<the webhook token>.';

function search(url: string): string {
  const at = url.indexOf('?');
  return at < 0 ? '' : url.slice(at);
}

export function senderRefusal(refusal: CallRefusal, scheme: string): ApiError {
  const headers: Record<string, string> = scheme === 'basic' ? { 'WWW-Authenticate': 'Basic realm="hookgate"' } : {};
  return new ApiError(refusal.problem, refusal.detail, { errors: refusal.errors, headers });
}
