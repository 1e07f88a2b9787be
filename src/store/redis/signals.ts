import { redisKeys, type RedisKeys } from '../redis-keys.ts';
import { guard } from './errors.ts';
import { Script, type RedisClient } from './run-script.ts';

/**
 * Moves a bot earlier on one or both schedulers and wakes the workers, publishing only when a
 * schedule actually moved (a bot already due needs no new wake-up).
 * KEYS: replySchedule, eventSchedule. ARGV: botId, at, replies ('1'/'0'), events ('1'/'0'),
 * replyChannel, eventChannel.
 */
const SIGNAL = new Script(`
if ARGV[3] == '1' and redis.call('ZADD', KEYS[1], 'LT', 'CH', ARGV[2], ARGV[1]) == 1 then
  redis.call('PUBLISH', ARGV[5], ARGV[1])
end
if ARGV[4] == '1' and redis.call('ZADD', KEYS[2], 'LT', 'CH', ARGV[2], ARGV[1]) == 1 then
  redis.call('PUBLISH', ARGV[6], ARGV[1])
end
return 1
`);

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
      SIGNAL.run(
        this.client,
        [this.k.replySchedule, this.k.eventSchedule],
        [botId, at, what.replies ? '1' : '0', what.events ? '1' : '0', this.k.replyWakeChannel, this.k.eventWakeChannel],
      ),
    );
    if (what.replies) this.local.replies();
    if (what.events) this.local.events();
  };
}
