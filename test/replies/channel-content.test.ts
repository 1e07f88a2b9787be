/**
 * Reply content on Messenger, Telegram, Slack and SMS end to end against fake providers: the exact
 * request for each message kind and channel option, several messages in order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api } from '../helpers/api.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import {
  type FakeProvider,
  startFakeMessenger,
  startFakeReceiver,
  startFakeSlack,
  startFakeTelegram,
  startFakeTwilio,
} from '../helpers/fakes/index.ts';
import { callHook, connectAccount, createBlock, createBot, replyReaches } from '../helpers/scenario.ts';

const MESSENGER = { pageAccessToken: 'EAAGcontent-messenger-token-77', pageId: '918273645546372' };
const TELEGRAM = { botToken: '123456:ABCdefGHIjklMNOpqrSTUvwxYZ-content' };
const SLACK = { botToken: 'xoxb-1234567890-contentslacktoken' };
const TWILIO = { accountSid: 'AC0123456789abcdef0123456789abcdef', authToken: 'content-twilio-auth-token-1' };

describe('reply content per channel', () => {
  let t: TestApp;
  let api: Api;
  let workers: { stop(): Promise<void> };
  const fakes: FakeProvider[] = [];

  beforeAll(async () => {
    t = await createTestApp({ env: { HOOKGATE_ALLOW_PRIVATE_NETWORK: 'true' } });
    api = new Api(t.app, await t.token());
    workers = t.startWorkers();
  });
  afterAll(async () => {
    await workers.stop();
    await Promise.all(fakes.map((f) => f.close()));
    await t.close();
  });

  async function run(channel: string, credentials: Record<string, unknown>, fake: FakeProvider, contact: string, reply: unknown) {
    fakes.push(fake);
    const botId = await createBot(api);
    const config = channel === 'http' ? { url: `${fake.origin}/replies` } : { apiBaseUrl: fake.apiBaseUrl };
    await connectAccount(api, botId, 'line', channel, { credentials, config });
    const block = await createBlock(api, botId, {
      name: 'Content',
      variables: [{ data: 'name', variable: 'name' }],
      reply,
    });
    const res = await callHook(api, block.id, block.tokens.production, {
      contact_reference_id: contact,
      name: 'Ada <b>_x_</b> & <!channel>',
    });
    expect(res.status, res.text).toBe(202);
    const reply_ = await replyReaches(api, { botId, webhookId: block.id, token: '', accountId: '' }, res.body.reply.messageId, 'sent');
    expect(fake.violations).toEqual([]);
    return { requests: fake.requests, reply: reply_ };
  }

  it('messenger: a tagged update, then an image attachment by URL', async () => {
    const fake = await startFakeMessenger(MESSENGER);
    const { requests } = await run('messenger', { ...MESSENGER }, fake, '6543210987654321', [
      { text: 'Order update for {{name}}', messagingType: 'MESSAGE_TAG', tag: 'POST_PURCHASE_UPDATE' },
      { media: { kind: 'image', url: 'https://cdn.example.com/receipt.png' }, messagingType: 'UPDATE' },
    ]);
    expect(requests.map((r) => JSON.parse(r.body))).toEqual([
      {
        recipient: { id: '6543210987654321' },
        messaging_type: 'MESSAGE_TAG',
        tag: 'POST_PURCHASE_UPDATE',
        message: { text: 'Order update for Ada <b>_x_</b> & <!channel>' },
      },
      {
        recipient: { id: '6543210987654321' },
        messaging_type: 'UPDATE',
        message: { attachment: { type: 'image', payload: { url: 'https://cdn.example.com/receipt.png', is_reusable: true } } },
      },
    ]);
  });

  it('telegram: HTML parse_mode with caller data escaped, then a document with a caption', async () => {
    const fake = await startFakeTelegram(TELEGRAM);
    const { requests } = await run('telegram', TELEGRAM, fake, '987654321', [
      { text: '<b>Hello</b> {{name}}', parseMode: 'HTML' },
      { media: { kind: 'document', url: 'https://cdn.example.com/a.pdf', caption: '*Invoice* for {{name}}' }, parseMode: 'MarkdownV2' },
    ]);
    expect(requests.map((r) => r.path.replace(/^\/bot[^/]+/, ''))).toEqual(['/sendMessage', '/sendDocument']);
    expect(JSON.parse(requests[0]!.body)).toEqual({
      chat_id: '987654321',
      text: '<b>Hello</b> Ada &lt;b&gt;_x_&lt;/b&gt; &amp; &lt;!channel&gt;',
      parse_mode: 'HTML',
    });
    expect(JSON.parse(requests[1]!.body)).toEqual({
      chat_id: '987654321',
      document: 'https://cdn.example.com/a.pdf',
      caption: '*Invoice* for Ada <b\\>\\_x\\_</b\\> & <\\!channel\\>',
      parse_mode: 'MarkdownV2',
    });
  });

  it('slack: the block’s Block Kit with caller data escaped, then an image block', async () => {
    const fake = await startFakeSlack(SLACK);
    const { requests } = await run('slack', SLACK, fake, 'C123ABC456', [
      { text: 'Hi {{name}}', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*Hi* {{name}}' } }] },
      { media: { kind: 'image', url: 'https://cdn.example.com/chart.png', caption: 'Chart' } },
    ]);
    expect(requests.map((r) => JSON.parse(r.body))).toEqual([
      {
        channel: 'C123ABC456',
        text: 'Hi Ada &lt;b&gt;_x_&lt;/b&gt; &amp; &lt;!channel&gt;',
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*Hi* Ada &lt;b&gt;_x_&lt;/b&gt; &amp; &lt;!channel&gt;' } }],
      },
      {
        channel: 'C123ABC456',
        text: 'Chart',
        blocks: [{ type: 'image', image_url: 'https://cdn.example.com/chart.png', alt_text: 'Chart' }],
      },
    ]);
  });

  it('sms: text with a mediaUrl (MMS), then media with a caption', async () => {
    const fake = await startFakeTwilio(TWILIO);
    const { requests } = await run('sms', { ...TWILIO, from: '+14155550100' }, fake, '+14155550123', [
      { text: 'Your receipt', mediaUrl: 'https://cdn.example.com/r.png' },
      { media: { kind: 'image', url: 'https://cdn.example.com/map.png', caption: 'Find us' } },
    ]);
    expect(requests.map((r) => Object.fromEntries(new URLSearchParams(r.body)))).toEqual([
      { To: '+14155550123', From: '+14155550100', Body: 'Your receipt', MediaUrl: 'https://cdn.example.com/r.png' },
      { To: '+14155550123', From: '+14155550100', Body: 'Find us', MediaUrl: 'https://cdn.example.com/map.png' },
    ]);
  });

  it('http: each message of a reply has an id of its own; media comes whole', async () => {
    const fake = await startFakeReceiver();
    const { requests, reply } = await run('http', {}, fake, 'user-1', [
      { text: 'Hi {{name}}' },
      { media: { kind: 'video', url: 'https://cdn.example.com/v.mp4', caption: 'Watch' } },
    ]);
    const bodies = requests.map((r) => JSON.parse(r.body));
    expect(bodies.map((b) => b.id)).toEqual([reply.messageId, `${reply.messageId}.1`]);
    expect(bodies[0]).not.toHaveProperty('message');
    expect(bodies[1]).toMatchObject({
      text: 'Watch',
      message: { kind: 'media', media: { kind: 'video', url: 'https://cdn.example.com/v.mp4', caption: 'Watch' } },
    });
  });
});
