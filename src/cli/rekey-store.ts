/**
 * Re-seals every secret at rest under the current HOOKGATE_SECRET after a rotation: channel
 * credentials (with their header values), subscription signing secrets and sealed request parts.
 * Records stored before header, parameter and query values were sealed get them sealed now. Values
 * already under the current key are left as they are, so it can run again after an interruption.
 * Subscriptions are replaced only if unchanged meanwhile (else read again and redone).
 */
import { SEALED_HEADERS, splitConfigHeaders } from '../channels/sealed-headers.ts';
import type { JsonObject } from '../domain/types.ts';
import { sealRequest } from '../events/sealed-request.ts';
import type { Secrets } from '../lib/secrets.ts';

import type { RedisClient } from '../store/redis/run-script.ts';
import type { Store } from '../store/store.ts';
import type { Subscription, SubscriptionStore } from '../store/subscriptions.ts';

export interface RekeyDeps {
  /** The Redis connection and key of the set of every bot id (redisKeys(prefix).allBots). */
  client: RedisClient;
  allBotsKey: string;
  store: Store;
  subscriptions: SubscriptionStore;
  secrets: Secrets;
}

export interface RekeyReport {
  bots: number;
  channels: number;
  subscriptions: number;
}

export async function rekeyStore(deps: RekeyDeps): Promise<RekeyReport> {
  const report: RekeyReport = { bots: 0, channels: 0, subscriptions: 0 };
  for await (const ids of deps.client.sScanIterator(deps.allBotsKey, { COUNT: 200 })) {
    for (const botId of Array.isArray(ids) ? ids : [ids]) {
      report.bots++;
      report.channels += await rekeyChannels(deps, botId);
      report.subscriptions += await rekeySubscriptions(deps, botId);
    }
  }
  return report;
}

async function rekeyChannels(deps: RekeyDeps, botId: string): Promise<number> {
  let done = 0;
  for (const account of await deps.store.listChannels(botId)) {
    const { config, headers } = splitConfigHeaders(account.config);
    if (Object.keys(headers).length > 0) {
      // Stored before config.headers values were sealed: they join the credentials now.
      const opened = account.credentialsEncrypted ? await deps.secrets.open<JsonObject>(account.credentialsEncrypted) : {};
      const sealed = await deps.secrets.seal({ ...opened, [SEALED_HEADERS]: { ...headers, ...asStrings(opened[SEALED_HEADERS]) } });
      await deps.store.putChannel({ ...account, config, credentialsEncrypted: sealed });
      done++;
      continue;
    }
    if (!account.credentialsEncrypted) continue;
    const resealed = await deps.secrets.reseal(account.credentialsEncrypted);
    if (resealed === null) continue;
    await deps.store.putChannel({ ...account, credentialsEncrypted: resealed });
    done++;
  }
  return done;
}

function asStrings(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

async function rekeySubscriptions(deps: RekeyDeps, botId: string): Promise<number> {
  let done = 0;
  for (const listed of await deps.subscriptions.listSubscriptions(botId)) {
    for (let tries = 0; tries < 5; tries++) {
      const current = tries === 0 ? listed : await deps.subscriptions.getSubscription(botId, listed.id);
      if (!current) break;
      const updated = await resealSubscription(deps.secrets, current);
      if (!updated) break;
      if (await deps.subscriptions.updateSubscription(updated, current.updatedAt)) {
        done++;
        break;
      }
    }
  }
  return done;
}

/** The subscription with its sealed values under the current key, or null when all already are. */
async function resealSubscription(secrets: Secrets, s: Subscription): Promise<Subscription | null> {
  const current = await secrets.reseal(s.secrets.current);
  const previous = s.secrets.previous ? await secrets.reseal(s.secrets.previous.secret) : null;
  const request = s.sealedRequest ? await secrets.reseal(s.sealedRequest) : null;
  // Stored before header, parameter and query values were sealed: sealed now.
  const legacy = !s.sealedRequest && (Object.keys(s.headers).length > 0 || Object.keys(s.params).length > 0 || s.url.includes('?'));
  if (current === null && previous === null && request === null && !legacy) return null;
  return {
    ...s,
    ...(legacy ? await sealRequest(secrets, s) : {}),
    secrets: {
      current: current ?? s.secrets.current,
      previous: s.secrets.previous ? { ...s.secrets.previous, secret: previous ?? s.secrets.previous.secret } : null,
    },
    ...(request === null ? {} : { sealedRequest: request }),
  };
}
