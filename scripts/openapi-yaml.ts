import { stringify } from 'yaml';
import { createApp } from '../src/app.ts';
import { composeServices } from '../src/compose.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/lib/logger.ts';
import { openApiDocument } from '../src/openapi.ts';

/** The OpenAPI document as the committed openapi.yaml should read. */
export async function renderOpenApiYaml(): Promise<string> {
  const composed = await composeServices(loadConfig({}), createLogger('silent'));
  try {
    const doc = openApiDocument(createApp(composed.services));
    return `# Generated from the route schemas by \`npm run openapi\`; do not edit by hand.\n${stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false })}`;
  } finally {
    await composed.close();
  }
}
