-- wrk script: POST /api/commands/LogContact as a sales specialist, round-robin over
-- their assigned clients (TOKEN and CLIENTS, comma-separated, from the environment).
local token = os.getenv("TOKEN")
local clients = {}
for id in string.gmatch(os.getenv("CLIENTS") or "", "[^,]+") do clients[#clients + 1] = id end
local n = 0
request = function()
  n = n + 1
  local client = clients[(n % #clients) + 1]
  local body = '{"client_id":"' .. client .. '","type":"phone","occurred_at":"2026-11-30T10:00:00Z",' ..
               '"outcome":"unclear_prospect","note":"wrk"}'
  return wrk.format("POST", "/api/commands/LogContact",
                    {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"}, body)
end
-- wrk counts answers above 399; printed, so that a run full of refusals cannot pass
-- for a fast one.
done = function(summary, latency, requests)
  io.write(string.format("non-2xx answers: %d\n", summary.errors.status))
end
