/**
 * Telegram: the `secret_token` given to setWebhook comes back in `X-Telegram-Bot-Api-Secret-Token`.
 * https://core.telegram.org/bots/api#setwebhook
 */
import { BAD_SIGNATURE, bytesEqual, missing, type RequestFacts, type Verdict } from './shared.ts';

export function checkTelegram(facts: RequestFacts, secret: string): Verdict {
  const token = facts.header('x-telegram-bot-api-secret-token');
  if (token === undefined) return missing('X-Telegram-Bot-Api-Secret-Token');
  return bytesEqual(Buffer.from(token, 'utf8'), Buffer.from(secret, 'utf8')) ? { ok: true, deliveryId: null } : BAD_SIGNATURE;
}
