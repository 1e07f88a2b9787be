import { createSecretKey, type KeyObject, randomUUID } from 'node:crypto';
import {
  createRemoteJWKSet,
  decodeProtectedHeader,
  type JWTPayload,
  type JWTVerifyOptions,
  errors as joseErrors,
  jwtVerify,
  SignJWT,
} from 'jose';
import type { Environment, TokenState } from '../domain/types.ts';
import { safeEqual } from './crypto.ts';
import type { RevocationCache } from './revocations.ts';

export type AdminScope = 'admin' | 'read';

export interface AdminPrincipal {
  workspaceId: string;
  scope: AdminScope;
}

const ADMIN_ASYMMETRIC_ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/**
 * Verifies an HS256 JWT with the current key, then with the previous one (HOOKGATE_SECRET_PREVIOUS,
 * during a rotation): only a signature mismatch moves on to the next key.
 */
async function verifyHs256(token: string, keys: readonly KeyObject[], options: JWTVerifyOptions): Promise<JWTPayload> {
  let failure: unknown;
  for (const key of keys) {
    try {
      return (await jwtVerify(token, key, { ...options, algorithms: ['HS256'] })).payload;
    } catch (err) {
      if (!(err instanceof joseErrors.JWSSignatureVerificationFailed)) throw err;
      failure = err;
    }
  }
  throw failure;
}

/** How long a revocation made on another instance may take to apply here (the deny list's cache). */
export const REVOCATION_CACHE_MS = 5000;

export interface AdminTokenOptions {
  /** The identity provider's key set (HOOKGATE_ADMIN_JWKS_URL), or null. */
  jwksUrl: string | null;
  /** Checked on identity-provider tokens when set. */
  issuer?: string | null;
  audience?: string | null;
  /** Longest lifetime a token may have (from iat, and from now); every token must carry exp. */
  maxLifetimeSeconds: number;
  /** Revoked jti values; without one (tools that only mint), nothing is revoked. */
  revocations?: RevocationCache | null;
  /** The HS256 key before a secret rotation: its tokens stay valid while it is configured. */
  previousSecret?: Uint8Array | null;
}

interface VerifiedToken {
  principal: AdminPrincipal;
  exp: number;
  jti: string | null;
}

/**
 * Mints and verifies admin JWTs (HS256 with the secret, or an identity provider's keys). A token
 * must carry `exp`, within the configured lifetime; identity-provider tokens must match the
 * configured issuer and audience; a token whose `jti` is on the deny list is refused.
 */
export class AdminTokens {
  private readonly key: KeyObject;
  private readonly jwks: ReturnType<typeof createRemoteJWKSet> | null;
  private readonly options: AdminTokenOptions;
  /**
   * Tokens that verified, with their principal, until their `exp` and for at most a minute, so a
   * key an identity provider withdraws stops working within it (jose keeps a fetched key set for
   * longer than that anyway). Bounded, cleared when full; failures are never remembered.
   */
  private readonly verified = new Map<string, { token: VerifiedToken; until: number }>();
  private static readonly CACHE_SIZE = 10_000;
  private static readonly CACHE_MS = 60_000;

  /** The current key, then the previous one during a rotation. */
  private readonly verifyKeys: KeyObject[];

  constructor(secret: Uint8Array, options: AdminTokenOptions) {
    this.key = createSecretKey(secret);
    this.verifyKeys = [this.key, ...(options.previousSecret ? [createSecretKey(options.previousSecret)] : [])];
    this.options = options;
    this.jwks = options.jwksUrl ? createRemoteJWKSet(new URL(options.jwksUrl)) : null;
  }

  /** A token with a random `jti` (to revoke it by) and `exp` after `ttlSeconds` (at most the longest lifetime, the default). */
  async mint(principal: AdminPrincipal, ttlSeconds?: number): Promise<string> {
    const ttl = Math.min(ttlSeconds ?? this.options.maxLifetimeSeconds, this.options.maxLifetimeSeconds);
    return new SignJWT({ ws: principal.workspaceId, scope: principal.scope })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime(`${ttl}s`)
      .sign(this.key);
  }

  /** Puts `jti` on the deny list for as long as any token carrying it could still be valid. */
  async revoke(jti: string, now: number): Promise<number> {
    if (!this.options.revocations) throw new Error('no deny list to revoke tokens on');
    const until = now + this.options.maxLifetimeSeconds * 1000;
    await this.options.revocations.revoke(jti, until);
    return until;
  }

  /** The principal, or null for any token that is not a valid admin token (or was revoked). */
  async verify(token: string): Promise<AdminPrincipal | null> {
    const now = Date.now();
    const known = this.verified.get(token);
    const verified = known && now < known.until ? known.token : await this.verifyToken(token);
    if (!verified) return null;
    if (verified.jti !== null && (await this.options.revocations?.isRevoked(verified.jti))) return null;
    if (!known) {
      if (this.verified.size >= AdminTokens.CACHE_SIZE) this.verified.clear();
      this.verified.set(token, { token: verified, until: Math.min(verified.exp * 1000, now + AdminTokens.CACHE_MS) });
    }
    return verified.principal;
  }

  private async verifyToken(token: string): Promise<VerifiedToken | null> {
    try {
      const { alg } = decodeProtectedHeader(token);
      const { issuer, audience } = this.options;
      const { payload } =
        alg === 'HS256'
          ? { payload: await verifyHs256(token, this.verifyKeys, { requiredClaims: ['exp'] }) }
          : this.jwks
            ? await jwtVerify(token, this.jwks, {
                algorithms: ADMIN_ASYMMETRIC_ALGS,
                requiredClaims: ['exp'],
                ...(issuer ? { issuer } : {}),
                ...(audience ? { audience } : {}),
              })
            : { payload: null };
      if (!payload || typeof payload.exp !== 'number') return null;
      if (!this.withinLifetime(payload.exp, payload.iat)) return null;
      const { ws, scope } = payload as { ws?: unknown; scope?: unknown };
      if (typeof ws !== 'string' || !/^[A-Za-z0-9_.-]{1,64}$/.test(ws)) return null;
      const scopes = typeof scope === 'string' ? scope.split(' ') : [];
      const jti = typeof payload.jti === 'string' && payload.jti !== '' ? payload.jti : null;
      const exp = payload.exp;
      if (scopes.includes('admin')) return { principal: { workspaceId: ws, scope: 'admin' }, exp, jti };
      if (scopes.includes('read')) return { principal: { workspaceId: ws, scope: 'read' }, exp, jti };
      return null;
    } catch (err) {
      if (err instanceof joseErrors.JOSEError || err instanceof TypeError) return null;
      throw err;
    }
  }

  /** exp no further than the longest lifetime from now, nor from iat when the token has one. */
  private withinLifetime(exp: number, iat: number | undefined): boolean {
    const max = this.options.maxLifetimeSeconds;
    const nowSeconds = Math.floor(Date.now() / 1000);
    return exp - nowSeconds <= max && (iat === undefined || exp - iat <= max);
  }
}

export interface WebhookTokenClaims {
  webhookId: string;
  environment: Environment;
  jti: string;
}

/**
 * Webhook tokens: HS256 JWTs over `{ sub: webhookId, env, jti, iat }`. HS256 is deterministic, so
 * the same claims re-issue the same token and nothing secret is stored.
 */
export class WebhookTokens {
  private readonly key: KeyObject;
  /**
   * Tokens whose signature verified, with their claims. Revocation is checked against the block on
   * every call (tokenIsLive), so remembering a signature check is safe; bounded, cleared when full.
   */
  private readonly verified = new Map<string, WebhookTokenClaims>();
  private static readonly CACHE_SIZE = 10_000;
  /** The current key, then the previous one during a rotation (only tried when the current one does not match). */
  private readonly verifyKeys: KeyObject[];

  constructor(key: Uint8Array, previous: Uint8Array | null = null) {
    this.key = createSecretKey(key);
    this.verifyKeys = [this.key, ...(previous ? [createSecretKey(previous)] : [])];
  }

  async mint(webhookId: string, environment: Environment, state: TokenState): Promise<string> {
    return new SignJWT({ env: environment })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(webhookId)
      .setJti(state.jti)
      .setIssuedAt(Math.floor(state.issuedAt / 1000))
      .sign(this.key);
  }

  /** Verified claims, or null for a forged, malformed or unsigned token. Does not check revocation. */
  async verify(token: string): Promise<WebhookTokenClaims | null> {
    const known = this.verified.get(token);
    if (known) return known;
    const claims = await this.verifySignature(token);
    if (claims) {
      if (this.verified.size >= WebhookTokens.CACHE_SIZE) this.verified.clear();
      this.verified.set(token, claims);
    }
    return claims;
  }

  private async verifySignature(token: string): Promise<WebhookTokenClaims | null> {
    try {
      const payload = await verifyHs256(token, this.verifyKeys, {});
      const env = payload.env;
      if (typeof payload.sub !== 'string' || typeof payload.jti !== 'string') return null;
      if (env !== 'production' && env !== 'development') return null;
      return { webhookId: payload.sub, environment: env, jti: payload.jti };
    } catch (err) {
      if (err instanceof joseErrors.JOSEError || err instanceof TypeError) return null;
      throw err;
    }
  }
}

/** True when `jti` is the environment's current token, or its predecessor within the grace period. */
export function tokenIsLive(state: TokenState, jti: string, now: number): boolean {
  const prev = state.previous;
  const current = safeEqual(state.jti, jti);
  const previous = prev !== null && prev !== undefined && now < prev.expiresAt && safeEqual(prev.jti, jti);
  return current || previous;
}

export interface LiveChatClaims {
  botId: string;
  accountId: string;
  contact: string;
}

/** Per-contact tokens a bot platform hands to its live chat widget: HS256, short-lived. */
export class LiveChatTokens {
  private readonly key: KeyObject;
  private readonly verifyKeys: KeyObject[];

  constructor(key: Uint8Array, previous: Uint8Array | null = null) {
    this.key = createSecretKey(key);
    this.verifyKeys = [this.key, ...(previous ? [createSecretKey(previous)] : [])];
  }

  async mint(claims: LiveChatClaims, ttlSeconds: number): Promise<string> {
    return new SignJWT({ bot: claims.botId, acc: claims.accountId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(claims.contact)
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(this.key);
  }

  async verify(token: string): Promise<LiveChatClaims | null> {
    try {
      const payload = await verifyHs256(token, this.verifyKeys, { requiredClaims: ['exp', 'sub'] });
      const { bot, acc, sub } = payload as { bot?: unknown; acc?: unknown; sub?: unknown };
      if (typeof bot !== 'string' || typeof acc !== 'string' || typeof sub !== 'string') return null;
      return { botId: bot, accountId: acc, contact: sub };
    } catch (err) {
      if (err instanceof joseErrors.JOSEError || err instanceof TypeError) return null;
      throw err;
    }
  }
}
