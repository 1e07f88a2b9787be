/** Writes openapi.yaml from the routes' schemas (npm run openapi). The tests fail when they differ. */
import { writeFileSync } from 'node:fs';
import { renderOpenApiYaml } from './openapi-yaml.ts';

const target = new URL('../openapi.yaml', import.meta.url);
writeFileSync(target, await renderOpenApiYaml());
process.stdout.write(`wrote ${target.pathname}\n`);
