import type { Context } from 'hono';
import type { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export interface FieldError {
  path: string;
  message: string;
}

export const PROBLEM_BASE = 'https://hookgate.dev/problems/';

/** Problem types we emit; each is documented at PROBLEM_BASE + slug. */
export const PROBLEMS = {
  'bad-request': { status: 400, title: 'Bad request' },
  validation: { status: 400, title: 'Validation failed' },
  'malformed-json': { status: 400, title: 'Malformed JSON' },
  unauthorized: { status: 401, title: 'Unauthorized' },
  forbidden: { status: 403, title: 'Forbidden' },
  'webhook-disabled': { status: 403, title: 'Webhook disabled' },
  'not-found': { status: 404, title: 'Not found' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  'request-timeout': { status: 408, title: 'Request timeout' },
  conflict: { status: 409, title: 'Conflict' },
  'idempotency-key-reused': { status: 409, title: 'Idempotency key reused' },
  'idempotency-key-in-progress': { status: 409, title: 'Idempotency key in progress' },
  'payload-too-large': { status: 413, title: 'Payload too large' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type' },
  unprocessable: { status: 422, title: 'Unprocessable request' },
  'rate-limited': { status: 429, title: 'Too many requests' },
  'headers-too-large': { status: 431, title: 'Request header fields too large' },
  internal: { status: 500, title: 'Internal server error' },
  'store-unavailable': { status: 503, title: 'Service unavailable' },
  'webhook-reconfiguring': { status: 503, title: 'Webhook being reconfigured' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemType = keyof typeof PROBLEMS;

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
}

/** The one error type the API throws; `onError` turns it into problem+json. */
export class ApiError extends Error {
  readonly problem: ProblemType;
  readonly status: ContentfulStatusCode;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string>;

  constructor(problem: ProblemType, detail: string, opts: { errors?: FieldError[]; headers?: Record<string, string> } = {}) {
    super(detail);
    this.problem = problem;
    this.status = PROBLEMS[problem].status as ContentfulStatusCode;
    this.errors = opts.errors;
    this.headers = opts.headers ?? {};
  }
}

export function problemBody(problem: ProblemType, detail: string, errors?: FieldError[]): Problem {
  const { status, title } = PROBLEMS[problem];
  return errors && errors.length > 0
    ? { type: PROBLEM_BASE + problem, title, status, detail, errors }
    : { type: PROBLEM_BASE + problem, title, status, detail };
}

export function problemResponse(c: Context, err: ApiError): Response {
  for (const [name, value] of Object.entries(err.headers)) c.header(name, value);
  c.header('Content-Type', 'application/problem+json');
  return c.body(JSON.stringify(problemBody(err.problem, err.message, err.errors)), err.status);
}

/** Maps Hono's own exceptions (bad JSON in a validator, for one) to our problem types. */
export function fromHttpException(err: HTTPException): ApiError {
  switch (err.status) {
    case 400:
      return new ApiError('malformed-json', 'The request body is not valid JSON.');
    case 401:
      return new ApiError('unauthorized', 'Missing or invalid bearer token.', { headers: { 'WWW-Authenticate': 'Bearer' } });
    case 413:
      return new ApiError('payload-too-large', 'The request body is too large.');
    case 415:
      return new ApiError('unsupported-media-type', 'Send the body as application/json.');
    default:
      return new ApiError('internal', 'The request could not be handled.');
  }
}
