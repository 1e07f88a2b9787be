/**
 * Ports for Redis Cluster nodes (the test suites' local clusters and the bench's): free for the node
 * and for its cluster bus, which redis-server puts 10000 above it.
 */
import { createServer } from 'node:net';

/**
 * A port free for a node and for its cluster bus (the port + 10000), so below 55536, and not one
 * already taken by this cluster.
 */
export async function freeClusterPort(taken: number[]): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 30000);
    if (taken.some((p) => Math.abs(p - port) < 2 || Math.abs(p + 10000 - port) < 2 || Math.abs(p - 10000 - port) < 2)) continue;
    if ((await canListen(port)) && (await canListen(port + 10000))) return port;
  }
  throw new Error('no free port pair for a cluster node');
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
