-- Settles one leased attempt: stores the message and appends its events; `done` pops the lane,
-- `retry` makes it due at retryAt. Returns 1, or 0 when the lease was lost.
local dueKey = KEYS[1]
local leasesKey = KEYS[2]
local laneKey = KEYS[3]
local messageKey = KEYS[4]
local eventsKey = KEYS[5]

local lane = ARGV[1]
local leaseId = ARGV[2]
local messageId = ARGV[3]
local messageJson = ARGV[4]
local outcome = ARGV[5]  -- 'done' | 'retry'
local retryAt = ARGV[6]
local now = ARGV[7]
local eventRetention = ARGV[8]  -- unused: the dispatcher trims the events behind its cursor
-- Then the event JSONs.
local firstEvent = 9

if redis.call('HGET', leasesKey, lane) ~= leaseId then return 0 end
if redis.call('LINDEX', laneKey, 0) ~= messageId then return 0 end
redis.call('SET', messageKey, messageJson)
redis.call('HDEL', leasesKey, lane)
if outcome == 'done' then
  redis.call('LPOP', laneKey)
  if redis.call('LLEN', laneKey) > 0 then redis.call('ZADD', dueKey, now, lane)
  else redis.call('ZREM', dueKey, lane) end
else
  redis.call('ZADD', dueKey, retryAt, lane)
end
for n = firstEvent, #ARGV do
  -- Never trimmed here: retention applies behind the dispatch cursor (commit-dispatch-4.lua).
  redis.call('XADD', eventsKey, '*', 'e', ARGV[n])
end
return 1
