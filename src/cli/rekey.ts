#!/usr/bin/env node
import { parseArgs } from 'node:util';
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
const USAGE = `usage: npm run rekey   (in the container image: hookgate-rekey)

Re-seals every stored secret under HOOKGATE_SECRET (opening it with HOOKGATE_SECRET_PREVIOUS where
needed), in REDIS_URL's store. Takes no arguments.

  -h, --help   this help`;

function fail(message: string, withUsage = false): never {
  process.stderr.write(`hookgate rekey: ${message}\n${withUsage ? `${USAGE}\n` : ''}`);
  process.exit(2);
}

let help = false;
try {
  help = parseArgs({ options: { help: { type: 'boolean', short: 'h' } } }).values.help === true;
} catch (err) {
  fail(err instanceof Error ? err.message : String(err), true);
}
if (help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

try {
  const config = loadConfig();
  if (!config.redisUrl) fail('REDIS_URL is not set: only a Redis store keeps secrets to re-seal');
  const logger = createLogger('silent');
  const clock = { now: Date.now };
  const backend = await createBackend({ ...config, prefix: config.redisPrefix, logger, clock });
  const client = await connectRedis(config.redisUrl, logger, 'rekey', { cluster: config.redisCluster });
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
