-- Claims due bots from one scheduler partition: each one's score becomes its lease's expiry.
-- Returns a flat list: the partition's earliest score left after the claim ('' when it is empty),
-- then botId, lease, ...
local scheduleKey = KEYS[1]

local now = ARGV[1]
local limit = tonumber(ARGV[2])
local leaseUntil = ARGV[3]

-- A fractional lease never equals a signal's whole-millisecond score, so a release can tell them apart.
local lease = leaseUntil .. '.5'
local out = { '' }
local claimed = 0
if limit > 0 then
  for _, bot in ipairs(redis.call('ZRANGE', scheduleKey, '-inf', now, 'BYSCORE', 'LIMIT', 0, limit)) do
    redis.call('ZADD', scheduleKey, lease, bot)
    out[#out + 1] = bot
    out[#out + 1] = lease
    claimed = claimed + 1
  end
end
-- What is left: more due work (a score up to now), or when the claimer may skip the partition
-- until (a later due time or a lease). A limit of 0 only looks (the scheduler reads that itself).
local first = redis.call('ZRANGE', scheduleKey, 0, 0, 'WITHSCORES')
if first[2] then out[1] = first[2] end
return out
