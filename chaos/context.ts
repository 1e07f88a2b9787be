/**
 * What every chaos scenario shares: the settings of a full and a quick run, the table rows and
 * figures being collected, and setting up one scenario's world — a private redis-server, the
 * receiver, a Hookgate process (role all) on a fixed port, and a conversational WhatsApp block
 * whose replies go to the receiver.
 */
import { randomBytes } from 'node:crypto';
import { AdminApi, adminToken, createInboundBlock, type InboundBlock } from '../bench/api.ts';
import type { BenchChild } from '../bench/processes.ts';
import { freePort, REPO_ROOT } from '../bench/processes.ts';
import { FAKE_ACCESS_TOKEN, FAKE_PHONE_NUMBER_ID } from '../bench/shared.ts';
import { type ChaosRedis, forkChaosChild, Hookgate, startChaosRedis } from './processes.ts';
import type { StreamProgress } from './receiver.ts';
import type { ChaosRow } from './report.ts';

export const FULL = {
  kill: { rate: 1000, durationMs: 40_000, killsAtMs: [10_000, 25_000], contacts: 100, connections: 64, drainTimeoutMs: 150_000 },
  redis: { rate: 250, beforeMs: 10_000, outageMs: 30_000, afterMs: 20_000, contacts: 100, connections: 1000, drainTimeoutMs: 120_000 },
  receiver: {
    replyRate: 20,
    eventRate: 20,
    contacts: 20,
    beforeMs: 10_000,
    outageMs: 120_000,
    afterMs: 20_000,
    breakerSeconds: 30,
    retrySchedule: '5,10,20,30,60',
    drainTimeoutMs: 300_000,
  },
  bad: { total: 100_000, rounds: 5, concurrency: 48, slow: 200 },
};

export const QUICK: typeof FULL = {
  kill: { ...FULL.kill, durationMs: 15_000, killsAtMs: [5_000], drainTimeoutMs: 120_000 },
  redis: { ...FULL.redis, beforeMs: 5_000, outageMs: 10_000, afterMs: 10_000 },
  receiver: { ...FULL.receiver, beforeMs: 5_000, outageMs: 10_000, afterMs: 10_000, breakerSeconds: 5, drainTimeoutMs: 180_000 },
  bad: { ...FULL.bad, total: 20_000, rounds: 2, slow: 50 },
};

export type Settings = typeof FULL;

export interface Run {
  readonly id: string;
  readonly quick: boolean;
  readonly settings: Settings;
  readonly secret: string;
  /** chaos/results/<stamp>: figures go to `<stamp>.json`, each scenario's Hookgate output to `<stamp>-<scenario>.log`. */
  readonly resultsBase: string;
  readonly rows: ChaosRow[];
  readonly figures: Record<string, unknown>;
  /** Hookgate exits no scenario asked for (crashes), by scenario. */
  readonly crashes: Record<string, number>;
  say(message: string): void;
}

export function createRun(quick: boolean, stamp: string): Run {
  const started = performance.now();
  return {
    id: `chaos-${stamp}`,
    quick,
    settings: quick ? QUICK : FULL,
    secret: randomBytes(36).toString('base64url'),
    resultsBase: `${REPO_ROOT}chaos/results/${stamp}`,
    rows: [],
    figures: {},
    crashes: {},
    say(message: string) {
      const t = ((performance.now() - started) / 1000).toFixed(0).padStart(4);
      process.stderr.write(`chaos ${t}s  ${message}\n`);
    },
  };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));

/** Waits until `at` (epoch ms). */
export const sleepUntil = (at: number) => sleep(at - Date.now());

export const PREFIX = 'chaos';

export interface World {
  redis: ChaosRedis;
  receiver: BenchChild;
  receiverOrigin: string;
  hookgate: Hookgate;
  api: AdminApi;
  token: string;
  /** Stops everything the world started; never throws. */
  close(): Promise<void>;
}

/** A private Redis, the receiver and a healthy, ready Hookgate (role all) wired to both. */
export async function createWorld(
  run: Run,
  name: string,
  options: { persistentRedis: boolean; env?: Record<string, string> },
): Promise<World> {
  const redis = await startChaosRedis(options.persistentRedis);
  const receiver = await forkChaosChild('receiver', 'receiver.ts').catch(async (err: unknown) => {
    await redis.close();
    throw err;
  });
  const hookgate = new Hookgate(
    await freePort(),
    {
      REDIS_URL: redis.url,
      HOOKGATE_SECRET: run.secret,
      HOOKGATE_REDIS_PREFIX: PREFIX,
      HOOKGATE_ROLE: 'all',
      HOOKGATE_ALLOW_PRIVATE_NETWORK: 'true',
      HOOKGATE_ACTIVITY_LIMIT: '100000',
      LOG_LEVEL: 'warn',
      ...options.env,
    },
    `${run.resultsBase}-${name}.log`,
  );
  const close = async () => {
    await Promise.allSettled([hookgate.close(), receiver.stop()]);
    await redis.close().catch(() => undefined);
  };
  try {
    await hookgate.start();
    await hookgate.ready();
  } catch (err) {
    await close();
    throw err;
  }
  const token = await adminToken(run.secret);
  return {
    redis,
    receiver,
    receiverOrigin: `http://127.0.0.1:${String(receiver.info.port)}`,
    hookgate,
    api: new AdminApi(hookgate.baseUrl, token),
    token,
    close,
  };
}

/** A conversational block replying on WhatsApp (the receiver) with the call's `data.seq` in the text. */
export function createReplyBlock(world: World, name: string): Promise<InboundBlock> {
  return createInboundBlock(world.api, name, {
    channel: {
      channel: 'whatsapp',
      alias: 'wa',
      credentials: { accessToken: FAKE_ACCESS_TOKEN, phoneNumberId: FAKE_PHONE_NUMBER_ID },
      config: { apiBaseUrl: world.receiverOrigin },
    },
    variables: [{ data: 'data.seq', variable: 'seq' }],
    reply: 'Order update #{{seq}}',
  });
}

/** The inbound body: one contact per sequence number (cycling), the sequence number as data. */
export const REPLY_CALL_BODY = '{"contact_reference_id":"__CONTACT__","data":{"seq":__SEQ__}}';

export interface Drain {
  complete: boolean;
  missing: number;
  /** Epoch ms the last expected message arrived (0: none). */
  lastExpectedAt: number;
}

/** Polls the receiver until every expected message of each stream arrived, or `timeoutMs` passed. */
export async function waitForDrain(receiver: BenchChild, streams: string[], timeoutMs: number): Promise<Record<string, Drain>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const progress = await Promise.all(streams.map((s) => receiver.call<StreamProgress>('progress', s)));
    const complete = progress.every((p) => p.missing === 0);
    if (complete || Date.now() >= deadline) {
      return Object.fromEntries(
        streams.map((s, i) => [
          s,
          { complete: progress[i]!.missing === 0, missing: progress[i]!.missing, lastExpectedAt: progress[i]!.lastExpectedAt },
        ]),
      );
    }
    await sleep(500);
  }
}
