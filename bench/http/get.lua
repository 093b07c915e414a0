-- wrk script: GET of TARGET with the bearer TOKEN (both from the environment), and
-- Accept-Encoding: ACCEPT_ENCODING when that is set (as browsers send "gzip").
-- The headers are set once and there is no request() function: wrk then sends one
-- request it built at start, so that the load generator, which shares the cores with
-- the server, spends no Lua per request.
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
local accept_encoding = os.getenv("ACCEPT_ENCODING") or ""
if accept_encoding ~= "" then wrk.headers["Accept-Encoding"] = accept_encoding end
done = function(summary, latency, requests)
  io.write(string.format("non-2xx answers: %d\n", summary.errors.status))
end
