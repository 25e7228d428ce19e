-- isolation_probe.lua - walks everything shared that a package's code can reach, to show one
-- package cannot change what the next one sees. Used as an @include module by
-- tests/harden/isolation.sh (two packages through the real `rez env`) and loaded by
-- tests/unit/test_freeze.c (two environments in one sandboxed state).
--
-- fingerprint(extra_roots): a text naming every table, function and value reachable from the
-- roots (identity included, through tostring), plus the results of a few library calls.
-- attack(extra_roots): tries to replace, add, raw-set and re-metatable every field of every
-- reachable table; returns (tries, successes).

cfg = { a = { b = { c = 1 } }, list = { 1, 2, 3 }, name = "probe" }

local module_names = {
  "string", "table", "math", "utf8", "os", "_G", "rez.re", "rez.path", "rez.json",
  "rez.yaml", "rez.unicode", "rez.version", "rez.system", "rez.string",
}

local function roots(extra)
  local r = { { "_G", _G }, { "strmeta", getmetatable("") }, { "cfg", cfg } }
  for _, name in ipairs(module_names) do
    local ok, m = pcall(require, name)
    if ok and type(m) == "table" then r[#r + 1] = { "require:" .. name, m } end
  end
  for k, v in pairs(extra or {}) do r[#r + 1] = { k, v } end
  table.sort(r, function(a, b) return a[1] < b[1] end)
  return r
end

local function sorted_keys(t)
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  table.sort(keys, function(a, b)
    local ta, tb = type(a), type(b)
    if ta ~= tb then return ta < tb end
    if ta == "string" or ta == "number" then return a < b end
    return tostring(a) < tostring(b)
  end)
  return keys
end

-- Calls visit(path, table) for every table reachable from the roots (fields and metatables),
-- each once.
local function walk(extra, visit)
  local seen = {}
  local function go(path, t)
    if seen[t] then return end
    seen[t] = true
    visit(path, t)
    for _, k in ipairs(sorted_keys(t)) do
      local v = t[k]
      if type(v) == "table" then go(path .. "." .. tostring(k), v) end
    end
    local mt = getmetatable(t)
    if type(mt) == "table" then go(path .. "<mt>", mt) end
  end
  for _, r in ipairs(roots(extra)) do
    if type(r[2]) == "table" then go(r[1], r[2]) end
  end
end

function fingerprint(extra)
  local lines = {}
  walk(extra, function(path, t)
    lines[#lines + 1] = path .. " = " .. tostring(t)
    for _, k in ipairs(sorted_keys(t)) do
      local v = t[k]
      if type(v) == "string" or type(v) == "number" or type(v) == "boolean" then
        lines[#lines + 1] = path .. "." .. tostring(k) .. " : " .. tostring(v)
      else
        lines[#lines + 1] = path .. "." .. tostring(k) .. " : " .. tostring(v)
      end
    end
  end)
  lines[#lines + 1] = "calls: " .. table.concat({
    ("x"):upper(), string.lower("A"), table.concat({ "a", "b" }, "-"), tostring(math.floor(1.5)),
    path.join("a", "b"), tostring(#cfg.list), tostring(cfg.a.b.c), ("a,b"):split(",")[2],
    string.format("%d", 7), tostring(("abc"):find("b")), tostring(utf8.len("ab")),
  }, "|")
  -- a short hash, so the whole text fits in an environment variable
  local text = table.concat(lines, "\n")
  local h1, h2 = 5381, 0
  for i = 1, #text do
    local c = text:byte(i)
    h1 = (h1 * 33 + c) % 4294967296
    h2 = (h2 * 31 + c * i) % 4294967291
  end
  return string.format("%d:%08x%08x", #lines, h1, h2), text
end

function attack(extra)
  local tries, wins = 0, 0
  local function try(f, ...)
    tries = tries + 1
    if pcall(f, ...) then wins = wins + 1 end
  end
  local marker = function() return "PWNED" end
  local tables = {}
  walk(extra, function(path, t) tables[#tables + 1] = t end)
  for _, t in ipairs(tables) do
    for _, k in ipairs(sorted_keys(t)) do
      try(function() t[k] = marker end)
      try(function() t[k] = nil end)
      try(rawset, t, k, marker)
    end
    try(function() t.__pwned = marker end)
    try(rawset, t, "__pwned", marker)
    try(rawset, t, 1, marker)
    try(table.insert, t, marker)
    try(setmetatable, t, { __index = function() return marker end })
    try(setmetatable, t, nil)
  end
  -- the usual suspects, by name
  try(function() getmetatable("").__index = { upper = marker } end)
  try(function() getmetatable("").__index.upper = marker end)
  try(function() string.lower = marker end)
  try(function() table.concat = marker end)
  try(function() math.floor = marker end)
  try(function() path.join = marker end)
  try(function() _G.string = {} end)
  try(function() _G.newglobal = 1 end)
  try(function() require("string").upper = marker end)
  try(function() require("_G").newglobal = 1 end)
  try(function() cfg.a.b.c = 2 end)
  try(function() cfg.list[4] = 4 end)
  try(function() table.insert(cfg.list, 4) end)
  try(function() cfg.name = "x" end)
  try(rawset, string, "upper", marker)
  return tries, wins
end
