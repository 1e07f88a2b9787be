-- Releases paused deliveries of one subscription: `resume` stores each as pending and queues it
-- now, `discard` stores it as discarded. An id no longer paused (released meanwhile) is skipped.
-- Returns how many were released.
local pausedKey = KEYS[1]
local dueKey = KEYS[2]

local action = ARGV[1]  -- 'resume' | 'discard'
local now = ARGV[2]
local deliveryKeyPrefix = ARGV[3]  -- delivery keys share the bot's hash tag
-- Then (id, json, laneKey | '') per delivery; an empty json only takes the id off the paused set
-- (it was settled otherwise, e.g. by a manual attempt that succeeded). In a lane, only the head is
-- queued on `resume`; a discarded head makes way for the next.
local first = 4

local released = 0
for i = first, #ARGV, 3 do
  local id, json, laneKey = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  if redis.call('ZREM', pausedKey, id) == 1 and json ~= '' then
    redis.call('SET', deliveryKeyPrefix .. id, json)
    local head = laneKey == '' or redis.call('LINDEX', laneKey, 0) == id
    if action == 'resume' and head then redis.call('ZADD', dueKey, now, id) end
    if action == 'discard' and laneKey ~= '' and head then
      redis.call('LPOP', laneKey)
      local nextId = redis.call('LINDEX', laneKey, 0)
      if nextId then redis.call('ZADD', dueKey, now, nextId) end
    end
    released = released + 1
  end
end
return released
