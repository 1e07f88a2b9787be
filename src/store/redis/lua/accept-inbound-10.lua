-- Accepts one inbound call, all of it or nothing: config version check, rate limit (GCRA),
-- idempotency, contact variables, activity entry and its change, events, and the reply pushed onto its lane.
-- Returns {'ok'} | {'replay', record} | {'limited', retryAfterMs} | {'stale'} (the block or its
-- account changed since the caller read them: nothing is written, the caller reloads and retries).
local idempotencyKey = KEYS[1]   -- the bot key when the call has no Idempotency-Key
local rateLimitKey = KEYS[2]
local variablesKey = KEYS[3]     -- the bot key when the call names no contact
local activityKey = KEYS[4]
local eventsKey = KEYS[5]
local messageKey = KEYS[6]       -- the bot key when there is no reply
local laneKey = KEYS[7]          -- the bot key when there is no reply
local dueKey = KEYS[8]
local configVersionKey = KEYS[9]
local changesKey = KEYS[10]      -- the webhook's change stream (src/store/activity.ts)

local now = tonumber(ARGV[1])
local emissionMs = tonumber(ARGV[2])
local burstMs = tonumber(ARGV[3])
local idempotencyTtlSeconds = ARGV[4]
local idempotencyRecord = ARGV[5]  -- '' = no Idempotency-Key
local activityJson = ARGV[6]
local activityMax = ARGV[7]
local eventRetention = ARGV[8]     -- unused: the dispatcher trims the events behind its cursor
local messageId = ARGV[9]          -- '' = no reply
local messageJson = ARGV[10]
local laneMember = ARGV[11]
local variableCount = tonumber(ARGV[12])
local eventCount = tonumber(ARGV[13])
local expectedVersion = ARGV[14]   -- '' = do not check
local requestId = ARGV[15]
local changesMax = ARGV[16]
-- Then variableCount (field, value) pairs, then eventCount event JSONs.
local tail = 17

local version = redis.call('GET', configVersionKey) or '0'  -- 'deleted' from a bot's deletion on: refused
if version == 'deleted' or (expectedVersion ~= '' and version ~= expectedVersion) then return {'stale'} end
if idempotencyRecord ~= '' then
  local existing = redis.call('GET', idempotencyKey)
  if existing then return {'replay', existing} end
end
local tat = tonumber(redis.call('GET', rateLimitKey) or '0')
if tat < now then tat = now end
local newTat = tat + emissionMs
local allowAt = newTat - burstMs
if allowAt > now then return {'limited', tostring(math.ceil(allowAt - now))} end
redis.call('SET', rateLimitKey, tostring(newTat), 'PX', math.ceil(newTat - now) + 1000)
if variableCount > 0 then
  local fields = {}
  for n = 1, variableCount * 2 do fields[n] = ARGV[tail]; tail = tail + 1 end
  redis.call('HSET', variablesKey, unpack(fields))
end
local position = redis.call('XADD', activityKey, 'MAXLEN', '~', activityMax, '*', 'a', activityJson)
if messageId ~= '' then
  redis.call('XADD', changesKey, 'MAXLEN', '~', changesMax, '*', 'r', requestId, 'p', position, 'm', messageJson)
else
  redis.call('XADD', changesKey, 'MAXLEN', '~', changesMax, '*', 'r', requestId, 'p', position)
end
for n = 1, eventCount do
  -- Never trimmed here: retention applies behind the dispatch cursor (commit-dispatch-5.lua).
  redis.call('XADD', eventsKey, '*', 'e', ARGV[tail]); tail = tail + 1
end
if messageId ~= '' then
  redis.call('SET', messageKey, messageJson)
  if redis.call('RPUSH', laneKey, messageId) == 1 then
    redis.call('ZADD', dueKey, 'NX', now, laneMember)
  end
end
if idempotencyRecord ~= '' then redis.call('SET', idempotencyKey, idempotencyRecord, 'EX', idempotencyTtlSeconds) end
return {'ok'}
