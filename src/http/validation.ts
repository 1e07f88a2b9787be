import type { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { ApiError, type FieldError } from './errors.ts';

type Target = string;

/** Field errors from a zod error: JSON Pointers into the body, parameter names elsewhere. */
export function fieldErrors(error: z.ZodError, target: Target): FieldError[] {
  const path = (segments: readonly PropertyKey[]) =>
    target === 'json' ? `/${segments.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}` : segments.join('.');
  return error.issues.flatMap((issue) =>
    // An unknown field is reported at its own path, one error per field.
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: path([...issue.path, key]), message: 'unknown field' }))
      : [{ path: path(issue.path), message: issue.message }],
  );
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
