-- Deletes a claim only while the key still holds it: a settled answer, or another request's
-- claim, stays. Returns 1 when deleted, else 0.
local claimKey = KEYS[1]

local claim = ARGV[1]

if redis.call('GET', claimKey) == claim then return redis.call('DEL', claimKey) end
return 0
