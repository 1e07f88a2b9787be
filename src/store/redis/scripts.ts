/**
 * Every Lua script of the Redis backend, each one file in ./lua named `<name>-<numkeys>.lua` that
 * opens by naming its KEYS and ARGV. They are read once, at start-up, and run through the typed
 * wrappers below: the tuple labels name each key and argument in the order the script reads them.
 * A script touches the keys of one bot (one hash slot), or one scheduler partition's `{sched:<n>}` slot.
 */
import { readFileSync } from 'node:fs';
import { type RedisClient, Script } from './run-script.ts';

type Arg = string | number;

function define<Keys extends readonly string[], Args extends readonly Arg[], Reply>(file: string) {
  const match = /^([a-z-]+)-(\d+)\.lua$/.exec(file);
  if (!match) throw new Error(`a Lua script's file is named <name>-<numkeys>.lua, not ${file}`);
  const script = new Script(match[1]!, Number(match[2]), readFileSync(new URL(`./lua/${file}`, import.meta.url), 'utf8'));
  return (client: RedisClient, keys: Keys, args: Args): Promise<Reply> => script.run(client, keys, args) as Promise<Reply>;
}

/** Flat, variadic ARGV tails: (field, value) pairs, event JSONs. */
type Tail = Arg[];

// ---- inbound and configuration (src/store/redis/redis-store.ts) ----

export const acceptInbound = define<
  [
    idempotency: string,
    rateLimit: string,
    variables: string,
    activity: string,
    events: string,
    message: string,
    lane: string,
    due: string,
    configVersion: string,
    changes: string,
  ],
  [
    now: number,
    emissionMs: number,
    burstMs: number,
    idempotencyTtlSeconds: number,
    idempotencyRecord: string,
    activityJson: string,
    activityMax: number,
    eventRetention: number,
    messageId: string,
    messageJson: string,
    laneMember: string,
    variableCount: number,
    eventCount: number,
    expectedVersion: string,
    requestId: string,
    changesMax: number,
    ...variablesThenEvents: Tail,
  ],
  ['ok'] | ['replay', string] | ['limited', string] | ['stale']
>('accept-inbound-10.lua');

export const recordRejection = define<
  [activity: string, changes: string, cap: string, configVersion: string],
  [
    entryJson: string,
    requestId: string,
    activityMax: number,
    changesMax: number,
    summary: '1' | '0',
    now: number,
    limit: number,
    windowMs: number,
  ],
  ['recorded', string] | ['suppressed'] | ['gone']
>('record-rejection-4.lua');

export const loadHook = define<
  [block: string, configVersion: string, channels: string, subscriptions: string],
  [],
  [string | null, string, string | null, 0 | 1]
>('load-hook-4.lua');

export const appendSandbox = define<[stream: string, bot: string], [keep: number, messageJson: string], 0 | 1>('append-sandbox-2.lua');

export const replaceIfUnchanged = define<[record: string, configVersion: string], [json: string, expectedUpdatedAt: string], 0 | 1>(
  'replace-if-unchanged-2.lua',
);

// ---- reply lanes (src/store/redis/redis-reply-queue.ts) ----

export const claimLanes = define<
  [due: string, leases: string, channels: string],
  [
    now: number,
    limit: number,
    leaseUntil: number,
    leaseIdPrefix: string,
    laneKeyPrefix: string,
    messageKeyPrefix: string,
    changesKeyPrefix: string,
    changesKeep: number,
    recheck: '1' | '',
  ],
  string[]
>('claim-lanes-3.lua');

export const settleLane = define<
  [due: string, leases: string, lane: string, message: string, events: string, subscriptions: string],
  [
    lane: string,
    leaseId: string,
    messageId: string,
    messageJson: string,
    outcome: 'done' | 'retry',
    retryAt: number,
    now: number,
    changesKey: string,
    requestId: string,
    changesKeep: number,
    ...events: Tail,
  ],
  number
>('settle-lane-6.lua');

// ---- bot schedulers, each script on one partition (src/scheduling/redis-bot-scheduler.ts) ----

export const claimBots = define<
  [partitionSchedule: string],
  [now: number, limit: number, leaseUntil: number],
  [nextScore: string, ...botIdThenLease: string[]]
>('claim-bots-1.lua');

export const releaseBot = define<[partitionSchedule: string], [botId: string, lease: number | string, nextDue: string], 0 | 1>(
  'release-bot-1.lua',
);

export const signalBots = define<
  [replyPartition: string, eventPartition: string],
  [botId: string, at: number, replies: '1' | '0', events: '1' | '0', replyChannel: string, eventChannel: string],
  1
>('signal-bots-2.lua');

// ---- subscriptions and deliveries (src/store/redis/redis-subscriptions.ts) ----

export const updateSubscription = define<[subscriptions: string], [id: string, json: string, expectedUpdatedAt: string], 0 | 1>(
  'update-subscription-1.lua',
);

export const addSubscription = define<
  [subscriptions: string, cursor: string, events: string, configVersion: string],
  [id: string, json: string],
  1
>('add-subscription-4.lua');

export const removeSubscription = define<
  [subscriptions: string, health: string, paused: string, changes: string, deadLetters: string, configVersion: string],
  [id: string, ...healthFields: string[]],
  0 | 1
>('remove-subscription-6.lua');

export const skipUndispatched = define<[events: string, cursor: string, subscriptions: string], [retention: number], 0 | 1>(
  'skip-undispatched-3.lua',
);

export const commitDispatch = define<
  [cursor: string, due: string, subscriptions: string, events: string, deadLetters: string],
  [
    expectedCursor: string,
    newCursor: string,
    now: number,
    deliveryKeyPrefix: string,
    logKeyPrefix: string,
    logCap: number,
    pausedKeyPrefix: string,
    retention: number,
    pausedLimit: number,
    ...deliveries: Tail,
  ],
  [0] | [1, ...(string | number)[]]
>('commit-dispatch-5.lua');

export const parkDelivery = define<
  [due: string, leases: string, delivery: string, paused: string, deadLetters: string, subscriptions: string],
  [
    id: string,
    leaseId: string,
    pausedJson: string,
    deadJson: string,
    createdMs: number,
    now: number,
    subscriptionId: string,
    pausedLimit: number,
    laneKey: string,
  ],
  [-1] | [0] | [1] | [2, 0 | 1]
>('park-delivery-6.lua');

export const releasePaused = define<
  [paused: string, due: string],
  [action: string, now: number, deliveryKeyPrefix: string, ...pairs: Tail],
  number
>('release-paused-2.lua');

export const claimDeliveries = define<
  [due: string, leases: string],
  [now: number, limit: number, leaseUntil: number, leaseIdPrefix: string, deliveryKeyPrefix: string, recheck: '1' | ''],
  string[]
>('claim-deliveries-2.lua');

export const claimDelivery = define<
  [due: string, leases: string, delivery: string],
  [id: string, leaseId: string, leaseUntil: number],
  string | null
>('claim-delivery-3.lua');

export const settleDelivery = define<
  [due: string, leases: string, delivery: string, events: string, health: string],
  [
    id: string,
    leaseId: string,
    json: string,
    retryAt: number | '',
    health: string,
    subscriptionId: string,
    pausedKey: string,
    createdMs: number,
    now: number,
    probeUntil: number | '',
    laneKey: string,
    subscriptionsKey: string,
    ...events: Tail,
  ],
  number
>('settle-delivery-5.lua');

export const acquireProbe = define<[health: string], [subscriptionId: string, now: number, until: number], 0 | 1>('acquire-probe-1.lua');

export const recordManualAttempt = define<
  [leases: string, delivery: string, due: string, log: string, events: string],
  [id: string, json: string, retryAt: number | '', createdMs: number, ...events: Tail],
  0 | 1
>('record-manual-attempt-5.lua');

export const purgeSubscription = define<
  [log: string, due: string, leases: string],
  [deliveryKeyPrefix: string, laneKeyPrefix: string, limit: number],
  number
>('purge-subscription-3.lua');

// ---- live chat (src/store/redis/redis-livechat.ts) ----

export const appendLiveChat = define<
  [stream: string, ids: string, bot: string],
  [messageId: string, entryJson: string, keep: number],
  string | null
>('append-live-chat-3.lua');

// ---- admin API idempotency (src/store/redis/redis-admin-idempotency.ts) ----

export const releaseClaim = define<[claimKey: string], [claim: string], 0 | 1>('release-claim-1.lua');
