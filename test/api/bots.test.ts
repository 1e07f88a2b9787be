import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectProblem } from '../helpers/api.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';

describe('bots', () => {
  let t: TestApp;
  let api: Api;

  beforeAll(async () => {
    t = await createTestApp();
    api = t.api;
  });
  afterAll(() => t.close());

  it('creates, reads, updates, lists and deletes a bot', async () => {
    const created = await api.post('/v1/bots', { name: 'Support', description: 'Answers customers' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: expect.stringMatching(/^bot_/), name: 'Support', workspaceId: 'ws1' });
    const id = created.body.id;

    expect((await api.get(`/v1/bots/${id}`)).body.name).toBe('Support');
    const patched = await api.patch(`/v1/bots/${id}`, { name: 'Helpdesk' });
    expect(patched.body).toMatchObject({ name: 'Helpdesk', description: 'Answers customers' });
    const list = await api.get('/v1/bots?limit=100');
    expect(list.body.data.map((b: { id: string }) => b.id)).toContain(id);

    expect((await api.delete(`/v1/bots/${id}`)).status).toBe(204);
    expectProblem(await api.get(`/v1/bots/${id}`), 404, 'not-found');
  });

  it('pages through bots with a cursor', async () => {
    const ws = new Api(t.app, await t.token('ws-paging'));
    for (let i = 0; i < 3; i++) await ws.post('/v1/bots', { name: `b${i}` });
    const first = await ws.get('/v1/bots?limit=2');
    expect(first.body.data).toHaveLength(2);
    const second = await ws.get(`/v1/bots?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.data).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
    expectProblem(await ws.get('/v1/bots?cursor=bogus'), 400);
    expectProblem(await ws.get('/v1/bots?limit=0'), 400, 'validation');
  });

  it('rejects invalid bodies with field errors', async () => {
    const res = await api.post('/v1/bots', { name: '', extra: 1 });
    expectProblem(res, 400, 'validation');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain('/name');
    expectProblem(
      await api.request('POST', '/v1/bots', { rawBody: '{"name":', headers: { 'content-type': 'application/json' } }),
      400,
      'malformed-json',
    );
  });

  it('requires a valid admin token', async () => {
    const anonymous = api.withToken(null);
    const res = await anonymous.get('/v1/bots');
    expectProblem(res, 401, 'unauthorized');
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expectProblem(await api.withToken('not.a.jwt').get('/v1/bots'), 401);
    const reader = api.withToken(await t.token('ws1', 'read'));
    expect((await reader.get('/v1/bots')).status).toBe(200);
    expectProblem(await reader.post('/v1/bots', { name: 'x' }), 403, 'forbidden');
  });

  it('hides another workspace’s bot behind a 404', async () => {
    const bot = (await api.post('/v1/bots', { name: 'Mine' })).body;
    const other = api.withToken(await t.token('ws-other'));
    expectProblem(await other.get(`/v1/bots/${bot.id}`), 404, 'not-found');
    expectProblem(await other.patch(`/v1/bots/${bot.id}`, { name: 'x' }), 404);
    expectProblem(await other.delete(`/v1/bots/${bot.id}`), 404);
    expect((await api.get(`/v1/bots/${bot.id}`)).status).toBe(200);
  });

  it('answers unknown routes with a problem', async () => {
    expectProblem(await api.get('/v1/nothing-here'), 404);
  });
});
