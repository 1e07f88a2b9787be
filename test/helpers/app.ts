/**
 * A test app: the service built as main.ts builds it, on real Redis (under a key prefix of its
 * own, deleted on close) or in memory, with a checked admin client, its workers on demand and, for
 * tests that need a socket, a listening server.
 */

import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { createApp } from '../../src/app.ts';
import { composeServices } from '../../src/compose.ts';
import { type Config, loadConfig } from '../../src/config.ts';
import type { EventWorkerOptions } from '../../src/events/worker.ts';
import type { Clock } from '../../src/lib/clock.ts';
import type { Logger } from '../../src/lib/logger.ts';
import type { AdminScope } from '../../src/lib/tokens.ts';
import type { ReplyWorkerOptions } from '../../src/replies/worker.ts';
import type { Services } from '../../src/services.ts';
import { createWorkers, type Workers } from '../../src/workers.ts';
import { Api } from './api.ts';
import { connectTestRedis, deletePrefix, silentLogger, TEST_REDIS_URL, uniquePrefix } from './redis.ts';

export const TEST_SECRET = 'test-secret-0123456789-0123456789-abcdef';

export interface WorkerOverrides {
  replies?: Partial<ReplyWorkerOptions>;
  events?: Partial<EventWorkerOptions>;
}

export interface TestApp {
  app: ReturnType<typeof createApp>;
  services: Services;
  config: Config;
  /** A checked client with an admin token for workspace `ws1`. */
  api: Api;
  /** An admin token for a workspace (default `ws1`). */
  token(workspace?: string, scope?: AdminScope): Promise<string>;
  /** The workers as a worker process builds them, polling every 50 ms, not started yet. */
  createWorkers(overrides?: WorkerOverrides): Workers;
  /** The reply and event workers, started. */
  startWorkers(overrides?: WorkerOverrides): Workers;
  /** Serves the app on a free loopback port; resolves with its base URL. */
  listen(): Promise<string>;
  /** Stops the workers and servers, deletes the key prefix and closes the connections. */
  close(): Promise<void>;
}

export interface TestAppOptions {
  store?: 'redis' | 'memory';
  env?: Record<string, string>;
  clock?: Clock;
  /** Silent unless given (a test that reads the logs passes one writing to a buffer). */
  logger?: Logger;
}

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
  const composed = await composeServices(config, options.logger ?? silentLogger, options.clock ? { clock: options.clock } : {});
  const { services } = composed;
  const app = createApp(services);
  const token = (workspace = 'ws1', scope: AdminScope = 'admin') => services.adminTokens.mint({ workspaceId: workspace, scope });
  const workers: Workers[] = [];
  const servers: ServerType[] = [];

  const build = (overrides: WorkerOverrides = {}) => {
    const built = createWorkers(services, { replies: { pollMs: 50, ...overrides.replies }, events: { pollMs: 50, ...overrides.events } });
    workers.push(built);
    return built;
  };

  return {
    app,
    services,
    config,
    api: new Api(app, await token()),
    token,
    createWorkers: build,
    startWorkers(overrides) {
      const started = build(overrides);
      started.start();
      return started;
    },
    async listen() {
      const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
      servers.push(server);
      await once(server, 'listening');
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    async close() {
      await Promise.all(workers.map((w) => w.stop()));
      await Promise.all(servers.map(closeServer));
      // A cluster is the suite's own: its keys go with it.
      if (config.redisUrl && !config.redisCluster) {
        const client = await connectTestRedis(config.redisUrl);
        await deletePrefix(client, prefix);
        await client.close();
      }
      await composed.close();
    },
  };
}

/** Closes a server, ending open connections (a live chat stream never ends by itself). */
function closeServer(server: ServerType): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    if ('closeAllConnections' in server) server.closeAllConnections();
  });
}
