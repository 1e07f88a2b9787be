import { createRoute } from '@hono/zod-openapi';
import { customEventRules, eventTypes } from '../../events/catalogue.ts';
import { ok, problems } from '../../http/schemas.ts';
import type { OpenApiApp } from '../common.ts';
import { EventTypeCatalogueSchema } from './schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/event-types',
  operationId: 'listEventTypes',
  tags: ['Events'],
  summary: 'The catalogue of event types, each with a JSON Schema of its data and a sample',
  description:
    'What subscriptions can match: the types a bot platform publishes and the ones Hookgate publishes itself, each with a ' +
    'description, the JSON Schema of its `data` (the schema the code that publishes it is checked against) and a sample; ' +
    'and the rules for types of your own. The whole catalogue in one answer (it is small and fixed): no paging.',
  responses: { 200: ok(EventTypeCatalogueSchema, 'The catalogue'), ...problems(401, 403, 503) },
});

export function registerListEventTypes(app: OpenApiApp): void {
  const body = { data: eventTypes(), custom: customEventRules() };
  app.openapi(route, (c) => c.json(body, 200));
}
