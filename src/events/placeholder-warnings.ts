/**
 * Placeholders of a subscription's templates that read nothing the events it matches carry,
 * reported as warnings when it is saved: they would render empty, which is worth saying rather
 * than staying silent. Judged against the catalogue's data schemas (event-data.ts); a subscription
 * that matches no catalogued type (custom events only) gets no data-path warnings. Pure.
 */
import { templatePlaceholders } from '../inbound/render.ts';
import { dataPaths, EVENT_DATA } from './event-data.ts';
import { compilePatterns } from './patterns.ts';
import { EVENT_SCOPE_KEYS, type RequestTemplate } from './request-template.ts';

type Templates = Pick<RequestTemplate, 'url' | 'headers' | 'params' | 'body'>;

const pointer = (name: string) => name.replace(/~/g, '~0').replace(/\//g, '~1');

/** Each template with where it sits in the subscription (a JSON Pointer). */
function templatesOf(t: Templates): [string, string][] {
  return [
    ['/url', t.url],
    ...Object.entries(t.headers).map(([name, value]): [string, string] => [`/headers/${pointer(name)}`, value]),
    ...Object.entries(t.params).map(([name, value]): [string, string] => [`/params/${pointer(name)}`, value]),
    ...(t.body === null ? [] : [['/body', t.body] as [string, string]]),
  ];
}

/** True when the data of `type` documents `path` (or it lies below a record or a value of any shape). */
function documented(type: string, path: string): boolean {
  const known = dataPaths(type);
  if (!known) return false;
  if (path === '' || known.paths.has(path)) return true;
  const parts = path.split('.');
  for (let i = 0; i < parts.length; i++) if (known.open.has(parts.slice(0, i).join('.'))) return true;
  return false;
}

export function subscriptionPlaceholderWarnings(templates: Templates, patterns: readonly string[]): string[] {
  const matches = compilePatterns(patterns);
  const types = Object.keys(EVENT_DATA).filter(matches);
  const warnings = new Set<string>();
  for (const [where, text] of templatesOf(templates)) {
    for (const name of templatePlaceholders(text)) {
      const [root, ...rest] = name.split('.');
      if (EVENT_SCOPE_KEYS.has(root!) && root !== 'data') {
        if (rest.length > 0) warnings.add(`${where}: placeholder {{ ${name} }} reads into {{ ${root} }}, which is text: it renders empty`);
        continue;
      }
      if (types.length === 0) continue;
      const path = root === 'data' ? rest.join('.') : name;
      if (types.some((type) => documented(type, path))) continue;
      const which = types.length <= 3 ? types.join(', ') : `any of the ${types.length} catalogued types it matches`;
      warnings.add(
        `${where}: placeholder {{ ${name} }} is not in the data of ${which} (GET /v1/event-types): it renders empty unless the events carry it`,
      );
    }
  }
  return [...warnings];
}
