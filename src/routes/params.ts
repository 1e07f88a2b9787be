import { z } from '@hono/zod-openapi';

const id = (name: string, example: string) =>
  z
    .string()
    .max(64)
    .openapi({ param: { name, in: 'path' }, example });

const BotIdParam = id('botId', 'bot_V1StGXR8Z5jdHi6BmyTa');
const AccountIdParam = id('accountId', 'acc_9xQeWvG816bUx8Lw2bYc');
const WebhookIdParam = id('webhookId', 'wh_3kTMd9fQ0aZ1x8Lw2bYc');
const SubscriptionIdParam = id('subscriptionId', 'sub_4cTMd9fQ0aZ1x8Lw2bYc');
const DeliveryIdParam = id('deliveryId', 'dlv_8hQ2mD0aZ1x8Lw2bYcKe');

/** Path parameters of the admin routes, shared so every operation on a resource names them alike. */
export const BotPath = z.object({ botId: BotIdParam });
export const AccountPath = z.object({ botId: BotIdParam, accountId: AccountIdParam });
export const WebhookPath = z.object({ botId: BotIdParam, webhookId: WebhookIdParam });
export const SubscriptionPath = z.object({ botId: BotIdParam, subscriptionId: SubscriptionIdParam });
export const DeliveryPath = z.object({ botId: BotIdParam, subscriptionId: SubscriptionIdParam, deliveryId: DeliveryIdParam });
export const ContactPath = z.object({
  botId: BotIdParam,
  reference: z
    .string()
    .min(1)
    .max(256)
    .openapi({ param: { name: 'reference', in: 'path' }, example: '+14155550123' }),
});

/** `?folder=`: lists of blocks and subscriptions narrowed to one folder. */
export const FolderQuery = z.object({
  folder: z
    .string()
    .max(100)
    .optional()
    .openapi({ param: { name: 'folder', in: 'query' } }),
});
