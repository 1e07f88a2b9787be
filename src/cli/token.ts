#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.ts';
import { deriveKeys } from '../lib/crypto.ts';
import { createLogger } from '../lib/logger.ts';
import { RevocationCache } from '../lib/revocations.ts';
import { AdminTokens, REVOCATION_CACHE_MS } from '../lib/tokens.ts';
import { createBackend } from '../store/backend.ts';

/**
 * npm run token -- --workspace <ws> [--scope read] [--ttl-days N]: prints an admin JWT (its jti on stderr).
 * npm run token -- --revoke <jti>: puts the token on the deny list in REDIS_URL's store.
 */
const USAGE = `usage: npm run token -- --workspace <ws> [--scope admin|read] [--ttl-days N]
       npm run token -- --revoke <jti>
       (in the container image: hookgate-token …)

Prints an admin token (a JWT) for the service whose HOOKGATE_SECRET is set, and its jti on stderr;
--revoke puts a token's jti on the deny list in REDIS_URL's store.

  -w, --workspace <ws>   the workspace the token acts on (letters, digits, . _ -)
      --scope <scope>    admin (default) or read
      --ttl-days <N>     lifetime in days (default 365, at most HOOKGATE_ADMIN_TOKEN_MAX_SECONDS)
      --revoke <jti>     revoke the token with this jti instead
  -h, --help             this help`;

function usage(message: string): never {
  process.stderr.write(`hookgate token: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function parse() {
  try {
    return parseArgs({
      options: {
        workspace: { type: 'string', short: 'w' },
        scope: { type: 'string', default: 'admin' },
        'ttl-days': { type: 'string', default: '365' },
        revoke: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (err) {
    // An unknown option, a missing value, a stray argument: parseArgs says which, in one line.
    return usage(err instanceof Error ? err.message : String(err));
  }
}

const values = parse();
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

try {
  const config = loadConfig();
  if (config.secretGenerated) usage('HOOKGATE_SECRET is not set: the token would match no running service');
  if (values.revoke !== undefined) {
    if (!config.redisUrl) usage('--revoke needs REDIS_URL: the deny list lives in the store');
    if (values.revoke === '' || values.revoke.length > 256) usage('--revoke needs the token’s jti (1 to 256 characters)');
    const backend = await createBackend({
      ...config,
      prefix: config.redisPrefix,
      logger: createLogger('silent'),
      clock: { now: Date.now },
    });
    try {
      const tokens = new AdminTokens(deriveKeys(config.secret).admin, {
        jwksUrl: null,
        maxLifetimeSeconds: config.adminTokenMaxSeconds,
        revocations: new RevocationCache(backend.tokenDenyList, { now: Date.now }, REVOCATION_CACHE_MS),
      });
      const until = await tokens.revoke(values.revoke, Date.now());
      process.stdout.write(
        `revoked ${values.revoke} until ${new Date(until).toISOString()} (applies within ${REVOCATION_CACHE_MS / 1000} s)\n`,
      );
    } finally {
      await backend.close();
    }
  } else {
    if (!values.workspace || !/^[A-Za-z0-9_.-]{1,64}$/.test(values.workspace)) usage('--workspace is required (letters, digits, . _ -)');
    if (values.scope !== 'admin' && values.scope !== 'read') usage('--scope must be admin or read');
    const days = Number(values['ttl-days']);
    const maxDays = Math.floor(config.adminTokenMaxSeconds / 86400);
    if (!Number.isInteger(days) || days < 1 || days > maxDays) {
      usage(`--ttl-days must be a whole number of days from 1 to ${maxDays} (HOOKGATE_ADMIN_TOKEN_MAX_SECONDS)`);
    }
    const tokens = new AdminTokens(deriveKeys(config.secret).admin, { jwksUrl: null, maxLifetimeSeconds: config.adminTokenMaxSeconds });
    const token = await tokens.mint({ workspaceId: values.workspace, scope: values.scope }, days * 24 * 3600);
    const { jti } = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { jti: string };
    process.stderr.write(`jti: ${jti} (npm run token -- --revoke ${jti})\n`);
    process.stdout.write(`${token}\n`);
  }
} catch (err) {
  if (err instanceof ConfigError) usage(err.message);
  throw err;
}
