/**
 * Records refused inbound calls in the webhook's activity without holding up the answer: the
 * write runs in the background, at most MAX_PENDING at a time (beyond that a refusal is dropped and
 * counted: a flood of bad calls cannot queue unbounded work), and its failure is logged and
 * counted, never raised. Authentication failures are summaries (no body, no variables), capped per
 * webhook per minute in the store itself, so that every process shares the cap.
 */
import type { ActivityEntry, Environment, JsonObject } from '../../domain/types.ts';
import type { Problem } from '../../http/errors.ts';
import { ACTIVITY_BODY_BYTES } from '../../inbound/prepare-call.ts';
import type { Services } from '../../services.ts';

const MAX_PENDING = 1000;
/** Authentication failures recorded per webhook per minute; the rest are counted on the next one recorded. */
export const SUMMARIES_PER_MINUTE = 20;
const WINDOW_MS = 60_000;
/** A user agent is kept up to this length. */
export const USER_AGENT_CHARS = 256;

/** What the route knew of a call when it refused it. */
export interface RefusedCall {
  botId: string;
  webhookId: string;
  requestId: string;
  receivedAt: string;
  /** Whether the caller had proven who it is (token or signature): else only a summary is kept. */
  authenticated: boolean;
  environment: Environment | null;
  /** The parsed body (null: not read, not an object, or unreadable) and its size in bytes. */
  body: JsonObject | null;
  bodyBytes: number;
  idempotencyKey: string | null;
  /** What evaluation found (a call refused at the write, e.g. rate limited). */
  contact: string | null;
  variables: JsonObject;
  sourceIp: string | null;
  userAgent: string | null;
}

export class RejectionLog {
  private pending = 0;

  /** Starts recording the refusal of `call` (the problem answered); returns at once. */
  record(services: Services, call: RefusedCall, answered: Problem): void {
    const { store, metrics, logger, clock } = services;
    if (this.pending >= MAX_PENDING) {
      metrics.activityRejections.inc({ result: 'dropped' });
      return;
    }
    const summary = !call.authenticated || answered.status === 401 || answered.status === 403;
    // The problem as answered, without the request id an `outcome-unknown` carries (never recorded).
    const { type, title, status, detail, errors } = answered;
    const problem = errors ? { type, title, status, detail, errors } : { type, title, status, detail };
    const entry: ActivityEntry = {
      requestId: call.requestId,
      webhookId: call.webhookId,
      environment: call.environment ?? 'production',
      receivedAt: call.receivedAt,
      contact: summary ? null : call.contact,
      variables: summary ? {} : call.variables,
      body: summary || call.bodyBytes > ACTIVITY_BODY_BYTES ? null : call.body,
      bodyBytes: call.bodyBytes,
      messageId: null,
      idempotencyKey: summary ? null : call.idempotencyKey,
      outcome: 'rejected',
      httpStatus: answered.status,
      problem,
      sourceIp: call.sourceIp,
      userAgent: call.userAgent === null ? null : call.userAgent.slice(0, USER_AGENT_CHARS),
    };
    this.pending += 1;
    store
      .recordRejection({
        botId: call.botId,
        webhookId: call.webhookId,
        entry,
        summary,
        now: clock.now(),
        summaryLimit: SUMMARIES_PER_MINUTE,
        windowMs: WINDOW_MS,
      })
      .then((result) => metrics.activityRejections.inc({ result: result === 'gone' ? 'dropped' : result }))
      .catch((err: unknown) => {
        metrics.activityRejections.inc({ result: 'failed' });
        logger.warn(
          { webhookId: call.webhookId, requestId: call.requestId, err: err instanceof Error ? err.message : String(err) },
          'refused call not recorded',
        );
      })
      .finally(() => {
        this.pending -= 1;
      });
  }
}
