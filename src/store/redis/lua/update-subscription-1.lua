-- Replaces a subscription if it exists and its `updatedAt` is still the expected one.
-- Returns 1, or 0 when missing or changed.
local subscriptionsKey = KEYS[1]

local id = ARGV[1]
local json = ARGV[2]
local expectedUpdatedAt = ARGV[3]

local current = redis.call('HGET', subscriptionsKey, id)
if not current or cjson.decode(current).updatedAt ~= expectedUpdatedAt then return 0 end
redis.call('HSET', subscriptionsKey, id, json)
return 1
