-- PUT a new workspace per request (names unique per thread and request) into $BENCH_WS_PATH.
local counter = 0
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
function init(args)
  prefix = os.getenv("BENCH_WS_PATH") .. "/w" .. tid .. "-"
end
function request()
  counter = counter + 1
  return wrk.format("PUT", prefix .. counter .. "?api-version=2024-04-01",
    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer bench"},
    '{"location":"eastus2","tags":{"team":"bench"},"properties":{"description":"a benchmark workspace"}}')
end
