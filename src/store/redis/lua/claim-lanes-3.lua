-- Claims up to `limit` due lanes of one bot and leases each until `leaseUntil`. A lane's lease id is
-- the claim's prefix followed by its head message's id (the format's owner: src/store/reply-claims.ts),
-- so readers show that message as `sending` while the lease lasts; the same change goes to the
-- message's webhook change stream (live views) in the same step.
-- Returns a flat list: lane, leaseId, messageJson, accountJson ('' when the account is gone), ...
-- The account rides along so that a worker needs no second round trip before it sends.
--
-- Lanes, messages and change streams share the bot's hash tag but are not declared. On a Redis
-- Cluster whose slot is moving between two masters, such a key may be on the other node: the node
-- the slot leaves refuses the read (the script stops), the node it goes to reads it as missing.
-- So every read comes before the first write (a refused read stops the claim having written
-- nothing), and where keys can move (`recheck` = '1') a lane read as empty, or whose head message
-- reads as missing, is looked at again a second later rather than dropped. On one Redis a lane in
-- the due set always holds its messages (settle-lane-6.lua removes an emptied one), so there a
-- missing key is gone for good (evicted, deleted by hand): the lane or the message id is dropped.
local dueKey = KEYS[1]
local leasesKey = KEYS[2]
local channelsKey = KEYS[3]

local now = ARGV[1]
local limit = tonumber(ARGV[2])
local leaseUntil = ARGV[3]
local leaseIdPrefix = ARGV[4]
local laneKeyPrefix = ARGV[5]     -- lane keys share the bot's hash tag
local messageKeyPrefix = ARGV[6]  -- so do message keys
local changesKeyPrefix = ARGV[7]  -- and the webhooks' change streams
local changesKeep = ARGV[8]
local recheck = ARGV[9]       -- '1': keys of the slot may be on another node

local RECHECK_MS = 1000

local found = {}
for _, lane in ipairs(redis.call('ZRANGE', dueKey, '-inf', now, 'BYSCORE', 'LIMIT', 0, limit)) do
  local laneKey = laneKeyPrefix .. lane
  local head = redis.call('LINDEX', laneKey, 0)
  local json = head and redis.call('GET', messageKeyPrefix .. head)
  local message = json and cjson.decode(json)
  local webhookId = message and message.webhookId
  local changesKey = type(webhookId) == 'string' and webhookId ~= '' and changesKeyPrefix .. webhookId
  -- On a cluster, read too: a stream of the slot on the other node stops the claim here, not at
  -- its XADD (on one Redis nothing moves, and the read would be work for nothing).
  if changesKey and recheck == '1' then redis.call('EXISTS', changesKey) end
  found[#found + 1] = { lane = lane, laneKey = laneKey, head = head, json = json, message = message, changesKey = changesKey }
end

local out = {}
for _, f in ipairs(found) do
  if not f.json then
    if recheck == '1' then
      redis.call('ZADD', dueKey, tonumber(now) + RECHECK_MS, f.lane)
    else
      if f.head then redis.call('LPOP', f.laneKey) end
      if redis.call('LLEN', f.laneKey) == 0 then redis.call('ZREM', dueKey, f.lane)
      else redis.call('ZADD', dueKey, now, f.lane) end
    end
  else
    local leaseId = leaseIdPrefix .. f.head
    redis.call('ZADD', dueKey, leaseUntil, f.lane)
    redis.call('HSET', leasesKey, f.lane, leaseId)
    if f.changesKey then
      redis.call('XADD', f.changesKey, 'MAXLEN', '~', changesKeep, '*',
        'r', tostring(f.message.requestId or ''), 'm', f.json, 's', 'sending')
    end
    -- The message's own account: a lane holds one account's messages (laneOf in src/store/redis-keys.ts).
    local accountId = f.message.accountId
    local account = type(accountId) == 'string' and redis.call('HGET', channelsKey, accountId) or ''
    out[#out + 1] = f.lane
    out[#out + 1] = leaseId
    out[#out + 1] = f.json
    out[#out + 1] = account
  end
end
return out
