-- wrk script: GET of TARGET with the bearer TOKEN (both from the environment).
local token = os.getenv("TOKEN")
local target = os.getenv("TARGET")
request = function()
  return wrk.format("GET", target, {["Authorization"] = "Bearer " .. token})
end
done = function(summary, latency, requests)
  io.write(string.format("non-2xx answers: %d\n", summary.errors.status))
end
