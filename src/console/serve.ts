/**
 * Serves the web console at /console: static ES modules from `public/` and from the pinned
 * preact/htm packages in node_modules, no build step, no external origin. The console is a client
 * of the public admin API; it holds the admin token in sessionStorage and sends it as a header, so
 * no token ever appears in a URL and no cookie exists (nothing for CSRF to ride on).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../http/env.ts';
import { consoleCatalogue } from './catalogue.ts';

/** No inline script or style, no eval, nothing from another origin; the page may not be framed. */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONSOLE_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), clipboard-write=(self)',
};

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
};

interface Asset {
  body: string;
  type: string;
  etag: string;
}

const PUBLIC_DIR = new URL('./public/', import.meta.url);

/**
 * The vendored modules, under names the console imports by relative path (an import map would
 * be an inline script, which the CSP forbids); `preact/hooks` imports the bare `preact`, rewritten.
 */
const VENDOR: Record<string, { specifier: string; rewrite?: [string, string] }> = {
  'vendor/preact.js': { specifier: 'preact' },
  'vendor/hooks.js': { specifier: 'preact/hooks', rewrite: ['from"preact"', 'from"./preact.js"'] },
  'vendor/htm.js': { specifier: 'htm' },
};

function asset(body: string, type: string): Asset {
  return { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
}

/** Every file the console serves, read once: nothing outside this table can be requested. */
function loadAssets(): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const entry of readdirSync(PUBLIC_DIR, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const ext = entry.name.slice(entry.name.lastIndexOf('.'));
    const type = TYPES[ext];
    if (!type) continue;
    const full = join(entry.parentPath, entry.name);
    const name = relative(fileURLToPath(PUBLIC_DIR), full).split(sep).join('/');
    assets.set(name, asset(readFileSync(full, 'utf8'), type));
  }
  for (const [name, { specifier, rewrite }] of Object.entries(VENDOR)) {
    let body = readFileSync(fileURLToPath(import.meta.resolve(specifier)), 'utf8');
    if (rewrite) {
      if (!body.includes(rewrite[0])) throw new Error(`console: ${specifier} no longer imports ${rewrite[0]}`);
      body = body.replaceAll(rewrite[0], rewrite[1]);
    }
    // Source maps are not shipped; a dangling reference would only make devtools complain.
    body = body.replace(/\n\/\/# sourceMappingURL=[^\n]*\n?$/, '\n');
    assets.set(name, asset(body, TYPES['.js']!));
  }
  assets.set('catalogue.json', asset(JSON.stringify(consoleCatalogue()), TYPES['.json']!));
  return assets;
}

/** `/` leads to the console; `/console` and everything under it is the console. */
export function consoleRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  let assets: Map<string, Asset> | null = null;

  app.get('/', (c) => c.redirect('/console/', 302));
  app.get('/console', (c) => c.redirect('/console/', 301));
  const serve = (c: Context<AppEnv>) => {
    assets ??= loadAssets();
    const name = c.req.path.slice('/console/'.length) || 'index.html';
    const found = assets.get(name);
    if (!found) return c.notFound();
    const headers = { ...SECURITY_HEADERS, 'Cache-Control': 'no-cache', ETag: found.etag };
    if (c.req.header('If-None-Match') === found.etag) return c.body(null, 304, headers);
    return c.body(found.body, 200, { ...headers, 'Content-Type': found.type });
  };
  app.get('/console/', serve);
  app.get('/console/*', serve);
  return app;
}
