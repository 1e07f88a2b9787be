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
const USAGE = 'usage: npm run token -- --workspace <ws> [--scope admin|read] [--ttl-days N]\n       npm run token -- --revoke <jti>';

function usage(message: string): never {
  process.stderr.write(`hookgate token: ${message}\n${USAGE}\n`);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    workspace: { type: 'string', short: 'w' },
    scope: { type: 'string', default: 'admin' },
    'ttl-days': { type: 'string', default: '365' },
    revoke: { type: 'string' },
  },
});

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
