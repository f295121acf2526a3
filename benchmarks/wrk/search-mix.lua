-- wrk script: sends the search query mix (benchmarks/queries/search-mix.tsv) round-robin, each
-- connection-thread starting at a different query, and prints one machine-readable line at the
-- end. Usage: wrk -t T -c C -d 20s -s benchmarks/wrk/search-mix.lua http://127.0.0.1:PORT -- MIX_FILE [T]
-- With T (wrk's thread count) the threads start evenly spread over the mix instead of 7 requests
-- apart, so that a mix of requests no two alike (benchmarks/make-distinct-mix) sends each request
-- once while the run is shorter than the mix.
local paths = {}
local counter = 0
local threads = {}

local function load(file)
  local list = {}
  for line in io.lines(file) do
    if line:sub(1, 1) ~= "#" and line:find("\t") then
      local params = line:sub(line:find("\t") + 1)
      list[#list + 1] = "/api/v1/search?" .. params
    end
  end
  return list
end

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  threads[#threads + 1] = thread
end

function init(args)
  paths = load(args[1] or "benchmarks/queries/search-mix.tsv")
  if #paths == 0 then error("no queries in " .. tostring(args[1])) end
  local spread = tonumber(args[2] or "")
  if spread and spread > 0 then
    next_index = math.floor(id * #paths / spread) % #paths
  else
    next_index = (id * 7) % #paths
  end
  non_2xx = 0
end

function request()
  next_index = next_index % #paths + 1
  return wrk.format("GET", paths[next_index])
end

function response(status, headers, body)
  if status ~= 200 then non_2xx = non_2xx + 1 end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do bad = bad + (thread:get("non_2xx") or 0) end
  local e = summary.errors
  io.write(string.format(
    "WRK requests=%d seconds=%.3f qps=%.2f p50_ms=%.3f p95_ms=%.3f p99_ms=%.3f max_ms=%.3f " ..
    "socket_errors=%d non_2xx=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1e3, latency:percentile(95) / 1e3, latency:percentile(99) / 1e3,
    latency.max / 1e3, e.connect + e.read + e.write + e.timeout, bad))
end
