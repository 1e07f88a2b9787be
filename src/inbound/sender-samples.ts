/**
 * Samples for blocks whose scheme is not `bearer`: for signature schemes, the few lines that sign
 * the exact body (shell with `openssl dgst`, Node's crypto, Python's hmac) before the request, so a
 * pasted sample is accepted as the sender's own call would be. Pure apart from the clock the
 * samples read when they run. Every literal is escaped for its language.
 */
import type { Environment, HmacSettings, JsonObject, Verification } from '../domain/types.ts';
import { standardWebhooksKey } from './verification/standard-webhooks.ts';

export interface SenderSample {
  body: JsonObject;
  curl: string;
  fetch: string;
  python: string;
}

export interface SenderSamplesInput {
  url: string;
  verification: Verification;
  /** The current secret (opened), or null for query-token. */
  secret: string | null;
  tokens: Record<Environment, string>;
  bodies: Record<Environment, JsonObject>;
}

/** A piece of a signed payload or a header value: text, or a value computed when the sample runs. */
type Part = string | { v: 'ts' | 'id' | 'body' | 'sig' };
const TS = { v: 'ts' } as const;
const ID = { v: 'id' } as const;
const BODY = { v: 'body' } as const;
const SIG = { v: 'sig' } as const;

interface Recipe {
  url: string;
  contentType: string;
  bodyText: string;
  body: JsonObject;
  /** Whether the sample needs a Unix timestamp; the prefix of the delivery id it draws each run, if any. */
  ts: boolean;
  id: string | null;
  signature: { algorithm: 'sha1' | 'sha256' | 'sha512'; encoding: 'hex' | 'base64'; keyHex: string; payload: Part[] } | null;
  headers: [string, Part[]][];
}

export function buildSenderSamples(input: SenderSamplesInput): Record<Environment, SenderSample> {
  const out = {} as Record<Environment, SenderSample>;
  for (const env of ['production', 'development'] as const) out[env] = render(recipe(input, env));
  return out;
}

function hexKey(secret: string): string {
  return Buffer.from(secret, 'utf8').toString('hex');
}

function recipe(input: SenderSamplesInput, env: Environment): Recipe {
  const { verification: v, secret } = input;
  const dev = env === 'development';
  const key = secret ?? '';
  const base: Recipe = {
    url: dev ? `${input.url}?env=development` : input.url,
    contentType: 'application/json',
    bodyText: JSON.stringify(input.bodies[env]),
    body: input.bodies[env],
    ts: false,
    id: null,
    signature: null,
    headers: [],
  };
  const sign = (algorithm: 'sha1' | 'sha256' | 'sha512', encoding: 'hex' | 'base64', payload: Part[], keyHex = hexKey(key)) => ({
    algorithm,
    encoding,
    keyHex,
    payload,
  });
  switch (v.scheme) {
    case 'query-token':
      return { ...base, url: `${input.url}?token=${input.tokens[env]}` };
    case 'basic':
      return { ...base, headers: [['Authorization', [`Basic ${Buffer.from(`${v.username ?? ''}:${key}`).toString('base64')}`]]] };
    case 'telegram':
      return { ...base, headers: [['X-Telegram-Bot-Api-Secret-Token', [key]]] };
    case 'standard-webhooks':
      return {
        ...base,
        ts: true,
        id: 'msg_sample',
        signature: sign('sha256', 'base64', [ID, '.', TS, '.', BODY], standardWebhooksKey(key).toString('hex')),
        headers: [
          ['webhook-id', [ID]],
          ['webhook-timestamp', [TS]],
          ['webhook-signature', ['v1,', SIG]],
        ],
      };
    case 'stripe':
      return {
        ...base,
        ts: true,
        signature: sign('sha256', 'hex', [TS, '.', BODY]),
        headers: [['Stripe-Signature', ['t=', TS, ',v1=', SIG]]],
      };
    case 'github':
    case 'meta':
      return {
        ...base,
        id: v.scheme === 'github' ? 'sample-delivery' : null,
        signature: sign('sha256', 'hex', [BODY]),
        headers: [
          ['X-Hub-Signature-256', ['sha256=', SIG]],
          ...(v.scheme === 'github' ? [['X-GitHub-Delivery', [ID]] as [string, Part[]]] : []),
        ],
      };
    case 'shopify':
      return {
        ...base,
        id: 'sample-webhook',
        signature: sign('sha256', 'base64', [BODY]),
        headers: [
          ['X-Shopify-Hmac-Sha256', [SIG]],
          ['X-Shopify-Webhook-Id', [ID]],
        ],
      };
    case 'slack':
      return {
        ...base,
        ts: true,
        signature: sign('sha256', 'hex', ['v0:', TS, ':', BODY]),
        headers: [
          ['X-Slack-Request-Timestamp', [TS]],
          ['X-Slack-Signature', ['v0=', SIG]],
        ],
      };
    case 'twilio':
      return twilioRecipe(base, key);
    case 'hmac':
      return hmacRecipe(base, v.hmac!, key);
  }
}

/** Twilio posts a form and signs the URL followed by the sorted parameters, not the body bytes. */
function twilioRecipe(base: Recipe, key: string): Recipe {
  const flat: JsonObject = {};
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(base.body)) {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    Object.defineProperty(flat, name, { value: text, enumerable: true, writable: true, configurable: true });
    params.append(name, text);
  }
  const signed =
    base.url +
    [...params.keys()]
      .sort()
      .map((k) => k + params.get(k))
      .join('');
  return {
    ...base,
    body: flat,
    bodyText: params.toString(),
    contentType: 'application/x-www-form-urlencoded',
    signature: { algorithm: 'sha1', encoding: 'base64', keyHex: hexKey(key), payload: [signed] },
    headers: [['X-Twilio-Signature', [SIG]]],
  };
}

function hmacRecipe(base: Recipe, settings: HmacSettings, key: string): Recipe {
  const template = settings.signedPayload ?? (settings.timestampHeader ? '{timestamp}.{body}' : '{body}');
  const payload: Part[] = template
    .split(/(\{timestamp\}|\{body\})/)
    .filter((p) => p !== '')
    .map((p) => (p === '{timestamp}' ? TS : p === '{body}' ? BODY : p));
  const headers: [string, Part[]][] = [[settings.header, [settings.prefix ?? '', SIG]]];
  if (settings.timestampHeader) headers.push([settings.timestampHeader, [TS]]);
  return {
    ...base,
    ts: settings.timestampHeader !== undefined,
    signature: { algorithm: settings.algorithm, encoding: settings.encoding, keyHex: hexKey(key), payload },
    headers,
  };
}

function render(r: Recipe): SenderSample {
  return { body: r.body, curl: shell(r), fetch: node(r), python: python(r) };
}

/** Single-quotes for bash: nothing is special inside '…', and a ' is written as '\''. */
function sh(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

const SH_VARS = { ts: '"$ts"', id: '"$id"', body: '"$body"', sig: '"$sig"' } as const;

function shWord(parts: Part[]): string {
  return parts.map((p) => (typeof p === 'string' ? (p === '' ? '' : sh(p)) : SH_VARS[p.v])).join('') || "''";
}

function shell(r: Recipe): string {
  const lines = [`body=${sh(r.bodyText)}`];
  if (r.ts) lines.push('ts=$(date +%s)');
  // A new delivery id each run: the same id again is a sender's retry, answered as a replay.
  if (r.id !== null) lines.push(`id=${sh(`${r.id}-`)}"$(date +%s)-$RANDOM"`);
  if (r.signature) {
    const { algorithm, encoding, keyHex, payload } = r.signature;
    const encode = encoding === 'hex' ? "od -An -vtx1 | tr -d ' \\n'" : 'openssl base64 -A';
    lines.push(`sig=$(printf '%s' ${shWord(payload)} | openssl dgst -${algorithm} -mac HMAC -macopt hexkey:${keyHex} -binary | ${encode})`);
  }
  const globoff = /[[\]{}]/.test(r.url) ? '--globoff ' : '';
  const curl = [`curl ${globoff}-X POST ${sh(r.url)}`];
  for (const [name, value] of r.headers) curl.push(`  -H ${sh(`${name}: `)}${shWord(value)}`);
  curl.push(`  -H ${sh(`Content-Type: ${r.contentType}`)}`, `  --data-binary "$body"`);
  return [...lines, curl.join(' \\\n')].join('\n');
}

const JS_VARS = { ts: 'timestamp', id: 'id', body: 'body', sig: 'signature' } as const;

function jsExpr(parts: Part[]): string {
  return parts.map((p) => (typeof p === 'string' ? JSON.stringify(p) : JS_VARS[p.v])).join(' + ') || '""';
}

function node(r: Recipe): string {
  const lines: string[] = [];
  if (r.signature) lines.push(`import { createHmac } from "node:crypto";`, ``);
  lines.push(`const body = ${JSON.stringify(r.bodyText)};`);
  if (r.ts) lines.push(`const timestamp = String(Math.floor(Date.now() / 1000));`);
  if (r.id !== null) lines.push(`const id = ${JSON.stringify(`${r.id}-`)} + crypto.randomUUID();`);
  if (r.signature) {
    const { algorithm, encoding, keyHex, payload } = r.signature;
    lines.push(
      `const signature = createHmac(${JSON.stringify(algorithm)}, Buffer.from(${JSON.stringify(keyHex)}, "hex"))`,
      `  .update(${jsExpr(payload)})`,
      `  .digest(${JSON.stringify(encoding)});`,
    );
  }
  lines.push(`const response = await fetch(${JSON.stringify(r.url)}, {`, `  method: "POST",`, `  headers: {`);
  for (const [name, value] of r.headers) lines.push(`    ${JSON.stringify(name)}: ${jsExpr(value)},`);
  lines.push(`    "Content-Type": ${JSON.stringify(r.contentType)},`, `  },`, `  body,`, `});`);
  lines.push(`console.log(response.status, await response.text());`);
  return lines.join('\n');
}

const PY_VARS = { ts: 'timestamp', id: 'delivery_id', body: 'body', sig: 'signature' } as const;

function pyExpr(parts: Part[]): string {
  return parts.map((p) => (typeof p === 'string' ? JSON.stringify(p) : PY_VARS[p.v])).join(' + ') || '""';
}

function python(r: Recipe): string {
  const lines: string[] = [];
  if (r.signature) lines.push(r.signature.encoding === 'base64' ? 'import base64, hashlib, hmac' : 'import hashlib, hmac');
  if (r.ts) lines.push('import time');
  if (r.id !== null) lines.push('import uuid');
  lines.push('import requests', '', `body = ${JSON.stringify(r.bodyText)}`);
  if (r.ts) lines.push('timestamp = str(int(time.time()))');
  if (r.id !== null) lines.push(`delivery_id = ${JSON.stringify(`${r.id}-`)} + str(uuid.uuid4())`);
  if (r.signature) {
    const { algorithm, encoding, keyHex, payload } = r.signature;
    const mac = `hmac.new(bytes.fromhex(${JSON.stringify(keyHex)}), (${pyExpr(payload)}).encode(), hashlib.${algorithm})`;
    lines.push(encoding === 'hex' ? `signature = ${mac}.hexdigest()` : `signature = base64.b64encode(${mac}.digest()).decode()`);
  }
  lines.push('', 'response = requests.post(', `    ${JSON.stringify(r.url)},`, '    headers={');
  for (const [name, value] of r.headers) lines.push(`        ${JSON.stringify(name)}: ${pyExpr(value)},`);
  lines.push(`        "Content-Type": ${JSON.stringify(r.contentType)},`, '    },', '    data=body.encode(),', ')');
  lines.push('print(response.status_code, response.text)');
  return lines.join('\n');
}
