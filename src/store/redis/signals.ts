import { keys, type Keys } from '../keys.ts';
import { guard } from './errors.ts';
import { Script, type RedisClient } from './run-script.ts';

/**
 * Moves a bot earlier on one or both schedulers and wakes the workers, publishing only when a
 * schedule actually moved (a bot already due needs no new wake-up).
 * KEYS: replySchedule, outboundSchedule. ARGV: botId, at, replies ('1'/'0'), outbound ('1'/'0'),
 * replyChannel, outboundChannel.
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
  private readonly k: Keys;
  private readonly local: { replies: () => void; outbound: () => void };

  /** `local` wakes this process's own waiting workers at once, without the pub/sub round trip. */
  constructor(client: RedisClient, prefix: string, local: { replies: () => void; outbound: () => void }) {
    this.client = client;
    this.k = keys(prefix);
    this.local = local;
  }

  signal = async (botId: string, at: number, what: { replies?: boolean; outbound?: boolean }): Promise<void> => {
    if (!what.replies && !what.outbound) return;
    await guard(() =>
      SIGNAL.run(
        this.client,
        [this.k.replySchedule, this.k.outboundSchedule],
        [botId, at, what.replies ? '1' : '0', what.outbound ? '1' : '0', this.k.wakeChannel, this.k.outboundWakeChannel],
      ),
    );
    if (what.replies) this.local.replies();
    if (what.outbound) this.local.outbound();
  };
}
