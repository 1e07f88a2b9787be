/** Lua scripts of event subscriptions and deliveries. Each touches one bot's keys (one hash slot). */

/**
 * Stores dispatched deliveries and moves the dispatch cursor, if nobody moved it first.
 * KEYS: cursor, due. ARGV: expected, new, now, deliveryKeyPrefix, logKeyPrefix, logCap, then
 * (id, subscriptionId, json, createdMs) per delivery. Returns 1, or 0 when the cursor moved.
 */
export const COMMIT_DISPATCH = `
local current = redis.call('GET', KEYS[1]) or '0-0'
if current ~= ARGV[1] then return 0 end
local cap = tonumber(ARGV[6])
for i = 7, #ARGV, 4 do
  local id, sub, json, created = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
  redis.call('SET', ARGV[4] .. id, json)
  redis.call('ZADD', KEYS[2], ARGV[3], id)
  local log = ARGV[5] .. sub
  redis.call('ZADD', log, created, id)
  -- Keep the log bounded, dropping the oldest finished deliveries (never a pending one).
  local excess = redis.call('ZCARD', log) - cap
  if excess > 0 then
    for _, old in ipairs(redis.call('ZRANGE', log, 0, excess + 9)) do
      if excess <= 0 then break end
      if not redis.call('ZSCORE', KEYS[2], old) then
        redis.call('ZREM', log, old)
        redis.call('DEL', ARGV[4] .. old)
        excess = excess - 1
      end
    end
  end
end
redis.call('SET', KEYS[1], ARGV[2])
return 1
`;

/**
 * Claims due deliveries, leasing each until `leaseUntil`.
 * KEYS: due, leases. ARGV: now, limit, leaseUntil, leaseIdPrefix, deliveryKeyPrefix.
 * Returns a flat list: id, leaseId, json, ...
 */
export const CLAIM_DELIVERIES = `
local ids = redis.call('ZRANGE', KEYS[1], '-inf', ARGV[1], 'BYSCORE', 'LIMIT', 0, tonumber(ARGV[2]))
local out = {}
for n, id in ipairs(ids) do
  local json = redis.call('GET', ARGV[5] .. id)
  if not json then
    redis.call('ZREM', KEYS[1], id)
  else
    local leaseId = ARGV[4] .. n
    redis.call('ZADD', KEYS[1], ARGV[3], id)
    redis.call('HSET', KEYS[2], id, leaseId)
    out[#out + 1] = id
    out[#out + 1] = leaseId
    out[#out + 1] = json
  end
end
return out
`;

/**
 * Records a scheduled attempt under its lease.
 * KEYS: due, leases, delivery, events, health.
 * ARGV: id, leaseId, json, retryAt ('' = finished), health ('success' | 'failure' | 'none'),
 *       subscriptionId, eventRetention, then event JSONs.
 * Returns the subscription's consecutive failures, or -1 when the lease was lost.
 */
export const SETTLE_DELIVERY = `
if redis.call('HGET', KEYS[2], ARGV[1]) ~= ARGV[2] then return -1 end
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('SET', KEYS[3], ARGV[3])
if ARGV[4] == '' then redis.call('ZREM', KEYS[1], ARGV[1]) else redis.call('ZADD', KEYS[1], ARGV[4], ARGV[1]) end
local failures
if ARGV[5] == 'success' then
  redis.call('HDEL', KEYS[5], ARGV[6])
  failures = 0
elseif ARGV[5] == 'failure' then
  failures = redis.call('HINCRBY', KEYS[5], ARGV[6], 1)
else
  failures = tonumber(redis.call('HGET', KEYS[5], ARGV[6]) or '0')
end
for n = 8, #ARGV do
  redis.call('XADD', KEYS[4], 'MAXLEN', '~', ARGV[7], '*', 'e', ARGV[n])
end
return failures
`;

/**
 * Records a manual or test attempt, unless a worker holds the delivery.
 * KEYS: leases, delivery, due, log, events.
 * ARGV: id, json, retryAt ('' = not scheduled), createdMs, eventRetention, then event JSONs.
 * Returns 1, or 0 when a worker holds it.
 */
export const MANUAL_ATTEMPT = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return 0 end
redis.call('SET', KEYS[2], ARGV[2])
redis.call('ZADD', KEYS[4], 'NX', ARGV[4], ARGV[1])
if ARGV[3] == '' then redis.call('ZREM', KEYS[3], ARGV[1]) else redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1]) end
for n = 6, #ARGV do
  redis.call('XADD', KEYS[5], 'MAXLEN', '~', ARGV[5], '*', 'e', ARGV[n])
end
return 1
`;

/**
 * Leases one delivery for a manual attempt. KEYS: due, leases, delivery.
 * ARGV: id, leaseId, leaseUntil. Returns the JSON, or false when missing or already leased.
 */
export const CLAIM_ONE_DELIVERY = `
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 1 then return false end
local json = redis.call('GET', KEYS[3])
if not json then return false end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
-- A delivery on its schedule is kept from the workers until the manual attempt settles.
if redis.call('ZSCORE', KEYS[1], ARGV[1]) then redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1]) end
return json
`;

/** Moves the dispatch cursor to the newest event. KEYS: events, cursor. */
export const SKIP_UNDISPATCHED = `
local newest = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)[1]
if newest then redis.call('SET', KEYS[2], newest[1]) end
return 1
`;

/**
 * Replaces a subscription if it exists and its `updatedAt` is still the expected one.
 * KEYS: subscriptions. ARGV: id, json, expectedUpdatedAt. Returns 1, or 0 when missing or changed.
 */
export const UPDATE_SUBSCRIPTION = `
local current = redis.call('HGET', KEYS[1], ARGV[1])
if not current or cjson.decode(current).updatedAt ~= ARGV[3] then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1
`;
