/**
 * Signatures on outbound requests (event webhooks, the `http` reply channel). Pure functions.
 *
 * Standard Webhooks (https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md):
 * `webhook-signature: v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`, several signatures
 * separated by spaces (during a secret rotation), plus our own `X-Hookgate-Signature:
 * sha256=<hex HMAC-SHA256 of the body>` for receivers that only check the body.
 */
import { createHmac } from 'node:crypto';

export interface SignatureHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
  'x-hookgate-signature': string;
}

const WHSEC_PREFIX = 'whsec_';
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * The HMAC key of a signing secret: `whsec_<base64>` is base64-decoded (as the Standard Webhooks
 * libraries do); any other string is used as its UTF-8 bytes. Throws on an empty key or a
 * `whsec_` secret that is not base64, rather than signing with a key nobody can reproduce.
 */
export function signingKey(secret: string): Buffer {
  if (secret.startsWith(WHSEC_PREFIX)) {
    const encoded = secret.slice(WHSEC_PREFIX.length);
    if (!BASE64.test(encoded)) throw new Error('a whsec_ signing secret must be base64 after the prefix');
    const key = Buffer.from(encoded, 'base64');
    if (key.byteLength === 0) throw new Error('the signing secret is empty');
    return key;
  }
  if (secret === '') throw new Error('the signing secret is empty');
  return Buffer.from(secret, 'utf8');
}

/** `v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">` for one secret. */
export function standardWebhookSignature(secret: string, id: string, timestampSeconds: number, body: string): string {
  const mac = createHmac('sha256', signingKey(secret))
    .update(`${id}.${Math.floor(timestampSeconds)}.${body}`, 'utf8')
    .digest('base64');
  return `v1,${mac}`;
}

/** `sha256=<hex HMAC-SHA256 of the body>` for one secret (same key as the Standard Webhooks signature). */
export function hookgateSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', signingKey(secret)).update(body, 'utf8').digest('hex')}`;
}

/**
 * The signature headers for one request. With several secrets (a rotation's new and old one),
 * each header carries one signature per secret, separated by a space, so a receiver holding
 * either secret accepts the request. `body` must be exactly the bytes sent (as a UTF-8 string).
 */
export function signStandardWebhook(
  secrets: string | readonly string[],
  id: string,
  timestampSeconds: number,
  body: string,
): SignatureHeaders {
  const list = typeof secrets === 'string' ? [secrets] : secrets;
  if (list.length === 0) throw new Error('at least one signing secret is needed');
  const timestamp = Math.floor(timestampSeconds);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': list.map((s) => standardWebhookSignature(s, id, timestamp, body)).join(' '),
    'x-hookgate-signature': list.map((s) => hookgateSignature(s, body)).join(' '),
  };
}
