-- Replays pre-signed Slack requests from the file named by $BENCH_REQUESTS, one per line:
--   <X-Slack-Request-Timestamp> TAB <X-Slack-Signature> TAB <JSON body>
-- Each request is sent once, in order (run wrk with one thread: each thread would replay the file).
-- If the file runs out it starts over; the summary's "requests" tells whether that happened.
local path = os.getenv("BENCH_REQUESTS")
local f

function init(args)
  f = assert(io.open(path, "r"))
end

function request()
  local line = f:read("*l")
  if line == nil then
    f:seek("set", 0)
    line = f:read("*l")
  end
  local a = line:find("\t", 1, true)
  local b = line:find("\t", a + 1, true)
  return wrk.format("POST", "/slack/events", {
    ["Content-Type"] = "application/json",
    ["X-Slack-Request-Timestamp"] = line:sub(1, a - 1),
    ["X-Slack-Signature"] = line:sub(a + 1, b - 1),
  }, line:sub(b + 1))
end

function done(summary, latency, requests)
  io.write(string.format("BENCH requests=%d duration_us=%d non2xx=%d connect=%d read=%d write=%d timeout=%d p50_us=%d p99_us=%d max_us=%d\n",
    summary.requests, summary.duration, summary.errors.status, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout, latency:percentile(50), latency:percentile(99), latency.max))
end
