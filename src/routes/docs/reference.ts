import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const REDOC_VERSION: string = require('redoc/package.json').version;

/** The bundle's URL names its version, so a browser may keep it for good. */
export const REDOC_ASSET_PATH = `/docs/assets/redoc-${REDOC_VERSION}.standalone.js`;

/**
 * Same origin only. Redoc (React with styled-components) writes its styles into `<style>` elements
 * and runs its search index in a Web Worker made from a blob: neither is another origin.
 */
export const API_REFERENCE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The page: Redoc's element reading `/openapi.yaml`, and the bundle, both from this origin. */
export function apiReferenceHtml(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Hookgate API reference</title>
</head>
<body>
<redoc spec-url="/openapi.yaml"></redoc>
<script src="${REDOC_ASSET_PATH}"></script>
</body>
</html>
`;
}

/** Where node_modules holds Redoc's standalone bundle. */
export function redocBundlePath(): string {
  return require.resolve('redoc/bundles/redoc.standalone.js');
}
