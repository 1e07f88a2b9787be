/**
 * `application/x-www-form-urlencoded` bodies as the object mappings read: one string per name,
 * an array of strings for a repeated name. Keys are defined, never assigned, so `__proto__` and
 * `constructor` are plain keys.
 */
import type { JsonObject, JsonValue } from '../domain/types.ts';

export function parseFormBody(raw: Uint8Array): JsonObject {
  const body: JsonObject = {};
  for (const [name, value] of new URLSearchParams(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8'))) {
    const current: JsonValue | undefined = Object.hasOwn(body, name) ? body[name] : undefined;
    const next = current === undefined ? value : Array.isArray(current) ? [...current, value] : [current as string, value];
    Object.defineProperty(body, name, { value: next, enumerable: true, writable: true, configurable: true });
  }
  return body;
}
