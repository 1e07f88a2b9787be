/** Contact reference normalisation: E.164 phones for phone channels, opaque ids elsewhere. Pure. */
import { type CountryCode, ParseError, type PhoneNumber, parsePhoneNumberWithError, validatePhoneNumberLength } from 'libphonenumber-js';
import { type Channel, PHONE_CHANNELS } from '../domain/types.ts';
import { memo } from '../lib/memo.ts';

export type ContactResult = { ok: true; value: string } | { ok: false; message: string };

export const MAX_CONTACT_ID_LENGTH = 256;

/** Copy-paste decoration people put in phone numbers. `\s` also covers no-break spaces from spreadsheets. */
const PHONE_DECORATION = /[\s.()-]/g;
// Line and paragraph separators too: ids end up in logs and provider requests, where they break lines.
const CONTROL = /[\p{Cc}\u2028\u2029]/u;

const EXAMPLES: Record<Channel, string> = {
  whatsapp: '+14155550123',
  sms: '+14155550123',
  messenger: '6543210987654321',
  instagram: '17841400000000000',
  zalo: '4242424242424242424',
  telegram: '123456789',
  slack: 'U0123ABCDEF',
  livechat: 'contact-123',
  http: 'user-123',
  sandbox: 'sandbox-contact-1',
};

/**
 * Normalises the contact reference taken from a call's body.
 *
 * Phone channels (whatsapp, sms): a string or a positive integer, parsed and validated with
 * libphonenumber-js and stored in E.164 (`+<country code><number>`). Spaces, dashes, dots and
 * parentheses are allowed. A number written with `+` is international; one without (a national
 * number, `0…`, `00…`/`011…`, or a bare integer) is read in `defaultCountry` (the block's or the
 * account's) and refused as "needs a country code" without one, rather than guessed at: reading
 * `(415) 555-0123` as `+4155550123` messages another country.
 *
 * Other channels: a non-empty string (trimmed) without control characters, or a safe integer,
 * at most 256 characters. Messages never repeat the value (it is personal data and may be logged).
 */
export function normalizeContactReference(channel: Channel, raw: unknown, defaultCountry?: string | null): ContactResult {
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
  if (typeof raw === 'number' && raw <= 0) return fail(`contact reference must be ${PHONE_HINT}`);
  return normalizePhoneMemo(`${defaultCountry ?? ''}\u0000${raw}`);
}

/**
 * Parsing with libphonenumber-js costs tens of microseconds, on the inbound hot path; the same
 * contacts call again and again, so results are kept (bounded) by country and number.
 */
const normalizePhoneMemo = memo<ContactResult>((key) => {
  const at = key.indexOf('\u0000');
  return normalizePhone(key.slice(at + 1), at === 0 ? null : key.slice(0, at));
});

/** A valid contact reference for the channel, for samples and documentation. */
export function exampleContactReference(channel: Channel): string {
  return EXAMPLES[channel];
}

const PHONE_HINT = 'a phone number with country code (E.164), e.g. +14155550123';
const PHONE_CHARS = /^\+?[0-9]+$/;
const REASONS: Record<string, string> = {
  INVALID_COUNTRY: 'its country calling code does not exist',
  NOT_A_NUMBER: 'it is not a phone number',
  TOO_SHORT: 'it is too short',
  TOO_LONG: 'it is too long',
  INVALID_LENGTH: 'its length is not valid for its country',
};

function normalizePhone(raw: string, defaultCountry: string | null): ContactResult {
  const stripped = raw.replace(PHONE_DECORATION, '');
  if (!PHONE_CHARS.test(stripped))
    return fail(
      `contact reference must be ${PHONE_HINT}; only digits, an optional leading '+', spaces, dashes, dots and parentheses are allowed`,
    );
  const international = stripped.startsWith('+');
  if (!international && defaultCountry === null) {
    return fail(`contact reference needs a country code: write it as ${PHONE_HINT}, or set defaultCountry on the block or its account`);
  }
  const options = international ? undefined : { defaultCountry: defaultCountry as CountryCode };
  let phone: PhoneNumber;
  try {
    phone = parsePhoneNumberWithError(stripped, options);
  } catch (err) {
    const reason = err instanceof ParseError ? REASONS[err.message] : undefined;
    return fail(`contact reference must be ${PHONE_HINT}; ${reason ?? 'it cannot be read as a phone number'}`);
  }
  if (!phone.isValid()) {
    const length = validatePhoneNumberLength(stripped, options);
    const reason = (length && REASONS[length]) ?? 'it is not a valid number in its country';
    return fail(`contact reference must be ${PHONE_HINT}; ${reason}`);
  }
  return { ok: true, value: phone.number };
}

function normalizeId(id: string): ContactResult {
  if (id.length > MAX_CONTACT_ID_LENGTH) return fail(`contact reference is longer than ${MAX_CONTACT_ID_LENGTH} characters`);
  if (CONTROL.test(id)) return fail('contact reference must not contain control characters');
  return { ok: true, value: id };
}

function fail(message: string): ContactResult {
  return { ok: false, message };
}
