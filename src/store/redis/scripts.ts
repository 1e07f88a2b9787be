/**
 * Lua scripts. Each touches the keys of one bot (one hash slot) or of one queue partition, and runs
 * atomically: either all of its writes happen or none.
 */

/**
 * Accepts one inbound call.
 * KEYS: idempotency, rateLimit, variables, activity, events, message, lane, due, configVersion
 * ARGV: now, emissionMs, burstMs, idemTtlSec, idemRecord ('' = none), activityJson, activityMax,
 *       eventRetention, messageId ('' = none), messageJson, laneMember, varCount, events count,
 *       expected config version ('' = do not check), then varCount (field, value) pairs, then the
 *       event JSONs.
 * Returns {'ok'} | {'replay', record} | {'limited', retryAfterMs} | {'stale'} (the block or its
 * account changed since the caller read them: nothing is written, the caller reloads and retries).
 */
export const ACCEPT_INBOUND = `
if ARGV[14] ~= '' and (redis.call('GET', KEYS[9]) or '0') ~= ARGV[14] then return {'stale'} end
local now = tonumber(ARGV[1])
local emission = tonumber(ARGV[2])
local burst = tonumber(ARGV[3])
if ARGV[5] ~= '' then
  local existing = redis.call('GET', KEYS[1])
  if existing then return {'replay', existing} end
end
local tat = tonumber(redis.call('GET', KEYS[2]) or '0')
if tat < now then tat = now end
local newTat = tat + emission
local allowAt = newTat - burst
if allowAt > now then return {'limited', tostring(math.ceil(allowAt - now))} end
redis.call('SET', KEYS[2], tostring(newTat), 'PX', math.ceil(newTat - now) + 1000)
local varCount = tonumber(ARGV[12])
local eventCount = tonumber(ARGV[13])
local i = 15
if varCount > 0 then
  local args = {}
  for n = 1, varCount * 2 do args[n] = ARGV[i]; i = i + 1 end
  redis.call('HSET', KEYS[3], unpack(args))
end
redis.call('XADD', KEYS[4], 'MAXLEN', '~', ARGV[7], '*', 'a', ARGV[6])
for n = 1, eventCount do
  redis.call('XADD', KEYS[5], 'MAXLEN', '~', ARGV[8], '*', 'e', ARGV[i]); i = i + 1
end
if ARGV[9] ~= '' then
  redis.call('SET', KEYS[6], ARGV[10])
  if redis.call('RPUSH', KEYS[7], ARGV[9]) == 1 then
    redis.call('ZADD', KEYS[8], 'NX', now, ARGV[11])
  end
end
if ARGV[5] ~= '' then redis.call('SET', KEYS[1], ARGV[5], 'EX', ARGV[4]) end
return {'ok'}
`;

/**
 * Claims up to `limit` due lanes of one bot and leases each until `leaseUntil`. The lease id ends in
 * `/<messageId>` (src/store/reply-claims.ts): readers show the message as `sending` while it lasts.
 * KEYS: due, leases. ARGV: now, limit, leaseUntil, leaseIdPrefix, laneKeyPrefix, messageKeyPrefix.
 * Returns a flat list: lane, leaseId, messageJson, ...
 */
export const CLAIM_LANES = `
local lanes = redis.call('ZRANGE', KEYS[1], '-inf', ARGV[1], 'BYSCORE', 'LIMIT', 0, tonumber(ARGV[2]))
local out = {}
for n, lane in ipairs(lanes) do
  local head = redis.call('LINDEX', ARGV[5] .. lane, 0)
  local json = head and redis.call('GET', ARGV[6] .. head)
  if not json then
    -- An empty lane or a vanished message: drop the lane rather than spin on it.
    if head then redis.call('LPOP', ARGV[5] .. lane) end
    if redis.call('LLEN', ARGV[5] .. lane) == 0 then redis.call('ZREM', KEYS[1], lane)
    else redis.call('ZADD', KEYS[1], ARGV[1], lane) end
  else
    local leaseId = ARGV[4] .. n .. '/' .. head
    redis.call('ZADD', KEYS[1], ARGV[3], lane)
    redis.call('HSET', KEYS[2], lane, leaseId)
    out[#out + 1] = lane
    out[#out + 1] = leaseId
    out[#out + 1] = json
  end
end
return out
`;

/**
 * Settles one leased attempt.
 * KEYS: due, leases, lane, message, events.
 * ARGV: lane, leaseId, messageId, messageJson, outcome ('done' | 'retry'), retryAt, now,
 *       eventRetention, then event JSONs.
 * Returns 1, or 0 when the lease was lost.
 */
export const SETTLE_LANE = `
if redis.call('HGET', KEYS[2], ARGV[1]) ~= ARGV[2] then return 0 end
if redis.call('LINDEX', KEYS[3], 0) ~= ARGV[3] then return 0 end
redis.call('SET', KEYS[4], ARGV[4])
if ARGV[5] == 'done' then
  redis.call('LPOP', KEYS[3])
  redis.call('HDEL', KEYS[2], ARGV[1])
  if redis.call('LLEN', KEYS[3]) > 0 then redis.call('ZADD', KEYS[1], ARGV[7], ARGV[1])
  else redis.call('ZREM', KEYS[1], ARGV[1]) end
else
  redis.call('HDEL', KEYS[2], ARGV[1])
  redis.call('ZADD', KEYS[1], ARGV[6], ARGV[1])
end
for n = 9, #ARGV do
  redis.call('XADD', KEYS[5], 'MAXLEN', '~', ARGV[8], '*', 'e', ARGV[n])
end
return 1
`;

/**
 * Claims due bots from the scheduler: each one's score becomes its lease expiry.
 * KEYS: schedule. ARGV: now, limit, leaseUntil. Returns a flat list: botId, lease, ...
 */
export const CLAIM_BOTS = `
local bots = redis.call('ZRANGE', KEYS[1], '-inf', ARGV[1], 'BYSCORE', 'LIMIT', 0, tonumber(ARGV[2]))
local out = {}
for _, bot in ipairs(bots) do
  -- A fractional lease never equals a signal's whole-millisecond score.
  local lease = ARGV[3] .. '.5'
  redis.call('ZADD', KEYS[1], lease, bot)
  out[#out + 1] = bot
  out[#out + 1] = lease
end
return out
`;

/**
 * Ends a pass over a bot: if its score is still our lease, nobody signalled new work meanwhile, so
 * it becomes the bot's next due time (or the bot leaves the scheduler). If the score changed (a
 * signal, or another pass over the same bot that ended first), it is only ever lowered to our next
 * due time: a retry this pass scheduled must not wait for a later score that another pass wrote
 * while our lanes were still leased.
 * KEYS: schedule. ARGV: botId, lease, nextDue ('' = none).
 */
export const RELEASE_BOT = `
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if score and tonumber(score) == tonumber(ARGV[2]) then
  if ARGV[3] == '' then redis.call('ZREM', KEYS[1], ARGV[1])
  else redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1]) end
  return 1
end
if ARGV[3] ~= '' then redis.call('ZADD', KEYS[1], 'LT', ARGV[3], ARGV[1]) end
return 0
`;

/**
 * Replaces a JSON record if it exists and (when ARGV[2] is not empty) its `updatedAt` is still
 * ARGV[2], and bumps the bot's config version. KEYS: record, configVersion.
 * ARGV: json, expectedUpdatedAt. Returns 1, or 0 when missing or changed.
 */
export const REPLACE_IF_UNCHANGED = `
local current = redis.call('GET', KEYS[1])
if not current then return 0 end
if ARGV[2] ~= '' and cjson.decode(current).updatedAt ~= ARGV[2] then return 0 end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('INCR', KEYS[2])
return 1
`;

/**
 * Reads what an inbound call needs in one round trip: the block, the bot's config version and the
 * block's channel account. KEYS: block, configVersion, channels. Returns {block, version, account}.
 */
export const LOAD_HOOK = `
local block = redis.call('GET', KEYS[1])
if not block then return {false, '0', false} end
local version = redis.call('GET', KEYS[2]) or '0'
local account = redis.call('HGET', KEYS[3], cjson.decode(block).accountId)
return {block, version, account}
`;
