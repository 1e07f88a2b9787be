-- Moves a bot earlier (never later) on the reply and/or the event schedule and wakes the workers,
-- publishing only when a schedule actually moved (a bot already due needs no new wake-up). The two
-- schedules share the {sched} hash slot, so one call signals both.
local replyScheduleKey = KEYS[1]
local eventScheduleKey = KEYS[2]

local botId = ARGV[1]
local at = ARGV[2]
local replies = ARGV[3]  -- '1' = signal the reply schedule
local events = ARGV[4]   -- '1' = signal the event schedule
local replyChannel = ARGV[5]
local eventChannel = ARGV[6]

if replies == '1' and redis.call('ZADD', replyScheduleKey, 'LT', 'CH', at, botId) == 1 then
  redis.call('PUBLISH', replyChannel, botId)
end
if events == '1' and redis.call('ZADD', eventScheduleKey, 'LT', 'CH', at, botId) == 1 then
  redis.call('PUBLISH', eventChannel, botId)
end
return 1
