import { createHash, hkdfSync, timingSafeEqual } from 'node:crypto';
import { CompactEncrypt, compactDecrypt } from 'jose';

/**
 * DerivedKeys derived from HOOKGATE_SECRET, one per purpose, so a value made for one purpose (a webhook
 * token, say) can never pass as another (an admin token or a ciphertext).
 */
export interface DerivedKeys {
  /** HS256 key for admin JWTs: the raw secret, so operators can mint tokens with standard tools. */
  admin: Uint8Array;
  /** HS256 key for webhook tokens. */
  webhookToken: Uint8Array;
  /** A256GCM key for channel credentials at rest. */
  credentials: Uint8Array;
  /** HS256 key for live chat widget tokens. */
  liveChat: Uint8Array;
}

export function deriveKeys(secret: string): DerivedKeys {
  const ikm = Buffer.from(secret, 'utf8');
  const derive = (info: string) => new Uint8Array(hkdfSync('sha256', ikm, 'hookgate', info, 32));
  return {
    admin: new Uint8Array(ikm),
    webhookToken: derive('webhook-token/v1'),
    credentials: derive('channel-credentials/v1'),
    liveChat: derive('livechat-token/v1'),
  };
}

/** Encrypts a JSON value as a compact JWE (dir + A256GCM). */
export async function encryptJson(key: Uint8Array, value: unknown): Promise<string> {
  return new CompactEncrypt(new TextEncoder().encode(JSON.stringify(value)))
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .encrypt(key);
}

export async function decryptJson<T>(key: Uint8Array, jwe: string): Promise<T> {
  const { plaintext } = await compactDecrypt(jwe, key, { keyManagementAlgorithms: ['dir'], contentEncryptionAlgorithms: ['A256GCM'] });
  return JSON.parse(new TextDecoder().decode(plaintext)) as T;
}

/**
 * Constant-time string comparison. Only the length may show in the timing, and the values compared
 * here (token ids, webhook ids) have public, fixed lengths.
 */
export function safeEqual(a: string, b: string): boolean {
  const ba = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  return ba.byteLength === bb.byteLength && timingSafeEqual(ba, bb);
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
