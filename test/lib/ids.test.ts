import { describe, expect, it } from 'vitest';
import { isId, newId } from '../../src/lib/ids.ts';

// Ids come from a pooled random buffer refilled in place: a pool that was not refilled, or bytes
// handed out twice, would show as repeats; a biased mapping as an uneven alphabet.
describe('newId', () => {
  const ids = Array.from({ length: 50_000 }, () => newId('evt'));

  it('has the documented shape', () => {
    for (const id of ids) expect(isId('evt', id), id).toBe(true);
  });

  it('never repeats across many pool refills', () => {
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('uses the 62 characters evenly', () => {
    const counts = new Map<string, number>();
    for (const id of ids) for (const ch of id.slice(4)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect(counts.size).toBe(62);
    const expected = (ids.length * 20) / 62;
    // ±6 % is over 7 standard deviations (~16,000 of a million draws per character).
    for (const [ch, n] of counts) expect(Math.abs(n - expected) / expected, ch).toBeLessThan(0.06);
  });
});
