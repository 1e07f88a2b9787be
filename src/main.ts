import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Child } from './cluster/child.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { createLogger, exitAfterLog, type Logger } from './lib/logger.ts';
import type { Services } from './services.ts';
import type { Tracing } from './telemetry/tracing.ts';

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
  // Several processes: this one forks and supervises them, and loads nothing else.
  if (config.processes.kind === 'primary') return (await import('./cluster/primary.ts')).runPrimary(config);
  const [{ API_INFO, createApp }, { composeServices }, { createNodeServer }, { createOpsApp }, { noTracing }, { createWorkers }] =
    await Promise.all([
      import('./app.ts'),
      import('./compose.ts'),
      import('./http/node-server.ts'),
      import('./routes/ops/ops-app.ts'),
      import('./telemetry/tracing.ts'),
      import('./workers.ts'),
    ]);
  // One of several processes: each line says which one wrote it.
  const forked = config.processes.kind === 'child';
  const logger = createLogger(config.logLevel, undefined, forked ? { pid: process.pid, process: config.role } : {});
  // The SDK is loaded only when tracing is on: off, it costs nothing.
  const tracing: Tracing = config.otlpEndpoint
    ? (await import('./telemetry/otel.ts')).startOtelTracing({
        endpoint: config.otlpEndpoint,
        serviceName: config.serviceName,
        serviceVersion: API_INFO.version,
      })
    : noTracing;
  // Redis is connected in the background: the service listens (and answers 503) until it comes.
  // What is left to fail here is a REDIS_URL the client cannot use at all.
  const composed = await composeServices(config, logger, { defaultMetrics: true, connectInBackground: true, tracing }).catch(
    (err: unknown) => {
      process.stderr.write(`hookgate: cannot use REDIS_URL: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
  const { services } = composed;
  const child: Child | null = forked ? (await import('./cluster/child.ts')).joinPrimary(services.metrics) : null;

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
    server.once('error', exitOnListenError('PORT', config.port));
  }
  // /healthz, /readyz and /metrics on their own port: a worker's only listener.
  let opsServer: Server | null = null;
  if (config.opsPort !== null) {
    const opsApp = createOpsApp(services);
    opsServer = createNodeServer(opsApp.fetch, { requestTimeoutMs: config.requestTimeoutMs, headersTimeoutMs: config.headersTimeoutMs });
    const listening = opsServer;
    listening.listen(config.opsPort, '0.0.0.0', () => {
      const info = listening.address() as AddressInfo;
      logger.info({ opsPort: info.port }, 'operations endpoints (/healthz, /readyz, /metrics) listening');
      if (config.role === 'worker')
        logger.info({ role: config.role, store: services.storeKind, opsPort: info.port }, 'hookgate worker started');
    });
    opsServer.once('error', exitOnListenError('HOOKGATE_OPS_PORT', config.opsPort));
  } else if (config.role === 'worker') {
    logger.info({ role: config.role, store: services.storeKind }, 'hookgate worker started');
  }
  // The primary learns this process serves once its listeners are bound (a listener that fails has
  // ended the process already: exitOnListenError).
  if (child)
    void Promise.all([server, opsServer].map((s) => (s && !s.listening ? once(s, 'listening') : null))).then(
      () => child.started(),
      () => {},
    );

  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal }, 'draining: no new connections; finishing in-flight requests and deliveries');
    const timer = setTimeout(() => {
      logger.error({ timeoutMs: config.shutdownTimeoutMs }, 'drain timed out; exiting');
      exitAfterLog(logger, 1);
    }, config.shutdownTimeoutMs);
    timer.unref();
    // Event streams end now (clients reconnect elsewhere with Last-Event-ID), or the server would wait for them.
    composed.beginDrain();
    await Promise.all([closeServer(server), worker?.stop()]);
    // The operations port answers until the work is done, so probes and scrapes see the drain.
    await closeServer(opsServer);
    await composed.close();
    await tracing.shutdown().catch((err: unknown) => logger.warn({ err: String(err) }, 'tracing: last export failed'));
    logger.info('drained; bye');
    exitAfterLog(logger, 0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

/** Stops accepting connections and resolves once those open have finished their requests. */
function closeServer(server: Server | null): Promise<void> {
  if (!server) return Promise.resolve();
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}

/** A port that is taken or not ours to bind is a configuration problem: one line, no stack. */
function exitOnListenError(variable: string, port: number) {
  return (err: NodeJS.ErrnoException) => {
    const reason = err.code === 'EADDRINUSE' ? 'the address is already in use' : err.code === 'EACCES' ? 'permission denied' : err.message;
    process.stderr.write(`hookgate: cannot listen on ${variable} ${port}: ${reason} (${err.code ?? 'error'})\n`);
    process.exit(1);
  };
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
      `  Console:  ${services.config.publicBaseUrl}/console   (sign in with the token below)`,
      '  Admin token for workspace "default" (valid 30 days, this process only); paste this line into the shell you call the API from:',
      `  export HG='${services.config.publicBaseUrl.replaceAll("'", `'\\''`)}' TOKEN=${token}`,
      '',
    ].join('\n')}\n`,
  );
}

await main();
