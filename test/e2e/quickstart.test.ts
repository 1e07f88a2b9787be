/**
 * The README's quick start, pasted as written: the service started as `npm start` starts it (memory
 * store), the banner's `export HG=… TOKEN=…` line, then every ```bash block of the Quick start
 * section run by bash, unedited. The call must land: the activity shows it.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { expectProblem, HttpApi } from '../helpers/api.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { POLL } from '../helpers/clock.ts';
import { createBlock, createBotWithSandbox } from '../helpers/scenario.ts';
import { killAllServices, type ServiceProcess, startService } from '../helpers/service-process.ts';

const run = promisify(execFile);
const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The ```bash blocks of the README's "Quick start" section, in order. */
function quickStartBlocks(readme: string): string[] {
  const start = readme.indexOf('\n## Quick start\n');
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end === -1 ? undefined : end);
  return [...section.matchAll(/^```bash\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
}

describe('the README quick start', () => {
  let service: ServiceProcess;
  let exportLine: string;
  let dir: string;

  beforeAll(async () => {
    service = await startService({});
    await service.waitForOutput(/^\s*export HG=\S+ TOKEN=\S+$/m);
    exportLine = service.stdout().match(/^\s*(export HG=\S+ TOKEN=\S+)$/m)![1]!;
    dir = mkdtempSync(join(tmpdir(), 'hookgate-quickstart-'));
  }, 60_000);

  afterAll(async () => {
    await killAllServices();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('has a block to paste, which talks to the service only through $HG', () => {
    const blocks = quickStartBlocks(README);
    expect(blocks.length).toBeGreaterThan(0);
    const script = blocks.join('\n');
    expect(script).toMatch(/^HG=\$\{HG:-http:\/\/localhost:8080\}/m);
    // Every URL is built on $HG, except the default itself.
    expect(script.replace(/\$\{HG:-http:\/\/localhost:8080\}/, '')).not.toMatch(/localhost|127\.0\.0\.1|https?:\/\//);
  });

  it('works when pasted into bash after the banner’s export line: the call lands in the activity', async () => {
    const script = `${exportLine}\n${quickStartBlocks(README).join('\n')}`;
    const env = { ...process.env };
    delete env.HG;
    delete env.TOKEN;
    const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', script], { cwd: dir, env, timeout: 60_000 });

    const token = exportLine.match(/TOKEN=(\S+)/)![1]!;
    const api = await HttpApi.connect(service.baseUrl, token);
    const bots = (await api.get('/v1/bots')).body.data;
    expect(bots.map((b: { name: string }) => b.name)).toEqual(['Demo']);
    const botId = bots[0].id;
    const hooks = (await api.get(`/v1/bots/${botId}/webhooks`)).body.data;
    expect(hooks).toHaveLength(1);
    const activity = (await api.get(`/v1/bots/${botId}/webhooks/${hooks[0].id}/activity`)).body.data;
    expect(activity).toHaveLength(1);
    expect(activity[0]).toMatchObject({ environment: 'production', variables: { customer_name: expect.any(String) } });
    // What the pasted cURL printed is that call's 202 body, and the last command showed it in the activity.
    expect(stdout).toContain(`{"requestId":"${activity[0].requestId}"`);
    expect(stdout.trimEnd().split('\n').at(-1)).toContain(activity[0].requestId);
    // The sample ran as `cat call.sh` showed it: the production cURL on PUBLIC_BASE_URL.
    expect(readFileSync(join(dir, 'call.sh'), 'utf8')).toMatch(new RegExp(`^# production\\ncurl -X POST '${service.baseUrl}/hooks/`));

    // The reply reaches the sandbox channel.
    const [account] = (await api.get(`/v1/bots/${botId}/channels`)).body.data;
    await vi.waitFor(async () => {
      const sent = (await api.get(`/v1/bots/${botId}/channels/${account.id}/messages`)).body.data;
      expect(sent.map((m: { text: string }) => m.text)).toEqual([`Hi ${activity[0].variables.customer_name}`]);
    }, POLL);
  }, 90_000);
});

describe('samples as plain text', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ store: 'memory' });
  });
  afterAll(() => t.close());

  it('gives both cURL commands, or the one environment asked for, and refuses an unknown environment', async () => {
    const { botId } = await createBotWithSandbox(t.api, 'test');
    const block = await createBlock(t.api, botId);
    const path = `/v1/bots/${botId}/webhooks/${block.id}/samples`;
    const both = await t.api.get(`${path}?format=text`);
    expect(both.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(both.text.match(/^# (\w+)$/gm)).toEqual(['# production', '# development']);

    const development = await t.api.get(`${path}?format=text&environment=development`);
    expect(development.text.match(/^# (\w+)$/gm)).toEqual(['# development']);
    expect(development.text).toContain(`Bearer ${block.tokens.development}`);
    expect(development.text).not.toContain(block.tokens.production);

    const production = await t.api.get(`${path}?environment=production`, { accept: 'text/plain' });
    expect(production.text.match(/^# (\w+)$/gm)).toEqual(['# production']);

    const bad = await t.api.get(`${path}?format=text&environment=staging`);
    expectProblem(bad, 400, 'validation');
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['environment']);
  });
});
