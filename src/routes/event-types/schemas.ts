import { z } from '@hono/zod-openapi';

const JsonSchemaObject = z.record(z.string(), z.unknown()).openapi({ description: 'A JSON Schema (draft 2020-12)' });

export const EventTypeSchema = z
  .object({
    type: z.string().openapi({ example: 'lead.created' }),
    source: z.enum(['platform', 'hookgate']).openapi({
      description: '`hookgate`: published by Hookgate itself, exactly as its schema says; `platform`: published by the bot platform',
    }),
    description: z.string(),
    schema: JsonSchemaObject.openapi({ description: 'JSON Schema (draft 2020-12) of the event’s `data`' }),
    sample: z.record(z.string(), z.unknown()).openapi({ description: 'A sample `data` (what `POST …/subscriptions/{id}/test` sends)' }),
  })
  .openapi('EventType');

export const CustomEventRulesSchema = z
  .object({
    description: z.string(),
    typePattern: z
      .string()
      .openapi({ description: 'Regular expression a published type matches', example: '^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+$' }),
    maxLength: z.number().int(),
    reservedNamespaces: z.array(z.string()).openapi({ description: 'Namespaces whose types only Hookgate publishes' }),
    dataSchema: JsonSchemaObject,
  })
  .openapi('CustomEventRules');

export const EventTypeCatalogueSchema = z
  .object({ data: z.array(EventTypeSchema), custom: CustomEventRulesSchema })
  .openapi('EventTypeCatalogue');
