/** `{{ name }}` templates over a call's variables and system variables. Pure. */

const MAX_TEMPLATE_LENGTH = 4096;

/** First part an identifier, later parts may also be array indexes or contain `-` (`items.0.sku`, `data.first-name`). */
const NAME = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_-]+)*$/;
const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;
const CANONICAL_INDEX = /^(?:0|[1-9][0-9]*)$/;

export type TemplatePart = string | { name: string; path: readonly string[] };

/** A parsed template; compile once, render many times. */
export interface CompiledTemplate {
  readonly parts: readonly TemplatePart[];
}

export interface RenderResult {
  text: string;
  /** Placeholders that rendered empty (absent, null or not JSON), deduplicated, in order of appearance. */
  missing: string[];
}

/**
 * Splits a template into text and placeholders. Never fails: anything that is not a valid
 * placeholder stays literal text (use {@link validateTemplate} to refuse such templates up front).
 */
export function compileTemplate(template: string): CompiledTemplate {
  const parts: TemplatePart[] = [];
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    const name = (match[1] as string).trim();
    if (!NAME.test(name)) continue;
    if (match.index > last) parts.push(template.slice(last, match.index));
    parts.push({ name, path: name.split('.') });
    last = match.index + match[0].length;
  }
  if (last < template.length) parts.push(template.slice(last));
  return { parts };
}

/**
 * Renders a template. Dotted names walk nested objects and arrays through own properties only.
 * Strings render as they are, numbers and booleans via String(), objects and arrays as JSON;
 * null and absent values render empty and are listed in `missing`. `escapeValue` applies to the values
 * only (never to the template's own text), for channels that read the result as markup.
 */
export function renderTemplate(
  template: string | CompiledTemplate,
  scope: Record<string, unknown>,
  escapeValue?: (value: string) => string,
): RenderResult {
  const { parts } = typeof template === 'string' ? compileTemplate(template) : template;
  let text = '';
  const missing = new Set<string>();
  for (const part of parts) {
    if (typeof part === 'string') {
      text += part;
      continue;
    }
    const value = format(lookup(scope, part.path));
    if (value === undefined) missing.add(part.name);
    else text += escapeValue ? escapeValue(value) : value;
  }
  return { text, missing: [...missing] };
}

/** Distinct placeholder names, in order of first appearance. */
export function templatePlaceholders(template: string): string[] {
  const names = compileTemplate(template).parts.flatMap((p) => (typeof p === 'string' ? [] : [p.name]));
  return [...new Set(names)];
}

/** Error message for an unusable template, or null when it is fine. Positions are 0-based. */
export function validateTemplate(template: string, maxLength: number = MAX_TEMPLATE_LENGTH): string | null {
  if (typeof template !== 'string') return 'template must be a string';
  if (template.length > maxLength) return `template is longer than ${maxLength} characters`;
  let i = 0;
  for (;;) {
    const open = template.indexOf('{{', i);
    const close = template.indexOf('}}', i);
    if (open === -1 && close === -1) return null;
    if (open === -1 || (close !== -1 && close < open)) return `unmatched '}}' at position ${close}`;
    const end = template.indexOf('}}', open + 2);
    const inner = end === -1 ? '' : template.slice(open + 2, end);
    if (end === -1 || inner.includes('{{')) return `unclosed '{{' at position ${open}`;
    const name = inner.trim();
    if (name === '') return `empty placeholder at position ${open}`;
    if (!NAME.test(name)) {
      return `invalid placeholder name '${name}' at position ${open}: use letters, digits and _, with dots between parts`;
    }
    i = end + 2;
  }
}

/** The value at a dotted path, through own properties and canonical array indexes only. */
export function lookup(scope: Record<string, unknown>, path: readonly string[]): unknown {
  let current: unknown = scope;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    if (Array.isArray(current)) {
      if (!CANONICAL_INDEX.test(key)) return undefined;
      current = current[Number(key)];
    } else {
      if (!Object.hasOwn(current, key)) return undefined;
      current = (current as Record<string, unknown>)[key];
    }
  }
  return current;
}

/** A value as template text; undefined for absent, null and unrepresentable values. */
export function format(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'object':
      if (value === null) return undefined;
      try {
        return JSON.stringify(value);
      } catch {
        return undefined; // a cycle or a throwing toJSON: render empty rather than fail the call
      }
    default:
      return undefined;
  }
}
