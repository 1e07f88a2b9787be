/**
 * OpenTelemetry tracing across processes, as a collector receives it: an API process and a worker
 * process (sharing Redis) export OTLP/HTTP JSON to a local receiver. A call that brings a W3C
 * `traceparent` is a server span in the caller's trace; its reply attempt and its event delivery
 * attempts, made later by the worker, are spans under it (the trace context travels in the stored
 * reply and event); the provider and the subscriber get the attempt's `traceparent`. A manual retry
 * is a child of its admin request and links to the call's span. With tracing off, nothing is sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpApi } from '../helpers/api.ts';
import { createTestApp } from '../helpers/app.ts';
import { POLL } from '../helpers/clock.ts';
import { Receiver } from '../helpers/fakes/index.ts';
import { connectTestRedis, deletePrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.ts';
import { callHook, createReplyBot, subscribe } from '../helpers/scenario.ts';
import {
  aSecret,
  killAllServices,
  mintAdminToken,
  type ServiceProcess,
  startService,
  startWorkerProcess,
} from '../helpers/service-process.ts';

interface ExportedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
  links: { traceId: string; spanId: string }[];
  status: { code?: number; message?: string };
}

const SERVER = 2;
const CONSUMER = 5;

/** OTLP JSON carries ids as hex (the JS exporter) or base64 (the protobuf JSON mapping): hex either way. */
function hexId(id: unknown): string {
  if (typeof id !== 'string' || id === '') return '';
  return /^[0-9a-f]+$/.test(id) && (id.length === 32 || id.length === 16) ? id : Buffer.from(id, 'base64').toString('hex');
}

function attributeValue(value: Record<string, unknown>): unknown {
  if ('stringValue' in value) return value.stringValue;
  if ('intValue' in value) return Number(value.intValue);
  if ('doubleValue' in value) return value.doubleValue;
  if ('boolValue' in value) return value.boolValue;
  return value;
}

function attributes(list: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { key, value } of (list ?? []) as { key: string; value: Record<string, unknown> }[]) out[key] = attributeValue(value);
  return out;
}

/** Every span the collector has received, decoded. */
function exportedSpans(collector: Receiver): ExportedSpan[] {
  return collector.at('/v1/traces').flatMap((request) => {
    expect(request.headers['content-type']).toMatch(/^application\/json/);
    const body = JSON.parse(request.body) as { resourceSpans: any[] };
    return body.resourceSpans.flatMap((rs) => {
      const service = String(attributes(rs.resource?.attributes)['service.name']);
      return (rs.scopeSpans as any[]).flatMap((ss) =>
        (ss.spans as any[]).map((s) => ({
          service,
          traceId: hexId(s.traceId),
          spanId: hexId(s.spanId),
          parentSpanId: hexId(s.parentSpanId),
          name: s.name,
          kind: s.kind,
          attributes: attributes(s.attributes),
          links: ((s.links ?? []) as any[]).map((l) => ({ traceId: hexId(l.traceId), spanId: hexId(l.spanId) })),
          status: s.status ?? {},
        })),
      );
    });
  });
}

const randomHex = (bytes: number) => Buffer.from(crypto.getRandomValues(new Uint8Array(bytes))).toString('hex');

describe('tracing across an API process and a worker process', () => {
  const prefix = uniquePrefix();
  const secret = aSecret();
  let collector: Receiver;
  let provider: Receiver;
  let subscriber: Receiver;
  let apiProcess: ServiceProcess;
  let api: HttpApi;

  beforeAll(async () => {
    collector = await Receiver.start({ status: 200, headers: { 'content-type': 'application/json' }, body: '{}' });
    provider = await Receiver.start({ status: 200, headers: { 'content-type': 'application/json' }, body: '{}' });
    subscriber = await Receiver.start({ status: 204 });
    const env = {
      REDIS_URL: TEST_REDIS_URL,
      HOOKGATE_SECRET: secret,
      HOOKGATE_REDIS_PREFIX: prefix,
      HOOKGATE_ALLOW_PRIVATE_NETWORK: 'true',
      // A trailing slash, as operators often write it: still `<endpoint>/v1/traces`.
      OTEL_EXPORTER_OTLP_ENDPOINT: `${collector.url('')}/`,
    };
    apiProcess = await startService({ ...env, HOOKGATE_ROLE: 'api', OTEL_SERVICE_NAME: 'hookgate-api' }, { timeoutMs: 60_000 });
    await startWorkerProcess({ ...env, OTEL_SERVICE_NAME: 'hookgate-worker' });
    api = await HttpApi.connect(apiProcess.baseUrl, await mintAdminToken(secret));
  }, 150_000);

  afterAll(async () => {
    await killAllServices();
    await Promise.all([collector?.close(), provider?.close(), subscriber?.close()]);
    const client = await connectTestRedis();
    await deletePrefix(client, prefix);
    await client.close();
  });

  it('follows a call from the caller’s traceparent to its reply and its event deliveries, through the stored work', async () => {
    const bot = await createReplyBot(api, 'http', undefined, { url: provider.url('/replies') });
    const subscription = await subscribe(api, bot.botId, { url: subscriber.url('/events'), events: ['webhook.received', 'message.sent'] });

    const callerTrace = randomHex(16);
    const callerSpan = randomHex(8);
    const call = await callHook(
      api,
      bot.webhookId,
      bot.token,
      { contact_reference_id: 'c-1', n: 1, name: 'Ada' },
      { traceparent: `00-${callerTrace}-${callerSpan}-01`, 'x-request-id': 'caller-42' },
    );
    expect(call.status, call.text).toBe(202);
    const { requestId } = call.body;
    const messageId = call.body.reply.messageId as string;
    // On Redis too, the activity entry keeps the caller's id beside ours.
    const [entry] = (await api.get(`/v1/bots/${bot.botId}/webhooks/${bot.webhookId}/activity`)).body.data;
    expect(entry).toMatchObject({ requestId, callerRequestId: 'caller-42' });

    // The worker sends the reply and both events (webhook.received, then message.sent).
    const [reply] = await provider.waitFor(1, '/replies', 60_000);
    const events = await subscriber.waitFor(2, '/events', 60_000);
    const eventOf = (type: string) => events.find((r) => JSON.parse(r.body).event === type)!;
    expect(eventOf('webhook.received')).toBeDefined();
    expect(eventOf('message.sent')).toBeDefined();

    // Spans are exported in batches (every 5 s): wait for the four of this call.
    const find = () => {
      const spans = exportedSpans(collector).filter((s) => s.traceId === callerTrace);
      const server = spans.find((s) => s.name === 'POST /hooks/:webhookId');
      const send = spans.find((s) => s.name === 'reply.send');
      const deliveries = spans.filter((s) => s.name === 'event.deliver');
      return { server, send, deliveries };
    };
    await expect
      .poll(() => (({ server, send, deliveries }) => Boolean(server && send) && deliveries.length >= 2)(find()), {
        timeout: 60_000,
        interval: 500,
      })
      .toBe(true);
    const { server, send, deliveries } = find();

    // The call: a server span in the caller's trace, under the caller's span.
    expect(server).toMatchObject({
      service: 'hookgate-api',
      kind: SERVER,
      parentSpanId: callerSpan,
      attributes: {
        'http.request.method': 'POST',
        'http.route': '/hooks/:webhookId',
        'http.response.status_code': 202,
        'hookgate.request_id': requestId,
        'hookgate.caller_request_id': 'caller-42',
      },
    });

    // The reply attempt, in the worker process: under the call's span, carried there in the stored reply.
    expect(send).toMatchObject({
      service: 'hookgate-worker',
      kind: CONSUMER,
      parentSpanId: server!.spanId,
      attributes: { 'hookgate.message_id': messageId, 'hookgate.channel': 'http', 'hookgate.attempt': 1, 'hookgate.outcome': 'sent' },
    });
    // The provider got the attempt's traceparent.
    expect(reply!.headers.traceparent).toBe(`00-${callerTrace}-${send!.spanId}-01`);

    // webhook.received was published by the call; message.sent by the reply attempt.
    const received = deliveries.find((s) => s.attributes['hookgate.event_type'] === 'webhook.received')!;
    const sent = deliveries.find((s) => s.attributes['hookgate.event_type'] === 'message.sent')!;
    expect(received).toMatchObject({
      service: 'hookgate-worker',
      kind: CONSUMER,
      parentSpanId: server!.spanId,
      attributes: { 'hookgate.subscription_id': subscription.id, 'http.response.status_code': 204, 'hookgate.outcome': 'succeeded' },
    });
    expect(sent).toMatchObject({ service: 'hookgate-worker', parentSpanId: send!.spanId });
    expect(eventOf('webhook.received').headers.traceparent).toBe(`00-${callerTrace}-${received.spanId}-01`);
    expect(eventOf('message.sent').headers.traceparent).toBe(`00-${callerTrace}-${sent.spanId}-01`);
    // The signature still verifies: the traceparent is a header, outside what is signed.
    expect(eventOf('webhook.received').headers['webhook-signature']).toMatch(/^v1,/);

    // The trace context is internal: the event list does not show it.
    const listed = (await api.get(`/v1/bots/${bot.botId}/events`)).body.data as Record<string, unknown>[];
    expect(listed.length).toBeGreaterThan(0);
    for (const event of listed) expect(event).not.toHaveProperty('trace');

    // A retry by hand: a child of its admin request's span, linked to the call's span.
    const [delivery] = (await api.get(`/v1/bots/${bot.botId}/subscriptions/${subscription.id}/deliveries`)).body.data.filter(
      (d: any) => d.event.type === 'webhook.received',
    );
    const retried = await api.post(`/v1/bots/${bot.botId}/subscriptions/${subscription.id}/deliveries/${delivery.id}/retry`, {});
    expect(retried.status, retried.text).toBe(200);
    const findRetry = () => {
      const spans = exportedSpans(collector);
      const admin = spans.find((s) => s.name === 'POST /v1/bots/:botId/subscriptions/:subscriptionId/deliveries/:deliveryId/retry');
      const attempt = admin && spans.find((s) => s.name === 'event.deliver' && s.parentSpanId === admin.spanId);
      return { admin, attempt };
    };
    await expect.poll(() => findRetry().attempt !== undefined, { timeout: 60_000, interval: 500 }).toBe(true);
    const { admin, attempt } = findRetry();
    expect(admin).toMatchObject({ service: 'hookgate-api', kind: SERVER, parentSpanId: '' });
    expect(admin!.traceId).not.toBe(callerTrace);
    expect(attempt).toMatchObject({
      service: 'hookgate-api',
      traceId: admin!.traceId,
      links: [{ traceId: callerTrace, spanId: server!.spanId }],
    });
    const retriedRequest = subscriber.at('/events').at(-1)!;
    expect(retriedRequest.headers.traceparent).toBe(`00-${admin!.traceId}-${attempt!.spanId}-01`);
  }, 240_000);

  it('starts a trace of its own for a call without a traceparent, or with one that is not valid', async () => {
    const bot = await createReplyBot(api, 'http', undefined, { url: provider.url('/replies-2') });
    const invalid = [
      '00-00000000000000000000000000000000-0000000000000000-01',
      'not a traceparent',
      `ff-${randomHex(16)}-${randomHex(8)}-01`,
    ];
    const ids: string[] = [];
    for (const traceparent of [undefined, ...invalid]) {
      const res = await callHook(
        api,
        bot.webhookId,
        bot.token,
        { contact_reference_id: 'c-2', n: 2, name: 'Bo' },
        traceparent ? { traceparent } : {},
      );
      expect(res.status, res.text).toBe(202);
      ids.push(res.body.requestId);
    }
    const servers = () => exportedSpans(collector).filter((s) => ids.includes(String(s.attributes['hookgate.request_id'])));
    await expect.poll(() => servers().length, { timeout: 60_000, interval: 500 }).toBe(ids.length);
    for (const span of servers()) {
      expect(span.parentSpanId).toBe('');
      expect(span.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(span.traceId).not.toBe('0'.repeat(32));
    }
    expect(new Set(servers().map((s) => s.traceId)).size).toBe(ids.length);
  }, 120_000);
});

describe('with tracing off (no OTEL_EXPORTER_OTLP_ENDPOINT)', () => {
  it('sends no traceparent to the provider or the subscriber, and stores none', async () => {
    const provider = await Receiver.start({ status: 200, headers: { 'content-type': 'application/json' }, body: '{}' });
    const subscriber = await Receiver.start({ status: 204 });
    const t = await createTestApp({ store: 'memory', env: { HOOKGATE_ALLOW_PRIVATE_NETWORK: 'true' } });
    try {
      expect(t.services.tracing.enabled).toBe(false);
      t.startWorkers();
      const bot = await createReplyBot(t.api, 'http', undefined, { url: provider.url('/replies') });
      await subscribe(t.api, bot.botId, { url: subscriber.url('/events'), events: ['webhook.received'] });
      const traceparent = `00-${randomHex(16)}-${randomHex(8)}-01`;
      const call = await callHook(t.api, bot.webhookId, bot.token, { contact_reference_id: 'c-1', n: 1, name: 'Ada' }, { traceparent });
      expect(call.status).toBe(202);
      const [reply] = await provider.waitFor(1, '/replies', 30_000);
      const [event] = await subscriber.waitFor(1, '/events', 30_000);
      expect(reply!.headers).not.toHaveProperty('traceparent');
      expect(event!.headers).not.toHaveProperty('traceparent');
      await expect
        .poll(async () => (await t.services.store.getMessages(bot.botId, [call.body.reply.messageId]))[0]?.status, POLL)
        .toBe('sent');
      const [message] = await t.services.store.getMessages(bot.botId, [call.body.reply.messageId]);
      expect(message).not.toHaveProperty('trace');
    } finally {
      await t.close();
      await Promise.all([provider.close(), subscriber.close()]);
    }
  }, 60_000);
});
