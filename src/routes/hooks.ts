import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { BotEvent, Environment, JsonObject, Reply, WebhookBlock } from '../domain/types.ts';
import { bearerToken, unauthorized } from '../http/auth.ts';
import type { AppEnv } from '../http/env.ts';
import { ApiError } from '../http/errors.ts';
import { EnvironmentSchema, problems } from '../http/schemas.ts';
import { bodyChoosesAccount, chooseAccount } from '../inbound/choose-account.ts';
import { evaluateCall } from '../inbound/evaluate.ts';
import { isoTime } from '../lib/clock.ts';
import { safeEqual, sha256Hex } from '../lib/crypto.ts';
import { isId, newId } from '../lib/ids.ts';
import { tokenIsLive } from '../lib/tokens.ts';
import type { HookConfig, IdempotencyRecord, InboundWrite } from '../store/store.ts';
import { HookCache } from '../inbound/hook-cache.ts';
import { openApiApp } from './common.ts';
import { readBoundedBody } from './read-body.ts';

/** Bodies up to this size are kept in the activity log; larger ones are logged by size only. */
const ACTIVITY_BODY_BYTES = 16 * 1024;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json$/i;

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

export function hookRoutes() {
  const app = openApiApp();

  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/hooks/{webhookId}',
    tags: ['Inbound'],
    summary: 'Call a webhook block',
    description:
      'The caller’s JSON object. `channel_alias` and `account_alias` choose the channel account, honoured with a development token only. The call is durably stored before the 202.',
    security: [{ webhookToken: [] }],
    request: {
      params: z.object({ webhookId: z.string().openapi({ param: { name: 'webhookId', in: 'path' } }) }),
      headers: z.object({
        'idempotency-key': z.string().max(255).optional().openapi({ description: 'Same key and body within 24 h: the first response again' }),
      }),
      body: { required: true, content: { 'application/json': { schema: z.record(z.string(), z.unknown()).openapi('InboundBody') } } },
    },
    responses: {
      202: {
        description: 'Accepted and durably stored',
        headers: z.object({ 'Idempotent-Replayed': z.string().optional().openapi({ description: '`true` on a replay' }) }),
        content: { 'application/json': { schema: AcceptedSchema } },
      },
      ...problems(400, 401, 403, 404, 409, 413, 415, 422, 429, 503),
    },
  });

  app.post('/hooks/:webhookId', acceptCall(new HookCache()));
  return app;
}

/** Refusals that depend on the webhook's config: decided again on a fresh copy before answering. */
const CONFIG_DEPENDENT = new Set([400, 401, 403, 404, 422]);
const STALE = Symbol('stale');

interface RequestBody {
  raw: Uint8Array;
  body: JsonObject;
  idempotencyKey: string | null;
}

/**
 * POST /hooks/{webhookId}: config (cached) → token → enabled → media type → bounded body → JSON
 * object → idempotency → extract → one atomic write that also checks the config version → 202.
 * In the common case that is a single Redis round trip.
 */
function acceptCall(cache: HookCache) {
  return async function acceptCallHandler(c: Context<AppEnv>): Promise<Response> {
    const webhookId = c.req.param('webhookId') ?? '';
    if (!isId('wh', webhookId)) throw new ApiError('not-found', 'No such webhook.');
    let body: Promise<RequestBody> | null = null;
    const readOnce = () => (body ??= readRequest(c));
    let fresh = false;
    for (let attempt = 0; attempt < 4; attempt++) {
      const { config, cached } = await cache.get(c.get('services').store, webhookId, fresh);
      try {
        const result = await handleCall(c, config, readOnce);
        if (result !== STALE) return result;
      } catch (err) {
        if (!(cached && err instanceof ApiError && CONFIG_DEPENDENT.has(err.status))) throw err;
      }
      fresh = true;
    }
    // The webhook's config changed under every attempt: let the caller retry.
    throw new ApiError('store-unavailable', 'The webhook is being reconfigured; try again shortly.', { headers: { 'Retry-After': '1' } });
  };
}

async function readRequest(c: Context<AppEnv>): Promise<RequestBody> {
  const mediaType = (c.req.header('content-type') ?? '').split(';')[0]!.trim();
  if (!JSON_MEDIA_TYPE.test(mediaType)) throw new ApiError('unsupported-media-type', 'Send the body as application/json.');
  const idempotencyKey = c.req.header('idempotency-key') ?? null;
  if (idempotencyKey !== null && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
    throw new ApiError('bad-request', 'Idempotency-Key must be 1–255 visible ASCII characters.');
  }
  // app.request() (the tests) passes no bindings: the web Request's body is read then.
  const raw = await readBoundedBody(c.req.raw, c.get('services').config.maxBodyBytes, c.env?.incoming);
  return { raw, body: parseObject(raw), idempotencyKey };
}

async function handleCall(c: Context<AppEnv>, config: HookConfig | null, readOnce: () => Promise<RequestBody>): Promise<Response | typeof STALE> {
  const services = c.get('services');
  const { store, clock, metrics } = services;
  if (!config) throw new ApiError('not-found', 'No such webhook.');
  const { block } = config;
  const environment = await authenticate(c, block);
  if (!block.enabled) throw new ApiError('webhook-disabled', 'This webhook is disabled.');

  const { raw, body, idempotencyKey } = await readOnce();
  const idempotency = idempotencyKey === null ? null : { key: `${block.id}:${environment}:${idempotencyKey}`, bodyHash: sha256Hex(raw) };
  if (idempotency) {
    const previous = await store.getIdempotency(block.botId, idempotency.key);
    if (previous) return replay(c, previous, idempotency.bodyHash);
  }

  const accounts = bodyChoosesAccount(environment, body) ? await store.listChannels(block.botId) : config.account ? [config.account] : [];
  const choice = chooseAccount(block, environment, body, accounts);
  if (!choice.ok) throw new ApiError(choice.problem, choice.detail, { errors: choice.errors });
  const { account } = choice;
  // The call's durable id is ours alone: a caller's X-Request-Id is echoed and logged, but two calls
  // sending the same one must not share an activity entry's id.
  const requestId = c.req.header('x-request-id') === undefined && isId('req', c.get('requestId')) ? c.get('requestId') : newId('req');
  const evaluation = evaluateCall(block, body, { requestId, channel: account?.channel ?? block.channel, account: account?.alias ?? block.account });
  if (evaluation.errors.length > 0) {
    metrics.inboundCalls.inc({ outcome: 'invalid', environment });
    throw new ApiError('validation', 'The body does not fit this webhook.', { errors: evaluation.errors });
  }

  const now = clock.now();
  const at = isoTime(now);
  const { contact, variables } = evaluation;
  const message: Reply | null =
    evaluation.reply && account && contact
      ? {
          id: newId('msg'),
          botId: block.botId,
          webhookId: block.id,
          requestId,
          accountId: account.id,
          channel: account.channel,
          contact,
          environment,
          text: evaluation.reply.text,
          ...(evaluation.reply.buttons.length ? { buttons: evaluation.reply.buttons } : {}),
          status: 'queued',
          attempts: 0,
          createdAt: at,
          updatedAt: at,
          nextAttemptAt: at,
          providerMessageId: null,
          error: null,
        }
      : null;
  const response = {
    requestId,
    webhookId: block.id,
    type: block.type,
    environment,
    contact,
    variables,
    ...(message
      ? { reply: { messageId: message.id, status: 'queued' as const, channel: message.channel, account: account!.alias, text: message.text } }
      : {}),
  };
  const event = (type: string, data: JsonObject): BotEvent => ({ id: newId('evt'), botId: block.botId, type, environment, createdAt: at, data });
  const eventData = { webhookId: block.id, webhookName: block.name, requestId, contact, variables };
  const write: InboundWrite = {
    botId: block.botId,
    webhookId: block.id,
    environment,
    now,
    rateLimit: block.rateLimit,
    idempotency: idempotency ? { key: idempotency.key, record: { bodyHash: idempotency.bodyHash, status: 202, response } } : null,
    contact,
    variables,
    activity: {
      requestId,
      webhookId: block.id,
      environment,
      receivedAt: at,
      contact,
      variables,
      body: raw.byteLength <= ACTIVITY_BODY_BYTES ? body : null,
      bodyBytes: raw.byteLength,
      messageId: message?.id ?? null,
      idempotencyKey,
    },
    events: [event('webhook.received', eventData), ...(block.type === 'workflow' ? [event('workflow.triggered', eventData)] : [])],
    message,
    configVersion: config.version,
  };

  const result = await store.acceptInbound(write);
  if (result.kind === 'stale') return STALE;
  if (result.kind === 'replay') return replay(c, result.record, idempotency!.bodyHash);
  if (result.kind === 'rate-limited') {
    metrics.inboundCalls.inc({ outcome: 'rate_limited', environment });
    const seconds = Math.max(1, Math.ceil(result.retryAfterMs / 1000));
    throw new ApiError('rate-limited', `This webhook accepts ${block.rateLimit.limit} calls per ${block.rateLimit.periodSeconds} s.`, {
      headers: { 'Retry-After': String(seconds) },
    });
  }
  metrics.inboundCalls.inc({ outcome: 'accepted', environment });
  return c.json(response, 202);
}

/** The environment of a live token bound to this webhook; 401 for anything else, alike. */
async function authenticate(c: Context<AppEnv>, block: WebhookBlock): Promise<Environment> {
  const token = bearerToken(c.req.header('authorization'));
  if (!token) throw unauthorized();
  const claims = await c.get('services').webhookTokens.verify(token);
  const now = c.get('services').clock.now();
  const live =
    claims !== null && safeEqual(claims.webhookId, block.id) && tokenIsLive(block.tokens[claims.environment], claims.jti, now);
  if (!live) throw unauthorized('Invalid, revoked or foreign webhook token.');
  return claims.environment;
}

function parseObject(raw: Uint8Array): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8'));
  } catch {
    throw new ApiError('malformed-json', 'The body is not valid JSON.');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ApiError('bad-request', 'The body must be a JSON object.');
  }
  return value as JsonObject;
}

function replay(c: Context<AppEnv>, record: IdempotencyRecord, bodyHash: string): Response {
  if (!safeEqual(record.bodyHash, bodyHash)) {
    throw new ApiError('idempotency-key-reused', 'This Idempotency-Key was used with another body in the last 24 hours.');
  }
  c.header('Idempotent-Replayed', 'true');
  return c.json(record.response, record.status as 202);
}
