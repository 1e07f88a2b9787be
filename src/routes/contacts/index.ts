import { type OpenApiApp, openApiApp } from '../common.ts';
import { registerDeleteContact } from './delete.ts';
import { registerGetContactVariables } from './get-variables.ts';
import { registerListContacts } from './list.ts';

/** /bots/{botId}/contacts: what the bot knows about each contact, a contact being (channel, reference). */
export function contactRoutes(): OpenApiApp {
  const app = openApiApp();
  registerListContacts(app);
  registerGetContactVariables(app);
  registerDeleteContact(app);
  return app;
}
