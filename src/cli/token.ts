import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.ts';
import { deriveKeys } from '../lib/crypto.ts';
import { AdminTokens } from '../lib/tokens.ts';

/** npm run token -- --workspace <ws> [--scope read] [--ttl-days N]: prints an admin JWT. */
function usage(message: string): never {
  process.stderr.write(`hookgate token: ${message}\nusage: npm run token -- --workspace <ws> [--scope admin|read] [--ttl-days N]\n`);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    workspace: { type: 'string', short: 'w' },
    scope: { type: 'string', default: 'admin' },
    'ttl-days': { type: 'string', default: '365' },
  },
});
if (!values.workspace || !/^[A-Za-z0-9_.-]{1,64}$/.test(values.workspace)) usage('--workspace is required (letters, digits, . _ -)');
if (values.scope !== 'admin' && values.scope !== 'read') usage('--scope must be admin or read');
const days = Number(values['ttl-days']);
if (!Number.isInteger(days) || days < 1 || days > 3650) usage('--ttl-days must be a whole number of days from 1 to 3650');

try {
  const config = loadConfig();
  if (config.secretGenerated) usage('HOOKGATE_SECRET is not set: the token would match no running service');
  const tokens = new AdminTokens(deriveKeys(config.secret).admin, null);
  process.stdout.write(`${await tokens.mint({ workspaceId: values.workspace, scope: values.scope }, days * 24 * 3600)}\n`);
} catch (err) {
  if (err instanceof ConfigError) usage(err.message);
  throw err;
}
