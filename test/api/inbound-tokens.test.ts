import { decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, type ApiResponse, expectProblem } from '../helpers/api.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { ManualClock } from '../helpers/clock.ts';
import { callHook, callHookRaw, createBlock, type InboundSetup, ORDER_BLOCK, orderBody, setupInbound } from '../helpers/scenario.ts';

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const payloadPart = (token: string): string => token.split('.')[1]!;

/** A 401 as the spec says: problem+json with `WWW-Authenticate: Bearer`. */
function expectUnauthorized(res: ApiResponse): void {
  expectProblem(res, 401, 'unauthorized');
  expect(res.headers.get('www-authenticate')).toBe('Bearer');
}

/** Signs `claims` as an HS256 JWT with a key that is not Hookgate's. */
function signWithWrongKey(claims: Record<string, unknown>, key = 'an-attackers-secret-0123456789-abcdefgh'): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(key));
}

describe('inbound webhook tokens', () => {
  let t: TestApp;
  let api: Api;
  let a: InboundSetup;

  beforeAll(async () => {
    t = await createTestApp();
    api = new Api(t.app, await t.token());
    a = await setupInbound(api);
  });
  afterAll(() => t.close());

  it('accepts the production and development tokens of the create response', async () => {
    const prod = await callHook(api, a.webhook.id, a.tokens.production, orderBody('c-tok'));
    expect(prod.status, prod.text).toBe(202);
    expect(prod.body.environment).toBe('production');
    const dev = await callHook(api, a.webhook.id, a.tokens.development, orderBody('c-tok'));
    expect(dev.status, dev.text).toBe(202);
    expect(dev.body.environment).toBe('development');
    expect(a.tokens.production).not.toBe(a.tokens.development);
  });

  it('accepts the tokens re-issued by samples', async () => {
    const samples = await api.get(`/v1/bots/${a.botId}/webhooks/${a.webhook.id}/samples`);
    expect(samples.status).toBe(200);
    expect((await callHook(api, a.webhook.id, samples.body.production.token, orderBody())).status).toBe(202);
    expect((await callHook(api, a.webhook.id, samples.body.development.token, orderBody())).status).toBe(202);
  });

  it('rejects a call without a token', async () => {
    expectUnauthorized(await callHook(api, a.webhook.id, null, orderBody()));
  });

  it('rejects garbage and non-bearer credentials', async () => {
    for (const authorization of [
      'garbage',
      'Bearer',
      'Bearer ',
      'Bearer not-a-jwt',
      'Bearer a.b.c',
      'Basic dXNlcjpwYXNz',
      `Token ${a.tokens.production}`,
      `Bearer ${'x'.repeat(9000)}`,
    ]) {
      expectUnauthorized(await callHook(api, a.webhook.id, null, orderBody(), { authorization }));
    }
  });

  it('rejects a token minted for another webhook', async () => {
    const other = await createBlock(api, a.botId);
    expectUnauthorized(await callHook(api, a.webhook.id, other.tokens.production, orderBody()));
    expectUnauthorized(await callHook(api, a.webhook.id, other.tokens.development, orderBody()));
    expectUnauthorized(await callHook(api, other.id, a.tokens.production, orderBody()));
    // Both tokens still work on their own webhooks.
    expect((await callHook(api, other.id, other.tokens.production, orderBody())).status).toBe(202);
  });

  it('binds a token to its webhook even when its token id matches this one’s', async () => {
    // Validly signed (with Hookgate's own key), carrying this webhook's current token id, but
    // minted for another webhook: only the subject binding refuses it.
    const other = await createBlock(api, a.botId);
    const state = (await t.services.store.getWebhook(a.webhook.id))!.tokens.production;
    const token = await t.services.webhookTokens.mint(other.id, 'production', state);
    expectUnauthorized(await callHook(api, a.webhook.id, token, orderBody()));
    expect(
      (await callHook(api, a.webhook.id, await t.services.webhookTokens.mint(a.webhook.id, 'production', state), orderBody())).status,
    ).toBe(202);
  });

  it('rejects a token of another bot’s webhook', async () => {
    const b = await setupInbound(api);
    expectUnauthorized(await callHook(api, a.webhook.id, b.tokens.production, orderBody()));
  });

  it('rejects an unsigned token (alg: none) carrying a real token’s claims', async () => {
    expect(decodeProtectedHeader(a.tokens.production).alg).toBe('HS256');
    const payload = payloadPart(a.tokens.production);
    for (const header of [{ alg: 'none', typ: 'JWT' }, { alg: 'None', typ: 'JWT' }, { alg: 'none' }]) {
      expectUnauthorized(await callHook(api, a.webhook.id, `${b64url(header)}.${payload}.`, orderBody()));
    }
  });

  it('rejects a token with the right claims signed with another secret', async () => {
    const claims = decodeJwt(a.tokens.production);
    expect(claims).toMatchObject({ sub: a.webhook.id, env: 'production' });
    expectUnauthorized(await callHook(api, a.webhook.id, await signWithWrongKey(claims), orderBody()));
    // Hookgate's own secret is not the webhook-token key either: the admin key cannot mint webhook tokens.
    expectUnauthorized(
      await callHook(api, a.webhook.id, await signWithWrongKey(claims, 'test-secret-0123456789-0123456789-abcdef'), orderBody()),
    );
  });

  it('rejects an admin token', async () => {
    expectUnauthorized(await callHook(api, a.webhook.id, await t.token(), orderBody()));
  });

  it('rejects a development token whose subject was changed', async () => {
    const b = await createBlock(api, a.botId);
    const claims = { ...decodeJwt(a.tokens.development), sub: b.id };
    // Re-signed with a wrong key…
    expectUnauthorized(await callHook(api, b.id, await signWithWrongKey(claims), orderBody()));
    // …or with the original signature kept.
    const [header, , signature] = a.tokens.development.split('.');
    expectUnauthorized(await callHook(api, b.id, `${header}.${b64url(claims)}.${signature}`, orderBody()));
  });

  it('rejects a production token whose environment was changed', async () => {
    const [header, , signature] = a.tokens.production.split('.');
    const claims = { ...decodeJwt(a.tokens.production), env: 'development' };
    expectUnauthorized(await callHook(api, a.webhook.id, `${header}.${b64url(claims)}.${signature}`, orderBody()));
  });

  it('answers every bad token alike: same status, type and detail', async () => {
    const other = await createBlock(api, a.botId);
    const header = b64url({ alg: 'none', typ: 'JWT' });
    const results = await Promise.all(
      [
        other.tokens.production,
        `${header}.${payloadPart(a.tokens.production)}.`,
        await signWithWrongKey(decodeJwt(a.tokens.production)),
        'x.y.z',
      ].map((token) => callHook(api, a.webhook.id, token, orderBody())),
    );
    for (const res of results) expectUnauthorized(res);
    expect(new Set(results.map((r) => r.text)).size).toBe(1);
  });

  it('checks the token before anything about the body', async () => {
    expectUnauthorized(await callHookRaw(api, a.webhook.id, 'not json', { authorization: 'Bearer nope', 'content-type': 'text/plain' }));
  });

  it('revokes the old token at once on rotate-token, and only for that environment', async () => {
    const s = await setupInbound(api);
    const rotated = await api.post(`/v1/bots/${s.botId}/webhooks/${s.webhook.id}/rotate-token`, { environment: 'production' });
    expect(rotated.status, rotated.text).toBe(200);
    expect(rotated.body).toMatchObject({ environment: 'production', token: expect.any(String), previousTokenExpiresAt: null });
    expect(rotated.body.token).not.toBe(s.tokens.production);

    expectUnauthorized(await callHook(api, s.webhook.id, s.tokens.production, orderBody()));
    expect((await callHook(api, s.webhook.id, rotated.body.token, orderBody())).status).toBe(202);
    expect((await callHook(api, s.webhook.id, s.tokens.development, orderBody())).status).toBe(202);

    // samples now hands out the new token.
    const samples = await api.get(`/v1/bots/${s.botId}/webhooks/${s.webhook.id}/samples`);
    expect(samples.body.production.token).toBe(rotated.body.token);
    expect(samples.body.development.token).toBe(s.tokens.development);
  });

  it('revokes a development token on rotate-token', async () => {
    const s = await setupInbound(api);
    const rotated = await api.post(`/v1/bots/${s.botId}/webhooks/${s.webhook.id}/rotate-token`, { environment: 'development' });
    expectUnauthorized(await callHook(api, s.webhook.id, s.tokens.development, orderBody()));
    expect((await callHook(api, s.webhook.id, rotated.body.token, orderBody())).body.environment).toBe('development');
    expect((await callHook(api, s.webhook.id, s.tokens.production, orderBody())).status).toBe(202);
  });
});

describe('inbound webhook tokens over time', () => {
  let t: TestApp;
  let api: Api;
  const clock = new ManualClock();

  beforeAll(async () => {
    t = await createTestApp({ clock });
    api = new Api(t.app, await t.token());
  });
  afterAll(() => t.close());

  it('accepts the old token during the grace period and refuses it after', async () => {
    const s = await setupInbound(api);
    const rotatedAt = clock.now();
    const rotated = await api.post(`/v1/bots/${s.botId}/webhooks/${s.webhook.id}/rotate-token`, {
      environment: 'production',
      gracePeriodSeconds: 60,
    });
    expect(rotated.status, rotated.text).toBe(200);
    expect(rotated.body.previousTokenExpiresAt).toBe(new Date(rotatedAt + 60_000).toISOString());

    expect((await callHook(api, s.webhook.id, s.tokens.production, orderBody())).status).toBe(202);
    clock.advance(59_000);
    expect((await callHook(api, s.webhook.id, s.tokens.production, orderBody())).status).toBe(202);
    clock.advance(1_000);
    expectUnauthorized(await callHook(api, s.webhook.id, s.tokens.production, orderBody()));
    clock.advance(3600_000);
    expectUnauthorized(await callHook(api, s.webhook.id, s.tokens.production, orderBody()));
    expect((await callHook(api, s.webhook.id, rotated.body.token, orderBody())).status).toBe(202);
  });

  it('revokes a token still in its grace period when the environment is rotated again', async () => {
    const s = await setupInbound(api);
    const path = `/v1/bots/${s.botId}/webhooks/${s.webhook.id}/rotate-token`;
    const second = (await api.post(path, { environment: 'development', gracePeriodSeconds: 300 })).body.token;
    expect((await callHook(api, s.webhook.id, s.tokens.development, orderBody())).status).toBe(202);
    clock.advance(10_000);
    const third = (await api.post(path, { environment: 'development', gracePeriodSeconds: 300 })).body.token;
    expectUnauthorized(await callHook(api, s.webhook.id, s.tokens.development, orderBody()));
    expect((await callHook(api, s.webhook.id, second, orderBody())).status).toBe(202);
    expect((await callHook(api, s.webhook.id, third, orderBody())).status).toBe(202);
    clock.advance(300_000);
    expectUnauthorized(await callHook(api, s.webhook.id, second, orderBody()));
    expect((await callHook(api, s.webhook.id, third, orderBody())).status).toBe(202);
  });

  it('lets calls through again once the rate-limit period has passed', async () => {
    const s = await setupInbound(api, { ...ORDER_BLOCK, rateLimit: { limit: 2, periodSeconds: 60 } });
    const call = () => callHook(api, s.webhook.id, s.tokens.production, orderBody());
    expect((await call()).status).toBe(202);
    expect((await call()).status).toBe(202);
    const limited = await call();
    expectProblem(limited, 429, 'rate-limited');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBe(30);
    clock.advance(retryAfter * 1000 - 1000);
    expectProblem(await call(), 429, 'rate-limited');
    clock.advance(1000);
    expect((await call()).status).toBe(202);
  });
});
