/** Pieces the end-to-end suites share: admin tokens, running a pasted cURL sample, a ready block. */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'vitest';
import { deriveKeys } from '../../src/lib/crypto.ts';
import { AdminTokens, type AdminScope } from '../../src/lib/tokens.ts';
import type { HttpApi } from './api.ts';
import { baseEnv, REPO_ROOT } from './service-process.ts';

const run = promisify(execFile);

/** A fresh secret of the length the service demands. */
export function aSecret(): string {
  return `e2e-${crypto.randomUUID()}-${crypto.randomUUID()}`;
}

/** An admin JWT for a service started with `secret`, minted as the service itself verifies them. */
export function mintAdminToken(secret: string, workspace = 'ws1', scope: AdminScope = 'admin'): Promise<string> {
  return new AdminTokens(deriveKeys(secret).admin, null).mint({ workspaceId: workspace, scope });
}

/** `npm run token -- --workspace <ws>`, as an operator runs it: the CLI with the service's env. */
export async function tokenFromCli(env: Record<string, string>, workspace: string): Promise<string> {
  const { stdout } = await run(process.execPath, ['src/cli/token.ts', '--workspace', workspace], {
    cwd: REPO_ROOT,
    env: { ...baseEnv(), ...env },
    timeout: 20_000,
  });
  return stdout.trim();
}

export interface CurlResult {
  status: number;
  body: any;
}

/**
 * Runs a cURL sample verbatim with `bash -c`. The status code comes from a private `.curlrc`
 * (`write-out`), so the sample string itself is never edited.
 */
export async function runCurl(sample: string): Promise<CurlResult> {
  const home = mkdtempSync(join(tmpdir(), 'hookgate-curl-'));
  try {
    writeFileSync(join(home, '.curlrc'), 'silent\nwrite-out = "\\n%{http_code}"\n');
    const { stdout } = await run('bash', ['-c', sample], { env: { ...baseEnv(), HOME: home, CURL_HOME: home }, timeout: 20_000 });
    const cut = stdout.lastIndexOf('\n');
    const text = stdout.slice(0, cut);
    return { status: Number(stdout.slice(cut + 1)), body: text ? JSON.parse(text) : null };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

export interface SandboxBlock {
  botId: string;
  accountId: string;
  webhookId: string;
  tokens: { production: string; development: string };
}

/** A bot with a sandbox account and a conversational block: `data.name` → customer_name, reply greets. */
export async function createSandboxBlock(api: HttpApi, block: Record<string, unknown> = {}): Promise<SandboxBlock> {
  const bot = await api.post('/v1/bots', { name: 'E2E bot' });
  expect(bot.status, bot.text).toBe(201);
  const account = await api.post(`/v1/bots/${bot.body.id}/channels`, { channel: 'sandbox', alias: 'e2e-sandbox' });
  expect(account.status, account.text).toBe(201);
  const webhook = await api.post(`/v1/bots/${bot.body.id}/webhooks`, {
    name: 'Greeting',
    type: 'conversational',
    variables: [{ data: 'data.name', variable: 'customer_name' }],
    reply: { text: 'Hi {{customer_name}}' },
    ...block,
  });
  expect(webhook.status, webhook.text).toBe(201);
  return { botId: bot.body.id, accountId: account.body.id, webhookId: webhook.body.id, tokens: webhook.body.tokens };
}

/** One inbound call, as an external system makes it. */
export function callHook(baseUrl: string, webhookId: string, token: string, body: unknown): Promise<Response> {
  return fetch(`${baseUrl}/hooks/${webhookId}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(20_000),
  });
}
