-- Stores a subscription. A bot's first one starts after the newest event: events appended while
-- nothing subscribed were for nobody (the dispatcher passes them on its next look, or may not have
-- looked yet: settle-lane-6.lua signals it only for a bot with subscriptions).
local subscriptionsKey = KEYS[1]
local cursorKey = KEYS[2]
local eventsKey = KEYS[3]

local id = ARGV[1]
local json = ARGV[2]

if redis.call('HLEN', subscriptionsKey) == 0 then
  local newest = redis.call('XREVRANGE', eventsKey, '+', '-', 'COUNT', 1)[1]
  if newest then redis.call('SET', cursorKey, newest[1]) end
end
redis.call('HSET', subscriptionsKey, id, json)
return 1
