-- Stores a subscription. A bot's first one moves its config version (HookConfig.subscribed changes):
-- an inbound call prepared while the bot had none (which does not signal the dispatcher) is refused
-- as stale and prepared again. Later ones leave the version alone, so cached configuration and
-- calls in flight stay valid.
-- A bot's first subscription starts after the newest event: events appended while nothing
-- subscribed were for nobody (the dispatcher passes them on its next look, or may not have looked
-- yet: without a subscription, neither an inbound call nor a settled reply signals it).
local subscriptionsKey = KEYS[1]
local cursorKey = KEYS[2]
local eventsKey = KEYS[3]
local configVersionKey = KEYS[4]

local id = ARGV[1]
local json = ARGV[2]

local first = redis.call('HLEN', subscriptionsKey) == 0
if first then
  local newest = redis.call('XREVRANGE', eventsKey, '+', '-', 'COUNT', 1)[1]
  if newest then redis.call('SET', cursorKey, newest[1]) end
end
redis.call('HSET', subscriptionsKey, id, json)
-- A deleted bot's version stays 'deleted' (an inbound write refuses it).
if first and redis.call('GET', configVersionKey) ~= 'deleted' then redis.call('INCR', configVersionKey) end
return 1
