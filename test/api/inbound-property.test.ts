import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, type ApiResponse, expectProblem } from '../helpers/api.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { type CreatedWebhook, callHookRaw, createBlock, type InboundSetup, ORDER_BLOCK, setupInbound } from '../helpers/scenario.ts';

const RUNS = 150;
const INBOUND_STATUSES = [202, 400, 401, 403, 404, 409, 413, 415, 422, 429];

/** Any string a Headers object accepts as a value: Latin-1 without NUL, CR or LF. */
const headerValue = fc.string({
  unit: fc
    .integer({ min: 0x09, max: 0xff })
    .filter((c) => c !== 0x0a && c !== 0x0d)
    .map((c) => String.fromCharCode(c)),
  maxLength: 80,
});

const jsonText = (value: unknown): string => JSON.stringify(value) ?? 'undefined';

/** Objects shaped like real calls, with every field's value also generated. */
const callLikeBody = fc
  .record(
    {
      contact_reference_id: fc.oneof(
        fc.constantFrom('c-1', '+14155550123', '  '),
        fc.string(),
        fc.integer(),
        fc.double(),
        fc.constant(null),
      ),
      data: fc.oneof(
        { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
        {
          weight: 3,
          arbitrary: fc.record({ name: fc.jsonValue({ maxDepth: 2 }), order: fc.record({ id: fc.jsonValue({ maxDepth: 2 }) }) }),
        },
      ),
      channel_alias: fc.oneof(fc.constant('sandbox'), fc.jsonValue({ maxDepth: 1 })),
      account_alias: fc.oneof(fc.constant('test'), fc.string()),
    },
    { requiredKeys: ['contact_reference_id', 'data'] },
  )
  .map(jsonText);

/** A call whose mapped value nests arrays or objects up to thousands of levels deep. */
const deepBody = fc
  .tuple(fc.integer({ min: 1, max: 20_000 }), fc.constantFrom(['[', ']'], ['{"a":', '}']))
  .map(([depth, [open, close]]) => {
    const deep = open!.repeat(depth) + (open === '[' ? '' : '1') + close!.repeat(depth);
    return `{"contact_reference_id":"c-1","data":{"name":${deep},"order":{"id":1}}}`;
  });

/** Bodies: JSON of every shape, objects that look like real calls, deep nesting, random text and random bytes. */
const body: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  fc.jsonValue().map(jsonText),
  fc.anything({ maxDepth: 3 }).map(jsonText),
  fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 })).map(jsonText),
  { weight: 4, arbitrary: callLikeBody },
  deepBody,
  fc.string({ maxLength: 300 }),
  fc.uint8Array({ maxLength: 300 }),
);

const KNOWN_JSON_TYPES = ['application/json', 'application/json; charset=utf-8'];
// Form bodies are accepted as well as JSON (README: form bodies); these types are not.
const KNOWN_OTHER_TYPES = ['text/plain', 'multipart/form-data; boundary=x'];

interface Call {
  target: 'conversational' | 'workflow';
  auth: { kind: 'none' } | { kind: 'valid'; env: 'production' | 'development' } | { kind: 'foreign' } | { kind: 'random'; value: string };
  contentType: { kind: 'none' } | { kind: 'json'; value: string } | { kind: 'other'; value: string } | { kind: 'random'; value: string };
  idempotencyKey: string | null;
  body: string | Uint8Array;
}

const call: fc.Arbitrary<Call> = fc.record({
  target: fc.constantFrom('conversational' as const, 'workflow' as const),
  auth: fc.oneof(
    { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
    {
      weight: 8,
      arbitrary: fc.constantFrom('production' as const, 'development' as const).map((env) => ({ kind: 'valid' as const, env })),
    },
    { weight: 1, arbitrary: fc.constant({ kind: 'foreign' as const }) },
    {
      weight: 2,
      arbitrary: fc
        .oneof(
          headerValue,
          headerValue.map((v) => `Bearer ${v}`),
        )
        .map((value) => ({ kind: 'random' as const, value })),
    },
  ),
  contentType: fc.oneof(
    { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
    { weight: 8, arbitrary: fc.constantFrom(...KNOWN_JSON_TYPES).map((value) => ({ kind: 'json' as const, value })) },
    { weight: 1, arbitrary: fc.constantFrom(...KNOWN_OTHER_TYPES).map((value) => ({ kind: 'other' as const, value })) },
    { weight: 1, arbitrary: headerValue.map((value) => ({ kind: 'random' as const, value })) },
  ),
  idempotencyKey: fc.oneof(
    { weight: 4, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.constant('fixed-key') },
    { weight: 1, arbitrary: fc.stringMatching(/^[\x21-\x7e]{1,40}$/) },
    { weight: 1, arbitrary: headerValue },
  ),
  body,
});

/** A served inbound answer: a 202 with the accepted shape, or a documented problem. Never a 5xx. */
function expectServed(res: ApiResponse): void {
  expect(res.status, res.text).toBeLessThan(500);
  expect(INBOUND_STATUSES, res.text).toContain(res.status);
  if (res.status === 202) {
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.body).toMatchObject({
      requestId: expect.stringMatching(/^req_/),
      webhookId: expect.any(String),
      variables: expect.any(Object),
    });
  } else {
    expectProblem(res, res.status);
  }
}

function parsesAsObject(raw: string | Uint8Array): boolean {
  try {
    const value: unknown = JSON.parse(typeof raw === 'string' ? raw : Buffer.from(raw).toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  } catch {
    return false;
  }
}

describe('inbound route under generated input', () => {
  let t: TestApp;
  let api: Api;
  let conv: InboundSetup;
  let workflow: CreatedWebhook;
  let foreign: CreatedWebhook;

  beforeAll(async () => {
    t = await createTestApp();
    api = new Api(t.app, await t.token());
    const generous = { limit: 100_000, periodSeconds: 1 };
    conv = await setupInbound(api, { ...ORDER_BLOCK, rateLimit: generous });
    workflow = await createBlock(api, conv.botId, {
      name: 'Flow',
      type: 'workflow',
      variables: [{ data: 'data.name', variable: 'name' }],
      rateLimit: generous,
    });
    foreign = await createBlock(api, conv.botId, { ...ORDER_BLOCK, rateLimit: generous });
  });
  afterAll(() => t.close());

  it('never answers 5xx, always JSON: a 202 or a problem in the order the spec implies', async () => {
    await fc.assert(
      fc.asyncProperty(call, async (c) => {
        const block = c.target === 'conversational' ? conv.webhook : workflow;
        const headers: Record<string, string> = {};
        if (c.auth.kind === 'valid') headers.authorization = `Bearer ${block.tokens[c.auth.env]}`;
        if (c.auth.kind === 'foreign') headers.authorization = `Bearer ${foreign.tokens.production}`;
        if (c.auth.kind === 'random') headers.authorization = c.auth.value;
        if (c.contentType.kind !== 'none') headers['content-type'] = c.contentType.value;
        if (c.idempotencyKey !== null) headers['idempotency-key'] = c.idempotencyKey;
        // A string body would get text/plain by default; bytes get no content type at all.
        const raw = typeof c.body === 'string' ? new TextEncoder().encode(c.body) : c.body;

        const res = await callHookRaw(api, block.id, raw, headers);
        expectServed(res);

        // Where the outcome is known from the input alone, it is that outcome.
        if (c.auth.kind !== 'valid') {
          expect(res.status, res.text).toBe(401);
          expect(res.headers.get('www-authenticate')).toBe('Bearer');
          return;
        }
        if (c.contentType.kind === 'none' || c.contentType.kind === 'other') return void expect(res.status, res.text).toBe(415);
        if (c.contentType.kind !== 'json') return;
        const keyOk = c.idempotencyKey === null || /^[\x21-\x7e]{1,255}$/.test(c.idempotencyKey);
        if (!keyOk) return void expect(res.status, res.text).toBe(400);
        if (!parsesAsObject(c.body)) return void expect(res.status, res.text).toBe(400);
        expect([202, 400, 409], res.text).toContain(res.status);
      }),
      { numRuns: RUNS },
    );
  });

  it('answers any webhook id in the path with a 404 problem (or a served call)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string({ maxLength: 40 }), fc.stringMatching(/^wh_[0-9A-Za-z]{20}$/)),
        headerValue,
        async (id, authorization) => {
          const res = await callHookRaw(api, encodeURIComponent(id), new TextEncoder().encode('{}'), {
            authorization,
            'content-type': 'application/json',
          });
          expectServed(res);
          expect(res.status, res.text).toBe(404);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('keeps serving ordinary calls after the generated ones', async () => {
    const res = await callHookRaw(
      api,
      conv.webhook.id,
      JSON.stringify({ contact_reference_id: 'c-after', data: { name: 'Ada', order: { id: 1 } } }),
      {
        authorization: `Bearer ${conv.tokens.production}`,
        'content-type': 'application/json',
      },
    );
    expect(res.status, res.text).toBe(202);
    expect(res.body.variables).toEqual({ customer_name: 'Ada', order_id: 1 });
  });
});
