-- Removes a subscription with its health, paused list, change stream and dead-letter notice, at once
-- for readers, dispatch (commit-dispatch stores nothing for it from here) and workers. Removing a
-- bot's last subscription moves its config version (HookConfig.subscribed changes): calls prepared
-- while it had one are read again. Safe to repeat. Returns 1 when the subscription was there.
local subscriptionsKey = KEYS[1]
local healthKey = KEYS[2]
local pausedKey = KEYS[3]
local changesKey = KEYS[4]
local deadLettersKey = KEYS[5]
local configVersionKey = KEYS[6]

local id = ARGV[1]
-- ARGV[2..]: the subscription's fields in the health hash.

local removed = redis.call('HDEL', subscriptionsKey, id)
redis.call('HDEL', healthKey, unpack(ARGV, 2))
redis.call('DEL', pausedKey, changesKey)
redis.call('HDEL', deadLettersKey, id, id .. ':noticed')
-- A deleted bot's version stays 'deleted' (an inbound write refuses it).
if removed == 1 and redis.call('HLEN', subscriptionsKey) == 0 and redis.call('GET', configVersionKey) ~= 'deleted' then
  redis.call('INCR', configVersionKey)
end
return removed
