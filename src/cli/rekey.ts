import { ConfigError, loadConfig } from '../config.ts';
import { deriveKeys } from '../lib/crypto.ts';
import { createLogger } from '../lib/logger.ts';
import { createSecrets } from '../lib/secrets.ts';
import { connectRedis, createBackend } from '../store/backend.ts';
import { redisKeys } from '../store/redis-keys.ts';
import { rekeyStore } from './rekey-store.ts';

/**
 * npm run rekey: after setting HOOKGATE_SECRET to the new secret and HOOKGATE_SECRET_PREVIOUS to the
 * old one, re-seals every stored secret under the new one. Then HOOKGATE_SECRET_PREVIOUS can go
 * (once admin, webhook and live chat tokens signed with it have been replaced, or may stop working).
 * It also seals values stored in clear before they were write-only (with or without a rotation).
 */
function fail(message: string): never {
  process.stderr.write(`hookgate rekey: ${message}\n`);
  process.exit(2);
}

try {
  const config = loadConfig();
  if (!config.redisUrl) fail('REDIS_URL is not set: only a Redis store keeps secrets to re-seal');
  const logger = createLogger('silent');
  const clock = { now: Date.now };
  const backend = await createBackend({ ...config, prefix: config.redisPrefix, logger, clock });
  const client = await connectRedis(config.redisUrl, logger, 'rekey');
  try {
    const report = await rekeyStore({
      client,
      allBotsKey: redisKeys(config.redisPrefix).allBots,
      store: backend.store,
      subscriptions: backend.subscriptions,
      // Without a previous secret it only seals values stored in clear before they were write-only.
      secrets: createSecrets(
        deriveKeys(config.secret).credentials,
        config.secretPrevious ? [deriveKeys(config.secretPrevious).credentials] : [],
      ),
    });
    process.stdout.write(
      `re-sealed under the current HOOKGATE_SECRET: ${report.channels} channel accounts and ${report.subscriptions} subscriptions ` +
        `(${report.bots} bots checked)\n`,
    );
  } finally {
    await client.close();
    await backend.close();
  }
} catch (err) {
  if (err instanceof ConfigError) fail(err.message);
  throw err;
}
