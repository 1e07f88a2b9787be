-- Moves the dispatch cursor to the newest event, reading none, and trims the events behind it,
-- unless the bot has a subscription (one created since the dispatcher looked): then it returns 0
-- and the events are dispatched. Returns 1 when skipped.
local eventsKey = KEYS[1]
local cursorKey = KEYS[2]
local subscriptionsKey = KEYS[3]

local retention = tonumber(ARGV[1])

-- Retention behind the cursor: past `retention` events, the oldest dispatched ones go (a bounded
-- batch per call); an event not dispatched yet is never trimmed.
local function trimBehind(eventsKey, cursor, retention)
  local excess = redis.call('XLEN', eventsKey) - retention
  if excess <= 0 or cursor == '0-0' then return end
  local old = redis.call('XRANGE', eventsKey, '-', cursor, 'COUNT', math.min(excess, 1000))
  if #old == 0 then return end
  local last = old[#old][1]
  redis.call('XTRIM', eventsKey, 'MINID', last)
  redis.call('XDEL', eventsKey, last)
end

if redis.call('HLEN', subscriptionsKey) > 0 then return 0 end
local newest = redis.call('XREVRANGE', eventsKey, '+', '-', 'COUNT', 1)[1]
if newest then
  redis.call('SET', cursorKey, newest[1])
  trimBehind(eventsKey, newest[1], retention)
end
return 1
