-- Records an attempt under its lease, counting the subscription's consecutive failures.
-- Returns those failures, or -1 when the lease was lost.
local dueKey = KEYS[1]
local leasesKey = KEYS[2]
local deliveryKey = KEYS[3]
local eventsKey = KEYS[4]
local healthKey = KEYS[5]

local id = ARGV[1]
local leaseId = ARGV[2]
local json = ARGV[3]
local retryAt = ARGV[4]  -- '' = finished
local health = ARGV[5]   -- 'success' | 'failure' | 'none'
local subscriptionId = ARGV[6]
local pausedKey = ARGV[7]  -- '' unless the delivery is paused (its subscription is disabled); same hash tag
local createdMs = ARGV[8]
local now = ARGV[9]
local probeUntil = ARGV[10]  -- '' unless a circuit breaker probe failed: the next probe's time
local laneKey = ARGV[11]  -- '' unless the delivery is in a per-contact lane; same hash tag
local subscriptionsKey = ARGV[12]  -- same hash tag
-- Then the event JSONs (appended untrimmed: retention applies behind the dispatch cursor).
local firstEvent = 13

if redis.call('HGET', leasesKey, id) ~= leaseId then return -1 end
redis.call('HDEL', leasesKey, id)
redis.call('SET', deliveryKey, json)
if retryAt == '' then redis.call('ZREM', dueKey, id) else redis.call('ZADD', dueKey, retryAt, id) end
if pausedKey ~= '' then
  -- Enabled again since the worker read it (and its paused deliveries resumed already): queue it
  -- now rather than leave it waiting for nothing; its attempt sends it.
  local subscription = redis.call('HGET', subscriptionsKey, subscriptionId)
  if subscription and cjson.decode(subscription).enabled then redis.call('ZADD', dueKey, now, id)
  else redis.call('ZADD', pausedKey, createdMs, id) end
end
-- A lane's head finished: the next delivery of the lane is queued.
if laneKey ~= '' and retryAt == '' and pausedKey == '' and redis.call('LINDEX', laneKey, 0) == id then
  redis.call('LPOP', laneKey)
  local nextId = redis.call('LINDEX', laneKey, 0)
  if nextId then redis.call('ZADD', dueKey, now, nextId) end
end
local failures
-- The health hash holds per subscription: <id> consecutive failures, <id>:since the time of the
-- first of them, <id>:probe until when the circuit breaker's one probe is out.
if health == 'success' then
  redis.call('HDEL', healthKey, subscriptionId, subscriptionId .. ':since', subscriptionId .. ':probe')
  failures = 0
elseif health == 'failure' then
  failures = redis.call('HINCRBY', healthKey, subscriptionId, 1)
  redis.call('HSETNX', healthKey, subscriptionId .. ':since', now)
else
  failures = tonumber(redis.call('HGET', healthKey, subscriptionId) or '0')
end
if probeUntil ~= '' then redis.call('HSET', healthKey, subscriptionId .. ':probe', probeUntil) end
for n = firstEvent, #ARGV do
  redis.call('XADD', eventsKey, '*', 'e', ARGV[n])
end
return failures
