import { constants, type PerformanceEntry, PerformanceObserver } from 'node:perf_hooks';
import { Counter, Gauge, type Registry } from 'prom-client';
import { FastHistogram } from './fast-histogram.ts';

/**
 * What stalls a process: how late its event loop runs timers, how long the garbage collector pauses
 * it, and how long each stage of an inbound call and of a reply attempt takes. The figures `npm run
 * bench` prints for each scenario come from here, through /metrics.
 */

/** The stages timed on the hot paths; each is one label value of hookgate_stage_duration_seconds. */
export const STAGES = [
  // An inbound call: the body read and parsed; token or signature checked; mappings and reply
  // evaluated; the one atomic store write.
  'call_read_body',
  'call_verify',
  'call_evaluate',
  'call_store_write',
  // A reply attempt: the lanes claimed; the account loaded and its credentials decrypted; the
  // provider request; the outcome settled.
  'reply_claim',
  'reply_prepare',
  'reply_send',
  'reply_settle',
] as const;
export type Stage = (typeof STAGES)[number];

/** The sampling period of the loop-delay probe; a stall shorter than this may go unseen. */
const PROBE_MS = 10;
/** The window over which hookgate_event_loop_delay_max_seconds keeps its maximum. */
const MAX_WINDOW_MS = 10_000;

const GC_KINDS: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
};

export interface RuntimeMetrics {
  /** Times one stage: call the returned function when the stage ends. */
  time(stage: Stage): () => void;
  /** Records a stage's duration measured elsewhere, in milliseconds. */
  observe(stage: Stage, ms: number): void;
  /** Starts the loop probe and the GC observer (idempotent); they never keep the process alive. */
  start(): void;
  stop(): void;
}

export function createRuntimeMetrics(registry: Registry): RuntimeMetrics {
  const loopDelay = new FastHistogram({
    name: 'hookgate_event_loop_delay_seconds',
    help:
      `How late the event loop ran a timer due every ${PROBE_MS} ms: each sample is the time the loop was busy past the ` +
      'timer’s due moment (work, GC pauses, synchronous I/O). p99 over a window = histogram_quantile over its rate.',
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2],
    registers: [registry],
  }).bind();
  let windowMax = 0;
  let previousWindowMax = 0;
  let windowStarted = performance.now();
  new Gauge({
    name: 'hookgate_event_loop_delay_max_seconds',
    help: `The longest event-loop delay seen in the last ${MAX_WINDOW_MS / 1000}–${(2 * MAX_WINDOW_MS) / 1000} s`,
    registers: [registry],
    // Of several processes: the worst one's.
    aggregator: 'max',
    collect() {
      rollWindow(performance.now());
      this.set(Math.max(windowMax, previousWindowMax) / 1000);
    },
  });
  const gcPauses = new Counter({
    name: 'hookgate_gc_pause_seconds_total',
    help: 'Time the garbage collector paused JavaScript, by kind',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  const gcCount = new Counter({
    name: 'hookgate_gc_pauses_total',
    help: 'Garbage collector pauses, by kind',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  const stages = new FastHistogram({
    name: 'hookgate_stage_duration_seconds',
    help: 'Time spent per stage of an inbound call (call_*) and of a reply attempt (reply_*)',
    labelName: 'stage',
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
    registers: [registry],
  });
  const byStage = new Map(STAGES.map((stage) => [stage, stages.bind(stage)]));

  function rollWindow(now: number): void {
    if (now - windowStarted < MAX_WINDOW_MS) return;
    // A window with no sample at all (a stall longer than the window) keeps the stall as its maximum.
    previousWindowMax = now - windowStarted < 2 * MAX_WINDOW_MS ? windowMax : 0;
    windowMax = 0;
    windowStarted = now;
  }

  let probe: NodeJS.Timeout | null = null;
  let observer: PerformanceObserver | null = null;
  let expected = 0;

  const sample = (): void => {
    const now = performance.now();
    const lateMs = Math.max(0, now - expected);
    expected = now + PROBE_MS;
    loopDelay(lateMs / 1000);
    rollWindow(now);
    if (lateMs > windowMax) windowMax = lateMs;
  };

  return {
    time(stage) {
      const started = performance.now();
      const observe = byStage.get(stage);
      return () => observe?.((performance.now() - started) / 1000);
    },
    observe(stage, ms) {
      byStage.get(stage)?.(ms / 1000);
    },
    start() {
      if (probe) return;
      expected = performance.now() + PROBE_MS;
      probe = setInterval(sample, PROBE_MS);
      probe.unref();
      observer = new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
          const detail = (entry as PerformanceEntry & { detail?: { kind?: number } }).detail;
          const kind = GC_KINDS[detail?.kind ?? -1] ?? 'other';
          gcPauses.inc({ kind }, entry.duration / 1000);
          gcCount.inc({ kind });
        }
      });
      observer.observe({ entryTypes: ['gc'] });
    },
    stop() {
      if (probe) clearInterval(probe);
      probe = null;
      observer?.disconnect();
      observer = null;
    },
  };
}
