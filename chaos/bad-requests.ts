/**
 * Chaos child: sends scenario 4's bad requests (chaos/bad-cases.ts) over raw sockets, one
 * connection each, `concurrency` at a time, plus `slow` connections that trickle their request in
 * alongside, and reads what comes back: the first final response (1xx skipped), or that the
 * server closed without one, or that nothing came within the case's wait.
 */
import { connect, type Socket } from 'node:net';
import { epochNow, serveIpc } from '../bench/ipc.ts';
import { type BadRequest, type CaseContext, fastCase, slowCase } from './bad-cases.ts';
import { emptyFloodResult, emptyTally, type FloodResult } from './flood-result.ts';

export interface FloodJob {
  port: number;
  total: number;
  /** Indexes of the first fast and the first slow case (a flood in rounds goes on through the cases). */
  firstFast: number;
  firstSlow: number;
  concurrency: number;
  /** How many of `total` are slow cases (run side by side with the rest). */
  slow: number;
  context: CaseContext;
}

interface Answer {
  status: number | null;
  headers: Record<string, string>;
  body: Buffer;
  raw: Buffer;
  /** The server closed before a complete answer (or without any). */
  closed: boolean;
  timedOut: boolean;
  connectError?: string;
}

/** Parses the first final response out of `buf`; null while incomplete. */
function parse(buf: Buffer, ended: boolean): Omit<Answer, 'raw' | 'closed' | 'timedOut'> | null {
  let offset = 0;
  for (;;) {
    const end = buf.indexOf('\r\n\r\n', offset);
    if (end < 0) return null;
    const head = buf.subarray(offset, end).toString('latin1').split('\r\n');
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head[0] ?? '')?.[1] ?? NaN);
    if (!Number.isFinite(status)) return { status: null, headers: {}, body: buf.subarray(offset) };
    const headers: Record<string, string> = {};
    for (const line of head.slice(1)) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    if (status >= 100 && status < 200) {
      offset = end + 4;
      continue;
    }
    const bodyStart = end + 4;
    const length = headers['content-length'] === undefined ? null : Number(headers['content-length']);
    if (length !== null && buf.length - bodyStart >= length) return { status, headers, body: buf.subarray(bodyStart, bodyStart + length) };
    if (length === null && headers['transfer-encoding'] === undefined && status === 204) return { status, headers, body: Buffer.alloc(0) };
    if (ended) return { status, headers, body: buf.subarray(bodyStart) };
    return null;
  }
}

function exchange(port: number, req: BadRequest): Promise<Answer> {
  return new Promise((resolve) => {
    const socket: Socket = connect({ port, host: '127.0.0.1' });
    const chunks: Buffer[] = [];
    let settled = false;
    let timers: NodeJS.Timeout[] = [];
    const done = (ended: boolean, timedOut: boolean, connectError?: string) => {
      if (settled) return;
      const raw = Buffer.concat(chunks);
      const parsed = parse(raw, true);
      if (!ended && !timedOut && !connectError && parse(raw, false) === null) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      timers = [];
      socket.destroy();
      const answer: Answer = {
        status: parsed?.status ?? null,
        headers: parsed?.headers ?? {},
        body: parsed?.body ?? Buffer.alloc(0),
        raw,
        closed: ended && parsed === null,
        timedOut: timedOut && parsed === null,
      };
      if (connectError !== undefined) answer.connectError = connectError;
      resolve(answer);
    };
    socket.on('data', (c: Buffer) => {
      chunks.push(c);
      done(false, false);
    });
    socket.on('end', () => done(true, false));
    socket.on('close', () => done(true, false));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      // Writing after the server answered and closed (EPIPE, ECONNRESET) is the server's right:
      // what it sent before is read; a failure to connect is reported as such.
      if (err.code === 'ECONNREFUSED' || err.code === 'EADDRNOTAVAIL' || err.code === 'EMFILE') return done(true, false, err.code);
      done(true, false);
    });
    socket.setNoDelay(true);
    socket.on('connect', () => {
      const [first, ...rest] = req.pieces;
      socket.write(first!);
      rest.forEach((piece, i) => {
        timers.push(
          setTimeout(
            () => {
              if (!socket.destroyed && socket.writable) socket.write(piece);
            },
            (i + 1) * (req.delayMs ?? 0),
          ),
        );
      });
      if (req.halfClose && rest.length === 0) socket.end();
    });
    timers.push(setTimeout(() => done(false, true), req.waitMs));
  });
}

function isProblem(answer: Answer): boolean {
  if (!(answer.headers['content-type'] ?? '').startsWith('application/problem+json')) return false;
  try {
    const body = JSON.parse(answer.body.toString('utf8')) as { type?: unknown; status?: unknown; title?: unknown };
    return typeof body.type === 'string' && typeof body.title === 'string' && body.status === answer.status;
  } catch {
    return false;
  }
}

async function flood(job: FloodJob): Promise<FloodResult> {
  const started = epochNow();
  const result = emptyFloodResult();
  const sampleCounts: Record<string, number> = {};
  const sample = (what: string, req: BadRequest, answer: Answer) => {
    const key = `${what}|${req.kind}|${answer.status}`;
    sampleCounts[key] = (sampleCounts[key] ?? 0) + 1;
    if (sampleCounts[key] > 3) return;
    result.samples.push({
      what,
      kind: req.kind,
      status: answer.status,
      request: Buffer.concat(req.pieces).subarray(0, 300).toString('latin1'),
      response: answer.raw.subarray(0, 400).toString('latin1'),
    });
  };
  const record = (req: BadRequest, answer: Answer) => {
    result.sent++;
    const tally = result.kinds[req.kind] ?? emptyTally();
    result.kinds[req.kind] = tally;
    tally.sent++;
    if (answer.connectError) {
      result.connectErrors[answer.connectError] = (result.connectErrors[answer.connectError] ?? 0) + 1;
      return;
    }
    if (answer.status === null) {
      if (answer.timedOut) {
        tally.noAnswer++;
        result.noAnswer++;
        sample('no answer', req, answer);
      } else if (answer.raw.length > 0) {
        // Bytes that are no HTTP response: as bad as a non-problem answer.
        tally.notProblemJson++;
        result.notProblemJson++;
        sample('not an HTTP response', req, answer);
      } else {
        tally.closedWithoutAnswer++;
        result.closedWithoutAnswer++;
        sample('closed without an answer', req, answer);
      }
      return;
    }
    tally.statuses[answer.status] = (tally.statuses[answer.status] ?? 0) + 1;
    if (answer.status >= 500) {
      result.fiveXx++;
      sample('5xx', req, answer);
    }
    if (answer.status >= 400) {
      if (!isProblem(answer)) {
        tally.notProblemJson++;
        result.notProblemJson++;
        sample('not problem+json', req, answer);
      }
    } else {
      tally.success++;
      result.success++;
      sample('success for a bad request', req, answer);
    }
  };

  const fastTotal = job.total - job.slow;
  let nextFast = 0;
  const fastLoop = async () => {
    while (nextFast < fastTotal) {
      const req = fastCase(job.firstFast + nextFast++, job.context);
      record(req, await exchange(job.port, req));
    }
  };
  const slow = Array.from({ length: job.slow }, async (_, i) => {
    // Spread over the first seconds, so they overlap the fast ones throughout.
    await new Promise((r) => setTimeout(r, (i * 50) % 5000));
    const req = slowCase(job.firstSlow + i, job.context);
    record(req, await exchange(job.port, req));
  });
  await Promise.all([...Array.from({ length: job.concurrency }, fastLoop), ...slow]);
  result.seconds = (epochNow() - started) / 1000;
  result.perSecond = result.sent / result.seconds;
  return result;
}

serveIpc({ flood: (job: FloodJob) => flood(job) });
