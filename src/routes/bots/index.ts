import { type OpenApiApp, openApiApp } from '../common.ts';
import { registerCreateBot } from './create.ts';
import { registerDeleteBot } from './delete.ts';
import { registerGetBot } from './get.ts';
import { registerListBots } from './list.ts';
import { registerUpdateBot } from './update.ts';

/** /bots: the workspace's bots. Registration order is the order of openapi.yaml. */
export function botRoutes(): OpenApiApp {
  const app = openApiApp();
  registerCreateBot(app);
  registerListBots(app);
  registerGetBot(app);
  registerUpdateBot(app);
  registerDeleteBot(app);
  return app;
}
