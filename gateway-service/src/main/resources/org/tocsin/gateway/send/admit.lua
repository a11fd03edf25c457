-- May this message be sent now? One atomic call before every provider call. Redis 6.2 compatible.
--
-- KEYS[1] sent:<messageId>          set once the message was handled for good (value: provider id)
-- KEYS[2] cancelled-actions         set of cancelled action ids (written by dispatch)
-- KEYS[3] suppressed-phones         set of opted-out numbers (written by subscriber)
-- KEYS[4] rate:<sender>             the sender's token bucket: hash {tokens, ts (ms)}
-- KEYS[5] rate-priority:<sender>    while it exists, the transactional lane has the next tokens
-- KEYS[6] sending:<messageId>       the claim: "<leaseUntilMs>:<claimedAtMs>"
-- KEYS[7] inflight:<phone>          set of message ids whose provider call to that phone is under way
-- KEYS[8] window:<sender>           the sender's last sends: sorted set of '<messageId>@<grant ms>@<cost>', scored
--                                   by the latest time that send can have reached the provider (see below)
--
-- ARGV[1] messageId        ARGV[2] actionId ('' = none)     ARGV[3] phone
-- ARGV[4] '1' when the purpose reaches opted-out numbers    ARGV[5] cost (segments)
-- ARGV[6] tokens per second                                  ARGV[7] burst (bucket size)
-- ARGV[8] '1' for the priority (transactional) lane          ARGV[9] '1' to wait for in-flight messages to the phone
-- ARGV[10] claim lease ms  ARGV[11] claim key ttl ms          ARGV[12] in-flight marker ttl ms
-- ARGV[13] segments the provider takes per window (0: no window)  ARGV[14] the provider's window ms
--
-- Answers {outcome, detail, now ms}:
--   DUPLICATE <value of sent:>   CANCELLED   SUPPRESSED   BUSY <ms until the live claim's lease ends>
--   INFLIGHT   THROTTLED <ms to wait>   OK <claimedAt ms of the claim, '' when new> (the claim is taken)
--   and, after OK, the member of the window entry ('' without a window)
--
-- The bucket spaces grants, but the provider counts arrivals: jitter between a grant and its request
-- reaching the provider can put one more send in the provider's window than the bucket allowed. So a
-- sliding window counts every send that may have reached the provider within the last window: scored
-- by its grant time plus the in-flight ttl while its call is under way, then by the time its call
-- returned (SendGate.settle). A new send (which arrives after now) may go only when the sends that
-- can have arrived after now - window leave room for its cost: it holds at the provider whatever the jitter.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local nowText = tostring(now)

local sent = redis.call('GET', KEYS[1])
if sent then
  return {'DUPLICATE', sent, nowText}
end
-- a live claim: another worker is sending this very message right now; its outcome decides
local claimedAt = ''
local claim = redis.call('GET', KEYS[6])
if claim then
  local colon = string.find(claim, ':', 1, true)
  local leaseUntil = tonumber(string.sub(claim, 1, colon - 1))
  if leaseUntil > now then
    return {'BUSY', tostring(leaseUntil - now), nowText}
  end
  claimedAt = string.sub(claim, colon + 1)
end

if ARGV[2] ~= '' and redis.call('SISMEMBER', KEYS[2], ARGV[2]) == 1 then
  return {'CANCELLED', '', nowText}
end
if ARGV[4] ~= '1' and redis.call('SISMEMBER', KEYS[3], ARGV[3]) == 1 then
  return {'SUPPRESSED', '', nowText}
end

if ARGV[9] == '1' and redis.call('SCARD', KEYS[7]) > 0 then
  return {'INFLIGHT', '', nowText}
end

-- token bucket: refill by elapsed time, at most the burst
local cost = tonumber(ARGV[5])
local rate = tonumber(ARGV[6])
local burst = tonumber(ARGV[7])
local bucket = redis.call('HMGET', KEYS[4], 'tokens', 'ts')
local tokens = tonumber(bucket[1])
local ts = tonumber(bucket[2])
if tokens == nil or ts == nil then
  tokens = burst
  ts = now
end
if now > ts then
  tokens = math.min(burst, tokens + (now - ts) * rate / 1000)
  ts = now
end

if ARGV[8] ~= '1' then
  local reserved = redis.call('PTTL', KEYS[5])
  if reserved > 0 then
    return {'THROTTLED', tostring(reserved), nowText}
  end
end

-- a message costlier than the whole bucket goes when the bucket is full, and leaves it in debt
local needed = math.min(cost, burst)
local function save(left)
  redis.call('HSET', KEYS[4], 'tokens', tostring(left), 'ts', tostring(ts))
  redis.call('PEXPIRE', KEYS[4], math.ceil((burst - left) * 1000 / rate) + 1000)
end
local bucketWait = 0
if tokens < needed then
  bucketWait = math.ceil((needed - tokens) * 1000 / rate)
end

-- sliding window: a message costlier than the whole window goes when the window is empty
local capacity = tonumber(ARGV[13])
local windowMs = tonumber(ARGV[14])
local windowWait = 0
if capacity > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[8], '-inf', now - windowMs)
  local entries = redis.call('ZRANGE', KEYS[8], 0, -1, 'WITHSCORES')
  local used = 0
  for i = 1, #entries, 2 do
    used = used + tonumber(string.match(entries[i], '@(%d+)$'))
  end
  local over = used + math.min(cost, capacity) - capacity
  -- the oldest entries leave first: wait until enough of them have. One still in flight (scored by
  -- its grant plus the in-flight ttl, far beyond a window) leaves a window after its call returns, so
  -- not before now + window: ask again then. A settled one may be scored a few ms ahead of now (its
  -- score errs late): wait for that score itself, or the answer comes too early.
  local i = 1
  while over > 0 and i <= #entries do
    over = over - tonumber(string.match(entries[i], '@(%d+)$'))
    local score = tonumber(entries[i + 1])
    if score > now + windowMs then
      score = now
    end
    windowWait = score + windowMs - now + 1
    i = i + 2
  end
end

if bucketWait > 0 or windowWait > 0 then
  local wait = math.max(bucketWait, windowWait)
  save(tokens)
  if ARGV[8] == '1' then
    -- keep the next tokens for the transactional lane: a fan-out must not starve a STOP confirmation
    redis.call('SET', KEYS[5], '1', 'PX', wait + 1000)
  end
  return {'THROTTLED', tostring(math.max(wait, 1)), nowText}
end
save(tokens - cost)
if ARGV[8] == '1' then
  redis.call('DEL', KEYS[5])
end

local firstClaim = claimedAt
if firstClaim == '' then
  firstClaim = nowText
end
redis.call('SET', KEYS[6], tostring(now + tonumber(ARGV[10])) .. ':' .. firstClaim, 'PX', ARGV[11])
redis.call('SADD', KEYS[7], ARGV[1])
redis.call('PEXPIRE', KEYS[7], ARGV[12])
local entry = ''
if capacity > 0 then
  entry = ARGV[1] .. '@' .. nowText .. '@' .. tostring(cost)
  redis.call('ZADD', KEYS[8], now + tonumber(ARGV[12]), entry)
  redis.call('PEXPIRE', KEYS[8], tonumber(ARGV[12]) + windowMs)
end
return {'OK', claimedAt, nowText, entry}
