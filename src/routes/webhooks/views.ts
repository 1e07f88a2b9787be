import type { Context } from 'hono';
import type { WebhookBlock } from '../../domain/types.ts';
import type { AppEnv } from '../../http/env.ts';
import type { Services } from '../../services.ts';
import { loadWebhook } from '../loaders.ts';
import { type Revealed, verificationView } from './verification.ts';

export function webhookUrl(services: Services, webhookId: string): string {
  return `${services.config.publicBaseUrl}/hooks/${webhookId}`;
}

/** A block as the API shows it: its URL, never its token state or secrets (`revealed`: the ones just generated). */
export function webhookView(services: Services, block: WebhookBlock, revealed?: Revealed) {
  const { tokens: _tokens, workspaceId: _ws, verification: _v, ...rest } = block;
  return {
    ...rest,
    verification: verificationView(block, revealed),
    defaultCountry: block.defaultCountry ?? null,
    fallbackTemplate: block.fallbackTemplate ?? null,
    url: webhookUrl(services, block.id),
  };
}

/**
 * The blocks with their accounts' current aliases. Blocks point at their account by id; the alias stored
 * with a block goes stale when the account is renamed, and views, samples and previews show the live one.
 */
export async function withLiveAlias(services: Services, blocks: WebhookBlock[]): Promise<WebhookBlock[]> {
  if (blocks.length === 0) return blocks;
  const aliases = new Map((await services.store.listChannels(blocks[0]!.botId)).map((a) => [a.id, a.alias]));
  return blocks.map((b) => {
    const alias = aliases.get(b.accountId);
    return alias !== undefined && alias !== b.account ? { ...b, account: alias } : b;
  });
}

/** loadWebhook, with the account's current alias. */
export async function loadLiveWebhook(c: Context<AppEnv>, botId: string, webhookId: string): Promise<WebhookBlock> {
  const [block] = await withLiveAlias(c.get('services'), [await loadWebhook(c, botId, webhookId)]);
  return block!;
}
