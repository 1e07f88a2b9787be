import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../src/domain/types.ts';
import { parseJsonPath } from '../../src/inbound/json-path.ts';
import { normalizedPath, queryNodes } from '../../src/inbound/json-path-query.ts';

/** The JSONPath Compliance Test Suite, vendored with its provenance in test/vendor/jsonpath-cts/README.md. */
interface Case {
  name: string;
  selector: string;
  document?: JsonValue;
  result?: JsonValue[];
  result_paths?: string[];
  /** Several orders are allowed (members of an object have none): any one of these. */
  results?: JsonValue[][];
  results_paths?: string[][];
  invalid_selector?: boolean;
}

const suite = JSON.parse(readFileSync(new URL('../vendor/jsonpath-cts/cts.json', import.meta.url), 'utf8')) as { tests: Case[] };

describe('RFC 9535 JSONPath Compliance Test Suite', () => {
  it('holds all 703 cases', () => {
    expect(suite.tests).toHaveLength(703);
  });

  // Names repeat in the suite, so each title carries its index.
  it.each(suite.tests.map((c, i) => [`${i} ${c.name}`, c] as const))('%s', (_, c) => {
    const parsed = parseJsonPath(c.selector);
    if (c.invalid_selector) {
      expect(parsed.ok, `${c.selector} must be refused`).toBe(false);
      return;
    }
    if (!parsed.ok) throw new Error(`${c.selector} refused: ${parsed.message} at ${parsed.position}`);
    const nodes = queryNodes(c.document as JsonValue, parsed.segments);
    const values = nodes.map((n) => n.value);
    const paths = nodes.map(normalizedPath);
    if (c.result) {
      expect(values).toEqual(c.result);
      if (c.result_paths) expect(paths).toEqual(c.result_paths);
    } else {
      const k = (c.results ?? []).findIndex((r) => isDeepStrictEqual(r, values));
      expect(k, `${JSON.stringify(values)} is none of the allowed results`).toBeGreaterThanOrEqual(0);
      if (c.results_paths) expect(paths).toEqual(c.results_paths[k]);
    }
  });
});
