/** Subscription `description`, and `requireHttps` (HOOKGATE_REQUIRE_HTTPS) for the URLs production events go to. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../helpers/api.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { createBot, subscribe } from '../helpers/scenario.ts';

describe('subscription description', () => {
  let t: TestApp;
  let botId: string;
  beforeAll(async () => {
    t = await createTestApp();
    botId = await createBot(t.api);
  });
  afterAll(() => t.close());

  it('is stored, returned, listed, updated and cleared', async () => {
    const created = await subscribe(t.api, botId, {
      url: 'https://crm.example.com/a',
      events: ['lead.*'],
      description: 'Leads into the CRM',
    });
    expect(created.description).toBe('Leads into the CRM');
    const path = `/v1/bots/${botId}/subscriptions/${created.id}`;
    expect((await t.api.get(path)).body.description).toBe('Leads into the CRM');
    const listed = (await t.api.get(`/v1/bots/${botId}/subscriptions`)).body.data.find((s: any) => s.id === created.id);
    expect(listed.description).toBe('Leads into the CRM');

    const renamed = await t.api.patch(path, { name: 'CRM' });
    expect(renamed.body.description).toBe('Leads into the CRM'); // a PATCH without it keeps it
    const changed = await t.api.patch(path, { description: 'Leads and handoffs' });
    expect(changed.status).toBe(200);
    expect((await t.api.get(path)).body.description).toBe('Leads and handoffs');
    const cleared = await t.api.patch(path, { description: null });
    expect(cleared.body.description).toBeNull();
    expect((await t.api.get(path)).body.description).toBeNull();
  });

  it('is null when not given', async () => {
    const created = await subscribe(t.api, botId, { url: 'https://crm.example.com/b', events: ['*'] });
    expect(created.description).toBeNull();
  });

  it('refuses more than 500 characters and anything but a string, at /description', async () => {
    const ok = await subscribe(t.api, botId, { url: 'https://crm.example.com/c', events: ['*'], description: 'é'.repeat(500) });
    expect(ok.description).toHaveLength(500);
    for (const description of ['x'.repeat(501), 42, ['a']]) {
      const res = await t.api.post(`/v1/bots/${botId}/subscriptions`, {
        name: 'S',
        url: 'https://crm.example.com/d',
        events: ['*'],
        description,
      });
      expectProblem(res, 400, 'validation');
      expect(res.body.errors.map((e: any) => e.path)).toEqual(['/description']);
      const patched = await t.api.patch(`/v1/bots/${botId}/subscriptions/${ok.id}`, { description });
      expectProblem(patched, 400, 'validation');
    }
  });
});

describe('requireHttps', () => {
  const apps: TestApp[] = [];
  afterAll(() => Promise.all(apps.map((a) => a.close())));
  const app = async (env: Record<string, string>) => {
    const t = await createTestApp({ store: 'memory', env });
    apps.push(t);
    return { t, botId: await createBot(t.api) };
  };

  it('is on by default when PUBLIC_BASE_URL is https: a plain-http URL is a 400 at /url, on create and on PATCH', async () => {
    const { t, botId } = await app({ PUBLIC_BASE_URL: 'https://hooks.example.com' });
    expect(t.config.requireHttps).toBe(true);
    const res = await t.api.post(`/v1/bots/${botId}/subscriptions`, { name: 'S', url: 'http://crm.example.com/hook', events: ['*'] });
    expectProblem(res, 400, 'validation');
    expect(res.body.errors).toEqual([{ path: '/url', message: expect.stringContaining('https') }]);

    const sub = await subscribe(t.api, botId, { url: 'https://crm.example.com/hook', events: ['*'] });
    const patched = await t.api.patch(`/v1/bots/${botId}/subscriptions/${sub.id}`, { url: 'http://crm.example.com/other' });
    expectProblem(patched, 400, 'validation');
    expect(patched.body.errors[0].path).toBe('/url');
    expect((await t.api.get(`/v1/bots/${botId}/subscriptions/${sub.id}`)).body.url).toBe('https://crm.example.com/hook');
    const upper = await t.api.patch(`/v1/bots/${botId}/subscriptions/${sub.id}`, { url: 'HTTPS://crm.example.com/other' });
    expect(upper.status, upper.text).toBe(200);
  });

  it('is off by default with an http PUBLIC_BASE_URL', async () => {
    const { t, botId } = await app({ PUBLIC_BASE_URL: 'http://localhost:8080' });
    expect(t.config.requireHttps).toBe(false);
    const sub = await subscribe(t.api, botId, { url: 'http://crm.example.com/hook', events: ['*'] });
    expect(sub.url).toBe('http://crm.example.com/hook');
  });

  it('follows HOOKGATE_REQUIRE_HTTPS either way', async () => {
    const on = await app({ PUBLIC_BASE_URL: 'http://localhost:8080', HOOKGATE_REQUIRE_HTTPS: 'true' });
    const refused = await on.t.api.post(`/v1/bots/${on.botId}/subscriptions`, {
      name: 'S',
      url: 'http://crm.example.com/h',
      events: ['*'],
    });
    expectProblem(refused, 400, 'validation');
    const off = await app({ PUBLIC_BASE_URL: 'https://hooks.example.com', HOOKGATE_REQUIRE_HTTPS: 'false' });
    await subscribe(off.t.api, off.botId, { url: 'http://crm.example.com/h', events: ['*'] });
  });

  it('keeps an http subscription stored before it was turned on editable, and refuses a new http URL for it', async () => {
    const { t, botId } = await app({ PUBLIC_BASE_URL: 'http://localhost:8080' });
    const sub = await subscribe(t.api, botId, { url: 'http://crm.example.com/hook', events: ['*'] });
    // As after a restart with HOOKGATE_REQUIRE_HTTPS=true.
    (t.services.config as { requireHttps: boolean }).requireHttps = true;
    const renamed = await t.api.patch(`/v1/bots/${botId}/subscriptions/${sub.id}`, { name: 'Renamed', description: 'old endpoint' });
    expect(renamed.status, renamed.text).toBe(200);
    const moved = await t.api.patch(`/v1/bots/${botId}/subscriptions/${sub.id}`, { url: 'http://crm.example.com/new' });
    expectProblem(moved, 400, 'validation');
  });

  it('refuses a bad HOOKGATE_REQUIRE_HTTPS at start-up', async () => {
    await expect(createTestApp({ store: 'memory', env: { HOOKGATE_REQUIRE_HTTPS: 'maybe' } })).rejects.toThrow(/HOOKGATE_REQUIRE_HTTPS/);
  });
});
