import { z } from '@hono/zod-openapi';
import { CATALOGUE_DESCRIPTION, EVENT_TYPE_MAX_LENGTH, EVENT_TYPE_PATTERN } from '../../events/catalogue.ts';
import { boundedJsonObject, EnvironmentSchema, Timestamp } from '../../http/schemas.ts';

export const EventSchema = z
  .object({
    id: z.string().openapi({ example: 'evt_2bYcKe7hQ2mD0aZ1x8Lw' }),
    botId: z.string(),
    type: z.string().openapi({ example: 'lead.created' }),
    environment: EnvironmentSchema,
    createdAt: Timestamp,
    data: z.record(z.string(), z.unknown()),
  })
  .openapi('Event');

export const PublishSchema = z
  .object({
    type: z
      .string()
      .max(EVENT_TYPE_MAX_LENGTH)
      .regex(EVENT_TYPE_PATTERN, 'must be dotted lower-case words, e.g. lead.created')
      .openapi({
        example: 'lead.created',
        description: `Any dotted type; the catalogue of what chatbot platforms and Hookgate publish:\n${CATALOGUE_DESCRIPTION}`,
      }),
    data: boundedJsonObject.default({}),
    environment: EnvironmentSchema.default('production'),
  })
  .strict()
  .openapi('EventPublish');

export const EventAcceptedSchema = z.object({ id: z.string(), type: z.string() }).openapi('EventAccepted');
