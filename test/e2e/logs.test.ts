/**
 * No token, secret or credential ever reaches the logs, even at debug level and on the error
 * paths: the set-up drives a service through admin calls, channel credentials and inbound calls
 * (good and bad) until it drains, and the tests search everything it printed for every sensitive
 * value used.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { deriveKeys } from '../../src/lib/crypto.ts';
import { HttpApi } from '../helpers/api.ts';
import { POLL } from '../helpers/clock.ts';
import { Receiver } from '../helpers/fakes/index.ts';
import { connectTestRedis, deletePrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.ts';
import { callHook, GREETING_BLOCK, setupInbound } from '../helpers/scenario.ts';
import { aSecret, type Exit, killAllServices, mintAdminToken, type ServiceProcess, startService } from '../helpers/service-process.ts';

const JWT = /eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]{10,}/;

describe('what the service logs', () => {
  const prefix = uniquePrefix();
  const secret = aSecret();
  const sensitive: string[] = [secret];
  let provider: Receiver;
  let service: ServiceProcess;
  let output = '';
  let exit: Exit | undefined;

  beforeAll(async () => {
    // Stands in for the WhatsApp Cloud API and rejects the access token, as Graph does.
    provider = await Receiver.start({
      status: 401,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ error: { message: 'Invalid OAuth access token.', type: 'OAuthException', code: 190 } }),
    });
    service = await startService({
      REDIS_URL: TEST_REDIS_URL,
      HOOKGATE_SECRET: secret,
      HOOKGATE_REDIS_PREFIX: prefix,
      HOOKGATE_ALLOW_PRIVATE_NETWORK: 'true',
      LOG_LEVEL: 'debug',
    });

    // Then drive the service once; the tests below only read what it logged.
    const adminToken = await mintAdminToken(secret);
    const readToken = await mintAdminToken(secret, 'ws1', 'read');
    const otherWorkspaceToken = await mintAdminToken(secret, 'ws-other');
    sensitive.push(adminToken, readToken, otherWorkspaceToken);
    const api = await HttpApi.connect(service.baseUrl, adminToken);

    const block = await setupInbound(api, GREETING_BLOCK);
    sensitive.push(block.tokens.production, block.tokens.development);
    const { botId } = block;

    const credentials = {
      whatsapp: { accessToken: `EAAG${crypto.randomUUID().replaceAll('-', '')}`, phoneNumberId: '106540352242922' },
      telegram: { botToken: `123456789:${crypto.randomUUID().replaceAll('-', '')}` },
      slack: { botToken: `xoxb-${crypto.randomUUID()}` },
      sms: { accountSid: `AC${crypto.randomUUID().replaceAll('-', '')}`, authToken: crypto.randomUUID(), from: '+14155550100' },
      http: { signingSecret: `http-signing-${crypto.randomUUID()}` },
    };
    for (const values of Object.values(credentials)) sensitive.push(...Object.values(values).filter((v) => v.length > 15));
    const providerUrl = provider.url('');
    for (const [channel, creds] of Object.entries(credentials)) {
      const res = await api.post(`/v1/bots/${botId}/channels`, {
        channel,
        alias: `${channel}-line`,
        credentials: creds,
        config: channel === 'http' ? { url: `${providerUrl}/replies` } : { apiBaseUrl: providerUrl },
      });
      expect(res.status, res.text).toBe(201);
      expect(res.text).not.toContain(Object.values(creds)[0]);
    }
    // Rejected credentials are no more loggable than accepted ones.
    const rejected = `not-a-telegram-token-${crypto.randomUUID()}`;
    sensitive.push(rejected);
    expect(
      (await api.post(`/v1/bots/${botId}/channels`, { channel: 'telegram', alias: 'bad', credentials: { botToken: rejected } })).status,
    ).toBe(400);
    const channels = (await api.get(`/v1/bots/${botId}/channels`)).body.data as any[];
    const whatsapp = channels.find((a) => a.channel === 'whatsapp');
    const replaced = `EAAG${crypto.randomUUID().replaceAll('-', '')}`;
    sensitive.push(replaced);
    expect(
      (
        await api.patch(`/v1/bots/${botId}/channels/${whatsapp.id}`, {
          credentials: { accessToken: replaced, phoneNumberId: '106540352242922' },
        })
      ).status,
    ).toBe(200);

    // A block that replies through WhatsApp, whose provider refuses the credentials.
    const waBlock = await api.post(`/v1/bots/${botId}/webhooks`, {
      name: 'WhatsApp greeting',
      type: 'conversational',
      channel: 'whatsapp',
      account: 'whatsapp-line',
      variables: [{ data: 'data.name', variable: 'customer_name' }],
      reply: { text: 'Hi {{customer_name}}' },
    });
    expect(waBlock.status, waBlock.text).toBe(201);
    sensitive.push(waBlock.body.tokens.production, waBlock.body.tokens.development);
    const samples = await api.get(`/v1/bots/${botId}/webhooks/${block.webhook.id}/samples`);
    expect(samples.status).toBe(200);
    const rotate = { environment: 'production', gracePeriodSeconds: 60 };
    const rotated = await api.post(`/v1/bots/${botId}/webhooks/${block.webhook.id}/rotate-token`, rotate);
    expect(rotated.status, rotated.text).toBe(200);
    sensitive.push(rotated.body.token);

    const good = await callHook(api, block.webhook.id, rotated.body.token, { contact_reference_id: 'c-1', data: { name: 'Ada' } });
    expect(good.status).toBe(202);
    const graced = await callHook(api, block.webhook.id, block.tokens.production, { contact_reference_id: 'c-1', data: { name: 'Bo' } });
    expect(graced.status).toBe(202);
    const dev = await callHook(api, block.webhook.id, block.tokens.development, { contact_reference_id: 'c-1', data: { name: 'Cy' } });
    expect(dev.status).toBe(202);
    const waCall = { contact_reference_id: '+14155550123', data: { name: 'Di' } };
    const wa = await callHook(api, waBlock.body.id, waBlock.body.tokens.production, waCall);
    expect(wa.status).toBe(202);

    // The failing tokens: forged, another webhook's, an admin token on an inbound URL, and back.
    const forged = `${block.tokens.production.split('.').slice(0, 2).join('.')}.${Buffer.from(crypto.randomUUID()).toString('base64url')}`;
    sensitive.push(forged);
    expect((await callHook(api, block.webhook.id, forged, { contact_reference_id: 'c-1' })).status).toBe(401);
    expect((await callHook(api, block.webhook.id, waBlock.body.tokens.production, { contact_reference_id: 'c-1' })).status).toBe(401);
    expect((await callHook(api, block.webhook.id, adminToken, { contact_reference_id: 'c-1' })).status).toBe(401);
    expect((await api.withToken(block.tokens.development).get('/v1/bots')).status).toBe(401);
    expect((await api.withToken(readToken).post('/v1/bots', { name: 'x' })).status).toBe(403);
    expect((await api.withToken(otherWorkspaceToken).get(`/v1/bots/${botId}`)).status).toBe(404);
    const traced = await fetch(`${service.baseUrl}/v1/bots`, {
      headers: { authorization: `Bearer ${adminToken}`, 'x-request-id': 'e2e-log-trace-1' },
    });
    expect(traced.headers.get('x-request-id')).toBe('e2e-log-trace-1');

    // Let the replies go out (and the WhatsApp one fail), so the worker's logs are included.
    await vi.waitFor(async () => {
      const sandbox = (await api.get(`/v1/bots/${botId}/channels/${block.accountId}/messages`)).body.data;
      expect(sandbox.length).toBeGreaterThanOrEqual(3);
    }, POLL);
    await vi.waitFor(async () => {
      const [entry] = (await api.get(`/v1/bots/${botId}/webhooks/${waBlock.body.id}/activity`)).body.data;
      expect(entry?.reply?.status).toBeOneOf(['sending', 'retrying', 'sent', 'failed']);
    }, POLL);

    service.child.kill('SIGTERM');
    exit = await service.exited;
    output = service.stdout() + service.stderr();
  }, 120_000);

  afterAll(async () => {
    await killAllServices();
    await provider?.close();
    const client = await connectTestRedis();
    await deletePrefix(client, prefix);
    await client.close();
  });

  it('drains and exits 0 after admin calls, channel credentials and inbound calls, good and bad', () => {
    expect(exit).toEqual({ code: 0, signal: null });
  });

  it('logged the requests at debug level (so the search below has something to search)', () => {
    expect(output).toContain('e2e-log-trace-1');
    const lines = output.split('\n').filter((l) => l.startsWith('{'));
    const requests = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'request');
    expect(requests.map((r) => r.status)).toEqual(expect.arrayContaining([201, 202, 401, 403, 404]));
    expect(output).toContain('drained');
  });

  it('never prints a token, the secret, a key derived from it, or a channel credential', () => {
    expect(output.length).toBeGreaterThan(0);
    const keys = deriveKeys(secret);
    for (const key of [keys.webhookToken, keys.credentials]) {
      const bytes = Buffer.from(key);
      sensitive.push(bytes.toString('base64'), bytes.toString('base64url'), bytes.toString('hex'));
    }
    for (const value of sensitive) {
      expect(output.includes(value), `a sensitive value (${value.slice(0, 6)}…) appears in the output`).toBe(false);
      // A token's signature alone is as good as the token.
      const signature = value.split('.')[2];
      if (signature && signature.length >= 20)
        expect(output.includes(signature), `a token signature (${signature.slice(0, 6)}…) appears`).toBe(false);
    }
    expect(output).not.toMatch(JWT);
  });
});
