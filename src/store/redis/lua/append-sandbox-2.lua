-- Records what a sandbox account "sent", unless the bot is gone: a send already under way when the
-- bot was deleted must not leave a stream behind its deletion's sweep. Returns 1, or 0 when refused.
local streamKey = KEYS[1]
local botKey = KEYS[2]           -- the bot's record, removed at the mark of its deletion

local keep = ARGV[1]
local messageJson = ARGV[2]

if redis.call('EXISTS', botKey) == 0 then return 0 end
redis.call('XADD', streamKey, 'MAXLEN', '~', keep, '*', 's', messageJson)
return 1
