-- Moves a bot earlier (never later) on its partition of the reply and/or the event schedule and
-- wakes the workers, publishing only when a schedule actually moved (a bot already due needs no new
-- wake-up). Both schedules' partitions share the partition's {sched:<n>} hash slot, so one call
-- signals both; the wake-up is a sharded publish on that slot's channel (Redis 7), or a plain one
-- where the server has no SPUBLISH (Redis 6).
local replyScheduleKey = KEYS[1]
local eventScheduleKey = KEYS[2]

local botId = ARGV[1]
local at = ARGV[2]
local replies = ARGV[3]  -- '1' = signal the reply schedule
local events = ARGV[4]   -- '1' = signal the event schedule
local replyChannel = ARGV[5]
local eventChannel = ARGV[6]

local function wake(channel)
  local sent = redis.pcall('SPUBLISH', channel, botId)
  if type(sent) == 'table' and sent.err then redis.call('PUBLISH', channel, botId) end
end

if replies == '1' and redis.call('ZADD', replyScheduleKey, 'LT', 'CH', at, botId) == 1 then
  wake(replyChannel)
end
if events == '1' and redis.call('ZADD', eventScheduleKey, 'LT', 'CH', at, botId) == 1 then
  wake(eventChannel)
end
return 1
