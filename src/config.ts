import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { DEFAULT_SCHEDULER_PARTITIONS, MAX_SCHEDULER_PARTITIONS } from './scheduling/partitions.ts';

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

const int = (min: number, max: number) =>
  z.string().regex(/^\d+$/, 'must be a whole number').transform(Number).pipe(z.number().int().min(min).max(max));

/** A process count: a whole number, or `auto` for as many as the host has cores. */
const processCount = z
  .string()
  .regex(/^(auto|\d+)$/, 'must be a whole number or auto')
  .transform((v) => (v === 'auto' ? availableParallelism() : Number(v)))
  .pipe(z.number().int().min(1).max(1024));

const EnvSchema = z.object({
  PORT: int(0, 65535).default(8080),
  PUBLIC_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  // One URL, or (with HOOKGATE_REDIS_CLUSTER) several seed nodes of a cluster, comma-separated.
  REDIS_URL: z
    .string()
    .transform((v) => v.split(',').map((u) => u.trim()))
    .pipe(z.array(z.url({ protocol: /^rediss?$/ })).min(1))
    .optional(),
  HOOKGATE_REDIS_CLUSTER: bool.default(false),
  HOOKGATE_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  HOOKGATE_SECRET_PREVIOUS: z.string().min(32, 'must be at least 32 characters').optional(),
  HOOKGATE_ADMIN_JWKS_URL: z.url({ protocol: /^https?$/ }).optional(),
  HOOKGATE_ADMIN_JWT_ISSUER: z.string().max(1024).optional(),
  HOOKGATE_ADMIN_JWT_AUDIENCE: z.string().max(1024).optional(),
  HOOKGATE_ADMIN_TOKEN_MAX_SECONDS: int(60, 10 * 366 * 24 * 3600).default(366 * 24 * 3600),
  HOOKGATE_ROLE: z.enum(['api', 'worker', 'all']).default('all'),
  HOOKGATE_API_PROCESSES: processCount.default(1),
  HOOKGATE_WORKER_PROCESSES: processCount.default(1),
  // Set by the primary in the environment of each process it forks: what that process serves.
  HOOKGATE_FORKED_AS: z.enum(['api', 'worker']).optional(),
  HOOKGATE_ALLOW_PRIVATE_NETWORK: bool.default(false),
  HOOKGATE_REQUIRE_HTTPS: bool.optional(),
  HOOKGATE_MAX_BODY_BYTES: int(1024, 64 * 1024 * 1024).default(262144),
  HOOKGATE_ADMIN_MAX_BODY_BYTES: int(1024, 64 * 1024 * 1024).default(1024 * 1024),
  HOOKGATE_REQUEST_TIMEOUT_MS: int(1000, 3_600_000).default(30_000),
  HOOKGATE_HEADERS_TIMEOUT_MS: int(1000, 3_600_000).default(10_000),
  HOOKGATE_ACTIVITY_LIMIT: int(10, 100000).default(1000),
  HOOKGATE_EVENT_RETENTION: int(100, 10_000_000).default(100000),
  HOOKGATE_PAUSED_DELIVERIES_LIMIT: int(1, 100_000_000).default(100000),
  HOOKGATE_REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,32}$/)
    .default('hg'),
  // Inside `docker stop`'s 10 s (and Kubernetes' 30 s grace period), with room for the exit itself.
  HOOKGATE_SHUTDOWN_TIMEOUT_MS: int(0, 600000).default(8000),
  HOOKGATE_OPS_PORT: int(1, 65535).optional(),
  HOOKGATE_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').max(1024).optional(),
  HOOKGATE_ACCESS_LOG: z.enum(['all', 'sampled', 'off']).default('sampled'),
  HOOKGATE_ACCESS_LOG_HOOKS_RATE: int(1, 1_000_000).default(100),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  OTEL_SERVICE_NAME: z.string().min(1).max(256).default('hookgate'),
  HOOKGATE_LIVECHAT_HEARTBEAT_MS: int(100, 300000).default(15000),
  HOOKGATE_RETRY_SCHEDULE: z
    .string()
    .regex(/^\d{1,6}(,\d{1,6}){0,19}$/, 'must be comma-separated seconds, e.g. 60,300,1800')
    .transform((v) => v.split(',').map(Number))
    .default([60, 300, 1800]),
  HOOKGATE_CIRCUIT_BREAKER_FAILURES: int(1, 100000).default(20),
  HOOKGATE_CIRCUIT_BREAKER_SECONDS: int(1, 86400).default(300),
  HOOKGATE_DELIVERY_LEASE_MS: int(1000, 3_600_000).default(120_000),
  HOOKGATE_REPLY_MAX_ATTEMPTS: int(1, 100).default(12),
  HOOKGATE_REPLY_RETRY_BASE_MS: int(100, 3_600_000).default(1000),
  HOOKGATE_REPLY_RETRY_MAX_MS: int(100, 86_400_000).default(600_000),
  HOOKGATE_REPLY_LEASE_MS: int(1000, 3_600_000).default(60_000),
  HOOKGATE_SCHEDULER_PARTITIONS: int(1, MAX_SCHEDULER_PARTITIONS).default(DEFAULT_SCHEDULER_PARTITIONS),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  port: number;
  publicBaseUrl: string;
  /** The Redis URL; on a cluster its seed nodes' URLs, comma-separated. */
  redisUrl: string | null;
  /** Open node-redis's cluster client on `redisUrl`'s seed nodes instead of a single-node client. */
  redisCluster: boolean;
  /** Signing and encryption root secret. */
  secret: string;
  /**
   * The secret before a rotation: tokens signed and secrets sealed under it stay valid (tried after
   * the current one) until `npm run rekey` has re-sealed the store and it is unset.
   */
  secretPrevious: string | null;
  /** True when the secret was generated for this process (memory mode only). */
  secretGenerated: boolean;
  adminJwksUrl: string | null;
  /** Checked on identity-provider (JWKS) tokens when set. */
  adminJwtIssuer: string | null;
  adminJwtAudience: string | null;
  /** Longest lifetime (exp − iat, and exp − now) an admin token may have; every admin token must carry exp. */
  adminTokenMaxSeconds: number;
  /** What this process serves: a forked process serves `api` or `worker`, whatever HOOKGATE_ROLE says. */
  role: 'api' | 'worker' | 'all';
  /**
   * The process model (HOOKGATE_API_PROCESSES, HOOKGATE_WORKER_PROCESSES, as far as HOOKGATE_ROLE runs
   * them): `api` and `worker` processes. `single`: this process is the whole service, as with one of
   * each and role all; `primary`: it forks the others with node:cluster and supervises them, serving
   * nothing itself; `child`: it is one of those, serving `role`.
   */
  processes: { api: number; worker: number; kind: 'single' | 'primary' | 'child' };
  allowPrivateNetwork: boolean;
  /** Subscription URLs must be https (default: when PUBLIC_BASE_URL is https). */
  requireHttps: boolean;
  maxBodyBytes: number;
  /** Largest admin API (/v1) request body, enforced while reading. */
  adminMaxBodyBytes: number;
  /** Node server: the whole request, and its headers, must arrive within these. */
  requestTimeoutMs: number;
  headersTimeoutMs: number;
  activityLimit: number;
  eventRetention: number;
  /** Paused deliveries a disabled subscription keeps; beyond them new ones go to the dead letter. */
  pausedDeliveriesLimit: number;
  redisPrefix: string;
  shutdownTimeoutMs: number;
  /**
   * A second listener serving only /healthz, /readyz and /metrics (a worker process has no other);
   * null: none. Defaults to 9090 for HOOKGATE_ROLE=worker.
   */
  opsPort: number | null;
  /** When set, /metrics asks for `Authorization: Bearer <it>`. */
  metricsToken: string | null;
  /** Access log: every request, every request but `/hooks/*` beyond `hooksPerSecond` lines a second, or none. */
  accessLog: { mode: 'all' | 'sampled' | 'off'; hooksPerSecond: number };
  /** OpenTelemetry tracing, exported over OTLP/HTTP to this base URL; null: tracing off. */
  otlpEndpoint: string | null;
  serviceName: string;
  liveChatHeartbeatMs: number;
  /** Default delays (seconds) between event delivery attempts; a subscription may set its own. */
  retryScheduleSeconds: number[];
  /**
   * The circuit breaker opens (the subscription is disabled; its deliveries wait) once an endpoint
   * has failed without a success for `circuitBreakerMs`, with at least `circuitBreakerFailures` attempts.
   */
  circuitBreakerFailures: number;
  circuitBreakerMs: number;
  /** Event delivery: how long a worker holds a delivery (and a bot's turn) before another may take it over. */
  deliveryLeaseMs: number;
  /** Reply delivery: attempts in all, exponential backoff bounds, and the lease after which another worker takes over. */
  replyRetry: { maxAttempts: number; baseDelayMs: number; maxDelayMs: number };
  replyLeaseMs: number;
  /**
   * Partitions of each bot scheduler, each its own Redis slot (src/scheduling/partitions.ts). Every
   * process must use the same count; after a change, reconcile moves the bots left in the old layout.
   */
  schedulerPartitions: number;
  logLevel: string;
}

export class ConfigError extends Error {}

/**
 * Parses the environment once, at start-up. The only place that reads `process.env`;
 * everything else is handed the result, so parallel tests can each build their own.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // An empty variable means "not set", as in most deployment tools.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    throw new ConfigError(`invalid ${name}: ${issue.message}`);
  }
  const e = parsed.data;
  if (e.REDIS_URL && !e.HOOKGATE_SECRET) {
    throw new ConfigError('missing HOOKGATE_SECRET: required when REDIS_URL is set (at least 32 characters)');
  }
  if (e.HOOKGATE_SECRET_PREVIOUS && !e.HOOKGATE_SECRET) {
    throw new ConfigError('invalid HOOKGATE_SECRET_PREVIOUS: set only beside HOOKGATE_SECRET, the secret that replaces it');
  }
  if (e.HOOKGATE_SECRET_PREVIOUS && e.HOOKGATE_SECRET_PREVIOUS === e.HOOKGATE_SECRET) {
    throw new ConfigError('invalid HOOKGATE_SECRET_PREVIOUS: the same as HOOKGATE_SECRET');
  }
  if (e.REDIS_URL && e.REDIS_URL.length > 1 && !e.HOOKGATE_REDIS_CLUSTER) {
    throw new ConfigError('invalid REDIS_URL: several URLs are the seed nodes of a cluster, which needs HOOKGATE_REDIS_CLUSTER=true');
  }
  if (e.HOOKGATE_REDIS_CLUSTER && !e.REDIS_URL) {
    throw new ConfigError('invalid HOOKGATE_REDIS_CLUSTER: set beside REDIS_URL, the seed nodes of the cluster');
  }
  const processes = {
    api: e.HOOKGATE_ROLE === 'worker' ? 0 : e.HOOKGATE_API_PROCESSES,
    worker: e.HOOKGATE_ROLE === 'api' ? 0 : e.HOOKGATE_WORKER_PROCESSES,
  };
  // One of each with role all is one process serving both, as one of either with its own role.
  const single = e.HOOKGATE_ROLE === 'all' ? processes.api === 1 && processes.worker === 1 : processes.api + processes.worker === 1;
  if (!single && !e.REDIS_URL) {
    const variable = processes.api > 1 ? 'HOOKGATE_API_PROCESSES' : 'HOOKGATE_WORKER_PROCESSES';
    throw new ConfigError(
      `invalid ${variable}: several processes need REDIS_URL (the in-memory store lives in one process and cannot be shared)`,
    );
  }
  // The role's ports, whichever part of it a forked process serves: its worker processes share them too.
  const opsPort = e.HOOKGATE_OPS_PORT ?? (e.HOOKGATE_ROLE === 'worker' ? 9090 : null);
  if (opsPort !== null && opsPort === e.PORT && e.HOOKGATE_ROLE !== 'worker') {
    throw new ConfigError('invalid HOOKGATE_OPS_PORT: the same as PORT, which serves the API (and /healthz, /readyz, /metrics) already');
  }
  const secret = e.HOOKGATE_SECRET ?? randomBytes(32).toString('base64url');
  const publicBaseUrl = (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  return {
    port: e.PORT,
    publicBaseUrl,
    redisUrl: e.REDIS_URL?.join(',') ?? null,
    redisCluster: e.HOOKGATE_REDIS_CLUSTER,
    secret,
    secretPrevious: e.HOOKGATE_SECRET_PREVIOUS ?? null,
    secretGenerated: !e.HOOKGATE_SECRET,
    adminJwksUrl: e.HOOKGATE_ADMIN_JWKS_URL ?? null,
    adminJwtIssuer: e.HOOKGATE_ADMIN_JWT_ISSUER ?? null,
    adminJwtAudience: e.HOOKGATE_ADMIN_JWT_AUDIENCE ?? null,
    adminTokenMaxSeconds: e.HOOKGATE_ADMIN_TOKEN_MAX_SECONDS,
    role: e.HOOKGATE_FORKED_AS ?? e.HOOKGATE_ROLE,
    processes: { ...processes, kind: e.HOOKGATE_FORKED_AS ? 'child' : single ? 'single' : 'primary' },
    allowPrivateNetwork: e.HOOKGATE_ALLOW_PRIVATE_NETWORK,
    requireHttps: e.HOOKGATE_REQUIRE_HTTPS ?? publicBaseUrl.startsWith('https:'),
    maxBodyBytes: e.HOOKGATE_MAX_BODY_BYTES,
    adminMaxBodyBytes: e.HOOKGATE_ADMIN_MAX_BODY_BYTES,
    requestTimeoutMs: e.HOOKGATE_REQUEST_TIMEOUT_MS,
    headersTimeoutMs: e.HOOKGATE_HEADERS_TIMEOUT_MS,
    activityLimit: e.HOOKGATE_ACTIVITY_LIMIT,
    eventRetention: e.HOOKGATE_EVENT_RETENTION,
    pausedDeliveriesLimit: e.HOOKGATE_PAUSED_DELIVERIES_LIMIT,
    redisPrefix: e.HOOKGATE_REDIS_PREFIX,
    shutdownTimeoutMs: e.HOOKGATE_SHUTDOWN_TIMEOUT_MS,
    opsPort,
    metricsToken: e.HOOKGATE_METRICS_TOKEN ?? null,
    accessLog: { mode: e.HOOKGATE_ACCESS_LOG, hooksPerSecond: e.HOOKGATE_ACCESS_LOG_HOOKS_RATE },
    otlpEndpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT?.replace(/\/+$/, '') ?? null,
    serviceName: e.OTEL_SERVICE_NAME,
    liveChatHeartbeatMs: e.HOOKGATE_LIVECHAT_HEARTBEAT_MS,
    retryScheduleSeconds: e.HOOKGATE_RETRY_SCHEDULE,
    circuitBreakerFailures: e.HOOKGATE_CIRCUIT_BREAKER_FAILURES,
    circuitBreakerMs: e.HOOKGATE_CIRCUIT_BREAKER_SECONDS * 1000,
    deliveryLeaseMs: e.HOOKGATE_DELIVERY_LEASE_MS,
    replyRetry: {
      maxAttempts: e.HOOKGATE_REPLY_MAX_ATTEMPTS,
      baseDelayMs: e.HOOKGATE_REPLY_RETRY_BASE_MS,
      maxDelayMs: e.HOOKGATE_REPLY_RETRY_MAX_MS,
    },
    replyLeaseMs: e.HOOKGATE_REPLY_LEASE_MS,
    schedulerPartitions: e.HOOKGATE_SCHEDULER_PARTITIONS,
    logLevel: e.LOG_LEVEL,
  };
}
