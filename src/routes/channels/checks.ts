/** Rules a channel account must meet beyond its request schema, shared by create and update. */
import type { Context } from 'hono';
import type { Channel, ChannelAccount, JsonObject } from '../../domain/types.ts';
import type { AppEnv } from '../../http/env.ts';
import { ApiError } from '../../http/errors.ts';
import { fieldErrors } from '../../http/validation.ts';
import { normalizeContactReference } from '../../inbound/contact.ts';
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
}

/** Checks the credentials against the channel's schema and seals them; only their field names stay readable. */
export async function sealCredentials(c: Context<AppEnv>, channel: Channel, raw: unknown) {
  const parsed = CREDENTIALS[channel].safeParse(raw);
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error, 'json').map((e) => ({ ...e, path: `/credentials${e.path === '/' ? '' : e.path}` }));
    throw new ApiError('validation', `The credentials do not fit the ${channel} channel.`, { errors });
  }
  const credentials = parsed.data ?? {};
  const fields = Object.keys(credentials).sort();
  return {
    credentialsEncrypted: fields.length ? await c.get('services').secrets.seal(credentials) : null,
    credentialFields: fields,
  };
}

export async function assertAliasFree(c: Context<AppEnv>, account: Pick<ChannelAccount, 'botId' | 'channel' | 'alias' | 'id'>) {
  const all = await c.get('services').store.listChannels(account.botId);
  if (all.some((a) => a.id !== account.id && a.channel === account.channel && a.alias === account.alias)) {
    throw new ApiError('conflict', `This bot already has a ${account.channel} account with alias '${account.alias}'.`);
  }
}
