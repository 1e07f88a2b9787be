-- Moves the dispatch cursor to the newest event, reading none.
local eventsKey = KEYS[1]
local cursorKey = KEYS[2]

local newest = redis.call('XREVRANGE', eventsKey, '+', '-', 'COUNT', 1)[1]
if newest then redis.call('SET', cursorKey, newest[1]) end
return 1
