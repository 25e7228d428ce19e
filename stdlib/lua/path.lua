-- path.lua - the `path` module: path strings (Python's posixpath rules) and read-only queries.
-- Called once per state with the C primitives (stdlib/path.c); returns the module table.
-- Argument errors are raised at level 3 so that they name the caller's file and line.
local C = ...

local type, error, select = type, error, select
local sfind, ssub, sgsub, srep, sformat = string.find, string.sub, string.gsub, string.rep, string.format

local M = { sep = "/" }

local function typename(v)
  if v == nil then return "nil" end
  return type(v)
end

-- Raises "bad argument #n to 'path.fname' (string expected, got X)" at the caller.
local function check(v, n, fname)
  if type(v) ~= "string" then
    error(sformat("bad argument #%d to 'path.%s' (string expected, got %s)", n, fname, typename(v)), 3)
  end
end

-- Index of the last "/" in p (0 when none).
local function last_sep(p)
  local i = 0
  while true do
    local j = sfind(p, "/", i + 1, true)
    if not j then return i end
    i = j
  end
end

-- path.join("a", "b", "/c", "d") -> "/c/d": an absolute piece restarts the path.
function M.join(a, ...)
  check(a, 1, "join")
  local p = a
  for i = 1, select("#", ...) do
    local b = select(i, ...)
    check(b, i + 1, "join")
    if ssub(b, 1, 1) == "/" then
      p = b
    elseif p == "" or ssub(p, -1) == "/" then
      p = p .. b
    else
      p = p .. "/" .. b
    end
  end
  return p
end

-- Pure string normalisation: "a//b/./c/../d" -> "a/b/d", "" -> ".", "/../x" -> "/x".
-- Like Python, a leading "//" (exactly two) is kept: POSIX leaves its meaning open.
local function normpath(p)
  if p == "" then return "." end
  local lead = 0
  if ssub(p, 1, 1) == "/" then
    lead = (ssub(p, 1, 2) == "//" and ssub(p, 3, 3) ~= "/") and 2 or 1
  end
  local out, n = {}, 0
  for comp in p:gmatch("[^/]+") do
    if comp == "." then
      -- skip
    elseif comp ~= ".." or (lead == 0 and n == 0) or (n > 0 and out[n] == "..") then
      n = n + 1
      out[n] = comp
    elseif n > 0 then
      out[n] = nil
      n = n - 1
    end
  end
  local r = srep("/", lead) .. table.concat(out, "/")
  if r == "" then return "." end
  return r
end

function M.normpath(p)
  check(p, 1, "normpath")
  return normpath(p)
end

local function split(p)
  local i = last_sep(p)
  local head, tail = ssub(p, 1, i), ssub(p, i + 1)
  if head ~= "" and head ~= srep("/", #head) then
    head = (sgsub(head, "/+$", ""))
  end
  return head, tail
end

-- path.split("a/b/c") -> "a/b", "c"; path.split("/") -> "/", ""
function M.split(p)
  check(p, 1, "split")
  return split(p)
end

function M.dirname(p)
  check(p, 1, "dirname")
  return (split(p))
end

function M.basename(p)
  check(p, 1, "basename")
  return (select(2, split(p)))
end

-- path.splitext("a/b.tar.gz") -> "a/b.tar", ".gz"; leading dots do not start an extension:
-- path.splitext(".bashrc") -> ".bashrc", ""
function M.splitext(p)
  check(p, 1, "splitext")
  local s = last_sep(p)
  local d = 0
  for i = #p, s + 1, -1 do
    if ssub(p, i, i) == "." then d = i break end
  end
  if d > s then
    for i = s + 1, d - 1 do
      if ssub(p, i, i) ~= "." then
        return ssub(p, 1, d - 1), ssub(p, d)
      end
    end
  end
  return p, ""
end

function M.isabs(p)
  check(p, 1, "isabs")
  return ssub(p, 1, 1) == "/"
end

local function abspath(p)
  if ssub(p, 1, 1) ~= "/" then
    local cwd = C._getcwd()
    p = (ssub(cwd, -1) == "/") and cwd .. p or cwd .. "/" .. p
  end
  return normpath(p)
end

-- path.abspath(p): joined to the working directory and normalised (reads the cwd only).
function M.abspath(p)
  check(p, 1, "abspath")
  return abspath(p)
end

-- path.relpath("/a/b/c", "/a/d") -> "../b/c"; start defaults to the working directory.
function M.relpath(p, start)
  check(p, 1, "relpath")
  if p == "" then error("bad argument #1 to 'path.relpath' (empty path)", 2) end
  if start ~= nil then check(start, 2, "relpath") else start = "." end
  local s, t = {}, {}
  for c in abspath(start):gmatch("[^/]+") do s[#s + 1] = c end
  for c in abspath(p):gmatch("[^/]+") do t[#t + 1] = c end
  local i = 0
  while i < #s and i < #t and s[i + 1] == t[i + 1] do i = i + 1 end
  local rel = {}
  for _ = i + 1, #s do rel[#rel + 1] = ".." end
  for k = i + 1, #t do rel[#rel + 1] = t[k] end
  if #rel == 0 then return "." end
  return table.concat(rel, "/")
end

-- Backslashes to slashes, and back: path.to_windows("C:/rez/pkgs") -> "C:\rez\pkgs".
function M.to_posix(p)
  check(p, 1, "to_posix")
  return (sgsub(p, "\\", "/"))
end

function M.to_windows(p)
  check(p, 1, "to_windows")
  return (sgsub(p, "/", "\\"))
end

-- The issue's names for the same functions.
M.relative = M.relpath
M.is_absolute = M.isabs
M.normalize = M.normpath

-- ---- read-only file queries: false / nil + message for a missing path, never an error ----

function M.exists(p)
  check(p, 1, "exists")
  return C._stat(p) ~= nil
end

function M.isdir(p)
  check(p, 1, "isdir")
  return C._stat(p) == "dir"
end

function M.isfile(p)
  check(p, 1, "isfile")
  return C._stat(p) == "file"
end

function M.islink(p)
  check(p, 1, "islink")
  return C._stat(p, true) == "link"
end

-- path.listdir(dir) -> sorted names | nil, message
function M.listdir(p)
  check(p, 1, "listdir")
  return C._listdir(p)
end

-- path.glob("src/*.lua") -> sorted list of paths (empty when nothing matches)
function M.glob(pattern)
  check(pattern, 1, "glob")
  return C._glob(pattern)
end

return M
