/** What the compliance suite does not pin down: our limits, our shorthand, and the edges of the standard we chose. */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JsonObject, JsonValue } from '../../src/domain/types.ts';
import { compileMapping, readPath, selectNodes } from '../../src/inbound/extract.ts';
import { isDefinite, parseJsonPath, readDefinite } from '../../src/inbound/json-path.ts';
import { normalizedPath, PathLimitError, queryJsonPath, queryNodes } from '../../src/inbound/json-path-query.ts';

function nodes(path: string, body: JsonValue): JsonValue[] {
  const parsed = parseJsonPath(path);
  if (!parsed.ok) throw new Error(parsed.message);
  return queryJsonPath(body, parsed.segments);
}

function read(path: string, body: JsonValue): JsonValue | undefined {
  const compiled = compileMapping(path);
  if (!compiled.ok) throw new Error(compiled.message);
  const result = readPath(body, compiled.value);
  return result.found ? result.value : undefined;
}

const shop: JsonObject = {
  items: [
    { sku: 'A1', qty: 2, tags: ['new'] },
    { sku: 'B2', qty: 1 },
    { sku: 'C3', qty: 5, tags: [] },
  ],
};

describe('filters in mappings', () => {
  it('gives the array of what a filter matched, however many, and nothing when it matched none', () => {
    expect(read("$.items[?@.sku == 'A1'].qty", shop)).toEqual([2]);
    expect(read('$.items[?@.qty >= 2].sku', shop)).toEqual(['A1', 'C3']);
    expect(read("$.items[?@.sku == 'Z9'].qty", shop)).toBeUndefined();
  });

  it('takes filters in the dotted shorthand too', () => {
    expect(read("items[?@.sku == 'B2'].qty", shop)).toEqual([1]);
    expect(read('items[?@.tags].sku', shop)).toEqual(['A1', 'C3']);
    expect(read('items[?!@.tags].sku', shop)).toEqual(['B2']);
  });

  it('counts string length in code points and orders strings by them', () => {
    const body = { s: [{ v: '😀' }, { v: 'ab' }], w: ['\uffff', '😀'] };
    expect(nodes('$.s[?length(@.v) == 1].v', body)).toEqual(['😀']);
    // U+1F600 sorts after U+FFFF by scalar value, although its first UTF-16 unit is smaller.
    expect(nodes("$.w[?@ > '\uffff']", body)).toEqual(['😀']);
  });

  it('compares objects and arrays deeply and tells a missing member from null', () => {
    const body: JsonValue = { a: [{ x: { k: [1, 2] } }, { x: { k: [1, 3] } }, { x: null }, {}] };
    expect(nodes('$.a[?@.x == $.a[0].x]', body)).toEqual([{ x: { k: [1, 2] } }]);
    expect(nodes('$.a[?@.x == null]', body)).toEqual([{ x: null }]);
    expect(nodes('$.a[?@.x == @.missing]', body)).toEqual([{}]);
  });
});

describe('regular expressions', () => {
  it('take their pattern from the path only: a pattern read from the body is refused', () => {
    expect(compileMapping("$.a[?match(@.v, 'a.*')]").ok).toBe(true);
    expect(compileMapping('$.a[?match(@.v, @.pattern)]')).toEqual({
      ok: false,
      message: 'the pattern of match() must be a string literal in the path, not read from the body',
    });
    expect(compileMapping('$.a[?search(@.v, $.p) || @.x]')).toEqual({
      ok: false,
      message: 'the pattern of search() must be a string literal in the path, not read from the body',
    });
  });

  it('run in linear time: patterns that make a backtracking engine take forever answer at once', () => {
    // A backtracking engine needs about 2^100 steps for each of these; this test would never end.
    const text = `${'a'.repeat(100)}!`;
    expect(nodes("$[?match(@, '(a|a)*b')]", [text])).toEqual([]);
    expect(nodes("$[?search(@, '(a+)+b')]", [text, 'xaab'])).toEqual(['xaab']);
    expect(nodes("$[?match(@, '(.*)*a!')]", [text])).toEqual([text]);
  });

  it('follow I-Regexp: match() anchors the whole string, search() finds a substring, `.` never matches a line break', () => {
    const body = ['ab', 'xaby', 'a\nb'];
    expect(nodes("$[?match(@, 'a.')]", body)).toEqual(['ab']);
    expect(nodes("$[?search(@, 'a.')]", body)).toEqual(['ab', 'xaby']);
  });
});

describe('the dotted shorthand', () => {
  it('reads a canonical index as an array element or an object member, whichever the node is', () => {
    expect(read('items.0.sku', shop)).toBe('A1');
    expect(read('m.0', { m: { '0': 'zero' } })).toBe('zero');
    expect(read('$.m[0]', { m: { '0': 'zero' } })).toBeUndefined();
    expect(read("$.items['0']", shop)).toBeUndefined();
  });

  it('agrees with the general evaluator on definite shorthand paths', () => {
    const key = fc.constantFrom('a', '0', '1', '01');
    const json: fc.Arbitrary<JsonValue> = fc.letrec<{ value: JsonValue }>((tie) => ({
      value: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.oneof(fc.integer(), fc.string({ maxLength: 2 }), fc.constant(null)),
        fc.array(tie('value'), { maxLength: 3 }),
        fc.dictionary(key, tie('value'), { maxKeys: 3 }),
      ),
    })).value;
    fc.assert(
      fc.property(json, fc.array(key, { minLength: 1, maxLength: 4 }), (body, names) => {
        const compiled = compileMapping(names.join('.'));
        expect(compiled.ok).toBe(true);
        if (!compiled.ok) return;
        expect(isDefinite(compiled.value.segments)).toBe(true);
        expect(readDefinite(body, compiled.value.segments)).toEqual(queryJsonPath(body, compiled.value.segments)[0]);
      }),
      { numRuns: 500 },
    );
  });
});

describe('normalized paths', () => {
  it('escape names as RFC 9535 §2.7 writes them', () => {
    const parsed = parseJsonPath('$.*');
    if (!parsed.ok) throw new Error(parsed.message);
    const body = { "it's": 1, 'a\\b': 2, 'tab\there': 3, 'bell\u0007': 4 };
    expect(queryNodes(body, parsed.segments).map(normalizedPath)).toEqual([
      "$['it\\'s']",
      "$['a\\\\b']",
      "$['tab\\there']",
      "$['bell\\u0007']",
    ]);
  });

  it('are what selectNodes lists, capped, with the full count', () => {
    const compiled = compileMapping('$.n[*]');
    if (!compiled.ok) throw new Error(compiled.message);
    expect(selectNodes({ n: [5, 6, 7] }, compiled.value, 2)).toEqual({
      nodes: [
        { path: "$['n'][0]", value: 5 },
        { path: "$['n'][1]", value: 6 },
      ],
      count: 3,
    });
  });
});

describe('the visit budget', () => {
  it('also counts the nodes that queries inside filters visit', () => {
    const wide = { a: Array.from({ length: 300 }, (_, i) => ({ b: Array.from({ length: 30 }, () => i) })) };
    const parsed = parseJsonPath('$..[?@..[?@ == -1]]');
    if (!parsed.ok) throw new Error(parsed.message);
    expect(() => queryNodes(wide, parsed.segments, 50_000)).toThrow(PathLimitError);
    expect(queryNodes(wide, parsed.segments)).toEqual([]);
  });

  it('stops a filter that queries the whole body for every node', () => {
    const body = { a: Array.from({ length: 2_000 }, (_, i) => i) };
    const result = readPath(body, (compileMapping('$..[?count($..*) > 0]') as { ok: true; value: never }).value);
    expect(result).toEqual({ found: false, error: 'path visits more than 1000000 values' });
  });
});

describe('parsing', () => {
  it('never throws, whatever the text: it parses or explains with a position inside the path', () => {
    const alphabet = fc.constantFrom(...'$@.[]()?*:,\'"\\ -!=<>&|0129abcu'.split(''), 'length(', 'match(', 'count(', '..', '==', '&&');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 20 }), (parts) => {
        const path = `$${parts.join('')}`;
        const parsed = parseJsonPath(path);
        if (!parsed.ok) {
          expect(parsed.position).toBeGreaterThanOrEqual(0);
          expect(parsed.position).toBeLessThanOrEqual(path.length);
        }
        expect(() => compileMapping(parts.join(''))).not.toThrow();
      }),
      { numRuns: 3_000 },
    );
  });
});
