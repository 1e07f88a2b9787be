import { createSecretKey, type KeyObject } from 'node:crypto';
import { createRemoteJWKSet, decodeProtectedHeader, errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import type { Environment, TokenState } from '../domain/types.ts';
import { safeEqual } from './crypto.ts';

export type AdminScope = 'admin' | 'read';

export interface AdminPrincipal {
  workspaceId: string;
  scope: AdminScope;
}

const ADMIN_ASYMMETRIC_ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/** Mints and verifies admin JWTs (HS256 with the secret, or an identity provider's keys). */
export class AdminTokens {
  private readonly key: KeyObject;
  private readonly jwks: ReturnType<typeof createRemoteJWKSet> | null;
  /**
   * Tokens that verified, with their principal, until their `exp` and for at most a minute, so a
   * key an identity provider withdraws stops working within it (jose keeps a fetched key set for
   * longer than that anyway). Bounded, cleared when full; failures are never remembered.
   */
  private readonly verified = new Map<string, { principal: AdminPrincipal; until: number }>();
  private static readonly CACHE_SIZE = 10_000;
  private static readonly CACHE_MS = 60_000;

  constructor(secret: Uint8Array, jwksUrl: string | null) {
    this.key = createSecretKey(secret);
    this.jwks = jwksUrl ? createRemoteJWKSet(new URL(jwksUrl)) : null;
  }

  async mint(principal: AdminPrincipal, ttlSeconds = 365 * 24 * 3600): Promise<string> {
    return new SignJWT({ ws: principal.workspaceId, scope: principal.scope })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(this.key);
  }

  /** The principal, or null for any token that is not a valid admin token. */
  async verify(token: string): Promise<AdminPrincipal | null> {
    const now = Date.now();
    const known = this.verified.get(token);
    if (known && now < known.until) return known.principal;
    const verified = await this.verifyToken(token);
    if (!verified) return null;
    if (this.verified.size >= AdminTokens.CACHE_SIZE) this.verified.clear();
    const expiresAt = verified.exp === undefined ? Infinity : verified.exp * 1000;
    this.verified.set(token, { principal: verified.principal, until: Math.min(expiresAt, now + AdminTokens.CACHE_MS) });
    return verified.principal;
  }

  private async verifyToken(token: string): Promise<{ principal: AdminPrincipal; exp: number | undefined } | null> {
    try {
      const { alg } = decodeProtectedHeader(token);
      const { payload } =
        alg === 'HS256'
          ? await jwtVerify(token, this.key, { algorithms: ['HS256'] })
          : this.jwks
            ? await jwtVerify(token, this.jwks, { algorithms: ADMIN_ASYMMETRIC_ALGS })
            : { payload: null };
      if (!payload) return null;
      const { ws, scope } = payload as { ws?: unknown; scope?: unknown };
      if (typeof ws !== 'string' || !/^[A-Za-z0-9_.-]{1,64}$/.test(ws)) return null;
      const scopes = typeof scope === 'string' ? scope.split(' ') : [];
      const exp = payload.exp;
      if (scopes.includes('admin')) return { principal: { workspaceId: ws, scope: 'admin' }, exp };
      if (scopes.includes('read')) return { principal: { workspaceId: ws, scope: 'read' }, exp };
      return null;
    } catch (err) {
      if (err instanceof joseErrors.JOSEError || err instanceof TypeError) return null;
      throw err;
    }
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

  constructor(key: Uint8Array) {
    this.key = createSecretKey(key);
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
      const { payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'] });
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

  constructor(key: Uint8Array) {
    this.key = createSecretKey(key);
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
      const { payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'], requiredClaims: ['exp', 'sub'] });
      const { bot, acc, sub } = payload as { bot?: unknown; acc?: unknown; sub?: unknown };
      if (typeof bot !== 'string' || typeof acc !== 'string' || typeof sub !== 'string') return null;
      return { botId: bot, accountId: acc, contact: sub };
    } catch (err) {
      if (err instanceof joseErrors.JOSEError || err instanceof TypeError) return null;
      throw err;
    }
  }
}
