-- Claims due deliveries of one bot, leasing each until `leaseUntil`.
-- Returns a flat list: id, leaseId, json, ...
local dueKey = KEYS[1]
local leasesKey = KEYS[2]

local now = ARGV[1]
local limit = tonumber(ARGV[2])
local leaseUntil = ARGV[3]
local leaseIdPrefix = ARGV[4]
local deliveryKeyPrefix = ARGV[5]  -- delivery keys share the bot's hash tag

local RECHECK_MS = 1000

local out = {}
for n, id in ipairs(redis.call('ZRANGE', dueKey, '-inf', now, 'BYSCORE', 'LIMIT', 0, limit)) do
  local json = redis.call('GET', deliveryKeyPrefix .. id)
  if not json then
    -- A due delivery keeps its key until purge-subscription-3.lua removes both, so one that reads
    -- as missing is on the other node while the slot moves between two masters (a script reads
    -- undeclared keys on its own node only). Nothing is dropped: it is looked at again a second later.
    redis.call('ZADD', dueKey, tonumber(now) + RECHECK_MS, id)
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
