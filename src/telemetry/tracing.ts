import type { Attributes } from '@opentelemetry/api';

/** What traced code sees of its span. */
export interface SpanHandle {
  setAttributes(attributes: Attributes): void;
  /** Names the span once what it is about is known (a server span: `POST /hooks/:webhookId`). */
  rename(name: string): void;
  /** Marks the span failed with a short reason (an error code or status, never a secret). */
  fail(reason: string): void;
}

/**
 * OpenTelemetry tracing as the code uses it. Two implementations: `noTracing` (the default, when
 * OTEL_EXPORTER_OTLP_ENDPOINT is unset: every method returns at once, nothing is allocated on the
 * hot path) and the SDK's (src/telemetry/otel.ts, loaded only when tracing is on).
 *
 * Work done later (a reply, an event delivery, possibly in another process) carries the W3C
 * `traceparent` of the span that queued it (`traceparent()`, stored with the reply or event), and
 * its attempts run in a span under it (`attempt`). Outbound requests carry the active span's
 * `traceparent` (`inject`).
 */
export interface Tracing {
  readonly enabled: boolean;
  /** Runs an inbound HTTP request in a server span continuing the caller's `traceparent` (if valid). */
  server<T>(method: string, headers: Headers, fn: (span: SpanHandle) => Promise<T>): Promise<T>;
  /** The active span's W3C traceparent, to store with queued work; undefined when off or outside a span. */
  traceparent(): string | undefined;
  /**
   * Runs one attempt at queued work in a span. Its parent is the span that queued the work (`stored`),
   * so a call's trace shows its reply and deliveries; an attempt made inside another span (a manual
   * retry, inside its admin request) is that span's child and links to the stored one instead.
   */
  attempt<T>(name: string, stored: string | undefined, attributes: Attributes, fn: (span: SpanHandle) => Promise<T>): Promise<T>;
  /** Adds the active span's `traceparent` (and `tracestate`) to outbound headers that carry none. */
  inject(headers: Record<string, string>): void;
  /** Exports what is buffered and stops (the drain's last step). */
  shutdown(): Promise<void>;
}

const NO_SPAN: SpanHandle = {
  setAttributes() {},
  rename() {},
  fail() {},
};

/** Tracing off: no spans, no headers, nothing stored. */
export const noTracing: Tracing = {
  enabled: false,
  server: (_method, _headers, fn) => fn(NO_SPAN),
  traceparent: () => undefined,
  attempt: (_name, _stored, _attributes, fn) => fn(NO_SPAN),
  inject() {},
  shutdown: async () => {},
};
