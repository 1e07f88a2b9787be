-- Moves a bot's config version (cached inbound configuration is then read again), unless the bot is
-- deleted: its version stays 'deleted'.
local configVersionKey = KEYS[1]

if redis.call('GET', configVersionKey) ~= 'deleted' then redis.call('INCR', configVersionKey) end
return 1
