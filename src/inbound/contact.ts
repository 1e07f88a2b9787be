/** Contact reference normalisation: E.164 phones for phone channels, opaque ids elsewhere. Pure. */
import { type Channel, PHONE_CHANNELS } from '../domain/types.ts';

export type ContactResult = { ok: true; value: string } | { ok: false; message: string };

export const MAX_CONTACT_ID_LENGTH = 256;

/** Copy-paste decoration people put in phone numbers. `\s` also covers no-break spaces from spreadsheets. */
const PHONE_DECORATION = /[\s.()-]/g;
const E164 = /^[1-9][0-9]{6,14}$/;
// Line and paragraph separators too: ids end up in logs and provider requests, where they break lines.
const CONTROL = /[\p{Cc}\u2028\u2029]/u;

const EXAMPLES: Record<Channel, string> = {
  whatsapp: '+14155550123',
  sms: '+14155550123',
  messenger: '6543210987654321',
  telegram: '123456789',
  slack: 'U0123ABCDEF',
  livechat: 'contact-123',
  http: 'user-123',
  sandbox: 'sandbox-contact-1',
};

/**
 * Normalises the contact reference taken from a call's body.
 *
 * Phone channels (whatsapp, sms): a string or a positive integer; spaces, dashes, dots and
 * parentheses are stripped; `+` is optional; the digits must be E.164 (country code first, 7 to 15
 * digits). The value is `+<digits>`. A leading `0` is refused rather than guessed at: `00` is only
 * one of several international prefixes (`011` in North America) and a single `0` is a national
 * trunk prefix, so neither can be turned into a country code safely.
 *
 * Other channels: a non-empty string (trimmed) without control characters, or a safe integer,
 * at most 256 characters. Messages never repeat the value (it is personal data and may be logged).
 */
export function normalizeContactReference(channel: Channel, raw: unknown): ContactResult {
  if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) {
    return fail('missing contact reference');
  }
  if (typeof raw === 'number') {
    if (!Number.isInteger(raw)) return fail('contact reference must be a whole number or a string');
    if (!Number.isSafeInteger(raw)) return fail('contact reference number is too large to be exact; send it as a string');
  } else if (typeof raw !== 'string') {
    return fail('contact reference must be a string or a number');
  }
  if (!PHONE_CHANNELS.has(channel)) return normalizeId(String(raw).trim());
  if (typeof raw === 'number' && raw <= 0)
    return fail('contact reference must be a phone number with country code (E.164), e.g. +14155550123');
  return normalizePhone(String(raw));
}

/** A valid contact reference for the channel, for samples and documentation. */
export function exampleContactReference(channel: Channel): string {
  return EXAMPLES[channel];
}

function normalizePhone(raw: string): ContactResult {
  const hint = 'a phone number with country code (E.164), e.g. +14155550123';
  const stripped = raw.replace(PHONE_DECORATION, '');
  const digits = stripped.startsWith('+') ? stripped.slice(1) : stripped;
  if (!/^[0-9]+$/.test(digits))
    return fail(
      `contact reference must be ${hint}; only digits, an optional leading '+', spaces, dashes, dots and parentheses are allowed`,
    );
  if (digits.startsWith('0')) return fail(`contact reference must be ${hint}; it must start with the country code, not 0 or 00`);
  if (digits.length < 7) return fail(`contact reference must be ${hint}; it has ${digits.length} digits, at least 7 are needed`);
  if (!E164.test(digits)) return fail(`contact reference must be ${hint}; it has ${digits.length} digits, at most 15 are allowed`);
  return { ok: true, value: `+${digits}` };
}

function normalizeId(id: string): ContactResult {
  if (id.length > MAX_CONTACT_ID_LENGTH) return fail(`contact reference is longer than ${MAX_CONTACT_ID_LENGTH} characters`);
  if (CONTROL.test(id)) return fail('contact reference must not contain control characters');
  return { ok: true, value: id };
}

function fail(message: string): ContactResult {
  return { ok: false, message };
}
