-- Records a manual or test attempt (creating the delivery if it is new), unless a worker holds it.
-- Returns 1, or 0 when a worker holds it.
local leasesKey = KEYS[1]
local deliveryKey = KEYS[2]
local dueKey = KEYS[3]
local logKey = KEYS[4]
local eventsKey = KEYS[5]

local id = ARGV[1]
local json = ARGV[2]
local retryAt = ARGV[3]  -- '' = not scheduled
local createdMs = ARGV[4]
-- Then the event JSONs (appended untrimmed: retention applies behind the dispatch cursor).
local firstEvent = 5

if redis.call('HEXISTS', leasesKey, id) == 1 then return 0 end
redis.call('SET', deliveryKey, json)
redis.call('ZADD', logKey, 'NX', createdMs, id)
if retryAt == '' then redis.call('ZREM', dueKey, id) else redis.call('ZADD', dueKey, retryAt, id) end
for n = firstEvent, #ARGV do
  redis.call('XADD', eventsKey, '*', 'e', ARGV[n])
end
return 1
