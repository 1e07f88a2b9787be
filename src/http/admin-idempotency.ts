import type { Context, MiddlewareHandler } from 'hono';
import { safeEqual, sha256Hex } from '../lib/crypto.ts';
import { StoreOutcomeUnknownError } from '../store/errors.ts';
import type { AppEnv } from './env.ts';
import { ApiError } from './errors.ts';

/** How long an answer is replayed. */
export const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;
/**
 * How long a claim counts as a request still running. Past it the request that claimed the key has
 * died or lost its store mid-request: it may have written, so the key answers `outcome-unknown`
 * (it is never run again, and never freed before its 24 h).
 */
export const IDEMPOTENCY_CLAIM_MS = 60_000;
const MAX_KEY_LENGTH = 255;

/**
 * What a key holds: the body's hash, and then either the request still running (`claim`), the first
 * answer sealed (it may carry a secret shown once), or the id of a request whose write ended with its
 * outcome unknown (`unknown`).
 */
interface Entry {
  bodyHash: string;
  /** Unique per claim, so only the request that claimed it releases it. */
  claim?: string;
  /** The claiming request: its id and when it began (a claim older than IDEMPOTENCY_CLAIM_MS never finished). */
  requestId?: string;
  startedAt?: number;
  answer?: string;
  /** The request id whose write may or may not have been stored. */
  unknown?: string;
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
 * `idempotency-key-in-progress` (Retry-After: 1) and not run. A 4xx/5xx answer is not kept (nothing was
 * written), except `outcome-unknown`: the write may have been stored, so the key is kept for 24 h and
 * answers 409 `idempotency-key-outcome-unknown` with the first request's id, never running it again.
 * A claim is kept 24 h from the start, so a store that cannot record any of this (hung, gone) still
 * leaves the key unusable rather than free: past IDEMPOTENCY_CLAIM_MS it answers the same.
 * Runs after adminAuth: a read token never gets this far on a POST.
 */
export function adminIdempotency(): MiddlewareHandler<AppEnv> {
  return async function adminIdempotencyMiddleware(c, next) {
    const key = c.req.header('idempotency-key');
    if (c.req.method !== 'POST' || key === undefined) return next();
    if (key.length === 0 || key.length > MAX_KEY_LENGTH) {
      throw new ApiError('bad-request', `Idempotency-Key must be 1 to ${MAX_KEY_LENGTH} characters.`);
    }
    const { adminIdempotency: store, secrets, clock } = c.get('services');
    const { workspaceId } = c.get('principal');
    // The body is cached by Hono: the route's validator reads the same text.
    const bodyHash = sha256Hex(await c.req.text());
    const recordKey = sha256Hex(JSON.stringify([workspaceId, c.req.path, key]));
    const requestId = c.get('requestId');
    const claim: Entry = { bodyHash, claim: crypto.randomUUID(), requestId, startedAt: clock.now() };
    const claimValue = JSON.stringify(claim);
    const existing = await store.claim(recordKey, claimValue, IDEMPOTENCY_TTL_MS);
    if (existing !== null) return replay(JSON.parse(existing) as Entry, bodyHash, clock.now(), secrets.open.bind(secrets));

    let settled = false;
    try {
      await next();
      const res = c.res;
      if (endedUnknown(c.error)) {
        // The write may be stored: the key must never run it again. Recorded as unknown if the store
        // answers; if not, the claim itself stands for 24 h and says the same once it is stale.
        settled = true;
        const entry: Entry = { bodyHash, unknown: requestId };
        await store.settle(recordKey, JSON.stringify(entry), IDEMPOTENCY_TTL_MS).catch((err: unknown) => warn(c, err));
      } else if (res.status >= 200 && res.status < 300) {
        const answer: Answer = {
          status: res.status,
          headers: [...res.headers].filter(([name]) => KEPT_HEADERS.has(name.toLowerCase())),
          body: await res.clone().text(),
        };
        const entry: Entry = { bodyHash, answer: await secrets.seal(answer) };
        // The work is done: a store that fails now must not turn its answer into a 503. The claim then
        // stands (a retry gets 409 in progress, then outcome unknown, rather than running twice).
        settled = true;
        await store.settle(recordKey, JSON.stringify(entry), IDEMPOTENCY_TTL_MS).catch((err: unknown) => warn(c, err));
      }
    } finally {
      if (!settled) await store.release(recordKey, claimValue).catch((err: unknown) => warn(c, err));
    }
  };
}

/** The handler's write was sent and not answered (the store's error, or a route's own problem for it). */
function endedUnknown(err: unknown): boolean {
  return err instanceof StoreOutcomeUnknownError || (err instanceof ApiError && err.problem === 'outcome-unknown');
}

function warn(c: Context<AppEnv>, err: unknown): void {
  c.get('services').logger.warn(
    { requestId: c.get('requestId'), err: err instanceof Error ? err.message : String(err) },
    'idempotency record not stored',
  );
}

async function replay(entry: Entry, bodyHash: string, now: number, open: <T>(sealed: string) => Promise<T>): Promise<Response> {
  if (!safeEqual(entry.bodyHash, bodyHash)) {
    throw new ApiError('idempotency-key-reused', 'This Idempotency-Key was used with another body in the last 24 hours.');
  }
  if (entry.unknown !== undefined) throw outcomeUnknownKey(entry.unknown);
  if (entry.answer === undefined) {
    // A claim from before startedAt was recorded (or with no time) counts as running until it expires.
    if (entry.startedAt !== undefined && now - entry.startedAt > IDEMPOTENCY_CLAIM_MS) throw outcomeUnknownKey(entry.requestId);
    throw new ApiError('idempotency-key-in-progress', 'A request with this Idempotency-Key is still in progress; retry shortly.', {
      headers: { 'Retry-After': '1' },
    });
  }
  const answer = await open<Answer>(entry.answer);
  const headers = new Headers(answer.headers);
  headers.set('Idempotent-Replayed', 'true');
  return new Response(answer.body, { status: answer.status, headers });
}

/** The key's first request may have been stored: say so, with its request id, and run nothing. */
function outcomeUnknownKey(requestId: string | undefined): ApiError {
  const which = requestId === undefined ? 'The first request' : `The first request (${requestId})`;
  return new ApiError(
    'idempotency-key-outcome-unknown',
    `${which} with this Idempotency-Key ended with its outcome unknown: the store stopped answering after its write was ` +
      'sent, so it may have been carried out. This key will not run it again. Check whether it took effect (read or list ' +
      'the resource) and, if it did not, send it again under a new Idempotency-Key.',
    requestId === undefined ? {} : { requestId },
  );
}
