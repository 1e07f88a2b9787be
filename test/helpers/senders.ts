/**
 * How each real sender signs a call, for the verification tests: the providers' own libraries where
 * npm has them (stripe, @octokit/webhooks-methods, standardwebhooks, twilio), else the provider's
 * documented algorithm (the page is cited with each).
 */
import { createHmac } from 'node:crypto';
import { sign as githubSign } from '@octokit/webhooks-methods';
import { Webhook } from 'standardwebhooks';
import Stripe from 'stripe';
import twilio from 'twilio';

export interface Signed {
  headers: Record<string, string>;
}

export interface SignInput {
  body: string;
  secret: string;
  /** The full URL called (Twilio signs it). */
  url: string;
  /** Unix seconds. */
  timestamp: number;
  deliveryId: string;
}

/** The block form senders (Twilio) call: flat names, a repeated one. */
export const FORM_BLOCK = {
  name: 'Inbound SMS',
  type: 'workflow',
  variables: [
    { data: 'name', variable: 'customer_name' },
    { data: 'order', variable: 'order_id', required: true },
    { data: 'tag', variable: 'tags' },
  ],
  rateLimit: { limit: 10_000, periodSeconds: 1 },
} as const;

export interface SenderCase {
  scheme: string;
  /** The block's `verification` (the secret is the one the test signs with). */
  verification: (secret: string) => Record<string, unknown>;
  secret: string;
  contentType: string;
  /** The body for a call: JSON, or a form for Twilio. */
  body: (contact: string, orderId: string) => string;
  sign: (input: SignInput) => Promise<Signed> | Signed;
  /** The header a missing-header test leaves out. */
  signatureHeader: string;
  /** A secret that is not the block's, in the scheme's format. */
  otherSecret: string;
  /** Whether the body is signed (telegram and basic send a fixed secret: HTTPS protects the body). */
  signsBody: boolean;
  /** Whether a sender's retry is recognised by its own delivery id. */
  delivery: boolean;
  timestamped: boolean;
}

const json = (contact: string, orderId: string) =>
  JSON.stringify({ contact_reference_id: contact, data: { name: 'Ada', order: { id: orderId } } });
const stripeJson = (contact: string, orderId: string) =>
  JSON.stringify({ id: `evt_${orderId}`, contact_reference_id: contact, data: { name: 'Ada', order: { id: orderId } } });
const form = (contact: string, orderId: string) =>
  new URLSearchParams([
    ['contact_reference_id', contact],
    ['name', 'Ada'],
    ['order', orderId],
    ['tag', 'b'],
    ['tag', 'a'],
  ]).toString();
const OTHER = 'another-secret-entirely';
const hex = (algorithm: string, key: string | Buffer, data: string) => createHmac(algorithm, key).update(data).digest('hex');
const b64 = (algorithm: string, key: string | Buffer, data: string) => createHmac(algorithm, key).update(data).digest('base64');

export const SENDERS: SenderCase[] = [
  {
    scheme: 'standard-webhooks',
    verification: (secret) => ({ scheme: 'standard-webhooks', secret }),
    secret: `whsec_${Buffer.from('standard-webhooks-test-secret-32b').toString('base64')}`,
    contentType: 'application/json',
    body: json,
    sign: ({ body, secret, timestamp, deliveryId }) => {
      const signature = new Webhook(secret).sign(deliveryId, new Date(timestamp * 1000), body);
      return { headers: { 'webhook-id': deliveryId, 'webhook-timestamp': String(timestamp), 'webhook-signature': signature } };
    },
    signatureHeader: 'webhook-signature',
    otherSecret: `whsec_${Buffer.from('another-standard-webhooks-secret').toString('base64')}`,
    signsBody: true,
    delivery: true,
    timestamped: true,
  },
  {
    scheme: 'stripe',
    verification: (secret) => ({ scheme: 'stripe', secret }),
    secret: 'whsec_stripe_endpoint_secret',
    contentType: 'application/json; charset=utf-8',
    body: stripeJson,
    sign: ({ body, secret, timestamp }) => ({
      headers: { 'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp }) },
    }),
    signatureHeader: 'stripe-signature',
    otherSecret: OTHER,
    signsBody: true,
    delivery: true,
    timestamped: true,
  },
  {
    scheme: 'github',
    verification: (secret) => ({ scheme: 'github', secret }),
    secret: 'github-webhook-secret',
    contentType: 'application/json',
    body: json,
    sign: async ({ body, secret, deliveryId }) => ({
      headers: { 'x-hub-signature-256': await githubSign(secret, body), 'x-github-delivery': deliveryId, 'x-github-event': 'push' },
    }),
    signatureHeader: 'x-hub-signature-256',
    otherSecret: OTHER,
    signsBody: true,
    delivery: true,
    timestamped: false,
  },
  {
    // https://shopify.dev/docs/apps/build/webhooks/subscribe/https#step-5-verify-the-webhook
    scheme: 'shopify',
    verification: (secret) => ({ scheme: 'shopify', secret }),
    secret: 'shopify-client-secret',
    contentType: 'application/json',
    body: json,
    sign: ({ body, secret, deliveryId }) => ({
      headers: { 'x-shopify-hmac-sha256': b64('sha256', secret, body), 'x-shopify-webhook-id': deliveryId },
    }),
    signatureHeader: 'x-shopify-hmac-sha256',
    otherSecret: OTHER,
    signsBody: true,
    delivery: true,
    timestamped: false,
  },
  {
    // https://developers.facebook.com/docs/graph-api/webhooks/getting-started#validate-payloads
    scheme: 'meta',
    verification: (secret) => ({ scheme: 'meta', secret, verifyToken: 'meta-verify-token' }),
    secret: 'meta-app-secret',
    contentType: 'application/json',
    body: json,
    sign: ({ body, secret }) => ({ headers: { 'x-hub-signature-256': `sha256=${hex('sha256', secret, body)}` } }),
    signatureHeader: 'x-hub-signature-256',
    otherSecret: OTHER,
    signsBody: true,
    delivery: false,
    timestamped: false,
  },
  {
    // https://api.slack.com/authentication/verifying-requests-from-slack
    scheme: 'slack',
    verification: (secret) => ({ scheme: 'slack', secret }),
    secret: 'slack-signing-secret',
    contentType: 'application/json',
    body: json,
    sign: ({ body, secret, timestamp }) => ({
      headers: {
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': `v0=${hex('sha256', secret, `v0:${timestamp}:${body}`)}`,
      },
    }),
    signatureHeader: 'x-slack-signature',
    otherSecret: OTHER,
    signsBody: true,
    delivery: false,
    timestamped: true,
  },
  {
    // https://core.telegram.org/bots/api#setwebhook (secret_token)
    scheme: 'telegram',
    verification: (secret) => ({ scheme: 'telegram', secret }),
    secret: 'telegram_secret-token',
    contentType: 'application/json',
    body: json,
    sign: ({ secret }) => ({ headers: { 'x-telegram-bot-api-secret-token': secret } }),
    signatureHeader: 'x-telegram-bot-api-secret-token',
    otherSecret: OTHER,
    signsBody: false,
    delivery: false,
    timestamped: false,
  },
  {
    scheme: 'twilio',
    verification: (secret) => ({ scheme: 'twilio', secret }),
    secret: 'twilio-auth-token-0123456789',
    contentType: 'application/x-www-form-urlencoded',
    body: form,
    sign: ({ body, secret, url, deliveryId }) => {
      const params: Record<string, string | string[]> = {};
      for (const [k, v] of new URLSearchParams(body)) {
        const current = params[k];
        params[k] = current === undefined ? v : [...(Array.isArray(current) ? current : [current]), v];
      }
      const signature = twilio.getExpectedTwilioSignature(secret, url, params);
      return { headers: { 'x-twilio-signature': signature, 'i-twilio-idempotency-token': deliveryId } };
    },
    signatureHeader: 'x-twilio-signature',
    otherSecret: OTHER,
    signsBody: true,
    delivery: true,
    timestamped: false,
  },
  {
    // Hookgate's generic scheme, as the README describes it: HMAC of `{timestamp}.{body}`.
    scheme: 'hmac',
    verification: (secret) => ({
      scheme: 'hmac',
      secret,
      header: 'X-Signature',
      algorithm: 'sha512',
      encoding: 'base64',
      prefix: 'sha512=',
      timestampHeader: 'X-Timestamp',
      signedPayload: '{timestamp}.{body}',
    }),
    secret: 'generic-hmac-secret',
    contentType: 'application/json',
    body: json,
    sign: ({ body, secret, timestamp }) => ({
      headers: { 'x-signature': `sha512=${b64('sha512', secret, `${timestamp}.${body}`)}`, 'x-timestamp': String(timestamp) },
    }),
    signatureHeader: 'x-signature',
    otherSecret: OTHER,
    signsBody: true,
    delivery: false,
    timestamped: true,
  },
  {
    // RFC 7617
    scheme: 'basic',
    verification: (secret) => ({ scheme: 'basic', username: 'shop', secret }),
    secret: 'basic-password-1',
    contentType: 'application/json',
    body: json,
    sign: ({ secret }) => ({ headers: { authorization: `Basic ${Buffer.from(`shop:${secret}`).toString('base64')}` } }),
    signatureHeader: 'authorization',
    otherSecret: OTHER,
    signsBody: false,
    delivery: false,
    timestamped: false,
  },
];
