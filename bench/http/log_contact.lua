-- wrk script: POST /api/commands/LogContact as a sales specialist, round-robin over
-- their assigned clients (TOKEN and CLIENTS, comma-separated, from the environment).
-- Each client's request is formatted once, at start: the load generator shares the
-- cores with the server, so it should spend as little as it can per request.
local token = os.getenv("TOKEN")
local requests = {}
for client in string.gmatch(os.getenv("CLIENTS") or "", "[^,]+") do
  local body = '{"client_id":"' .. client .. '","type":"phone","occurred_at":"2026-11-30T10:00:00Z",' ..
               '"outcome":"unclear_prospect","note":"wrk"}'
  requests[#requests + 1] = wrk.format("POST", "/api/commands/LogContact",
      {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"}, body)
end
local n = 0
request = function()
  n = n + 1
  return requests[(n % #requests) + 1]
end
-- wrk counts answers above 399; printed, so that a run full of refusals cannot pass
-- for a fast one.
done = function(summary, latency, requests)
  io.write(string.format("non-2xx answers: %d\n", summary.errors.status))
end
