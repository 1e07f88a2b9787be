/** A server asking for more than a day is treated as asking for a day; the retry budget decides the rest. */
export const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * Parses an HTTP `Retry-After` value (RFC 9110 §10.2.3): a number of seconds or an HTTP date.
 * Returns milliseconds from `now`, or undefined when the value is absent or unreadable. A date in
 * the past means "now" (0).
 */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+$/.test(text)) return Math.min(Number(text) * 1000, MAX_RETRY_AFTER_MS);
  // Only the forms HTTP allows for a date: they all name a weekday and end in a time zone.
  if (!/^[A-Za-z]{3,9},/.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.min(Math.max(0, at - now), MAX_RETRY_AFTER_MS);
}
