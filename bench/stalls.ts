/**
 * The stall figures of one measured stretch, read from a Hookgate process's /metrics: event-loop
 * delay (p50/p99 from the histogram's difference over the stretch, max from the windowed gauge polled
 * every 5 s), GC pause totals, and the time per stage of an inbound call and a reply attempt.
 */

interface Histogram {
  buckets: [le: number, count: number][];
  sum: number;
  count: number;
}

interface Scrape {
  loop: Histogram;
  gcSeconds: Map<string, number>;
  gcCount: Map<string, number>;
  stages: Map<string, Histogram>;
}

export interface StallFigures {
  /**
   * `max` is the windowed gauge's maximum over the stretch's polls. The gauge keeps a delay for
   * 10–20 s, so a delay from just before the stretch may show in it: when the stretch's own
   * histogram has nothing that long, `max` is that histogram's highest bound instead and
   * `maxIsBound` is true.
   */
  loopDelayMs: { p50: number; p99: number; max: number; maxIsBound: boolean; samples: number };
  gc: { pauses: number; totalMs: number; majorMs: number };
  /** Per stage: how many, mean and p99 in ms (p99 to the histogram's bucket bounds). */
  stagesMs: Record<string, { count: number; mean: number; p99: number }>;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{([^}]*)\})? (\S+)$/;

function labelsOf(raw: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of (raw ?? '').matchAll(/([a-zA-Z_]+)="([^"]*)"/g)) out[m[1]!] = m[2]!;
  return out;
}

function emptyHistogram(): Histogram {
  return { buckets: [], sum: 0, count: 0 };
}

function addToHistogram(h: Histogram, suffix: string, labels: Record<string, string>, value: number): void {
  if (suffix === '_bucket') h.buckets.push([labels.le === '+Inf' ? Number.POSITIVE_INFINITY : Number(labels.le), value]);
  else if (suffix === '_sum') h.sum = value;
  else if (suffix === '_count') h.count = value;
}

async function scrape(baseUrl: string): Promise<{ scrape: Scrape; loopMaxSeconds: number }> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const out: Scrape = { loop: emptyHistogram(), gcSeconds: new Map(), gcCount: new Map(), stages: new Map() };
  let loopMaxSeconds = 0;
  for (const line of text.split('\n')) {
    const m = LINE.exec(line);
    if (!m) continue;
    const [, name, rawLabels, rawValue] = m;
    const labels = labelsOf(rawLabels);
    const value = Number(rawValue);
    if (name === 'hookgate_event_loop_delay_max_seconds') loopMaxSeconds = value;
    else if (name?.startsWith('hookgate_event_loop_delay_seconds')) {
      addToHistogram(out.loop, name.slice('hookgate_event_loop_delay_seconds'.length), labels, value);
    } else if (name === 'hookgate_gc_pause_seconds_total') out.gcSeconds.set(labels.kind ?? '', value);
    else if (name === 'hookgate_gc_pauses_total') out.gcCount.set(labels.kind ?? '', value);
    else if (name?.startsWith('hookgate_stage_duration_seconds') && labels.stage) {
      const h = out.stages.get(labels.stage) ?? emptyHistogram();
      out.stages.set(labels.stage, h);
      addToHistogram(h, name.slice('hookgate_stage_duration_seconds'.length), labels, value);
    }
  }
  return { scrape: out, loopMaxSeconds };
}

function difference(after: Histogram, before: Histogram | undefined): Histogram {
  const earlier = new Map(before?.buckets ?? []);
  return {
    buckets: after.buckets.map(([le, count]) => [le, count - (earlier.get(le) ?? 0)]),
    sum: after.sum - (before?.sum ?? 0),
    count: after.count - (before?.count ?? 0),
  };
}

/** The q-quantile, interpolated linearly inside its bucket (as Prometheus's histogram_quantile). */
function quantile(h: Histogram, q: number): number {
  if (h.count <= 0) return 0;
  const rank = q * h.count;
  let previousLe = 0;
  let previousCount = 0;
  for (const [le, count] of [...h.buckets].sort((a, b) => a[0] - b[0])) {
    if (count >= rank) {
      if (!Number.isFinite(le)) return previousLe;
      const inBucket = count - previousCount;
      return inBucket > 0 ? previousLe + ((le - previousLe) * (rank - previousCount)) / inBucket : le;
    }
    previousLe = le;
    previousCount = count;
  }
  return previousLe;
}

/** The upper bound of the highest bucket that gained samples: no sample in `h` exceeded it. */
function highestBound(h: Histogram): number {
  let bound = 0;
  let previousCount = 0;
  for (const [le, count] of [...h.buckets].sort((a, b) => a[0] - b[0])) {
    if (count > previousCount) bound = le;
    previousCount = count;
  }
  return bound;
}

const sumOf = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
const round = (ms: number) => Math.round(ms * 100) / 100;

/**
 * Starts watching a process's stall figures; `stop()` ends the stretch and returns them. The
 * process is scraped at once and every 5 s, as a Prometheus server would; the measured stretch
 * begins `warmupMs` after the call (the figures leave the warm-up out).
 */
export async function watchStalls(baseUrl: string, warmupMs = 0): Promise<{ stop(): Promise<StallFigures> }> {
  const initial = await scrape(baseUrl);
  let first: Scrape | null = warmupMs > 0 ? null : initial.scrape;
  let loopMax = 0;
  let failed = false;
  const baseline =
    first !== null
      ? Promise.resolve()
      : new Promise((resolve) => setTimeout(resolve, warmupMs))
          .then(() => scrape(baseUrl))
          .then(
            (s) => {
              first = s.scrape;
            },
            () => {
              failed = true;
            },
          );
  const poll = setInterval(() => {
    scrape(baseUrl).then(
      (s) => {
        if (first !== null) loopMax = Math.max(loopMax, s.loopMaxSeconds);
      },
      () => {
        failed = true;
      },
    );
    // The gauge keeps a maximum for 10–20 s, so a poll every 5 s sees each one; a scrape renders every
    // metric in the measured process, so polling more often would add stalls of its own.
  }, 5000);
  return {
    async stop() {
      clearInterval(poll);
      await baseline;
      if (first === null) throw new Error('the stall baseline was never taken');
      const last = await scrape(baseUrl);
      loopMax = Math.max(loopMax, last.loopMaxSeconds);
      const loop = difference(last.scrape.loop, first.loop);
      const gcSeconds = sumOf(last.scrape.gcSeconds) - sumOf(first.gcSeconds);
      const gcCount = sumOf(last.scrape.gcCount) - sumOf(first.gcCount);
      const majorSeconds = (last.scrape.gcSeconds.get('major') ?? 0) - (first.gcSeconds.get('major') ?? 0);
      const stagesMs: StallFigures['stagesMs'] = {};
      for (const [stage, h] of last.scrape.stages) {
        const d = difference(h, first.stages.get(stage));
        if (d.count > 0) stagesMs[stage] = { count: d.count, mean: round((d.sum / d.count) * 1000), p99: round(quantile(d, 0.99) * 1000) };
      }
      if (failed) process.stderr.write('bench: a /metrics poll failed during the stretch; the loop maximum may be low\n');
      const bound = highestBound(loop);
      const maxIsBound = loopMax > bound;
      return {
        loopDelayMs: {
          p50: round(quantile(loop, 0.5) * 1000),
          p99: round(quantile(loop, 0.99) * 1000),
          max: round((maxIsBound ? bound : loopMax) * 1000),
          maxIsBound,
          samples: loop.count,
        },
        gc: { pauses: gcCount, totalMs: round(gcSeconds * 1000), majorMs: round(majorSeconds * 1000) },
        stagesMs,
      };
    },
  };
}

/** One line for the bench's progress output. */
export function describeStalls(s: StallFigures): string {
  const stages = Object.entries(s.stagesMs)
    .map(([stage, f]) => `${stage} ${f.mean}/${f.p99}`)
    .join(', ');
  return (
    `loop delay p50 ${s.loopDelayMs.p50} ms, p99 ${s.loopDelayMs.p99} ms, max ${s.loopDelayMs.maxIsBound ? '≤ ' : ''}${s.loopDelayMs.max} ms; GC ${s.gc.pauses} pauses, ` +
    `${s.gc.totalMs} ms (major ${s.gc.majorMs} ms); stages mean/p99 ms: ${stages || 'none'}`
  );
}
