/**
 * Bench child: an open-loop load generator (wrk2-style) and a burst sender, over node:http with a
 * keep-alive agent holding at most `connections` sockets.
 *
 * - `rate`: request i is due at start + i/rate, whether or not earlier ones have answered; its
 *   latency runs from that due time to the end of the response, so a stalled server shows as
 *   latency instead of fewer requests (no coordinated omission). Requests waiting for a free
 *   socket wait in the agent, and that wait counts too.
 * - `burst`: `total` requests through `concurrency` parallel loops, as fast as the server answers.
 *
 * Bodies are a template: `__SEQ__` (0-based request number), `__SENT_AT__` (clockNow ms with
 * fractions when the request is made, for end-to-end latency measured by a receiver) and
 * `__CONTACT__` (an E.164 number, one of `contacts` distinct ones).
 */
import http from 'node:http';
import { clockNow, serveIpc } from './ipc.ts';

export interface LoadTarget {
  url: string;
  method?: string;
  headers: Record<string, string>;
  body: string;
  /** Distinct `__CONTACT__` values, cycling with the request number (default 1). */
  contacts?: number;
}

export interface RateJob extends LoadTarget {
  rate: number;
  durationMs: number;
  connections: number;
  /** Sent first at the same rate; excluded from the latencies (their numbers are below `warmupCount`). */
  warmupMs?: number;
}

export interface BurstJob extends LoadTarget {
  total: number;
  concurrency: number;
}

export interface LoadResult {
  /** Requests made, warm-up included. */
  sent: number;
  /** Requests with a complete response. */
  completed: number;
  /** Responses by status code. */
  statuses: Record<string, number>;
  /** Requests that got no response (socket error, timeout). */
  socketErrors: number;
  errorSamples: string[];
  /** Requests numbered below this were warm-up. */
  warmupCount: number;
  /** Measured requests' latencies in ms (from the due time in `rate` mode, from the send in `burst` mode). */
  latenciesMs: number[];
  /** clockNow ms: the first measured request made, the last request made, the last response. */
  firstSendAt: number;
  lastSendAt: number;
  lastResponseAt: number;
  /** Measured responses per second over the measured window. */
  achievedRate: number;
  /** `rate` mode: the furthest the generator itself fell behind its schedule, ms. */
  maxLagMs: number;
}

const REQUEST_TIMEOUT_MS = 30_000;

export function contactFor(seq: number, contacts: number): string {
  // 415-5xx-xxxx: a valid US number shape (libphonenumber refuses the unassigned area code 555).
  return `+14155${String(seq % contacts).padStart(6, '0')}`;
}

class Sender {
  readonly statuses: Record<string, number> = {};
  socketErrors = 0;
  readonly errorSamples: string[] = [];
  completed = 0;
  inFlight = 0;
  lastResponseAt = 0;
  private readonly agent: http.Agent;
  private readonly options: http.RequestOptions;
  private readonly target: LoadTarget;
  private readonly contacts: number;
  private idle: (() => void) | null = null;

  constructor(target: LoadTarget, connections: number) {
    this.target = target;
    this.contacts = Math.max(1, target.contacts ?? 1);
    this.agent = new http.Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
    const url = new URL(target.url);
    this.options = {
      host: url.hostname,
      port: url.port,
      path: `${url.pathname}${url.search}`,
      method: target.method ?? 'POST',
      agent: this.agent,
    };
  }

  /** Sends request `seq`; `onDone(ok)` when its response has been read (or it failed). */
  send(seq: number, onDone: (endedAt: number) => void): number {
    const sentAt = clockNow();
    const body = this.target.body
      .replaceAll('__SEQ__', String(seq))
      .replaceAll('__SENT_AT__', sentAt.toFixed(3))
      .replaceAll('__CONTACT__', contactFor(seq, this.contacts));
    this.inFlight++;
    let finished = false;
    const finish = (status: string | null, error?: string) => {
      if (finished) return;
      finished = true;
      this.inFlight--;
      if (status === null) {
        this.socketErrors++;
        if (error && this.errorSamples.length < 5) this.errorSamples.push(error);
      } else {
        this.completed++;
        this.statuses[status] = (this.statuses[status] ?? 0) + 1;
      }
      const now = performance.now();
      this.lastResponseAt = clockNow();
      onDone(now);
      if (this.inFlight === 0 && this.idle) this.idle();
    };
    const req = http.request(
      { ...this.options, headers: { ...this.target.headers, 'content-length': String(Buffer.byteLength(body)) } },
      (res) => {
        res.on('data', () => {});
        res.on('end', () => finish(String(res.statusCode)));
        res.on('error', (err) => finish(null, err.message));
      },
    );
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`no response within ${REQUEST_TIMEOUT_MS} ms`)));
    req.on('error', (err) => finish(null, err.message));
    req.end(body);
    return sentAt;
  }

  drained(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => (this.idle = resolve));
  }

  close(): void {
    this.agent.destroy();
  }
}

async function runRate(job: RateJob): Promise<LoadResult> {
  const sender = new Sender(job, job.connections);
  const interval = 1000 / job.rate;
  const warmupCount = Math.round((job.rate * (job.warmupMs ?? 0)) / 1000);
  const total = warmupCount + Math.round((job.rate * job.durationMs) / 1000);
  const latencies: number[] = [];
  let firstSendAt = 0;
  let lastSendAt = 0;
  let maxLagMs = 0;
  const start = performance.now() + 5;
  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      if (next < total && start + next * interval <= now) maxLagMs = Math.max(maxLagMs, now - (start + next * interval));
      while (next < total && start + next * interval <= now) {
        const seq = next++;
        const due = start + seq * interval;
        const sentAt = sender.send(seq, (endedAt) => {
          if (seq >= warmupCount) latencies.push(endedAt - due);
        });
        if (seq === warmupCount) firstSendAt = sentAt;
        lastSendAt = sentAt;
      }
      if (next < total) setTimeout(tick, Math.max(0, start + next * interval - performance.now()));
      else resolve();
    };
    setTimeout(tick, 5);
  });
  await sender.drained();
  sender.close();
  const measuredSeconds = (sender.lastResponseAt - firstSendAt) / 1000;
  return result(sender, total, warmupCount, latencies, firstSendAt, lastSendAt, measuredSeconds, maxLagMs);
}

async function runBurst(job: BurstJob): Promise<LoadResult> {
  const sender = new Sender(job, job.concurrency);
  const latencies: number[] = [];
  let firstSendAt = 0;
  let lastSendAt = 0;
  let next = 0;
  const loop = async () => {
    while (next < job.total) {
      const seq = next++;
      await new Promise<void>((resolve) => {
        const startedAt = performance.now();
        const sentAt = sender.send(seq, (endedAt) => {
          latencies.push(endedAt - startedAt);
          resolve();
        });
        if (seq === 0) firstSendAt = sentAt;
        lastSendAt = sentAt;
      });
    }
  };
  await Promise.all(Array.from({ length: job.concurrency }, loop));
  sender.close();
  return result(sender, job.total, 0, latencies, firstSendAt, lastSendAt, (sender.lastResponseAt - firstSendAt) / 1000, 0);
}

function result(
  sender: Sender,
  sent: number,
  warmupCount: number,
  latencies: number[],
  firstSendAt: number,
  lastSendAt: number,
  seconds: number,
  maxLagMs: number,
): LoadResult {
  return {
    sent,
    completed: sender.completed,
    statuses: sender.statuses,
    socketErrors: sender.socketErrors,
    errorSamples: sender.errorSamples,
    warmupCount,
    latenciesMs: latencies.map((l) => Math.round(l * 1000) / 1000),
    firstSendAt,
    lastSendAt,
    lastResponseAt: sender.lastResponseAt,
    achievedRate: seconds > 0 ? latencies.length / seconds : 0,
    maxLagMs: Math.round(maxLagMs * 1000) / 1000,
  };
}

serveIpc({
  rate: (job: RateJob) => runRate(job),
  burst: (job: BurstJob) => runBurst(job),
});
