import type { AdapterRegistry, SendResult } from '../channels/adapter.ts';
import { recordSandboxMessage } from '../channels/sandbox.ts';
import type { BotEvent, ChannelAccount, JsonObject, Reply } from '../domain/types.ts';
import type { EventData } from '../events/event-data.ts';
import { renderReply, withStoredVariables } from '../inbound/render-reply.ts';
import { type Clock, isoTime } from '../lib/clock.ts';
import { newId } from '../lib/ids.ts';
import type { Logger } from '../lib/logger.ts';
import type { Metrics } from '../lib/metrics.ts';
import { redactSecrets } from '../lib/redact.ts';
import type { Secrets } from '../lib/secrets.ts';
import { ClaimLoop, type ClaimLoopOptions, errMessage } from '../scheduling/claim-loop.ts';
import type { ReplyLease, ReplyQueue, Settlement, SettleRequest, Store } from '../store/store.ts';
import { noTracing, type Tracing } from '../telemetry/tracing.ts';
import { DEFAULT_REPLY_RETRY, nextDelayMs, type RetryPolicy, shouldRetry } from './retry-policy.ts';
import { type PartsOutcome, sendParts } from './send-parts.ts';

export interface ReplyWorkerDeps {
  store: Store;
  replies: ReplyQueue;
  adapters: AdapterRegistry;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  secrets: Secrets;
  tracing?: Tracing;
}

export interface ReplyWorkerOptions extends ClaimLoopOptions {
  /** Provider request timeout; must stay well below the lease. */
  sendTimeoutMs: number;
  lanesPerClaim: number;
  retry: RetryPolicy;
}

export const DEFAULT_REPLY_WORKER_OPTIONS: ReplyWorkerOptions = {
  leaseMs: 60_000,
  sendTimeoutMs: 15_000,
  pollMs: 250,
  botsPerClaim: 16,
  lanesPerClaim: 32,
  maxConcurrentPasses: 64,
  reconcileEveryMs: 60_000,
  retry: DEFAULT_REPLY_RETRY,
};

/**
 * Delivers queued replies: claims bots with due lanes, sends each lane's head through its
 * channel's adapter, and settles the outcome (sent, retry later, failed) atomically with its event.
 *
 * Order holds per lane because a lane is leased to one attempt at a time and its head is only
 * popped by the settlement. Everything else runs side by side: the lanes of a bot within a pass,
 * and passes (over different bots, or over the same bot when new work arrives mid-pass).
 */
export class ReplyWorker {
  private readonly deps: ReplyWorkerDeps;
  private readonly options: ReplyWorkerOptions;
  private readonly loop: ClaimLoop;

  constructor(deps: ReplyWorkerDeps, options: Partial<ReplyWorkerOptions> = {}) {
    this.deps = deps;
    this.options = { ...DEFAULT_REPLY_WORKER_OPTIONS, ...options };
    const { clock, logger } = deps;
    this.loop = new ClaimLoop(deps.replies, (botId) => this.pass(botId), { clock, logger, name: 'reply worker' }, this.options);
  }

  start(): void {
    this.loop.start();
  }

  /** Stops claiming new work and resolves once in-flight deliveries are settled. */
  async stop(): Promise<void> {
    await this.loop.stop();
  }

  /**
   * One pass over a bot: deliver due lane heads until none is due (the loop then releases the bot).
   * A round that claimed fewer lanes than it could took every lane due at the time; the pass claims
   * again only if a settlement made a lane due meanwhile (its next message). Work queued meanwhile
   * signals the scheduler, which starts a pass of its own.
   */
  private async pass(botId: string): Promise<void> {
    const { replies, clock } = this.deps;
    const { lanesPerClaim, leaseMs } = this.options;
    for (let round = 0; round < 100 && !this.loop.stopping.aborted; round++) {
      const claimedAt = clock.now();
      const claimed = this.deps.metrics.runtime.time('reply_claim');
      const lanes = await replies.claimLanes(botId, claimedAt, lanesPerClaim, leaseMs);
      claimed();
      if (lanes.length === 0) break;
      const dueNow = await allDone(lanes.map((lane) => this.deliver(lane, claimedAt + leaseMs)));
      if (lanes.length < lanesPerClaim && !dueNow.some(Boolean)) break;
    }
  }

  /** Delivers one leased lane head; true when its settlement left the lane's next message due now. */
  private async deliver(lease: ReplyLease, leaseEnds: number): Promise<boolean> {
    const { replies, clock, logger, metrics } = this.deps;
    const attempt = { ...lease.message, attempts: lease.message.attempts + 1 };
    metrics.replySendsInFlight.inc();
    let request: SettleRequest;
    let settlement: Settlement;
    let now: number;
    try {
      const tracing = this.deps.tracing ?? noTracing;
      const attributes = { 'hookgate.message_id': attempt.id, 'hookgate.channel': attempt.channel, 'hookgate.attempt': attempt.attempts };
      // In the span of the attempt (a child of the call's), so the provider request carries its traceparent.
      ({ request, now } = await tracing.attempt('reply.send', attempt.trace, attributes, async (span) => {
        const sent = await this.send(attempt, lease.account);
        const at = clock.now();
        const outcome = this.outcome(sent.message, sent.result, at);
        span.setAttributes({ 'hookgate.outcome': outcome.message.status });
        if (!sent.result.ok) span.fail(sent.result.code);
        return { request: outcome, now: at };
      }));
      // The attempt has happened: record it even if Redis blinked meanwhile. Dropping the outcome
      // would re-send a delivered message once the lease ran out.
      const settling = metrics.runtime.time('reply_settle');
      settlement = await this.loop.throughOutage(() => replies.settle(lease, request, clock.now()), leaseEnds);
      settling();
    } finally {
      metrics.replySendsInFlight.dec();
    }
    if (!settlement.settled) {
      logger.warn({ messageId: attempt.id, botId: lease.botId }, 'reply: lease lost before settling; another worker owns the lane');
      return false;
    }
    const status = request.message.status;
    metrics.repliesSettled.inc({ channel: attempt.channel, result: status === 'retrying' ? 'retried' : status });
    if (status === 'sent') metrics.replyLatency.observe({ channel: attempt.channel }, (now - Date.parse(attempt.createdAt)) / 1000);
    if (status !== 'sent') {
      logger.info(
        { messageId: attempt.id, botId: lease.botId, status, code: request.message.error?.code, attempts: attempt.attempts },
        'reply not sent',
      );
    }
    return settlement.laneDueNow;
  }

  /** `account`: the message's account as read with the claim (null: gone). */
  private async send(queued: Reply, account: ChannelAccount | null): Promise<PartsOutcome> {
    const result = (r: SendResult): PartsOutcome => ({ result: r, message: queued });
    const { store, adapters, metrics } = this.deps;
    const prepared = metrics.runtime.time('reply_prepare');
    if (!account?.active)
      return result({
        ok: false,
        retryable: false,
        code: 'account_unavailable',
        message: 'The channel account was removed or deactivated.',
      });
    const adapter = adapters.get(account.channel);
    if (!adapter && !queued.simulated)
      return result({ ok: false, retryable: false, code: 'channel_unsupported', message: `No ${account.channel} adapter in this build.` });
    // Not tied to `stopping`: a draining worker lets the attempts it started finish. A plain timer,
    // cleared when the attempt ends: AbortSignal.timeout's timer lives on until the GC collects it.
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new DOMException('The send timed out', 'TimeoutError')), this.options.sendTimeoutMs);
    const signal = deadline.signal;
    let credentials: JsonObject = {};
    try {
      const message = queued.deferred ? await this.withContactVariables(queued) : queued;
      // Decided when the call was accepted: a development reply to someone not on the test list.
      if (message.simulated || !adapter) return result(await recordSandboxMessage(store, this.deps.clock, account, message));
      credentials = account.credentialsEncrypted ? await this.deps.secrets.open<JsonObject>(account.credentialsEncrypted) : {};
      prepared();
      const sending = metrics.runtime.time('reply_send');
      const sent = await sendParts(adapter, { account, credentials, message, signal });
      sending();
      return sent;
    } catch (err) {
      // An adapter that throws is treated like a network failure: retryable, never dropped. Its
      // message is stored and published (message.failed): no credential may appear in it.
      return result({
        ok: false,
        retryable: true,
        code: 'adapter_error',
        message: redactSecrets(errMessage(err), credentialValues(credentials)),
      });
    } finally {
      clearTimeout(timer);
    }
  }

  /** A reply that reads the contact's stored variables, rendered now that they are stored (with the call's own). */
  private async withContactVariables(message: Reply): Promise<Reply> {
    const { specs, scope } = message.deferred!;
    const stored = await this.deps.store.getVariables(message.botId, message.environment, message.channel, message.contact);
    const rendered = renderReply(specs, withStoredVariables(scope, stored?.variables ?? {}), message.channel);
    const out: Reply = { ...message, text: rendered.text };
    if (message.parts) out.parts = rendered.parts;
    if (rendered.buttons.length > 0) out.buttons = rendered.buttons;
    return out;
  }

  private outcome(message: Reply, result: SendResult, now: number): SettleRequest {
    const at = isoTime(now);
    const event = (type: string, data: JsonObject): BotEvent => ({
      id: newId('evt'),
      botId: message.botId,
      type,
      environment: message.environment,
      createdAt: at,
      data,
      ...(message.trace === undefined ? {} : { trace: (this.deps.tracing ?? noTracing).traceparent() ?? message.trace }),
    });
    const base = {
      messageId: message.id,
      webhookId: message.webhookId,
      requestId: message.requestId,
      contact: message.contact,
      channel: message.channel,
      accountId: message.accountId,
    };
    if (result.ok) {
      const sent: Reply = {
        ...message,
        status: 'sent',
        updatedAt: at,
        nextAttemptAt: null,
        providerMessageId: result.providerMessageId,
        error: null,
      };
      return {
        message: sent,
        outcome: 'done',
        events: [
          event('message.sent', {
            ...base,
            providerMessageId: result.providerMessageId,
            attempts: message.attempts,
          } satisfies EventData<'message.sent'>),
        ],
      };
    }
    const error = { code: result.code, message: result.message.slice(0, 500) };
    if (result.retryable && shouldRetry(this.options.retry, message.attempts)) {
      const retryAt = now + nextDelayMs(this.options.retry, message.attempts, result.retryAfterMs ?? 0);
      const retrying: Reply = { ...message, status: 'retrying', updatedAt: at, nextAttemptAt: isoTime(retryAt), error };
      return { message: retrying, outcome: 'retry', retryAt, events: [] };
    }
    const failed: Reply = { ...message, status: 'failed', updatedAt: at, nextAttemptAt: null, error };
    return {
      message: failed,
      outcome: 'done',
      events: [event('message.failed', { ...base, error, attempts: message.attempts } satisfies EventData<'message.failed'>)],
    };
  }
}

/** Waits for every task (none is left running behind our back), then fails with the first error. */
async function allDone<T>(tasks: Promise<T>[]): Promise<T[]> {
  const results = await Promise.allSettled(tasks);
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<T>).value);
}

/** Every string in opened credentials (header values included), for redaction. */
function credentialValues(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value !== 'object' || value === null) return [];
  return Object.values(value).flatMap(credentialValues);
}
