-- Every request the next address of a file (one a line), each of wrk's threads its own share, so no two
-- requests of a run ask the same thing while the file lasts. With a cookie name, every request also sends
-- that cookie with a value of its own, so the page memory has never kept what it asks for (a dossier page).
-- Usage: wrk -t2 -s bench/paths.lua URL -- FILE THREADS [COOKIE]
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    paths[#paths + 1] = line
  end
  step = tonumber(args[2])
  cookie = args[3]
  count = 0
end

function request()
  local index = (id - 1) + step * count
  count = count + 1
  if cookie then
    wrk.headers["Cookie"] = cookie .. "=w" .. id .. "n" .. count
  end
  return wrk.format(nil, paths[index % #paths + 1])
end
