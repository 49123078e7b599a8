-- wrk: POST /graphql with a different body each request, read from a file of one JSON body a line
-- (bench/vary-bodies.js writes them). Arguments after `--`: FILE [START [THREADS]]. Thread i of
-- THREADS sends lines START+i, START+i+THREADS, …, wrapping round at the end, so that together
-- the threads go through the file in order from START and a run that starts where the last one
-- stopped sends bodies the server has not seen yet (bench/run keeps the count). The file is read
-- as the requests go, not held in memory.
-- At the end it prints one line: VARY req/s p50_ms p99_ms requests errors (errors: connect, read,
-- write and timeouts, and answers with a status of 400 or more).

local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
end

local path, file, threads

local function line()
  local text = file:read("*l")
  if text == nil then
    file:close()
    file = assert(io.open(path, "r"))
    text = assert(file:read("*l"), "empty file: " .. path)
  end
  return text
end

function init(args)
  path = assert(args[1], "usage: wrk -s vary.lua URL -- FILE [START [THREADS]]")
  threads = tonumber(args[3] or "1")
  file = assert(io.open(path, "r"))
  -- START is below the file's line count (bench/run takes it modulo the count).
  for _ = 1, tonumber(args[2] or "0") + id do
    line()
  end
end

local headers = { ["content-type"] = "application/json" }

function request()
  local body = line()
  for _ = 2, threads do
    line()
  end
  return wrk.format("POST", nil, headers, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("VARY %.1f %.2f %.2f %d %d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests, e.connect + e.read + e.write + e.timeout + e.status))
end
