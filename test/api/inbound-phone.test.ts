/** Phone contact references on whatsapp and sms blocks: international, national with a default country, invalid. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectProblem } from '../helpers/api.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { callHook, createBlock, createBot, WHATSAPP } from '../helpers/scenario.ts';

describe('phone contact references', () => {
  let t: TestApp;
  let api: Api;

  beforeAll(async () => {
    t = await createTestApp();
    api = new Api(t.app, await t.token());
  });
  afterAll(() => t.close());

  async function phoneBlock(account: Record<string, unknown>, block: Record<string, unknown>) {
    const botId = await createBot(api);
    const res = await api.post(`/v1/bots/${botId}/channels`, {
      channel: 'whatsapp',
      alias: 'wa',
      credentials: WHATSAPP.credentials,
      ...account,
    });
    expect(res.status, res.text).toBe(201);
    const created = await createBlock(api, botId, { name: 'Welcome', channel: 'whatsapp', reply: { text: 'Hi' }, ...block });
    return (contact: unknown) => callHook(api, created.id, created.tokens.production, { contact_reference_id: contact });
  }

  it('stores an international number in E.164', async () => {
    const call = await phoneBlock({}, {});
    const res = await call('+44 20 7946 0958');
    expect(res.status, res.text).toBe(202);
    expect(res.body.contact).toBe('+442079460958');
  });

  it('refuses a national number without a default country, rather than guessing one', async () => {
    const call = await phoneBlock({}, {});
    const res = await call('(415) 555-0123');
    expectProblem(res, 400, 'validation');
    expect(res.body.errors).toEqual([
      { path: '$.contact_reference_id', message: expect.stringMatching(/^contact reference needs a country code/) },
    ]);
  });

  it('reads a national number in the block’s default country, before the account’s', async () => {
    const call = await phoneBlock({ defaultCountry: 'GB' }, { defaultCountry: 'US' });
    const res = await call('(415) 555-0123');
    expect(res.status, res.text).toBe(202);
    expect(res.body.contact).toBe('+14155550123');
  });

  it('reads a national number in the account’s default country', async () => {
    const call = await phoneBlock({ defaultCountry: 'GB' }, {});
    const res = await call('020 7946 0958');
    expect(res.status, res.text).toBe(202);
    expect(res.body.contact).toBe('+442079460958');
  });

  it.each([
    ['+4155550123', 'it is too short'],
    ['+999 555 0123', 'its country calling code does not exist'],
    ['+1 415 555 012345', 'it is too long'],
  ])('refuses the invalid number %j with the reason', async (contact, reason) => {
    const call = await phoneBlock({}, {});
    const res = await call(contact);
    expectProblem(res, 400, 'validation');
    expect(res.body.errors[0].message).toContain(reason);
  });
});
