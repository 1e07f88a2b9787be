/**
 * What generators and linters need from openapi.yaml beyond validity: stable operation ids, declared
 * tags, the headers the service sends, and request bodies whose defaulted fields stay optional.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const doc = parse(readFileSync(new URL('../openapi.yaml', import.meta.url), 'utf8'));
const METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options'];

interface Op {
  method: string;
  path: string;
  op: Record<string, any>;
}

const operations: Op[] = Object.entries<Record<string, any>>(doc.paths).flatMap(([path, item]) =>
  Object.entries(item)
    .filter(([method]) => METHODS.includes(method))
    .map(([method, op]) => ({ method, path, op })),
);

const resolve = (node: any): any =>
  typeof node?.$ref === 'string'
    ? resolve(
        node.$ref
          .slice(2)
          .split('/')
          .reduce((at: any, key: string) => at[key], doc),
      )
    : node;

describe('openapi.yaml for generators', () => {
  it('gives every operation a unique camelCase operationId', () => {
    expect(operations.length).toBeGreaterThan(40);
    const ids = operations.map(({ method, path, op }) => {
      expect(op.operationId, `${method} ${path}`).toMatch(/^[a-z][a-zA-Z0-9]*$/);
      return op.operationId;
    });
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keeps the operation ids clients are generated with', () => {
    const id = (method: string, path: string) => operations.find((o) => o.method === method && o.path === path)?.op.operationId;
    expect(id('post', '/v1/bots')).toBe('createBot');
    expect(id('get', '/v1/bots')).toBe('listBots');
    expect(id('get', '/v1/bots/{botId}')).toBe('getBot');
    expect(id('patch', '/v1/bots/{botId}')).toBe('updateBot');
    expect(id('delete', '/v1/bots/{botId}')).toBe('deleteBot');
    expect(id('post', '/v1/bots/{botId}/webhooks')).toBe('createWebhook');
    expect(id('get', '/v1/bots/{botId}/webhooks')).toBe('listWebhooks');
    expect(id('post', '/v1/bots/{botId}/webhooks/{webhookId}/rotate-token')).toBe('rotateWebhookToken');
    expect(id('get', '/v1/bots/{botId}/webhooks/{webhookId}/activity')).toBe('listWebhookActivity');
    expect(id('post', '/v1/bots/{botId}/subscriptions/{subscriptionId}/deliveries/{deliveryId}/retry')).toBe('retryDelivery');
    expect(id('post', '/hooks/{webhookId}')).toBe('callWebhook');
  });

  it('declares every tag it uses, each with a description, and uses every tag it declares', () => {
    const declared = doc.tags.map((t: { name: string }) => t.name);
    for (const tag of doc.tags) expect(tag.description, tag.name).toMatch(/\w/);
    const used = new Set(operations.flatMap(({ op }) => op.tags ?? []));
    for (const { method, path, op } of operations) {
      expect(op.tags, `${method} ${path}`).toHaveLength(1);
      expect(declared, `${method} ${path}`).toContain(op.tags[0]);
    }
    expect([...used].sort()).toEqual([...declared].sort());
  });

  it('declares Retry-After on every 429 and 503, WWW-Authenticate on every 401, Location on every 201 that creates a resource', () => {
    let counted = 0;
    for (const { method, path, op } of operations) {
      for (const [status, ref] of Object.entries<any>(op.responses)) {
        const headers = resolve(ref).headers ?? {};
        const where = `${method} ${path} ${status}`;
        if (status === '429' || status === '503')
          expect(resolve(headers['Retry-After']), where).toMatchObject({ schema: { type: 'integer' } });
        if (status === '401') expect(headers['WWW-Authenticate'], where).toBeDefined();
        if (status === '201' && op.operationId !== 'createLiveChatToken') expect(resolve(headers.Location), where).toBeDefined();
        counted++;
      }
    }
    expect(counted).toBeGreaterThan(200);
  });

  it('declares Idempotent-Replayed on every success the admin Idempotency-Key can replay, and on the inbound 202', () => {
    for (const { method, path, op } of operations) {
      if (method !== 'post' || !path.startsWith('/v1/')) continue;
      expect(
        op.parameters.map((p: any) => p.name),
        path,
      ).toContain('Idempotency-Key');
      for (const [status, response] of Object.entries<any>(op.responses)) {
        if (status.startsWith('2')) expect(response.headers?.['Idempotent-Replayed'], `${path} ${status}`).toBeDefined();
      }
    }
    expect(doc.paths['/hooks/{webhookId}'].post.responses['202'].headers['Idempotent-Replayed']).toBeDefined();
  });

  it('writes request bodies with defaulted fields in place, where generators keep those fields optional', () => {
    // A property given a `default` (not a property named "default"), in this schema itself, short of other components.
    const defaultsIn = (node: any): boolean => {
      if (!node || typeof node !== 'object' || typeof node.$ref === 'string') return false;
      const properties = Object.values<any>(node.properties ?? {});
      if (properties.some((p) => p && typeof p === 'object' && 'default' in p)) return true;
      return Object.entries(node).some(([key, child]) => key !== 'properties' && defaultsIn(child)) || properties.some(defaultsIn);
    };
    const component = (node: any, seen = new Set<string>()): string[] => {
      if (!node || typeof node !== 'object') return [];
      if (typeof node.$ref === 'string') {
        if (seen.has(node.$ref)) return [];
        seen.add(node.$ref);
        const target = resolve(node);
        return [...(defaultsIn(target) ? [node.$ref] : []), ...component(target, seen)];
      }
      return Object.values(node).flatMap((child) => component(child, seen));
    };
    const bodies = operations.filter(({ op }) => op.requestBody);
    expect(bodies.length).toBeGreaterThan(10);
    for (const { method, path, op } of bodies) expect(component(op.requestBody), `${method} ${path}`).toEqual([]);
    // …and the defaults are still documented where they apply.
    const create = doc.paths['/v1/bots/{botId}/webhooks'].post.requestBody.content['application/json'].schema;
    expect(create.properties.enabled).toMatchObject({ type: 'boolean', default: true });
    expect(create.required).not.toContain('enabled');
  });

  it('describes channel accounts as one body per channel, with that channel’s credentials and config', () => {
    const schema = doc.paths['/v1/bots/{botId}/channels'].post.requestBody.content['application/json'].schema;
    const byChannel = Object.fromEntries(schema.oneOf.map((option: any) => [option.properties.channel.enum[0], option]));
    expect(Object.keys(byChannel).sort()).toEqual(
      ['http', 'instagram', 'livechat', 'messenger', 'sandbox', 'slack', 'sms', 'telegram', 'whatsapp', 'zalo'].sort(),
    );
    const credentials = (channel: string) => resolve(byChannel[channel].properties.credentials);
    expect(credentials('whatsapp')).toMatchObject({ required: ['accessToken', 'phoneNumberId'], additionalProperties: false });
    expect(credentials('sms').required).toEqual(['accountSid', 'authToken', 'from']);
    expect(byChannel.whatsapp.required).toContain('credentials');
    expect(byChannel.sandbox.required).not.toContain('credentials');
    expect(byChannel.http.required).toContain('config');
    expect(resolve(byChannel.http.properties.config).required).toEqual(['url']);
    expect(Object.keys(resolve(byChannel.telegram.properties.config).properties)).toEqual(['apiBaseUrl']);
  });

  it('names no deployment: served, its servers become PUBLIC_BASE_URL', () => {
    expect(doc.servers).toEqual([{ url: '/', description: expect.any(String) }]);
  });
});
