-- Every request a query nobody asked before: "afspraken maken" becomes "afspraken maken w1n17" and so on,
-- so a page cache cannot answer it. Usage: wrk -s bench/varied.lua URL -- /search?q=afspraken+maken
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

function init(args)
  path = args[1]
  count = 0
end

function request()
  count = count + 1
  return wrk.format(nil, path .. "+w" .. id .. "n" .. count)
end
