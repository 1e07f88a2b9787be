import { type OpenApiApp, openApiApp } from '../common.ts';
import { registerCreateSubscription } from './create.ts';
import { registerDeleteSubscription } from './delete.ts';
import { registerDiscardPausedDeliveries } from './discard-paused.ts';
import { registerGetSubscription } from './get.ts';
import { registerGetDelivery } from './get-delivery.ts';
import { registerListSubscriptions } from './list.ts';
import { registerListDeliveries } from './list-deliveries.ts';
import { registerRetryDelivery } from './retry-delivery.ts';
import { registerRotateSubscriptionSecret } from './rotate-secret.ts';
import { registerSendTestEvent } from './send-test-event.ts';
import { registerStreamSubscriptionDeliveries } from './stream-deliveries.ts';
import { registerUpdateSubscription } from './update.ts';

/**
 * /bots/{botId}/subscriptions: endpoints subscribed to the bot's events, and their deliveries.
 * Registration order is the order of openapi.yaml.
 */
export function subscriptionRoutes(): OpenApiApp {
  const app = openApiApp();
  registerCreateSubscription(app);
  registerListSubscriptions(app);
  registerGetSubscription(app);
  registerUpdateSubscription(app);
  registerDeleteSubscription(app);
  registerRotateSubscriptionSecret(app);
  registerSendTestEvent(app);
  registerListDeliveries(app);
  registerStreamSubscriptionDeliveries(app);
  registerGetDelivery(app);
  registerRetryDelivery(app);
  registerDiscardPausedDeliveries(app);
  return app;
}
