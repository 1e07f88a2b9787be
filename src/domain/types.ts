/** Domain types shared by the API, the store and the workers. Plain data, no behaviour. */

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export const CHANNELS = ['whatsapp', 'messenger', 'instagram', 'telegram', 'slack', 'sms', 'zalo', 'livechat', 'http', 'sandbox'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Channels whose contact reference is a phone number in E.164. */
export const PHONE_CHANNELS: ReadonlySet<Channel> = new Set<Channel>(['whatsapp', 'sms']);

export const ENVIRONMENTS = ['production', 'development'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export type WebhookType = 'conversational' | 'workflow';

export interface Bot {
  id: string;
  workspaceId: string;
  name: string;
  description: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ChannelAccount {
  id: string;
  botId: string;
  channel: Channel;
  alias: string;
  /** Encrypted credentials (compact JWE). Never leaves the service. */
  credentialsEncrypted: string | null;
  /** Names of the credential fields that were given, so a reader can tell they are set. */
  credentialFields: string[];
  config: JsonObject;
  active: boolean;
  /**
   * Contacts allowed to receive development replies; a development reply to anyone else is only
   * recorded in the account's sandbox log (simulated). Absent on accounts stored before it existed.
   */
  testRecipients?: string[];
  /** ISO 3166-1 alpha-2 country for national phone numbers (whatsapp, sms), e.g. `US`. */
  defaultCountry?: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Channels whose development replies go to the sandbox log unless the contact is a test recipient. */
export const SIMULATED_CHANNELS: ReadonlySet<Channel> = new Set<Channel>([
  'whatsapp',
  'messenger',
  'instagram',
  'telegram',
  'slack',
  'sms',
  'zalo',
]);

export interface VariableMapping {
  /** Dot path (`data.name`) or JSONPath (`$.items[0].sku`) into the call's body. */
  data: string;
  /** Bot variable the value fills. */
  variable: string;
  required?: boolean;
  default?: JsonValue;
}

/**
 * One environment's token state. The token itself is never stored: it is a deterministic JWT over
 * these claims, so it can be re-issued for an admin and verified by comparing its `jti`.
 */
export interface TokenState {
  jti: string;
  issuedAt: number;
  /** The token it replaced, still accepted until `expiresAt` (epoch ms). */
  previous?: { jti: string; expiresAt: number } | null;
}

export interface RateLimit {
  /** Calls allowed per `periodSeconds`, also the largest burst. */
  limit: number;
  periodSeconds: number;
}

export interface WebhookBlock {
  id: string;
  botId: string;
  workspaceId: string;
  name: string;
  type: WebhookType;
  channel: Channel;
  /** Alias of the channel account the block replies through. */
  account: string;
  accountId: string;
  contactReference: string;
  /** ISO 3166-1 alpha-2 country for national phone numbers; overrides the account's. */
  defaultCountry?: string | null;
  variables: VariableMapping[];
  /** The reply: one message, or up to 5 sent in order; every string may use placeholders. */
  reply: ReplySpec | ReplySpec[] | null;
  /** WhatsApp: the template sent instead when the 24-hour window is closed (131047), on the same lane. */
  fallbackTemplate?: TemplateSpec | null;
  folder: string | null;
  enabled: boolean;
  rateLimit: RateLimit;
  tokens: Record<Environment, TokenState>;
  /** How callers prove who they are; absent: `bearer` (the tokens above, as always). */
  verification?: Verification;
  /** CIDR ranges callers must come from; absent: any address. */
  allowedIps?: string[];
  /** Whether a JSON array body is a batch of calls. */
  batch?: boolean;
  /** A custom answer to the caller instead of the default 202 body. */
  response?: SyncResponse;
  createdAt: string;
  updatedAt: string;
}

export const VERIFICATION_SCHEMES = [
  'bearer',
  'query-token',
  'basic',
  'standard-webhooks',
  'stripe',
  'github',
  'shopify',
  'meta',
  'slack',
  'telegram',
  'twilio',
  'hmac',
] as const;
export type VerificationScheme = (typeof VERIFICATION_SCHEMES)[number];

/** A generic HMAC signature, for senders that are none of the named schemes. */
export interface HmacSettings {
  header: string;
  algorithm: 'sha1' | 'sha256' | 'sha512';
  encoding: 'hex' | 'base64';
  prefix?: string;
  timestampHeader?: string;
  /** `{timestamp}` and `{body}` placeholders; default `{body}`, or `{timestamp}.{body}` with a timestamp header. */
  signedPayload?: string;
}

/** A non-bearer block's verification settings. The secrets are sealed (services.secrets). */
export interface Verification {
  scheme: Exclude<VerificationScheme, 'bearer'>;
  /** `basic`: the username (the password is the secret). */
  username?: string;
  toleranceSeconds?: number;
  hmac?: HmacSettings;
  /** Sealed VerificationSecrets; absent for `query-token`, which uses the block's tokens. */
  secrets?: string;
}

/** What `Verification.secrets` seals. */
export interface VerificationSecrets {
  current: string;
  /** The secret a rotation replaced, still accepted until `expiresAt` (epoch ms). */
  previous?: { value: string; expiresAt: number } | null;
  /** `meta`: the verify token of the subscription handshake. */
  verifyToken?: string;
}

export interface SyncResponse {
  status: number;
  contentType: 'application/json' | 'text/plain';
  /** Template over the extracted and system variables. */
  body: string;
}

export const MEDIA_KINDS = ['image', 'video', 'audio', 'document'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

export interface MediaSpec {
  kind: MediaKind;
  url: string;
  caption?: string;
  filename?: string;
}

/** A WhatsApp template message: Cloud API `template` object (`components` parameters templated). */
export interface TemplateSpec {
  name: string;
  language: string;
  components?: JsonObject[];
}

/** Options a provider has for a message; each is refused at save on a channel without it. */
export interface ChannelOptions {
  /** Messenger `messaging_type`; `MESSAGE_TAG` needs `tag`. */
  messagingType?: 'RESPONSE' | 'UPDATE' | 'MESSAGE_TAG';
  tag?: string;
  /** Telegram `parse_mode`; caller data is escaped for it. */
  parseMode?: 'MarkdownV2' | 'HTML';
  /** Slack Block Kit blocks (strings templated, caller data escaped for mrkdwn). */
  blocks?: JsonObject[];
  /** SMS: a picture or file sent with the text as MMS (`MediaUrl`). */
  mediaUrl?: string;
}

/** One message of a block's reply, as configured: exactly one of text, media or template. */
export interface ReplySpec extends ChannelOptions {
  text?: string;
  buttons?: ReplyButton[];
  media?: MediaSpec;
  template?: TemplateSpec;
}

/** One message of a queued reply, rendered. */
export type ReplyPart =
  | { kind: 'text'; text: string; buttons?: ReplyButton[]; options?: ChannelOptions }
  | { kind: 'media'; media: MediaSpec; options?: ChannelOptions }
  | { kind: 'template'; template: TemplateSpec; options?: ChannelOptions };

export interface ReplyButton {
  /** Returned by the channel when the contact taps it (payload, callback data). */
  id: string;
  title: string;
}

export type MessageStatus = 'queued' | 'sending' | 'sent' | 'retrying' | 'failed';

/** A reply queued for one (account, contact). */
export interface Reply {
  id: string;
  botId: string;
  webhookId: string;
  requestId: string;
  accountId: string;
  channel: Channel;
  contact: string;
  environment: Environment;
  text: string;
  /** Reply buttons / quick replies, rendered as each channel supports them. */
  buttons?: ReplyButton[];
  /**
   * The messages, when the reply is more than one text message (several, media, a template, channel
   * options); `text`/`buttons` then describe the first for readers. Sent in order; `progress` keeps
   * what went out, so a retry resumes at the first message not yet sent.
   */
  parts?: ReplyPart[];
  progress?: { sent: number; providerMessageIds: string[] };
  /** WhatsApp: sent instead when the provider says the customer-service window is closed (131047). */
  fallbackTemplate?: TemplateSpec;
  /** The fallback, once used: why (the first attempt's error), which template, and its provider id. */
  fallback?: { error: { code: string; message: string }; template: string; providerMessageId: string | null };
  /** A development reply to a contact who is not a test recipient: recorded, never sent to the provider. */
  simulated?: boolean;
  /**
   * Set when the block's reply reads the contact's stored variables (`{{ contact.plan }}`): the
   * templates and the call's own scope, rendered again by the worker with the stored variables
   * (read there, so the inbound call makes no extra read). `text` and `buttons` hold the call-time
   * rendering, with those placeholders empty.
   */
  deferred?: { specs: ReplySpec[]; scope: JsonObject };
  /** W3C traceparent of the call's span (tracing on): each send attempt's span is its child. */
  trace?: string;
  status: MessageStatus;
  attempts: number;
  createdAt: string;
  updatedAt: string;
  nextAttemptAt: string | null;
  providerMessageId: string | null;
  error: { code: string; message: string } | null;
}

export interface ActivityEntry {
  requestId: string;
  webhookId: string;
  environment: Environment;
  receivedAt: string;
  contact: string | null;
  variables: JsonObject;
  /** The body as received, or null when it was larger than the activity log keeps. */
  body: JsonObject | null;
  bodyBytes: number;
  messageId: string | null;
  idempotencyKey: string | null;
  /** Absent on entries stored before refused calls were recorded: those read as accepted. */
  outcome?: 'accepted' | 'rejected';
  /** The status answered (absent: 202). */
  httpStatus?: number;
  /** The problem+json answered to a rejected call; null for an accepted one. */
  problem?: ActivityProblem | null;
  /** The connection's peer address (no proxy header is trusted). */
  sourceIp?: string | null;
  userAgent?: string | null;
  /** On an authentication-failure summary: how many such failures were not recorded just before it (per-minute cap). */
  suppressed?: number;
  /** The caller's X-Request-Id, when it sent a valid one (`requestId` is always ours). */
  callerRequestId?: string;
}

/** The problem+json of a refused inbound call, as the activity log keeps it. */
export interface ActivityProblem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { path: string; message: string }[];
}

export interface BotEvent {
  id: string;
  botId: string;
  type: string;
  environment: Environment;
  createdAt: string;
  data: JsonObject;
  /** W3C traceparent of the span that published it (tracing on): its delivery attempts' spans are its children. Not shown. */
  trace?: string;
}

/** What a subscription sends, with `{{ data.contact.first_name }}`-style placeholders. */
export interface RequestTemplate {
  url: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers: Record<string, string>;
  params: Record<string, string>;
  /** Body template; null sends `{ event, timestamp, data }`. */
  body: string | null;
}
