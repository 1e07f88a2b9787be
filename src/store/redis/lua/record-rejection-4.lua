-- Records a refused inbound call: its activity entry and its change. A summary (an authentication
-- failure) counts against a per-webhook cap per window first: beyond it, only the count of
-- suppressed summaries grows, and the next one recorded carries it (stream field 'n').
-- Returns {'recorded', position} | {'suppressed'} | {'gone'} (the bot is being deleted: nothing written).
local activityKey = KEYS[1]
local changesKey = KEYS[2]
local capKey = KEYS[3]           -- hash: start (window start, ms), n (summaries in the window), s (suppressed, not yet reported)
local configVersionKey = KEYS[4]

local entryJson = ARGV[1]
local requestId = ARGV[2]
local activityMax = ARGV[3]
local changesMax = ARGV[4]
local summary = ARGV[5]          -- '1' | '0'
local now = tonumber(ARGV[6])
local limit = tonumber(ARGV[7])
local windowMs = tonumber(ARGV[8])

if redis.call('GET', configVersionKey) == 'deleted' then return {'gone'} end
local suppressed = 0
if summary == '1' then
  local start = tonumber(redis.call('HGET', capKey, 'start') or '0')
  if now - start >= windowMs then redis.call('HSET', capKey, 'start', now, 'n', 0) end
  local n = redis.call('HINCRBY', capKey, 'n', 1)
  redis.call('PEXPIRE', capKey, 86400000)
  if n > limit then
    redis.call('HINCRBY', capKey, 's', 1)
    return {'suppressed'}
  end
  suppressed = tonumber(redis.call('HGET', capKey, 's') or '0')
  if suppressed > 0 then redis.call('HSET', capKey, 's', 0) end
end
local position = redis.call('XADD', activityKey, 'MAXLEN', '~', activityMax, '*', 'a', entryJson, 'n', suppressed)
redis.call('XADD', changesKey, 'MAXLEN', '~', changesMax, '*', 'r', requestId, 'p', position)
return {'recorded', position}
