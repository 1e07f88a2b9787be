import { z } from '@hono/zod-openapi';
import { MAX_JSON_DEPTH, nestedDeeperThan } from '../lib/json-depth.ts';

/** A call's environment: which token was used, and whose variables it reads and writes. */
export const EnvironmentSchema = z.enum(['production', 'development']);

/** An ISO 8601 instant in UTC, as every time in the API is written. */
export const Timestamp = z.string().openapi({ format: 'date-time', example: '2026-11-23T17:20:00.000Z' });

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: 'https://hookgate.dev/problems/validation' }),
    title: z.string().openapi({ example: 'Validation failed' }),
    status: z.number().int().openapi({ example: 400 }),
    detail: z.string().openapi({ example: 'The request body has 1 invalid field.' }),
    errors: z.array(z.object({ path: z.string().openapi({ example: '/variables/0/data' }), message: z.string() })).optional(),
    requestId: z.string().optional().openapi({ description: '`outcome-unknown`: the request id the write may be stored under' }),
  })
  .openapi('Problem', { description: 'An RFC 9457 problem document.' });

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request: malformed JSON or fields that fail validation',
  401: 'Missing or invalid bearer token',
  403: 'The token may not do this',
  404: 'No such resource in this workspace',
  409: 'Conflicts with the current state',
  413: 'Body too large (the admin API: HOOKGATE_ADMIN_MAX_BODY_BYTES, 1 MiB by default)',
  415: 'Body is not application/json',
  422: 'Valid request that cannot be carried out in the current state',
  429: 'Rate limited; see Retry-After',
  503: 'The store is unreachable (`store-unavailable`), or a write was sent but not answered (`outcome-unknown`); see Retry-After',
};

/** Problem responses for the given statuses, to spread into a route's `responses`. */
export function problems(...statuses: (keyof typeof DESCRIPTIONS)[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      { description: DESCRIPTIONS[status]!, content: { 'application/problem+json': { schema: ProblemSchema } } },
    ]),
  ) as Record<number, { description: string; content: { 'application/problem+json': { schema: typeof ProblemSchema } } }>;
}

/** Every admin route can answer these. */
export const ADMIN_PROBLEMS = [400, 401, 403, 404, 413, 503] as const;

export const PageQuerySchema = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(20)
    .openapi({ param: { name: 'limit', in: 'query' }, example: 20 }),
  cursor: z
    .string()
    .max(200)
    .optional()
    .openapi({ param: { name: 'cursor', in: 'query' }, description: 'The `nextCursor` of the previous page' }),
});

export function pageOf<T extends z.ZodTypeAny>(item: T, name: string) {
  return z.object({ data: z.array(item), nextCursor: z.string().nullable() }).openapi(name);
}

/** Any JSON value, refused when nested deeper than we can safely store. */
export const boundedJson = z
  .unknown()
  .refine((value) => !nestedDeeperThan(value), `must not be nested more than ${MAX_JSON_DEPTH} levels deep`);

/** A JSON object, likewise bounded. */
export const boundedJsonObject = z
  .record(z.string(), z.unknown())
  .refine((value) => !nestedDeeperThan(value), `must not be nested more than ${MAX_JSON_DEPTH} levels deep`);

/** A required JSON request body. */
export const jsonBody = <T extends z.ZodTypeAny>(schema: T) => ({ content: { 'application/json': { schema } }, required: true });

/** A JSON success response. */
export const ok = <T extends z.ZodTypeAny>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
