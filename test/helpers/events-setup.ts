/** The event webhook suites' API calls: bots, subscriptions, publishing, the delivery log. */
import { expect, vi } from 'vitest';
import type { Api, ApiResponse } from './api.ts';
import { POLL } from './clock.ts';

export async function createBot(api: Api, name = 'Events bot'): Promise<string> {
  const res = await api.post('/v1/bots', { name });
  expect(res.status, res.text).toBe(201);
  return res.body.id;
}

/** Creates a subscription and fails the test unless it is created; the response holds the secret. */
export async function subscribe(api: Api, botId: string, body: Record<string, unknown>): Promise<any> {
  const res = await api.post(`/v1/bots/${botId}/subscriptions`, { name: 'Subscriber', ...body });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

export async function publish(api: Api, botId: string, type: string, data: Record<string, unknown> = {}, environment?: 'production' | 'development'): Promise<string> {
  const res = await api.post(`/v1/bots/${botId}/events`, { type, data, ...(environment ? { environment } : {}) });
  expect(res.status, res.text).toBe(202);
  return res.body.id;
}

export async function deliveries(api: Api, botId: string, subscriptionId: string, query = ''): Promise<any[]> {
  const res: ApiResponse = await api.get(`/v1/bots/${botId}/subscriptions/${subscriptionId}/deliveries${query}`);
  expect(res.status, res.text).toBe(200);
  return res.body.data;
}

export async function events(api: Api, botId: string): Promise<any[]> {
  const res = await api.get(`/v1/bots/${botId}/events?limit=100`);
  expect(res.status, res.text).toBe(200);
  return res.body.data;
}

/** Waits for a finished (succeeded or failed) delivery of the event and returns it. */
export function finishedDelivery(api: Api, botId: string, subscriptionId: string, eventId: string, timeout = POLL.timeout): Promise<any> {
  return vi.waitFor(async () => {
    const delivery = (await deliveries(api, botId, subscriptionId)).find((d) => d.event.id === eventId);
    expect(delivery, `a delivery of ${eventId}`).toBeDefined();
    expect(delivery.status, `the delivery of ${eventId}`).not.toBe('pending');
    return delivery;
  }, { ...POLL, timeout });
}
