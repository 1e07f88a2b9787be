-- Settles one leased attempt: stores the message, appends its change to the webhook's change stream
-- (live views) and its events; `done` pops the lane, `retry` makes it due at retryAt.
-- Returns 0 when the lease was lost, else 1 + 2 (events appended and the bot has subscriptions:
-- the dispatcher must be signalled) + 4 (the lane has its next message due now).
local dueKey = KEYS[1]
local leasesKey = KEYS[2]
local laneKey = KEYS[3]
local messageKey = KEYS[4]
local eventsKey = KEYS[5]
local subscriptionsKey = KEYS[6]

local lane = ARGV[1]
local leaseId = ARGV[2]
local messageId = ARGV[3]
local messageJson = ARGV[4]
local outcome = ARGV[5]  -- 'done' | 'retry'
local retryAt = ARGV[6]
local now = ARGV[7]
local changesKey = ARGV[8]  -- '' = the message belongs to no webhook
local requestId = ARGV[9]
local changesKeep = ARGV[10]
-- Then the event JSONs.
local firstEvent = 11

if redis.call('HGET', leasesKey, lane) ~= leaseId then return 0 end
if redis.call('LINDEX', laneKey, 0) ~= messageId then return 0 end
redis.call('SET', messageKey, messageJson)
redis.call('HDEL', leasesKey, lane)
if changesKey ~= '' then
  redis.call('XADD', changesKey, 'MAXLEN', '~', changesKeep, '*', 'r', requestId, 'm', messageJson)
end
local result = 1
if outcome == 'done' then
  redis.call('LPOP', laneKey)
  if redis.call('LLEN', laneKey) > 0 then
    redis.call('ZADD', dueKey, now, lane)
    result = result + 4
  else
    redis.call('ZREM', dueKey, lane)
  end
else
  redis.call('ZADD', dueKey, retryAt, lane)
end
for n = firstEvent, #ARGV do
  -- Never trimmed here: retention applies behind the dispatch cursor (commit-dispatch-5.lua).
  redis.call('XADD', eventsKey, '*', 'e', ARGV[n])
end
-- Without a subscription the dispatcher has nothing to send; it passes these events on its next
-- look, and a bot's first subscription starts after the newest event (add-subscription-4.lua).
if #ARGV >= firstEvent and redis.call('HLEN', subscriptionsKey) > 0 then result = result + 2 end
return result
