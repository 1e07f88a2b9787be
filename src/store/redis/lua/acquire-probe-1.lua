-- Takes a subscription's one circuit breaker probe until `until`, unless another is out.
-- Returns 1, or 0 when a probe is out (or the next one is not due yet).
local healthKey = KEYS[1]

local subscriptionId = ARGV[1]
local now = tonumber(ARGV[2])
local untilMs = ARGV[3]

local field = subscriptionId .. ':probe'
if tonumber(redis.call('HGET', healthKey, field) or '0') > now then return 0 end
redis.call('HSET', healthKey, field, untilMs)
return 1
