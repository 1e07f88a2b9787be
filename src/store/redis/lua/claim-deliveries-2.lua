-- Claims due deliveries of one bot, leasing each until `leaseUntil`.
-- Returns a flat list: id, leaseId, json, ...
--
-- Delivery keys share the bot's hash tag but are not declared. On a Redis Cluster whose slot is
-- moving between two masters, one may be on the other node: the node the slot leaves refuses the
-- read (the script stops), the node it goes to reads it as missing. So every read comes before the
-- first write, and where keys can move (`recheck` = '1') a due delivery that reads as missing is
-- looked at again a second later rather than dropped. On one Redis a due delivery always has its
-- key (purge-subscription-3.lua removes both), so there a missing one is gone for good: dropped.
local dueKey = KEYS[1]
local leasesKey = KEYS[2]

local now = ARGV[1]
local limit = tonumber(ARGV[2])
local leaseUntil = ARGV[3]
local leaseIdPrefix = ARGV[4]
local deliveryKeyPrefix = ARGV[5]  -- delivery keys share the bot's hash tag
local recheck = ARGV[6]       -- '1': keys of the slot may be on another node

local RECHECK_MS = 1000

local found = {}
for _, id in ipairs(redis.call('ZRANGE', dueKey, '-inf', now, 'BYSCORE', 'LIMIT', 0, limit)) do
  found[#found + 1] = { id = id, json = redis.call('GET', deliveryKeyPrefix .. id) }
end

local out = {}
for n, f in ipairs(found) do
  if not f.json then
    if recheck == '1' then redis.call('ZADD', dueKey, tonumber(now) + RECHECK_MS, f.id)
    else redis.call('ZREM', dueKey, f.id) end
  else
    local leaseId = leaseIdPrefix .. n
    redis.call('ZADD', dueKey, leaseUntil, f.id)
    redis.call('HSET', leasesKey, f.id, leaseId)
    out[#out + 1] = f.id
    out[#out + 1] = leaseId
    out[#out + 1] = f.json
  end
end
return out
