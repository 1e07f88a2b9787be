import { z } from '@hono/zod-openapi';
import { EnvironmentSchema, Timestamp } from '../../http/schemas.ts';

export const ContactVariablesSchema = z
  .object({
    contact: z.string(),
    environment: EnvironmentSchema,
    variables: z.record(z.string(), z.unknown()),
    updatedAt: Timestamp,
  })
  .openapi('ContactVariables');

export const ContactVariablesQuery = z.object({
  environment: EnvironmentSchema.default('production').openapi({ param: { name: 'environment', in: 'query' } }),
});
