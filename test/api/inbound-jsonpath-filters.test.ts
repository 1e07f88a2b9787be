/** RFC 9535 filters in mappings, end to end: saved (or refused with the position), called, stored, previewed. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectProblem } from '../helpers/api.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { callHook, connectAccount, createBlock, createBot } from '../helpers/scenario.ts';

const FILTER_BLOCK = {
  name: 'Order lines',
  type: 'workflow',
  variables: [
    { data: "$.items[?@.sku == 'A1'].qty", variable: 'a1_qty' },
    { data: 'items[?@.qty > 1].sku', variable: 'bulk_skus' },
    { data: "$.answers[?match(@.key, 'e-?mail')].value", variable: 'email' },
    { data: '$.items[?count(@.extras[*]) > 0].sku', variable: 'with_extras' },
    { data: "$.items[?@.sku == 'Z9'].qty", variable: 'z9_qty' },
    { data: '$.items[0].sku', variable: 'first_sku' },
  ],
};

function orderLines(contact: string): Record<string, unknown> {
  return {
    contact_reference_id: contact,
    items: [
      { sku: 'A1', qty: 2 },
      { sku: 'B2', qty: 1, extras: ['gift wrap'] },
      { sku: 'C3', qty: 5 },
    ],
    answers: [
      { key: 'name', value: 'Ada' },
      { key: 'e-mail', value: 'ada@example.com' },
    ],
  };
}

describe.each(['redis', 'memory'] as const)('JSONPath filters in mappings (%s store)', (store) => {
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

  it('fills the contact variables from filters: a query that is not singular stores the array of its matches', async () => {
    const block = await createBlock(api, botId, FILTER_BLOCK);
    const res = await callHook(api, block.id, block.tokens.production, orderLines('c-filters'));
    expect(res.status, res.text).toBe(202);

    const vars = await api.get(`/v1/bots/${botId}/contacts/c-filters/variables`);
    expect(vars.status, vars.text).toBe(200);
    expect(vars.body.variables).toEqual({
      a1_qty: [2],
      bulk_skus: ['A1', 'C3'],
      email: ['ada@example.com'],
      with_extras: ['B2'],
      first_sku: 'A1',
    });
    // A filter that matches nothing leaves its variable unset, like any path that finds nothing.
    expect(vars.body.variables).not.toHaveProperty('z9_qty');
  });

  it('answers 400 when a required filter matches nothing', async () => {
    const block = await createBlock(api, botId, {
      ...FILTER_BLOCK,
      variables: [{ data: "$.items[?@.sku == 'Z9'].qty", variable: 'z9_qty', required: true }],
    });
    const res = await callHook(api, block.id, block.tokens.production, orderLines('c-required'));
    expectProblem(res, 400, 'validation');
    expect(res.text).toContain("required value missing at $.items[?@.sku == 'Z9'].qty");
  });

  it.each([
    ["$.items[?@.sku = 'A1'].qty", "unexpected filter selector token '=' at position 15"],
    ['$.items[?@.* == 1]', 'non-singular query is not comparable at position 9'],
    ['$.items[?length(@.*) > 1]', 'length() argument 0 must be of ValueType at position 16'],
    ['$.items[01]', 'leading zero in index selector at position 8'],
    ['$.1', "unexpected shorthand selector '1' at position 2"],
    ["items[?@.sku == 'A1'.qty", 'unbalanced brackets at position 5'],
  ])('refuses the invalid selector %s when the block is saved, naming the position', async (data, message) => {
    const res = await api.post(`/v1/bots/${botId}/webhooks`, { ...FILTER_BLOCK, variables: [{ data, variable: 'x' }] });
    expectProblem(res, 400, 'validation');
    expect(res.body.errors).toEqual([{ path: '/variables/0/data', message }]);
  });

  it('refuses an invalid selector on PATCH and keeps the block as it was', async () => {
    const block = await createBlock(api, botId, FILTER_BLOCK);
    const path = `/v1/bots/${botId}/webhooks/${block.id}`;
    const res = await api.patch(path, {
      variables: [
        { data: '$.items[?@.qty > 1].sku', variable: 'ok' },
        { data: '$.items[?@.qty >> 1].sku', variable: 'bad' },
      ],
    });
    expectProblem(res, 400, 'validation');
    expect(res.body.errors).toEqual([{ path: '/variables/1/data', message: "unexpected '>' at position 16" }]);
    expect((await api.get(path)).body.variables).toEqual(FILTER_BLOCK.variables);
    const contact = await api.patch(path, { contactReference: '$.contact[?@ == ]' });
    expectProblem(contact, 400, 'validation');
    expect(contact.body.errors).toEqual([{ path: '/contactReference', message: expect.stringMatching(/ at position \d+$/) }]);
  });

  it('previews the nodes each path selected, so a filter that matched nothing shows as such', async () => {
    const block = await createBlock(api, botId, FILTER_BLOCK);
    const res = await api.post(`/v1/bots/${botId}/webhooks/${block.id}/preview`, { body: orderLines('c-preview') });
    expect(res.status, res.text).toBe(200);
    expect(res.body.variables).toMatchObject({ a1_qty: [2], bulk_skus: ['A1', 'C3'] });
    const byVariable = Object.fromEntries(res.body.selections.map((s: { variable: string | null }) => [s.variable ?? 'contact', s]));
    expect(byVariable.a1_qty).toEqual({
      data: "$.items[?@.sku == 'A1'].qty",
      variable: 'a1_qty',
      nodes: [{ path: "$['items'][0]['qty']", value: 2 }],
      count: 1,
    });
    expect(byVariable.bulk_skus.nodes).toEqual([
      { path: "$['items'][0]['sku']", value: 'A1' },
      { path: "$['items'][2]['sku']", value: 'C3' },
    ]);
    expect(byVariable.z9_qty).toEqual({ data: "$.items[?@.sku == 'Z9'].qty", variable: 'z9_qty', nodes: [], count: 0 });
    expect(byVariable.contact).toMatchObject({ variable: null, nodes: [{ path: "$['contact_reference_id']", value: 'c-preview' }] });
  });

  it('caps the nodes a preview shows at 20 and counts them all', async () => {
    const block = await createBlock(api, botId, { ...FILTER_BLOCK, variables: [{ data: '$.n[?@ >= 0]', variable: 'numbers' }] });
    const n = Array.from({ length: 50 }, (_, i) => i);
    const res = await api.post(`/v1/bots/${botId}/webhooks/${block.id}/preview`, { body: { contact_reference_id: 'c1', n } });
    expect(res.status, res.text).toBe(200);
    const [numbers] = res.body.selections;
    expect(numbers.count).toBe(50);
    expect(numbers.nodes).toHaveLength(20);
    expect(numbers.nodes[19]).toEqual({ path: "$['n'][19]", value: 19 });
    expect(res.body.variables.numbers).toHaveLength(50);
  });

  it('stops a path that would visit too many values, in the call and in the preview', async () => {
    const block = await createBlock(api, botId, { ...FILTER_BLOCK, variables: [{ data: '$..*..*..*..*', variable: 'everything' }] });
    let deep: unknown = 'end';
    for (let i = 0; i < 120; i++) deep = { a: deep };
    const body = { contact_reference_id: 'c-deep', deep };
    const preview = await api.post(`/v1/bots/${botId}/webhooks/${block.id}/preview`, { body });
    expect(preview.status, preview.text).toBe(200);
    expect(preview.body.selections[0]).toMatchObject({ nodes: [], count: 0, error: 'path visits more than 1000000 values' });
    expect(preview.body.errors).toEqual([{ path: '$..*..*..*..*', message: 'path visits more than 1000000 values' }]);
    const res = await callHook(api, block.id, block.tokens.production, body);
    expectProblem(res, 400, 'validation');
    expect(res.text).toContain('path visits more than 1000000 values');
  });
});
