import { z } from '@hono/zod-openapi';
import { Timestamp } from '../../http/schemas.ts';

export const BotSchema = z
  .object({
    id: z.string().openapi({ example: 'bot_V1StGXR8Z5jdHi6BmyTa' }),
    workspaceId: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi('Bot');

export const BotCreateSchema = z
  .object({
    name: z.string().trim().min(1).max(200).openapi({ example: 'Support bot' }),
    description: z.string().max(2000).nullable().optional(),
  })
  .strict()
  .openapi('BotCreate');

export const BotPatchSchema = BotCreateSchema.partial().strict().openapi('BotPatch');
