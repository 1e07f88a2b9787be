-- Removes up to `limit` of a deleted subscription's deliveries, oldest first, with everything that
-- points at them: its per-contact lane (the whole list, whose every member is in the log too), its
-- queue entry and its lease (a worker's settlement then finds the lease gone and writes nothing).
-- Returns how many deliveries its log still holds (0: done).
local logKey = KEYS[1]
local dueKey = KEYS[2]
local leasesKey = KEYS[3]

local deliveryKeyPrefix = ARGV[1]  -- delivery and lane keys share the bot's hash tag
local laneKeyPrefix = ARGV[2]
local limit = tonumber(ARGV[3])

for _, id in ipairs(redis.call('ZRANGE', logKey, 0, limit - 1)) do
  local json = redis.call('GET', deliveryKeyPrefix .. id)
  if json then
    local lane = cjson.decode(json).lane
    if type(lane) == 'string' and lane ~= '' then redis.call('DEL', laneKeyPrefix .. lane) end
    redis.call('DEL', deliveryKeyPrefix .. id)
  end
  redis.call('ZREM', dueKey, id)
  redis.call('HDEL', leasesKey, id)
  redis.call('ZREM', logKey, id)
end
return redis.call('ZCARD', logKey)
