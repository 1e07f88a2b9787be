import type { Context, MiddlewareHandler } from 'hono';
import { safeEqual, sha256Hex } from '../lib/crypto.ts';
import type { AppEnv } from './env.ts';
import { ApiError } from './errors.ts';

/** How long an answer is replayed. */
export const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;
/** How long a claim stands for a request still running (a process that dies mid-request frees the key then). */
export const IDEMPOTENCY_CLAIM_MS = 60_000;
const MAX_KEY_LENGTH = 255;

/** What a key holds: the body's hash, and the first answer sealed (it may carry a secret shown once) once settled. */
interface Entry {
  bodyHash: string;
  /** Unique per claim, so only the request that claimed it releases it. */
  claim?: string;
  answer?: string;
}

interface Answer {
  status: number;
  headers: [string, string][];
  body: string;
}

/** Response headers a replay repeats (the rest are per request: request id, rate limits). */
const KEPT_HEADERS = new Set(['content-type', 'location']);

/**
 * Idempotency-Key on the admin API's POSTs. Keys are apart per workspace and per path; the same key
 * and body within 24 h replays the first 2xx answer with `Idempotent-Replayed: true`; another body
 * is 409 `idempotency-key-reused`; a request with a key still in progress is 409
 * `idempotency-key-in-progress` (Retry-After: 1) and not run. A 4xx/5xx answer is not kept.
 * Runs after adminAuth: a read token never gets this far on a POST.
 */
export function adminIdempotency(): MiddlewareHandler<AppEnv> {
  return async function adminIdempotencyMiddleware(c, next) {
    const key = c.req.header('idempotency-key');
    if (c.req.method !== 'POST' || key === undefined) return next();
    if (key.length === 0 || key.length > MAX_KEY_LENGTH) {
      throw new ApiError('bad-request', `Idempotency-Key must be 1 to ${MAX_KEY_LENGTH} characters.`);
    }
    const { adminIdempotency: store, secrets } = c.get('services');
    const { workspaceId } = c.get('principal');
    // The body is cached by Hono: the route's validator reads the same text.
    const bodyHash = sha256Hex(await c.req.text());
    const recordKey = sha256Hex(JSON.stringify([workspaceId, c.req.path, key]));
    const claim: Entry = { bodyHash, claim: crypto.randomUUID() };
    const claimValue = JSON.stringify(claim);
    const existing = await store.claim(recordKey, claimValue, IDEMPOTENCY_CLAIM_MS);
    if (existing !== null) return replay(JSON.parse(existing) as Entry, bodyHash, secrets.open.bind(secrets));

    let settled = false;
    try {
      await next();
      const res = c.res;
      if (res.status >= 200 && res.status < 300) {
        const answer: Answer = {
          status: res.status,
          headers: [...res.headers].filter(([name]) => KEPT_HEADERS.has(name.toLowerCase())),
          body: await res.clone().text(),
        };
        const entry: Entry = { bodyHash, answer: await secrets.seal(answer) };
        // The work is done: a store that fails now must not turn its answer into a 503. The claim then
        // stands until it expires (a retry meanwhile gets 409 in progress rather than running twice).
        settled = true;
        await store.settle(recordKey, JSON.stringify(entry), IDEMPOTENCY_TTL_MS).catch((err: unknown) => warn(c, err));
      }
    } finally {
      if (!settled) await store.release(recordKey, claimValue).catch((err: unknown) => warn(c, err));
    }
  };
}

function warn(c: Context<AppEnv>, err: unknown): void {
  c.get('services').logger.warn(
    { requestId: c.get('requestId'), err: err instanceof Error ? err.message : String(err) },
    'idempotency record not stored',
  );
}

async function replay(entry: Entry, bodyHash: string, open: <T>(sealed: string) => Promise<T>): Promise<Response> {
  if (!safeEqual(entry.bodyHash, bodyHash)) {
    throw new ApiError('idempotency-key-reused', 'This Idempotency-Key was used with another body in the last 24 hours.');
  }
  if (entry.answer === undefined) {
    throw new ApiError('idempotency-key-in-progress', 'A request with this Idempotency-Key is still in progress; retry shortly.', {
      headers: { 'Retry-After': '1' },
    });
  }
  const answer = await open<Answer>(entry.answer);
  const headers = new Headers(answer.headers);
  headers.set('Idempotent-Replayed', 'true');
  return new Response(answer.body, { status: answer.status, headers });
}
