/** A reply the channel's provider would refuse is refused when the block is saved, and flagged by the preview. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectProblem } from '../helpers/api.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { callHook, connectAccount, createBlock, createBot, WHATSAPP } from '../helpers/scenario.ts';

const CREDENTIALS: Record<string, Record<string, unknown>> = {
  whatsapp: WHATSAPP.credentials,
  messenger: { pageAccessToken: 'EAAGrules-token', pageId: '918273645546372' },
  telegram: { botToken: '123456:ABCdefGHIjklMNOpqrSTUvwxYZ-rules' },
  slack: { botToken: 'xoxb-1234567890-rulesslacktoken' },
  sms: { accountSid: 'AC0123456789abcdef0123456789abcdef', authToken: 'rules-auth-token', from: '+14155550100' },
};

describe('channel rules checked up front', () => {
  let t: TestApp;
  let api: Api;

  beforeAll(async () => {
    t = await createTestApp();
    api = new Api(t.app, await t.token());
  });
  afterAll(() => t.close());

  async function botOn(channel: string): Promise<string> {
    const botId = await createBot(api);
    await connectAccount(api, botId, 'line', channel, { credentials: CREDENTIALS[channel] });
    return botId;
  }

  const buttons = (n: number, title = 'Yes') => Array.from({ length: n }, (_, i) => ({ id: `b${i}`, title }));

  it.each([
    ['whatsapp', { text: 'Pick one', buttons: buttons(4) }, '/reply/buttons', 'at most 3 buttons'],
    [
      'whatsapp',
      { text: 'Pick one', buttons: [{ id: 'a', title: 'A title of thirty-eight characters ok' }] },
      '/reply/buttons/0/title',
      'at most 20 characters',
    ],
    ['whatsapp', { text: 'x'.repeat(1025), buttons: buttons(1) }, '/reply/text', 'at most 1024 characters of text with buttons'],
    [
      'whatsapp',
      {
        text: 'Pick',
        buttons: [
          { id: 'same', title: 'A' },
          { id: 'same', title: 'B' },
        ],
      },
      '/reply/buttons/1/id',
      'differ',
    ],
    ['messenger', { text: 'x'.repeat(2001) }, '/reply/text', 'at most 2000 characters'],
    ['telegram', { text: 'Pick', buttons: [{ id: 'é'.repeat(33), title: 'A' }] }, '/reply/buttons/0/id', 'at most 64 bytes'],
    ['slack', { text: 'Pick', buttons: [{ id: 'a', title: 'x'.repeat(76) }] }, '/reply/buttons/0/title', 'at most 75 characters'],
    ['sms', { text: 'x'.repeat(1601) }, '/reply/text', 'at most 1600 characters'],
  ])('refuses on %s a reply that breaks its rules at create (case %#)', async (channel, reply, path, message) => {
    const botId = await botOn(channel);
    const res = await api.post(`/v1/bots/${botId}/webhooks`, { name: 'Rules', reply });
    expectProblem(res, 400, 'validation');
    expect(res.body.detail).toContain(channel);
    expect(res.body.errors).toEqual([expect.objectContaining({ path, message: expect.stringContaining(message) })]);
  });

  it('refuses the same at PATCH, also when the block moves to a stricter channel', async () => {
    const botId = await botOn('whatsapp');
    await connectAccount(api, botId, 'tg', 'telegram', { credentials: CREDENTIALS.telegram });
    const block = await createBlock(api, botId, {
      name: 'Rules',
      channel: 'telegram',
      account: 'tg',
      reply: { text: 'Pick', buttons: buttons(5) },
    });
    expectProblem(await api.patch(`/v1/bots/${botId}/webhooks/${block.id}`, { reply: { text: 'x'.repeat(4097) } }), 400, 'validation');
    const moved = await api.patch(`/v1/bots/${botId}/webhooks/${block.id}`, { channel: 'whatsapp', account: 'line' });
    expectProblem(moved, 400, 'validation');
    expect(moved.body.errors[0].path).toBe('/reply/buttons');
  });

  it('counts only a template’s own text at save: placeholders may render short', async () => {
    const botId = await botOn('whatsapp');
    const res = await api.post(`/v1/bots/${botId}/webhooks`, {
      name: 'Rules',
      reply: { text: 'Pick', buttons: [{ id: 'a', title: 'Track {{order_id}}' }] },
    });
    expect(res.status, res.text).toBe(201);
  });

  it('refuses a workflow block with a reply', async () => {
    const botId = await botOn('whatsapp');
    const res = await api.post(`/v1/bots/${botId}/webhooks`, { name: 'Flow', type: 'workflow', reply: { text: 'never sent' } });
    expectProblem(res, 400, 'validation');
    expect(res.body.errors).toEqual([{ path: '/reply', message: expect.stringContaining('workflow') }]);
    expect((await api.post(`/v1/bots/${botId}/webhooks`, { name: 'Flow', type: 'workflow' })).status).toBe(201);
  });

  it('flags in the preview a reply that this body renders past a limit', async () => {
    const botId = await botOn('whatsapp');
    const block = await createBlock(api, botId, {
      name: 'Rules',
      variables: [{ data: 'title', variable: 'title' }],
      reply: { text: 'Pick', buttons: [{ id: 'a', title: '{{title}}' }] },
    });
    const preview = (title: string) =>
      api.post(`/v1/bots/${botId}/webhooks/${block.id}/preview`, { body: { contact_reference_id: '+14155550123', title } });
    const long = await preview('A title of thirty-eight characters ok');
    expect(long.status, long.text).toBe(200);
    expect(long.body.warnings).toEqual([expect.stringMatching(/^\/reply\/buttons\/0\/title: whatsapp allows button titles of at most 20/)]);
    expect((await preview('Short')).body.warnings).toEqual([]);
  });

  it('escapes caller data in Slack mrkdwn, not the block’s own markup', async () => {
    const botId = await botOn('slack');
    const block = await createBlock(api, botId, {
      name: 'Invoice',
      variables: [{ data: 'name', variable: 'name' }],
      reply: { text: '*Hello* {{name}} <https://example.com|docs>' },
    });
    const res = await callHook(api, block.id, block.tokens.production, {
      contact_reference_id: 'U0123ABCDEF',
      name: '<!channel> <https://evil.example|your invoice> & co',
    });
    expect(res.status, res.text).toBe(202);
    expect(res.body.reply.text).toBe(
      '*Hello* &lt;!channel&gt; &lt;https://evil.example|your invoice&gt; &amp; co <https://example.com|docs>',
    );
  });

  it('warns at create and PATCH about placeholders nothing can fill', async () => {
    const botId = await botOn('whatsapp');
    await createBlock(api, botId, { name: 'Profile', variables: [{ data: 'plan', variable: 'plan' }], reply: { text: 'Saved' } });
    const res = await api.post(`/v1/bots/${botId}/webhooks`, {
      name: 'Greet',
      variables: [{ data: 'name', variable: 'name' }],
      reply: { text: 'Hi {{name}} {{plan}} {{contact.plan}} {{sys_request_id}} {{nickname}} {{contact.city}}' },
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body.warnings).toEqual([
      'placeholder {{nickname}} is filled by no mapping, system variable or stored contact variable: it renders empty',
      'placeholder {{contact.city}} is filled by no mapping, system variable or stored contact variable: it renders empty',
    ]);
    const patched = await api.patch(`/v1/bots/${botId}/webhooks/${res.body.id}`, { reply: { text: 'Hi {{name}}' } });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body.warnings).toEqual([]);
  });
});
