/** Setting up what a scenario needs through Hookgate's admin API, as an operator would. */
import { deriveKeys } from '../src/lib/crypto.ts';
import { AdminTokens } from '../src/lib/tokens.ts';

export const BENCH_WORKSPACE = 'bench';

export function adminToken(secret: string): Promise<string> {
  return new AdminTokens(deriveKeys(secret).admin, { jwksUrl: null, maxLifetimeSeconds: 366 * 24 * 3600 }).mint(
    { workspaceId: BENCH_WORKSPACE, scope: 'admin' },
    3600,
  );
}

export class AdminApi {
  readonly baseUrl: string;
  readonly token: string;

  constructor(baseUrl: string, token: string) {
    this.baseUrl = baseUrl;
    this.token = token;
  }

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.baseUrl}/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} /v1${path} → ${res.status}: ${text.slice(0, 500)}`);
    return (text ? JSON.parse(text) : null) as T;
  }
}

export interface InboundBlockSpec {
  channel: { channel: string; alias: string; credentials?: Record<string, unknown>; config?: Record<string, unknown> };
  variables: { data: string; variable: string }[];
  reply: string;
}

export interface InboundBlock {
  botId: string;
  webhookId: string;
  url: string;
  token: string;
}

/**
 * A bot, a channel account and a conversational block with the spec's mappings and reply; the
 * block's rate limit is then raised to 100,000 calls per second with a PATCH (the API's maximum),
 * so the benchmark measures throughput, not the limiter.
 */
export async function createInboundBlock(api: AdminApi, name: string, spec: InboundBlockSpec): Promise<InboundBlock> {
  const bot = await api.call<{ id: string }>('POST', '/bots', { name });
  await api.call('POST', `/bots/${bot.id}/channels`, spec.channel);
  const block = await api.call<{ id: string; tokens: { production: string } }>('POST', `/bots/${bot.id}/webhooks`, {
    name: `${name} block`,
    type: 'conversational',
    channel: spec.channel.channel,
    account: spec.channel.alias,
    contactReference: '$.contact_reference_id',
    variables: spec.variables,
    reply: { text: spec.reply },
  });
  const patched = await api.call<{ rateLimit: { limit: number } }>('PATCH', `/bots/${bot.id}/webhooks/${block.id}`, {
    rateLimit: { limit: 100_000, periodSeconds: 1 },
  });
  if (patched.rateLimit.limit !== 100_000) throw new Error('the rate limit was not raised');
  return { botId: bot.id, webhookId: block.id, url: `${api.baseUrl}/hooks/${block.id}`, token: block.tokens.production };
}
