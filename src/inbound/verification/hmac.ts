/**
 * Any other sender: a signature header of its choosing, HMAC (sha1/sha256/sha512) in hex or base64
 * with an optional prefix, over the body or over a `signedPayload` template of `{timestamp}` and
 * `{body}` with the timestamp read from `timestampHeader` and held to the tolerance.
 */
import type { HmacSettings } from '../../domain/types.ts';
import {
  BAD_SIGNATURE,
  bytesEqual,
  checkTimestamp,
  fromBase64,
  fromHex,
  hmac,
  missing,
  type RequestFacts,
  type Verdict,
} from './shared.ts';

function hmacSignedParts(settings: HmacSettings, timestamp: string | null, body: Uint8Array): (string | Uint8Array)[] {
  const template = settings.signedPayload ?? (settings.timestampHeader ? '{timestamp}.{body}' : '{body}');
  const parts: (string | Uint8Array)[] = [];
  for (const piece of template.split(/(\{timestamp\}|\{body\})/)) {
    if (piece === '{body}') parts.push(body);
    else if (piece === '{timestamp}') parts.push(timestamp ?? '');
    else if (piece !== '') parts.push(piece);
  }
  return parts;
}

export function checkHmac(facts: RequestFacts, secret: string, settings: HmacSettings, toleranceSeconds: number, now: number): Verdict {
  const header = facts.header(settings.header.toLowerCase());
  if (header === undefined) return missing(settings.header);
  let timestamp: string | null = null;
  if (settings.timestampHeader) {
    timestamp = facts.header(settings.timestampHeader.toLowerCase()) ?? null;
    if (timestamp === null) return missing(settings.timestampHeader);
    const late = checkTimestamp(settings.timestampHeader, timestamp, toleranceSeconds, now);
    if (late) return late;
  }
  const prefix = settings.prefix ?? '';
  const value = header.trim();
  if (!value.startsWith(prefix)) return BAD_SIGNATURE;
  const given = settings.encoding === 'hex' ? fromHex(value.slice(prefix.length)) : fromBase64(value.slice(prefix.length));
  const expected = hmac(settings.algorithm, secret, ...hmacSignedParts(settings, timestamp, facts.body));
  return bytesEqual(given, expected) ? { ok: true, deliveryId: null } : BAD_SIGNATURE;
}
