import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_CSP } from '../../src/console/serve.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';

describe('the console is served at /console', () => {
  let t: TestApp;
  const get = (path: string, headers: Record<string, string> = {}) => t.app.request(path, { headers });

  beforeAll(async () => {
    t = await createTestApp({ store: 'memory' });
  });
  afterAll(() => t.close());

  it('/ and /console lead to /console/', async () => {
    const root = await get('/');
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/console/');
    const bare = await get('/console');
    expect(bare.status).toBe(301);
    expect(bare.headers.get('location')).toBe('/console/');
  });

  it('serves the page with a strict Content-Security-Policy and no cookie', async () => {
    const res = await get('/console/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toBe(CONSOLE_CSP);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('set-cookie')).toBeNull();
    const page = await res.text();
    expect(page).toContain('<script type="module" src="./app.js"></script>');
    // Every script is a file from this origin: none inline, nothing from another origin.
    expect(page.match(/<script[^>]*>([^<]*)<\/script>/g)?.every((tag) => /src="\.\//.test(tag) && tag.endsWith('></script>'))).toBe(true);
    expect(page).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(page).not.toMatch(/style="/);
  });

  it('serves its modules and the pinned preact, hooks and htm, with imports the browser resolves without an import map', async () => {
    for (const name of ['app.js', 'lib/api.js', 'lib/live.js', 'screens/webhook-page.js', 'styles.css']) {
      const res = await get(`/console/${name}`);
      expect(res.status, name).toBe(200);
      expect(res.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
    }
    const app = await (await get('/console/app.js')).text();
    expect(app).toContain("from './vendor/preact.js'");
    const hooks = await get('/console/vendor/hooks.js');
    expect(hooks.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const hooksText = await hooks.text();
    expect(hooksText).toContain('from"./preact.js"');
    expect(hooksText).not.toContain('from"preact"');
    for (const vendor of ['vendor/preact.js', 'vendor/htm.js']) {
      const text = await (await get(`/console/${vendor}`)).text();
      expect(text.length, vendor).toBeGreaterThan(500);
      expect(text, vendor).not.toMatch(/from\s*["'][^./]/);
      expect(text, vendor).not.toContain('sourceMappingURL');
    }
  });

  it('no module of the console evaluates strings or reaches another origin', async () => {
    for (const name of ['app.js', 'lib/api.js', 'lib/live.js', 'lib/ui.js', 'lib/catalogue.js', 'screens/activity.js']) {
      const text = await (await get(`/console/${name}`)).text();
      expect(text, name).not.toMatch(/\beval\(|new Function\(|innerHTML|https?:\/\/[a-z]/);
    }
  });

  it('keeps the admin token out of URLs: sent as a header, stored in sessionStorage, the stream read with fetch', async () => {
    const api = await (await get('/console/lib/api.js')).text();
    expect(api).toContain('Authorization: `Bearer $' + '{token}`');
    expect(api).toContain('sessionStorage');
    expect(api).not.toContain('localStorage');
    expect(api).not.toContain('new EventSource');
    expect(api).not.toContain('document.cookie');
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const first = await get('/console/styles.css');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await get('/console/styles.css', { 'If-None-Match': etag! });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
  });

  it('lists each channel’s credential fields from the channel schemas, and the event catalogue', async () => {
    const res = await get('/console/catalogue.json');
    expect(res.status).toBe(200);
    const catalogue = (await res.json()) as { channels: any[]; events: any[] };
    const fields = (channel: string) => catalogue.channels.find((c) => c.channel === channel)?.credentials;
    expect(fields('whatsapp')).toEqual([
      { name: 'accessToken', required: true },
      { name: 'phoneNumberId', required: true },
    ]);
    expect(fields('sms').map((f: any) => f.name)).toEqual(['accountSid', 'authToken', 'from']);
    expect(fields('http')).toEqual([{ name: 'signingSecret', required: false }]);
    expect(fields('sandbox')).toEqual([]);
    expect(catalogue.events.map((e) => e.type)).toContain('lead.created');
  });

  it('refuses anything that is not one of its files, as problem+json 404', async () => {
    for (const path of [
      '/console/nope.js',
      '/console/../package.json',
      '/console/%2e%2e/src/config.ts',
      '/console/serve.ts',
      '/console/vendor/',
    ]) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).toBe('application/problem+json');
    }
  });

  it('asks for no admin token itself: the admin API behind it still does', async () => {
    expect((await get('/console/app.js')).status).toBe(200);
    expect((await get('/v1/bots')).status).toBe(401);
  });
});
