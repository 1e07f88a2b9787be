/**
 * A block's `verification` as stored from what the API was given: the settings in clear, the
 * secrets sealed (services.secrets), generated where Hookgate may choose them and then shown once.
 */
import { randomBytes } from 'node:crypto';
import type { z } from '@hono/zod-openapi';
import type { Verification, VerificationSecrets, WebhookBlock } from '../../domain/types.ts';
import { ApiError } from '../../http/errors.ts';
import { SECRET_GRACE_MS } from '../../inbound/verification/index.ts';
import type { Services } from '../../services.ts';
import type { VerificationInputSchema } from './verification-schemas.ts';

export type VerificationInput = z.infer<typeof VerificationInputSchema>;

/** Secrets shown in the one response that generated them. */
export interface Revealed {
  secret?: string;
  verifyToken?: string;
}

const DEVELOPMENT_MARKER = '?env=development';

const GENERATORS: Partial<Record<Verification['scheme'], () => string>> = {
  'standard-webhooks': () => `whsec_${randomBytes(24).toString('base64')}`,
  hmac: () => randomBytes(32).toString('hex'),
  basic: () => randomBytes(18).toString('base64url'),
  telegram: () => randomBytes(32).toString('base64url'),
};

function invalid(field: string, message: string): ApiError {
  return new ApiError('validation', 'The verification settings are incomplete.', { errors: [{ path: `/verification/${field}`, message }] });
}

const SECRET_FIELDS = ['secret', 'rotateSecret'] as const;
const HMAC_FIELDS = ['header', 'algorithm', 'encoding', 'prefix', 'timestampHeader', 'signedPayload'] as const;
const TIMED = new Set(['standard-webhooks', 'stripe', 'slack', 'hmac']);

/** A setting the scheme does not use is refused rather than kept and ignored. */
function checkFields(input: VerificationInput): void {
  const { scheme } = input;
  const unused = (field: string) => invalid(field, `not used by the ${scheme} scheme`);
  if (scheme === 'bearer' || scheme === 'query-token') {
    for (const f of SECRET_FIELDS) if (input[f] !== undefined) throw unused(f);
  }
  if (scheme !== 'basic' && input.username !== undefined) throw unused('username');
  if (scheme !== 'meta' && input.verifyToken !== undefined) throw unused('verifyToken');
  if (!TIMED.has(scheme) && input.toleranceSeconds !== undefined) throw unused('toleranceSeconds');
  if (scheme !== 'hmac') for (const f of HMAC_FIELDS) if (input[f] !== undefined) throw unused(f);
}

/** The stored form of `input`, keeping `current`'s secrets when the scheme stays and no new one is given. */
export async function buildVerification(
  services: Services,
  input: VerificationInput,
  current: Verification | undefined,
  now: number,
): Promise<{ verification: Verification | undefined; revealed: Revealed }> {
  const { scheme } = input;
  checkFields(input);
  if (scheme === 'bearer') return { verification: undefined, revealed: {} };
  if (scheme === 'query-token') return { verification: { scheme }, revealed: {} };
  const same = current?.scheme === scheme ? current : undefined;
  const old = same?.secrets ? await services.secrets.open<VerificationSecrets>(same.secrets) : null;
  const revealed: Revealed = {};
  let secret = input.secret;
  if (secret === undefined && old && !input.rotateSecret) secret = old.current;
  if (secret === undefined) {
    const generate = GENERATORS[scheme];
    if (!generate) throw invalid('secret', `required for the ${scheme} scheme: the secret ${scheme} signs with`);
    secret = generate();
    revealed.secret = secret;
  }
  const sealed: VerificationSecrets = {
    current: secret,
    previous: old && old.current !== secret ? { value: old.current, expiresAt: now + SECRET_GRACE_MS } : (old?.previous ?? null),
  };
  if (scheme === 'meta') {
    sealed.verifyToken = input.verifyToken ?? old?.verifyToken;
    if (sealed.verifyToken === undefined) {
      sealed.verifyToken = randomBytes(18).toString('base64url');
      revealed.verifyToken = sealed.verifyToken;
    }
  }
  const verification: Verification = { scheme, secrets: await services.secrets.seal(sealed) };
  if (input.toleranceSeconds !== undefined) verification.toleranceSeconds = input.toleranceSeconds;
  if (scheme === 'basic') {
    if (input.username === undefined) throw invalid('username', 'required for the basic scheme');
    verification.username = input.username;
  }
  if (scheme === 'hmac') {
    if (input.header === undefined) throw invalid('header', 'required for the hmac scheme');
    verification.hmac = { header: input.header, algorithm: input.algorithm ?? 'sha256', encoding: input.encoding ?? 'hex' };
    if (input.prefix !== undefined) verification.hmac.prefix = input.prefix;
    if (input.timestampHeader !== undefined) verification.hmac.timestampHeader = input.timestampHeader;
    if (input.signedPayload !== undefined) verification.hmac.signedPayload = input.signedPayload;
  }
  return { verification, revealed };
}

/** The block's verification as the API shows it: settings, `secretSet`, never a stored secret. */
export function verificationView(block: WebhookBlock, revealed: Revealed = {}) {
  const v = block.verification;
  if (v === undefined) return { scheme: 'bearer' as const, secretSet: false };
  return {
    scheme: v.scheme,
    secretSet: v.secrets !== undefined,
    ...revealed,
    ...(v.username !== undefined ? { username: v.username } : {}),
    ...(v.toleranceSeconds !== undefined ? { toleranceSeconds: v.toleranceSeconds } : {}),
    ...(v.hmac ?? {}),
    developmentMarker: v.scheme === 'query-token' ? '?token=<development token>' : DEVELOPMENT_MARKER,
  };
}

/** Sets the optional sender fields on a block, leaving out the ones at their default (absent). */
export function senderFields(
  block: WebhookBlock,
  fields: {
    verification: Verification | undefined;
    allowedIps: string[] | null | undefined;
    batch: boolean | undefined;
    response: WebhookBlock['response'] | null | undefined;
  },
): void {
  delete block.verification;
  delete block.allowedIps;
  delete block.batch;
  delete block.response;
  if (fields.verification) block.verification = fields.verification;
  if (fields.allowedIps) block.allowedIps = fields.allowedIps;
  if (fields.batch) block.batch = true;
  if (fields.response) block.response = fields.response;
}
