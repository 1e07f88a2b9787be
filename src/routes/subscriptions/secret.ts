import { randomBytes } from 'node:crypto';

/** A new signing secret in the Standard Webhooks form (`whsec_` and base64). */
export function newSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}
