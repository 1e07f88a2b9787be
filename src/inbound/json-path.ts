/**
 * JSONPath as RFC 9535 defines it: the parsed form, the parser and the printer. Evaluation is in
 * json-path-query.ts.
 *
 * Parsing is json-p3's (RFC 9535 grammar, function well-typedness, I-Regexp checks; it passes the
 * whole compliance suite, see test/inbound/jsonpath-compliance.test.ts). Its syntax tree is copied
 * into the plain data below, so evaluation is ours: own properties only, an iterative descent, and
 * one visit budget that also covers the queries inside filters. No script can exist: the grammar
 * has none, and nothing here calls eval or Function.
 */
import { JSONPathEnvironment, JSONPathError, jsonpath } from 'json-p3';
import type { JsonValue } from '../domain/types.ts';

const { selectors: S, expressions: E } = jsonpath;

export type Selector =
  /** `index`: the dotted shorthand's `items.0`, which also selects that element of an array. */
  | { kind: 'name'; name: string; index?: number }
  | { kind: 'index'; index: number }
  | { kind: 'wildcard' }
  | { kind: 'slice'; start: number | null; end: number | null; step: number | null }
  /** `text`: the filter as printed back (`?@.sku == 'A1'`). */
  | { kind: 'filter'; test: Expr; text: string };

/** One step of a path: `.name`, `[…]` or `..x` (descendant: applied to the node and everything below it). */
export interface Segment {
  descendant: boolean;
  selectors: readonly Selector[];
}

export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';
export type FunctionName = 'length' | 'count' | 'match' | 'search' | 'value';

/** A filter expression (RFC 9535 §2.3.5). A query is relative to `@` or, with `root`, to `$`. */
export type Expr =
  | { kind: 'literal'; value: JsonValue }
  | { kind: 'query'; root: boolean; segments: readonly Segment[] }
  | { kind: 'call'; name: FunctionName; args: readonly Expr[] }
  | { kind: 'not'; expr: Expr }
  | { kind: 'and' | 'or'; left: Expr; right: Expr }
  | { kind: 'compare'; op: CompareOp; left: Expr; right: Expr };

/** `position`: 0-based offset in the path where the problem was found. */
export type ParseResult = { ok: true; segments: Segment[] } | { ok: false; message: string; position: number };

const FUNCTIONS: ReadonlySet<string> = new Set<FunctionName>(['length', 'count', 'match', 'search', 'value']);
const COMPARE_OPS: ReadonlySet<string> = new Set<CompareOp>(['==', '!=', '<', '<=', '>', '>=']);
// Strict: RFC 9535 only, none of json-p3's extensions (keys selectors, `#`, …).
const ENVIRONMENT = new JSONPathEnvironment({ strict: true });

class Unsupported extends Error {}

/** Parses a JSONPath that starts with `$`, exactly as RFC 9535 defines it. Dot paths are extract.ts's. */
export function parseJsonPath(path: string): ParseResult {
  try {
    return { ok: true, segments: ENVIRONMENT.compile(path).segments.map(convertSegment) };
  } catch (error) {
    if (error instanceof JSONPathError) return { ok: false, message: describe(error), position: Math.max(error.token.index, 0) };
    if (error instanceof Unsupported) return { ok: false, message: error.message, position: 0 };
    throw error;
  }
}

/** json-p3's message without its context suffix, and its token kinds in words (`'TOKEN_RBRACKET'` → `']'`). */
function describe(error: JSONPathError): string {
  const message = error.message
    .replace(/ \('(?:[^']|')*':-?\d+\)$/s, '')
    .replace("can't backup beyond start", 'unexpected end of the path');
  return message.replace(/'?\bTOKEN_([A-Z_]+)\b'?/g, (whole, kind: string) => TOKEN_WORDS[kind] ?? whole);
}

const TOKEN_WORDS: Record<string, string> = {
  RBRACKET: "']'",
  LBRACKET: "'['",
  RPAREN: "')'",
  LPAREN: "'('",
  COMMA: "','",
  COLON: "':'",
  DOT: "'.'",
  DDOT: "'..'",
  EOF: 'the end of the path',
  WILD: "'*'",
  ROOT: "'$'",
  CURRENT_VALUE: "'@'",
  FILTER_START: "'?'",
  NAME: 'a name',
  INDEX: 'an index',
};

function convertSegment(segment: InstanceType<typeof jsonpath.JSONPathSegment>): Segment {
  // json-p3 exports no descendant-segment class; its printed form starts with `..` and a child's never does.
  const descendant = segment.toString().startsWith('..');
  return { descendant, selectors: segment.selectors.map(convertSelector) };
}

function convertSelector(selector: InstanceType<typeof jsonpath.JSONPathSelector>): Selector {
  if (selector instanceof S.NameSelector) return { kind: 'name', name: selector.name };
  if (selector instanceof S.IndexSelector) return { kind: 'index', index: selector.index };
  if (selector instanceof S.WildcardSelector) return { kind: 'wildcard' };
  if (selector instanceof S.SliceSelector) {
    return { kind: 'slice', start: selector.start ?? null, end: selector.stop ?? null, step: selector.step ?? null };
  }
  if (selector instanceof S.FilterSelector) return { kind: 'filter', test: convertExpr(selector.expression), text: selector.toString() };
  throw new Unsupported(`unsupported selector '${selector.toString()}'`);
}

function convertExpr(expr: InstanceType<typeof E.FilterExpression>): Expr {
  if (expr instanceof E.LogicalExpression) return convertExpr(expr.expression);
  if (expr instanceof E.NullLiteral) return { kind: 'literal', value: null };
  if (expr instanceof E.BooleanLiteral || expr instanceof E.StringLiteral || expr instanceof E.NumberLiteral) {
    return { kind: 'literal', value: expr.value };
  }
  if (expr instanceof E.FilterQuery) {
    return { kind: 'query', root: expr instanceof E.RootQuery, segments: expr.path.segments.map(convertSegment) };
  }
  if (expr instanceof E.FunctionExtension && FUNCTIONS.has(expr.name)) {
    return { kind: 'call', name: expr.name as FunctionName, args: expr.args.map(convertExpr) };
  }
  if (expr instanceof E.PrefixExpression && expr.operator === '!') return { kind: 'not', expr: convertExpr(expr.right) };
  if (expr instanceof E.InfixExpression) {
    const left = convertExpr(expr.left);
    const right = convertExpr(expr.right);
    if (expr.operator === '&&') return { kind: 'and', left, right };
    if (expr.operator === '||') return { kind: 'or', left, right };
    if (COMPARE_OPS.has(expr.operator)) return { kind: 'compare', op: expr.operator as CompareOp, left, right };
  }
  throw new Unsupported(`unsupported filter expression '${expr.toString()}'`);
}

/** True when the path can match at most one value: only single names and indexes, no `..`. */
export function isDefinite(segments: readonly Segment[]): boolean {
  return segments.every(
    (s) => !s.descendant && s.selectors.length === 1 && (s.selectors[0]?.kind === 'name' || s.selectors[0]?.kind === 'index'),
  );
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Prints segments back as a canonical JSONPath (`$.data['odd key'][0]`). */
export function formatJsonPath(segments: readonly Segment[]): string {
  let out = '$';
  for (const { descendant, selectors } of segments) {
    const only = selectors.length === 1 ? selectors[0] : undefined;
    const dots = descendant ? '..' : '';
    if (only?.kind === 'name' && only.index === undefined && IDENTIFIER.test(only.name)) out += `${dots || '.'}${only.name}`;
    else if (only?.kind === 'wildcard') out += `${dots || '.'}*`;
    else out += `${dots}[${selectors.map(formatSelector).join(',')}]`;
  }
  return out;
}

function formatSelector(s: Selector): string {
  switch (s.kind) {
    case 'name':
      // The shorthand's `items.0` selects what the union `['0',0]` does: a node is an object or an array.
      return s.index === undefined ? quoteName(s.name) : `${quoteName(s.name)},${s.index}`;
    case 'index':
      return String(s.index);
    case 'wildcard':
      return '*';
    case 'slice':
      return `${s.start ?? ''}:${s.end ?? ''}${s.step === null ? '' : `:${s.step}`}`;
    case 'filter':
      return s.text;
  }
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are the ones a normalized path must escape.
const NAME_ESCAPES = /[\\'\x00-\x1f]/g;
const SHORT_ESCAPES: Record<string, string> = { '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\\': '\\\\', "'": "\\'" };

/** A name as a normalized path writes it (RFC 9535 §2.7): single quotes, minimal escapes. */
export function quoteName(name: string): string {
  return `'${name.replace(NAME_ESCAPES, (c) => SHORT_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}'`;
}

const CANONICAL_INDEX = /^(?:0|[1-9][0-9]*)$/;

/**
 * A definite path's one value, or `undefined` when it selects nothing, without building a nodelist
 * (extraction runs this on every inbound call). Only for segments that `isDefinite` accepts; at
 * most one node per segment, so no visit bound.
 */
export function readDefinite(root: JsonValue, segments: readonly Segment[]): JsonValue | undefined {
  let node: JsonValue | undefined = root;
  for (let s = 0; s < segments.length && node !== undefined; s++) {
    const selector = segments[s]!.selectors[0]!;
    if (Array.isArray(node)) {
      let i = -1;
      if (selector.kind === 'index') i = selector.index < 0 ? node.length + selector.index : selector.index;
      else if (selector.kind === 'name' && selector.index !== undefined) i = selector.index;
      node = i >= 0 && i < node.length ? node[i] : undefined;
    } else if (selector.kind === 'name' && node !== null && typeof node === 'object' && Object.hasOwn(node, selector.name)) {
      node = node[selector.name];
    } else {
      node = undefined;
    }
  }
  return node;
}

/** The shorthand's name selector: a canonical index (`0`, `12`) also selects that element of an array. */
export function shorthandName(name: string): Selector {
  return CANONICAL_INDEX.test(name) && Number.isSafeInteger(Number(name))
    ? { kind: 'name', name, index: Number(name) }
    : { kind: 'name', name };
}
