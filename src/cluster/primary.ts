import cluster, { type Worker } from 'node:cluster';
import type { Config } from '../config.ts';
import { createLogger, exitAfterLog } from '../lib/logger.ts';
import type { ToChild, ToPrimary } from './child.ts';

/**
 * The primary of several processes (HOOKGATE_API_PROCESSES, HOOKGATE_WORKER_PROCESSES): it forks
 * them with node:cluster (the API processes share PORT, and all share HOOKGATE_OPS_PORT), restarts
 * one that dies, forwards SIGTERM and SIGINT to all of them, and exits once they all have. It holds
 * no Redis connection and serves no request: it loads only the configuration and the logger.
 */

/** A crashed process is forked again after this, doubling with each crash in a row up to the maximum. */
const RESTART_DELAY_MS = 1000;
const RESTART_DELAY_MAX_MS = 30_000;
/** A process that ran this long before it died starts the backoff over. */
const STABLE_MS = 60_000;
/** How long a process has to hand its metrics over for a scrape. */
const COLLECT_TIMEOUT_MS = 5000;
/** Beyond the drain window the processes enforce themselves: time for their exit to be seen. */
/** Past the drain window, how long a process has to exit on its own (more than its log's EXIT_FLUSH_MS). */
const EXIT_MARGIN_MS = 1000;

type Role = 'api' | 'worker';
/** A process's answer to a metrics collection. */
type Collected = Extract<ToPrimary, { hookgate: 'collected' }>;

interface Slot {
  role: Role;
  worker: Worker | null;
  /** The process said it serves. */
  started: boolean;
  forkedAt: number;
  /** Crashes in a row. */
  crashes: number;
  restart: NodeJS.Timeout | null;
}

export function runPrimary(config: Config): void {
  const logger = createLogger(config.logLevel, undefined, { pid: process.pid, process: 'primary' });
  const slots: Slot[] = [
    ...Array.from({ length: config.processes.api }, () => 'api' as const),
    ...Array.from({ length: config.processes.worker }, () => 'worker' as const),
  ].map((role) => ({ role, worker: null, started: false, forkedAt: 0, crashes: 0, restart: null }));
  const everStarted = new Set<Role>();
  let stopping: NodeJS.Signals | null = null;
  let failed = false;
  const describe = (slot: Slot, worker: Worker) => ({ child: { pid: worker.process.pid, role: slot.role } });

  const fork = (slot: Slot): void => {
    slot.restart = null;
    slot.started = false;
    slot.forkedAt = Date.now();
    const worker = cluster.fork({ HOOKGATE_FORKED_AS: slot.role });
    slot.worker = worker;
    worker.on('message', (message: ToPrimary) => onMessage(slot, worker, message));
    worker.on('exit', (code, signal) => onExit(slot, worker, code, signal as NodeJS.Signals | null));
  };

  const onMessage = (slot: Slot, worker: Worker, message: ToPrimary): void => {
    switch (message?.hookgate) {
      case 'started':
        slot.started = true;
        everStarted.add(slot.role);
        logger.info(describe(slot, worker), 'process started');
        break;
      case 'scrape':
        aggregate().then(
          (text) => tell(worker, { hookgate: 'scraped', id: message.id, text }),
          (err: unknown) => tell(worker, { hookgate: 'scraped', id: message.id, error: err instanceof Error ? err.message : String(err) }),
        );
        break;
      case 'collected':
        collections.get(message.id)?.settle(message);
        break;
    }
  };

  const onExit = (slot: Slot, worker: Worker, code: number | null, signal: NodeJS.Signals | null): void => {
    slot.worker = null;
    for (const collection of collections.values()) if (collection.worker === worker) collection.settle(null);
    if (stopping) {
      // Killed by the signal before it could take it: it had nothing to drain yet.
      const clean = code === 0 || (!slot.started && signal === stopping);
      if (!clean) failed = true;
      if (clean) logger.info({ ...describe(slot, worker), code, signal }, 'process exited');
      else logger.error({ ...describe(slot, worker), code, signal }, 'process exited with a failure');
      if (slots.every((s) => s.worker === null)) finish();
      return;
    }
    if (!slot.started && !everStarted.has(slot.role)) {
      // No process of its kind has ever come up: a port taken, a REDIS_URL unusable. Retrying will not help.
      logger.error({ ...describe(slot, worker), code, signal }, 'process failed to start; stopping the others');
      failed = true;
      stop('SIGTERM');
      return;
    }
    slot.crashes = Date.now() - slot.forkedAt >= STABLE_MS ? 1 : slot.crashes + 1;
    const delayMs = Math.min(RESTART_DELAY_MAX_MS, RESTART_DELAY_MS * 2 ** (slot.crashes - 1));
    logger.error(
      { ...describe(slot, worker), code, signal, crashesInARow: slot.crashes, restartInMs: delayMs },
      'process exited unexpectedly; starting another',
    );
    slot.restart = setTimeout(() => fork(slot), delayMs);
  };

  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = signal;
    logger.info({ signal }, 'stopping: every process drains, then exits');
    for (const slot of slots) {
      if (slot.restart) clearTimeout(slot.restart);
      slot.restart = null;
      slot.worker?.process.kill(signal);
    }
    if (slots.every((s) => s.worker === null)) {
      finish();
      return;
    }
    setTimeout(() => {
      failed = true;
      logger.error({ timeoutMs: config.shutdownTimeoutMs }, 'processes still running after the drain window; killing them');
      for (const slot of slots) slot.worker?.process.kill('SIGKILL');
    }, config.shutdownTimeoutMs + EXIT_MARGIN_MS).unref();
  };

  const finish = (): void => {
    logger.info({ failed }, 'all processes exited; bye');
    exitAfterLog(logger, failed ? 1 : 0);
  };

  // Metrics: a scrape reaches one process, which asks here for all of theirs, summed (or as each
  // metric's aggregator says) with prom-client's AggregatorRegistry.
  let nextId = 0;
  const collections = new Map<number, { worker: Worker; settle: (message: Collected | null) => void }>();
  const collect = (worker: Worker): Promise<object[]> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        collections.delete(id);
        reject(new Error(`process ${worker.process.pid} did not hand its metrics over`));
      }, COLLECT_TIMEOUT_MS);
      collections.set(id, {
        worker,
        settle: (message) => {
          clearTimeout(timer);
          collections.delete(id);
          // A process that exited meanwhile took its figures with it.
          if (message === null) resolve([]);
          else if ('error' in message) reject(new Error(message.error));
          else resolve(message.metrics);
        },
      });
      tell(worker, { hookgate: 'collect', id });
    });
  const aggregate = async (): Promise<string> => {
    const serving = slots.flatMap((slot) => (slot.started && slot.worker?.isConnected() ? [slot.worker] : []));
    const [perProcess, { AggregatorRegistry }] = await Promise.all([Promise.all(serving.map(collect)), import('prom-client')]);
    return AggregatorRegistry.aggregate(perProcess).metrics();
  };

  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  logger.info({ apiProcesses: config.processes.api, workerProcesses: config.processes.worker }, 'hookgate primary starting processes');
  for (const slot of slots) fork(slot);
}

function tell(worker: Worker, message: ToChild): void {
  if (worker.isConnected()) worker.send(message, undefined, () => {});
}
