import * as fc from 'fast-check';
import { JSONPath } from 'jsonpath-plus';
import { afterEach, describe, expect, it } from 'vitest';
import type { JsonObject, JsonValue, VariableMapping } from '../../src/domain/types.ts';
import {
  type CompileResult,
  compileMapping,
  extractVariables,
  readPath,
  validateMappingPath,
  validateVariableName,
} from '../../src/inbound/extract.ts';
import { isDefinite, parseJsonPath, readDefinite } from '../../src/inbound/json-path.ts';
import { queryJsonPath } from '../../src/inbound/json-path-query.ts';

const order: JsonObject = {
  contact_reference_id: '+14155550123',
  data: { name: 'Ada', order: { id: 'ord_1', total: 0, paid: false, note: null } },
  items: [
    { sku: 'A-1', qty: 2 },
    { sku: 'B-2', qty: 1, extras: [{ sku: 'X-9' }] },
  ],
  'odd key': 'odd value',
  "it's": 'quoted',
  'x;y': 'semicolon',
  x: { y: 'nested' },
  obj: { '0': 'zero' },
};

function extract(mappings: VariableMapping[], body: JsonObject = order) {
  const { variables, errors } = extractVariables(body, mappings);
  return { variables: { ...variables }, errors };
}

function read(path: string, body: JsonValue = order): JsonValue | undefined {
  const compiled = compileMapping(path);
  if (!compiled.ok) throw new Error(compiled.message);
  const result = readPath(body, compiled.value);
  return result.found ? result.value : undefined;
}

afterEach(() => {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.prototype).not.toHaveProperty('polluted');
});

describe('validateMappingPath', () => {
  it.each([
    'data.name',
    'items.0.sku',
    'items[0].sku',
    'items[*].sku',
    'first-name',
    'données.prénom',
    '$',
    '$.data.order.id',
    '$.items[0].sku',
    '$.items[-1].sku',
    "$['odd key']",
    '$["it\'s"]',
    "$['it\\'s']",
    '$.items[*].sku',
    '$.items.*.sku',
    '$..sku',
    '$..[0]',
    '$.items[0:2]',
    '$.items[::-1]',
    "$['a', 'b']",
    '$.items[ 0 , 1 ]',
    '$.items[?(@.qty > 1)]',
    '$.items[?@.qty > 1]',
    '$.items[ ?(@.sku)]',
    "$['?(@.a)']",
    "$.items[?@.sku == 'A1'].qty",
    "items[?@.sku == 'A1'].qty",
    '$.items[?length(@.sku) == 3 && !@.extras]',
    "$.items[?match(@.sku, 'A-[0-9]')]",
    "$..[?search(@, 'X')]",
    '$.items[?count(@.*) > 2]',
    '$.items[?value(@..sku) == $.items[0].sku]',
    "$ ['a']",
    "$[\n'a']",
  ])('accepts %s', (path) => {
    expect(validateMappingPath(path)).toBeNull();
  });

  it('rejects an empty or blank path', () => {
    expect(validateMappingPath('')).toBe('path is empty');
    expect(validateMappingPath('   ')).toBe('path is empty');
  });

  it('rejects a value that is not a string', () => {
    expect(validateMappingPath(42 as unknown as string)).toBe('path must be a string');
  });

  it('accepts 512 characters and rejects 513', () => {
    const path = (n: number) => `$.${'a'.repeat(n - 2)}`;
    expect(validateMappingPath(path(512))).toBeNull();
    expect(validateMappingPath(path(513))).toBe('path is longer than 512 characters');
  });

  it.each([
    ["$..[?(@.constructor.constructor('process.exit(1)')())]", "expected an expression, found '(' at position 31"],
    ['$[(@.length-1)]', "unexpected token '(' in bracketed selection at position 2"],
    ['$.a.@string()', "unexpected shorthand selector '@' at position 4"],
    ['items[(@.length-1)]', "unexpected token '(' in bracketed selection at position 6"],
    ['data.(x)', "expected a name after '.', found '(' at position 5"],
  ])('rejects the script expression %s, which is no JSONPath', (path, message) => {
    expect(validateMappingPath(path)).toBe(message);
  });

  it.each([
    ['$.1', "unexpected shorthand selector '1' at position 2"],
    ['$[01]', 'leading zero in index selector at position 2'],
    ['$[-0]', 'leading zero in index selector at position 2'],
    ["$['\\uD800']", 'incomplete escape sequence at index 3 at position 3'],
    ["$.items[?@.sku = 'A1']", "unexpected filter selector token '=' at position 15"],
    ["$.items[?@.sku == 'A1'", 'unclosed bracketed selection at position 22'],
    ['$.items[?count(@.*)]', 'result of count()  must be compared at position 9'],
    ['$.items[?@.* == 1]', 'non-singular query is not comparable at position 9'],
    ['$.items[?nope(@)]', "no such function 'nope' at position 9"],
    ["items[?@.sku == 'A1'.qty", 'unbalanced brackets at position 5'],
  ])('rejects %j, which RFC 9535 calls invalid, naming the position', (path, message) => {
    expect(validateMappingPath(path)).toBe(message);
  });

  it.each([
    ['__proto__.polluted', '__proto__'],
    ['a.constructor.prototype', 'constructor'],
    ['prototype', 'prototype'],
    ['items[0].__proto__', '__proto__'],
    ["$['__proto__']", '__proto__'],
    ['$["constructor"]', 'constructor'],
    ["$['__pro\\u0074o__']", '__proto__'],
    ['$..prototype', 'prototype'],
    ["$['a', 'constructor']", 'constructor'],
    ["$.x['prototype']", 'prototype'],
    ['$.items[?@.constructor]', 'constructor'],
    ["$.items[?@.a == $['__proto__'].b]", '__proto__'],
    ['$.items[?count(@..prototype) > 0]', 'prototype'],
  ])('rejects %s because of its %s segment', (path, name) => {
    expect(validateMappingPath(path)).toBe(`'${name}' is not allowed as a path segment`);
  });

  it.each([
    ['.data', "a dot path starts with a name (e.g. 'data.name'); a JSONPath starts with '$' at position 0"],
    ['[0].sku', "a dot path starts with a name (e.g. 'data.name'); a JSONPath starts with '$' at position 0"],
    ['data..name', "'..' is not allowed in a dot path; use a JSONPath such as '$..name' at position 4"],
    ['data.', "expected a name after '.', found the end of the path at position 5"],
    ['first name', "unexpected ' ' at position 5"],
    ['items[0]sku', "unexpected 's' at position 8"],
    ['items[0', 'unclosed bracketed selection at position 7'],
    ['$.', 'unexpected end of the path at position 2'],
    ['$..', 'bald descendant segment at position 3'],
    ['$a', "expected '.', '..' or a bracketed selection, found 'a' at position 1"],
    ['$.a^', "expected '.', '..' or a bracketed selection, found '^' at position 3"],
    ['$.a~', "expected '.', '..' or a bracketed selection, found '~' at position 3"],
    ['$.items[0', 'unclosed bracketed selection at position 9'],
    ['$.items[]', 'empty bracketed segment at position 7'],
    ["$['unterminated", 'unclosed string starting at index 3 at position 15'],
    ["$['bad\\x']", 'invalid escape at position 7'],
    ['$[99999999999999999999]', 'index out of range at position 2'],
    ['$.items[-9007199254740993]', 'index out of range at position 8'],
    ['$.items[1:2:3:4]', "expected token ',', found ':' at position 13"],
  ])('rejects the malformed path %j', (path, message) => {
    expect(validateMappingPath(path)).toBe(message);
  });
});

describe('compileMapping', () => {
  it('normalises a dot path to a JSONPath and marks it definite', () => {
    const result = compileMapping('data.name');
    expect(result).toMatchObject({ ok: true, value: { source: 'data.name', jsonPath: '$.data.name', definite: true } });
  });

  it('prints odd names in bracket notation', () => {
    const result = compileMapping("$['odd key'].items[0]..sku[*]");
    expect(result).toMatchObject({ ok: true, value: { jsonPath: "$['odd key'].items[0]..sku.*", definite: false } });
  });

  it('compiles to the same canonical path however it is written', () => {
    const canonical = (p: string) => (compileMapping(p) as Extract<CompileResult, { ok: true }>).value.jsonPath;
    expect(canonical('items[0].sku')).toBe('$.items[0].sku');
    expect(canonical('$[\'items\'][0]["sku"]')).toBe('$.items[0].sku');
    expect(canonical("$['it\\'s']")).toBe("$['it\\'s']");
  });

  it.each([
    ['$.a[*]', false],
    ['$..a', false],
    ['$.a[0:1]', false],
    ["$['a','b']", false],
    ['$.a[-1]', true],
    ['$', true],
  ])('treats %s as definite: %s', (path, definite) => {
    expect(compileMapping(path)).toMatchObject({ ok: true, value: { definite } });
  });
});

describe('validateVariableName', () => {
  it.each(['customer_name', '_private', 'a', 'A1', 'x'.repeat(64), 'system_id', 'sysop'])('accepts %s', (name) => {
    expect(validateVariableName(name)).toBeNull();
  });

  it.each([
    ['', 'variable name is empty'],
    ['x'.repeat(65), 'variable name is longer than 64 characters'],
    ['1st', 'variable name must start with a letter or _ and contain only letters, digits and _'],
    ['first-name', 'variable name must start with a letter or _ and contain only letters, digits and _'],
    ['data.name', 'variable name must start with a letter or _ and contain only letters, digits and _'],
    ['prénom', 'variable name must start with a letter or _ and contain only letters, digits and _'],
    ["it's", 'variable name must start with a letter or _ and contain only letters, digits and _'],
    ['sys_channel', "variable names starting with 'sys_' are reserved for system variables"],
    ['SYS_channel', "variable names starting with 'sys_' are reserved for system variables"],
    ['__proto__', "'__proto__' is not allowed as a variable name"],
    ['constructor', "'constructor' is not allowed as a variable name"],
    ['prototype', "'prototype' is not allowed as a variable name"],
  ])('rejects %j', (name, message) => {
    expect(validateVariableName(name)).toBe(message);
  });
});

describe('extractVariables', () => {
  it('reads dot paths and JSONPaths into variables', () => {
    const result = extract([
      { data: 'data.name', variable: 'customer_name' },
      { data: '$.data.order.id', variable: 'order_id', required: true },
      { data: "$['odd key']", variable: 'odd' },
      { data: '$["it\'s"]', variable: 'quoted' },
      { data: "$['x;y']", variable: 'semicolon' },
    ]);
    expect(result).toEqual({
      variables: { customer_name: 'Ada', order_id: 'ord_1', odd: 'odd value', quoted: 'quoted', semicolon: 'semicolon' },
      errors: [],
    });
  });

  it('reads array elements through numeric dot segments and indexes', () => {
    expect(read('items.0.sku')).toBe('A-1');
    expect(read('items.1.extras.0.sku')).toBe('X-9');
    expect(read('items[1].sku')).toBe('B-2');
    expect(read('$.items[-1].sku')).toBe('B-2');
    expect(read('$.items[-3]')).toBeUndefined();
    expect(read('items.2.sku')).toBeUndefined();
    expect(read('items.01.sku')).toBeUndefined();
  });

  it('reads a numeric key of an object with a dot path or a quoted name but not an index', () => {
    expect(read('obj.0')).toBe('zero');
    expect(read("$.obj['0']")).toBe('zero');
    expect(read('$.obj[0]')).toBeUndefined();
  });

  it('gives objects, arrays and falsy values as they are', () => {
    expect(read('data.order')).toEqual(order.data && (order.data as JsonObject).order);
    expect(read('items.1.extras')).toEqual([{ sku: 'X-9' }]);
    expect(read('data.order.total')).toBe(0);
    expect(read('data.order.paid')).toBe(false);
    expect(read('data.order.note')).toBeNull();
    expect(read('$')).toBe(order);
  });

  it('gives every match of an indefinite path as an array, in document order', () => {
    expect(read('$.items[*].sku')).toEqual(['A-1', 'B-2']);
    expect(read('$..sku')).toEqual(['A-1', 'B-2', 'X-9']);
    expect(read('$.items[0:1].sku')).toEqual(['A-1']);
    expect(read('$.items[::-1].qty')).toEqual([1, 2]);
    expect(read("$.data['name','missing','order'].id")).toEqual(['ord_1']);
    expect(read('$.items[*].extras[*].sku')).toEqual(['X-9']);
  });

  it('wraps a single match of an indefinite path in an array too', () => {
    expect(read('$..extras')).toEqual([[{ sku: 'X-9' }]]);
  });

  it('treats an indefinite path without matches as absent', () => {
    expect(read('$.items[*].colour')).toBeUndefined();
    expect(read('$..nothing')).toBeUndefined();
  });

  it('reports a missing required value with the path as written', () => {
    const result = extract([
      { data: 'data.name', variable: 'customer_name' },
      { data: 'data.order.number', variable: 'order_number', required: true },
      { data: '$.items[*].colour', variable: 'colours', required: true },
    ]);
    expect(result).toEqual({
      variables: { customer_name: 'Ada' },
      errors: [
        { path: 'data.order.number', message: 'required value missing at data.order.number' },
        { path: '$.items[*].colour', message: 'required value missing at $.items[*].colour' },
      ],
    });
  });

  it('uses the default when the value is absent, required or not', () => {
    const result = extract([
      { data: 'data.nickname', variable: 'nickname', default: 'friend' },
      { data: 'data.tier', variable: 'tier', required: true, default: { level: 1 } },
      { data: 'data.none', variable: 'none', default: null },
    ]);
    expect(result).toEqual({ variables: { nickname: 'friend', tier: { level: 1 }, none: null }, errors: [] });
  });

  it('keeps a present value, even null, over the default', () => {
    const result = extract([
      { data: 'data.name', variable: 'name', default: 'friend' },
      { data: 'data.order.note', variable: 'note', required: true, default: 'n/a' },
    ]);
    expect(result).toEqual({ variables: { name: 'Ada', note: null }, errors: [] });
  });

  it('leaves an optional absent variable unset', () => {
    const { variables } = extractVariables(order, [{ data: 'data.nickname', variable: 'nickname' }]);
    expect('nickname' in variables).toBe(false);
  });

  it('lets a later mapping overwrite an earlier one for the same variable', () => {
    const result = extract([
      { data: 'data.name', variable: 'who' },
      { data: 'data.missing', variable: 'who' },
      { data: 'data.order.id', variable: 'who' },
    ]);
    expect(result.variables).toEqual({ who: 'ord_1' });
  });

  it('reports unvalidated bad paths and names as errors instead of throwing', () => {
    const result = extract([
      { data: '$.items[(@.qty>1)]', variable: 'big' },
      { data: 'data.name', variable: 'sys_name' },
      { data: 'data.name', variable: 'ok' },
    ]);
    expect(result).toEqual({
      variables: { ok: 'Ada' },
      errors: [
        { path: '$.items[(@.qty>1)]', message: "invalid path: unexpected token '(' in bracketed selection at position 8" },
        { path: 'data.name', message: "invalid variable name: variable names starting with 'sys_' are reserved for system variables" },
      ],
    });
  });

  it('uses the compile function it is given, so a caller can cache compiled paths', () => {
    const seen: string[] = [];
    const cache = new Map<string, CompileResult>();
    const compile = (path: string) => {
      seen.push(path);
      const hit = cache.get(path) ?? compileMapping(path);
      cache.set(path, hit);
      return hit;
    };
    extractVariables(order, [{ data: 'data.name', variable: 'a' }], compile);
    const { variables } = extractVariables(order, [{ data: 'data.name', variable: 'a' }], compile);
    expect(seen).toEqual(['data.name', 'data.name']);
    expect(cache.size).toBe(1);
    expect(variables.a).toBe('Ada');
  });

  it('returns variables in a prototype-less object', () => {
    const { variables } = extractVariables(order, [{ data: 'data.name', variable: 'name' }]);
    expect(Object.getPrototypeOf(variables)).toBeNull();
  });
});

describe('extraction security', () => {
  const g = globalThis as Record<string, unknown>;
  afterEach(() => {
    delete g.hookgateScriptRan;
  });

  it.each([
    "$..[?(@.constructor.constructor('globalThis.hookgateScriptRan = true')())]",
    "$[(@.constructor.constructor('globalThis.hookgateScriptRan = true')())]",
    "$..[?(@.constructor.constructor('process.exit(1)')())]",
    '$[(@.length-1)]',
  ])('never runs the script in %s', (path) => {
    const result = extractVariables(order, [{ data: path, variable: 'x', required: true }]);
    expect(g.hookgateScriptRan).toBeUndefined();
    expect(result.variables).toEqual({});
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]?.message).toMatch(/^invalid path: .* at position \d+$/);
  });

  it('reads a "__proto__" key of a body as data without touching Object.prototype', () => {
    const body = JSON.parse('{"__proto__": {"polluted": "yes"}, "a": {"constructor": {"prototype": {"polluted": "yes"}}}}') as JsonObject;
    const result = extractVariables(body, [
      { data: '__proto__.polluted', variable: 'p1' },
      { data: 'a.constructor.prototype.polluted', variable: 'p2' },
      { data: "$['__proto__']['polluted']", variable: 'p3' },
      { data: '$..polluted', variable: 'everywhere' },
      { data: '$.a.*.*.polluted', variable: 'wild' },
    ]);
    expect(result.errors.map((e) => e.message)).toEqual([
      "invalid path: '__proto__' is not allowed as a path segment",
      "invalid path: 'constructor' is not allowed as a path segment",
      "invalid path: '__proto__' is not allowed as a path segment",
    ]);
    expect({ ...result.variables }).toEqual({ everywhere: ['yes', 'yes'], wild: ['yes'] });
  });

  it('refuses a variable named __proto__ and keeps the variables object plain', () => {
    const body = JSON.parse('{"evil": {"polluted": "yes"}}') as JsonObject;
    const { variables, errors } = extractVariables(body, [{ data: 'evil', variable: '__proto__' }]);
    expect(errors).toEqual([{ path: 'evil', message: "invalid variable name: '__proto__' is not allowed as a variable name" }]);
    expect(Object.getPrototypeOf(variables)).toBeNull();
    expect(Object.keys(variables)).toEqual([]);
  });

  it('never reads inherited properties', () => {
    expect(read('$.toString')).toBeUndefined();
    expect(read('data.hasOwnProperty')).toBeUndefined();
    expect(read('items.length')).toBeUndefined();
    expect(read('data.name.length')).toBeUndefined();
    expect(read('$.data.name[0]')).toBeUndefined();
    expect(read('$..valueOf')).toBeUndefined();
  });

  it('descends a very deep body without overflowing the stack', () => {
    let deep: JsonValue = { sku: 'bottom' };
    for (let i = 0; i < 100_000; i++) deep = { next: deep };
    expect(read('$..sku', deep)).toEqual(['bottom']);
  });

  it('stops a path that would visit too many values with an error', () => {
    let deep: JsonValue = 'end';
    for (let i = 0; i < 5_000; i++) deep = { a: deep };
    const result = extractVariables({ deep }, [{ data: '$..a..a', variable: 'x' }]);
    expect(result.variables).toEqual({});
    expect(result.errors).toEqual([{ path: '$..a..a', message: 'path visits more than 1000000 values' }]);
  });
});

// Strings are left out: jsonpath-plus indexes into them (`$.name[0]` is a character), we do not.
describe('extraction agrees with jsonpath-plus on the common subset', () => {
  const key = fc.constantFrom('a', 'b', 'c');
  const json: fc.Arbitrary<JsonValue> = fc.letrec<{ value: JsonValue }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.oneof(fc.integer(), fc.boolean(), fc.constant(null)),
      fc.array(tie('value'), { maxLength: 3 }),
      fc.dictionary(key, tie('value'), { maxKeys: 3 }),
    ),
  })).value;
  const segment = fc.oneof(
    key.map((k) => `.${k}`),
    key.map((k) => `..${k}`),
    fc.nat(3).map((n) => `[${n}]`),
    fc.constant('[*]'),
    fc.constant('.*'),
    fc
      .tuple(fc.integer({ min: -3, max: 3 }), fc.integer({ min: -3, max: 3 }), fc.integer({ min: 1, max: 2 }))
      .map(([a, b, c]) => `[${a}:${b}:${c}]`),
  );

  it('finds the same values in the same order', () => {
    fc.assert(
      fc.property(fc.dictionary(key, json, { maxKeys: 3 }), fc.array(segment, { minLength: 1, maxLength: 4 }), (body, segments) => {
        const path = `$${segments.join('')}`;
        const compiled = compileMapping(path);
        expect(compiled.ok).toBe(true);
        if (!compiled.ok) return;
        const ours = readPath(body, compiled.value);
        const theirs = JSONPath({ path, json: body, eval: false, wrap: true }) as JsonValue[];
        const oursAsList = !ours.found ? [] : compiled.value.definite ? [ours.value] : (ours.value as JsonValue[]);
        expect(oursAsList).toEqual(theirs);
      }),
      { numRuns: 500 },
    );
  });
});

// Definite paths take a fast path (readDefinite) instead of the general evaluator: both must agree,
// including negative indexes, names that are canonical indexes, strings and nulls on the way.
describe('the definite-path fast path agrees with the general evaluator', () => {
  const key = fc.constantFrom('a', 'b', '0', '1', '01', '-1');
  const json: fc.Arbitrary<JsonValue> = fc.letrec<{ value: JsonValue }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.oneof(fc.integer(), fc.string({ maxLength: 3 }), fc.boolean(), fc.constant(null)),
      fc.array(tie('value'), { maxLength: 3 }),
      fc.dictionary(key, tie('value'), { maxKeys: 3 }),
    ),
  })).value;
  const segment = fc.oneof(
    key.map((k) => `['${k}']`),
    fc.integer({ min: -4, max: 4 }).map((n) => `[${n}]`),
  );

  it('reads what queryJsonPath finds first, or nothing', () => {
    fc.assert(
      fc.property(json, fc.array(segment, { maxLength: 4 }), (body, segments) => {
        const parsed = parseJsonPath(`$${segments.join('')}`);
        expect(parsed.ok).toBe(true);
        if (!parsed.ok) return;
        expect(isDefinite(parsed.segments)).toBe(true);
        expect(readDefinite(body, parsed.segments)).toEqual(queryJsonPath(body, parsed.segments)[0]);
      }),
      { numRuns: 1000 },
    );
  });
});
