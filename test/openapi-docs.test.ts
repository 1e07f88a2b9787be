/**
 * The API reference and the document as served: /docs loads nothing from another origin (it works
 * offline), /openapi.yaml names the deployment's PUBLIC_BASE_URL, and each 201 names what it created.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createTestApp, type TestApp } from './helpers/app.ts';

const committed = parse(readFileSync(new URL('../openapi.yaml', import.meta.url), 'utf8'));
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const require = createRequire(import.meta.url);

/** Every URL an HTML page would load: src and href attributes, and `spec-url` (Redoc's document). */
function referencedUrls(html: string): string[] {
  return [...html.matchAll(/\b(?:src|href|spec-url)\s*=\s*["']([^"']*)["']/gi)].map((m) => m[1]!);
}

describe('/docs', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ store: 'memory' });
  });
  afterAll(() => t.close());

  it('is a page whose every script, style and document comes from this origin', async () => {
    const res = await t.app.request('/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    const urls = referencedUrls(html);
    expect(urls).toContain('/openapi.yaml');
    expect(urls.some((u) => u.endsWith('.js'))).toBe(true);
    for (const url of urls) expect(url, 'same-origin path').toMatch(/^\/(?!\/)/);
    // No inline script: the policy allows none.
    for (const script of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
      expect(script[1]).toMatch(/\bsrc=/);
      expect(script[2]!.trim()).toBe('');
    }
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('serves each asset the page names, with its content type', async () => {
    const html = await (await t.app.request('/docs')).text();
    for (const url of referencedUrls(html)) {
      const res = await t.app.request(url);
      expect(res.status, url).toBe(200);
      const type = res.headers.get('content-type') ?? '';
      if (url.endsWith('.js')) {
        expect(type).toMatch(/^text\/javascript/);
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
        const body = await res.text();
        expect(body.length).toBeGreaterThan(500_000);
        expect(body).toBe(readFileSync(require.resolve('redoc/bundles/redoc.standalone.js'), 'utf8'));
      } else {
        expect(type).toMatch(/^application\/yaml/);
      }
    }
  });

  it('uses the Redoc version pinned in package.json, and says so in the asset’s URL', async () => {
    expect(pkg.dependencies.redoc).toMatch(/^\d+\.\d+\.\d+$/);
    expect(require('redoc/package.json').version).toBe(pkg.dependencies.redoc);
    const html = await (await t.app.request('/docs')).text();
    expect(html).toContain(`/docs/assets/redoc-${pkg.dependencies.redoc}.standalone.js`);
    expect((await t.app.request('/docs/assets/redoc-0.0.1.standalone.js')).status).toBe(404);
  });

  it('forbids every other origin in its Content-Security-Policy', async () => {
    const csp = (await t.app.request('/docs')).headers.get('content-security-policy') ?? '';
    const directives = Object.fromEntries(
      csp.split(';').map((d) => {
        const [name, ...sources] = d.trim().split(/\s+/);
        return [name!, sources];
      }),
    );
    expect(directives['default-src']).toEqual(["'none'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['connect-src']).toEqual(["'self'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    const allowed = new Set(["'self'", "'none'", "'unsafe-inline'", 'data:', 'blob:']);
    for (const [name, sources] of Object.entries(directives)) {
      for (const source of sources) expect(allowed.has(source), `${name} ${source}`).toBe(true);
    }
  });
});

describe('/openapi.yaml as served', () => {
  const apps: TestApp[] = [];
  afterAll(() => Promise.all(apps.map((a) => a.close())));

  it.each(['https://hooks.example.com', 'http://127.0.0.1:18080/'])('names PUBLIC_BASE_URL=%s as its only server', async (base) => {
    const t = await createTestApp({ store: 'memory', env: { PUBLIC_BASE_URL: base } });
    apps.push(t);
    const res = await t.app.request('/openapi.yaml');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/yaml/);
    const served = parse(await res.text());
    expect(served.servers).toEqual([{ url: base.replace(/\/+$/, ''), description: expect.any(String) }]);
    // The rest is the committed document.
    expect({ ...served, servers: committed.servers }).toEqual(committed);
  });
});

describe('Location on 201', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('names the resource created, which a GET then answers', async () => {
    const created: [string, unknown][] = [];
    const bot = await t.api.post('/v1/bots', { name: 'Located' });
    created.push([bot.headers.get('location')!, bot.body.id]);
    const base = `/v1/bots/${bot.body.id}`;
    const account = await t.api.post(`${base}/channels`, { channel: 'sandbox', alias: 'sb' });
    created.push([account.headers.get('location')!, account.body.id]);
    const hook = await t.api.post(`${base}/webhooks`, {
      name: 'Hook',
      variables: [{ data: 'name', variable: 'name' }],
      reply: { text: 'Hi {{name}}' },
    });
    created.push([hook.headers.get('location')!, hook.body.id]);
    const sub = await t.api.post(`${base}/subscriptions`, { name: 'CRM', url: 'https://crm.example.com/in', events: ['*'] });
    created.push([sub.headers.get('location')!, sub.body.id]);

    expect(created.map(([location]) => location)).toEqual([
      base,
      `${base}/channels/${account.body.id}`,
      `${base}/webhooks/${hook.body.id}`,
      `${base}/subscriptions/${sub.body.id}`,
    ]);
    for (const [location, id] of created) {
      const read = await t.api.get(location);
      expect(read.status, location).toBe(200);
      expect(read.body.id).toBe(id);
    }
  });

  it('is replayed with the first answer to an Idempotency-Key', async () => {
    const first = await t.api.post('/v1/bots', { name: 'Once' }, { 'Idempotency-Key': 'located-once' });
    const again = await t.api.post('/v1/bots', { name: 'Once' }, { 'Idempotency-Key': 'located-once' });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.headers.get('location')).toBe(`/v1/bots/${first.body.id}`);
  });
});
