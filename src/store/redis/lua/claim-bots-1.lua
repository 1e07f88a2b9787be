-- Claims due bots from one scheduler partition: each one's score becomes its lease's expiry.
-- Returns a flat list: the partition's earliest score left when it had fewer due bots than asked,
-- or when asked for none ('' when it had as many, or is empty), then botId, lease, ...
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
-- Fewer than asked: nothing else is due, and the claimer may skip the partition until this time.
-- A limit of 0 only looks: is anything due, or when next?
if claimed < limit or limit == 0 then
  local first = redis.call('ZRANGE', scheduleKey, 0, 0, 'WITHSCORES')
  if first[2] then out[1] = first[2] end
end
return out
