-- Stores dispatched deliveries and moves the dispatch cursor, if nobody moved it first and no paused
-- delivery is for a subscription enabled meanwhile (it would wait for nothing); then trims the
-- events behind the cursor. (A pending one for a subscription disabled meanwhile is paused by its
-- attempt; one for a subscription deleted meanwhile is not stored: its deletion removed the rest.)
-- A paused one whose subscription has `pausedLimit` paused deliveries already goes to the dead
-- letter: stored as `dead-lettered` (finished: in the log, on no queue or lane) and counted.
-- Returns {0} when the cursor moved or a subscription was enabled meanwhile, else {1} followed by
-- (subscriptionId, dead-lettered now, 1 if the first since its paused deliveries were released).
local cursorKey = KEYS[1]
local dueKey = KEYS[2]
local subscriptionsKey = KEYS[3]
local eventsKey = KEYS[4]
local deadKey = KEYS[5]  -- <subId> dead-lettered count, <subId>:noticed

local expectedCursor = ARGV[1]
local newCursor = ARGV[2]
local now = ARGV[3]
local deliveryKeyPrefix = ARGV[4]  -- delivery, log and paused keys share the bot's hash tag
local logKeyPrefix = ARGV[5]
local logCap = tonumber(ARGV[6])
local pausedKeyPrefix = ARGV[7]
local retention = tonumber(ARGV[8])
local pausedLimit = tonumber(ARGV[9])
local changesKeyPrefix = ARGV[10]  -- the subscription's change stream (live views), capped
local changesKeep = ARGV[11]
-- Then (id, subscriptionId, json, createdMs, paused '1' | '', laneKey | '', deadJson | '') per delivery.
local firstDelivery = 12
local stride = 7

-- Retention behind the cursor: past `retention` events, the oldest dispatched ones go (a bounded
-- batch per call); an event not dispatched yet is never trimmed.
local function trimBehind(eventsKey, cursor, retention)
  local excess = redis.call('XLEN', eventsKey) - retention
  if excess <= 0 or cursor == '0-0' then return end
  local old = redis.call('XRANGE', eventsKey, '-', cursor, 'COUNT', math.min(excess, 1000))
  if #old == 0 then return end
  local last = old[#old][1]
  redis.call('XTRIM', eventsKey, 'MINID', last)
  redis.call('XDEL', eventsKey, last)
end

-- Keeps a subscription's log bounded, dropping the oldest finished deliveries (never a pending,
-- paused or laned one: only a finished status counts).
local finished = { succeeded = true, failed = true, discarded = true, ['dead-lettered'] = true }
local function capLog(logKey)
  local excess = redis.call('ZCARD', logKey) - logCap
  if excess <= 0 then return end
  for _, old in ipairs(redis.call('ZRANGE', logKey, 0, excess + 9)) do
    if excess <= 0 then break end
    local oldJson = redis.call('GET', deliveryKeyPrefix .. old)
    if not oldJson or finished[cjson.decode(oldJson).status] then
      redis.call('ZREM', logKey, old)
      redis.call('DEL', deliveryKeyPrefix .. old)
      excess = excess - 1
    end
  end
end

if (redis.call('GET', cursorKey) or '0-0') ~= expectedCursor then return { 0 } end
-- A subscription's state, read once: 'on', 'off', or 'gone'.
local states = {}
local function stateOf(subscriptionId)
  if not states[subscriptionId] then
    local json = redis.call('HGET', subscriptionsKey, subscriptionId)
    if not json then states[subscriptionId] = 'gone'
    elseif cjson.decode(json).enabled then states[subscriptionId] = 'on'
    else states[subscriptionId] = 'off' end
  end
  return states[subscriptionId]
end
for i = firstDelivery, #ARGV, stride do
  local state = stateOf(ARGV[i + 1])
  if state == 'on' and ARGV[i + 4] == '1' then return { 0 } end
end
local dead, deadOrder = {}, {}
for i = firstDelivery, #ARGV, stride do
  local id, subscriptionId, json, createdMs, paused, laneKey, deadJson =
    ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], ARGV[i + 4], ARGV[i + 5], ARGV[i + 6]
  if stateOf(subscriptionId) ~= 'gone' then
    local pausedKey = pausedKeyPrefix .. subscriptionId
    if paused == '1' and redis.call('ZCARD', pausedKey) >= pausedLimit then
      redis.call('SET', deliveryKeyPrefix .. id, deadJson)
      redis.call('HINCRBY', deadKey, subscriptionId, 1)
      if not dead[subscriptionId] then
        dead[subscriptionId] = 0
        deadOrder[#deadOrder + 1] = subscriptionId
      end
      dead[subscriptionId] = dead[subscriptionId] + 1
    else
      redis.call('SET', deliveryKeyPrefix .. id, json)
      -- In a lane only the oldest unfinished delivery is queued; settling it queues the next.
      local head = laneKey == '' or redis.call('RPUSH', laneKey, id) == 1
      if paused == '1' then redis.call('ZADD', pausedKey, createdMs, id)
      elseif head then redis.call('ZADD', dueKey, now, id) end
    end
    local logKey = logKeyPrefix .. subscriptionId
    redis.call('ZADD', logKey, createdMs, id)
    capLog(logKey)
    redis.call('XADD', changesKeyPrefix .. subscriptionId, 'MAXLEN', '~', changesKeep, '*', 'd', id)
  end
end
redis.call('SET', cursorKey, newCursor)
trimBehind(eventsKey, newCursor, retention)
local out = { 1 }
for _, subscriptionId in ipairs(deadOrder) do
  out[#out + 1] = subscriptionId
  out[#out + 1] = dead[subscriptionId]
  out[#out + 1] = redis.call('HSETNX', deadKey, subscriptionId .. ':noticed', '1')
end
return out
