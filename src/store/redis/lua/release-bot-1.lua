-- Ends a pass over a bot, on its scheduler partition. If its score is still our lease, nobody
-- signalled new work meanwhile, so it becomes the bot's next due time (or the bot leaves the
-- scheduler). If the score changed (a signal, or another pass over the same bot that ended first),
-- it is only ever lowered to our next due time: a retry this pass scheduled must not wait for a
-- later score that another pass wrote while our work was still leased. Returns 1 when the score was
-- still ours, else 0. A resize's moves run it too (adopt, and a claim that took a bot from a
-- partition that is not its own), with the score copied or leased as the lease and no next due
-- time: the entry left behind goes unless a signal changed it meanwhile.
local scheduleKey = KEYS[1]

local botId = ARGV[1]
local lease = ARGV[2]
local nextDue = ARGV[3]  -- '' = the bot has no work left

local score = redis.call('ZSCORE', scheduleKey, botId)
if score and tonumber(score) == tonumber(lease) then
  if nextDue == '' then redis.call('ZREM', scheduleKey, botId)
  else redis.call('ZADD', scheduleKey, nextDue, botId) end
  return 1
end
if nextDue ~= '' then redis.call('ZADD', scheduleKey, 'LT', nextDue, botId) end
return 0
