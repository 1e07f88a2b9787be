import { readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderOpenApiYaml } from '../scripts/openapi-yaml.ts';
import { type Api, OpenApiChecker } from './helpers/api.ts';
import { createTestApp, type TestApp } from './helpers/app.ts';

const committed = readFileSync(new URL('../openapi.yaml', import.meta.url), 'utf8');

describe('openapi.yaml', () => {
  it('is what the route schemas generate (run `npm run openapi` after changing a route)', async () => {
    expect(committed).toBe(await renderOpenApiYaml());
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(parse(committed));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('documents an error response as problem+json on every operation', () => {
    const doc = parse(committed);
    for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(item)) {
        for (const [status, response] of Object.entries<any>(op.responses)) {
          if (Number(status) >= 400)
            expect(Object.keys(response.content ?? {}), `${method} ${path} ${status}`).toEqual(['application/problem+json']);
        }
      }
    }
  });
});

describe('live responses match openapi.yaml', () => {
  let t: TestApp;
  let api: Api;

  beforeAll(async () => {
    t = await createTestApp();
    api = t.api;
  });
  afterAll(() => t.close());

  it('the checker rejects a response that contradicts its schema', () => {
    const checker = OpenApiChecker.for(t.app);
    const bogus = { status: 200, headers: new Headers({ 'content-type': 'application/json' }), body: { id: 42 }, text: '{"id":42}' };
    expect(() => checker.check('GET', '/v1/bots/bot_x', bogus)).toThrow(/does not match its schema/);
    const undocumented = { ...bogus, status: 418 };
    expect(() => checker.check('GET', '/v1/bots/bot_x', undocumented)).toThrow(/does not document/);
  });

  it('every documented operation answers as documented', async () => {
    expect((await api.get('/healthz')).status).toBe(200);
    expect((await api.get('/readyz')).body).toEqual({ status: 'ready', store: 'redis' });
    expect((await api.get('/metrics')).text).toContain('hookgate_http_requests_total');
    expect((await api.get('/openapi.yaml')).text).toBe(committed);
    expect((await api.get('/docs')).text).toContain('<html');

    const bot = (await api.post('/v1/bots', { name: 'Tour' })).body;
    expect((await api.get('/v1/bots')).status).toBe(200);
    expect((await api.get(`/v1/bots/${bot.id}`)).status).toBe(200);
    expect((await api.patch(`/v1/bots/${bot.id}`, { description: 'd' })).status).toBe(200);

    const base = `/v1/bots/${bot.id}`;
    const account = (await api.post(`${base}/channels`, { channel: 'sandbox', alias: 'sb' })).body;
    const spare = (await api.post(`${base}/channels`, { channel: 'sandbox', alias: 'spare' })).body;
    expect((await api.get(`${base}/channels`)).body.data).toHaveLength(2);
    expect((await api.get(`${base}/channels/${account.id}`)).status).toBe(200);
    expect((await api.patch(`${base}/channels/${spare.id}`, { active: false })).body.active).toBe(false);

    const created = await api.post(`${base}/webhooks`, {
      name: 'Order shipped',
      channel: 'sandbox',
      account: 'sb',
      folder: 'orders',
      variables: [{ data: 'data.name', variable: 'customer_name' }],
      reply: { text: 'Hi {{customer_name}}' },
    });
    expect(created.status).toBe(201);
    const hook = created.body;
    const hookPath = `${base}/webhooks/${hook.id}`;
    expect((await api.get(`${base}/webhooks?folder=orders`)).body.data).toHaveLength(1);
    expect((await api.get(hookPath)).status).toBe(200);
    expect((await api.patch(hookPath, { name: 'Shipped' })).body.name).toBe('Shipped');
    const samples = (await api.get(`${hookPath}/samples`)).body;
    expect((await api.post(`${hookPath}/preview`, { body: samples.production.body })).body.valid).toBe(true);

    const call = await api.withToken(samples.production.token).post(`/hooks/${hook.id}`, samples.production.body);
    expect(call.status).toBe(202);
    expect((await api.get(`${hookPath}/activity`)).body.data).toHaveLength(1);
    // An open event stream never ends: its refusal is what a request here can check.
    expect((await api.get(`${hookPath}/activity/stream`, { 'last-event-id': 'forged' })).status).toBe(400);
    expect((await api.get(`${base}/contacts/${encodeURIComponent(call.body.contact)}/variables`)).status).toBe(200);
    const contactPath = `${base}/contacts/${account.channel}/${encodeURIComponent(call.body.contact)}`;
    expect((await api.get(`${contactPath}/variables`)).status).toBe(200);
    expect((await api.get(`${base}/contacts`)).body.data).toHaveLength(1);
    expect((await api.delete(contactPath)).status).toBe(204);
    expect((await api.post(`${base}/events`, { type: 'lead.created', data: { id: 1 } })).status).toBe(202);
    expect((await api.get(`${base}/events`)).body.data.length).toBeGreaterThanOrEqual(2);
    expect((await api.get('/v1/event-types')).body.data.length).toBeGreaterThan(0);
    expect((await api.get(`${base}/channels/${account.id}/messages`)).status).toBe(200);
    expect((await api.post(`${hookPath}/rotate-token`, { environment: 'production', gracePeriodSeconds: 60 })).status).toBe(200);
    const live = (await api.post(`${base}/channels`, { channel: 'livechat', alias: 'site' })).body;
    const widget = await api.post(`${base}/channels/${live.id}/livechat-tokens`, { contact: 'visitor-1' });
    expect(widget.status).toBe(201);
    expect((await api.withToken(null).get('/livechat/stream?token=forged')).status).toBe(401);
    expect((await api.delete(`${base}/channels/${live.id}`)).status).toBe(204);

    const sub = (
      await api.post(`${base}/subscriptions`, { name: 'CRM', url: 'https://crm.example.invalid/hook', events: ['lead.*'], folder: 'crm' })
    ).body;
    const subPath = `${base}/subscriptions/${sub.id}`;
    expect((await api.get(`${base}/subscriptions?folder=crm`)).body.data).toHaveLength(1);
    expect((await api.get(subPath)).status).toBe(200);
    expect((await api.patch(subPath, { events: ['lead.*', 'tag.applied'] })).status).toBe(200);
    expect((await api.post(`${subPath}/rotate-secret`)).body.secret).toMatch(/^whsec_/);
    const tested = (await api.post(`${subPath}/test`, { type: 'lead.created' })).body;
    expect(tested.attempts[0].succeeded).toBe(false);
    expect((await api.get(`${subPath}/deliveries?status=failed`)).body.data).toHaveLength(1);
    expect((await api.get(`${subPath}/deliveries/stream`, { 'last-event-id': 'forged' })).status).toBe(400);
    expect((await api.get(`${subPath}/deliveries/${tested.id}`)).status).toBe(200);
    expect((await api.post(`${subPath}/deliveries/${tested.id}/retry`)).body.attempts).toHaveLength(2);
    expect((await api.post(`${subPath}/paused-deliveries/discard`)).body).toEqual({ discarded: 0 });
    expect((await api.delete(subPath)).status).toBe(204);

    const meta = await api.patch(hookPath, { verification: { scheme: 'meta', secret: 'app-secret-1', verifyToken: 'verify-1' } });
    expect(meta.body.verification).toMatchObject({ scheme: 'meta', secretSet: true });
    const handshake = await api.withToken(null).get(`/hooks/${hook.id}?hub.mode=subscribe&hub.verify_token=verify-1&hub.challenge=42`);
    expect(handshake.text).toBe('42');
    expect((await api.delete(hookPath)).status).toBe(204);
    expect((await api.delete(`${base}/channels/${spare.id}`)).status).toBe(204);
    expect((await api.delete(base)).status).toBe(204);
    expect((await api.post('/v1/admin-tokens/revoke', { jti: 'tour-token-that-never-was' })).status).toBe(200);

    const checker = OpenApiChecker.for(t.app);
    const all = checker.operations.map((o) => `${o.method} ${o.template}`).sort();
    expect([...checker.exercised].sort()).toEqual(all);
  });
});
