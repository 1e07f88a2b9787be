-- Reads what an inbound call needs in one round trip: the block, the bot's config version, the
-- block's channel account, and whether the bot has a subscription (its first subscription and the
-- removal of its last move the version too). Returns {block, version, account, subscribed} (block and account
-- false when missing; subscribed 1 or 0).
local blockKey = KEYS[1]
local configVersionKey = KEYS[2]
local channelsKey = KEYS[3]
local subscriptionsKey = KEYS[4]

local block = redis.call('GET', blockKey)
if not block then return {false, '0', false, 0} end
local version = redis.call('GET', configVersionKey) or '0'
local account = redis.call('HGET', channelsKey, cjson.decode(block).accountId)
local subscribed = 0
if redis.call('HLEN', subscriptionsKey) > 0 then subscribed = 1 end
return {block, version, account, subscribed}
