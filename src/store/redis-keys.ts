/**
 * Redis key names. Every key carries a hash tag — `{botId}` for a bot's data, `{webhookId}` for the
 * webhook index, `{ws:…}` for a workspace's list, `{sched:<n>}` for a scheduler partition — so a Redis
 * Cluster deployment needs no key changes, and each multi-key script touches one slot.
 */
export function redisKeys(prefix: string) {
  const bot = (b: string) => `${prefix}:bot:{${b}}`;
  return {
    allBots: `${prefix}:{idx}:bots`,
    /** Bots marked deleted whose keys a sweep has not finished removing: bot id → where it was listed. */
    deletingBots: `${prefix}:{idx}:deleting`,
    /** `<botId>/<subId>` of each subscription whose deliveries are still being removed. */
    deletingSubscriptions: `${prefix}:{idx}:subsdeleting`,
    workspaceBots: (ws: string) => `${prefix}:ws:{ws:${ws}}:bots`,
    webhookIndex: (w: string) => `${prefix}:whidx:{${w}}`,
    // Each scheduler partition (src/scheduling/partitions.ts) is a slot of its own, `{sched:<n>}`,
    // holding that partition of both schedulers, so one script signals a bot on both, and its
    // wake-up channels (sharded pub/sub publishes within the slot).
    replySchedule: (partition: number) => `${prefix}:sched:{sched:${partition}}:replies`,
    replyWakeChannel: (partition: number) => `${prefix}:wake:{sched:${partition}}:replies`,
    eventSchedule: (partition: number) => `${prefix}:sched:{sched:${partition}}:events`,
    eventWakeChannel: (partition: number) => `${prefix}:wake:{sched:${partition}}:events`,
    /** The single schedules from before partitions: only read, to move what they hold (BotScheduler.adopt). */
    legacyReplySchedule: `${prefix}:sched:{sched}:replies`,
    legacyEventSchedule: `${prefix}:sched:{sched}:events`,
    /** Set: every partition count the schedulers have run with, so a resize finds the partitions left behind. */
    schedulerLayouts: `${prefix}:sched:{sched:layouts}`,
    bot,
    botPattern: (b: string) => `${bot(b)}:*`,
    channels: (b: string) => `${bot(b)}:channels`,
    configVersion: (b: string) => `${bot(b)}:cfgver`,
    webhooks: (b: string) => `${bot(b)}:whs`,
    webhook: (b: string, w: string) => `${bot(b)}:wh:${w}`,
    // One GCRA state per environment: development calls do not use up production's quota.
    rateLimit: (b: string, w: string, env: string) => `${bot(b)}:rl:${w}:${env}`,
    idempotency: (b: string, hashedKey: string) => `${bot(b)}:idem:${hashedKey}`,
    variables: (b: string, env: string, channel: string, contact: string) => `${bot(b)}:vars:${env}:${channel}:${contact}`,
    activity: (b: string, w: string) => `${bot(b)}:act:${w}`,
    /** A webhook's change stream: its calls as decided and each later state of their replies (src/store/activity.ts). */
    activityChanges: (b: string, w: string) => `${bot(b)}:actchg:${w}`,
    /** A webhook's cap on recorded authentication failures: window start, count, suppressed since the last recorded. */
    rejectionCap: (b: string, w: string) => `${bot(b)}:actcap:${w}`,
    events: (b: string) => `${bot(b)}:events`,
    message: (b: string, m: string) => `${bot(b)}:msg:${m}`,
    lane: (b: string, lane: string) => `${bot(b)}:lane:${lane}`,
    due: (b: string) => `${bot(b)}:due`,
    leases: (b: string) => `${bot(b)}:leases`,
    sandbox: (b: string, a: string) => `${bot(b)}:sandbox:${a}`,
    subscriptions: (b: string) => `${bot(b)}:subs`,
    dispatchCursor: (b: string) => `${bot(b)}:evcursor`,
    delivery: (b: string, d: string) => `${bot(b)}:dlv:${d}`,
    deliveryDue: (b: string) => `${bot(b)}:dlvdue`,
    deliveryLeases: (b: string) => `${bot(b)}:dlvleases`,
    deliveryLog: (b: string, s: string) => `${bot(b)}:dlvlog:${s}`,
    /** A subscription's change stream: each delivery as created and after each change (src/store/delivery-changes.ts). */
    deliveryChanges: (b: string, s: string) => `${bot(b)}:dlvchg:${s}`,
    /** A subscription's paused deliveries (dispatched while it was disabled), scored by creation. */
    deliveryPaused: (b: string, s: string) => `${bot(b)}:dlvpaused:${s}`,
    /** A per-contact lane of deliveries (list of ids, oldest first; see Delivery.lane). */
    deliveryLane: (b: string, lane: string) => `${bot(b)}:dlvlane:${lane}`,
    subscriptionHealth: (b: string) => `${bot(b)}:subhealth`,
    /** Per subscription: `<subId>` deliveries dead-lettered, `<subId>:noticed` set once its dead letter was logged. */
    deadLetters: (b: string) => `${bot(b)}:dlvdead`,
  };
}

export type RedisKeys = ReturnType<typeof redisKeys>;

/** The lane of one (account, contact): the unit of reply ordering. */
export function laneOf(accountId: string, contact: string): string {
  return `${accountId}:${contact}`;
}

/** Field of a contact's variables hash that holds the last update time (not a valid variable name). */
export const UPDATED_AT_FIELD = ':updatedAt';
