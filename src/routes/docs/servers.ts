/**
 * The committed openapi.yaml names no deployment; served, its top-level `servers` block becomes this
 * deployment's origin, so generated clients and the reference's samples target it. (A YAML double-quoted
 * scalar reads a JSON string as is.)
 */
export function withServer(yaml: string, url: string): string {
  const block = /^servers:\n(?: {2}.*\n)+/m;
  if (!block.test(yaml)) throw new Error('openapi.yaml has no top-level servers block');
  return yaml.replace(block, () => `servers:\n  - url: ${JSON.stringify(url)}\n    description: This deployment (PUBLIC_BASE_URL)\n`);
}
