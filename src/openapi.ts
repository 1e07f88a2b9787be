import type { OpenAPIHono } from '@hono/zod-openapi';
import { API_INFO } from './app.ts';
import type { AppEnv } from './http/env.ts';

/** Declared once at the top level, in this order; every operation names one of them. */
export const API_TAGS = [
  { name: 'Operations', description: 'Liveness, readiness, metrics, this document and its reference page; no token needed.' },
  {
    name: 'Inbound',
    description: 'The URL external systems call: a webhook block’s production or development token, a JSON body, 202 once it is durable.',
  },
  { name: 'Live chat', description: 'The stream a live chat widget reads a contact’s replies from, with a token minted for that contact.' },
  { name: 'Bots', description: 'A workspace’s bots: each holds channel accounts, webhook blocks, contacts and event subscriptions.' },
  {
    name: 'Channels',
    description: 'Channel accounts a bot replies through (WhatsApp, Messenger, Telegram, Slack, SMS, live chat, plain HTTP, sandbox).',
  },
  {
    name: 'Webhooks',
    description: 'Inbound webhook blocks: mappings into bot variables, the reply, tokens, samples, preview and activity.',
  },
  { name: 'Contacts', description: 'Contacts’ stored bot variables, per channel and environment.' },
  { name: 'Events', description: 'A bot’s event stream: publish an event, read what was published.' },
  { name: 'Subscriptions', description: 'Outbound event webhooks: signed, retried deliveries with every attempt logged.' },
  { name: 'Admin tokens', description: 'Revoking admin tokens.' },
];

/** 201s that create no addressable resource, hence no `Location`. */
const CREATED_WITHOUT_LOCATION = new Set(['createLiveChatToken']);

/** The OpenAPI 3.1 document generated from the routes' schemas (written to openapi.yaml). */
export function openApiDocument(app: OpenAPIHono<AppEnv>): Record<string, unknown> {
  app.openAPIRegistry.registerComponent('securitySchemes', 'adminToken', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'Admin JWT carrying `ws` (workspace) and `scope` (`admin` or `read`). `npm run token -- --workspace <ws>` mints one.',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'webhookToken', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'A webhook block’s production or development token.',
  });
  const doc = app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: API_INFO,
    // Served at /openapi.yaml, this becomes the deployment's PUBLIC_BASE_URL (src/routes/docs/servers.ts).
    servers: [{ url: '/', description: 'The origin serving this document' }],
    security: [{ adminToken: [] }],
    tags: API_TAGS,
  }) as unknown as OpenApiDoc;
  documentAdminIdempotency(doc);
  documentResponseHeaders(doc);
  inlineRequestSchemasWithDefaults(doc);
  return doc as unknown as Record<string, unknown>;
}

interface OpenApiResponse {
  description: string;
  headers?: Record<string, unknown>;
  content?: Record<string, unknown>;
}

interface OpenApiOperation {
  operationId?: string;
  parameters?: unknown[];
  requestBody?: { content: Record<string, { schema?: unknown }> };
  responses: Record<string, OpenApiResponse>;
}

interface OpenApiDoc {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { headers?: Record<string, unknown>; schemas?: Record<string, unknown> };
}

const IDEMPOTENCY_409 =
  'Conflicts with the current state; or `idempotency-key-reused` (this Idempotency-Key came with another body in the last ' +
  '24 h), `idempotency-key-in-progress` (a request with this key is still running; see Retry-After), or ' +
  '`idempotency-key-outcome-unknown` (the first request with this key may have been stored: its write was sent and not ' +
  'answered; it is never run again, check and use a new key)';

const HEADERS = {
  'Retry-After': {
    description: 'Seconds to wait before trying again',
    schema: { type: 'integer', minimum: 0 },
  },
  Location: {
    description: 'The path of the resource created',
    schema: { type: 'string', format: 'uri-reference' },
  },
  'Idempotent-Replayed': {
    description: '`true` when this is a replay of the first answer to this Idempotency-Key',
    schema: { type: 'string', enum: ['true'] },
  },
  'WWW-Authenticate': {
    description: 'The authentication scheme expected (`Bearer`; `Basic` for a block verifying senders with HTTP Basic)',
    schema: { type: 'string' },
  },
} as const;

const ref = (name: keyof typeof HEADERS) => ({ $ref: `#/components/headers/${name}` });

/**
 * The Idempotency-Key middleware (src/http/admin-idempotency.ts) covers every admin POST: its header,
 * its replay header and its 409 are added to each of them here rather than repeated in every route.
 */
function documentAdminIdempotency(doc: OpenApiDoc): void {
  for (const [path, item] of Object.entries(doc.paths)) {
    const op = item.post;
    if (!path.startsWith('/v1/') || !op) continue;
    op.parameters = [
      ...(op.parameters ?? []),
      {
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        description:
          'Up to 255 characters, kept per workspace and path: the same key and body within 24 h replays the first 2xx answer ' +
          '(with `Idempotent-Replayed: true`) instead of running again.',
        schema: { type: 'string', minLength: 1, maxLength: 255 },
      },
    ];
    for (const [status, response] of Object.entries(op.responses)) {
      if (status.startsWith('2')) response.headers = { ...response.headers, 'Idempotent-Replayed': ref('Idempotent-Replayed') };
    }
    op.responses['409'] = {
      description: IDEMPOTENCY_409,
      headers: { 'Retry-After': ref('Retry-After') },
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    };
    op.responses = Object.fromEntries(Object.entries(op.responses).sort(([a], [b]) => a.localeCompare(b)));
  }
}

/**
 * Headers the service sets on whole classes of responses: `Retry-After` on every 429 and 503
 * (src/app.ts, src/http/errors.ts, the inbound route), `WWW-Authenticate` on every 401
 * (src/http/auth.ts), `Location` on every 201 that creates a resource.
 */
function documentResponseHeaders(doc: OpenApiDoc): void {
  doc.components.headers = { ...HEADERS };
  for (const item of Object.values(doc.paths)) {
    for (const op of Object.values(item)) {
      for (const [status, response] of Object.entries(op.responses)) {
        const add = (name: keyof typeof HEADERS) => {
          response.headers = { ...response.headers, [name]: ref(name) };
        };
        if (status === '429' || status === '503') add('Retry-After');
        if (status === '401') add('WWW-Authenticate');
        if (status === '201' && !CREATED_WITHOUT_LOCATION.has(op.operationId ?? '')) add('Location');
      }
    }
  }
}

const SCHEMA_REF = '#/components/schemas/';

/**
 * A request body whose schema (or a schema it reaches) gives a property a `default` is written out
 * in place rather than as a `$ref` to a component. Generators read a `default` in a component as
 * "always present" (openapi-typescript makes such a property required), which is true of a
 * response and false of a request: in place, under `requestBody`, they keep it optional. Schemas
 * no longer referenced anywhere are dropped.
 */
function inlineRequestSchemasWithDefaults(doc: OpenApiDoc): void {
  const schemas = doc.components.schemas ?? {};
  const memo = new Map<string, boolean>();
  const refName = (node: unknown): string | null => {
    const ref = (node as { $ref?: unknown } | null)?.$ref;
    return typeof ref === 'string' && ref.startsWith(SCHEMA_REF) ? ref.slice(SCHEMA_REF.length) : null;
  };
  const hasDefault = (node: unknown, seen: Set<string>): boolean => {
    if (Array.isArray(node)) return node.some((n) => hasDefault(n, seen));
    if (!node || typeof node !== 'object') return false;
    const name = refName(node);
    if (name !== null) return componentHasDefault(name, seen);
    const properties = (node as { properties?: Record<string, unknown> }).properties;
    if (properties && Object.values(properties).some((p) => p !== null && typeof p === 'object' && 'default' in p)) return true;
    return Object.values(node).some((child) => hasDefault(child, seen));
  };
  const componentHasDefault = (name: string, seen: Set<string>): boolean => {
    if (memo.has(name)) return memo.get(name)!;
    if (seen.has(name)) return false;
    const found = hasDefault(schemas[name], new Set([...seen, name]));
    memo.set(name, found);
    return found;
  };
  const inline = (node: unknown, stack: readonly string[]): unknown => {
    if (Array.isArray(node)) return node.map((n) => inline(n, stack));
    if (!node || typeof node !== 'object') return node;
    const name = refName(node);
    if (name !== null) {
      if (!componentHasDefault(name, new Set()) || stack.includes(name)) return node;
      return inline(structuredClone(schemas[name]), [...stack, name]);
    }
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, inline(v, stack)]));
  };
  for (const item of Object.values(doc.paths)) {
    for (const op of Object.values(item)) {
      for (const media of Object.values(op.requestBody?.content ?? {})) media.schema = inline(media.schema, []);
    }
  }
  // Drop the components nothing refers to any more (those only request bodies used).
  const used = new Set<string>();
  const mark = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const name = refName(node);
    if (name !== null && !used.has(name)) {
      used.add(name);
      mark(schemas[name]);
    }
    for (const child of Object.values(node)) mark(child);
  };
  mark(doc.paths);
  mark({ ...doc.components, schemas: {} });
  for (const name of Object.keys(schemas)) if (!used.has(name) && memo.get(name)) delete schemas[name];
}
