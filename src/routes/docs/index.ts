import { readFileSync } from 'node:fs';
import { type OpenApiApp, openApiApp } from '../common.ts';
import { API_REFERENCE_CSP, apiReferenceHtml, REDOC_ASSET_PATH, redocBundlePath } from './reference.ts';
import { withServer } from './servers.ts';

const OPENAPI_FILE = new URL('../../../openapi.yaml', import.meta.url);

/**
 * `/openapi.yaml` naming this deployment's origin (PUBLIC_BASE_URL) as its server, and the API
 * reference at `/docs`: Redoc's standalone bundle, pinned in package.json and served from
 * node_modules, so the page works offline and loads nothing from another origin (see its CSP).
 */
export function docsRoutes(publicBaseUrl: string): OpenApiApp {
  const app = openApiApp();
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/openapi.yaml',
    operationId: 'getOpenApiDocument',
    tags: ['Operations'],
    summary: 'This document',
    description: 'Its `servers` name this deployment’s `PUBLIC_BASE_URL`.',
    security: [],
    responses: { 200: { description: 'OpenAPI 3.1 document', content: { 'application/yaml': { schema: { type: 'string' } } } } },
  });
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/docs',
    operationId: 'getApiReference',
    tags: ['Operations'],
    summary: 'Browsable API reference',
    description: 'Redoc, served by Hookgate itself: the page loads nothing from another origin and works offline.',
    security: [],
    responses: { 200: { description: 'HTML page', content: { 'text/html': { schema: { type: 'string' } } } } },
  });

  let openapiYaml: string | null = null;
  app.get('/openapi.yaml', (c) => {
    openapiYaml ??= withServer(readFileSync(OPENAPI_FILE, 'utf8'), publicBaseUrl);
    return c.body(openapiYaml, 200, { 'Content-Type': 'application/yaml; charset=utf-8' });
  });

  app.get('/docs', (c) =>
    c.html(apiReferenceHtml(), 200, {
      'Content-Security-Policy': API_REFERENCE_CSP,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    }),
  );

  let bundle: Buffer | null = null;
  app.get(REDOC_ASSET_PATH, (c) => {
    bundle ??= readFileSync(redocBundlePath());
    return c.body(new Uint8Array(bundle), 200, {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': 'public, max-age=31536000, immutable',
      'X-Content-Type-Options': 'nosniff',
    });
  });
  return app;
}
