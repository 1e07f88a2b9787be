import { type OpenApiApp, openApiApp } from '../common.ts';
import { registerListEventTypes } from './catalogue.ts';

/** /event-types: the catalogue of event types, with a JSON Schema of each one's data. */
export function eventTypeRoutes(): OpenApiApp {
  const app = openApiApp();
  registerListEventTypes(app);
  return app;
}
