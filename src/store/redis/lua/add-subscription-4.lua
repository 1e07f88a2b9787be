-- Stores a subscription and moves the bot's config version: an inbound call prepared while the bot
-- had no subscription (which does not signal the dispatcher) is refused as stale and prepared again.
-- A bot's first subscription starts after the newest event: events appended while nothing
-- subscribed were for nobody (the dispatcher passes them on its next look, or may not have looked
-- yet: without a subscription, neither an inbound call nor a settled reply signals it).
local subscriptionsKey = KEYS[1]
local cursorKey = KEYS[2]
local eventsKey = KEYS[3]
local configVersionKey = KEYS[4]

local id = ARGV[1]
local json = ARGV[2]

if redis.call('HLEN', subscriptionsKey) == 0 then
  local newest = redis.call('XREVRANGE', eventsKey, '+', '-', 'COUNT', 1)[1]
  if newest then redis.call('SET', cursorKey, newest[1]) end
end
redis.call('HSET', subscriptionsKey, id, json)
-- A deleted bot's version stays 'deleted' (an inbound write refuses it).
if redis.call('GET', configVersionKey) ~= 'deleted' then redis.call('INCR', configVersionKey) end
return 1
