import { describe, expect, it } from 'vitest';
import { MAX_RETRY_AFTER_MS, parseRetryAfter, redactSecrets, retryAfterFromSeconds, truncate } from '../../src/channels/classify.ts';

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-23T12:00:00Z');

  it.each([
    ['2', 2000],
    ['0', 0],
    [' 120 ', 120_000],
  ])('reads %j seconds', (value, ms) => {
    expect(parseRetryAfter(value, now)).toBe(ms);
  });

  it('reads an HTTP date as the time left until it', () => {
    expect(parseRetryAfter('Mon, 23 Nov 2026 12:00:30 GMT', now)).toBe(30_000);
  });

  it('reads a date already past as no wait', () => {
    expect(parseRetryAfter('Mon, 23 Nov 2026 11:59:00 GMT', now)).toBe(0);
  });

  it.each([undefined, '', 'soon', '-5', '1.5', '2026-11-23T12:00:30Z'])('ignores %j', (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });

  it('caps an absurd wait at a day', () => {
    expect(parseRetryAfter('999999999', now)).toBe(MAX_RETRY_AFTER_MS);
    expect(parseRetryAfter('Fri, 01 Jan 2100 00:00:00 GMT', now)).toBe(MAX_RETRY_AFTER_MS);
  });
});

describe('retryAfterFromSeconds', () => {
  it('turns a provider’s seconds into milliseconds', () => {
    expect(retryAfterFromSeconds(2)).toBe(2000);
    expect(retryAfterFromSeconds(0.5)).toBe(500);
  });

  it.each([undefined, '2', -1, Number.NaN])('ignores %j', (value) => {
    expect(retryAfterFromSeconds(value)).toBeUndefined();
  });
});

describe('truncate', () => {
  it('keeps a text that fits', () => {
    expect(truncate('Yes', 20)).toBe('Yes');
  });

  it('cuts to the limit, ending in an ellipsis, without splitting an emoji', () => {
    expect(truncate('👍👍👍👍', 3)).toBe('👍👍…');
    expect(Array.from(truncate('x'.repeat(30), 20))).toHaveLength(20);
  });
});

describe('redactSecrets', () => {
  it('replaces every occurrence of every secret', () => {
    expect(redactSecrets('token abcd1234 and again abcd1234; key zz99', ['abcd1234', 'zz99'])).toBe(
      'token [redacted] and again [redacted]; key [redacted]',
    );
  });
});
