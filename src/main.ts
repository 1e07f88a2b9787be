import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.ts';
import { composeServices } from './compose.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { createNodeServer } from './http/node-server.ts';
import { createLogger, type Logger } from './lib/logger.ts';
import type { Services } from './services.ts';
import { createWorkers } from './workers.ts';

/** Composition root: config → logger → store and queue → HTTP server and/or workers. */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`hookgate: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  // Redis is connected in the background: the service listens (and answers 503) until it comes.
  // What is left to fail here is a REDIS_URL the client cannot use at all.
  const composed = await composeServices(config, logger, { defaultMetrics: true, connectInBackground: true }).catch((err: unknown) => {
    process.stderr.write(`hookgate: cannot use REDIS_URL: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
  const { services } = composed;

  const worker = config.role === 'api' ? null : createWorkers(services);
  worker?.start();

  let server: Server | null = null;
  if (config.role !== 'worker') {
    const app = createApp(services);
    server = createNodeServer(app.fetch, { requestTimeoutMs: config.requestTimeoutMs, headersTimeoutMs: config.headersTimeoutMs });
    const listening = server;
    listening.listen(config.port, '0.0.0.0', () => {
      const info = listening.address() as AddressInfo;
      logger.info({ port: info.port, role: config.role, store: services.storeKind }, 'hookgate listening');
      if (services.storeKind === 'memory') void banner(services, logger);
    });
    // A port that is taken or not ours to bind is a configuration problem: one line, no stack.
    server.once('error', (err: NodeJS.ErrnoException) => {
      const reason =
        err.code === 'EADDRINUSE' ? 'the address is already in use' : err.code === 'EACCES' ? 'permission denied' : err.message;
      process.stderr.write(`hookgate: cannot listen on PORT ${config.port}: ${reason} (${err.code ?? 'error'})\n`);
      process.exit(1);
    });
  } else {
    logger.info({ role: config.role, store: services.storeKind }, 'hookgate worker started');
  }

  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal }, 'draining: no new connections; finishing in-flight requests and deliveries');
    const timer = setTimeout(() => {
      logger.error({ timeoutMs: config.shutdownTimeoutMs }, 'drain timed out; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    timer.unref();
    const closed = server
      ? new Promise<void>((resolve) => {
          server!.close(() => resolve());
          if ('closeIdleConnections' in server!) server!.closeIdleConnections();
        })
      : Promise.resolve();
    await Promise.all([closed, worker?.stop()]);
    await composed.close();
    logger.info('drained; bye');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

/** Memory mode is for trying Hookgate out: say so loudly, and hand over a ready admin token. */
async function banner(services: Services, logger: Logger): Promise<void> {
  const token = await services.adminTokens.mint({ workspaceId: 'default', scope: 'admin' }, 30 * 24 * 3600);
  logger.warn('IN-MEMORY STORE: nothing survives a restart. Set REDIS_URL (and HOOKGATE_SECRET) for real use.');
  process.stdout.write(
    `${[
      '',
      '  Hookgate is running on the IN-MEMORY store: data is lost when the process stops.',
      `  API:      ${services.config.publicBaseUrl}/v1   (reference: ${services.config.publicBaseUrl}/docs)`,
      '  Admin token for workspace "default" (valid 30 days, this process only):',
      `  ${token}`,
      '',
    ].join('\n')}\n`,
  );
}

await main();
