-- wrk script: GET of TARGET with the bearer TOKEN (both from the environment), and
-- Accept-Encoding: ACCEPT_ENCODING when that is set (as browsers send "gzip").
local token = os.getenv("TOKEN")
local target = os.getenv("TARGET")
local accept_encoding = os.getenv("ACCEPT_ENCODING") or ""
request = function()
  local headers = {["Authorization"] = "Bearer " .. token}
  if accept_encoding ~= "" then headers["Accept-Encoding"] = accept_encoding end
  return wrk.format("GET", target, headers)
end
done = function(summary, latency, requests)
  io.write(string.format("non-2xx answers: %d\n", summary.errors.status))
end
