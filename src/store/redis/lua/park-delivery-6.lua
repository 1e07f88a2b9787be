-- Settles a leased delivery of a disabled subscription without an attempt: it joins the
-- subscription's paused deliveries, or, when they are at `pausedLimit` already, the dead letter
-- (stored `dead-lettered`, counted; a lane it heads moves on to the next). Enabled again since the
-- worker read it: queued now instead, its attempt sends it.
-- Returns {-1} when the lease was lost, {0} queued, {1} paused, {2, first} dead-lettered (first: 1
-- if the first since the subscription's paused deliveries were last released).
local dueKey = KEYS[1]
local leasesKey = KEYS[2]
local deliveryKey = KEYS[3]
local pausedKey = KEYS[4]
local deadKey = KEYS[5]  -- <subId> dead-lettered count, <subId>:noticed
local subscriptionsKey = KEYS[6]

local id = ARGV[1]
local leaseId = ARGV[2]
local pausedJson = ARGV[3]
local deadJson = ARGV[4]
local createdMs = ARGV[5]
local now = ARGV[6]
local subscriptionId = ARGV[7]
local pausedLimit = tonumber(ARGV[8])
local laneKey = ARGV[9]  -- '' unless the delivery is in a per-contact lane; same hash tag

if redis.call('HGET', leasesKey, id) ~= leaseId then return { -1 } end
redis.call('HDEL', leasesKey, id)
local subscription = redis.call('HGET', subscriptionsKey, subscriptionId)
if subscription and cjson.decode(subscription).enabled then
  redis.call('SET', deliveryKey, pausedJson)
  redis.call('ZADD', dueKey, now, id)
  return { 0 }
end
redis.call('ZREM', dueKey, id)
if redis.call('ZCARD', pausedKey) < pausedLimit then
  redis.call('SET', deliveryKey, pausedJson)
  redis.call('ZADD', pausedKey, createdMs, id)
  return { 1 }
end
redis.call('SET', deliveryKey, deadJson)
redis.call('HINCRBY', deadKey, subscriptionId, 1)
if laneKey ~= '' and redis.call('LINDEX', laneKey, 0) == id then
  redis.call('LPOP', laneKey)
  local nextId = redis.call('LINDEX', laneKey, 0)
  if nextId then redis.call('ZADD', dueKey, now, nextId) end
end
return { 2, redis.call('HSETNX', deadKey, subscriptionId .. ':noticed', '1') }
