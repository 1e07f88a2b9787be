import {
  type Attributes,
  context,
  defaultTextMapGetter,
  defaultTextMapSetter,
  isSpanContextValid,
  type Link,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AlwaysOnSampler, BatchSpanProcessor, ParentBasedSampler, TracerProvider } from '@opentelemetry/sdk-trace';
import type { SpanHandle, Tracing } from './tracing.ts';

export interface OtelOptions {
  /** OTLP/HTTP base URL (OTEL_EXPORTER_OTLP_ENDPOINT): spans go to `<it>/v1/traces`, as OTLP JSON. */
  endpoint: string;
  serviceName: string;
  serviceVersion: string;
  /** How often buffered spans are exported (the SDK's default: 5 s). */
  exportDelayMs?: number;
}

const HEADERS_GETTER = {
  get: (carrier: Headers, key: string) => carrier.get(key) ?? undefined,
  keys: (carrier: Headers) => [...carrier.keys()],
};

/**
 * Tracing through the OpenTelemetry SDK: spans exported over OTLP/HTTP, sampled parent-based
 * (a caller's "not sampled" flag is honoured; a call without one is sampled). Registers the
 * process's context manager (AsyncLocalStorage) and W3C propagator: one per process, from main.ts.
 */
export function startOtelTracing(options: OtelOptions): Tracing {
  const w3c = new W3CTraceContextPropagator();
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(w3c);
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.serviceName, 'service.version': options.serviceVersion }),
    sampler: new ParentBasedSampler({ root: new AlwaysOnSampler() }),
    spanProcessors: [
      new BatchSpanProcessor({
        exporter: new OTLPTraceExporter({ url: `${options.endpoint}/v1/traces` }),
        scheduledDelayMillis: options.exportDelayMs ?? 5000,
      }),
    ],
  });
  trace.setGlobalTracerProvider(provider);
  const tracer = provider.getTracer('hookgate', options.serviceVersion);

  /** Runs `fn` in `span` (made active), ending it however `fn` ends. */
  const run = async <T>(span: Span, fn: (handle: SpanHandle) => Promise<T>): Promise<T> => {
    try {
      return await context.with(trace.setSpan(context.active(), span), () => fn(handleOf(span)));
    } catch (err) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.name : 'error' });
      throw err;
    } finally {
      span.end();
    }
  };

  return {
    enabled: true,
    server(method, headers, fn) {
      const parent = w3c.extract(ROOT_CONTEXT, headers, HEADERS_GETTER);
      const span = tracer.startSpan(method, { kind: SpanKind.SERVER, attributes: { 'http.request.method': method } }, parent);
      return context.with(parent, () => run(span, fn));
    },
    traceparent() {
      const active = trace.getActiveSpan()?.spanContext();
      if (!active || !isSpanContextValid(active)) return undefined;
      return `00-${active.traceId}-${active.spanId}-${active.traceFlags.toString(16).padStart(2, '0')}`;
    },
    attempt(name, stored, attributes: Attributes, fn) {
      const storedContext = stored === undefined ? undefined : w3c.extract(ROOT_CONTEXT, { traceparent: stored }, defaultTextMapGetter);
      const queuedBy = storedContext === undefined ? undefined : trace.getSpanContext(storedContext);
      const inside = trace.getActiveSpan() !== undefined;
      const links: Link[] = inside && queuedBy && isSpanContextValid(queuedBy) ? [{ context: queuedBy }] : [];
      const parent = inside ? context.active() : (storedContext ?? ROOT_CONTEXT);
      const span = tracer.startSpan(name, { kind: SpanKind.CONSUMER, attributes, links }, parent);
      return run(span, fn);
    },
    inject(headers) {
      if (trace.getActiveSpan() === undefined) return;
      for (const name of Object.keys(headers)) if (name.toLowerCase() === 'traceparent') return;
      w3c.inject(context.active(), headers, defaultTextMapSetter);
    },
    async shutdown() {
      await provider.shutdown();
    },
  };
}

function handleOf(span: Span): SpanHandle {
  return {
    setAttributes: (attributes) => void span.setAttributes(attributes),
    rename: (name) => void span.updateName(name),
    fail: (reason) => void span.setStatus({ code: SpanStatusCode.ERROR, message: reason }),
  };
}
