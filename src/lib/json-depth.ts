import type { JsonObject, JsonValue } from '../domain/types.ts';

/**
 * Deepest nesting a JSON value we accept may have. Real payloads are a few levels deep; a value
 * nested thousands of levels (a few KB of `[[[[…`) would overflow the stack when serialised.
 */
export const MAX_JSON_DEPTH = 128;

/** True when `value` nests objects or arrays more than `max` levels deep. Iterative: no recursion. */
export function nestedDeeperThan(value: unknown, max: number = MAX_JSON_DEPTH): boolean {
  if (value === null || typeof value !== 'object') return false;
  const stack: { node: JsonValue; depth: number }[] = [{ node: value as JsonValue, depth: 1 }];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const { node, depth } = item;
    if (depth > max) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node as JsonObject)) {
      if (child !== null && typeof child === 'object') stack.push({ node: child, depth: depth + 1 });
    }
  }
  return false;
}
