import { describe, expect, it } from 'vitest';
import type { JsonObject, VariableMapping } from '../../src/domain/types.ts';
import { normalizeContactReference } from '../../src/inbound/contact.ts';
import { compileMapping, extractVariables, readPath } from '../../src/inbound/extract.ts';
import { buildSampleBody, buildSamples, type SamplesInput } from '../../src/inbound/samples.ts';

type Block = SamplesInput['block'];

function block(variables: VariableMapping[], overrides: Partial<Block> = {}): Block {
  return { channel: 'whatsapp', account: 'support-line', contactReference: '$.contact_reference_id', variables, ...overrides };
}

const tokens = { production: 'prod.jwt.token', development: 'dev.jwt.token' };
const url = 'https://hooks.example.com/hooks/wh_123';

/** What the inbound route would see: the body's variables and its contact reference. */
function accept(b: Block, body: JsonObject) {
  const compiled = compileMapping(b.contactReference);
  if (!compiled.ok) throw new Error(compiled.message);
  const read = readPath(body, compiled.value);
  const contact = normalizeContactReference(b.channel, read.found ? read.value : undefined);
  return { contact, ...extractVariables(body, b.variables) };
}

describe('sample bodies', () => {
  it('builds the body of the spec example', () => {
    const b = block([
      { data: 'data.name', variable: 'customer_name' },
      { data: '$.data.order.id', variable: 'order_id', required: true },
    ]);
    expect(buildSamples({ url, block: b, tokens }).production.body).toEqual({
      contact_reference_id: '+14155550123',
      data: { name: 'example customer_name', order: { id: 'example order_id' } },
    });
  });

  it('adds channel and account aliases to the development body only', () => {
    const samples = buildSamples({ url, block: block([{ data: 'data.name', variable: 'name' }]), tokens });
    expect(samples.development.body).toEqual({
      contact_reference_id: '+14155550123',
      data: { name: 'example name' },
      channel_alias: 'whatsapp',
      account_alias: 'support-line',
    });
    expect(samples.production.body).not.toHaveProperty('channel_alias');
    expect(samples.production.body).not.toHaveProperty('account_alias');
  });

  it.each([
    ['$.items[0].sku', { items: [{ sku: 'example v' }] }],
    ['items.0.sku', { items: [{ sku: 'example v' }] }],
    ['$.items[2]', { items: [null, null, 'example v'] }],
    ['$.items[*].sku', { items: [{ sku: 'example v' }] }],
    ['$.items.*', { items: ['example v'] }],
    ["$['odd key']", { 'odd key': 'example v' }],
    ['$[\'it\\\'s\']["a \\"b\\""]', { "it's": { 'a "b"': 'example v' } }],
    ['$.matrix[1][0]', { matrix: [null, ['example v']] }],
  ])('gives %s the shape %j', (path, shape) => {
    expect(buildSampleBody(block([{ data: path, variable: 'v' }], { contactReference: 'contact' }))).toEqual({
      contact: '+14155550123',
      ...shape,
    });
  });

  it.each([
    ["$.items[?@.type == 'phone'].number", { items: [{ type: 'phone', number: 'example v' }] }],
    ["$.items[?('phone' == @.type)].number", { items: [{ type: 'phone', number: 'example v' }] }],
    ['$.items[?@.qty == 2 && @.meta.ok == true].sku', { items: [{ qty: 2, meta: { ok: true }, sku: 'example v' }] }],
    ['$.items[?@.email].name', { items: [{ name: 'example v', email: 'example' }] }],
    ['$.items[?@.email].email', { items: [{ email: 'example v' }] }],
    ["$.lines[?@.kind == 'a'].tags[?@.on == null].name", { lines: [{ kind: 'a', tags: [{ on: null, name: 'example v' }] }] }],
    ["$.items[?@.type == 'x']", { items: [{ type: 'x' }] }],
  ])('gives the filter path %s the shape %j', (path, shape) => {
    expect(buildSampleBody(block([{ data: path, variable: 'v' }], { contactReference: 'contact' }))).toEqual({
      contact: '+14155550123',
      ...shape,
    });
  });

  it('leaves nothing behind for a filter path it cannot place, and meets a repeated condition once', () => {
    const b = block([
      { data: "$.items[?@.a == 'x' && @.a == 'x'].v", variable: 'twice' },
      { data: 'data', variable: 'text', default: 'plain' },
      { data: "$.data[?@.k == 'y'].v", variable: 'clash' },
      { data: "$.list[?@.k == 'y'].v.w", variable: 'first' },
      { data: "$.list[?@.k == 'y'].v", variable: 'clash2' },
      { data: '$.nums[?@.n == 1e999].v', variable: 'infinite' },
    ]);
    expect(buildSampleBody(b)).toEqual({
      contact_reference_id: '+14155550123',
      items: [{ a: 'x', v: 'example twice' }],
      data: 'plain',
      list: [{ k: 'y', v: { w: 'example first' } }],
    });
  });

  it('shares a filtered element between the mappings whose filters it passes, and adds one for another filter', () => {
    const b = block([
      { data: "$.fields[?@.name == 'email'].value", variable: 'email', required: true },
      { data: "$.fields[?@.name == 'email'].label", variable: 'email_label' },
      { data: "$.fields[?@.name == 'phone'].value", variable: 'phone', required: true },
      { data: '$.fields[0].id', variable: 'first_id' },
    ]);
    const body = buildSampleBody(b);
    expect(body.fields).toEqual([
      { name: 'email', value: 'example email', label: 'example email_label', id: 'example first_id' },
      { name: 'phone', value: 'example phone' },
    ]);
    expect(accept(b, body)).toEqual({
      contact: { ok: true, value: '+14155550123' },
      variables: { email: ['example email'], email_label: ['example email_label'], phone: ['example phone'], first_id: 'example first_id' },
      errors: [],
    });
  });

  it.each([
    '$..sku',
    '$.items[0:2]',
    "$['a','b']",
    '$.items[-1]',
    '$',
    '$.items[500]',
    "$.items[?@.a == 'x' || @.b == 'y'].v",
    "$.items[?!(@.a == 'x')].v",
    '$.items[?@.qty > 2].v',
    '$.items[?@.a == $.b].v',
    '$.items[?length(@.a) == 2].v',
    "$.items[?@ == 'x']",
    '$.items[?@.*].v',
    '__proto__.x',
    'not valid',
  ])('skips the path %s, which has no single shape', (path) => {
    expect(buildSampleBody(block([{ data: path, variable: 'v' }]))).toEqual({ contact_reference_id: '+14155550123' });
  });

  it('uses the mapping default as the example value', () => {
    const body = buildSampleBody(
      block([
        { data: 'data.tier', variable: 'tier', default: 'gold' },
        { data: 'data.count', variable: 'count', default: 0 },
        { data: 'data.flags', variable: 'flags', default: { vip: true, note: null } },
        { data: 'data.none', variable: 'none', default: null },
      ]),
    );
    expect(body.data).toEqual({ tier: 'gold', count: 0, flags: { vip: true, note: null }, none: null });
  });

  it('merges mappings that share a parent and skips one that clashes with an earlier one', () => {
    const body = buildSampleBody(
      block([
        { data: 'data.name', variable: 'name' },
        { data: 'data.city', variable: 'city' },
        { data: 'data.name.first', variable: 'first' },
        { data: 'data', variable: 'all' },
        { data: 'data[0]', variable: 'zero' },
        { data: 'data.name', variable: 'again' },
      ]),
    );
    expect(body).toEqual({ contact_reference_id: '+14155550123', data: { name: 'example name', city: 'example city' } });
  });

  it('keeps the contact reference valid when a mapping reads the same path', () => {
    const body = buildSampleBody(block([{ data: 'contact_reference_id', variable: 'phone', default: 'not a phone' }]));
    expect(body.contact_reference_id).toBe('+14155550123');
  });

  it('puts the channel example at a nested contact reference path', () => {
    const body = buildSampleBody(block([], { channel: 'telegram', contactReference: '$.message.chat.id' }));
    expect(body).toEqual({ message: { chat: { id: '123456789' } } });
  });

  it('gives bodies the inbound route accepts, with every variable filled', () => {
    const b = block([
      { data: 'data.name', variable: 'customer_name', required: true },
      { data: '$.data.order.id', variable: 'order_id', required: true },
      { data: '$.items[0].sku', variable: 'first_sku', required: true },
      { data: '$.items[*].qty', variable: 'quantities', required: true, default: 2 },
      { data: "$['odd key']", variable: 'odd', required: true },
      { data: "$.attributes[?@.key == 'plan' && @.active].value", variable: 'plan', required: true },
    ]);
    for (const env of ['production', 'development'] as const) {
      const { body } = buildSamples({ url, block: b, tokens })[env];
      expect(accept(b, body)).toEqual({
        contact: { ok: true, value: '+14155550123' },
        variables: {
          customer_name: 'example customer_name',
          order_id: 'example order_id',
          first_sku: 'example first_sku',
          quantities: [2],
          odd: 'example odd',
          plan: ['example plan'],
        },
        errors: [],
      });
    }
  });
});

describe('sample commands', () => {
  const samples = buildSamples({ url, block: block([{ data: 'data.name', variable: 'name', default: "O'Brien" }]), tokens });

  it('writes curl as one command over several lines with the real token', () => {
    expect(samples.production.curl).toBe(
      [
        "curl -X POST 'https://hooks.example.com/hooks/wh_123' \\",
        "  -H 'Authorization: Bearer prod.jwt.token' \\",
        "  -H 'Content-Type: application/json' \\",
        `  -d '{"contact_reference_id":"+14155550123","data":{"name":"O'\\''Brien"}}'`,
      ].join('\n'),
    );
    expect(samples.development.curl).toContain("-H 'Authorization: Bearer dev.jwt.token'");
  });

  it('turns curl globbing off for a URL with brackets, such as an IPv6 host', () => {
    const ipv6 = buildSamples({ url: 'http://[::1]:8080/hooks/wh_123', block: block([]), tokens });
    expect(ipv6.production.curl.split('\n')[0]).toBe("curl --globoff -X POST 'http://[::1]:8080/hooks/wh_123' \\");
  });

  it('writes HTTPie with the body on stdin', () => {
    expect(samples.production.httpie).toBe(
      [
        `printf '%s' '{"contact_reference_id":"+14155550123","data":{"name":"O'\\''Brien"}}' | http POST ` +
          `'https://hooks.example.com/hooks/wh_123' \\`,
        "  'Authorization:Bearer prod.jwt.token' \\",
        "  'Content-Type:application/json'",
      ].join('\n'),
    );
  });

  it('writes fetch with a body literal that evaluates to the sample body', () => {
    const match = /body: JSON\.stringify\(([\s\S]*)\),\n\}\);/.exec(samples.development.fetch);
    expect(match).not.toBeNull();
    expect(new Function(`return (${match?.[1]});`)()).toEqual(samples.development.body);
  });

  it('writes a __proto__ key in the fetch body as a computed key so it stays a property', () => {
    const b = block([{ data: 'data', variable: 'd', default: JSON.parse('{"__proto__": {"x": 1}}') as JsonObject }]);
    const { fetch, body } = buildSamples({ url, block: b, tokens }).production;
    expect(fetch).toContain('["__proto__"]: {');
    const literal = /body: JSON\.stringify\(([\s\S]*)\),\n\}\);/.exec(fetch)?.[1];
    expect(JSON.stringify(new Function(`return (${literal});`)())).toBe(JSON.stringify(body));
  });

  it('writes Python with True, False and None', () => {
    const b = block([{ data: 'flags', variable: 'f', default: { on: true, off: false, none: null, n: 1.5, list: [] } }]);
    const { python } = buildSamples({ url, block: b, tokens }).production;
    expect(python).toContain('import requests');
    expect(python).toContain('"Authorization": "Bearer prod.jwt.token",');
    expect(python).toContain(
      ['"flags": {', '"on": True,', '"off": False,', '"none": None,', '"n": 1.5,', '"list": [],'].join('\n            '),
    );
  });
});
