import openapiTS, { astToString } from 'openapi-typescript';

/** Where the typed client's generated types live (clients/typescript). */
export const CLIENT_TYPES_FILE = new URL('../clients/typescript/src/schema.ts', import.meta.url);

/**
 * The TypeScript types of the API, as openapi-typescript (with its default options) generates them
 * from openapi.yaml's text: what clients/typescript/src/schema.ts should read.
 */
export async function renderClientTypes(openapiYaml: string): Promise<string> {
  const ast = await openapiTS(openapiYaml, { silent: true });
  return `/**\n * Generated from openapi.yaml by openapi-typescript (\`npm run openapi\`); do not edit by hand.\n */\n\n${astToString(ast)}`;
}
