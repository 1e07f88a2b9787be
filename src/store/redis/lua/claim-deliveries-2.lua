-- Claims due deliveries of one bot, leasing each until `leaseUntil`.
-- Returns a flat list: id, leaseId, json, ...
local dueKey = KEYS[1]
local leasesKey = KEYS[2]

local now = ARGV[1]
local limit = tonumber(ARGV[2])
local leaseUntil = ARGV[3]
local leaseIdPrefix = ARGV[4]
local deliveryKeyPrefix = ARGV[5]  -- delivery keys share the bot's hash tag

local out = {}
for n, id in ipairs(redis.call('ZRANGE', dueKey, '-inf', now, 'BYSCORE', 'LIMIT', 0, limit)) do
  local json = redis.call('GET', deliveryKeyPrefix .. id)
  if not json then
    redis.call('ZREM', dueKey, id)
  else
    local leaseId = leaseIdPrefix .. n
    redis.call('ZADD', dueKey, leaseUntil, id)
    redis.call('HSET', leasesKey, id, leaseId)
    out[#out + 1] = id
    out[#out + 1] = leaseId
    out[#out + 1] = json
  end
end
return out
