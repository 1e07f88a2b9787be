/**
 * A small JSONPath subset (RFC 9535 without filters or functions): parser, printer and evaluator.
 *
 * Why not jsonpath-plus at run time: its string parser gives meaning to characters inside quoted
 * names (`$['x;y']` reads `x.y`, `$['1:2']` is a slice, `$['$']` is the root, `$["it's"]` finds
 * nothing) and has no negative indexes. Owning the grammar means the path an admin validated is
 * exactly the path that runs, script evaluation cannot exist, and only own properties are read.
 */
import type { JsonValue } from '../domain/types.ts';

export type Selector =
  | { kind: 'name'; name: string }
  | { kind: 'index'; index: number }
  | { kind: 'wildcard' }
  | { kind: 'slice'; start: number | null; end: number | null; step: number | null };

/** One step of a path: `.name`, `[…]` or `..x` (descendant: applied to the node and everything below it). */
export interface Segment {
  descendant: boolean;
  selectors: readonly Selector[];
}

export type ParseResult = { ok: true; segments: Segment[] } | { ok: false; message: string };

/** Thrown by {@link queryJsonPath} when a path would visit more values than allowed. */
export class PathLimitError extends Error {
  constructor(limit: number) {
    super(`path visits more than ${limit} values`);
    this.name = 'PathLimitError';
  }
}

/** Enough for a full descent of any body we accept, low enough that `$..a..b` on a deep body stays cheap. */
const DEFAULT_MAX_VISITS = 1_000_000;

// biome-ignore lint/suspicious/noControlCharactersInRegex: RFC 9535's member-name grammar is defined by these code point ranges.
const MEMBER_CHAR = /[A-Za-z0-9_$-]|[^\x00-\x7f]/u;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const CANONICAL_INDEX = /^(?:0|[1-9][0-9]*)$/;
const ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', '/': '/', '\\': '\\', "'": "'", '"': '"' };

class ParseError extends Error {}

/** Parses a JSONPath that starts with `$`. Dot paths are handled by the caller (see extract.ts). */
export function parseJsonPath(path: string): ParseResult {
  try {
    return { ok: true, segments: new Parser(path).parse() };
  } catch (error) {
    if (error instanceof ParseError) return { ok: false, message: error.message };
    throw error;
  }
}

class Parser {
  private i = 0;
  private readonly s: string;
  constructor(s: string) {
    this.s = s;
  }

  parse(): Segment[] {
    if (this.s[0] !== '$') this.fail("a JSONPath must start with '$'");
    this.i = 1;
    const segments: Segment[] = [];
    while (this.i < this.s.length) segments.push(this.segment());
    return segments;
  }

  private segment(): Segment {
    const c = this.s[this.i];
    if (c === '[') return { descendant: false, selectors: this.bracket() };
    if (c !== '.') this.fail(`unexpected ${this.show()}`);
    this.i++;
    const descendant = this.s[this.i] === '.';
    if (descendant) {
      this.i++;
      if (this.s[this.i] === '[') return { descendant, selectors: this.bracket() };
    }
    if (this.s[this.i] === '*') {
      this.i++;
      return { descendant, selectors: [{ kind: 'wildcard' }] };
    }
    return { descendant, selectors: [{ kind: 'name', name: this.member() }] };
  }

  private member(): string {
    const start = this.i;
    for (const ch of this.s.slice(start)) {
      if (!MEMBER_CHAR.test(ch)) break;
      this.i += ch.length;
    }
    if (this.i === start) this.fail(`expected a name after '.', found ${this.show()}`);
    return this.s.slice(start, this.i);
  }

  private bracket(): Selector[] {
    const open = this.i++;
    const selectors: Selector[] = [];
    for (;;) {
      this.blank();
      selectors.push(this.selector());
      this.blank();
      const c = this.s[this.i++];
      if (c === ']') return selectors;
      if (c !== ',') {
        this.i--;
        this.fail(`expected ',' or ']' in the bracket opened at position ${open}, found ${this.show()}`);
      }
    }
  }

  private selector(): Selector {
    const c = this.s[this.i];
    if (c === "'" || c === '"') return { kind: 'name', name: this.quoted(c) };
    if (c === '*') {
      this.i++;
      return { kind: 'wildcard' };
    }
    const start = this.int();
    this.blank();
    if (this.s[this.i] !== ':') {
      if (start === null) this.fail(`expected a quoted name, an index, a slice or '*', found ${this.show()}`);
      return { kind: 'index', index: start };
    }
    this.i++;
    this.blank();
    const end = this.int();
    this.blank();
    let step: number | null = null;
    if (this.s[this.i] === ':') {
      this.i++;
      this.blank();
      step = this.int();
    }
    return { kind: 'slice', start, end, step };
  }

  private int(): number | null {
    const m = /^-?[0-9]+/.exec(this.s.slice(this.i));
    if (!m) return null;
    const n = Number(m[0]);
    if (!Number.isSafeInteger(n)) this.fail(`index ${m[0]} is out of range`);
    this.i += m[0].length;
    return n;
  }

  private quoted(quote: string): string {
    const open = this.i++;
    let out = '';
    while (this.i < this.s.length) {
      const c = this.s[this.i++] as string;
      if (c === quote) return out;
      if (c < ' ') this.fail(`control character inside the name quoted at position ${open}; escape it`);
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.s[this.i++] ?? '';
      if (e === 'u') {
        const hex = this.s.slice(this.i, this.i + 4);
        if (!/^[0-9A-Fa-f]{4}$/.test(hex)) this.fail(`bad \\u escape at position ${this.i - 2}`);
        out += String.fromCharCode(parseInt(hex, 16));
        this.i += 4;
      } else if (Object.hasOwn(ESCAPES, e)) {
        out += ESCAPES[e];
      } else {
        this.fail(`unknown escape '\\${e}' at position ${this.i - 2}`);
      }
    }
    return this.fail(`unterminated quoted name starting at position ${open}`);
  }

  private blank(): void {
    while (this.s[this.i] === ' ' || this.s[this.i] === '\t') this.i++;
  }

  private show(): string {
    const c = this.s.codePointAt(this.i);
    return c === undefined ? 'the end of the path' : `'${String.fromCodePoint(c)}' at position ${this.i}`;
  }

  private fail(message: string): never {
    throw new ParseError(message);
  }
}

/** True when the path can match at most one value: only single names and indexes, no `..`. */
export function isDefinite(segments: readonly Segment[]): boolean {
  return segments.every(
    (s) => !s.descendant && s.selectors.length === 1 && (s.selectors[0]?.kind === 'name' || s.selectors[0]?.kind === 'index'),
  );
}

/** Prints segments back as a canonical JSONPath (`$.data['odd key'][0]`). */
export function formatJsonPath(segments: readonly Segment[]): string {
  let out = '$';
  for (const { descendant, selectors } of segments) {
    const only = selectors.length === 1 ? selectors[0] : undefined;
    const dots = descendant ? '..' : '';
    if (only?.kind === 'name' && IDENTIFIER.test(only.name)) out += `${dots || '.'}${only.name}`;
    else if (only?.kind === 'wildcard') out += `${dots || '.'}*`;
    else out += `${dots}[${selectors.map(formatSelector).join(',')}]`;
  }
  return out;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are the ones a normalized path must escape.
const NAME_ESCAPES = /[\\'\x00-\x1f]/g;

/** A name selector's character as a normalized path writes it (RFC 9535 §2.7). */
function escapeNameChar(c: string): string {
  return c === '\\' || c === "'" ? `\\${c}` : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

function formatSelector(s: Selector): string {
  switch (s.kind) {
    case 'name':
      return `'${s.name.replace(NAME_ESCAPES, escapeNameChar)}'`;
    case 'index':
      return String(s.index);
    case 'wildcard':
      return '*';
    case 'slice':
      return `${s.start ?? ''}:${s.end ?? ''}${s.step === null ? '' : `:${s.step}`}`;
  }
}

/**
 * Every value the path selects, in document order. Reads own properties only. A name selector also
 * picks an array element when the name is a canonical index (`items.0` works like `items[0]`).
 */
export function queryJsonPath(root: JsonValue, segments: readonly Segment[], maxVisits = DEFAULT_MAX_VISITS): JsonValue[] {
  let visits = 0;
  const count = (): void => {
    if (++visits > maxVisits) throw new PathLimitError(maxVisits);
  };
  let nodes: JsonValue[] = [root];
  for (const segment of segments) {
    const next: JsonValue[] = [];
    for (const node of nodes) {
      for (const target of segment.descendant ? descendants(node, count) : [node]) {
        for (const selector of segment.selectors) select(target, selector, next, count);
      }
    }
    nodes = next;
    if (nodes.length === 0) break;
  }
  return nodes;
}

/**
 * A definite path's one value, or `undefined` when it selects nothing: `queryJsonPath(...)[0]`
 * without the intermediate arrays and closures (extraction runs this on every inbound call).
 * Only for segments that `isDefinite` accepts; at most one node per segment, so no visit bound.
 */
export function readDefinite(root: JsonValue, segments: readonly Segment[]): JsonValue | undefined {
  let node: JsonValue | undefined = root;
  for (let s = 0; s < segments.length && node !== undefined; s++) {
    const selector = segments[s]!.selectors[0]!;
    if (Array.isArray(node)) {
      let i = -1;
      if (selector.kind === 'index') i = selector.index < 0 ? node.length + selector.index : selector.index;
      else if (selector.kind === 'name' && CANONICAL_INDEX.test(selector.name)) i = Number(selector.name);
      node = i >= 0 && i < node.length ? node[i] : undefined;
    } else if (selector.kind === 'name' && node !== null && typeof node === 'object' && Object.hasOwn(node, selector.name)) {
      node = node[selector.name];
    } else {
      node = undefined;
    }
  }
  return node;
}

/** The node and everything below it, pre-order. Iterative: a deeply nested body must not overflow the stack. */
function descendants(node: JsonValue, count: () => void): JsonValue[] {
  const out: JsonValue[] = [];
  const stack: JsonValue[] = [node];
  while (stack.length > 0) {
    const current = stack.pop() as JsonValue;
    count();
    out.push(current);
    const children = childrenOf(current);
    for (let k = children.length - 1; k >= 0; k--) stack.push(children[k] as JsonValue);
  }
  return out;
}

function childrenOf(node: JsonValue): JsonValue[] {
  if (Array.isArray(node)) return node;
  if (node !== null && typeof node === 'object') return Object.keys(node).map((k) => node[k] as JsonValue);
  return [];
}

function select(node: JsonValue, selector: Selector, out: JsonValue[], count: () => void): void {
  const push = (v: JsonValue): void => {
    count();
    out.push(v);
  };
  if (selector.kind === 'wildcard') {
    for (const child of childrenOf(node)) push(child);
    return;
  }
  if (Array.isArray(node)) {
    if (selector.kind === 'name') {
      if (CANONICAL_INDEX.test(selector.name) && Number(selector.name) < node.length) push(node[Number(selector.name)] as JsonValue);
    } else if (selector.kind === 'index') {
      const i = selector.index < 0 ? node.length + selector.index : selector.index;
      if (i >= 0 && i < node.length) push(node[i] as JsonValue);
    } else {
      for (const i of sliceIndexes(node.length, selector)) push(node[i] as JsonValue);
    }
    return;
  }
  if (selector.kind === 'name' && node !== null && typeof node === 'object' && Object.hasOwn(node, selector.name)) {
    push(node[selector.name] as JsonValue);
  }
}

/** RFC 9535 §2.3.4.2 slice semantics (Python-like, negative step walks backwards). */
function sliceIndexes(length: number, { start, end, step }: Extract<Selector, { kind: 'slice' }>): number[] {
  const by = step ?? 1;
  if (by === 0) return [];
  const clamp = (n: number, lo: number, hi: number): number => Math.min(Math.max(n < 0 ? length + n : n, lo), hi);
  const out: number[] = [];
  if (by > 0) {
    const hi = end === null ? length : clamp(end, 0, length);
    for (let i = start === null ? 0 : clamp(start, 0, length); i < hi; i += by) out.push(i);
  } else {
    const lo = end === null ? -1 : clamp(end, -1, length - 1);
    for (let i = start === null ? length - 1 : clamp(start, -1, length - 1); i > lo; i += by) out.push(i);
  }
  return out;
}
