-- Claims up to `limit` due lanes of one bot and leases each until `leaseUntil`. A lane's lease id is
-- the claim's prefix followed by its head message's id (the format's owner: src/store/reply-claims.ts),
-- so readers show that message as `sending` while the lease lasts; the same change goes to the
-- message's webhook change stream (live views) in the same step.
-- Returns a flat list: lane, leaseId, messageJson, accountJson ('' when the account is gone), ...
-- The account rides along so that a worker needs no second round trip before it sends.
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

local RECHECK_MS = 1000

local out = {}
for _, lane in ipairs(redis.call('ZRANGE', dueKey, '-inf', now, 'BYSCORE', 'LIMIT', 0, limit)) do
  local laneKey = laneKeyPrefix .. lane
  local head = redis.call('LINDEX', laneKey, 0)
  local json = head and redis.call('GET', messageKeyPrefix .. head)
  if not json then
    -- A lane in the due set holds its messages until settle-lane-6.lua pops the last one and removes
    -- it, so one that reads as empty, or whose head message reads as missing, is a key of this slot
    -- on the other node while the slot moves between two masters (a script reads undeclared keys on
    -- its own node only). Nothing is dropped: the lane is looked at again a second later.
    redis.call('ZADD', dueKey, tonumber(now) + RECHECK_MS, lane)
  else
    local leaseId = leaseIdPrefix .. head
    redis.call('ZADD', dueKey, leaseUntil, lane)
    redis.call('HSET', leasesKey, lane, leaseId)
    local message = cjson.decode(json)
    local webhookId = message.webhookId
    if type(webhookId) == 'string' and webhookId ~= '' then
      redis.call('XADD', changesKeyPrefix .. webhookId, 'MAXLEN', '~', changesKeep, '*',
        'r', tostring(message.requestId or ''), 'm', json, 's', 'sending')
    end
    -- The message's own account: a lane holds one account's messages (laneOf in src/store/redis-keys.ts).
    local accountId = message.accountId
    local account = type(accountId) == 'string' and redis.call('HGET', channelsKey, accountId) or ''
    out[#out + 1] = lane
    out[#out + 1] = leaseId
    out[#out + 1] = json
    out[#out + 1] = account
  end
end
return out
