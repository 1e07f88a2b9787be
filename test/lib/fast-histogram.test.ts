import { Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { FastHistogram } from '../../src/lib/fast-histogram.ts';

const BUCKETS = [0.001, 0.01, 0.1, 1];
const VALUES = [0.0005, 0.001, 0.002, 0.05, 0.05, 0.5, 3, 0];

describe('FastHistogram', () => {
  it('exposes what prom-client’s Histogram exposes for the same observations, per label value', async () => {
    const fastRegistry = new Registry();
    const promRegistry = new Registry();
    const fast = new FastHistogram({ name: 'h_seconds', help: 'help', buckets: BUCKETS, labelName: 'stage', registers: [fastRegistry] });
    const prom = new Histogram({ name: 'h_seconds', help: 'help', buckets: BUCKETS, labelNames: ['stage'], registers: [promRegistry] });
    const a = fast.bind('a');
    const b = fast.bind('b');
    for (const v of VALUES) {
      a(v);
      prom.observe({ stage: 'a' }, v);
    }
    b(0.02);
    prom.observe({ stage: 'b' }, 0.02);
    expect(await fastRegistry.metrics()).toBe(await promRegistry.metrics());
  });

  it('has one unlabelled series when bound without a label, ignores non-finite values, and resets', async () => {
    const registry = new Registry();
    const observe = new FastHistogram({ name: 'loop_seconds', help: 'help', buckets: BUCKETS, registers: [registry] }).bind();
    observe(0.005);
    observe(Number.NaN);
    observe(Number.POSITIVE_INFINITY);
    const text = await registry.metrics();
    expect(text).toContain('loop_seconds_bucket{le="0.001"} 0');
    expect(text).toContain('loop_seconds_bucket{le="0.01"} 1');
    expect(text).toContain('loop_seconds_bucket{le="+Inf"} 1');
    expect(text).toContain('loop_seconds_count 1');
    registry.resetMetrics();
    expect(await registry.metrics()).toContain('loop_seconds_count 0');
  });
});
