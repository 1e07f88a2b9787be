import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectProblem } from '../helpers/api.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { callHook, callHookRaw, connectAccount, createBlock, createBot, ORDER_BLOCK, orderBody } from '../helpers/scenario.ts';

/** Script in the shapes older JSONPath engines evaluated: none is RFC 9535 JSONPath, so all are refused. */
const SCRIPT_PATHS = [
  "$..[?(@.constructor.constructor('process.exit(1)')())]",
  '$[(@.length-1)]',
  "$.items[?(@.price < 10) && eval('1')]",
  '$.a[?@.b()]',
  'data.(x)',
];

const PROTO_PATHS = [
  '__proto__',
  '__proto__.polluted',
  'data.__proto__',
  '$.__proto__',
  "$['__proto__']",
  '$["__proto__"].polluted',
  'constructor.prototype',
  '$.constructor.prototype.polluted',
  '$..constructor',
  '$.data.prototype',
];

/** The body an attacker sends to reach Object.prototype through the mapping engine or the store. */
const POLLUTING_BODY =
  '{"contact_reference_id":"c-proto","data":{"name":"Ada","order":{"id":"P-1"}},' +
  '"__proto__":{"polluted":1,"isAdmin":true},"constructor":{"prototype":{"polluted":1}},' +
  '"nested":{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}}';

function expectPrototypeClean(): void {
  const probe: Record<string, unknown> = {};
  expect(probe.polluted).toBeUndefined();
  expect(probe.isAdmin).toBeUndefined();
  expect(Object.prototype).not.toHaveProperty('polluted');
  expect(Object.prototype).not.toHaveProperty('isAdmin');
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(
    [
      '__defineGetter__',
      '__defineSetter__',
      '__lookupGetter__',
      '__lookupSetter__',
      '__proto__',
      'constructor',
      'hasOwnProperty',
      'isPrototypeOf',
      'propertyIsEnumerable',
      'toLocaleString',
      'toString',
      'valueOf',
    ].sort(),
  );
}

describe.each(['redis', 'memory'] as const)('JSONPath safety end to end (%s store)', (store) => {
  let t: TestApp;
  let api: Api;
  let botId: string;

  beforeAll(async () => {
    t = await createTestApp({ store });
    api = new Api(t.app, await t.token());
    botId = await createBot(api);
    await connectAccount(api, botId, 'test');
  });
  afterAll(() => t.close());

  it('refuses a block whose mapping holds script, naming the position in the path', async () => {
    for (const path of SCRIPT_PATHS) {
      const res = await api.post(`/v1/bots/${botId}/webhooks`, { ...ORDER_BLOCK, variables: [{ data: path, variable: 'x' }] });
      expectProblem(res, 400, 'validation');
      expect(res.body.errors, path).toEqual([{ path: '/variables/0/data', message: expect.stringMatching(/ at position \d+$/) }]);
    }
    const contact = await api.post(`/v1/bots/${botId}/webhooks`, { ...ORDER_BLOCK, contactReference: SCRIPT_PATHS[0] });
    expectProblem(contact, 400, 'validation');
    expect(contact.body.errors.map((e: { path: string }) => e.path)).toEqual(['/contactReference']);
    // The process is still here to answer.
    expect((await api.get(`/v1/bots/${botId}`)).status).toBe(200);
  });

  it('refuses __proto__, constructor and prototype segments in a mapping', async () => {
    for (const path of PROTO_PATHS) {
      const res = await api.post(`/v1/bots/${botId}/webhooks`, { ...ORDER_BLOCK, variables: [{ data: path, variable: 'x' }] });
      expectProblem(res, 400, 'validation');
      expect(res.body.errors, path).toEqual([{ path: '/variables/0/data', message: expect.stringMatching(/not allowed/) }]);
    }
    const contact = await api.post(`/v1/bots/${botId}/webhooks`, { ...ORDER_BLOCK, contactReference: '$.__proto__.id' });
    expectProblem(contact, 400, 'validation');
    expect(contact.body.errors.map((e: { path: string }) => e.path)).toEqual(['/contactReference']);
  });

  it('refuses __proto__ and constructor as variable names', async () => {
    for (const variable of ['__proto__', 'constructor', 'prototype']) {
      const res = await api.post(`/v1/bots/${botId}/webhooks`, { ...ORDER_BLOCK, variables: [{ data: 'data.name', variable }] });
      expectProblem(res, 400, 'validation');
      expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['/variables/0/variable']);
    }
  });

  it('refuses the same mappings on PATCH and leaves the block unchanged', async () => {
    const block = await createBlock(api, botId);
    const path = `/v1/bots/${botId}/webhooks/${block.id}`;
    const res = await api.patch(path, {
      variables: [
        { data: SCRIPT_PATHS[0], variable: 'x' },
        { data: '$.__proto__', variable: 'y' },
      ],
    });
    expectProblem(res, 400, 'validation');
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['/variables/0/data', '/variables/1/data']);
    expect((await api.get(path)).body.variables).toEqual(ORDER_BLOCK.variables);
  });

  it('evaluates filters as data: script-like text in a filter is only a string to compare', async () => {
    const block = await createBlock(api, botId, {
      ...ORDER_BLOCK,
      variables: [
        ...ORDER_BLOCK.variables,
        { data: "$.items[?@.sku == 'constructor.constructor(\\'globalThis.hookgateRan = 1\\')()'].qty", variable: 'odd' },
        { data: "$['(x)']", variable: 'paren' },
        { data: '$..[?@.polluted]', variable: 'holders' },
      ],
    });
    const body = JSON.parse(POLLUTING_BODY) as Record<string, unknown>;
    body.items = [{ sku: "constructor.constructor('globalThis.hookgateRan = 1')()", qty: 3 }];
    body['(x)'] = 'parenthesised';
    const res = await callHook(api, block.id, block.tokens.production, body);
    expect(res.status, res.text).toBe(202);
    expect((globalThis as Record<string, unknown>).hookgateRan).toBeUndefined();
    expect(res.body.variables).toMatchObject({ odd: [3], paren: 'parenthesised' });
    expect(res.body.variables.holders).toEqual([{ polluted: 1, isAdmin: true }, { polluted: 1 }, { polluted: 1 }, { polluted: 1 }]);
    expectPrototypeClean();
  });

  it('does not pollute Object.prototype with a hostile body mapped through ordinary paths', async () => {
    const block = await createBlock(api, botId, {
      ...ORDER_BLOCK,
      variables: [
        ...ORDER_BLOCK.variables,
        { data: '$.*', variable: 'everything' },
        { data: '$..polluted', variable: 'found' },
        { data: 'nested', variable: 'nested' },
        { data: '$.nested.*', variable: 'nested_values' },
      ],
    });
    const headers = { authorization: `Bearer ${block.tokens.production}`, 'content-type': 'application/json' };
    const res = await callHookRaw(api, block.id, POLLUTING_BODY, headers);
    expect(res.status, res.text).toBe(202);
    expectPrototypeClean();
    expect(res.body.variables).toMatchObject({ customer_name: 'Ada', order_id: 'P-1' });
    // Own properties named __proto__ are ordinary data in the body; they never became prototypes.
    expect(Object.getPrototypeOf(res.body.variables.nested)).toBe(Object.prototype);
    expect(Object.keys(res.body.variables.nested)).toEqual(['__proto__', 'constructor']);
    expect(res.body.variables.found).toEqual([1, 1, 1, 1]);

    const vars = await api.get(`/v1/bots/${botId}/contacts/c-proto/variables`);
    expect(vars.status, vars.text).toBe(200);
    expect(vars.body.variables).toMatchObject({ customer_name: 'Ada', order_id: 'P-1' });
    expect(Object.keys(vars.body.variables.nested)).toEqual(['__proto__', 'constructor']);
    const activity = await api.get(`/v1/bots/${botId}/webhooks/${block.id}/activity`);
    expect(activity.status).toBe(200);
    expectPrototypeClean();

    // The process keeps working: the next ordinary call is served as usual.
    const next = await callHook(api, block.id, block.tokens.production, orderBody('c-after-proto', 'Bo', 'P-2'));
    expect(next.status, next.text).toBe(202);
    expect(next.body.variables).toMatchObject({ customer_name: 'Bo', order_id: 'P-2' });
    expect(next.body.variables).not.toHaveProperty('polluted');
    expectPrototypeClean();
  });

  it('does not let the reply template or the preview read through the prototype', async () => {
    const block = await createBlock(api, botId, {
      ...ORDER_BLOCK,
      reply: { text: 'Hi {{customer_name}} {{toString}} {{constructor}} {{hasOwnProperty}}' },
    });
    const res = await callHookRaw(api, block.id, POLLUTING_BODY, {
      authorization: `Bearer ${block.tokens.production}`,
      'content-type': 'application/json',
    });
    expect(res.status, res.text).toBe(202);
    expect(res.body.reply.text).toBe('Hi Ada   ');
    const preview = await api.post(`/v1/bots/${botId}/webhooks/${block.id}/preview`, { body: JSON.parse(POLLUTING_BODY) });
    expect(preview.status, preview.text).toBe(200);
    expect(preview.body.reply.text).toBe('Hi Ada   ');
    expectPrototypeClean();
  });
});
