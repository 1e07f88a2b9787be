import { createApp } from '../../src/app.ts';
import { composeServices } from '../../src/compose.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import type { Clock } from '../../src/lib/clock.ts';
import type { AdminScope } from '../../src/lib/tokens.ts';
import type { Services } from '../../src/services.ts';
import { connectTestRedis, deletePrefix, silentLogger, TEST_REDIS_URL, uniquePrefix } from './redis.ts';

export const TEST_SECRET = 'test-secret-0123456789-0123456789-abcdef';

export interface TestApp {
  app: ReturnType<typeof createApp>;
  services: Services;
  config: Config;
  /** An admin token for a workspace (default `ws1`). */
  token(workspace?: string, scope?: AdminScope): Promise<string>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  store?: 'redis' | 'memory';
  env?: Record<string, string>;
  clock?: Clock;
}

/** Builds the service as main.ts does, on real Redis (under its own key prefix) or in memory. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const prefix = uniquePrefix();
  const useRedis = (options.store ?? 'redis') === 'redis';
  const config = loadConfig({
    HOOKGATE_SECRET: TEST_SECRET,
    PUBLIC_BASE_URL: 'http://hookgate.test',
    HOOKGATE_REDIS_PREFIX: prefix,
    ...(useRedis ? { REDIS_URL: TEST_REDIS_URL } : {}),
    ...options.env,
  });
  const composed = await composeServices(config, silentLogger, options.clock ? { clock: options.clock } : {});
  const { services } = composed;
  return {
    app: createApp(services),
    services,
    config,
    token: (workspace = 'ws1', scope = 'admin') => services.adminTokens.mint({ workspaceId: workspace, scope }),
    close: async () => {
      if (config.redisUrl) {
        const client = await connectTestRedis(config.redisUrl);
        await deletePrefix(client, prefix);
        await client.close();
      }
      await composed.close();
    },
  };
}
