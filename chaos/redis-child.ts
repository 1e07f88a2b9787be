/**
 * Chaos child: one redis-server on a free port, in a temporary data directory, that the suite can
 * stop, start again (same port, same data) and hang (SIGSTOP) through IPC. The server is the test
 * suites' private one (test/helpers/redis-server.ts), killed when this wrapper exits for whatever
 * reason (the suite ended, was killed, or closed the IPC channel): a redis-server is no Node
 * process, so bench/orphan-guard.ts cannot end it itself.
 */
import { execFileSync } from 'node:child_process';
import { serveIpc } from '../bench/ipc.ts';
import { startPrivateRedis } from '../test/helpers/redis-server.ts';

// The orphan guard ends this process with SIGTERM: exit normally so that the server goes too.
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));

const server = await startPrivateRedis({ persistent: process.env.CHAOS_REDIS_PERSISTENT === '1' });
const version = /v=(\S+)/.exec(execFileSync('redis-server', ['--version'], { encoding: 'utf8' }))?.[1] ?? 'unknown';

serveIpc(
  {
    start: () => server.start(),
    stop: () => server.stop('SIGTERM'),
    signal: (signal: NodeJS.Signals) => server.signal(signal),
    close: () => server.close(),
  },
  { port: server.port, version },
);
