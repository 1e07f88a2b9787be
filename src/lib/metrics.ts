import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { createRuntimeMetrics } from './runtime-metrics.ts';

/** How many bots a scheduler holds: any (`scheduledBots`), and due now with no worker on them (`dueBots`). */
export type SchedulerDepthReader = () => Promise<{ scheduledBots: number; dueBots: number }>;

/**
 * A gauge of a scheduler's depth in bots, read from the shared store at each scrape once a worker
 * process says where to read it (`watch`).
 */
function schedulerDepthGauge(registry: Registry, name: string, help: string) {
  let read: SchedulerDepthReader | null = null;
  const gauge = new Gauge({
    name,
    help,
    labelNames: ['state'] as const,
    registers: [registry],
    // Several processes read the same shared depth: one figure, not their sum.
    aggregator: 'max',
    async collect() {
      if (!read) return;
      try {
        const depth = await read();
        this.set({ state: 'scheduled' }, depth.scheduledBots);
        this.set({ state: 'due' }, depth.dueBots);
      } catch {
        // Store unreachable: report nothing rather than a stale depth (hookgate_store_up says why).
        this.reset();
      }
    },
  });
  const watch = (reader: SchedulerDepthReader): void => {
    read = reader;
  };
  return { gauge, watch };
}

/** Prometheus metrics, one registry per service instance (tests build several). */
export function createMetrics(options: { defaultMetrics?: boolean } = {}) {
  const registry = new Registry();
  // Node's default metrics keep their standard names (process_*, nodejs_*), as stock dashboards expect.
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry });
  // Stage timings always; the loop probe and GC observer only in a real process (tests build many instances).
  const runtime = createRuntimeMetrics(registry);
  if (options.defaultMetrics) runtime.start();
  const replyQueue = schedulerDepthGauge(
    registry,
    'hookgate_reply_queue_bots',
    'Bots with queued replies, read from the shared queue at scrape time: state="scheduled" (any queued reply: due, being sent or ' +
      'waiting for a retry), state="due" (due now and not held by any worker: the backlog)',
  );
  const eventQueue = schedulerDepthGauge(
    registry,
    'hookgate_event_queue_bots',
    'Bots with event work (undispatched events or deliveries waiting), read at scrape time: state="scheduled" (any), state="due" ' +
      '(due now, not held by a worker: the backlog)',
  );
  return {
    registry,
    /**
     * The text /metrics answers with: this registry's, or, in one of several processes, all of
     * theirs aggregated (src/cluster/child.ts replaces it).
     */
    exposition: (): Promise<string> => registry.metrics(),
    /** Event-loop delay, GC pauses and per-stage timings (runtime-metrics.ts). */
    runtime,
    /** Reports the reply queue's depth at each scrape (the workers of a process wire this up). */
    watchReplyQueue: replyQueue.watch,
    replyQueueBots: replyQueue.gauge,
    /** Reports the event delivery queue's depth at each scrape. */
    watchEventQueue: eventQueue.watch,
    eventQueueBots: eventQueue.gauge,
    replySendsInFlight: new Gauge({
      name: 'hookgate_reply_sends_in_flight',
      help: 'Reply provider requests this process has started and not yet settled',
      registers: [registry],
    }),
    httpRequests: new Counter({
      name: 'hookgate_http_requests_total',
      help: 'HTTP requests by route and status',
      labelNames: ['method', 'route', 'status'] as const,
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'hookgate_http_request_duration_seconds',
      help: 'HTTP request duration by route',
      labelNames: ['method', 'route'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    inboundCalls: new Counter({
      name: 'hookgate_inbound_calls_total',
      help: 'Inbound webhook calls by outcome',
      labelNames: ['outcome', 'environment'] as const,
      registers: [registry],
    }),
    activityRejections: new Counter({
      name: 'hookgate_activity_rejections_total',
      help:
        'Refused inbound calls by what became of their activity entry: recorded, suppressed (authentication failures over the ' +
        'per-minute cap), dropped (too many writes pending) or failed (the store refused the write)',
      labelNames: ['result'] as const,
      registers: [registry],
    }),
    repliesSettled: new Counter({
      name: 'hookgate_replies_total',
      help: 'Reply delivery attempts by channel and result (sent, failed, retried)',
      labelNames: ['channel', 'result'] as const,
      registers: [registry],
    }),
    replyLatency: new Histogram({
      name: 'hookgate_reply_delivery_latency_seconds',
      help: 'Time from accepting a call to its reply being sent, by channel',
      labelNames: ['channel'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30, 120, 600],
      registers: [registry],
    }),
    eventDeliveries: new Counter({
      name: 'hookgate_event_delivery_attempts_total',
      help: 'Scheduled event delivery attempts by result (succeeded, retried, failed)',
      labelNames: ['result'] as const,
      registers: [registry],
    }),
    deliveriesDeadLettered: new Counter({
      name: 'hookgate_deliveries_dead_lettered_total',
      help: 'Event deliveries sent to the dead letter: their disabled subscription already held HOOKGATE_PAUSED_DELIVERIES_LIMIT paused ones',
      registers: [registry],
    }),
    pausedDeliveriesReleased: new Counter({
      name: 'hookgate_paused_deliveries_released_total',
      help: 'Paused event deliveries released: resumed (subscription enabled again) or discarded on request',
      labelNames: ['action'] as const,
      registers: [registry],
    }),
    eventDeliveryLatency: new Histogram({
      name: 'hookgate_event_delivery_duration_seconds',
      help: 'Duration of event delivery requests',
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    storeUp: new Gauge({
      name: 'hookgate_store_up',
      help: '1 when the last readiness check reached the store (of several processes: any one’s last check)',
      registers: [registry],
      aggregator: 'max',
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
