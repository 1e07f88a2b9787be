/**
 * The samples of every sender scheme, run verbatim (bash + curl + openssl, node, python) against a
 * live instance whose public URL is the one the samples call: accepted means the signing lines
 * sign exactly what is sent.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type ServerType, serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api } from '../helpers/api.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { createBlock, createBotWithSandbox, ORDER_BLOCK } from '../helpers/scenario.ts';
import { FORM_BLOCK, SENDERS } from '../helpers/senders.ts';

const run = promisify(execFile);
const available = (cmd: string, args: string[]) => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
const hasTools = available('curl', ['--version']) && available('openssl', ['version']);
const hasRequests = available('python3', ['-c', 'import requests']);

let t: TestApp;
let api: Api;
let botId: string;
let server: ServerType;
const dir = mkdtempSync(join(tmpdir(), 'hookgate-sender-samples-'));

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

beforeAll(async () => {
  const port = await freePort();
  t = await createTestApp({ env: { PUBLIC_BASE_URL: `http://127.0.0.1:${port}` } });
  server = serve({ fetch: t.app.fetch, port, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  api = new Api(t.app, await t.token());
  ({ botId } = await createBotWithSandbox(api, 'test'));
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Proxies would send 127.0.0.1 traffic elsewhere; the samples themselves are run untouched. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (/^(https?|all|no)_proxy$/i.test(key)) delete env[key];
  return env;
}

const schemes = [
  ...SENDERS.map((s) => ({ scheme: s.scheme, verification: s.verification(s.secret) })),
  { scheme: 'query-token', verification: { scheme: 'query-token' } },
];

describe.runIf(hasTools).each(schemes)('samples for $scheme, run verbatim', ({ scheme, verification }) => {
  let samples: any;

  beforeAll(async () => {
    const block = scheme === 'twilio' ? FORM_BLOCK : ORDER_BLOCK;
    const created = await createBlock(api, botId, { ...block, name: `${scheme} samples`, verification });
    samples = (await api.get(`/v1/bots/${botId}/webhooks/${created.id}/samples`)).body;
    expect(samples.scheme).toBe(scheme);
  });

  it('the shell sample (openssl + curl) is accepted, in production and development', async () => {
    for (const env of ['production', 'development'] as const) {
      const { stdout } = await run('bash', ['-c', samples[env].curl], { env: cleanEnv(), timeout: 15_000 });
      expect(JSON.parse(stdout), stdout).toMatchObject({ environment: env });
    }
    // Pasted again, a sample is a new call, not a sender's retry.
    const first = JSON.parse((await run('bash', ['-c', samples.production.curl], { env: cleanEnv(), timeout: 15_000 })).stdout);
    const second = JSON.parse((await run('bash', ['-c', samples.production.curl], { env: cleanEnv(), timeout: 15_000 })).stdout);
    expect(second.requestId).not.toBe(first.requestId);
  });

  it('the fetch sample is accepted', async () => {
    const file = join(dir, `${scheme}.mjs`);
    writeFileSync(file, samples.production.fetch);
    const { stdout } = await run(process.execPath, [file], { env: cleanEnv(), timeout: 15_000 });
    expect(stdout).toMatch(/^202 /);
  });

  it.runIf(hasRequests)('the Python sample is accepted', async () => {
    const { stdout } = await run('python3', ['-c', samples.development.python], { env: cleanEnv(), timeout: 15_000 });
    expect(stdout).toMatch(/^202 /);
  });
});

describe.runIf(hasTools)('samples as text', () => {
  it('gives the production and development cURL ready to paste', async () => {
    const created = await createBlock(api, botId, { ...ORDER_BLOCK, verification: { scheme: 'github', secret: 'text-sample-secret' } });
    const res = await api.get(`/v1/bots/${botId}/webhooks/${created.id}/samples?format=text`);
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(res.text).toMatch(/^# production\nbody='.*'\n/);
    expect(res.text).toContain('| openssl dgst -sha256 -mac HMAC');
    expect(res.text).toContain('# development\n');
    const production = res.text.split('\n\n# development\n')[0]!.replace('# production\n', '');
    const { stdout } = await run('bash', ['-c', production], { env: cleanEnv(), timeout: 15_000 });
    expect(JSON.parse(stdout)).toMatchObject({ environment: 'production' });
  });
});
