import { createRoute, type OpenAPIHono, type RouteHandler, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ActivityEntry, Environment, WebhookBlock } from '../../domain/types.ts';
import { bearerToken, unauthorized } from '../../http/auth.ts';
import type { AppEnv } from '../../http/env.ts';
import { ApiError, outcomeUnknown, type Problem, problemBody } from '../../http/errors.ts';
import { EnvironmentSchema, ProblemSchema, problems } from '../../http/schemas.ts';
import { bodyChoosesAccount } from '../../inbound/choose-account.ts';
import { parseFormBody } from '../../inbound/form-body.ts';
import type { HookCache } from '../../inbound/hook-cache.ts';
import { type AcceptedCall, admitCall, type CallRefusal, type InboundRequest, prepareCall, replayKey } from '../../inbound/prepare-call.ts';
import { renderSyncResponse } from '../../inbound/sync-response.ts';
import { safeEqual, sha256Hex } from '../../lib/crypto.ts';
import { isId, newId } from '../../lib/ids.ts';
import { StoreOutcomeUnknownError, StoreUnavailableError } from '../../store/errors.ts';
import type { IdempotencyRecord } from '../../store/store.ts';
import { acceptBatch } from './accept-batch.ts';
import { admitSender, senderRefusal } from './admit-sender.ts';
import {
  asCall,
  type CallRead,
  callContext,
  callRequestId,
  FORM_MEDIA_TYPE,
  idempotencyKeyOf,
  JSON_MEDIA_TYPE,
  mediaTypeOf,
  notAnObject,
  parseJson,
  unsupportedMediaType,
} from './call-request.ts';
import { addressAllowed, clientAddress } from './client-address.ts';
import { readBoundedBody } from './read-body.ts';
import { type RefusedCall, type RejectionLog, USER_AGENT_CHARS } from './rejection-log.ts';

/** The first attempt may use the cached config; the others load it afresh. */
const ATTEMPTS = 4;

const AcceptedSchema = z
  .object({
    requestId: z.string().openapi({ example: 'req_7hQ2mD0aZ1x8Lw2bYcKe' }),
    webhookId: z.string(),
    type: z.enum(['conversational', 'workflow']),
    environment: EnvironmentSchema,
    contact: z.string().nullable(),
    variables: z.record(z.string(), z.unknown()),
    reply: z
      .object({
        messageId: z.string(),
        status: z.enum(['queued']),
        channel: z.string(),
        account: z.string(),
        text: z.string(),
      })
      .optional(),
  })
  .openapi('InboundAccepted');

const InboundBodySchema = z.record(z.string(), z.unknown());

const BatchResultSchema = z
  .object({
    results: z.array(
      z.object({
        index: z.number().int(),
        status: z.number().int().openapi({ description: '202, or the status of the problem' }),
        body: AcceptedSchema.optional(),
        problem: ProblemSchema.optional(),
      }),
    ),
  })
  .openapi('InboundBatchResult');

const acceptCallRoute = createRoute({
  method: 'post',
  path: '/hooks/{webhookId}',
  operationId: 'callWebhook',
  tags: ['Inbound'],
  summary: 'Call a webhook block',
  description:
    'The caller’s JSON object, or a form (`application/x-www-form-urlencoded`: repeated names give arrays), or on a `batch: true` ' +
    'block a JSON array of up to 100 calls. `channel_alias` and `account_alias` choose the channel account, honoured in development ' +
    'calls only. The call is durably stored before the 202. The caller proves who it is by the block’s `verification` scheme: a ' +
    'bearer token (default), `?token=` (`query-token`), HTTP Basic, or the sender’s own signature headers (`standard-webhooks`, ' +
    '`stripe`, `github`, `shopify`, `meta`, `slack`, `telegram`, `twilio`, `hmac`), checked over the raw body before it is parsed; ' +
    '`?env=development` marks a development call for those. A sender’s delivery id stands in for a missing Idempotency-Key.',
  security: [{ webhookToken: [] }],
  // The request is described in plain OpenAPI: zod-openapi would run zod schemas as validators before the
  // handler, and the handler reads the request itself, in the order this contract needs (the token before the
  // body, the body with a byte limit).
  parameters: [
    { schema: { type: 'string' }, required: true, name: 'webhookId', in: 'path' },
    {
      schema: { type: 'string', maxLength: 255, description: 'Same key and body within 24 h: the first response again' },
      required: false,
      description: 'Same key and body within 24 h: the first response again',
      name: 'idempotency-key',
      in: 'header',
    },
  ],
  // Form bodies are not listed here: a form media type would make zod-openapi type (and validate) the request.
  request: { body: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/InboundBody' } } } } },
  responses: {
    200: {
      description:
        'A provider handshake (`slack` url_verification: the challenge as text/plain), or the block’s own `response` (any 2xx it ' +
        'sets; its body is the rendered template)',
      content: { 'text/plain': { schema: z.string() }, 'application/json': { schema: z.unknown() } },
    },
    202: {
      description: 'Accepted and durably stored',
      headers: z.object({ 'Idempotent-Replayed': z.string().optional().openapi({ description: '`true` on a replay' }) }),
      content: { 'application/json': { schema: AcceptedSchema } },
    },
    207: {
      description: 'A batch (`batch: true`, a JSON array of up to 100 calls): each call’s outcome, in order',
      content: { 'application/json': { schema: BatchResultSchema } },
    },
    ...problems(400, 401, 403, 404, 409, 413, 415, 422, 429),
    503: {
      description:
        'The store is unreachable (`store-unavailable`: nothing stored), the write was sent but not answered (`outcome-unknown`: ' +
        'it may be stored as `requestId`; retry with the same Idempotency-Key), or the webhook is being reconfigured ' +
        '(`webhook-reconfiguring`); see Retry-After',
      content: { 'application/problem+json': { schema: ProblemSchema } },
    },
  },
});

/** Mounts `POST /hooks/{webhookId}` on `app`, with the webhook configs it caches. */
export function registerAcceptCall(app: OpenAPIHono<AppEnv>, cache: HookCache, rejections: RejectionLog): void {
  app.openAPIRegistry.register('InboundBody', InboundBodySchema);
  app.openapi(acceptCallRoute, acceptCall(cache, rejections));
}

/**
 * POST /hooks/{webhookId}: config (cached) → token → enabled → bounded body → Idempotency-Key replay
 * → account → evaluation → one atomic write that also checks the config version → 202. In the common
 * case that is a single Redis round trip. A refusal decided on cached config is decided again on a
 * fresh copy, so the cache never changes an answer; a body-level refusal is final at once.
 * Around that: allowedIps (403) first; a block with another verification scheme than bearer is
 * admitted by admitSender instead of the token step; a JSON array is a batch (`batch: true`); a
 * block's own `response` replaces the 202 body.
 */
function acceptCall(cache: HookCache, rejections: RejectionLog): RouteHandler<typeof acceptCallRoute, AppEnv> {
  return async function acceptCallHandler(c) {
    const webhookId = c.req.param('webhookId');
    if (!isId('wh', webhookId)) throw noSuchWebhook();
    const call = newCallState(c);
    try {
      return await decideCall(c, cache, webhookId, call, (request, problem) =>
        rejections.record(c.get('services'), { ...refusedCall(call), ...itemFacts(request) }, problem),
      );
    } catch (err) {
      // Every refusal of a call to a webhook that exists is recorded in its activity (never awaited).
      if (call.botId !== null && err instanceof ApiError && RECORDED(err)) {
        rejections.record(c.get('services'), refusedCall(call), problemBody(err.problem, err.message, err.errors));
      }
      throw err;
    }
  };
}

/** Refusals kept in the activity: all but the unknown webhook (nothing to attach it to) and an unknown outcome (it may be stored). */
const RECORDED = (err: ApiError) => err.problem !== 'not-found' && err.problem !== 'outcome-unknown';

/** What is known of a call as it goes, for the activity entry should it be refused. */
interface CallState {
  botId: string | null;
  webhookId: string;
  receivedAt: string;
  authenticated: boolean;
  environment: Environment | null;
  request: CallRead | null;
  bodyBytes: number;
  prepared: ActivityEntry | null;
  sourceIp: string | null;
  userAgent: string | null;
}

function newCallState(c: Context<AppEnv>): CallState {
  return {
    botId: null,
    webhookId: c.req.param('webhookId')!,
    receivedAt: new Date(c.get('services').clock.now()).toISOString(),
    authenticated: false,
    environment: null,
    request: null,
    bodyBytes: declaredLength(c),
    prepared: null,
    sourceIp: clientAddress(c),
    userAgent: c.req.header('user-agent') ?? null,
  };
}

function declaredLength(c: Context<AppEnv>): number {
  const declared = Number(c.req.header('content-length') ?? '0');
  return Number.isSafeInteger(declared) && declared > 0 ? declared : 0;
}

function refusedCall(call: CallState): RefusedCall {
  const { request, prepared } = call;
  return {
    botId: call.botId!,
    webhookId: call.webhookId,
    requestId: request?.requestId ?? newId('req'),
    receivedAt: call.receivedAt,
    authenticated: call.authenticated,
    environment: call.environment,
    body: request && request.batch === null ? request.body : null,
    bodyBytes: request?.bodyBytes ?? call.bodyBytes,
    idempotencyKey: request?.idempotency?.key ?? null,
    contact: prepared?.contact ?? null,
    variables: prepared?.variables ?? {},
    sourceIp: call.sourceIp,
    userAgent: call.userAgent,
  };
}

/** A batch item's own facts, in place of the request's. */
function itemFacts(request: InboundRequest): Partial<RefusedCall> {
  return {
    requestId: request.requestId,
    body: request.body,
    bodyBytes: request.bodyBytes,
    idempotencyKey: request.idempotency?.key ?? null,
  };
}

async function decideCall(
  c: Context<AppEnv>,
  cache: HookCache,
  webhookId: string,
  call: CallState,
  itemRefused: (request: InboundRequest, problem: Problem) => void,
) {
  {
    const { store, clock, metrics, webhookTokens, config: settings } = c.get('services');
    const token = bearerToken(c.req.header('authorization'));
    let read: Promise<ReadCall> | null = null;
    let raw: Promise<Uint8Array> | null = null;
    try {
      for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
        const { config, cached } = await cache.get(store, webhookId, attempt > 0);
        if (!config) throw noSuchWebhook(); // a missing config is never cached: this answer is fresh
        const { block } = config;
        call.botId = block.botId;
        call.prepared = null;
        if (block.allowedIps !== undefined && !addressAllowed(block.allowedIps, clientAddress(c))) {
          if (cached) continue;
          throw new ApiError('forbidden', 'Calls to this webhook are not allowed from this address.');
        }
        let environment: Environment;
        let request: CallRead;
        if (block.verification === undefined) {
          const verified = metrics.runtime.time('call_verify');
          const admitted = admitCall(config, token === null ? undefined : await webhookTokens.verify(token), clock.now());
          verified();
          if (typeof admitted !== 'string') {
            if (cached) continue; // decided again on a fresh copy
            throw refused(admitted);
          }
          environment = admitted;
          call.authenticated = true;
          call.environment = environment;
          const bodyRead = metrics.runtime.time('call_read_body');
          read ??= readCall(c, settings.maxBodyBytes, raw, call);
          request = await read;
          bodyRead();
          call.request = request;
        } else {
          // Schemes other than bearer (admit-sender.ts). A config edit between attempts may switch paths:
          // the body is read once, by whichever path came first.
          const bytes = () => (raw ??= read ? read.then((r) => r.raw) : readBoundedBody(c.req.raw, settings.maxBodyBytes, c.env?.incoming));
          const sender = await admitSender(c, config, bytes, clock.now(), (env) => {
            call.authenticated = true;
            call.environment = env;
          });
          if ('handshake' in sender) return c.text(sender.handshake, 200);
          if ('problem' in sender) {
            if (cached) continue;
            throw senderRefusal(sender, block.verification.scheme);
          }
          ({ environment, request } = sender);
          call.request = request;
        }
        if (request.batch !== null) {
          if (block.batch !== true) {
            if (cached) continue; // decided again on a fresh copy
            throw notAnObject();
          }
          try {
            const key = request.idempotency?.key ?? null;
            return c.json({ results: await acceptBatch(c, config, environment, request.batch, key, itemRefused) }, 207);
          } catch (err) {
            // Calls before the failing one are stored: the same Idempotency-Key replays them.
            throw err instanceof StoreOutcomeUnknownError ? outcomeUnknown(c.get('requestId')) : err;
          }
        }
        const { idempotency } = request;
        const key = idempotency === null ? null : replayKey(block, environment, idempotency.key);
        if (key !== null) {
          const previous = await store.getIdempotency(block.botId, key);
          if (previous) return replay(c, previous, request, block);
        }
        const accounts = bodyChoosesAccount(environment, request.body) ? await store.listChannels(block.botId) : null;
        const evaluated = metrics.runtime.time('call_evaluate');
        const prepared = prepareCall(config, { environment, request, accounts, replayKey: key, now: clock.now(), ...callContext(c) });
        evaluated();
        if ('problem' in prepared) {
          if (cached) continue; // decided again on a fresh copy
          if (prepared.outcome) metrics.inboundCalls.inc({ outcome: prepared.outcome, environment });
          throw refused(prepared);
        }
        call.prepared = prepared.write.activity;
        const own = block.response === undefined ? null : renderSyncResponse(block.response, prepared.response);
        prepared.write.activity = {
          ...prepared.write.activity,
          outcome: 'accepted',
          httpStatus: own?.status ?? 202,
          problem: null,
          sourceIp: call.sourceIp,
          userAgent: call.userAgent === null ? null : call.userAgent.slice(0, USER_AGENT_CHARS),
        };

        let result: Awaited<ReturnType<typeof store.acceptInbound>>;
        const written = metrics.runtime.time('call_store_write');
        try {
          result = await store.acceptInbound(prepared.write);
          written();
        } catch (err) {
          // Sent but unanswered: the call may be stored under its own request id (not the log's, when
          // the caller set X-Request-Id); the caller retries with its Idempotency-Key to find out.
          throw err instanceof StoreOutcomeUnknownError ? outcomeUnknown(request.requestId) : err;
        }
        if (result.kind === 'stale') continue;
        if (result.kind === 'replay') return replay(c, result.record, request, block);
        if (result.kind === 'rate-limited') {
          metrics.inboundCalls.inc({ outcome: 'rate_limited', environment });
          const seconds = Math.max(1, Math.ceil(result.retryAfterMs / 1000));
          throw new ApiError(
            'rate-limited',
            `This webhook accepts ${block.rateLimit.limit} calls per ${block.rateLimit.periodSeconds} s.`,
            {
              headers: { 'Retry-After': String(seconds) },
            },
          );
        }
        metrics.inboundCalls.inc({ outcome: 'accepted', environment });
        if (own !== null) return c.body(own.body, own.status as 200, { 'Content-Type': own.contentType }) as never;
        return c.json(prepared.response, 202);
      }
    } catch (err) {
      // Only the write's own failure (caught there) leaves the outcome unknown; a read that timed out stored nothing.
      throw err instanceof StoreOutcomeUnknownError ? new StoreUnavailableError(err.cause) : err;
    }
    // The config version moved under every attempt's write: the caller may retry in a moment.
    throw new ApiError('webhook-reconfiguring', 'The webhook is being reconfigured; try again shortly.', {
      headers: { 'Retry-After': '1' },
    });
  }
}

/**
 * The request's body-level facts, read once whatever the config: media type (415), Idempotency-Key
 * (400), the body within its byte limit (413), a JSON object (400). Its errors are final.
 */
/** What readCall read: the request, and its raw bytes should a config edit send the call down the other path. */
interface ReadCall extends CallRead {
  raw: Uint8Array;
}

async function readCall(c: Context<AppEnv>, maxBytes: number, read: Promise<Uint8Array> | null, call: CallState): Promise<ReadCall> {
  const mediaType = mediaTypeOf(c);
  const form = mediaType === FORM_MEDIA_TYPE;
  if (!form && !JSON_MEDIA_TYPE.test(mediaType)) throw unsupportedMediaType();
  const key = idempotencyKeyOf(c);
  // app.request() (the tests) passes no bindings: the web Request's body is read then.
  const raw = await (read ?? readBoundedBody(c.req.raw, maxBytes, c.env?.incoming));
  call.bodyBytes = raw.byteLength;
  const { body, batch } = form ? { body: parseFormBody(raw), batch: null } : asCall(parseJson(raw));
  const idempotency = key === null ? null : { key, bodyHash: sha256Hex(raw) };
  return { requestId: callRequestId(c), body, batch, bodyBytes: raw.byteLength, idempotency, raw };
}

/** The stored answer to an earlier call with this Idempotency-Key and the same body bytes; 409 for other bytes. */
function replay(c: Context<AppEnv>, record: IdempotencyRecord, request: InboundRequest, block: WebhookBlock) {
  if (request.idempotency === null || !safeEqual(record.bodyHash, request.idempotency.bodyHash)) {
    throw new ApiError('idempotency-key-reused', 'This Idempotency-Key was used with another body in the last 24 hours.');
  }
  c.header('Idempotent-Replayed', 'true');
  // The record holds the 202 body of the call that stored it (prepareCall's response).
  if (block.response !== undefined) return ownResponse(c, block, record.response as AcceptedCall);
  return c.json(record.response as AcceptedCall, record.status as 202);
}

/** The block's own `response` for an accepted call (and its replays), in place of the 202 body. */
function ownResponse(c: Context<AppEnv>, block: WebhookBlock, accepted: AcceptedCall): never {
  const rendered = renderSyncResponse(block.response!, accepted);
  // The route's typed responses cannot say "any 2xx the block chooses"; openapi.yaml documents it.
  return c.body(rendered.body, rendered.status as 200, { 'Content-Type': rendered.contentType }) as never;
}

function refused({ problem, detail, errors }: CallRefusal): ApiError {
  return problem === 'unauthorized' ? unauthorized(detail) : new ApiError(problem, detail, { errors });
}

function noSuchWebhook(): ApiError {
  return new ApiError('not-found', 'No such webhook.');
}
