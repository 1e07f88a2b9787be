/**
 * `POST /v1/bots/{botId}/events` publishes the platform's events only: every type in Hookgate's own
 * namespaces (`webhook.*`, `workflow.*`, `message.*`, `delivery.*`, `subscription.*`), whether
 * Hookgate emits it today or not, is refused with 400 at `/type` and nothing is stored, so a
 * subscriber can trust any such event to come from Hookgate.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_CATALOGUE } from '../../src/events/catalogue.ts';
import { expectProblem } from '../helpers/api.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { callHook, createBlock, createBotWithSandbox, ORDER_BLOCK, orderBody } from '../helpers/scenario.ts';

for (const store of ['redis', 'memory'] as const) {
  describe(`publishing Hookgate's own event types (${store})`, () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await createTestApp({ store });
    });
    afterAll(() => t.close());

    const events = async (botId: string) => (await t.api.get(`/v1/bots/${botId}/events?limit=100`)).body.data as { type: string }[];

    async function expectRefused(botId: string, type: string): Promise<void> {
      const res = await t.api.post(`/v1/bots/${botId}/events`, { type, data: { contact: { id: 'c-1' } } });
      expectProblem(res, 400, 'validation');
      expect(res.body.errors, type).toEqual([{ path: '/type', message: expect.stringContaining('Hookgate') }]);
    }

    it('refuses every type of its namespaces, message.received included, and stores nothing', async () => {
      const { botId } = await createBotWithSandbox(t.api);
      const types = [
        'webhook.received',
        'workflow.triggered',
        'message.sent',
        'message.failed',
        'message.received',
        'message.delivered',
        'delivery.exhausted',
        'delivery.succeeded',
        'subscription.disabled',
        'subscription.enabled',
        'webhook.anything.nested',
      ];
      for (const type of types) await expectRefused(botId, type);
      expect(await events(botId)).toEqual([]);
    });

    it('refuses every type the service itself emits: the catalogue’s and those a real call produces', async () => {
      const { botId } = await createBotWithSandbox(t.api);
      const block = await createBlock(t.api, botId, ORDER_BLOCK);
      expect((await callHook(t.api, block.id, block.tokens.production, orderBody('c-emit'))).status).toBe(202);
      const emitted = (await events(botId)).map((e) => e.type);
      expect(emitted).toContain('webhook.received');
      const own = Object.entries(EVENT_CATALOGUE)
        .filter(([, entry]) => entry.description.startsWith('Hookgate'))
        .map(([type]) => type);
      expect(own).toEqual(
        expect.arrayContaining(['webhook.received', 'workflow.triggered', 'message.sent', 'message.failed', 'delivery.exhausted']),
      );
      for (const type of new Set([...emitted, ...own])) await expectRefused(botId, type);
      expect((await events(botId)).map((e) => e.type)).toEqual(emitted);
    });

    it('accepts the platform’s types, those that merely look alike included', async () => {
      const { botId } = await createBotWithSandbox(t.api);
      const types = ['lead.created', 'conversation.handoff', 'messages.sent', 'deliveryman.arrived', 'contact.message_received'];
      for (const type of types) {
        const res = await t.api.post(`/v1/bots/${botId}/events`, { type, data: {} });
        expect(res.status, type).toBe(202);
      }
      expect((await events(botId)).map((e) => e.type).sort()).toEqual([...types].sort());
      // No platform type of the catalogue lies in Hookgate's namespaces: each can be published.
      for (const [type, entry] of Object.entries(EVENT_CATALOGUE)) {
        if (entry.description.startsWith('Hookgate')) continue;
        expect((await t.api.post(`/v1/bots/${botId}/events`, { type, data: {} })).status, type).toBe(202);
      }
    });
  });
}
