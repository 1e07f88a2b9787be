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
  return app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: API_INFO,
    servers: [{ url: 'http://localhost:8080', description: 'Local (PUBLIC_BASE_URL)' }],
    security: [{ adminToken: [] }],
  }) as unknown as Record<string, unknown>;
}
