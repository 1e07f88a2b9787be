import { customAlphabet } from 'nanoid';

// Alphanumeric only: ids appear in URLs, Redis keys and shell commands without quoting trouble.
const nano = customAlphabet('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', 20);

export type IdPrefix = 'bot' | 'acc' | 'wh' | 'sub' | 'evt' | 'dlv' | 'req' | 'msg' | 'tok';

/** A new id with a readable prefix, e.g. `wh_3kTMd9fQ0aZ1x8Lw2bYc`. */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${nano()}`;
}

const ID_PATTERN = /^[a-z]{2,3}_[0-9A-Za-z]{20}$/;

/** True when `value` has the shape of an id with this prefix (cheap check before any lookup). */
export function isId(prefix: IdPrefix, value: string): boolean {
  return value.startsWith(`${prefix}_`) && ID_PATTERN.test(value);
}
