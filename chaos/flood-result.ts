/**
 * What scenario 4's flood (chaos/bad-requests.ts) reports, per round, and the rounds of one flood
 * added up (chaos/scenario-bad-input.ts).
 */

export interface KindTally {
  sent: number;
  /** Responses by status. */
  statuses: Record<string, number>;
  /** The server closed the connection without a response. */
  closedWithoutAnswer: number;
  /** Nothing within the case's wait (we gave up and closed). */
  noAnswer: number;
  /** Error answers (status ≥ 400) that are not problem+json with a matching status. */
  notProblemJson: number;
  /** 1xx-3xx final answers to a bad request. */
  success: number;
}

export interface FloodResult {
  kinds: Record<string, KindTally>;
  sent: number;
  fiveXx: number;
  notProblemJson: number;
  closedWithoutAnswer: number;
  noAnswer: number;
  success: number;
  /** A few examples of each kind of failure: the first bytes of the request and of the answer. */
  samples: { what: string; kind: string; status: number | null; request: string; response: string }[];
  seconds: number;
  perSecond: number;
  /** Sockets that could not connect (the server gone or out of file descriptors). */
  connectErrors: Record<string, number>;
}

export function emptyTally(): KindTally {
  return { sent: 0, statuses: {}, closedWithoutAnswer: 0, noAnswer: 0, notProblemJson: 0, success: 0 };
}

export function emptyFloodResult(): FloodResult {
  return {
    kinds: {},
    sent: 0,
    fiveXx: 0,
    notProblemJson: 0,
    closedWithoutAnswer: 0,
    noAnswer: 0,
    success: 0,
    samples: [],
    seconds: 0,
    perSecond: 0,
    connectErrors: {},
  };
}

/** The rounds of one flood as one result (their samples, as each round keeps them, up to 3 of a kind in all). */
export function mergeFloods(rounds: readonly FloodResult[]): FloodResult {
  const out = emptyFloodResult();
  const add = (into: Record<string, number>, from: Record<string, number>) => {
    for (const [key, n] of Object.entries(from)) into[key] = (into[key] ?? 0) + n;
  };
  const sampled: Record<string, number> = {};
  for (const r of rounds) {
    for (const field of ['sent', 'fiveXx', 'notProblemJson', 'closedWithoutAnswer', 'noAnswer', 'success', 'seconds'] as const)
      out[field] += r[field];
    add(out.connectErrors, r.connectErrors);
    for (const [kind, t] of Object.entries(r.kinds)) {
      const into = out.kinds[kind] ?? emptyTally();
      out.kinds[kind] = into;
      for (const field of ['sent', 'closedWithoutAnswer', 'noAnswer', 'notProblemJson', 'success'] as const) into[field] += t[field];
      add(into.statuses, t.statuses);
    }
    for (const sample of r.samples) {
      const key = `${sample.what}|${sample.kind}|${sample.status}`;
      sampled[key] = (sampled[key] ?? 0) + 1;
      if (sampled[key] <= 3) out.samples.push(sample);
    }
  }
  out.perSecond = out.seconds > 0 ? out.sent / out.seconds : 0;
  return out;
}
