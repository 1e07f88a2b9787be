import { getRandomValues } from 'node:crypto';
import { customRandom } from 'nanoid';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const ID_LENGTH = 20;

/**
 * Random bytes for ids from one pooled buffer, refilled in place from the CSPRNG when used up:
 * nanoid's default source allocates a Buffer per id, and at thousands of ids a second those
 * buffers outlived young-generation collections and filled the old one. customRandom consumes each
 * slice before asking for the next, so refilling the pool never changes bytes still in use.
 */
const POOL_BYTES = 4096;
const pool = new Uint8Array(POOL_BYTES);
let offset = POOL_BYTES;

function pooledRandom(bytes: number): Uint8Array {
  if (bytes > POOL_BYTES) return getRandomValues(new Uint8Array(bytes));
  if (offset + bytes > POOL_BYTES) {
    getRandomValues(pool);
    offset = 0;
  }
  const slice = pool.subarray(offset, offset + bytes);
  offset += bytes;
  return slice;
}

// Alphanumeric only: ids appear in URLs, Redis keys and shell commands without quoting trouble.
const nano = customRandom(ALPHABET, ID_LENGTH, pooledRandom);

export type IdPrefix = 'bot' | 'acc' | 'wh' | 'sub' | 'evt' | 'dlv' | 'req' | 'msg' | 'tok';

/** A new id with a readable prefix, e.g. `wh_3kTMd9fQ0aZ1x8Lw2bYc`. */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${nano()}`;
}

// Lease tokens: 8 characters (~47 bits) from the same pool, so a claim costs no CSPRNG call of its own.
const token = customRandom(ALPHABET, 8, pooledRandom);

/** A short random token (8 alphanumerics) for lease ids: unguessable enough to tell one claim from another. */
export function newToken(): string {
  return token();
}

const ID_PATTERN = /^[a-z]{2,3}_[0-9A-Za-z]{20}$/;

/** True when `value` has the shape of an id with this prefix (cheap check before any lookup). */
export function isId(prefix: IdPrefix, value: string): boolean {
  return value.startsWith(`${prefix}_`) && ID_PATTERN.test(value);
}
