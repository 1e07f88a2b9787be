/**
 * A subscription's secret-bearing request parts — header values, query parameter values, and the
 * query string of its URL — are write-only: stored sealed (one JWE per subscription), shown by name
 * only, opened only by the sender. The readable record keeps the header and parameter names (with
 * empty values) and the URL with its query values masked, for views, logs and events.
 *
 * Records stored before sealing (no `sealedRequest`) hold the values in clear: they are read as
 * they are, and sealed by the next write.
 */
import type { RequestTemplate } from '../domain/types.ts';
import { compileTemplate } from '../inbound/render.ts';
import type { Secrets } from '../lib/secrets.ts';

export type SecretRequestParts = Pick<RequestTemplate, 'url' | 'headers' | 'params'>;

export interface SealedRequestFields extends SecretRequestParts {
  sealedRequest: string;
}

/** What a query value is shown as. */
const MASK = '***';

/** The URL with each query value masked (`?key=***`); a URL without a query is unchanged. */
export function maskQuery(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const hash = url.indexOf('#', q);
  const query = url.slice(q + 1, hash < 0 ? undefined : hash);
  const masked = query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      return eq < 0 ? pair : `${pair.slice(0, eq)}=${MASK}`;
    })
    .join('&');
  return `${url.slice(0, q + 1)}${masked}${hash < 0 ? '' : url.slice(hash)}`;
}

function namesOnly(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.keys(values).map((name) => [name, '']));
}

/** Seals the parts; the fields to store in their place. */
export async function sealRequest(secrets: Secrets, parts: SecretRequestParts): Promise<SealedRequestFields> {
  const { url, headers, params } = parts;
  return {
    url: maskQuery(url),
    headers: namesOnly(headers),
    params: namesOnly(params),
    sealedRequest: await secrets.seal({ url, headers, params }),
  };
}

/** The parts as configured: opened from the seal, or read as they are from a record stored before sealing. */
export async function openRequest(
  secrets: Secrets,
  stored: SecretRequestParts & { sealedRequest?: string | null | undefined },
): Promise<SecretRequestParts> {
  if (!stored.sealedRequest) return { url: stored.url, headers: stored.headers, params: stored.params };
  return secrets.open<SecretRequestParts>(stored.sealedRequest);
}

/** Names and `set: true`, never a value: how views show headers and parameters. */
export function setNames(values: Record<string, string>): Record<string, { set: true }> {
  return Object.fromEntries(Object.keys(values).map((name) => [name, { set: true as const }]));
}

/** Configured headers whose values describe the request rather than authorise it: shown in logs. */
export const HARMLESS_HEADERS: ReadonlySet<string> = new Set([
  'content-type',
  'accept',
  'accept-language',
  'content-language',
  'user-agent',
]);

/** Literal text shorter than this around placeholders (`Bearer `, `, `) is not worth redacting everywhere. */
const MIN_LITERAL = 8;

/**
 * The configured values to redact by value from delivery logs, response snippets and errors: each
 * header value (but the harmless ones), parameter value and URL query value — as written, not as
 * rendered, so event data a placeholder puts in (`{{ event }}`) is not mistaken for a secret. A
 * value without placeholders counts whole; one with them, by its longer literal pieces.
 */
export function secretValues(parts: SecretRequestParts): string[] {
  const values = [
    ...Object.entries(parts.headers)
      .filter(([name]) => !HARMLESS_HEADERS.has(name.toLowerCase()))
      .map(([, value]) => value),
    ...Object.values(parts.params),
    ...queryValues(parts.url),
  ];
  const out: string[] = [];
  for (const value of values) {
    const literals = compileTemplate(value).parts.filter((p): p is string => typeof p === 'string');
    if (literals.length === 1 && literals[0] === value) out.push(value);
    else for (const literal of literals) if (literal.trim().length >= MIN_LITERAL) out.push(literal.trim());
  }
  return out;
}

/** The raw (and, where they differ, decoded) values of a URL template's query string. */
function queryValues(url: string): string[] {
  const q = url.indexOf('?');
  if (q < 0) return [];
  const hash = url.indexOf('#', q);
  const out: string[] = [];
  for (const pair of url.slice(q + 1, hash < 0 ? undefined : hash).split('&')) {
    const eq = pair.indexOf('=');
    if (eq < 0) continue;
    const raw = pair.slice(eq + 1);
    out.push(raw);
    try {
      const decoded = decodeURIComponent(raw.replace(/\+/g, ' '));
      if (decoded !== raw) out.push(decoded);
    } catch {
      // not percent-encoding: the raw value is what is sent
    }
  }
  return out;
}
