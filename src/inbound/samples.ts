/**
 * Ready-to-run request samples for a webhook block (cURL, HTTPie, fetch, Python requests).
 * Pure. Every literal is escaped for its language so a sample pasted verbatim sends exactly the
 * URL, token and body shown, whatever the names and values contain.
 */
import type { Environment, JsonObject, JsonValue, WebhookBlock } from '../domain/types.ts';
import { ENVIRONMENTS } from '../domain/types.ts';
import { exampleContactReference } from './contact.ts';
import { compileMapping } from './extract.ts';
import type { Expr, Segment } from './json-path.ts';

export interface SamplesInput {
  /** Full inbound URL, e.g. `https://hooks.example.com/hooks/wh_123`. */
  url: string;
  block: Pick<WebhookBlock, 'contactReference' | 'variables' | 'channel' | 'account'>;
  tokens: Record<Environment, string>;
  /**
   * Where a development reply goes: to `testRecipient` (the account's first test recipient), or,
   * when `simulated` and there is none, nowhere (the sample then says so in a comment).
   */
  development?: { testRecipient: string | null; simulated: boolean };
}

export interface Sample {
  body: JsonObject;
  curl: string;
  httpie: string;
  fetch: string;
  python: string;
  /** Said in a comment at the top of each sample too. */
  note?: string;
}

/** Keeps sample bodies readable: a path such as `items[5000]` is skipped rather than padded. */
const MAX_SAMPLE_INDEX = 100;

/** Builds the production and development samples. The development body names the channel and account. */
export function buildSamples(input: SamplesInput): Record<Environment, Sample> {
  const body = buildSampleBody(input.block);
  // A development sample must never message a stranger: it writes to a test recipient, or says it is simulated.
  const recipient = input.development?.testRecipient ?? null;
  const devBody = recipient === null ? body : buildSampleBody(input.block, recipient);
  const development = { ...devBody, channel_alias: input.block.channel, account_alias: input.block.account };
  const bodies: Record<Environment, JsonObject> = { production: body, development };
  const out = {} as Record<Environment, Sample>;
  for (const env of ENVIRONMENTS) out[env] = sample(input.url, input.tokens[env], bodies[env]);
  if (recipient === null && input.development?.simulated) {
    out.development = withNote(
      out.development,
      'The account has no testRecipients: the reply will be simulated (recorded in its sandbox log, not sent).',
    );
  }
  return out;
}

/**
 * An example body the block accepts: the contact reference first (so it stays valid when a mapping
 * reads the same path), then one value per mapping (`default`, else `"example <variable>"`).
 * A filter gets an array element that passes it (`items[?@.type == 'phone'].number` gives
 * `items: [{type: 'phone', number: …}]`). Paths that describe no single shape (`..`, slices,
 * unions, negative indexes, filters other than `==`, existence and `&&`) and paths that clash with
 * an earlier one are skipped.
 */
export function buildSampleBody(block: SamplesInput['block'], contact?: string): JsonObject {
  let body: JsonObject = {};
  body = place(body, block.contactReference, contact ?? exampleContactReference(block.channel)) ?? body;
  for (const m of block.variables) body = place(body, m.data, m.default !== undefined ? m.default : `example ${m.variable}`) ?? body;
  // Round-trip: array holes become null and the result is plain JSON data the caller may keep.
  return JSON.parse(JSON.stringify(body)) as JsonObject;
}

type Key = string | number;
/**
 * One element of an array that a filter (`[?@.type == 'phone']`) selects: found among the elements
 * already placed, or added with the members the filter compares. A member the filter only requires
 * (`[?@.email]`) is filled once the rest of the path is placed, unless that path filled it.
 */
interface Filtered {
  equals: { path: Key[]; value: JsonValue }[];
  exists: Key[][];
}
type Step = Key | Filtered;
type Container = Record<Key, unknown>;

/** What a filter's element holds for a member it only requires to exist. */
const EXISTS_EXAMPLE = 'example';

/**
 * The body with `value` placed at `path`, or null when the path has no single shape or clashes with
 * what is there: placed into a copy, so a path that fails half way leaves nothing behind.
 */
function place(body: JsonObject, path: string, value: JsonValue): JsonObject | null {
  const compiled = compileMapping(path);
  if (!compiled.ok) return null;
  const steps = toSteps(compiled.value.segments);
  if (!steps || steps.length === 0) return null;
  const copy = structuredClone(body);
  return placeSteps(copy, steps, value) ? copy : null;
}

/** Places `value` at `steps` below `node`; false when an earlier value is in the way. */
function placeSteps(node: Container, steps: readonly Step[], value: JsonValue): boolean {
  for (let k = 0; k < steps.length; k++) {
    const step = steps[k] as Step;
    const next = steps[k + 1];
    if (typeof step === 'object') {
      if (!Array.isArray(node)) return false;
      const element = filteredElement(node, step);
      if (!element) return false;
      if (next !== undefined && !placeSteps(element, steps.slice(k + 1), value)) return false;
      for (const required of step.exists) {
        if (readKeys(element, required) === undefined && !placeSteps(element, required, EXISTS_EXAMPLE)) return false;
      }
      return true;
    }
    // A number step needs an array and a name step an object; anything else clashes with an earlier path.
    if ((typeof step === 'number') !== Array.isArray(node)) return false;
    const current = Object.hasOwn(node, step) ? node[step] : undefined;
    if (next === undefined) {
      if (current !== undefined) return false;
      setOwn(node, step, value);
      return true;
    }
    if (current === undefined) setOwn(node, step, typeof next === 'string' ? {} : []);
    else if (current === null || typeof current !== 'object') return false;
    node = node[step] as Container;
  }
  return true;
}

/** The element of `array` that the filter selects: the first that passes it, else a new one made to. */
function filteredElement(array: Container & unknown[], filter: Filtered): Container | null {
  const passes = (e: unknown) =>
    e !== null &&
    typeof e === 'object' &&
    !Array.isArray(e) &&
    filter.equals.every(({ path, value }) => sameJson(readKeys(e, path), value)) &&
    filter.exists.every((path) => readKeys(e, path) !== undefined);
  const found = array.find(passes);
  if (found) return found as Container;
  const element: Container = {};
  for (const { path, value } of filter.equals) {
    // The same condition twice (`@.a == 'x' && @.a == 'x'`) is met once.
    if (!sameJson(readKeys(element, path), value) && !placeSteps(element, path, value)) return null;
  }
  array.push(element);
  return element;
}

function readKeys(node: unknown, path: readonly Key[]): unknown {
  let current = node;
  for (const key of path) {
    if (current === null || typeof current !== 'object' || (typeof key === 'number') !== Array.isArray(current)) return undefined;
    if (!Object.hasOwn(current, key)) return undefined;
    current = (current as Container)[key];
  }
  return current;
}

function sameJson(a: unknown, b: JsonValue): boolean {
  return a !== undefined && JSON.stringify(a) === JSON.stringify(b);
}

/** Names become object keys, except canonical indexes (`items.0`), which read most naturally as arrays. */
function toSteps(segments: readonly Segment[]): Step[] | null {
  const steps: Step[] = [];
  for (const { descendant, selectors } of segments) {
    const s = selectors[0];
    if (descendant || selectors.length !== 1 || !s) return null;
    if (s.kind === 'wildcard') steps.push(0);
    else if (s.kind === 'index' && s.index >= 0 && s.index <= MAX_SAMPLE_INDEX) steps.push(s.index);
    // The shorthand's `items.0` reads an array element too; a quoted `$['0']` reads only a member.
    else if (s.kind === 'name') steps.push(s.index !== undefined && s.index <= MAX_SAMPLE_INDEX ? s.index : s.name);
    else if (s.kind === 'filter') {
      const filter = filterOf(s.test);
      if (!filter) return null;
      steps.push(filter);
    } else return null;
  }
  return steps;
}

/**
 * The element a filter asks for, when it is one that a sample can be made to pass: equality of a
 * member of the element (`@.type == 'phone'`, either way round), a member's existence (`@.email`),
 * and `&&` of those. Anything else (`||`, `!`, `<`, functions, `$` queries) gives null.
 */
function filterOf(test: Expr): Filtered | null {
  if (test.kind === 'and') {
    const left = filterOf(test.left);
    const right = filterOf(test.right);
    return left && right ? { equals: [...left.equals, ...right.equals], exists: [...left.exists, ...right.exists] } : null;
  }
  if (test.kind === 'query') {
    const path = memberPath(test);
    return path ? { equals: [], exists: [path] } : null;
  }
  if (test.kind === 'compare' && test.op === '==') {
    const [query, literal] = test.left.kind === 'literal' ? [test.right, test.left] : [test.left, test.right];
    // A number JSON cannot write (1e999 reads as Infinity) has no sample.
    if (literal.kind !== 'literal' || (typeof literal.value === 'number' && !Number.isFinite(literal.value))) return null;
    const path = memberPath(query);
    return path ? { equals: [{ path, value: literal.value }], exists: [] } : null;
  }
  return null;
}

/** `@.a.b[0]` as keys; null for anything else (`$…`, wildcards, filters, `@` itself). */
function memberPath(expr: Expr): Key[] | null {
  if (expr.kind !== 'query' || expr.root || expr.segments.length === 0) return null;
  const plain = expr.segments.every(
    ({ descendant, selectors: [s, ...more] }) => !descendant && !more.length && (s?.kind === 'name' || s?.kind === 'index'),
  );
  return plain ? (toSteps(expr.segments) as Key[] | null) : null;
}

/** Defines rather than assigns, so no key (not even `__proto__`) can reach a prototype. */
function setOwn(node: Container, key: Key, value: unknown): void {
  Object.defineProperty(node, key, { value, enumerable: true, writable: true, configurable: true });
}

function sample(url: string, token: string, body: JsonObject): Sample {
  const json = JSON.stringify(body);
  const auth = `Bearer ${token}`;
  // curl treats [] and {} in URLs as glob patterns; an IPv6 host such as [::1] needs globbing off.
  const globoff = /[[\]{}]/.test(url) ? '--globoff ' : '';
  return {
    body,
    curl: [
      `curl ${globoff}-X POST ${sh(url)}`,
      `  -H ${sh(`Authorization: ${auth}`)}`,
      `  -H ${sh('Content-Type: application/json')}`,
      `  -d ${sh(json)}`,
    ].join(' \\\n'),
    httpie: [
      `printf '%s' ${sh(json)} | http POST ${sh(url)}`,
      `  ${sh(`Authorization:${auth}`)}`,
      `  ${sh('Content-Type:application/json')}`,
    ].join(' \\\n'),
    fetch: [
      `const response = await fetch(${JSON.stringify(url)}, {`,
      `  method: "POST",`,
      `  headers: {`,
      `    "Authorization": ${JSON.stringify(auth)},`,
      `    "Content-Type": "application/json",`,
      `  },`,
      `  body: JSON.stringify(${literal(body, { key: jsKey, scalar: jsonScalar, unit: '  ' }, '  ')}),`,
      `});`,
      `console.log(response.status, await response.text());`,
    ].join('\n'),
    python: [
      `import requests`,
      ``,
      `response = requests.post(`,
      `    ${JSON.stringify(url)},`,
      `    headers={`,
      `        "Authorization": ${JSON.stringify(auth)},`,
      `        "Content-Type": "application/json",`,
      `    },`,
      `    json=${literal(body, { key: JSON.stringify, scalar: pythonScalar, unit: '    ' }, '    ')},`,
      `)`,
      `print(response.status_code, response.text)`,
    ].join('\n'),
  };
}

function withNote(s: Sample, note: string): Sample {
  return {
    ...s,
    note,
    curl: `# ${note}\n${s.curl}`,
    httpie: `# ${note}\n${s.httpie}`,
    fetch: `// ${note}\n${s.fetch}`,
    python: `# ${note}\n${s.python}`,
  };
}

/** Single-quotes for bash: nothing is special inside '…', and a ' is written as '\''. */
function sh(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** In a JS object literal `"__proto__": v` sets the prototype; a computed key defines a property. */
function jsKey(key: string): string {
  return key === '__proto__' ? '["__proto__"]' : JSON.stringify(key);
}

function jsonScalar(value: string | number | boolean | null): string {
  return JSON.stringify(value);
}

/** JSON string escapes (\n, \", \uXXXX) are valid in Python string literals too. */
function pythonScalar(value: string | number | boolean | null): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return JSON.stringify(value);
}

interface LiteralStyle {
  key: (k: string) => string;
  scalar: (v: string | number | boolean | null) => string;
  unit: string;
}

/** Pretty-prints JSON data as a literal of a JSON-like language, its closing bracket at `indent`. */
function literal(value: JsonValue, style: LiteralStyle, indent: string): string {
  if (value === null || typeof value !== 'object') return style.scalar(value);
  const inner = indent + style.unit;
  const items = Array.isArray(value)
    ? value.map((v) => literal(v, style, inner))
    : Object.keys(value).map((k) => `${style.key(k)}: ${literal(value[k] as JsonValue, style, inner)}`);
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  return items.length === 0 ? `${open}${close}` : `${open}\n${items.map((i) => `${inner}${i},`).join('\n')}\n${indent}${close}`;
}
