-- Appends a live chat entry once per message id, so a delivery retried after a crash does not show
-- twice, unless the bot is gone: a send under way when the bot was deleted must not leave a stream
-- (with no TTL) behind its deletion's sweep. Returns the entry's stream id (the first one's, on a
-- repeat), or false (nil) when refused.
local streamKey = KEYS[1]
local idsKey = KEYS[2]  -- message id → stream id
local botKey = KEYS[3]  -- the bot's record, removed at the mark of its deletion

local messageId = ARGV[1]
local entryJson = ARGV[2]
local keep = tonumber(ARGV[3])

local function older(a, b)
  local ams, aseq = string.match(a, '^(%d+)-(%d+)$')
  local bms, bseq = string.match(b, '^(%d+)-(%d+)$')
  if tonumber(ams) ~= tonumber(bms) then return tonumber(ams) < tonumber(bms) end
  return tonumber(aseq) < tonumber(bseq)
end

if redis.call('EXISTS', botKey) == 0 then return false end
local existing = redis.call('HGET', idsKey, messageId)
if existing then return existing end
local id = redis.call('XADD', streamKey, 'MAXLEN', '~', keep, '*', 'm', entryJson)
redis.call('HSET', idsKey, messageId, id)
if redis.call('HLEN', idsKey) > keep * 2 then
  -- Forget the oldest ids with the entries they pointed to (the stream is trimmed alike).
  local first = redis.call('XRANGE', streamKey, '-', '+', 'COUNT', 1)[1]
  if first then
    for _, field in ipairs(redis.call('HKEYS', idsKey)) do
      local at = redis.call('HGET', idsKey, field)
      if older(at, first[1]) then redis.call('HDEL', idsKey, field) end
    end
  end
end
return id
