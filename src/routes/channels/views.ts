import type { ChannelAccount } from '../../domain/types.ts';
import { splitConfigHeaders } from './checks.ts';

/** A channel account as the API shows it: the names of its credential fields, never their values. */
export function channelView(account: ChannelAccount) {
  return {
    id: account.id,
    botId: account.botId,
    channel: account.channel,
    alias: account.alias,
    // Header values are write-only, also on accounts stored before they were sealed.
    config: splitConfigHeaders(account.config).config,
    active: account.active,
    testRecipients: account.testRecipients ?? [],
    defaultCountry: account.defaultCountry ?? null,
    credentialsSet: account.credentialFields,
    createdAt: account.createdAt,
    updatedAt: account.updatedAt,
  };
}
