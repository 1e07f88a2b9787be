-- Stores dispatched deliveries and moves the dispatch cursor, if nobody moved it first.
-- Returns 1, or 0 when the cursor moved.
local cursorKey = KEYS[1]
local dueKey = KEYS[2]

local expectedCursor = ARGV[1]
local newCursor = ARGV[2]
local now = ARGV[3]
local deliveryKeyPrefix = ARGV[4]  -- delivery and log keys share the bot's hash tag
local logKeyPrefix = ARGV[5]
local logCap = tonumber(ARGV[6])
-- Then (id, subscriptionId, json, createdMs) per delivery.
local firstDelivery = 7

if (redis.call('GET', cursorKey) or '0-0') ~= expectedCursor then return 0 end
for i = firstDelivery, #ARGV, 4 do
  local id, subscriptionId, json, createdMs = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
  redis.call('SET', deliveryKeyPrefix .. id, json)
  redis.call('ZADD', dueKey, now, id)
  local logKey = logKeyPrefix .. subscriptionId
  redis.call('ZADD', logKey, createdMs, id)
  -- Keep the log bounded, dropping the oldest finished deliveries (never a pending one).
  local excess = redis.call('ZCARD', logKey) - logCap
  if excess > 0 then
    for _, old in ipairs(redis.call('ZRANGE', logKey, 0, excess + 9)) do
      if excess <= 0 then break end
      if not redis.call('ZSCORE', dueKey, old) then
        redis.call('ZREM', logKey, old)
        redis.call('DEL', deliveryKeyPrefix .. old)
        excess = excess - 1
      end
    end
  end
end
redis.call('SET', cursorKey, newCursor)
return 1
