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
}

export function createSecrets(key: Uint8Array): Secrets {
  const open = memo((sealed: string) => decryptJson<unknown>(key, sealed), 1000);
  return {
    seal: (value) => encryptJson(key, value),
    open: <T>(sealed: string) => open(sealed) as Promise<T>,
  };
}
