-- Reads what an inbound call needs in one round trip: the block, the bot's config version and the
-- block's channel account. Returns {block, version, account} (block and account false when missing).
local blockKey = KEYS[1]
local configVersionKey = KEYS[2]
local channelsKey = KEYS[3]

local block = redis.call('GET', blockKey)
if not block then return {false, '0', false} end
local version = redis.call('GET', configVersionKey) or '0'
local account = redis.call('HGET', channelsKey, cjson.decode(block).accountId)
return {block, version, account}
