/**
 * `node src/main.ts` with no REDIS_URL: the try-it-out mode says loudly that nothing is kept and
 * hands over an admin token that works right away.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, HttpApi } from '../helpers/api.ts';
import { killAllServices, type ServiceProcess, startService } from '../helpers/service-process.ts';

const JWT = /\beyJ[\w-]+\.[\w-]+\.[\w-]+\b/;

describe('the in-memory start-up banner', () => {
  let service: ServiceProcess;
  let token: string;

  beforeAll(async () => {
    service = await startService({});
    // The banner is written once the server listens; /healthz may answer a moment before it lands.
    await service.waitForOutput(/Admin token for workspace "default"[^\n]*\n\s*export HG='[^']+' TOKEN=eyJ/);
    // The log line comes through the logger's asynchronous destination: under load, after the banner.
    await service.waitForOutput(/IN-MEMORY STORE/);
    token = service.stdout().split('Admin token for workspace "default"')[1]!.match(JWT)![0];
  }, 60_000);

  afterAll(() => killAllServices());

  it('warns on stdout that the store is in memory and loses everything on restart', () => {
    expect(service.stdout()).toMatch(/IN-MEMORY STORE/);
    expect(service.stdout()).toMatch(/data is lost when the process stops/);
  });

  it('prints an admin token for workspace "default" that the API accepts', async () => {
    const api = await HttpApi.connect(service.baseUrl, token);
    const created = await api.post('/v1/bots', { name: 'Trying it out' });
    expect(created.status, created.text).toBe(201);
    expect(created.body.workspaceId).toBe('default');
    const list = await api.get('/v1/bots');
    expect(list.status, list.text).toBe(200);
    expect(list.body.data.map((b: { id: string }) => b.id)).toEqual([created.body.id]);

    expectProblem(await api.withToken(null).get('/v1/bots'), 401, 'unauthorized');
  });

  it('reports the memory store as ready', async () => {
    const api = await HttpApi.connect(service.baseUrl, null);
    expect((await api.get('/readyz')).body).toEqual({ status: 'ready', store: 'memory' });
  });

  it('mints a token that a second memory-mode process does not accept (its secret is random per process)', async () => {
    const other = await startService({});
    const api = await HttpApi.connect(other.baseUrl, token);
    expectProblem(await api.get('/v1/bots'), 401, 'unauthorized');
  }, 60_000);
});
