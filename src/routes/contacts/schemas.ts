import { z } from '@hono/zod-openapi';
import { CHANNELS } from '../../domain/types.ts';
import { EnvironmentSchema, PageQuerySchema, Timestamp } from '../../http/schemas.ts';

export const ContactVariablesSchema = z
  .object({
    channel: z.enum(CHANNELS),
    contact: z.string(),
    environment: EnvironmentSchema,
    variables: z.record(z.string(), z.unknown()),
    updatedAt: Timestamp,
  })
  .openapi('ContactVariables');

export const ContactVariablesQuery = z.object({
  environment: EnvironmentSchema.default('production').openapi({ param: { name: 'environment', in: 'query' } }),
});

export const ContactListQuery = PageQuerySchema.extend({
  environment: EnvironmentSchema.default('production').openapi({ param: { name: 'environment', in: 'query' } }),
  channel: z
    .enum(CHANNELS)
    .optional()
    .openapi({ param: { name: 'channel', in: 'query' } }),
});

/** A contact is (channel, reference): the same id on Telegram and Messenger is two people. */
export const ChannelContactPath = z.object({
  botId: z
    .string()
    .max(64)
    .openapi({ param: { name: 'botId', in: 'path' }, example: 'bot_V1StGXR8Z5jdHi6BmyTa' }),
  channel: z.enum(CHANNELS).openapi({ param: { name: 'channel', in: 'path' }, example: 'whatsapp' }),
  reference: z
    .string()
    .min(1)
    .max(256)
    .openapi({ param: { name: 'reference', in: 'path' }, example: '+14155550123' }),
});
