import type { OpenAPIHono } from '@hono/zod-openapi';
import { API_INFO } from './app.ts';
import type { AppEnv } from './http/env.ts';

/** The OpenAPI 3.1 document generated from the routes' schemas (written to openapi.yaml). */
export function openApiDocument(app: OpenAPIHono<AppEnv>): Record<string, unknown> {
  app.openAPIRegistry.registerComponent('securitySchemes', 'adminToken', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'Admin JWT carrying `ws` (workspace) and `scope` (`admin` or `read`). `npm run token -- --workspace <ws>` mints one.',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'webhookToken', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'A webhook block’s production or development token.',
  });
  const doc = app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: API_INFO,
    servers: [{ url: 'http://localhost:8080', description: 'Local (PUBLIC_BASE_URL)' }],
    security: [{ adminToken: [] }],
  }) as unknown as OpenApiDoc;
  documentAdminIdempotency(doc);
  return doc as unknown as Record<string, unknown>;
}

interface OpenApiResponse {
  description: string;
  headers?: Record<string, unknown>;
  content?: Record<string, unknown>;
}

interface OpenApiDoc {
  paths: Record<string, Record<string, { parameters?: unknown[]; responses: Record<string, OpenApiResponse> }>>;
}

const IDEMPOTENCY_409 =
  'Conflicts with the current state; or `idempotency-key-reused` (this Idempotency-Key came with another body in the last ' +
  '24 h), `idempotency-key-in-progress` (a request with this key is still running; see Retry-After), or ' +
  '`idempotency-key-outcome-unknown` (the first request with this key may have been stored: its write was sent and not ' +
  'answered; it is never run again, check and use a new key)';

/**
 * The Idempotency-Key middleware (src/http/admin-idempotency.ts) covers every admin POST: its header,
 * its replay header and its 409 are added to each of them here rather than repeated in every route.
 */
function documentAdminIdempotency(doc: OpenApiDoc): void {
  for (const [path, item] of Object.entries(doc.paths)) {
    const op = item.post;
    if (!path.startsWith('/v1/') || !op) continue;
    op.parameters = [
      ...(op.parameters ?? []),
      {
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        description:
          'Up to 255 characters, kept per workspace and path: the same key and body within 24 h replays the first 2xx answer ' +
          '(with `Idempotent-Replayed: true`) instead of running again.',
        schema: { type: 'string', minLength: 1, maxLength: 255 },
      },
    ];
    for (const [status, response] of Object.entries(op.responses)) {
      if (!status.startsWith('2')) continue;
      response.headers = {
        ...response.headers,
        'Idempotent-Replayed': { description: '`true` on a replay of an earlier answer', schema: { type: 'string', enum: ['true'] } },
      };
    }
    op.responses['409'] = {
      description: IDEMPOTENCY_409,
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    };
    op.responses = Object.fromEntries(Object.entries(op.responses).sort(([a], [b]) => a.localeCompare(b)));
  }
}
