/**
 * The whole path a bot builder takes, against a real service process on real Redis: set up a
 * block, paste its cURL samples into bash, and see the variables, the reply and the events. The
 * block and the production sample's call are set up once; each test checks one thing they led to.
 * Run on one Redis (flow.test.ts) and on a Redis Cluster (cluster.test.ts).
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type ApiResponse, HttpApi } from '../helpers/api.ts';
import { POLL } from '../helpers/clock.ts';
import { type CreatedWebhook, connectAccount, createBlock, createBot } from '../helpers/scenario.ts';
import { aSecret, baseEnv, killAllServices, type ServiceProcess, startService, tokenFromCli } from '../helpers/service-process.ts';

const hasCurl = spawnSync('curl', ['--version'], { stdio: 'ignore' }).status === 0;

interface CurlResult {
  status: number;
  body: any;
}

/**
 * Runs a cURL sample verbatim with `bash -c`. The status code comes from a private `.curlrc`
 * (`write-out`), so the sample string itself is never edited.
 */
async function runCurl(sample: string): Promise<CurlResult> {
  const home = mkdtempSync(join(tmpdir(), 'hookgate-curl-'));
  try {
    writeFileSync(join(home, '.curlrc'), 'silent\nwrite-out = "\\n%{http_code}"\n');
    const run = promisify(execFile);
    const { stdout } = await run('bash', ['-c', sample], { env: { ...baseEnv(), HOME: home, CURL_HOME: home }, timeout: 20_000 });
    const cut = stdout.lastIndexOf('\n');
    const text = stdout.slice(0, cut);
    return { status: Number(stdout.slice(cut + 1)), body: text ? JSON.parse(text) : null };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/** Where a flow's service keeps its data: its environment's Redis settings, and how to clear it. */
export interface FlowStore {
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

/** The flow on a store that `store` sets up (in the suite's beforeAll). */
export function describeFlow(name: string, store: () => Promise<FlowStore>): void {
  describe.skipIf(!hasCurl)(`a webhook block end to end (service process, ${name}, curl)`, () => {
    let env: Record<string, string>;
    let cleanup: () => Promise<void>;
    let service: ServiceProcess;
    let api: HttpApi;
    let botId: string;
    let accountId: string;
    let webhookId: string;
    let block: CreatedWebhook;
    let samplesRes: ApiResponse;
    let samples: any;
    let production: CurlResult;

    beforeAll(async () => {
      const stored = await store();
      env = { ...stored.env, HOOKGATE_SECRET: aSecret() };
      cleanup = stored.cleanup;
      service = await startService(env);
      api = await HttpApi.connect(service.baseUrl, await tokenFromCli(env, 'ws1'));
    }, 60_000);

    beforeAll(async () => {
      botId = await createBot(api, 'Shop assistant');
      accountId = await connectAccount(api, botId, 'shop-sandbox');
      block = await createBlock(api, botId, {
        name: 'Order shipped',
        type: 'conversational',
        channel: 'sandbox',
        account: 'shop-sandbox',
        variables: [
          { data: 'data.name', variable: 'customer_name' },
          { data: '$.data.order.id', variable: 'order_id', required: true },
        ],
        reply: { text: 'Hi {{customer_name}}, order {{order_id}} has shipped.' },
      });
      webhookId = block.id;
      samplesRes = await api.get(`/v1/bots/${botId}/webhooks/${webhookId}/samples`);
      samples = samplesRes.body;
      production = await runCurl(samples.production.curl);
    }, 30_000);

    afterAll(async () => {
      await killAllServices();
      await cleanup?.();
    });

    const sandboxMessages = async () => (await api.get(`/v1/bots/${botId}/channels/${accountId}/messages?limit=100`)).body.data as any[];
    /** The sandbox's copy of a reply, once the worker has delivered it. */
    const delivered = (messageId: string) =>
      vi.waitFor(async () => {
        const message = (await sandboxMessages()).find((m) => m.messageId === messageId);
        expect(message, `reply ${messageId} in the sandbox`).toBeDefined();
        return message;
      }, POLL);

    it('gives the block its public URL and issues cURL samples for it', async () => {
      expect(block.url).toBe(`${service.baseUrl}/hooks/${webhookId}`);
      expect(samplesRes.status, samplesRes.text).toBe(200);
      expect(samples.production.curl).toContain(`${service.baseUrl}/hooks/${webhookId}`);
      expect(samples.production.curl).toContain(samples.production.token);
      expect(samples.development.curl).toContain(samples.development.token);
    });

    it('accepts the production cURL sample pasted into bash verbatim', async () => {
      expect(production.status, JSON.stringify(production.body)).toBe(202);
      const { name, order } = samples.production.body.data;
      expect(production.body).toMatchObject({
        requestId: expect.stringMatching(/^req_/),
        webhookId,
        type: 'conversational',
        environment: 'production',
        contact: expect.any(String),
        variables: { customer_name: name, order_id: order.id },
        reply: {
          messageId: expect.any(String),
          status: 'queued',
          channel: 'sandbox',
          account: 'shop-sandbox',
          text: `Hi ${name}, order ${order.id} has shipped.`,
        },
      });
    });

    it('stores the extracted variables on the contact', async () => {
      const res = await api.get(`/v1/bots/${botId}/contacts/${encodeURIComponent(production.body.contact)}/variables`);
      expect(res.status, res.text).toBe(200);
      expect(res.body).toMatchObject({ contact: production.body.contact, environment: 'production', variables: production.body.variables });
    });

    it('delivers the rendered reply to the sandbox account', async () => {
      const message = await delivered(production.body.reply.messageId);
      expect(message).toMatchObject({ contact: production.body.contact, text: production.body.reply.text, environment: 'production' });
    });

    it('keeps a development call apart from production', async () => {
      const before = await api.get(`/v1/bots/${botId}/contacts/${encodeURIComponent(production.body.contact)}/variables`);
      const dev = await runCurl(samples.development.curl);
      expect(dev.status, JSON.stringify(dev.body)).toBe(202);
      expect(dev.body).toMatchObject({ environment: 'development', webhookId, reply: { status: 'queued', account: 'shop-sandbox' } });

      const devVars = await api.get(`/v1/bots/${botId}/contacts/${encodeURIComponent(dev.body.contact)}/variables?environment=development`);
      expect(devVars.status, devVars.text).toBe(200);
      expect(devVars.body).toMatchObject({ environment: 'development', variables: dev.body.variables });
      const after = await api.get(`/v1/bots/${botId}/contacts/${encodeURIComponent(production.body.contact)}/variables`);
      expect(after.body).toEqual(before.body);

      const message = await delivered(dev.body.reply.messageId);
      expect(message.environment).toBe('development');

      const activityLog = async () => (await api.get(`/v1/bots/${botId}/webhooks/${webhookId}/activity`)).body.data as any[];
      await expect.poll(async () => (await activityLog()).map((a) => a.reply?.status), POLL).toEqual(['sent', 'sent']);
      const activity = await activityLog();
      expect(activity.map((a) => [a.requestId, a.environment])).toEqual([
        [dev.body.requestId, 'development'],
        [production.body.requestId, 'production'],
      ]);
    });

    it('records webhook.received and workflow.triggered for a workflow block, and sends nothing', async () => {
      const workflow = await api.post(`/v1/bots/${botId}/webhooks`, {
        name: 'Lead captured',
        type: 'workflow',
        variables: [{ data: 'lead.email', variable: 'email', required: true }],
      });
      expect(workflow.status, workflow.text).toBe(201);
      const workflowSamples = await api.get(`/v1/bots/${botId}/webhooks/${workflow.body.id}/samples`);
      const call = await runCurl(workflowSamples.body.production.curl);
      expect(call.status, JSON.stringify(call.body)).toBe(202);
      const { email } = workflowSamples.body.production.body.lead;
      expect(call.body).toMatchObject({ type: 'workflow', environment: 'production', variables: { email } });
      expect(call.body.reply).toBeUndefined();

      const activity = await api.get(`/v1/bots/${botId}/webhooks/${workflow.body.id}/activity`);
      expect(activity.body.data).toMatchObject([{ requestId: call.body.requestId, reply: null }]);

      const events = (await api.get(`/v1/bots/${botId}/events?limit=100`)).body.data as any[];
      const ofCall = events.filter((e) => e.data?.requestId === call.body.requestId);
      expect(ofCall.map((e) => e.type).sort()).toEqual(['webhook.received', 'workflow.triggered']);
      for (const event of ofCall) {
        expect(event).toMatchObject({ environment: 'production', data: { webhookId: workflow.body.id, variables: call.body.variables } });
      }
    });
  });
}
