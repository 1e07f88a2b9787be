/** Rules a channel account must meet beyond its request schema, shared by create and update. */
import type { Context } from 'hono';
import { SEALED_HEADERS } from '../../channels/sealed-headers.ts';
import type { Channel, ChannelAccount, JsonObject } from '../../domain/types.ts';
import type { AppEnv } from '../../http/env.ts';
import { ApiError, type FieldError } from '../../http/errors.ts';
import { fieldErrors } from '../../http/validation.ts';
import { normalizeContactReference } from '../../inbound/contact.ts';
import { HttpRequestError } from '../../net/http-client.ts';

export { splitConfigHeaders } from '../../channels/sealed-headers.ts';

import { CREDENTIALS } from './schemas.ts';

/**
 * Test recipients in the form contacts are stored in (E.164 for phone channels, read in the
 * account's defaultCountry), so that a development call's contact matches them; 400 naming each bad one.
 */
export function normalizeRecipients(channel: Channel, recipients: readonly string[], defaultCountry: string | null): string[] {
  const errors: { path: string; message: string }[] = [];
  const out: string[] = [];
  recipients.forEach((raw, i) => {
    const result = normalizeContactReference(channel, raw, defaultCountry);
    if (result.ok) out.push(result.value);
    else errors.push({ path: `/testRecipients/${i}`, message: result.message });
  });
  if (errors.length > 0) throw new ApiError('validation', `The test recipients are not valid ${channel} contacts.`, { errors });
  return [...new Set(out)];
}

export function checkConfig(channel: Channel, config: JsonObject): void {
  if (channel === 'http' && typeof config.url !== 'string') {
    throw new ApiError('validation', 'An http channel needs config.url.', {
      errors: [{ path: '/config/url', message: 'required for the http channel' }],
    });
  }
  if (channel !== 'livechat' && config.allowedOrigins !== undefined) {
    throw new ApiError('validation', 'Only a livechat account has browser origins.', {
      errors: [{ path: '/config/allowedOrigins', message: 'only for the livechat channel (its widget stream)' }],
    });
  }
}

/**
 * Destinations in the config (`url`, `apiBaseUrl`) are checked as subscriptions' are: a literal
 * private or reserved address is refused now (a host name is checked on what it resolves to, at send).
 */
export function checkConfigDestinations(c: Context<AppEnv>, config: JsonObject): void {
  const errors: FieldError[] = [];
  for (const field of ['url', 'apiBaseUrl'] as const) {
    const value = config[field];
    if (typeof value !== 'string') continue;
    try {
      c.get('services').http.checkUrl(value);
    } catch (err) {
      if (!(err instanceof HttpRequestError)) throw err;
      const blocked = err.code === 'blocked_destination';
      errors.push({
        path: `/config/${field}`,
        message: blocked ? `${err.message}; set HOOKGATE_ALLOW_PRIVATE_NETWORK=true to allow it` : err.message,
      });
    }
  }
  if (errors.length) throw new ApiError('validation', 'The channel account cannot send to this destination.', { errors });
}

/** Checks the credentials against the channel's schema and seals them (with `headers`); only their field names stay readable. */
export async function sealCredentials(c: Context<AppEnv>, channel: Channel, raw: unknown, headers: Record<string, string> = {}) {
  const parsed = CREDENTIALS[channel].safeParse(raw ?? {});
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error, 'json').map((e) => ({ ...e, path: `/credentials${e.path === '/' ? '' : e.path}` }));
    throw new ApiError('validation', `The credentials do not fit the ${channel} channel.`, { errors });
  }
  return sealParsed(c, parsed.data ?? {}, headers);
}

/**
 * Seals checked credentials together with the configured header values (`headers`, which the
 * adapters read from the opened credentials); `credentialFields` names the credentials only.
 */
export async function sealParsed(c: Context<AppEnv>, credentials: JsonObject, headers: Record<string, string>) {
  const fields = Object.keys(credentials).sort();
  const sealed: JsonObject = Object.keys(headers).length ? { ...credentials, [SEALED_HEADERS]: headers } : credentials;
  return {
    credentialsEncrypted: Object.keys(sealed).length ? await c.get('services').secrets.seal(sealed) : null,
    credentialFields: fields,
  };
}

/** A channel account's sealed credentials opened, split into the credentials and the header values. */
export async function openAccountSecrets(
  c: Context<AppEnv>,
  account: ChannelAccount,
): Promise<{ credentials: JsonObject; headers: Record<string, string> }> {
  const opened = account.credentialsEncrypted ? await c.get('services').secrets.open<JsonObject>(account.credentialsEncrypted) : {};
  const { [SEALED_HEADERS]: sealed, ...credentials } = opened;
  const headers: Record<string, string> = {};
  if (typeof sealed === 'object' && sealed !== null && !Array.isArray(sealed)) {
    for (const [name, value] of Object.entries(sealed)) if (typeof value === 'string') headers[name] = value;
  }
  return { credentials, headers };
}

export async function assertAliasFree(c: Context<AppEnv>, account: Pick<ChannelAccount, 'botId' | 'channel' | 'alias' | 'id'>) {
  const all = await c.get('services').store.listChannels(account.botId);
  if (all.some((a) => a.id !== account.id && a.channel === account.channel && a.alias === account.alias)) {
    throw new ApiError('conflict', `This bot already has a ${account.channel} account with alias '${account.alias}'.`);
  }
}
