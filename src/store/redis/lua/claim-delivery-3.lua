-- Leases one delivery for a manual attempt. Returns its JSON, or false when it is missing or
-- already leased.
local dueKey = KEYS[1]
local leasesKey = KEYS[2]
local deliveryKey = KEYS[3]

local id = ARGV[1]
local leaseId = ARGV[2]
local leaseUntil = ARGV[3]

if redis.call('HEXISTS', leasesKey, id) == 1 then return false end
local json = redis.call('GET', deliveryKey)
if not json then return false end
redis.call('HSET', leasesKey, id, leaseId)
-- A delivery on its schedule is kept from the workers until the manual attempt settles.
if redis.call('ZSCORE', dueKey, id) then redis.call('ZADD', dueKey, leaseUntil, id) end
return json
