-- Replaces a JSON record if it exists and (unless expectedUpdatedAt is '') its `updatedAt` is still
-- the expected one, and bumps the bot's config version. Returns 1, or 0 when missing or changed.
local recordKey = KEYS[1]
local configVersionKey = KEYS[2]

local json = ARGV[1]
local expectedUpdatedAt = ARGV[2]

local current = redis.call('GET', recordKey)
if not current then return 0 end
if expectedUpdatedAt ~= '' and cjson.decode(current).updatedAt ~= expectedUpdatedAt then return 0 end
redis.call('SET', recordKey, json)
redis.call('INCR', configVersionKey)
return 1
