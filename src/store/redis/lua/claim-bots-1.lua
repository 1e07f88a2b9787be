-- Claims due bots from a scheduler: each one's score becomes its lease's expiry.
-- Returns a flat list: botId, lease, ...
local scheduleKey = KEYS[1]

local now = ARGV[1]
local limit = tonumber(ARGV[2])
local leaseUntil = ARGV[3]

-- A fractional lease never equals a signal's whole-millisecond score, so a release can tell them apart.
local lease = leaseUntil .. '.5'
local out = {}
for _, bot in ipairs(redis.call('ZRANGE', scheduleKey, '-inf', now, 'BYSCORE', 'LIMIT', 0, limit)) do
  redis.call('ZADD', scheduleKey, lease, bot)
  out[#out + 1] = bot
  out[#out + 1] = lease
end
return out
