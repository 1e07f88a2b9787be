/**
 * Writes openapi.yaml from the routes' schemas, and the typed client's types from it
 * (npm run openapi). The tests fail when either differs from what this writes.
 */
import { writeFileSync } from 'node:fs';
import { CLIENT_TYPES_FILE, renderClientTypes } from './openapi-client.ts';
import { renderOpenApiYaml } from './openapi-yaml.ts';

const target = new URL('../openapi.yaml', import.meta.url);
const yaml = await renderOpenApiYaml();
writeFileSync(target, yaml);
process.stdout.write(`wrote ${target.pathname}\n`);
writeFileSync(CLIENT_TYPES_FILE, await renderClientTypes(yaml));
process.stdout.write(`wrote ${CLIENT_TYPES_FILE.pathname}\n`);
