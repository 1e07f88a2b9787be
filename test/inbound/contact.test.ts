import { describe, expect, it } from 'vitest';
import { CHANNELS, type Channel, PHONE_CHANNELS } from '../../src/domain/types.ts';
import { exampleContactReference, normalizeContactReference } from '../../src/inbound/contact.ts';

const E164_HINT = 'contact reference must be a phone number with country code (E.164), e.g. +14155550123';
const otherChannels = CHANNELS.filter((c) => !PHONE_CHANNELS.has(c));

describe('normalizeContactReference for phone channels', () => {
  it.each(['whatsapp', 'sms'] as const)('normalises a %s number to +digits', (channel) => {
    expect(normalizeContactReference(channel, '+14155550123')).toEqual({ ok: true, value: '+14155550123' });
  });

  it.each([
    ['+1 (415) 555-0123', '+14155550123'],
    ['+44 20 7946 0958', '+442079460958'],
    ['+49.30.1234.5678', '+493012345678'],
    ['+33\u00a06\u00a012\u00a034\u00a056\u00a078', '+33612345678'],
    ['  +1 415 555 0123  ', '+14155550123'],
    ['+1-415-555-0123', '+14155550123'],
  ])('accepts the international form %j as %s', (raw, value) => {
    expect(normalizeContactReference('whatsapp', raw)).toEqual({ ok: true, value });
  });

  it.each([
    ['(415) 555-0123', 'US', '+14155550123'],
    ['415.555.0123', 'US', '+14155550123'],
    ['1 415 555 0123', 'US', '+14155550123'],
    ['011 44 20 7946 0958', 'US', '+442079460958'],
    ['020 7946 0958', 'GB', '+442079460958'],
    ['0044 20 7946 0958', 'GB', '+442079460958'],
    ['06 12 34 56 78', 'FR', '+33612345678'],
  ])('reads the national form %j in %s as %s', (raw, country, value) => {
    expect(normalizeContactReference('whatsapp', raw, country)).toEqual({ ok: true, value });
  });

  it('reads a number (no + possible) in the default country', () => {
    expect(normalizeContactReference('sms', 4155550123, 'US')).toEqual({ ok: true, value: '+14155550123' });
  });

  it('keeps an international number international whatever the default country', () => {
    expect(normalizeContactReference('sms', '+44 20 7946 0958', 'US')).toEqual({ ok: true, value: '+442079460958' });
  });

  it.each(['(415) 555-0123', '14155550123', '0044 20 7946 0958', '020 7946 0958'])(
    'refuses the national or prefix form %j without a default country',
    (raw) => {
      const result = normalizeContactReference('whatsapp', raw);
      expect(result.ok).toBe(false);
      expect(!result.ok && result.message).toMatch(/^contact reference needs a country code/);
    },
  );

  it('refuses a bare number without a default country', () => {
    expect(normalizeContactReference('sms', 14155550123)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/needs a country code/),
    });
  });

  it.each([
    ['+1 415 CALL NOW', `${E164_HINT}; only digits, an optional leading '+', spaces, dashes, dots and parentheses are allowed`],
    ['tel:+14155550123', `${E164_HINT}; only digits, an optional leading '+', spaces, dashes, dots and parentheses are allowed`],
    ['+14155550123 ext. 5', `${E164_HINT}; only digits, an optional leading '+', spaces, dashes, dots and parentheses are allowed`],
    ['++14155550123', `${E164_HINT}; only digits, an optional leading '+', spaces, dashes, dots and parentheses are allowed`],
    ['1415+5550123', `${E164_HINT}; only digits, an optional leading '+', spaces, dashes, dots and parentheses are allowed`],
    ['+', `${E164_HINT}; only digits, an optional leading '+', spaces, dashes, dots and parentheses are allowed`],
    ['---', `${E164_HINT}; only digits, an optional leading '+', spaces, dashes, dots and parentheses are allowed`],
    ['+١٤١٥٥٥٥٠١٢٣', `${E164_HINT}; only digits, an optional leading '+', spaces, dashes, dots and parentheses are allowed`],
    ['+0123456789', `${E164_HINT}; its country calling code does not exist`],
    ['+999 123 456 789', `${E164_HINT}; its country calling code does not exist`],
    ['+4155550123', `${E164_HINT}; it is too short`],
    ['+123456', `${E164_HINT}; it is too short`],
    ['+1234567890123456', `${E164_HINT}; it is too long`],
    ['+1 415 555 012345', `${E164_HINT}; it is too long`],
  ])('rejects %j', (raw, message) => {
    expect(normalizeContactReference('whatsapp', raw)).toEqual({ ok: false, message });
  });

  it.each([
    [-14155550123, E164_HINT],
    [0, E164_HINT],
    [1415555.0123, 'contact reference must be a whole number or a string'],
    [Number.NaN, 'contact reference must be a whole number or a string'],
    [Number.POSITIVE_INFINITY, 'contact reference must be a whole number or a string'],
  ])('rejects the number %d', (raw, message) => {
    expect(normalizeContactReference('sms', raw)).toEqual({ ok: false, message });
  });

  it('does not repeat the number in its messages', () => {
    for (const raw of ['+49 30 9876 5432 1098 76', '+49 30 9876 x', '0049 30 9876 5432']) {
      const result = normalizeContactReference('whatsapp', raw);
      expect(result.ok).toBe(false);
      expect(!result.ok && result.message).not.toMatch(/9876/);
    }
  });
});

describe('normalizeContactReference for other channels', () => {
  it.each([
    ['telegram', '123456789', '123456789'],
    ['telegram', -1001234567890, '-1001234567890'],
    ['messenger', '6543210987654321', '6543210987654321'],
    ['slack', '  U0123ABCDEF\t', 'U0123ABCDEF'],
    ['livechat', 'contact-123', 'contact-123'],
    ['http', 'user@example.com', 'user@example.com'],
    ['http', 'José 🎉 (VIP)', 'José 🎉 (VIP)'],
    ['sandbox', 0, '0'],
    ['sandbox', 'x'.repeat(256), 'x'.repeat(256)],
  ] as const)('accepts on %s %j', (channel, raw, value) => {
    expect(normalizeContactReference(channel, raw)).toEqual({ ok: true, value });
  });

  it('does not treat ids on other channels as phone numbers', () => {
    expect(normalizeContactReference('telegram', '+1 (415) 555-0123')).toEqual({ ok: true, value: '+1 (415) 555-0123' });
  });

  it.each([
    ['x'.repeat(257), 'contact reference is longer than 256 characters'],
    ['abc\ndef', 'contact reference must not contain control characters'],
    ['abc\u0000', 'contact reference must not contain control characters'],
    ['abc\u007f', 'contact reference must not contain control characters'],
    ['abc\u2028def', 'contact reference must not contain control characters'],
    [1.5, 'contact reference must be a whole number or a string'],
    [2 ** 53, 'contact reference number is too large to be exact; send it as a string'],
    [true, 'contact reference must be a string or a number'],
    [{ id: '1' }, 'contact reference must be a string or a number'],
    [['1'], 'contact reference must be a string or a number'],
  ])('rejects %j', (raw, message) => {
    expect(normalizeContactReference('telegram', raw)).toEqual({ ok: false, message });
  });
});

describe('a missing contact reference', () => {
  it.each(CHANNELS.flatMap((channel) => [undefined, null, '', '   '].map((raw) => [channel, raw] as const)))(
    'is reported on %s for %j',
    (channel, raw) => {
      expect(normalizeContactReference(channel, raw)).toEqual({ ok: false, message: 'missing contact reference' });
    },
  );
});

describe('exampleContactReference', () => {
  it.each(CHANNELS)('gives a reference that %s accepts unchanged', (channel: Channel) => {
    const example = exampleContactReference(channel);
    expect(normalizeContactReference(channel, example)).toEqual({ ok: true, value: example });
  });

  it('gives a US number for phone channels and a numeric chat id for telegram', () => {
    expect(exampleContactReference('whatsapp')).toBe('+14155550123');
    expect(exampleContactReference('sms')).toBe('+14155550123');
    expect(exampleContactReference('telegram')).toBe('123456789');
  });

  it('gives examples that are not phone numbers to the other channels', () => {
    for (const channel of otherChannels) expect(exampleContactReference(channel)).not.toMatch(/^\+/);
  });
});
