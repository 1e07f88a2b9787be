/**
 * Reply buttons configured on a block travel with the reply: titles are rendered from the call's
 * variables and the provider receives its own button format (WhatsApp reply buttons here).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Workers } from '../../src/workers.ts';
import { type Api, expectProblem } from '../helpers/api.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { POLL } from '../helpers/clock.ts';
import { type FakeProvider, startFakeWhatsApp } from '../helpers/fakes/index.ts';
import { WHATSAPP } from '../helpers/scenario.ts';

describe('reply buttons', () => {
  let t: TestApp;
  let api: Api;
  let fake: FakeProvider;
  let workers: Workers;

  beforeAll(async () => {
    t = await createTestApp({ env: { HOOKGATE_ALLOW_PRIVATE_NETWORK: 'true' } });
    api = t.api;
    fake = await startFakeWhatsApp(WHATSAPP.credentials);
    workers = t.startWorkers();
  });
  afterAll(async () => {
    await workers.stop();
    await fake.close();
    await t.close();
  });

  it('renders button titles from the call and sends them as WhatsApp reply buttons', async () => {
    const botId = (await api.post('/v1/bots', { name: 'Buttons' })).body.id;
    await api.post(`/v1/bots/${botId}/channels`, {
      channel: 'whatsapp',
      alias: 'wa',
      credentials: WHATSAPP.credentials,
      config: { apiBaseUrl: fake.apiBaseUrl },
    });
    const hook = await api.post(`/v1/bots/${botId}/webhooks`, {
      name: 'Order',
      variables: [{ data: 'order', variable: 'order_id' }],
      reply: {
        text: 'Order {{order_id}} shipped.',
        buttons: [
          { id: 'track', title: 'Track {{order_id}}' },
          { id: 'help', title: 'Help' },
        ],
      },
    });
    expect(hook.status).toBe(201);
    const preview = await api.post(`/v1/bots/${botId}/webhooks/${hook.body.id}/preview`, {
      body: { contact_reference_id: WHATSAPP.contact, order: 'A-1' },
    });
    expect(preview.body.reply.buttons).toEqual([
      { id: 'track', title: 'Track A-1' },
      { id: 'help', title: 'Help' },
    ]);

    const call = await api
      .withToken(hook.body.tokens.production)
      .post(`/hooks/${hook.body.id}`, { contact_reference_id: WHATSAPP.contact, order: 'A-1' });
    expect(call.status).toBe(202);
    await expect.poll(() => fake.requests.length, POLL).toBeGreaterThan(0);
    expect(JSON.parse(fake.requests[0]!.body)).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: WHATSAPP.contact,
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: 'Order A-1 shipped.' },
        action: {
          buttons: [
            { type: 'reply', reply: { id: 'track', title: 'Track A-1' } },
            { type: 'reply', reply: { id: 'help', title: 'Help' } },
          ],
        },
      },
    });
  });

  it('refuses buttons without an id or with a broken title template', async () => {
    const botId = (await api.post('/v1/bots', { name: 'Bad buttons' })).body.id;
    await api.post(`/v1/bots/${botId}/channels`, { channel: 'sandbox', alias: 'sb' });
    const noId = await api.post(`/v1/bots/${botId}/webhooks`, { name: 'x', reply: { text: 'Hi', buttons: [{ title: 'Yes' }] } });
    expectProblem(noId, 400, 'validation');
    expect(noId.body.errors[0].path).toBe('/reply/buttons/0/id');
    const broken = await api.post(`/v1/bots/${botId}/webhooks`, {
      name: 'x',
      reply: { text: 'Hi', buttons: [{ id: 'y', title: 'Yes {{' }] },
    });
    expect(broken.body.errors[0].path).toBe('/reply/buttons/0/title');
  });
});
