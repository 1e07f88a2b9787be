import type { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { ApiError, type FieldError } from './errors.ts';

type Target = string;

/** Field errors from a zod error: JSON Pointers into the body, parameter names elsewhere. */
export function fieldErrors(error: z.ZodError, target: Target): FieldError[] {
  const path = (segments: readonly PropertyKey[]) =>
    target === 'json' ? `/${segments.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}` : segments.join('.');
  const expand = (issue: z.core.$ZodIssue, base: readonly PropertyKey[]): FieldError[] => {
    const at = [...base, ...issue.path];
    // An unknown field is reported at its own path, one error per field.
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ path: path([...at, key]), message: 'unknown field' }));
    // A union (one message or a list of them): report the branch whose shape the value has.
    if (issue.code === 'invalid_union' && 'errors' in issue) {
      const branch = issue.errors.find((issues) => !issues.some((i) => i.code === 'invalid_type' && i.path.length === 0));
      if (branch) return branch.flatMap((i) => expand(i, at));
    }
    return [{ path: path(at), message: issue.message }];
  };
  return error.issues.flatMap((issue) => expand(issue, []));
}

/** The zod-openapi hook: every validation failure becomes one problem+json 400. */
export function validationHook(
  result: { target: Target } & ({ success: true } | { success: false; error: z.ZodError }),
  _c: Context,
): void {
  if (result.success) return;
  const errors = fieldErrors(result.error, result.target);
  const where = result.target === 'json' ? 'request body' : `${result.target === 'param' ? 'path' : result.target} parameters`;
  throw new ApiError('validation', `The ${where} ${errors.length === 1 ? 'has 1 invalid field' : `has ${errors.length} invalid fields`}.`, {
    errors,
  });
}
