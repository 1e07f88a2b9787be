import { redisKeys, type RedisKeys } from '../redis-keys.ts';
import { guard } from './errors.ts';
import type { RedisClient } from './run-script.ts';
import { signalBots } from './scripts.ts';

/** The schedulers' signal: one script call whatever it signals (the two schedules share a slot). */
export class RedisSignals {
  private readonly client: RedisClient;
  private readonly k: RedisKeys;
  private readonly local: { replies: () => void; events: () => void };

  /** `local` wakes this process's own waiting workers at once, without the pub/sub round trip. */
  constructor(client: RedisClient, prefix: string, local: { replies: () => void; events: () => void }) {
    this.client = client;
    this.k = redisKeys(prefix);
    this.local = local;
  }

  signal = async (botId: string, at: number, what: { replies?: boolean; events?: boolean }): Promise<void> => {
    if (!what.replies && !what.events) return;
    await guard(() =>
      signalBots(
        this.client,
        [this.k.replySchedule, this.k.eventSchedule],
        [botId, at, what.replies ? '1' : '0', what.events ? '1' : '0', this.k.replyWakeChannel, this.k.eventWakeChannel],
      ),
    );
    if (what.replies) this.local.replies();
    if (what.events) this.local.events();
  };
}
