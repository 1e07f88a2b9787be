/**
 * Runs autocannon (the npm package's CLI) in its own process against one URL and returns the
 * figures the bench reports. Closed loop: `connections` sockets, each sending its next request
 * when the previous one has answered. Latencies are autocannon's (whole milliseconds).
 */
import { createRequire } from 'node:module';
import { runToCompletion } from './processes.ts';

const CLI = createRequire(import.meta.url).resolve('autocannon/autocannon.js');

export interface SaturationJob {
  /** Autocannon's `-I`: each `[<id>]` in the body becomes a fresh random id per request. */
  idReplacement?: boolean;
  url: string;
  headers: Record<string, string>;
  body: string;
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
}

export interface SaturationResult {
  requestsPerSecond: number;
  totalRequests: number;
  /** Requests sent during the warm-up (not in the figures). */
  warmupRequests: number;
  durationSeconds: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; average: number };
  /** non-2xx responses + socket errors + timeouts. */
  errors: number;
  non2xx: number;
  socketErrors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /** CPU time of the generator's process over its whole life (start-up and warm-up included), µs. */
  generatorCpuMicros: number | null;
}

interface AutocannonJson {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats?: Record<string, { count: number }>;
  latency: { p50: number; p90: number; p99: number; max: number; average: number };
  requests: { average: number; total: number };
  warmup?: { requests: { total: number } };
}

export async function saturate(job: SaturationJob): Promise<SaturationResult> {
  const headers = Object.entries(job.headers).flatMap(([k, v]) => ['-H', `${k}=${v}`]);
  const args = [
    CLI,
    '--json',
    '--no-progress',
    '-c',
    String(job.connections),
    '-d',
    String(job.durationSeconds),
    ...(job.warmupSeconds > 0 ? ['-W', '[', '-c', String(job.connections), '-d', String(job.warmupSeconds), ']'] : []),
    '-m',
    'POST',
    ...(job.idReplacement ? ['-I'] : []),
    ...headers,
    '-b',
    job.body,
    job.url,
  ];
  const { out, cpuMicros } = await runToCompletion(args, (job.durationSeconds + job.warmupSeconds + 60) * 1000);
  // With a warm-up, autocannon prints the warm-up's result first; the last line is the measurement.
  const line = out.trim().split('\n').at(-1) ?? '';
  const r = JSON.parse(line) as AutocannonJson;
  const statusCodes = Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([code, s]) => [code, s.count]));
  return {
    requestsPerSecond: r.requests.average,
    totalRequests: r.requests.total,
    warmupRequests: r.warmup?.requests.total ?? 0,
    durationSeconds: r.duration,
    latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max, average: r.latency.average },
    errors: r.non2xx + r.errors + r.timeouts,
    non2xx: r.non2xx,
    socketErrors: r.errors,
    timeouts: r.timeouts,
    statusCodes,
    generatorCpuMicros: cpuMicros,
  };
}
