import type { RequestTemplate } from '../domain/types.ts';
import { type CompiledTemplate, compileTemplate as compileUncached, format, lookup } from '../inbound/render.ts';
import { memo } from '../lib/memo.ts';

export type { RequestTemplate };

/** Templates are compiled once per distinct text, not per delivery. */
const compileTemplate = memo(compileUncached);

export interface BuiltRequest {
  url: string;
  method: RequestTemplate['method'];
  headers: Record<string, string>;
  body: string | null;
}

export type BuildResult = { ok: true; request: BuiltRequest } | { ok: false; error: string };

/** The event as templates see it. */
export interface TemplateScope {
  id: string;
  event: string;
  timestamp: string;
  bot_id: string;
  environment: string;
  data: Record<string, unknown>;
}

/** The names a template reads from the event itself; any other placeholder reads the event's `data`. */
export const EVENT_SCOPE_KEYS: ReadonlySet<string> = new Set(['id', 'event', 'timestamp', 'bot_id', 'environment', 'data']);

/**
 * The value a placeholder names. `{{ contact.first_name }}`, as other builders write it, is
 * `{{ data.contact.first_name }}`: a name that is not one of the event's own reads the data.
 */
function lookupEvent(scope: Record<string, unknown>, path: readonly string[]): unknown {
  if (EVENT_SCOPE_KEYS.has(path[0]!)) return lookup(scope, path);
  const data = scope.data;
  return data !== null && typeof data === 'object' ? lookup(data as Record<string, unknown>, path) : undefined;
}

type BodyKind = 'json' | 'form' | 'text';

function bodyKind(headers: Record<string, string>): BodyKind {
  const contentType = Object.entries(headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? 'application/json';
  if (/^application\/([\w.+-]+\+)?json\b/i.test(contentType)) return 'json';
  if (/^application\/x-www-form-urlencoded\b/i.test(contentType)) return 'form';
  return 'text';
}

/**
 * Renders a JSON body template, escaping each value for where it stands: inside a JSON string
 * it is JSON-escaped text, elsewhere it becomes a JSON value (`null` when absent). So a value can
 * never close a string or add a member.
 */
function renderJson(template: CompiledTemplate, scope: Record<string, unknown>): string {
  let out = '';
  let inString = false;
  let escaped = false;
  for (const part of template.parts) {
    if (typeof part === 'string') {
      for (const ch of part) {
        if (escaped) escaped = false;
        else if (ch === '\\' && inString) escaped = true;
        else if (ch === '"') inString = !inString;
      }
      out += part;
      continue;
    }
    const value = lookupEvent(scope, part.path);
    out += inString ? JSON.stringify(format(value) ?? '').slice(1, -1) : JSON.stringify(value === undefined ? null : value);
  }
  return out;
}

function renderWith(template: CompiledTemplate, scope: Record<string, unknown>, encode: (text: string) => string): string {
  return template.parts.map((p) => (typeof p === 'string' ? p : encode(format(lookupEvent(scope, p.path)) ?? ''))).join('');
}

const plain = (text: string) => text;

/** What an HTTP/1.1 header value may hold (as Node sends it): tab, visible ASCII and space, Latin-1. */
const NOT_HEADER_TEXT = /[^\t\x20-\x7e\x80-\xff]/;

/** Builds the request for one event. Fails (permanently) when a value would break a header line. */
export function buildRequest(template: RequestTemplate, scope: TemplateScope): BuildResult {
  const s = scope as unknown as Record<string, unknown>;
  let url: URL;
  try {
    url = new URL(renderWith(compileTemplate(template.url), s, encodeURIComponent));
  } catch {
    return { ok: false, error: 'the URL template does not render to a valid URL' };
  }
  for (const [name, value] of Object.entries(template.params)) {
    url.searchParams.append(name, renderWith(compileTemplate(value), s, plain));
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(template.headers)) {
    const rendered = renderWith(compileTemplate(value), s, plain);
    if (/[\r\n\0]/.test(rendered)) return { ok: false, error: `header ${name}: a value would inject a line break` };
    if (NOT_HEADER_TEXT.test(rendered))
      return { ok: false, error: `header ${name}: a value has characters a header cannot carry (only Latin-1 text)` };
    headers[name] = rendered;
  }
  let body: string | null = null;
  if (template.method !== 'GET') {
    const kind = bodyKind(template.headers);
    if (template.body === null) {
      body = JSON.stringify({ event: scope.event, timestamp: scope.timestamp, data: scope.data });
    } else {
      const compiled = compileTemplate(template.body);
      body = kind === 'json' ? renderJson(compiled, s) : renderWith(compiled, s, kind === 'form' ? encodeURIComponent : plain);
    }
    if (!Object.keys(headers).some((n) => n.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
  }
  return { ok: true, request: { url: url.toString(), method: template.method, headers, body } };
}

/** Problems with a template, found by rendering it over a scope with hostile values. */
export function checkRequestTemplate(template: RequestTemplate): { path: string; message: string }[] {
  const errors: { path: string; message: string }[] = [];
  for (const [name, value] of Object.entries(template.headers)) {
    const literal = compileTemplate(value)
      .parts.filter((p) => typeof p === 'string')
      .join('');
    if (NOT_HEADER_TEXT.test(literal))
      errors.push({
        path: `/headers/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`,
        message: 'has characters a header cannot carry (only Latin-1 text)',
      });
  }
  if (template.body !== null && template.method !== 'GET' && bodyKind(template.headers) === 'json') {
    const probe = renderJson(compileTemplate(template.body), {
      data: {},
      event: 'x.y',
      id: 'evt_x',
      timestamp: 't',
      bot_id: 'b',
      environment: 'production',
    });
    try {
      JSON.parse(probe);
    } catch {
      errors.push({
        path: '/body',
        message: 'must be valid JSON once its placeholders are filled (placeholders outside strings become JSON values)',
      });
    }
  }
  return errors;
}
