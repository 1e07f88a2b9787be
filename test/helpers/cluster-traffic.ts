/**
 * Traffic for the cluster suites: requests for every bot, each answer recorded with when it came,
 * while a suite breaks or reshapes the cluster under them; and what a webhook's activity log holds
 * afterwards.
 */
import { expect } from 'vitest';
import type { ApiResponse } from './api.ts';
import type { TestApp } from './app.ts';
import { sleep } from './clock.ts';
import { callHook, type InboundSetup, orderBody } from './scenario.ts';

export interface Outcome {
  status: number;
  /** A refusal's problem, for the failure message. */
  body?: string;
  retryAfter: string | null;
  requestId: string | null;
  /** When the call was answered (ms since the epoch). */
  at: number;
}

/**
 * Requests for every bot (by default an inbound call), each answer recorded, until stopped: one
 * after the other per bot, or (`open`) one every 50 ms whether the previous has been answered or
 * not, as independent callers send them.
 */
export class Traffic {
  readonly outcomes: Map<string, Outcome[]>;
  private running = true;
  private readonly loops: Promise<void>[];
  private readonly pending = new Set<Promise<void>>();

  constructor(
    bots: InboundSetup[],
    request: (bot: InboundSetup, n: number) => Promise<Omit<Outcome, 'at'>>,
    mode: 'closed' | 'open' = 'closed',
  ) {
    this.outcomes = new Map(bots.map((b) => [b.botId, []]));
    let n = 0;
    const send = async (bot: InboundSetup) => {
      const outcome = await request(bot, n++);
      this.outcomes.get(bot.botId)!.push({ ...outcome, at: Date.now() });
    };
    this.loops = bots.map(async (bot) => {
      while (this.running) {
        if (mode === 'closed') await send(bot);
        else {
          const p = send(bot).finally(() => this.pending.delete(p));
          this.pending.add(p);
        }
        await sleep(50);
      }
    });
  }

  of(bot: InboundSetup): Outcome[] {
    return this.outcomes.get(bot.botId)!;
  }

  /** Requests of the bot answered with a success after `after` (ms since the epoch). */
  accepted(bot: InboundSetup, after = 0): number {
    return this.of(bot).filter((o) => o.status < 300 && o.at > after).length;
  }

  /** Calls accepted after the bot's last refusal: it was refused, and is served again. */
  acceptedSinceRefused(bot: InboundSetup): number {
    const refused = this.of(bot).flatMap((o) => (o.status === 503 ? [o.at] : []));
    return refused.length === 0 ? 0 : this.accepted(bot, Math.max(...refused));
  }

  /** What each bot got since `since`, for a failure message. */
  describe(bots: InboundSetup[], since: number): string {
    return JSON.stringify(bots.map((b) => this.of(b).flatMap((o) => (o.at > since ? [`${o.status}@${o.at - since}`] : [])))).slice(-3000);
  }

  /** Request ids of the bot's calls answered 202. */
  acknowledged(bot: InboundSetup): string[] {
    return this.of(bot).flatMap((o) => (o.requestId ? [o.requestId] : []));
  }

  /** Checks that every answer to the bots' calls was a 202, or a 503 with Retry-After. */
  expectAcceptedOrRetryLater(bots: readonly InboundSetup[]): void {
    for (const bot of bots) {
      for (const o of this.of(bot)) {
        expect([202, 503], JSON.stringify(o)).toContain(o.status);
        if (o.status === 503) expect(o.retryAfter, JSON.stringify(o)).toMatch(/^\d+$/);
      }
    }
  }

  /** Stops sending, and waits for every call sent to be answered. */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
    await Promise.all(this.pending);
  }
}

/** An inbound call to the bot's block, through the HTTP API. */
export function inbound(t: TestApp, tag: string) {
  return async (bot: InboundSetup, n: number): Promise<Omit<Outcome, 'at'>> => {
    const res = await callHook(t.api, bot.webhook.id, bot.tokens.production, orderBody(`${tag}-${bot.botId}`, 'Ada', `${tag}-${n}`));
    return {
      status: res.status,
      ...(res.status !== 202 ? { body: res.text.slice(0, 300) } : {}),
      retryAfter: res.headers.get('retry-after'),
      requestId: res.status === 202 ? res.body.requestId : null,
    };
  };
}

/** A webhook's activity log, every page, newest first: each call's request id and reply status. */
export async function activityEntries(t: TestApp, bot: InboundSetup): Promise<{ requestId: string; replyStatus: string | null }[]> {
  const entries: { requestId: string; replyStatus: string | null }[] = [];
  let cursor: string | null = null;
  do {
    const page: ApiResponse = await t.api.get(
      `/v1/bots/${bot.botId}/webhooks/${bot.webhook.id}/activity?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(page.status, page.text).toBe(200);
    for (const entry of page.body.data as { requestId: string; reply: { status: string } | null }[]) {
      entries.push({ requestId: entry.requestId, replyStatus: entry.reply?.status ?? null });
    }
    cursor = page.body.nextCursor;
  } while (cursor);
  return entries;
}

/** The request ids of a webhook's activity log, every page. */
export async function loggedRequestIds(t: TestApp, bot: InboundSetup): Promise<Set<string>> {
  return new Set((await activityEntries(t, bot)).map((e) => e.requestId));
}
