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
  'idempotency-key-outcome-unknown': { status: 409, title: 'Idempotency key outcome unknown' },
  'payload-too-large': { status: 413, title: 'Payload too large' },
  'expectation-failed': { status: 417, title: 'Expectation failed' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type' },
  unprocessable: { status: 422, title: 'Unprocessable request' },
  'rate-limited': { status: 429, title: 'Too many requests' },
  'headers-too-large': { status: 431, title: 'Request header fields too large' },
  internal: { status: 500, title: 'Internal server error' },
  'store-unavailable': { status: 503, title: 'Service unavailable' },
  'outcome-unknown': { status: 503, title: 'Outcome unknown' },
  'webhook-reconfiguring': { status: 503, title: 'Webhook being reconfigured' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemType = keyof typeof PROBLEMS;

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
  /** `outcome-unknown`: the id the request was stored under, if it was. */
  requestId?: string;
}

/** The one error type the API throws; `onError` turns it into problem+json. */
export class ApiError extends Error {
  readonly problem: ProblemType;
  readonly status: ContentfulStatusCode;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string>;
  readonly requestId: string | undefined;

  constructor(
    problem: ProblemType,
    detail: string,
    opts: { errors?: FieldError[]; headers?: Record<string, string>; requestId?: string } = {},
  ) {
    super(detail);
    this.problem = problem;
    this.status = PROBLEMS[problem].status as ContentfulStatusCode;
    this.errors = opts.errors;
    this.headers = opts.headers ?? {};
    this.requestId = opts.requestId;
  }
}

export function problemBody(problem: ProblemType, detail: string, errors?: FieldError[], requestId?: string): Problem {
  const { status, title } = PROBLEMS[problem];
  const body: Problem =
    errors && errors.length > 0
      ? { type: PROBLEM_BASE + problem, title, status, detail, errors }
      : { type: PROBLEM_BASE + problem, title, status, detail };
  if (requestId !== undefined) body.requestId = requestId;
  return body;
}

/**
 * A write that reached Redis but whose answer was lost with the connection: it may have been
 * stored. The caller retries with the same Idempotency-Key (a stored call is then replayed) or
 * looks the request id up in the activity.
 */
export function outcomeUnknown(requestId: string): ApiError {
  return new ApiError(
    'outcome-unknown',
    `The store stopped answering after the write was sent: it may have been stored as ${requestId}. ` +
      'Retry with the same Idempotency-Key to find out without storing it twice.',
    { headers: { 'Retry-After': '1' }, requestId },
  );
}

export function problemResponse(c: Context, err: ApiError): Response {
  for (const [name, value] of Object.entries(err.headers)) c.header(name, value);
  c.header('Content-Type', 'application/problem+json');
  return c.body(JSON.stringify(problemBody(err.problem, err.message, err.errors, err.requestId)), err.status);
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
