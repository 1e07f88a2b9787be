import type { Context } from 'hono';
import { replyProblems } from '../../channels/rules.ts';
import type { Channel, ChannelAccount, WebhookBlock } from '../../domain/types.ts';
import type { AppEnv } from '../../http/env.ts';
import { ApiError } from '../../http/errors.ts';

/**
 * The active account a block replies through. With neither channel nor account given, the bot's
 * only active account; a bot without one cannot have webhooks yet.
 */
export async function resolveAccount(c: Context<AppEnv>, botId: string, channel?: Channel, account?: string): Promise<ChannelAccount> {
  const active = (await c.get('services').store.listChannels(botId)).filter((a) => a.active);
  if (active.length === 0) {
    throw new ApiError('unprocessable', `This bot has no active channel account. Connect a channel first: POST /v1/bots/${botId}/channels`);
  }
  const matches = active.filter((a) => (!channel || a.channel === channel) && (!account || a.alias === account || a.id === account));
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) {
    throw new ApiError('validation', 'Choose the channel account this webhook replies through.', {
      errors: [{ path: '/account', message: `one of: ${matches.map((a) => `${a.channel}/${a.alias}`).join(', ')}` }],
    });
  }
  const names = active.map((a) => `${a.channel}/${a.alias}`).join(', ');
  throw new ApiError('unprocessable', `No active ${channel ?? ''} account '${account ?? ''}' on this bot.`.replace(/\s+/g, ' '), {
    errors: [{ path: '/account', message: `must name an active account; active: ${names}` }],
  });
}

/**
 * A conversational block needs a reply and a workflow block must not have one (it would never be
 * sent); the reply must fit what the channel's provider accepts (CHANNEL_RULES), so it is refused
 * here rather than failing at send time.
 */
export function checkReply(
  type: WebhookBlock['type'],
  reply: WebhookBlock['reply'],
  channel: Channel,
  fallbackTemplate?: WebhookBlock['fallbackTemplate'],
): void {
  if (type === 'conversational' && !reply) {
    throw new ApiError('validation', 'A conversational webhook needs a reply.', {
      errors: [{ path: '/reply', message: 'required when type is conversational' }],
    });
  }
  if (type === 'workflow' && reply) {
    throw new ApiError('validation', 'A workflow webhook sends no reply.', {
      errors: [{ path: '/reply', message: 'must be null or absent when type is workflow' }],
    });
  }
  if (!reply) return;
  const problems = replyProblems(channel, Array.isArray(reply) ? reply : [reply], false, Array.isArray(reply));
  if (fallbackTemplate && channel !== 'whatsapp') {
    problems.push({ path: '/fallbackTemplate', message: `${channel} has no template messages; fallbackTemplate is for whatsapp` });
  }
  if (problems.length > 0) throw new ApiError('validation', `The reply does not fit the ${channel} channel.`, { errors: problems });
}
