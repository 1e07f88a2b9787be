import { type OpenApiApp, openApiApp } from '../common.ts';
import { registerCreateWebhook } from './create.ts';
import { registerDeleteWebhook } from './delete.ts';
import { registerGetWebhook } from './get.ts';
import { registerListWebhooks } from './list.ts';
import { registerListWebhookActivity } from './list-activity.ts';
import { registerPreviewWebhook } from './preview.ts';
import { registerRotateWebhookToken } from './rotate-token.ts';
import { registerWebhookSamples } from './samples.ts';
import { registerStreamWebhookActivity } from './stream-activity.ts';
import { registerUpdateWebhook } from './update.ts';

/**
 * /bots/{botId}/webhooks: inbound webhook blocks and their tools (samples, dry-run preview, activity log).
 * Registration order is the order of openapi.yaml.
 */
export function webhookRoutes(): OpenApiApp {
  const app = openApiApp();
  registerCreateWebhook(app);
  registerListWebhooks(app);
  registerGetWebhook(app);
  registerUpdateWebhook(app);
  registerDeleteWebhook(app);
  registerRotateWebhookToken(app);
  registerWebhookSamples(app);
  registerPreviewWebhook(app);
  registerListWebhookActivity(app);
  registerStreamWebhookActivity(app);
  return app;
}
