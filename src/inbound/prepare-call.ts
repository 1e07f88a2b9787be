/**
 * What one call to a webhook block means, decided without I/O: `admitCall` (may this token call
 * this block now?) and `prepareCall` (the one atomic write an accepted call makes, and its 202
 * body). Both answer a refusal as a value, because every refusal here depends on the block's config
 * and the inbound route decides it again on a fresh copy before answering with it.
 */
import type { BotEvent, Channel, ChannelAccount, Environment, JsonObject, Reply, WebhookBlock, WebhookType } from '../domain/types.ts';
import { SIMULATED_CHANNELS } from '../domain/types.ts';
import type { EventData } from '../events/event-data.ts';
import { isoTime } from '../lib/clock.ts';
import { safeEqual } from '../lib/crypto.ts';
import { newId } from '../lib/ids.ts';
import { tokenIsLive, type WebhookTokenClaims } from '../lib/tokens.ts';
import type { HookConfig, InboundWrite } from '../store/store.ts';
import { blockAccount, chooseAccount } from './choose-account.ts';
import { evaluateCall } from './evaluate.ts';
import { needsParts, replySpecs } from './render-reply.ts';

/** Bodies up to this size are kept in the activity log; larger ones are logged by size only. */
export const ACTIVITY_BODY_BYTES = 16 * 1024;

/** A refusal decided on the block's config: its problem type, detail and field errors. */
export interface CallRefusal {
  problem: 'unauthorized' | 'webhook-disabled' | 'validation' | 'unprocessable';
  detail: string;
  errors?: { path: string; message: string }[];
  /** The inbound-call metric outcome this refusal counts as once it is the answer, if any. */
  outcome?: 'invalid';
}

/** What the route read from the request, once, before any of it depends on the config. */
export interface InboundRequest {
  /** The call's own id: the request id, unless the caller chose it (callers may reuse theirs). */
  requestId: string;
  body: JsonObject;
  /** The body's size as received, in bytes. */
  bodyBytes: number;
  /** The Idempotency-Key as sent, and the SHA-256 (hex) of the body's bytes; null without a key. */
  idempotency: { key: string; bodyHash: string } | null;
}

/** One attempt at a call that `admitCall` admitted. */
export interface InboundCall {
  /** The environment of the call's token. */
  environment: Environment;
  request: InboundRequest;
  /** The bot's accounts when the body chooses one (`bodyChoosesAccount`); null: the config's own. */
  accounts: readonly ChannelAccount[] | null;
  /** `replayKey(…)` of the request's Idempotency-Key (the route looked it up already), else null. */
  replayKey: string | null;
  now: number;
  /** The caller's valid X-Request-Id, recorded in the activity entry beside the call's own id. */
  callerRequestId?: string | undefined;
  /** W3C traceparent of the call's span, stored with its reply and events (tracing on). */
  trace?: string | undefined;
}

/** The 202 body of an accepted call (and of its replays). */
export type AcceptedCall = {
  requestId: string;
  webhookId: string;
  type: WebhookType;
  environment: Environment;
  contact: string | null;
  variables: JsonObject;
  reply?: { messageId: string; status: 'queued'; channel: Channel; account: string; text: string };
};

export interface PreparedCall {
  write: InboundWrite;
  response: AcceptedCall;
}

const MISSING_TOKEN: CallRefusal = { problem: 'unauthorized', detail: 'Missing or invalid bearer token.' };
// One refusal for every bad token, so that the answer tells nothing about why.
const BAD_TOKEN: CallRefusal = { problem: 'unauthorized', detail: 'Invalid, revoked or foreign webhook token.' };
const DISABLED: CallRefusal = { problem: 'webhook-disabled', detail: 'This webhook is disabled.' };

/**
 * Whether a call may reach this block: the environment of a token that is live for it, else a
 * refusal (401 alike for every bad token, then 403 while the block is disabled). `claims` are the
 * token's verified claims: undefined when the request carried no bearer token, null when it did
 * not verify.
 */
export function admitCall(config: HookConfig, claims: WebhookTokenClaims | null | undefined, now: number): Environment | CallRefusal {
  const { block } = config;
  if (claims === undefined) return MISSING_TOKEN;
  if (claims === null || !safeEqual(claims.webhookId, block.id)) return BAD_TOKEN;
  if (!tokenIsLive(block.tokens[claims.environment], claims.jti, now)) return BAD_TOKEN;
  if (!block.enabled) return DISABLED;
  return claims.environment;
}

/** The key an Idempotency-Key's answer is kept under: keys are apart per webhook and environment. */
export function replayKey(block: WebhookBlock, environment: Environment, key: string): string {
  return `${block.id}:${environment}:${key}`;
}

/**
 * An admitted call, prepared: the account it replies through, what its body means to the block
 * (evaluateCall), and everything its acceptance writes (contact variables, activity entry, events,
 * the reply to queue, the idempotency record) with the 202 body; or the refusal (400/422) when the
 * account choice or the body does not fit. Pure apart from the new ids it draws.
 */
export function prepareCall(config: HookConfig, call: InboundCall): PreparedCall | CallRefusal {
  const { block } = config;
  const { environment, request, now } = call;
  const { requestId, body, idempotency } = request;
  const choice = call.accounts === null ? blockAccount(block, config.account) : chooseAccount(block, environment, body, call.accounts);
  if (!choice.ok) return choice;
  const { account } = choice;
  const evaluation = evaluateCall(block, body, {
    requestId,
    channel: account?.channel ?? block.channel,
    account: account?.alias ?? block.account,
    defaultCountry: account?.defaultCountry ?? null,
  });
  if (evaluation.errors.length > 0) {
    return { problem: 'validation', detail: 'The body does not fit this webhook.', errors: evaluation.errors, outcome: 'invalid' };
  }

  const at = isoTime(now);
  const { contact, variables, reply } = evaluation;
  const response: AcceptedCall = { requestId, webhookId: block.id, type: block.type, environment, contact, variables };
  let message: Reply | null = null;
  if (reply && account && contact) {
    message = {
      id: newId('msg'),
      botId: block.botId,
      webhookId: block.id,
      requestId,
      accountId: account.id,
      channel: account.channel,
      contact,
      environment,
      text: reply.text,
      status: 'queued',
      attempts: 0,
      createdAt: at,
      updatedAt: at,
      nextAttemptAt: at,
      providerMessageId: null,
      error: null,
    };
    // Absent rather than empty: most replies have no buttons and one text message.
    if (reply.buttons.length > 0) message.buttons = reply.buttons;
    if (needsParts(reply.parts)) message.parts = reply.parts;
    if (reply.fallbackTemplate && account.channel === 'whatsapp') message.fallbackTemplate = reply.fallbackTemplate;
    if (isSimulated(account, environment, contact)) message.simulated = true;
    if (reply.scope !== null) message.deferred = { specs: replySpecs(block.reply), scope: reply.scope };
    if (call.trace !== undefined) message.trace = call.trace;
    response.reply = { messageId: message.id, status: 'queued', channel: account.channel, account: account.alias, text: reply.text };
  }

  const data = { webhookId: block.id, webhookName: block.name, requestId, contact, variables } satisfies EventData<'webhook.received'>;
  const received = botEvent(block, 'webhook.received', environment, at, data, call.trace);
  const write: InboundWrite = {
    botId: block.botId,
    webhookId: block.id,
    environment,
    now,
    rateLimit: block.rateLimit,
    idempotency:
      idempotency === null || call.replayKey === null
        ? null
        : { key: call.replayKey, record: { bodyHash: idempotency.bodyHash, status: 202, response } },
    contact,
    channel: account?.channel ?? block.channel,
    variables,
    activity: {
      requestId,
      webhookId: block.id,
      environment,
      receivedAt: at,
      contact,
      variables,
      body: request.bodyBytes <= ACTIVITY_BODY_BYTES ? body : null,
      bodyBytes: request.bodyBytes,
      messageId: message === null ? null : message.id,
      idempotencyKey: idempotency === null ? null : idempotency.key,
      ...(call.callerRequestId === undefined ? {} : { callerRequestId: call.callerRequestId }),
    },
    events: block.type === 'workflow' ? [received, botEvent(block, 'workflow.triggered', environment, at, data, call.trace)] : [received],
    message,
    configVersion: config.version,
    dispatch: config.subscribed,
  };
  return { write, response };
}

/** A development reply to anyone but the account's test recipients never reaches a real provider. */
export function isSimulated(account: ChannelAccount, environment: Environment, contact: string): boolean {
  return environment === 'development' && SIMULATED_CHANNELS.has(account.channel) && !(account.testRecipients ?? []).includes(contact);
}

function botEvent(block: WebhookBlock, type: string, environment: Environment, at: string, data: JsonObject, trace?: string): BotEvent {
  const event: BotEvent = { id: newId('evt'), botId: block.botId, type, environment, createdAt: at, data };
  if (trace !== undefined) event.trace = trace;
  return event;
}
