-- Autosave under load: one wrk thread per connection, each its own record and session.
-- bench/bench_recording.py fills in the clients table and the nonce before running wrk.
-- Each request changes one answer and carries a fresh save key and the revision of the
-- last save acknowledged on that connection, as a browser's autosave would.

local clients = __CLIENTS__
local nonce = __NONCE__
local threads = {}
local next_client = 1

function setup(thread)
  local c = clients[next_client]
  thread:set("client", next_client)
  thread:set("path", c.path)
  thread:set("cookie", c.cookie)
  thread:set("csrf", c.csrf)
  thread:set("field", c.field)
  thread:set("revision", c.revision)
  next_client = next_client + 1
  table.insert(threads, thread)
end

function init(args)
  counter = 0
  ok = 0
  conflicts = 0
  failures = 0
end

local function escape(s)
  return (string.gsub(s, "[^%w%-_%.~]", function(ch)
    return string.format("%%%02X", string.byte(ch))
  end))
end

function request()
  counter = counter + 1
  local body = "csrf_token=" .. escape(csrf)
    .. "&revision=" .. revision
    .. "&save_key=" .. nonce .. "-" .. client .. "-" .. counter
    .. "&" .. field .. "=" .. escape("Typed so far, keystroke " .. counter .. " on " .. client)
  return wrk.format("POST", path, {
    ["Cookie"] = cookie,
    ["Accept"] = "application/json",
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }, body)
end

function response(status, headers, body)
  if status == 200 then
    ok = ok + 1
    local r = string.match(body, '"revision":%s*(%d+)')
    if r then revision = r end
  elseif status == 409 then
    conflicts = conflicts + 1
  else
    failures = failures + 1
    if failures == 1 then
      first_failure = status .. " " .. string.sub(body, 1, 300)
    end
  end
end

function done(summary, latency, requests)
  local ok_total, conflicts_total, failures_total = 0, 0, 0
  for _, t in ipairs(threads) do
    ok_total = ok_total + t:get("ok")
    conflicts_total = conflicts_total + t:get("conflicts")
    failures_total = failures_total + t:get("failures")
    local failure = t:get("first_failure")
    if failure then
      io.stderr:write("first failure on connection " .. t:get("client") .. ": " .. failure .. "\n")
    end
  end
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "seconds": %f, "p50_us": %d, "p99_us": %d, "ok": %d, '
      .. '"conflicts": %d, "failures": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(99),
    ok_total, conflicts_total, failures_total,
    e.connect + e.read + e.write + e.timeout
  ))
end
