import { decryptJson, encryptJson } from './crypto.ts';
import { memo } from './memo.ts';

/**
 * Secrets at rest (channel credentials, subscription signing secrets): sealed as compact JWEs with
 * a key derived from HOOKGATE_SECRET, opened only where they are used. The raw key stays inside.
 */
export interface Secrets {
  seal(value: unknown): Promise<string>;
  /**
   * Opens a sealed value. Memoised per ciphertext: opening costs more than the signing or sending
   * it is for, and new credentials or a rotated secret are a new ciphertext.
   */
  open<T>(sealed: string): Promise<T>;
  /**
   * The value sealed again under the current key, or null when it already is (a secret rotation's
   * re-encryption, `npm run rekey`). Throws when no key opens it.
   */
  reseal(sealed: string): Promise<string | null>;
}

/**
 * `key` seals; it and then each of `previous` (HOOKGATE_SECRET_PREVIOUS during a rotation) open,
 * so values sealed before the rotation stay readable until they are re-sealed.
 */
export function createSecrets(key: Uint8Array, previous: readonly Uint8Array[] = []): Secrets {
  const openWith = async (sealed: string): Promise<{ value: unknown; current: boolean }> => {
    try {
      return { value: await decryptJson<unknown>(key, sealed), current: true };
    } catch (err) {
      for (const old of previous) {
        try {
          return { value: await decryptJson<unknown>(old, sealed), current: false };
        } catch {
          // try the next key
        }
      }
      throw err;
    }
  };
  const open = memo(async (sealed: string) => (await openWith(sealed)).value, 1000);
  return {
    seal: (value) => encryptJson(key, value),
    open: <T>(sealed: string) => open(sealed) as Promise<T>,
    async reseal(sealed) {
      const opened = await openWith(sealed);
      return opened.current ? null : encryptJson(key, opened.value);
    },
  };
}
