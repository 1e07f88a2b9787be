/**
 * What every signature check shares: the request facts it reads, its verdict, HMAC over raw bytes
 * and constant-time comparison of the decoded signature bytes.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a check reads from a request: all of it is as received, before the body is parsed. */
export interface RequestFacts {
  /** The full public URL the sender called, query included (Twilio signs it). */
  url: string;
  /** A request header by lower-case name, or undefined. */
  header(name: string): string | undefined;
  /** The body's raw bytes. */
  body: Uint8Array;
}

export type Verdict = { ok: true; deliveryId: string | null } | { ok: false; detail: string };

export const BAD_SIGNATURE: Verdict = { ok: false, detail: 'The signature does not match the body and the webhook’s secret.' };

export function missing(header: string): Verdict {
  return { ok: false, detail: `Missing ${header} header.` };
}

export function hmac(algorithm: 'sha1' | 'sha256' | 'sha512', key: string | Uint8Array, ...parts: (string | Uint8Array)[]): Buffer {
  const mac = createHmac(algorithm, key);
  for (const part of parts) mac.update(part);
  return mac.digest();
}

/** Constant-time equality of bytes; only a length difference returns early (lengths are public). */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && timingSafeEqual(a, b);
}

/** Decodes a hex signature; an odd or non-hex one decodes to nothing, which matches no digest. */
export function fromHex(text: string): Buffer {
  return /^(?:[0-9a-f]{2})+$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.alloc(0);
}

export function fromBase64(text: string): Buffer {
  return /^[A-Za-z0-9+/_-]+={0,2}$/.test(text) ? Buffer.from(text, 'base64') : Buffer.alloc(0);
}

/**
 * Whether a Unix timestamp (seconds, as text) is within `tolerance` seconds of now, either way;
 * a refusal that names the header when it is not.
 */
export function checkTimestamp(header: string, value: string, toleranceSeconds: number, now: number): Verdict | null {
  if (!/^\d{1,12}$/.test(value)) return { ok: false, detail: `${header} is not a Unix timestamp.` };
  if (Math.abs(now / 1000 - Number(value)) > toleranceSeconds) {
    return { ok: false, detail: `The ${header} timestamp is expired: more than ${toleranceSeconds} s away from now.` };
  }
  return null;
}

export function delivered(id: string | undefined): Verdict {
  return { ok: true, deliveryId: id !== undefined && /^[\x21-\x7e]{1,255}$/.test(id) ? id : null };
}
