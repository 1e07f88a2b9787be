/**
 * A batch: a JSON array body on a block with `batch: true`, up to 100 calls in one request. Each
 * item is its own call (extracted, stored and replied to alone, with its own request id), and the
 * answer is one 207 list of each item's outcome: its 202 body, or its problem. With an
 * Idempotency-Key (or a sender's delivery id) item `i` is kept under `<key>#<i>`, so a retried
 * batch replays the items already stored and stores the rest. A refused item is recorded in the
 * activity as a call of its own (`refused`).
 */
import type { Context } from 'hono';
import type { ChannelAccount, Environment, JsonObject, JsonValue } from '../../domain/types.ts';
import type { AppEnv } from '../../http/env.ts';
import { ApiError, type Problem, problemBody } from '../../http/errors.ts';
import { bodyChoosesAccount } from '../../inbound/choose-account.ts';
import { type AcceptedCall, type InboundRequest, prepareCall, replayKey } from '../../inbound/prepare-call.ts';
import { sha256Hex } from '../../lib/crypto.ts';
import { newId } from '../../lib/ids.ts';
import type { HookConfig } from '../../store/store.ts';
import { callContext } from './call-request.ts';

const MAX_BATCH = 100;

export type BatchResult = { index: number; status: 202; body: AcceptedCall } | { index: number; status: number; problem: Problem };

export async function acceptBatch(
  c: Context<AppEnv>,
  config: HookConfig,
  environment: Environment,
  items: readonly JsonValue[],
  idempotencyKey: string | null,
  refused: (request: InboundRequest, problem: Problem) => void = () => {},
): Promise<BatchResult[]> {
  if (items.length === 0 || items.length > MAX_BATCH) {
    throw new ApiError('bad-request', `A batch holds 1 to ${MAX_BATCH} calls; this one has ${items.length}.`);
  }
  const results: BatchResult[] = [];
  let accounts: readonly ChannelAccount[] | null = null;
  for (let index = 0; index < items.length; index++) {
    const item = items[index];
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      results.push({ index, status: 400, problem: problemBody('bad-request', 'Each call in a batch must be a JSON object.') });
      continue;
    }
    const text = JSON.stringify(item);
    const key = idempotencyKeyOf(idempotencyKey, index);
    const request: InboundRequest = {
      requestId: newId('req'),
      body: item,
      bodyBytes: Buffer.byteLength(text),
      idempotency: key === null ? null : { key, bodyHash: sha256Hex(text) },
    };
    const { store } = c.get('services');
    if (accounts === null && bodyChoosesAccount(environment, item)) accounts = await store.listChannels(config.block.botId);
    const outcome = await acceptItem(c, config, environment, request, item, accounts);
    // Each refused item is a call of its own in the activity, with its body.
    if ('problem' in outcome) refused(request, outcome.problem);
    results.push({ index, ...outcome });
  }
  return results;
}

function idempotencyKeyOf(key: string | null, index: number): string | null {
  return key === null ? null : `${key}#${index}`;
}

type ItemOutcome = { status: 202; body: AcceptedCall } | { status: number; problem: Problem };

async function acceptItem(
  c: Context<AppEnv>,
  config: HookConfig,
  environment: Environment,
  request: InboundRequest,
  item: JsonObject,
  accounts: readonly ChannelAccount[] | null,
): Promise<ItemOutcome> {
  const { store, clock, metrics } = c.get('services');
  const { block } = config;
  const key = request.idempotency === null ? null : replayKey(block, environment, request.idempotency.key);
  if (key !== null) {
    const previous = await store.getIdempotency(block.botId, key);
    if (previous) return replayed(previous.bodyHash, previous.response as AcceptedCall, request);
  }
  const choose = accounts !== null && bodyChoosesAccount(environment, item) ? accounts : null;
  const prepared = prepareCall(config, { environment, request, accounts: choose, replayKey: key, now: clock.now(), ...callContext(c) });
  if ('problem' in prepared) {
    if (prepared.outcome) metrics.inboundCalls.inc({ outcome: prepared.outcome, environment });
    return problem(problemBody(prepared.problem, prepared.detail, prepared.errors));
  }
  const result = await store.acceptInbound(prepared.write);
  if (result.kind === 'replay') return replayed(result.record.bodyHash, result.record.response as AcceptedCall, request);
  if (result.kind === 'rate-limited') {
    metrics.inboundCalls.inc({ outcome: 'rate_limited', environment });
    return problem(
      problemBody('rate-limited', `This webhook accepts ${block.rateLimit.limit} calls per ${block.rateLimit.periodSeconds} s.`),
    );
  }
  if (result.kind === 'stale') {
    // A deleted bot, not a reconfigured one: the batch gets the 404 its next call would.
    if ((await store.loadHook(block.id)) === null) throw new ApiError('not-found', 'No such webhook.');
    return problem(problemBody('webhook-reconfiguring', 'The webhook was reconfigured during the batch; send this call again.'));
  }
  metrics.inboundCalls.inc({ outcome: 'accepted', environment });
  return { status: 202, body: prepared.response };
}

function replayed(bodyHash: string, response: AcceptedCall, request: InboundRequest): ItemOutcome {
  if (request.idempotency === null || bodyHash !== request.idempotency.bodyHash) {
    return problem(problemBody('idempotency-key-reused', 'This Idempotency-Key was used with another batch in the last 24 hours.'));
  }
  return { status: 202, body: response };
}

function problem(p: Problem): ItemOutcome {
  return { status: p.status, problem: p };
}
