/**
 * The http channel's `config.headers` are write-only: their values are sealed with the account's
 * credentials (under SEALED_HEADERS, where the adapter reads them) and the config keeps the names.
 */
import type { JsonObject } from '../domain/types.ts';

/** Where the opened credentials hold `config.headers`' values (no channel has a credential of that name). */
export const SEALED_HEADERS = 'headers';

/**
 * `config.headers` are write-only: the values given (strings; also those of accounts stored before
 * sealing) are returned to be sealed, and the config keeps each name as `{ set: true }`.
 */
export function splitConfigHeaders(config: JsonObject): { config: JsonObject; headers: Record<string, string> } {
  const given = config.headers;
  if (typeof given !== 'object' || given === null || Array.isArray(given)) return { config, headers: {} };
  const headers: Record<string, string> = {};
  const names: JsonObject = {};
  for (const [name, value] of Object.entries(given)) {
    if (typeof value === 'string') headers[name] = value;
    names[name] = { set: true };
  }
  return { config: { ...config, headers: names }, headers };
}
