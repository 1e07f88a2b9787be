/** HTTP Basic (RFC 7617): the block's username and password (the secret), each compared in constant time. */
import { bytesEqual, missing, type RequestFacts, type Verdict } from './shared.ts';

const BASIC = /^Basic[ \t]+([A-Za-z0-9+/]+={0,2})[ \t]*$/i;

export function checkBasic(facts: RequestFacts, username: string, password: string): Verdict {
  const header = facts.header('authorization');
  if (header === undefined || header.length > 8192) return missing('Authorization');
  const encoded = BASIC.exec(header)?.[1];
  if (encoded === undefined) return { ok: false, detail: 'Send HTTP Basic credentials.' };
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return BAD_CREDENTIALS;
  const userOk = bytesEqual(Buffer.from(decoded.slice(0, colon)), Buffer.from(username));
  const passOk = bytesEqual(Buffer.from(decoded.slice(colon + 1)), Buffer.from(password));
  return userOk && passOk ? { ok: true, deliveryId: null } : BAD_CREDENTIALS;
}

const BAD_CREDENTIALS: Verdict = { ok: false, detail: 'Invalid username or password.' };
