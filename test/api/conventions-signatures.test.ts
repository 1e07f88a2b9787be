/**
 * The README's receivers (examples/receivers/*.mjs, shown verbatim in the README) verify real
 * deliveries: a stock `standardwebhooks` one and a plain `node:crypto` one, before and during a
 * secret rotation, and refuse what is not signed with their secret.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signStandardWebhook } from '../../src/net/signing.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { createBot, finishedDelivery, publish, subscribe } from '../helpers/scenario.ts';
import { freePort, killAllServices, REPO_ROOT, type ServiceProcess, spawnNode } from '../helpers/service-process.ts';

const RECEIVERS = ['examples/receivers/standardwebhooks.mjs', 'examples/receivers/node-crypto.mjs'];

it('the README shows each receiver exactly as the file the tests run', () => {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  for (const file of RECEIVERS) {
    const marker = `<!-- ${file} -->\n\`\`\`js\n`;
    const at = readme.indexOf(marker);
    expect(at, `README includes ${file}`).toBeGreaterThan(-1);
    const start = at + marker.length;
    const shown = readme.slice(start, readme.indexOf('```\n', start));
    expect(shown).toBe(readFileSync(join(REPO_ROOT, file), 'utf8'));
  }
});

describe.each(RECEIVERS)('%s', (file) => {
  let t: TestApp;
  let botId: string;
  const started: ServiceProcess[] = [];

  async function receiver(secret: string): Promise<ServiceProcess> {
    const port = await freePort();
    const child = spawnNode(file, [], { PORT: String(port), HOOKGATE_WEBHOOK_SECRET: secret });
    started.push(child);
    await child.waitForOutput(/receiver listening/);
    return child;
  }

  /** POSTs a body with the given headers straight to a receiver; resolves with its status. */
  async function post(to: ServiceProcess, body: string, headers: Record<string, string>): Promise<number> {
    const res = await fetch(`${to.baseUrl}/hook`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
    await res.arrayBuffer();
    return res.status;
  }

  beforeAll(async () => {
    t = await createTestApp({ env: { HOOKGATE_ALLOW_PRIVATE_NETWORK: 'true' } });
    t.startWorkers();
    botId = await createBot(t.api);
  });
  afterAll(async () => {
    await Promise.all(started.map((p) => p.kill()));
    await killAllServices();
    await t.close();
  });

  it('accepts real deliveries, also during a rotation with the old secret or the new one', async () => {
    const placeholder = await freePort();
    const sub = await subscribe(t.api, botId, { url: `http://127.0.0.1:${placeholder}/hook`, events: ['lead.*'] });
    const old = await receiver(sub.secret);
    const path = `/v1/bots/${botId}/subscriptions/${sub.id}`;
    expect((await t.api.patch(path, { url: `${old.baseUrl}/hook` })).status).toBe(200);

    const first = await publish(t.api, botId, 'lead.created', { contact: { id: 'c-1', first_name: 'Zoë 😀' } });
    const delivered = await finishedDelivery(t.api, botId, sub.id, first);
    expect(delivered.status, JSON.stringify(delivered.attempts)).toBe('succeeded');
    expect(delivered.attempts.at(-1).response.status).toBe(204);
    await old.waitForOutput(new RegExp(`${first} lead.created .*Zoë 😀`));

    // Rotated: each request carries two signatures, the new secret's and the old one's.
    const rotated = await t.api.post(`${path}/rotate-secret`);
    expect(rotated.status).toBe(200);
    const second = await publish(t.api, botId, 'lead.updated', { contact: { id: 'c-1' } });
    const both = await finishedDelivery(t.api, botId, sub.id, second);
    expect(both.status).toBe('succeeded');
    expect(both.attempts[0].request.headers['webhook-signature']).toMatch(/^v1,\S+ v1,\S+$/);
    expect(both.attempts[0].request.headers['x-hookgate-signature']).toMatch(/^sha256=[0-9a-f]{64} sha256=[0-9a-f]{64}$/);

    const fresh = await receiver(rotated.body.secret);
    expect((await t.api.patch(path, { url: `${fresh.baseUrl}/hook` })).status).toBe(200);
    const third = await publish(t.api, botId, 'lead.created', { contact: { id: 'c-2' } });
    expect((await finishedDelivery(t.api, botId, sub.id, third)).status).toBe('succeeded');
    await fresh.waitForOutput(new RegExp(`${third} lead.created`));
  });

  it('refuses a changed body, another secret, a stale timestamp and a missing signature', async () => {
    const secret = (await subscribe(t.api, botId, { url: 'https://crm.example.com/unused', events: ['x.y'] })).secret;
    const other = (await subscribe(t.api, botId, { url: 'https://crm.example.com/unused', events: ['x.y'] })).secret;
    const target = await receiver(secret);
    const body = JSON.stringify({ event: 'lead.created', timestamp: new Date().toISOString(), data: { a: 1 } });
    const now = Math.floor(Date.now() / 1000);
    const signed = (secrets: string | string[], at = now, text = body) => ({ ...signStandardWebhook(secrets, 'evt_test', at, text) });

    expect(await post(target, body, signed(secret))).toBe(204);
    expect(await post(target, body, signed([other, secret]))).toBe(204); // one of several is enough
    expect(await post(target, body.replace('"a":1', '"a":2'), signed(secret))).toBe(400);
    expect(await post(target, body, signed(other))).toBe(400);
    expect(await post(target, body, signed(secret, now - 600))).toBe(400);
    const { 'webhook-signature': _dropped, ...unsigned } = signed(secret);
    expect(await post(target, body, unsigned)).toBe(400);
    // The key is the decoded secret: signing with its text as the key is refused.
    const textKeyed = signed(`not-whsec-${secret}`);
    expect(await post(target, body, textKeyed)).toBe(400);
  });
});
