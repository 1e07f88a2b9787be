/**
 * RFC 9535 evaluation of a parsed JSONPath (json-path.ts): nodelists in document order, filters
 * with the standard's comparison rules and `Nothing`, and its five functions. Reads own properties
 * only; descends iteratively (no recursion on the body's depth). Every node it looks at, in the
 * path and in the queries inside its filters, spends one unit of a visit budget, so `$..*..*` or a
 * filter querying `@..*` on a large body stops with an error instead of taking the process.
 */
import { check as isIRegexp } from 'iregexp-check';
import { RE2JS } from 're2js';
import type { JsonValue } from '../domain/types.ts';
import { memo } from '../lib/memo.ts';
import { type Expr, quoteName, type Segment, type Selector } from './json-path.ts';

/** Thrown by {@link queryJsonPath} when a path would visit more values than allowed. */
export class PathLimitError extends Error {
  constructor(limit: number) {
    super(`path visits more than ${limit} values`);
    this.name = 'PathLimitError';
  }
}

/** Enough for a full descent of any body we accept, low enough that `$..a..b` on a deep body stays cheap. */
export const DEFAULT_MAX_VISITS = 1_000_000;

/** A selected value and where it is: the parent node and the member name or array index. */
export interface PathNode {
  value: JsonValue;
  parent: PathNode | null;
  key: string | number;
}

/** RFC 9535's `Nothing`: what a query that selects no node gives where a value is expected. */
const NOTHING: unique symbol = Symbol('Nothing');
type Value = JsonValue | typeof NOTHING;

/**
 * match() and search() run on RE2's linear-time engine (re2js), not on V8's backtracking one: a
 * pattern such as `(a|a)*b` would otherwise take exponential time on a caller's `aaaa…` and hold
 * the event loop. null: not an I-Regexp (RFC 9485), which makes both functions false.
 */
const compileRegexp = memo((pattern: string): RE2JS | null => {
  if (!isIRegexp(pattern)) return null;
  try {
    return RE2JS.compile(toRe2(pattern));
  } catch {
    return null;
  }
}, 1_000);

/**
 * An I-Regexp as RE2 reads it: `.` is any character but a line feed or carriage return (RE2's `.`
 * still takes `\r`). `^` and `$` stay anchors, as the compliance suite reads them.
 */
function toRe2(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '\\') {
      out += c + (pattern[i + 1] ?? '');
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
      out += c;
    } else if (c === '[') {
      inClass = true;
      out += c;
    } else out += c === '.' ? '[^\\n\\r]' : c;
  }
  return out;
}

/** Every node the path selects, in document order. Throws {@link PathLimitError} past `maxVisits`. */
export function queryNodes(root: JsonValue, segments: readonly Segment[], maxVisits = DEFAULT_MAX_VISITS): PathNode[] {
  return new Evaluation(root, maxVisits).run({ value: root, parent: null, key: '' }, segments);
}

/** Every value the path selects, in document order. Throws {@link PathLimitError} past `maxVisits`. */
export function queryJsonPath(root: JsonValue, segments: readonly Segment[], maxVisits = DEFAULT_MAX_VISITS): JsonValue[] {
  return queryNodes(root, segments, maxVisits).map((n) => n.value);
}

/** A node's normalized path (RFC 9535 §2.7), e.g. `$['items'][0]['sku']`. */
export function normalizedPath(node: PathNode): string {
  const parts: string[] = [];
  for (let n: PathNode | null = node; n?.parent; n = n.parent)
    parts.push(typeof n.key === 'number' ? `[${n.key}]` : `[${quoteName(n.key)}]`);
  return `$${parts.reverse().join('')}`;
}

class Evaluation {
  private visits = 0;
  private readonly root: JsonValue;
  private readonly maxVisits: number;
  constructor(root: JsonValue, maxVisits: number) {
    this.root = root;
    this.maxVisits = maxVisits;
  }

  run(start: PathNode, segments: readonly Segment[]): PathNode[] {
    let nodes: PathNode[] = [start];
    for (const segment of segments) {
      const next: PathNode[] = [];
      for (const node of nodes) {
        for (const target of segment.descendant ? this.descendants(node) : [node]) {
          for (const selector of segment.selectors) this.select(target, selector, next);
        }
      }
      nodes = next;
      if (nodes.length === 0) break;
    }
    return nodes;
  }

  private spend(): void {
    if (++this.visits > this.maxVisits) throw new PathLimitError(this.maxVisits);
  }

  /** The node and everything below it, pre-order (RFC 9535 §2.5.2.2). Iterative. */
  private descendants(node: PathNode): PathNode[] {
    const out: PathNode[] = [];
    const stack: PathNode[] = [node];
    while (stack.length > 0) {
      const current = stack.pop() as PathNode;
      this.spend();
      out.push(current);
      const children = this.children(current, false);
      for (let k = children.length - 1; k >= 0; k--) stack.push(children[k] as PathNode);
    }
    return out;
  }

  private children(node: PathNode, spend: boolean): PathNode[] {
    const { value } = node;
    const out: PathNode[] = [];
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        if (spend) this.spend();
        out.push({ value: value[i] as JsonValue, parent: node, key: i });
      }
    } else if (value !== null && typeof value === 'object') {
      for (const key of Object.keys(value)) {
        if (spend) this.spend();
        out.push({ value: value[key] as JsonValue, parent: node, key });
      }
    }
    return out;
  }

  private select(node: PathNode, selector: Selector, out: PathNode[]): void {
    const { value } = node;
    const push = (child: JsonValue, key: string | number): void => {
      this.spend();
      out.push({ value: child, parent: node, key });
    };
    switch (selector.kind) {
      case 'wildcard':
        out.push(...this.children(node, true));
        return;
      case 'filter':
        for (const child of this.children(node, true)) if (this.test(selector.test, child.value)) out.push(child);
        return;
      case 'name':
        if (Array.isArray(value)) {
          if (selector.index !== undefined && selector.index < value.length) push(value[selector.index] as JsonValue, selector.index);
        } else if (value !== null && typeof value === 'object' && Object.hasOwn(value, selector.name)) {
          push(value[selector.name] as JsonValue, selector.name);
        }
        return;
      case 'index':
        if (Array.isArray(value)) {
          const i = selector.index < 0 ? value.length + selector.index : selector.index;
          if (i >= 0 && i < value.length) push(value[i] as JsonValue, i);
        }
        return;
      case 'slice':
        if (Array.isArray(value)) for (const i of sliceIndexes(value.length, selector)) push(value[i] as JsonValue, i);
        return;
    }
  }

  /** A logical expression's result for the current node `@`. */
  private test(expr: Expr, current: JsonValue): boolean {
    switch (expr.kind) {
      case 'or':
        return this.test(expr.left, current) || this.test(expr.right, current);
      case 'and':
        return this.test(expr.left, current) && this.test(expr.right, current);
      case 'not':
        return !this.test(expr.expr, current);
      case 'query':
        return this.nodes(expr, current).length > 0;
      case 'compare':
        return compare(expr.op, this.value(expr.left, current), this.value(expr.right, current));
      case 'call':
        // Only match() and search() are of LogicalType; the parser refuses the others here.
        return this.call(expr, current) === true;
      case 'literal':
        return false;
    }
  }

  /** A comparable's value: a literal, a singular query's one value (or Nothing), a function's result. */
  private value(expr: Expr, current: JsonValue): Value {
    if (expr.kind === 'literal') return expr.value;
    if (expr.kind === 'query') {
      const nodes = this.nodes(expr, current);
      return nodes.length === 1 ? (nodes[0] as PathNode).value : NOTHING;
    }
    if (expr.kind === 'call') return this.call(expr, current);
    return this.test(expr, current);
  }

  private nodes(expr: Extract<Expr, { kind: 'query' }>, current: JsonValue): PathNode[] {
    const start = expr.root ? this.root : current;
    return this.run({ value: start, parent: null, key: '' }, expr.segments);
  }

  private call(expr: Extract<Expr, { kind: 'call' }>, current: JsonValue): Value {
    const [first, second] = expr.args as [Expr, Expr];
    switch (expr.name) {
      case 'length':
        return lengthOf(this.value(first, current));
      case 'count':
        return first.kind === 'query' ? this.nodes(first, current).length : NOTHING;
      case 'value': {
        if (first.kind !== 'query') return NOTHING;
        const nodes = this.nodes(first, current);
        return nodes.length === 1 ? (nodes[0] as PathNode).value : NOTHING;
      }
      case 'match':
      case 'search': {
        const text = this.value(first, current);
        const pattern = this.value(second, current);
        if (typeof text !== 'string' || typeof pattern !== 'string') return false;
        const re = compileRegexp(pattern);
        if (re === null) return false;
        return expr.name === 'match' ? re.matches(text) : re.matcher(text).find();
      }
    }
  }
}

/** length(): code points of a string, elements of an array, members of an object; else Nothing. */
function lengthOf(value: Value): Value {
  if (typeof value === 'string') {
    let n = 0;
    for (const _ of value) n++;
    return n;
  }
  if (Array.isArray(value)) return value.length;
  if (value !== null && typeof value === 'object') return Object.keys(value).length;
  return NOTHING;
}

/** RFC 9535 §2.3.5.2.2: equality is deep; `<` orders numbers and strings only; Nothing equals only Nothing. */
function compare(op: string, left: Value, right: Value): boolean {
  switch (op) {
    case '==':
      return equal(left, right);
    case '!=':
      return !equal(left, right);
    case '<':
      return less(left, right);
    case '>':
      return less(right, left);
    case '<=':
      return less(left, right) || equal(left, right);
    default:
      return less(right, left) || equal(left, right);
  }
}

function equal(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (a === NOTHING || b === NOTHING || a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => equal(item, b[i] as JsonValue));
  }
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => Object.hasOwn(b, k) && equal(a[k] as JsonValue, b[k] as JsonValue));
}

function less(a: Value, b: Value): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a < b;
  if (typeof a === 'string' && typeof b === 'string') return lessString(a, b);
  return false;
}

/** Strings order by Unicode scalar values; JavaScript's `<` compares UTF-16 units, which differs past U+FFFF. */
function lessString(a: string, b: string): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    return xs === ys ? x < y : ys;
  }
  return a.length < b.length;
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
