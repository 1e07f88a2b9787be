import { type OpenApiApp, openApiApp } from '../common.ts';
import { registerGetContactVariables } from './get-variables.ts';

/** /bots/{botId}/contacts: what the bot knows about each contact. */
export function contactRoutes(): OpenApiApp {
  const app = openApiApp();
  registerGetContactVariables(app);
  return app;
}
