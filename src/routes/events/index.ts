import { type OpenApiApp, openApiApp } from '../common.ts';
import { registerListEvents } from './list.ts';
import { registerPublishEvent } from './publish.ts';

/** /bots/{botId}/events: the bot's event stream, which subscriptions deliver from. */
export function eventRoutes(): OpenApiApp {
  const app = openApiApp();
  registerPublishEvent(app);
  registerListEvents(app);
  return app;
}
