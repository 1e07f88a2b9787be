import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/env.ts';
import { validationHook } from '../http/validation.ts';

/** The app every resource's operations register on. */
export type OpenApiApp = OpenAPIHono<AppEnv>;

/** A sub-app whose validation failures become problem+json. */
export function openApiApp(): OpenApiApp {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
}
