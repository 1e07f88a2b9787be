/**
 * Variable extraction: validating and compiling mapping paths, then reading a call's body with them.
 * Pure; see json-path.ts for the path grammar and why it is ours.
 */
import type { JsonObject, JsonValue, VariableMapping } from '../domain/types.ts';
import { formatJsonPath, isDefinite, PathLimitError, parseJsonPath, queryJsonPath, readDefinite, type Segment } from './json-path.ts';

const MAX_PATH_LENGTH = 512;
const MAX_VARIABLE_NAME_LENGTH = 64;

/** Names that reach JavaScript internals; refused as path segments and variable names. */
const FORBIDDEN_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A validated path, ready to run. Plain data: a caller may cache it by `source`. */
export interface CompiledPath {
  /** The path as written. */
  source: string;
  /** Canonical JSONPath, e.g. `data.name` → `$.data.name`. */
  jsonPath: string;
  segments: readonly Segment[];
  /** At most one match: read as a single value. Otherwise the matches form an array. */
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
 * Validates and compiles a mapping path. A path starting with `$` is a JSONPath; anything else is a
 * dot path read as if prefixed with `$.` (`data.name`, `items.0.sku`, `items[0].sku`), where `..`
 * is refused as a likely typo. Script and filter expressions and parentheses are refused anywhere,
 * even inside quoted names, so that no JSONPath engine could ever run them.
 */
export function compileMapping(path: string): CompileResult {
  const fail = (message: string): CompileResult => ({ ok: false, message });
  if (typeof path !== 'string') return fail('path must be a string');
  if (path.trim() === '') return fail('path is empty');
  if (path.length > MAX_PATH_LENGTH) return fail(`path is longer than ${MAX_PATH_LENGTH} characters`);
  if (/[()]|\[\s*\?/.test(path)) return fail("script and filter expressions ('?(…)', '(…)') are not allowed in a path");

  const dotPath = !path.startsWith('$');
  if (dotPath && /^[.[]/.test(path)) return fail("a dot path starts with a name (e.g. 'data.name'); a JSONPath starts with '$'");
  const parsed = parseJsonPath(dotPath ? `$.${path}` : path);
  if (!parsed.ok)
    return fail(dotPath ? parsed.message.replace(/position (\d+)/g, (_, n: string) => `position ${Number(n) - 2}`) : parsed.message);

  const { segments } = parsed;
  if (dotPath && segments.some((s) => s.descendant)) return fail("'..' is not allowed in a dot path; use a JSONPath such as '$..name'");
  for (const { selectors } of segments) {
    for (const s of selectors) {
      if (s.kind === 'name' && FORBIDDEN_NAMES.has(s.name)) return fail(`'${s.name}' is not allowed as a path segment`);
    }
  }
  return { ok: true, value: { source: path, jsonPath: formatJsonPath(segments), segments, definite: isDefinite(segments) } };
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
 * of its matches. No match is `found: false`. JSON `null` is a value, not an absence.
 */
export function readPath(body: JsonValue, compiled: CompiledPath): PathReadResult {
  if (compiled.definite) {
    const value = readDefinite(body, compiled.segments);
    return value === undefined ? { found: false } : { found: true, value };
  }
  let matches: JsonValue[];
  try {
    matches = queryJsonPath(body, compiled.segments);
  } catch (error) {
    if (error instanceof PathLimitError) return { found: false, error: error.message };
    throw error;
  }
  if (matches.length === 0) return { found: false };
  return { found: true, value: matches };
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
