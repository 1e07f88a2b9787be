import type { ChannelAccount, Environment, JsonObject, WebhookBlock } from '../domain/types.ts';

export type AccountChoice =
  | { ok: true; account: ChannelAccount | null }
  | { ok: false; problem: 'validation' | 'unprocessable'; detail: string; errors: { path: string; message: string }[] };

/** Whether a call's body picks its own account: `channel_alias`/`account_alias`, development only. */
export function bodyChoosesAccount(environment: Environment, body: JsonObject): boolean {
  return environment === 'development' && (body.channel_alias !== undefined || body.account_alias !== undefined);
}

/**
 * The account a call replies through: the one a development body names, else the block's own,
 * which must still be active for a conversational block. Pure; `accounts` holds the bot's accounts
 * (or just the block's own when the body does not choose). Shared by POST /hooks and the preview.
 */
export function chooseAccount(
  block: WebhookBlock,
  environment: Environment,
  body: JsonObject,
  accounts: readonly ChannelAccount[],
): AccountChoice {
  if (bodyChoosesAccount(environment, body)) return accountNamedBy(body, accounts);
  return blockAccount(block, accounts.find((a) => a.id === block.accountId) ?? null);
}

/**
 * The block's own account (`account`: the one the config holds, null once deleted): refused when a
 * conversational block could not reply through it.
 */
export function blockAccount(block: WebhookBlock, account: ChannelAccount | null): AccountChoice {
  if (block.type === 'conversational' && !account?.active) {
    return {
      ok: false,
      problem: 'unprocessable',
      detail: 'The channel account this webhook replies through is no longer active.',
      errors: [{ path: '/account', message: `the channel account '${account?.alias ?? block.account}' is not active` }],
    };
  }
  return { ok: true, account };
}

function accountNamedBy(body: JsonObject, accounts: readonly ChannelAccount[]): AccountChoice {
  const { channel_alias: channelAlias, account_alias: accountAlias } = body;
  const errors = [
    ...(channelAlias !== undefined && typeof channelAlias !== 'string' ? [{ path: '/channel_alias', message: 'must be a string' }] : []),
    ...(accountAlias !== undefined && typeof accountAlias !== 'string' ? [{ path: '/account_alias', message: 'must be a string' }] : []),
  ];
  if (errors.length) return { ok: false, problem: 'validation', detail: 'The channel choice is not valid.', errors };
  const matches = accounts.filter(
    (a) =>
      a.active && (channelAlias === undefined || a.channel === channelAlias) && (accountAlias === undefined || a.alias === accountAlias),
  );
  if (matches.length === 1) return { ok: true, account: matches[0]! };
  const message = matches.length ? 'names more than one account; give channel_alias too' : 'no such active account';
  return {
    ok: false,
    problem: 'validation',
    detail: 'channel_alias and account_alias must name one active account of this bot.',
    errors: [{ path: '/account_alias', message }],
  };
}
