/**
 * Variable extraction: validating and compiling mapping paths, then reading a call's body with them.
 * Pure; json-path.ts parses RFC 9535 JSONPath, json-path-query.ts evaluates it.
 */
import type { JsonObject, JsonValue, VariableMapping } from '../domain/types.ts';
import {
  type Expr,
  formatJsonPath,
  isDefinite,
  type ParseResult,
  parseJsonPath,
  readDefinite,
  type Segment,
  shorthandName,
} from './json-path.ts';
import { normalizedPath, PathLimitError, queryNodes } from './json-path-query.ts';

const MAX_PATH_LENGTH = 512;
const MAX_VARIABLE_NAME_LENGTH = 64;

/** Names that reach JavaScript internals; refused as path segments and variable names. */
const FORBIDDEN_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: a shorthand name is any run of these (ASCII letters, digits, _ $ -, and all of non-ASCII).
const MEMBER_CHAR = /^(?:[A-Za-z0-9_$-]|[^\x00-\x7f])$/u;

/** A validated path, ready to run. Plain data: a caller may cache it by `source`. */
export interface CompiledPath {
  /** The path as written. */
  source: string;
  /** Canonical JSONPath, e.g. `data.name` → `$.data.name`. */
  jsonPath: string;
  segments: readonly Segment[];
  /** A singular query (names and indexes only): read as a single value. Otherwise the matches form an array. */
  definite: boolean;
}

export type CompileResult = { ok: true; value: CompiledPath } | { ok: false; message: string };

/** What a path found: `found: false` with `error` when it could not be evaluated (too much work). */
export type PathReadResult = { found: true; value: JsonValue } | { found: false; error?: string };

/** One problem with one mapping. `path` is always the mapping's `data`, as written. */
export interface ExtractionError {
  path: string;
  message: string;
}

export interface ExtractionResult {
  /** Prototype-less object: variable name → value. Only variables that got a value are set. */
  variables: Record<string, JsonValue>;
  errors: ExtractionError[];
}

/**
 * Validates and compiles a mapping path. A path starting with `$` is an RFC 9535 JSONPath, refused
 * unless the standard accepts it. Anything else is the dotted shorthand, sugar for `$.…`: names
 * joined by dots (`data.name`, `data.first-name`, `items.*.sku`), where a canonical index also
 * selects that array element (`items.0.sku` ≡ `items[0].sku`), each optionally followed by bracketed
 * segments as in JSONPath (`items[0].sku`, `items[?@.sku == 'A1'].qty`); `..` is refused there as a
 * likely typo. Problems name the 0-based position in the path as written.
 */
export function compileMapping(path: string): CompileResult {
  const fail = (message: string): CompileResult => ({ ok: false, message });
  if (typeof path !== 'string') return fail('path must be a string');
  if (path.trim() === '') return fail('path is empty');
  if (path.length > MAX_PATH_LENGTH) return fail(`path is longer than ${MAX_PATH_LENGTH} characters`);

  const parsed = path.startsWith('$') ? parseJsonPath(path) : parseDotPath(path);
  if (!parsed.ok) return fail(`${parsed.message} at position ${parsed.position}`);
  const { segments } = parsed;
  const problem = policyProblem(segments);
  if (problem !== null) return fail(problem);
  return { ok: true, value: { source: path, jsonPath: formatJsonPath(segments), segments, definite: isDefinite(segments) } };
}

function parseDotPath(path: string): ParseResult {
  const fail = (message: string, position: number): ParseResult => ({ ok: false, message, position });
  if (/^[.[]/.test(path)) return fail("a dot path starts with a name (e.g. 'data.name'); a JSONPath starts with '$'", 0);
  const segments: Segment[] = [];
  let i = 0;
  while (i < path.length) {
    const c = path[i];
    if (c === '[') {
      const end = closingBracket(path, i);
      const bracket = parseJsonPath(`$${end < 0 ? path.slice(i) : path.slice(i, end + 1)}`);
      if (!bracket.ok) return { ...bracket, position: bracket.position - 1 + i };
      segments.push(...bracket.segments);
      i = end + 1;
      continue;
    }
    if (i > 0 && c !== '.') return fail(`unexpected ${show(path, i)}`, i);
    if (i > 0) i++;
    if (path[i] === '.') return fail("'..' is not allowed in a dot path; use a JSONPath such as '$..name'", i - 1);
    if (path[i] === '*') {
      segments.push({ descendant: false, selectors: [{ kind: 'wildcard' }] });
      i++;
      continue;
    }
    const start = i;
    for (const ch of path.slice(start)) {
      if (!MEMBER_CHAR.test(ch)) break;
      i += ch.length;
    }
    if (i === start) return fail(`expected a name after '.', found ${show(path, i)}`, i);
    segments.push({ descendant: false, selectors: [shorthandName(path.slice(start, i))] });
  }
  return { ok: true, segments };
}

/** The index of the `]` closing the bracket opened at `open`, skipping quoted strings and nested brackets; -1 if none. */
function closingBracket(path: string, open: number): number {
  let depth = 0;
  let quote = '';
  for (let i = open; i < path.length; i++) {
    const c = path[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return i;
  }
  return -1;
}

function show(path: string, i: number): string {
  const c = path.codePointAt(i);
  return c === undefined ? 'the end of the path' : `'${String.fromCodePoint(c)}'`;
}

/**
 * Our rules on top of the standard, checked everywhere in the path and its filters: no name that
 * reaches JavaScript internals, and match()/search() patterns written in the path, never read from
 * the body: matching takes time in proportion to the pattern's length times the text's, and the
 * path's length is bounded where a caller's pattern would not be.
 */
function policyProblem(segments: readonly Segment[]): string | null {
  for (const { selectors } of segments) {
    for (const s of selectors) {
      if (s.kind === 'name' && FORBIDDEN_NAMES.has(s.name)) return `'${s.name}' is not allowed as a path segment`;
      const found = s.kind === 'filter' ? exprProblem(s.test) : null;
      if (found !== null) return found;
    }
  }
  return null;
}

function exprProblem(expr: Expr): string | null {
  switch (expr.kind) {
    case 'query':
      return policyProblem(expr.segments);
    case 'call': {
      if ((expr.name === 'match' || expr.name === 'search') && expr.args[1]?.kind !== 'literal') {
        return `the pattern of ${expr.name}() must be a string literal in the path, not read from the body`;
      }
      for (const arg of expr.args) {
        const found = exprProblem(arg);
        if (found !== null) return found;
      }
      return null;
    }
    case 'not':
      return exprProblem(expr.expr);
    case 'and':
    case 'or':
    case 'compare':
      return exprProblem(expr.left) ?? exprProblem(expr.right);
    case 'literal':
      return null;
  }
}

/** Error message for an unusable mapping path, or null when it is fine. */
export function validateMappingPath(path: string): string | null {
  const result = compileMapping(path);
  return result.ok ? null : result.message;
}

/** Error message for an unusable bot variable name, or null when it is fine. */
export function validateVariableName(name: string): string | null {
  if (typeof name !== 'string' || name === '') return 'variable name is empty';
  if (name.length > MAX_VARIABLE_NAME_LENGTH) return `variable name is longer than ${MAX_VARIABLE_NAME_LENGTH} characters`;
  if (!VARIABLE_NAME.test(name)) return 'variable name must start with a letter or _ and contain only letters, digits and _';
  // Case-insensitive so that no variable can be mistaken for a system one in a template.
  if (/^sys_/i.test(name)) return "variable names starting with 'sys_' are reserved for system variables";
  if (FORBIDDEN_NAMES.has(name)) return `'${name}' is not allowed as a variable name`;
  return null;
}

/**
 * Reads one compiled path. A definite path gives its single value; any other path gives the array
 * of its matches (one match too: the shape follows the path, not the body). No match is
 * `found: false`. JSON `null` is a value, not an absence.
 */
export function readPath(body: JsonValue, compiled: CompiledPath): PathReadResult {
  if (compiled.definite) {
    const value = readDefinite(body, compiled.segments);
    return value === undefined ? { found: false } : { found: true, value };
  }
  let matches: JsonValue[];
  try {
    matches = queryNodes(body, compiled.segments).map((n) => n.value);
  } catch (error) {
    if (error instanceof PathLimitError) return { found: false, error: error.message };
    throw error;
  }
  if (matches.length === 0) return { found: false };
  return { found: true, value: matches };
}

/** What a path selected, for a person to read: each node's normalized path and value. */
export interface SelectedNodes {
  /** At most `limit` nodes, in document order. */
  nodes: { path: string; value: JsonValue }[];
  /** How many nodes the path selected in all. */
  count: number;
  /** Set when the path could not be evaluated (too much work); `nodes` is then empty. */
  error?: string;
}

/** The nodes a compiled path selects in a body, with their normalized paths (RFC 9535 §2.7). */
export function selectNodes(body: JsonValue, compiled: CompiledPath, limit: number): SelectedNodes {
  try {
    const nodes = queryNodes(body, compiled.segments);
    return { nodes: nodes.slice(0, limit).map((n) => ({ path: normalizedPath(n), value: n.value })), count: nodes.length };
  } catch (error) {
    if (error instanceof PathLimitError) return { nodes: [], count: 0, error: error.message };
    throw error;
  }
}

/**
 * Fills variables from a body. For each mapping: a found value is set; when absent, `default` is
 * used if given, else a `required` mapping adds an error (`required value missing at <path>`), else
 * the variable is left unset. A later mapping overwrites an earlier one for the same variable.
 * Never throws: an invalid path or name becomes an error, so unvalidated mappings are safe.
 * Pass a memoising `compile` to reuse compiled paths across calls.
 */
export function extractVariables(
  body: JsonObject,
  mappings: readonly VariableMapping[],
  compile: (path: string) => CompileResult = compileMapping,
): ExtractionResult {
  const variables = Object.create(null) as Record<string, JsonValue>;
  const errors: ExtractionError[] = [];
  for (const mapping of mappings) {
    const nameError = validateVariableName(mapping.variable);
    if (nameError) {
      errors.push({ path: mapping.data, message: `invalid variable name: ${nameError}` });
      continue;
    }
    const compiled = compile(mapping.data);
    if (!compiled.ok) {
      errors.push({ path: mapping.data, message: `invalid path: ${compiled.message}` });
      continue;
    }
    const read = readPath(body, compiled.value);
    if (read.found) variables[mapping.variable] = read.value;
    else if (read.error) errors.push({ path: mapping.data, message: read.error });
    else if (mapping.default !== undefined) variables[mapping.variable] = mapping.default;
    else if (mapping.required) errors.push({ path: mapping.data, message: `required value missing at ${mapping.data}` });
  }
  return { variables, errors };
}
