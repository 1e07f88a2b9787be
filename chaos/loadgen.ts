/**
 * Chaos child: an open-loop load generator (as bench/loadgen.ts: request i is due at start + i/rate
 * whether or not earlier ones have answered) that keeps every request's outcome — its status, the
 * problem type of an error answer, the id the answer names (`requestId`, or `id` for a published
 * event), and when it was due and when it ended — because a fault scenario asks about particular
 * calls ("was every acknowledged call delivered?", "was this 503 stored?"), not only about totals.
 *
 * Bodies are a template: `__SEQ__` (the request's sequence number, unique across the run when jobs
 * use distinct `firstSeq`), `__CONTACT__` (an E.164 number) and `__CONTACT_ID__` (`c<n>`), one of
 * `contacts` distinct contacts, cycling with the sequence number.
 */
import http from 'node:http';
import { epochNow, serveIpc } from '../bench/ipc.ts';
import { contactFor, contactIdFor, FLAG_PROBLEM_JSON, FLAG_RETRY_AFTER } from './shared.ts';

export interface ChaosRateJob {
  url: string;
  method?: string;
  headers: Record<string, string>;
  body: string;
  rate: number;
  durationMs: number;
  /** Sockets the keep-alive agent may hold (requests beyond wait in the agent: that wait counts). */
  connections: number;
  /** A request with no response after this is abandoned (status -1). */
  timeoutMs: number;
  contacts: number;
  firstSeq: number;
}

/** One entry per request, indexed by `seq - firstSeq`. */
export interface Outcomes {
  firstSeq: number;
  /** HTTP status; 0 = no response (socket error), -1 = no response within timeoutMs. */
  status: number[];
  /** The problem type's slug for a problem+json answer, the socket error's code for no response, else ''. */
  problem: string[];
  /** `requestId` (or `id`) from the answer's JSON body, else ''. */
  id: string[];
  /** FLAG_RETRY_AFTER | FLAG_PROBLEM_JSON (chaos/shared.ts). */
  flags: number[];
  /**
   * Epoch ms the request was due, when it was made (later than due when the generator itself falls
   * behind, as on a starved machine), and the end of its response (or of its failure).
   */
  dueAt: number[];
  sentAt: number[];
  endedAt: number[];
  /** Socket errors by message. */
  socketErrors: Record<string, number>;
  achievedRate: number;
  /** The furthest the generator itself fell behind its schedule, ms. */
  maxLagMs: number;
}

const PROBLEM_TYPE = /\/problems\/([a-z0-9-]+)$/;

async function runRate(job: ChaosRateJob): Promise<Outcomes> {
  // With a `timeout` set, the agent honours the server's `Keep-Alive: timeout=5` hint and drops a
  // free socket a second before the server would, so no request goes out on a socket the server is
  // closing (a socket error of our own making). In-use sockets are not affected by it; a request's
  // own deadline is a timer below.
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.connections, maxFreeSockets: job.connections, timeout: 120_000 });
  const url = new URL(job.url);
  const base: http.RequestOptions = {
    host: url.hostname,
    port: url.port,
    path: `${url.pathname}${url.search}`,
    method: job.method ?? 'POST',
    agent,
  };
  const total = Math.round((job.rate * job.durationMs) / 1000);
  const out: Outcomes = {
    firstSeq: job.firstSeq,
    status: new Array<number>(total).fill(-2),
    problem: new Array<string>(total).fill(''),
    id: new Array<string>(total).fill(''),
    flags: new Array<number>(total).fill(0),
    dueAt: new Array<number>(total).fill(0),
    sentAt: new Array<number>(total).fill(0),
    endedAt: new Array<number>(total).fill(0),
    socketErrors: {},
    achievedRate: 0,
    maxLagMs: 0,
  };
  let inFlight = 0;
  let idle: (() => void) | null = null;

  const send = (i: number, dueAt: number) => {
    const seq = job.firstSeq + i;
    const body = job.body
      .replaceAll('__SEQ__', String(seq))
      .replaceAll('__CONTACT_ID__', contactIdFor(seq, job.contacts))
      .replaceAll('__CONTACT__', contactFor(seq, job.contacts));
    out.dueAt[i] = dueAt;
    inFlight++;
    let done = false;
    let deadline: NodeJS.Timeout | null = null;
    const finish = (status: number, chunks: Buffer[] | null, headers: http.IncomingHttpHeaders | null, error?: string) => {
      if (done) return;
      done = true;
      if (deadline) clearTimeout(deadline);
      inFlight--;
      out.endedAt[i] = epochNow();
      out.status[i] = status;
      if (error !== undefined) {
        out.socketErrors[error] = (out.socketErrors[error] ?? 0) + 1;
        if (status === 0) out.problem[i] = error;
      }
      if (headers) {
        let flags = 0;
        if (headers['retry-after'] !== undefined) flags |= FLAG_RETRY_AFTER;
        if (String(headers['content-type'] ?? '').startsWith('application/problem+json')) flags |= FLAG_PROBLEM_JSON;
        out.flags[i] = flags;
      }
      if (chunks?.length) {
        try {
          const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { requestId?: unknown; id?: unknown; type?: unknown };
          const id = typeof parsed.requestId === 'string' ? parsed.requestId : typeof parsed.id === 'string' ? parsed.id : '';
          out.id[i] = id;
          if (status >= 300 && typeof parsed.type === 'string') out.problem[i] = PROBLEM_TYPE.exec(parsed.type)?.[1] ?? parsed.type;
        } catch {
          // not JSON: the flags say whether it claimed to be problem+json
        }
      }
      if (inFlight === 0 && idle) idle();
    };
    const req = http.request({ ...base, headers: { ...job.headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => finish(res.statusCode ?? 0, chunks, res.headers));
      res.on('error', (err) => finish(0, null, null, describe(err)));
    });
    // A request waits in the agent while every socket is busy: it is sent, and its deadline runs,
    // from the moment it has a socket (the agent's queue is the generator's limit, not the server's).
    req.once('socket', () => {
      out.sentAt[i] = epochNow();
      deadline = setTimeout(() => {
        finish(-1, null, null, `no response within ${job.timeoutMs} ms`);
        req.destroy();
      }, job.timeoutMs);
    });
    req.on('error', (err) => finish(0, null, null, describe(err)));
    req.end(body);
  };

  const interval = 1000 / job.rate;
  const start = performance.now() + 5;
  const startEpoch = epochNow() + 5;
  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      if (next < total && start + next * interval <= now) out.maxLagMs = Math.max(out.maxLagMs, now - (start + next * interval));
      while (next < total && start + next * interval <= now) {
        const i = next++;
        send(i, startEpoch + i * interval);
      }
      if (next < total) setTimeout(tick, Math.max(0, start + next * interval - performance.now()));
      else resolve();
    };
    setTimeout(tick, 5);
  });
  if (inFlight > 0) await new Promise<void>((resolve) => (idle = resolve));
  agent.destroy();
  // Requests per second as they went out on a socket (behind the schedule when the server is slow).
  let first = Number.POSITIVE_INFINITY;
  let last = 0;
  for (const at of out.sentAt) {
    if (at === 0) continue;
    first = Math.min(first, at);
    last = Math.max(last, at);
  }
  out.achievedRate = last > first ? total / ((last - first) / 1000) : 0;
  out.maxLagMs = Math.round(out.maxLagMs);
  return out;
}

function describe(err: Error & { code?: string }): string {
  return err.code ?? err.message;
}

serveIpc({ rate: (job: ChaosRateJob) => runRate(job) });
