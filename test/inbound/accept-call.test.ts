/**
 * POST /hooks/{webhookId} and its config cache, observed through the store it is given: a body-level
 * refusal is final and costs no config load; a refusal decided on cached config is decided again on
 * a fresh one; a config that keeps moving under the write gets its own 503.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import type { InboundResult, Store } from '../../src/store/store.ts';
import { Api, expectProblem } from '../helpers/api.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { callHook, callHookRaw, type InboundSetup, orderBody, setupInbound } from '../helpers/scenario.ts';

interface Observed {
  loads: number;
  writes: number;
  /** When set, every inbound write answers this instead of writing. */
  answer: InboundResult | null;
}

/** The store, with `loadHook` and `acceptInbound` counted (and the write's answer replaceable). */
function observedStore(store: Store, observed: Observed): Store {
  return new Proxy(store, {
    get(target, name) {
      if (name === 'loadHook') {
        return (webhookId: string) => {
          observed.loads++;
          return target.loadHook(webhookId);
        };
      }
      if (name === 'acceptInbound') {
        return (write: Parameters<Store['acceptInbound']>[0]) => {
          observed.writes++;
          return observed.answer ? Promise.resolve(observed.answer) : target.acceptInbound(write);
        };
      }
      const value: unknown = Reflect.get(target, name, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe.each(['redis', 'memory'] as const)('inbound config loads (%s store)', (store) => {
  let t: TestApp;
  let s: InboundSetup;
  let api: Api;
  const observed: Observed = { loads: 0, writes: 0, answer: null };

  beforeAll(async () => {
    t = await createTestApp({ store });
    const admin = new Api(t.app, await t.token());
    s = await setupInbound(admin);
    // An app of its own: its inbound route has its own config cache, over the observed store.
    api = new Api(createApp({ ...t.services, store: observedStore(t.services.store, observed) }), null);
  });
  afterAll(() => t.close());
  beforeEach(() => {
    observed.answer = null;
  });

  /** How many config loads and writes `action` causes. */
  async function counted(action: () => Promise<unknown>): Promise<{ loads: number; writes: number }> {
    const before = { ...observed };
    await action();
    return { loads: observed.loads - before.loads, writes: observed.writes - before.writes };
  }

  const call = (body: unknown = orderBody(), headers: Record<string, string> = {}) =>
    callHook(api, s.webhook.id, s.tokens.production, body, headers);
  const warm = async () => expect((await call()).status).toBe(202);

  it('serves a call on cached config with no load at all', async () => {
    await warm();
    expect(await counted(async () => expect((await call()).status).toBe(202))).toEqual({ loads: 0, writes: 1 });
  });

  it('refuses a malformed body under cached config without loading the config again', async () => {
    await warm();
    const bad = { authorization: `Bearer ${s.tokens.production}`, 'content-type': 'application/json' };
    const cases = [
      () => callHookRaw(api, s.webhook.id, '{"contact_reference_id":', bad).then((res) => expectProblem(res, 400, 'malformed-json')),
      () => callHookRaw(api, s.webhook.id, '{}', { ...bad, 'content-type': 'text/plain' }).then((res) => expectProblem(res, 415)),
      () => call(orderBody(), { 'idempotency-key': 'not visible ascii ü' }).then((res) => expectProblem(res, 400, 'bad-request')),
    ];
    for (const refuse of cases) expect(await counted(refuse)).toEqual({ loads: 0, writes: 0 });
  });

  it('decides a refusal made on cached config again on a fresh copy, once', async () => {
    await warm();
    const refused = await counted(async () => expectProblem(await call({ contact_reference_id: 'c1' }), 400, 'validation'));
    expect(refused).toEqual({ loads: 1, writes: 0 });
    const forged = s.tokens.production.slice(0, -2);
    const unauthorized = await counted(async () => expectProblem(await callHook(api, s.webhook.id, forged, orderBody()), 401));
    expect(unauthorized).toEqual({ loads: 1, writes: 0 });
    // An array is a batch on a block with batch: true, so its refusal depends on the config too.
    const bad = { authorization: `Bearer ${s.tokens.production}`, 'content-type': 'application/json' };
    const array = await counted(async () => expectProblem(await callHookRaw(api, s.webhook.id, '[1, 2]', bad), 400, 'bad-request'));
    expect(array).toEqual({ loads: 1, writes: 0 });
  });

  it('answers webhook-reconfiguring with Retry-After when the config moved under every attempt', async () => {
    await warm();
    observed.answer = { kind: 'stale' };
    let res: Awaited<ReturnType<typeof call>> | undefined;
    const cost = await counted(async () => (res = await call()));
    expectProblem(res!, 503, 'webhook-reconfiguring');
    expect(res!.headers.get('retry-after')).toBe('1');
    // The first attempt on cached config, three more on fresh copies, each up to the write.
    expect(cost).toEqual({ loads: 3, writes: 4 });

    observed.answer = null;
    expect((await call()).status).toBe(202);
  });
});
