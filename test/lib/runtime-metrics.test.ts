/**
 * The stall figures: the loop probe sees a loop blocked for 150 ms, the GC observer counts pauses, and
 * stage timings land in their histogram. Read through prom-client's own text exposition.
 */
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntimeMetrics, type RuntimeMetrics } from '../../src/lib/runtime-metrics.ts';

function sample(text: string, name: string, labels = ''): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function blockLoop(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy: nothing else runs on this loop meanwhile
  }
}

describe('runtime metrics', () => {
  let runtime: RuntimeMetrics | null = null;
  afterEach(() => runtime?.stop());

  it('records a blocked event loop as a delay sample and as the window maximum', async () => {
    const registry = new Registry();
    runtime = createRuntimeMetrics(registry);
    runtime.start();
    await sleep(50);
    blockLoop(150);
    await sleep(50);
    const text = await registry.metrics();
    const max = sample(text, 'hookgate_event_loop_delay_max_seconds');
    expect(max).toBeGreaterThanOrEqual(0.14);
    expect(max).toBeLessThan(5);
    // The stall is one sample above 100 ms; the other samples fell in lower buckets.
    const count = sample(text, 'hookgate_event_loop_delay_seconds_count') ?? 0;
    const upTo100ms = sample(text, 'hookgate_event_loop_delay_seconds_bucket', '{le="0.1"}') ?? 0;
    expect(count).toBeGreaterThanOrEqual(3);
    expect(count - upTo100ms).toBeGreaterThanOrEqual(1);
  });

  it('counts garbage collector pauses', async () => {
    const registry = new Registry();
    runtime = createRuntimeMetrics(registry);
    runtime.start();
    let keep: unknown[] = [];
    for (let round = 0; round < 50; round++) {
      keep = Array.from({ length: 20_000 }, (_, i) => ({ i, s: `x${i}` }));
    }
    expect(keep.length).toBe(20_000);
    await sleep(20); // the observer reports after the pause, on a later tick
    const text = await registry.metrics();
    expect(sample(text, 'hookgate_gc_pauses_total', '{kind="minor"}')).toBeGreaterThan(0);
    expect(sample(text, 'hookgate_gc_pause_seconds_total', '{kind="minor"}')).toBeGreaterThan(0);
  });

  it('times stages into one histogram labelled by stage', async () => {
    const registry = new Registry();
    runtime = createRuntimeMetrics(registry);
    const done = runtime.time('reply_send');
    await sleep(30);
    done();
    runtime.observe('call_store_write', 2);
    const text = await registry.metrics();
    expect(sample(text, 'hookgate_stage_duration_seconds_count', '{stage="reply_send"}')).toBe(1);
    expect(sample(text, 'hookgate_stage_duration_seconds_sum', '{stage="reply_send"}')).toBeGreaterThanOrEqual(0.025);
    expect(sample(text, 'hookgate_stage_duration_seconds_sum', '{stage="call_store_write"}')).toBeCloseTo(0.002, 6);
  });
});
