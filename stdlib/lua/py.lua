-- py.lua - the `rez.py` module: Python semantics for code translated from package.py
-- (interp/pyread.c). Lists, tuples, dicts and sets are Lua tables with one of four
-- metatables (items stored raw, so definition loading converts them like any table);
-- None is nil. Errors are raised as "Kind: message" at the caller's line (level 2/3), so
-- they name the package.py line. Called once per state with the stdlib modules; returns the
-- module table.
local require = require
-- The stdlib modules are opened on first use: most definitions never need them.
local LAZY = { PATH = "rez.path", RE = "rez.re", JSON = "rez.json", SYSTEM = "rez.system",
               UNICODE = "rez.unicode" }
local LIB = setmetatable({}, { __index = function(t, k)
  local m = require(LAZY[k])
  rawset(t, k, m)
  return m
end })

local type, error, select, tostring, tonumber, rawget, rawset, rawequal, getmetatable,
  setmetatable, next, pcall, ipairs, pairs = type, error, select, tostring, tonumber, rawget,
  rawset, rawequal, getmetatable, setmetatable, next, pcall, ipairs, pairs
local sfmt, ssub, sfind, sbyte, schar, srep, slower, supper, sgsub, smatch =
  string.format, string.sub, string.find, string.byte, string.char, string.rep, string.lower,
  string.upper, string.gsub, string.match
local tconcat, tinsert, tremove, tsort, tunpack = table.concat, table.insert, table.remove,
  table.sort, table.unpack
local mtype, floor, ceil, huge, tointeger = math.type, math.floor, math.ceil, math.huge,
  math.tointeger
local ulen, uchar, ucodes = utf8.len, utf8.char, utf8.codes

local M = {}
-- The type tags come from stdlib/py.c (which makes the everyday helpers in C and loads this
-- module for everything else), so values made on either side share them.
local LIST, TUPLE, DICT, SET, RANGE, KW = ...
if not KW then LIST, TUPLE, DICT, SET, RANGE, KW = {}, {}, {}, {}, {}, {} end
local MODNAME = setmetatable({}, { __mode = "k" })  -- module object -> its name
local ORD = setmetatable({}, { __mode = "k" })    -- dict/set -> array of keys in order
M.RET = {}                                           -- a return from inside a try body

-- Raises "file:line: Kind: msg" located at the innermost caller outside this module (the
-- translated package.py line). error() called through pcall gives the position of level k.
local function where()
  for k = 3, 40 do
    local _, pos = pcall(error, "", k)
    if pos == "" and k > 30 then break end
    if pos ~= "" and not sfind(pos, "^stdlib/py%.lua:") then return pos end
  end
  return ""
end
M._where = where

local function raise(kind, msg)
  error(where() .. kind .. ": " .. msg, 0)
end
M._raise = raise

local function pytype(x)
  local t = type(x)
  if t == "nil" then return "NoneType" end
  if t == "boolean" then return "bool" end
  if t == "number" then return mtype(x) == "integer" and "int" or "float" end
  if t == "string" then return "str" end
  if t == "table" then
    local mt = getmetatable(x)
    if mt == LIST then return "list" elseif mt == TUPLE then return "tuple"
    elseif mt == DICT then return "dict" elseif mt == SET then return "set"
    elseif mt == RANGE then return "range"
    elseif MODNAME[x] then return "module" end
    if mt == nil then
      if next(x) == nil or rawget(x, 1) ~= nil then return "list" end
      return "dict"
    end
    return "object"
  end
  if t == "function" then return "function" end
  return "object"
end
M.typename = pytype

local function is_seq(x)
  local k = pytype(x)
  return k == "list" or k == "tuple"
end

-- ---- constructors ----

local function checked(t, n, what)
  n = n or t.n or #t
  t.n = nil
  for i = 1, n do
    if t[i] == nil then
      raise("TypeError", "None inside a " .. what .. " is not supported when reading package.py", 3)
    end
  end
  return t
end

function M.L(t, n) return setmetatable(checked(t, n, "list"), LIST) end
function M.Tu(t, n) return setmetatable(checked(t, n, "tuple"), TUPLE) end

local function newdict() local d = setmetatable({}, DICT); ORD[d] = {}; return d end
local function newset() local s = setmetatable({}, SET); ORD[s] = {}; return s end

local function hkey(k)
  if type(k) == "number" then return tointeger(k) or k end
  if k == true then return 1 elseif k == false then return 0 end
  if type(k) == "table" then raise("TypeError", "unhashable type: '" .. pytype(k) .. "'", 3) end
  return k
end

local function dset(d, k, v)
  k = hkey(k)
  if rawget(d, k) == nil then
    local o = ORD[d]
    if o then o[#o + 1] = k end
  end
  rawset(d, k, v)
end

local function dkeys(d)
  local o = ORD[d]
  if o then
    -- drop keys deleted since (dels keep the order array compact lazily)
    local r, j = {}, 0
    for i = 1, #o do if rawget(d, o[i]) ~= nil then j = j + 1; r[j] = o[i] end end
    ORD[d] = r
    return r
  end
  local r = {}
  for k in next, d do r[#r + 1] = k end
  tsort(r, function(a, b)
    if type(a) == type(b) then return a < b end
    return type(a) < type(b)
  end)
  return r
end
M.keys_of = dkeys

function M.D(t, n)
  local d = newdict()
  for i = 1, n, 2 do
    local k, v = t[i], t[i + 1]
    if k == nil then raise("TypeError", "None as a dict key is not supported when reading package.py", 2) end
    if v ~= nil then dset(d, k, v) end
  end
  return d
end

function M.S(t, n)
  local s = newset()
  for i = 1, n do
    if t[i] == nil then raise("TypeError", "None inside a set is not supported when reading package.py", 2) end
    dset(s, t[i], true)
  end
  return s
end

-- keyword arguments: {name1, value1, name2, value2, ...}; pairs() gives them in order
KW.__pairs = function(t)
  local o, i = ORD[t], 0
  return function()
    i = i + 1
    local k = o[i]
    if k ~= nil then return k, rawget(t, k) end
  end, t, nil
end
function M.kw(flat)
  local t, o = setmetatable({}, KW), {}
  for i = 1, #flat, 2 do
    if flat[i + 1] ~= nil then o[#o + 1] = flat[i]; rawset(t, flat[i], flat[i + 1]) end
  end
  ORD[t] = o
  return t
end
local function getkw(...)
  local n = select("#", ...)
  if n == 0 then return nil, 0 end
  local last = select(n, ...)
  if n > 0 and type(last) == "table" and getmetatable(last) == KW then return last, n - 1 end
  return nil, n
end

-- ---- truth, str, repr ----

local function truth(x)
  if x == nil or x == false then return false end
  local t = type(x)
  if t == "number" then return x ~= 0 end
  if t == "string" then return x ~= "" end
  if t == "table" then
    local mt = getmetatable(x)
    if mt == LIST or mt == TUPLE then return rawget(x, 1) ~= nil end
    if mt == RANGE then return M.len(x) > 0 end
    if mt == DICT or mt == SET or mt == nil then return next(x) ~= nil end
  end
  return true
end
M.truth = truth

local LAST
function M.T(x)
  if truth(x) then return x end
  LAST = x
  return nil
end
function M.last() local v = LAST; LAST = nil; return v end

local function float_repr(x)
  if x ~= x then return "nan" end
  if x == huge then return "inf" elseif x == -huge then return "-inf" end
  if x == 0 then return (1 / x < 0) and "-0.0" or "0.0" end
  local s
  for p = 0, 16 do
    s = sfmt("%." .. p .. "e", x)
    if tonumber(s) == x then break end
  end
  local sign, d1, rest, e = smatch(s, "^(-?)(%d)%.?(%d*)e([-+]%d+)$")
  local digits = sgsub(d1 .. rest, "0+$", "")
  if digits == "" then digits = "0" end
  e = tonumber(e)
  if e >= -5 and e < 16 then
    local r
    if e >= 0 then
      if #digits <= e + 1 then
        r = digits .. srep("0", e + 1 - #digits) .. ".0"
      else
        r = ssub(digits, 1, e + 1) .. "." .. ssub(digits, e + 2)
      end
    else
      r = "0." .. srep("0", -e - 1) .. digits
    end
    if e < -4 then
      -- Python switches to exponent form below 1e-4
      r = nil
    end
    if r then return sign .. r end
  end
  local m = ssub(digits, 1, 1)
  if #digits > 1 then m = m .. "." .. ssub(digits, 2) end
  return sign .. m .. "e" .. (e < 0 and "-" or "+") .. sfmt("%02d", e < 0 and -e or e)
end
M.float_repr = float_repr

local repr

local function str(x)
  local t = type(x)
  if t == "string" then return x end
  if x == nil then return "None" end
  if x == true then return "True" elseif x == false then return "False" end
  if t == "number" then
    if mtype(x) == "integer" then return sfmt("%d", x) end
    return float_repr(x)
  end
  if t == "table" then
    local mt = getmetatable(x)
    if mt == nil or mt == LIST or mt == TUPLE or mt == DICT or mt == SET or mt == RANGE then
      return repr(x)
    end
    if mt.__pyexc then return x.msg or "" end
  end
  return tostring(x)
end

local function str_repr(s)
  local q = "'"
  if sfind(s, "'", 1, true) and not sfind(s, '"', 1, true) then q = '"' end
  local r = sgsub(s, "[%c\\'\"]", function(ch)
    if ch == "\\" then return "\\\\" end
    if ch == q then return "\\" .. q end
    if ch == '"' or ch == "'" then return ch end
    if ch == "\n" then return "\\n" elseif ch == "\t" then return "\\t"
    elseif ch == "\r" then return "\\r" end
    return sfmt("\\x%02x", sbyte(ch))
  end)
  return q .. r .. q
end

repr = function(x, seen)
  local t = type(x)
  if t == "string" then return str_repr(x) end
  if t ~= "table" then return str(x) end
  local mt = getmetatable(x)
  seen = seen or {}
  if seen[x] then return mt == DICT and "{...}" or "[...]" end
  seen[x] = true
  local parts = {}
  local kind = pytype(x)
  if kind == "list" or kind == "tuple" then
    for i = 1, #x do parts[i] = repr(x[i], seen) end
    seen[x] = nil
    if kind == "tuple" then
      if #x == 1 then return "(" .. parts[1] .. ",)" end
      return "(" .. tconcat(parts, ", ") .. ")"
    end
    return "[" .. tconcat(parts, ", ") .. "]"
  elseif kind == "dict" then
    for i, k in ipairs(dkeys(x)) do parts[i] = repr(k, seen) .. ": " .. repr(x[k], seen) end
    seen[x] = nil
    return "{" .. tconcat(parts, ", ") .. "}"
  elseif kind == "set" then
    for i, k in ipairs(dkeys(x)) do parts[i] = repr(k, seen) end
    seen[x] = nil
    if #parts == 0 then return "set()" end
    return "{" .. tconcat(parts, ", ") .. "}"
  elseif kind == "range" then
    seen[x] = nil
    if x.step == 1 then return sfmt("range(%d, %d)", x.start, x.stop) end
    return sfmt("range(%d, %d, %d)", x.start, x.stop, x.step)
  end
  seen[x] = nil
  return tostring(x)
end

-- ---- type objects (callable) ----

local TYPE = {}
TYPE.__call = function(self, ...) return self.fn(...) end
TYPE.__tostring = function(self) return "<class '" .. self.name .. "'>" end
local function mktype(name, fn, check) return setmetatable({ name = name, fn = fn, check = check }, TYPE) end

-- ---- strings as code points ----

local function is_ascii(s) return not sfind(s, "[\128-\255]") end

local function chars(s)
  local r, n = {}, 0
  if is_ascii(s) then
    for i = 1, #s do r[i] = ssub(s, i, i) end
    return r
  end
  for _, cp in ucodes(s) do n = n + 1; r[n] = uchar(cp) end
  return r
end

local function slen(s)
  if is_ascii(s) then return #s end
  return ulen(s)
end

-- ---- numbers ----

local function num(x)
  if x == true then return 1 elseif x == false then return 0 end
  return x
end

local function isnum(x) return type(x) == "number" or type(x) == "boolean" end

local function binerr(op, a, b)
  raise("TypeError", sfmt("unsupported operand type(s) for %s: '%s' and '%s'", op, pytype(a), pytype(b)), 3)
end

-- ---- lists ----

local function tolist(x, level)
  local t = type(x)
  if t == "string" then return chars(x) end
  if t == "table" then
    local mt = getmetatable(x)
    if mt == LIST or mt == TUPLE then
      local r = {}
      for i = 1, #x do r[i] = x[i] end
      return r
    end
    if mt == DICT or mt == SET then
      local r = {}
      for i, k in ipairs(dkeys(x)) do r[i] = k end
      return r
    end
    if mt == RANGE then
      local r, n = {}, 0
      local i = x.start
      while (x.step > 0 and i < x.stop) or (x.step < 0 and i > x.stop) do
        n = n + 1; r[n] = i; i = i + x.step
      end
      return r
    end
    if mt == nil then
      if next(x) == nil or rawget(x, 1) ~= nil then
        local r = {}
        for i = 1, #x do r[i] = x[i] end
        return r
      end
      local r = {}
      for i, k in ipairs(dkeys(x)) do r[i] = k end
      return r
    end
  end
  if t == "userdata" or t == "table" then
    local ok, n = pcall(function() return #x end)
    if ok and type(n) == "number" then
      local r = {}
      for i = 1, n do r[i] = x[i] end
      return r
    end
  end
  raise("TypeError", "'" .. pytype(x) .. "' object is not iterable", level or 3)
end
M.tolist = tolist

function M.each(x)
  local mt = type(x) == "table" and getmetatable(x)
  if mt == LIST or mt == TUPLE then
    local i = 0
    return function() i = i + 1; return x[i] end
  end
  if mt == RANGE then
    local i, stop, step = x.start - x.step, x.stop, x.step
    return function()
      i = i + step
      if (step > 0 and i < stop) or (step < 0 and i > stop) then return i end
    end
  end
  local items = tolist(x)
  local i = 0
  return function() i = i + 1; return items[i] end
end

function M.unpack(x, n)
  local items = tolist(x)
  if #items < n then
    raise("ValueError", sfmt("not enough values to unpack (expected %d, got %d)", n, #items))
  elseif #items > n then
    raise("ValueError", sfmt("too many values to unpack (expected %d)", n))
  end
  return tunpack(items, 1, n)
end

function M.unpack_all(x) local t = tolist(x); return tunpack(t, 1, #t) end
function M.discard() end

-- ---- equality and ordering ----

local eq
eq = function(a, b)
  if rawequal(a, b) then return true end
  local ta, tb = type(a), type(b)
  if isnum(a) and isnum(b) then return num(a) == num(b) end
  if ta ~= tb or ta ~= "table" then
    if ta == "userdata" or tb == "userdata" then return a == b end
    -- rex objects with a text value (env.FOO) compare by that value, as in Rez
    if ta == "table" and tb == "string" and getmetatable(a) and getmetatable(a).__tostring then
      return tostring(a) == b
    end
    if tb == "table" and ta == "string" and getmetatable(b) and getmetatable(b).__tostring then
      return tostring(b) == a
    end
    return false
  end
  local ka, kb = pytype(a), pytype(b)
  if ka ~= kb then return false end
  if ka == "list" or ka == "tuple" then
    if #a ~= #b then return false end
    for i = 1, #a do if not eq(a[i], b[i]) then return false end end
    return true
  end
  if ka == "dict" or ka == "set" then
    local n = 0
    for k, v in next, a do
      n = n + 1
      if not eq(v, rawget(b, k)) then return false end
    end
    for _ in next, b do n = n - 1 end
    return n == 0
  end
  if ka == "range" then return eq(tolist(a), tolist(b)) end
  return a == b
end
M.eq = eq

local lt
local function cmp_err(op, a, b)
  raise("TypeError", sfmt("'%s' not supported between instances of '%s' and '%s'", op, pytype(a), pytype(b)), 4)
end
lt = function(a, b, op)
  if isnum(a) and isnum(b) then return num(a) < num(b) end
  local ta, tb = type(a), type(b)
  if ta == "string" and tb == "string" then return a < b end
  if ta == "table" and tb == "table" and is_seq(a) and pytype(a) == pytype(b) then
    local n = #a < #b and #a or #b
    for i = 1, n do
      if not eq(a[i], b[i]) then return lt(a[i], b[i], op) end
    end
    return #a < #b
  end
  if ta == "userdata" and (tb == "userdata" or tb == "string") then return a < b end
  if ta == "string" and tb == "userdata" then return a < b end
  cmp_err(op or "<", a, b)
end
function M.lt(a, b) return lt(a, b, "<") end
function M.le(a, b) return lt(a, b, "<=") or eq(a, b) end
function M.gt(a, b) return lt(b, a, ">") end
function M.ge(a, b) return lt(b, a, ">=") or eq(a, b) end
function M.is_(a, b)
  if isnum(a) and isnum(b) and type(a) == type(b) then return a == b end
  return rawequal(a, b)
end

function M.isin(x, c)
  local tc = type(c)
  if tc == "string" then
    if type(x) ~= "string" then
      raise("TypeError", "'in <string>' requires string as left operand, not " .. pytype(x))
    end
    return sfind(c, x, 1, true) ~= nil
  end
  if tc == "table" then
    local mt = getmetatable(c)
    if mt == DICT or mt == SET then
      if type(x) == "table" then return false end
      return rawget(c, hkey(x)) ~= nil
    end
    if mt == RANGE then
      if not isnum(x) then return false end
      for v in M.each(c) do if v == x then return true end end
      return false
    end
    if mt == nil and next(c) ~= nil and rawget(c, 1) == nil then
      return type(x) ~= "table" and c[x] ~= nil
    end
    if mt == nil or mt == LIST or mt == TUPLE then
      for i = 1, #c do if eq(c[i], x) then return true end end
      return false
    end
  end
  if tc == "userdata" or tc == "table" then
    -- objects of the rex API (resolve, request...): a lookup by name
    local ok, v = pcall(function() return c[x] end)
    if ok and v ~= nil then return true end
    -- request, resolve and ephemerals raise for a name they do not hold: not in them (Rez's
    -- __contains__ is a lookup by name)
    if not ok then return false end
    local items = tolist(c)
    for i = 1, #items do if eq(items[i], x) then return true end end
    return false
  end
  raise("TypeError", "argument of type '" .. pytype(c) .. "' is not iterable")
end

-- ---- arithmetic ----

local function concat_seq(a, b, mt)
  local r = {}
  for i = 1, #a do r[i] = a[i] end
  for i = 1, #b do r[#a + i] = b[i] end
  return setmetatable(r, mt)
end

function M.add(a, b)
  if isnum(a) and isnum(b) then return num(a) + num(b) end
  local ta, tb = type(a), type(b)
  if ta == "string" and tb == "string" then return a .. b end
  if ta == "table" and tb == "table" and is_seq(a) and pytype(a) == pytype(b) then
    return concat_seq(a, b, pytype(a) == "tuple" and TUPLE or LIST)
  end
  if ta == "userdata" or tb == "userdata" then
    -- rex strings (expandable/literal) and versions concatenate as text
    if ta == "string" or tb == "string" then return tostring(a) .. tostring(b) end
  end
  binerr("+", a, b)
end

function M.iadd(a, b)
  if type(a) == "table" and getmetatable(a) == LIST then
    local items = tolist(b)
    local n = #a
    for i = 1, #items do a[n + i] = items[i] end
    return a
  end
  return M.add(a, b)
end

function M.sub(a, b)
  if isnum(a) and isnum(b) then return num(a) - num(b) end
  if type(a) == "table" and getmetatable(a) == SET and type(b) == "table" then
    local r = newset()
    for _, k in ipairs(dkeys(a)) do if rawget(b, k) == nil then dset(r, k, true) end end
    return r
  end
  binerr("-", a, b)
end

local function repeat_seq(s, n)
  n = num(n)
  if type(s) == "string" then
    if n <= 0 then return "" end
    return srep(s, n)
  end
  local r = {}
  for k = 0, n - 1 do for i = 1, #s do r[k * #s + i] = s[i] end end
  return setmetatable(r, getmetatable(s))
end

function M.mul(a, b)
  if isnum(a) and isnum(b) then return num(a) * num(b) end
  if (type(a) == "string" or is_seq(a)) and type(num(b)) == "number" and mtype(num(b)) == "integer" then
    return repeat_seq(a, b)
  end
  if (type(b) == "string" or is_seq(b)) and type(num(a)) == "number" and mtype(num(a)) == "integer" then
    return repeat_seq(b, a)
  end
  binerr("*", a, b)
end
function M.imul(a, b)
  if type(a) == "table" and getmetatable(a) == LIST then
    local r = repeat_seq(a, b)
    for i = #r + 1, #a do a[i] = nil end
    for i = 1, #r do a[i] = r[i] end
    return a
  end
  return M.mul(a, b)
end

function M.div(a, b)
  if isnum(a) and isnum(b) then
    a, b = num(a), num(b)
    if b == 0 then raise("ZeroDivisionError", "division by zero") end
    return a / b
  end
  if type(a) == "userdata" or type(b) == "userdata" then return a / b end
  binerr("/", a, b)
end

function M.floordiv(a, b)
  if isnum(a) and isnum(b) then
    a, b = num(a), num(b)
    if b == 0 then raise("ZeroDivisionError", "integer division or modulo by zero") end
    return a // b
  end
  binerr("//", a, b)
end

local percent

function M.mod(a, b)
  if type(a) == "string" then return percent(a, b) end
  if isnum(a) and isnum(b) then
    a, b = num(a), num(b)
    if b == 0 then raise("ZeroDivisionError", "integer division or modulo by zero") end
    local r = a % b
    if mtype(r) == "float" and r ~= r and a == a and b == b then return r end
    return r
  end
  binerr("%", a, b)
end

function M.pow(a, b)
  if isnum(a) and isnum(b) then
    a, b = num(a), num(b)
    if mtype(a) == "integer" and mtype(b) == "integer" and b >= 0 then
      local r = 1
      for _ = 1, b do r = r * a end
      return r
    end
    if a == 0 and b < 0 then raise("ZeroDivisionError", "0.0 cannot be raised to a negative power") end
    return a ^ b
  end
  binerr("** or pow()", a, b)
end

function M.neg(a)
  if isnum(a) then return -num(a) end
  raise("TypeError", "bad operand type for unary -: '" .. pytype(a) .. "'")
end
function M.pos(a)
  if isnum(a) then return num(a) end
  raise("TypeError", "bad operand type for unary +: '" .. pytype(a) .. "'")
end
function M.invert(a)
  if isnum(a) and mtype(num(a)) == "integer" then return ~num(a) end
  raise("TypeError", "bad operand type for unary ~: '" .. pytype(a) .. "'")
end

local function intop(op, f)
  return function(a, b)
    if isnum(a) and isnum(b) and mtype(num(a)) == "integer" and mtype(num(b)) == "integer" then
      return f(num(a), num(b))
    end
    if op == "|" and type(a) == "table" and type(b) == "table" then
      if getmetatable(a) == SET then
        local r = newset()
        for _, k in ipairs(dkeys(a)) do dset(r, k, true) end
        for _, k in ipairs(dkeys(b)) do dset(r, k, true) end
        return r
      elseif getmetatable(a) == DICT then
        local r = newdict()
        for _, k in ipairs(dkeys(a)) do dset(r, k, a[k]) end
        for _, k in ipairs(dkeys(b)) do dset(r, k, b[k]) end
        return r
      end
    end
    if op == "&" and type(a) == "table" and getmetatable(a) == SET and type(b) == "table" then
      local r = newset()
      for _, k in ipairs(dkeys(a)) do if rawget(b, k) ~= nil then dset(r, k, true) end end
      return r
    end
    binerr(op, a, b)
  end
end
M.bor = intop("|", function(a, b) return a | b end)
M.band = intop("&", function(a, b) return a & b end)
M.bxor = intop("^", function(a, b) return a ~ b end)
M.lshift = intop("<<", function(a, b) return a << b end)
M.rshift = intop(">>", function(a, b) return a >> b end)

-- ---- indexing ----

local function norm_index(i, n, what)
  if type(i) == "boolean" then i = num(i) end
  if mtype(i) ~= "integer" then
    raise("TypeError", what .. " indices must be integers, not " .. pytype(i), 3)
  end
  if i < 0 then i = i + n end
  if i < 0 or i >= n then raise("IndexError", what .. " index out of range", 3) end
  return i + 1
end

function M.getitem(o, k)
  local t = type(o)
  if t == "string" then
    if is_ascii(o) then
      local i = norm_index(k, #o, "string")
      return ssub(o, i, i)
    end
    local cs = chars(o)
    return cs[norm_index(k, #cs, "string")]
  end
  if t == "table" then
    local mt = getmetatable(o)
    if mt == LIST or mt == TUPLE then return o[norm_index(k, #o, mt == LIST and "list" or "tuple")] end
    if mt == DICT then
      local v = rawget(o, type(k) == "table" and k or hkey(k))
      if v == nil then raise("KeyError", repr(k)) end
      return v
    end
    if mt == RANGE then return tolist(o)[norm_index(k, M.len(o), "range object")] end
    if mt == nil then
      if type(k) == "number" and (rawget(o, 1) ~= nil or next(o) == nil) then
        return o[norm_index(k, #o, "list")]
      end
      local v = o[k]
      if v == nil then raise("KeyError", repr(k)) end
      return v
    end
    if mt == SET then raise("TypeError", "'set' object is not subscriptable") end
    local v = o[k]
    if v == nil then raise("KeyError", repr(k)) end
    return v
  end
  if t == "userdata" then
    if type(k) == "number" then
      local n = #o
      return o[norm_index(k, n, "version")]
    end
    local v = o[k]
    if v == nil then raise("KeyError", repr(k)) end
    return v
  end
  if o == nil then raise("TypeError", "'NoneType' object is not subscriptable") end
  raise("TypeError", "'" .. pytype(o) .. "' object is not subscriptable")
end

function M.setitem(o, k, v)
  local mt = type(o) == "table" and getmetatable(o)
  if mt == LIST then
    o[norm_index(k, #o, "list")] = v
    if v == nil then raise("TypeError", "None inside a list is not supported when reading package.py") end
    return
  end
  if mt == DICT then
    if v == nil then o[hkey(k)] = nil; return end
    dset(o, k, v)
    return
  end
  if mt == TUPLE then raise("TypeError", "'tuple' object does not support item assignment") end
  if o == nil then raise("TypeError", "'NoneType' object does not support item assignment") end
  o[k] = v
end

function M.delitem(o, k)
  local mt = type(o) == "table" and getmetatable(o)
  if mt == LIST then tremove(o, norm_index(k, #o, "list")); return end
  if mt == DICT then
    k = hkey(k)
    if rawget(o, k) == nil then raise("KeyError", repr(k)) end
    rawset(o, k, nil)
    return
  end
  raise("TypeError", "'" .. pytype(o) .. "' object does not support item deletion")
end

local function slice_bounds(n, i, j, step)
  step = step == nil and 1 or num(step)
  if step == 0 then raise("ValueError", "slice step cannot be zero", 4) end
  local function adj(x, default)
    if x == nil then return default end
    x = num(x)
    if x < 0 then x = x + n; if x < 0 then x = step < 0 and -1 or 0 end
    elseif x >= n then x = step < 0 and n - 1 or n end
    return x
  end
  if step > 0 then return adj(i, 0), adj(j, n), step end
  return adj(i, n - 1), adj(j, -1), step
end

function M.slice(o, i, j, step)
  local items, isstr
  if type(o) == "string" then
    isstr = true
    if is_ascii(o) and (step == nil or step == 1) then
      local a, b = slice_bounds(#o, i, j, 1)
      return ssub(o, a + 1, b)
    end
    items = chars(o)
  elseif is_seq(o) then
    items = o
  else
    raise("TypeError", "'" .. pytype(o) .. "' object is not subscriptable")
  end
  local a, b, st = slice_bounds(#items, i, j, step)
  local r, n = {}, 0
  local x = a
  while (st > 0 and x < b) or (st < 0 and x > b) do
    n = n + 1; r[n] = items[x + 1]; x = x + st
  end
  if isstr then return tconcat(r) end
  return setmetatable(r, pytype(o) == "tuple" and TUPLE or LIST)
end

-- ---- attributes and methods ----

local STR, LISTM, DICTM, SETM = {}, {}, {}, {}

function M.attr(o, name)
  local t = type(o)
  if t == "table" then
    local mt = getmetatable(o)
    if mt == nil or (mt ~= LIST and mt ~= TUPLE and mt ~= DICT and mt ~= SET and mt ~= RANGE) then
      local v = o[name]
      if v == nil and MODNAME[o] then
        raise("AttributeError", "module '" .. MODNAME[o] .. "' has no attribute '" .. name .. "'")
      end
      if v == nil and mt == nil then
        raise("AttributeError", "object has no attribute '" .. name .. "'")
      end
      return v
    end
    if mt == RANGE and (name == "start" or name == "stop" or name == "step") then return o[name] end
  elseif t == "userdata" then
    return o[name]
  elseif o == nil then
    raise("AttributeError", "'NoneType' object has no attribute '" .. name .. "'")
  end
  raise("AttributeError", "'" .. pytype(o) .. "' object has no attribute '" .. name .. "'")
end

function M.setattr(o, name, v)
  local t = type(o)
  if (t == "table" and (getmetatable(o) == nil or not (getmetatable(o) == LIST or getmetatable(o) == DICT or
      getmetatable(o) == TUPLE or getmetatable(o) == SET))) or t == "userdata" then
    o[name] = v
    return
  end
  raise("AttributeError", "'" .. pytype(o) .. "' object has no attribute '" .. name .. "'")
end

function M.m(o, name, ...)
  local t = type(o)
  local f
  if t == "string" then
    f = STR[name]
  elseif t == "table" then
    local mt = getmetatable(o)
    if mt == LIST then f = LISTM[name]
    elseif mt == TUPLE then f = (name == "index" or name == "count") and LISTM[name] or nil
    elseif mt == DICT then f = DICTM[name]
    elseif mt == SET then f = SETM[name]
    else
      local v = o[name]
      if v ~= nil then return v(...) end
      if MODNAME[o] then
        raise("AttributeError", "module '" .. MODNAME[o] .. "' has no attribute '" .. name .. "'")
      end
      if mt == nil then
        f = (next(o) == nil or rawget(o, 1) ~= nil) and LISTM[name] or DICTM[name]
      end
    end
  elseif t == "userdata" then
    local v = o[name]
    if v == nil then raise("AttributeError", "object has no attribute '" .. name .. "'") end
    local mt = getmetatable(o)
    if type(mt) == "table" and mt.__name == "rez.Version" then return v(o, ...) end
    return v(...)
  elseif t == "number" and name == "is_integer" then
    return mtype(o) == "integer" or o == floor(o)
  end
  if not f then
    if o == nil then raise("AttributeError", "'NoneType' object has no attribute '" .. name .. "'") end
    raise("AttributeError", "'" .. pytype(o) .. "' object has no attribute '" .. name .. "'")
  end
  return f(o, ...)
end

-- ---- formatting: format() spec mini-language ----

local function pad(s, width, align, fill)
  local n = slen(s)
  if not width or n >= width then return s end
  local k = width - n
  if align == "<" then return s .. srep(fill, k) end
  if align == ">" then return srep(fill, k) .. s end
  if align == "^" then
    local l = k // 2
    return srep(fill, l) .. s .. srep(fill, k - l)
  end
  -- "=": after the sign
  local sign = smatch(s, "^[-+ ]") or ""
  return sign .. srep(fill, k) .. ssub(s, #sign + 1)
end

local function group_digits(s, sep)
  local int, rest = smatch(s, "^(%d+)(.*)$")
  if not int then return s end
  local r = sgsub(int:reverse(), "(%d%d%d)", "%1" .. sep):reverse()
  if ssub(r, 1, 1) == sep then r = ssub(r, 2) end
  return r .. rest
end

local function format_value(v, spec)
  if spec == nil or spec == "" then return str(v) end
  local fill, align, rest = smatch(spec, "^([^{}])([<>=^])(.*)$")
  if not fill then
    fill = ""
    align, rest = smatch(spec, "^([<>=^]?)(.*)$")
  end
  local sign, alt, zero, width, grouping, prec, ty =
    smatch(rest, "^([-+ ]?)(#?)(0?)(%d*)([,_]?)%.?(%d*)([bcdeEfFgGnosxX%%]?)$")
  if not sign then raise("ValueError", "Invalid format specifier '" .. spec .. "'") end
  if fill == "" then fill = " " end
  width = tonumber(width)
  prec = tonumber(prec)
  local s
  local isn = isnum(v)
  if ty == "" and not isn then
    s = str(v)
    if prec then s = tconcat(chars(s), "", 1, math.min(prec, slen(s))) end
    if align == "" then align = "<" end
    return pad(s, width, align, fill)
  end
  if not isn then
    raise("ValueError", "Unknown format code '" .. ty .. "' for object of type '" .. pytype(v) .. "'", 4)
  end
  v = num(v)
  if ty == "" then
    s = str(v)
    if prec and mtype(v) == "float" then s = sfmt("%." .. prec .. "g", v) end
  elseif ty == "d" or ty == "n" then
    if mtype(v) ~= "integer" then raise("ValueError", "Unknown format code 'd' for object of type 'float'", 4) end
    s = sfmt("%d", v)
  elseif ty == "f" or ty == "F" or ty == "e" or ty == "E" or ty == "g" or ty == "G" or ty == "%" then
    local x = v
    local t2 = ty
    if ty == "%" then x = v * 100; t2 = "f" end
    s = sfmt("%" .. (alt ~= "" and "#" or "") .. "." .. (prec or 6) .. t2, x)
    if ty == "%" then s = s .. "%" end
  elseif ty == "x" or ty == "X" or ty == "o" then
    s = sfmt("%" .. ty, v < 0 and -v or v)
    if v < 0 then s = "-" .. s end
    if alt ~= "" then s = (v < 0 and "-" or "") .. "0" .. (ty == "o" and "o" or ty) .. sgsub(s, "^-", "") end
  elseif ty == "b" then
    local x, r = v < 0 and -v or v, ""
    repeat r = tostring(x % 2) .. r; x = x // 2 until x == 0
    s = (v < 0 and "-" or "") .. (alt ~= "" and "0b" or "") .. r
  elseif ty == "c" then
    s = uchar(v)
  else
    s = str(v)
  end
  if grouping ~= "" then
    local neg = ssub(s, 1, 1) == "-"
    s = (neg and "-" or "") .. group_digits(neg and ssub(s, 2) or s, grouping)
  end
  if sign == "+" and ssub(s, 1, 1) ~= "-" then s = "+" .. s
  elseif sign == " " and ssub(s, 1, 1) ~= "-" then s = " " .. s end
  if zero ~= "" and align == "" then fill, align = "0", "=" end
  if align == "" then align = ">" end
  return pad(s, width, align, fill)
end
M.format_value = format_value

function M.fmtfield(v, conv, spec)
  if conv == "r" or conv == "a" then v = repr(v)
  elseif conv == "s" then v = str(v)
  elseif conv ~= nil then raise("ValueError", "Unknown conversion specifier " .. conv) end
  return format_value(v, spec)
end

-- "{0.attr[key]!r:>10}".format(...)
local function resolve_field(field, args, kw, auto)
  local head, rest = smatch(field, "^([^.%[]*)(.*)$")
  local v
  if head == "" then
    auto.n = auto.n + 1
    v = args[auto.n]
    if auto.n > args.n then raise("IndexError", "Replacement index " .. (auto.n - 1) .. " out of range for positional args tuple", 5) end
  elseif smatch(head, "^%d+$") then
    local i = tonumber(head) + 1
    if i > args.n then raise("IndexError", "Replacement index " .. head .. " out of range for positional args tuple", 5) end
    v = args[i]
  else
    if not kw or kw[head] == nil then raise("KeyError", repr(head), 5) end
    v = kw[head]
  end
  while rest ~= "" do
    local a, r2 = smatch(rest, "^%.([%w_]+)(.*)$")
    if a then
      v = M.attr(v, a)
      rest = r2
    else
      local k
      k, r2 = smatch(rest, "^%[([^%]]*)%](.*)$")
      if not k then raise("ValueError", "invalid format field '" .. field .. "'", 5) end
      if smatch(k, "^%d+$") and is_seq(v) then k = tonumber(k) end
      v = M.getitem(v, k)
      rest = r2
    end
  end
  return v
end

function STR.format(s, ...)
  local kw, n = getkw(...)
  local args = { n = n, ... }
  local auto = { n = 0 }
  local out, pos = {}, 1
  while pos <= #s do
    local a = sfind(s, "[{}]", pos)
    if not a then out[#out + 1] = ssub(s, pos); break end
    out[#out + 1] = ssub(s, pos, a - 1)
    local ch = ssub(s, a, a)
    if ssub(s, a + 1, a + 1) == ch then
      out[#out + 1] = ch
      pos = a + 2
    elseif ch == "}" then
      raise("ValueError", "Single '}' encountered in format string")
    else
      -- find the matching close, allowing one level of nested {} in the spec
      local depth, b = 1, a + 1
      while b <= #s do
        local c2 = ssub(s, b, b)
        if c2 == "{" then depth = depth + 1 elseif c2 == "}" then
          depth = depth - 1
          if depth == 0 then break end
        end
        b = b + 1
      end
      if b > #s then raise("ValueError", "expected '}' before end of string") end
      local body = ssub(s, a + 1, b - 1)
      local field, conv, spec = smatch(body, "^([^!:]*)!?([^:]*):?(.*)$")
      if conv == "" then conv = nil end
      if sfind(spec, "{", 1, true) then
        spec = sgsub(spec, "{([^}]*)}", function(f) return str(resolve_field(f, args, kw, auto)) end)
      end
      out[#out + 1] = M.fmtfield(resolve_field(field, args, kw, auto), conv, spec)
      pos = b + 1
    end
  end
  return tconcat(out)
end

-- "%s-%d" % args
percent = function(fmt, args)
  local list, map
  if type(args) == "table" and getmetatable(args) == TUPLE then list = args
  elseif type(args) == "table" and (getmetatable(args) == DICT or getmetatable(args) == nil and next(args) ~= nil and rawget(args, 1) == nil) then
    map = args; list = { args }
  else list = { args } end
  local i = 0
  local function nextarg()
    i = i + 1
    if i > #list then raise("TypeError", "not enough arguments for format string") end
    return list[i]
  end
  local out, pos, n = {}, 1, #fmt
  while pos <= n do
    local a = sfind(fmt, "%", pos, true)
    if not a then out[#out + 1] = ssub(fmt, pos); break end
    out[#out + 1] = ssub(fmt, pos, a - 1)
    local p = a + 1
    local key
    if ssub(fmt, p, p) == "(" then
      local close = sfind(fmt, ")", p, true)
      if not close then raise("ValueError", "incomplete format key") end
      key = ssub(fmt, p + 1, close - 1)
      p = close + 1
    end
    local flags, width, prec, conv
    flags, width, prec, conv = smatch(fmt, "^([-+ #0]*)(%*?%d*)(%.?%*?%d*)([%a%%])", p)
    if not flags then raise("ValueError", "incomplete format") end
    p = p + #flags + #width + #prec + #conv
    pos = p
    if conv == "%" and not key then
      out[#out + 1] = "%"
    else
      if width == "*" then width = tostring(nextarg()) end
      local hasprec = prec ~= ""
      prec = ssub(prec, 2)
      if prec == "*" then prec = tostring(nextarg()) end
      local v
      if key then
        if not map then raise("TypeError", "format requires a mapping") end
        v = M.getitem(map, key)
      else
        v = nextarg()
      end
      local s
      if conv == "s" or conv == "r" or conv == "a" then
        s = conv == "s" and str(v) or repr(v)
        if hasprec then s = tconcat(chars(s), "", 1, math.min(tonumber(prec) or 0, slen(s))) end
        local w = tonumber(width)
        if w then s = pad(s, w, sfind(flags, "-", 1, true) and "<" or ">", " ") end
      elseif conv == "d" or conv == "i" or conv == "u" then
        if not isnum(v) then raise("TypeError", "%" .. conv .. " format: a real number is required, not " .. pytype(v)) end
        v = num(v)
        if mtype(v) == "float" then v = tointeger(v >= 0 and floor(v) or ceil(v)) end
        s = sfmt("%" .. flags .. width .. (hasprec and ("." .. prec) or "") .. "d", v)
      elseif conv == "f" or conv == "F" or conv == "e" or conv == "E" or conv == "g" or conv == "G" then
        if not isnum(v) then raise("TypeError", "must be real number, not " .. pytype(v)) end
        s = sfmt("%" .. flags .. width .. "." .. (hasprec and (prec ~= "" and prec or "0") or "6") .. conv, num(v) + 0.0)
      elseif conv == "x" or conv == "X" or conv == "o" then
        if not isnum(v) or mtype(num(v)) ~= "integer" then raise("TypeError", "%" .. conv .. " format: an integer is required, not " .. pytype(v)) end
        s = sfmt("%" .. flags .. width .. conv, num(v))
      elseif conv == "c" then
        s = type(v) == "string" and v or uchar(v)
      else
        raise("ValueError", "unsupported format character '" .. conv .. "'")
      end
      out[#out + 1] = s
    end
  end
  if i < #list and not map then raise("TypeError", "not all arguments converted during string formatting") end
  return tconcat(out)
end

-- ---- str methods ----

local WS = " \t\n\r\f\v"

local function strip_set(chs)
  if chs == nil then return "[" .. WS .. "]" end
  local esc = sgsub(chs, "[%]%[%^%-%%]", "%%%0")
  return "[" .. esc .. "]"
end

function STR.strip(s, chs)
  if chs == "" then return s end
  local set = strip_set(chs)
  return (sgsub(sgsub(s, "^" .. set .. "+", ""), set .. "+$", ""))
end
function STR.lstrip(s, chs)
  if chs == "" then return s end
  return (sgsub(s, "^" .. strip_set(chs) .. "+", ""))
end
function STR.rstrip(s, chs)
  if chs == "" then return s end
  return (sgsub(s, strip_set(chs) .. "+$", ""))
end

function STR.split(s, sep, maxsplit)
  local kw
  kw = type(maxsplit) == "table" and getmetatable(maxsplit) == KW and maxsplit or
       (type(sep) == "table" and getmetatable(sep) == KW and sep) or nil
  if kw then
    if sep == kw then sep = kw.sep end
    maxsplit = kw.maxsplit
  end
  maxsplit = maxsplit and num(maxsplit) or -1
  local r = {}
  if sep == nil then
    local pos = 1
    while true do
      local a, b = sfind(s, "^[" .. WS .. "]+", pos)
      if a then pos = b + 1 end
      if pos > #s then break end
      if maxsplit >= 0 and #r >= maxsplit then r[#r + 1] = (sgsub(ssub(s, pos), "[" .. WS .. "]+$", "")); break end
      local c1 = sfind(s, "[" .. WS .. "]", pos)
      if not c1 then r[#r + 1] = ssub(s, pos); break end
      r[#r + 1] = ssub(s, pos, c1 - 1)
      pos = c1
    end
    return setmetatable(r, LIST)
  end
  if sep == "" then raise("ValueError", "empty separator") end
  local pos = 1
  while true do
    if maxsplit >= 0 and #r >= maxsplit then r[#r + 1] = ssub(s, pos); break end
    local a, b = sfind(s, sep, pos, true)
    if not a then r[#r + 1] = ssub(s, pos); break end
    r[#r + 1] = ssub(s, pos, a - 1)
    pos = b + 1
  end
  return setmetatable(r, LIST)
end

function STR.rsplit(s, sep, maxsplit)
  maxsplit = maxsplit and num(maxsplit) or -1
  if maxsplit < 0 or sep == nil then
    if maxsplit < 0 then return STR.split(s, sep) end
  end
  local parts = STR.split(s, sep)
  if sep == nil or #parts <= maxsplit + 1 then return parts end
  local head = {}
  for i = 1, #parts - maxsplit do head[i] = parts[i] end
  local r = { tconcat(head, sep) }
  for i = #parts - maxsplit + 1, #parts do r[#r + 1] = parts[i] end
  return setmetatable(r, LIST)
end

function STR.splitlines(s, keep)
  local r = {}
  local pos = 1
  while pos <= #s do
    local a, b = sfind(s, "\r?\n", pos)
    if not a then a, b = sfind(s, "\r", pos) end
    if not a then r[#r + 1] = ssub(s, pos); break end
    r[#r + 1] = ssub(s, pos, truth(keep) and b or a - 1)
    pos = b + 1
  end
  return setmetatable(r, LIST)
end

function STR.join(s, items)
  local t = tolist(items)
  for i = 1, #t do
    if type(t[i]) ~= "string" then
      raise("TypeError", sfmt("sequence item %d: expected str instance, %s found", i - 1, pytype(t[i])))
    end
  end
  return tconcat(t, s)
end

local function affix_test(s, x, start, fn)
  if start ~= nil then s = M.slice(s, start, nil, nil) end
  if type(x) == "table" then
    for _, p in ipairs(tolist(x)) do if fn(s, p) then return true end end
    return false
  end
  if type(x) ~= "string" then raise("TypeError", "startswith/endswith first arg must be str or a tuple of str", 4) end
  return fn(s, x)
end
function STR.startswith(s, x, start)
  return affix_test(s, x, start, function(a, p) return ssub(a, 1, #p) == p end)
end
function STR.endswith(s, x, start)
  return affix_test(s, x, start, function(a, p) return p == "" or ssub(a, -#p) == p end)
end

function STR.replace(s, old, new, count)
  count = count and num(count) or -1
  if old == "" then
    local cs = chars(s)
    local r = { new }
    for i = 1, #cs do
      r[#r + 1] = cs[i]
      if count < 0 or i < count then r[#r + 1] = new end
    end
    return tconcat(r)
  end
  local out, pos, n = {}, 1, 0
  while count < 0 or n < count do
    local a, b = sfind(s, old, pos, true)
    if not a then break end
    out[#out + 1] = ssub(s, pos, a - 1)
    out[#out + 1] = new
    pos = b + 1
    n = n + 1
  end
  out[#out + 1] = ssub(s, pos)
  return tconcat(out)
end

function STR.lower(s) if is_ascii(s) then return slower(s) end return LIB.UNICODE.lower(s) end
function STR.upper(s) if is_ascii(s) then return supper(s) end return LIB.UNICODE.upper(s) end
function STR.casefold(s) if is_ascii(s) then return slower(s) end return LIB.UNICODE.casefold(s) end
function STR.capitalize(s) return supper(ssub(s, 1, 1)) .. slower(ssub(s, 2)) end
function STR.title(s)
  return (sgsub(s, "(%a)([%a]*)", function(a, b) return supper(a) .. slower(b) end))
end
function STR.swapcase(s)
  return (sgsub(s, "%a", function(ch) return ch == slower(ch) and supper(ch) or slower(ch) end))
end

local function cp_index(s, byte)   -- byte offset (1-based) -> code point index (0-based)
  if is_ascii(s) then return byte - 1 end
  return ulen(s, 1, byte) - 1
end

function STR.find(s, sub, start)
  local from = 1
  if start then from = #M.slice(s, nil, start, nil) + 1 end
  local a = sfind(s, sub, from, true)
  if not a then return -1 end
  return cp_index(s, a)
end
function STR.rfind(s, sub)
  local last, pos = nil, 1
  while true do
    local a = sfind(s, sub, pos, true)
    if not a then break end
    last = a
    pos = a + 1
  end
  if not last then return -1 end
  return cp_index(s, last)
end
function STR.index(s, sub, start)
  local i = STR.find(s, sub, start)
  if i < 0 then raise("ValueError", "substring not found") end
  return i
end
function STR.rindex(s, sub)
  local i = STR.rfind(s, sub)
  if i < 0 then raise("ValueError", "substring not found") end
  return i
end
function STR.count(s, sub)
  if sub == "" then return slen(s) + 1 end
  local n, pos = 0, 1
  while true do
    local a, b = sfind(s, sub, pos, true)
    if not a then return n end
    n = n + 1
    pos = b + 1
  end
end

local function all_match(s, pat) return s ~= "" and not sfind(s, "[^" .. pat .. "]") end
function STR.isdigit(s) return all_match(s, "0-9") end
STR.isdecimal = STR.isdigit
STR.isnumeric = STR.isdigit
function STR.isalpha(s) return all_match(s, "a-zA-Z") end
function STR.isalnum(s) return all_match(s, "a-zA-Z0-9") end
function STR.isspace(s) return all_match(s, WS) end
function STR.islower(s) return sfind(s, "%l") ~= nil and not sfind(s, "%u") end
function STR.isupper(s) return sfind(s, "%u") ~= nil and not sfind(s, "%l") end
function STR.isidentifier(s) return smatch(s, "^[%a_][%w_]*$") ~= nil end
function STR.zfill(s, w)
  local sign = smatch(s, "^[-+]") or ""
  local body = ssub(s, #sign + 1)
  if slen(s) >= w then return s end
  return sign .. srep("0", w - slen(s)) .. body
end
function STR.ljust(s, w, f) return pad(s, w, "<", f or " ") end
function STR.rjust(s, w, f) return pad(s, w, ">", f or " ") end
function STR.center(s, w, f)
  -- Python puts the odd extra fill on the right when the padding is odd and s's length even
  local n = slen(s)
  if n >= w then return s end
  local k = w - n
  local l = k // 2 + (k & n & 1)
  return srep(f or " ", l) .. s .. srep(f or " ", k - l)
end
function STR.partition(s, sep)
  local a, b = sfind(s, sep, 1, true)
  if not a then return setmetatable({ s, "", "" }, TUPLE) end
  return setmetatable({ ssub(s, 1, a - 1), sep, ssub(s, b + 1) }, TUPLE)
end
function STR.rpartition(s, sep)
  local last
  local pos = 1
  while true do
    local a = sfind(s, sep, pos, true)
    if not a then break end
    last = a
    pos = a + 1
  end
  if not last then return setmetatable({ "", "", s }, TUPLE) end
  return setmetatable({ ssub(s, 1, last - 1), sep, ssub(s, last + #sep) }, TUPLE)
end
function STR.removeprefix(s, p) if ssub(s, 1, #p) == p then return ssub(s, #p + 1) end return s end
function STR.removesuffix(s, p) if p ~= "" and ssub(s, -#p) == p then return ssub(s, 1, #s - #p) end return s end
function STR.expandtabs(s, n)
  n = n or 8
  local out, col = {}, 0
  for _, ch in ipairs(chars(s)) do
    if ch == "\t" then
      local k = n - col % n
      out[#out + 1] = srep(" ", k); col = col + k
    else
      out[#out + 1] = ch
      col = (ch == "\n") and 0 or col + 1
    end
  end
  return tconcat(out)
end
function STR.encode(s) return s end
function STR.decode(s) return s end

-- ---- list methods ----

function LISTM.append(l, x)
  if x == nil then raise("TypeError", "None inside a list is not supported when reading package.py") end
  l[#l + 1] = x
end
function LISTM.extend(l, x)
  local items = tolist(x)
  local n = #l
  for i = 1, #items do l[n + i] = items[i] end
end
function LISTM.insert(l, i, x)
  i = num(i)
  local n = #l
  if i < 0 then i = i + n; if i < 0 then i = 0 end end
  if i > n then i = n end
  tinsert(l, i + 1, x)
end
function LISTM.pop(l, i)
  local n = #l
  if n == 0 then raise("IndexError", "pop from empty list") end
  if i == nil then return tremove(l) end
  return tremove(l, norm_index(i, n, "pop"))
end
function LISTM.remove(l, x)
  for i = 1, #l do if eq(l[i], x) then tremove(l, i); return end end
  raise("ValueError", "list.remove(x): x not in list")
end
function LISTM.index(l, x)
  for i = 1, #l do if eq(l[i], x) then return i - 1 end end
  raise("ValueError", repr(x) .. " is not in list")
end
function LISTM.count(l, x)
  local n = 0
  for i = 1, #l do if eq(l[i], x) then n = n + 1 end end
  return n
end
function LISTM.reverse(l)
  local n = #l
  for i = 1, n // 2 do l[i], l[n + 1 - i] = l[n + 1 - i], l[i] end
end
function LISTM.copy(l) return M.L(tolist(l), nil) end
function LISTM.clear(l) for i = #l, 1, -1 do l[i] = nil end end

local function sort_items(items, kw)
  local key = kw and kw.key
  local rev = kw and truth(kw.reverse)
  local keys = {}
  local idx = {}
  for i = 1, #items do keys[i] = key and key(items[i]) or items[i]; idx[i] = i end
  -- stable: ties keep their original order (also when reversed, as Python does)
  tsort(idx, function(a, b)
    local ka, kb = keys[a], keys[b]
    if rev then
      if lt(kb, ka) then return true end
      if lt(ka, kb) then return false end
    else
      if lt(ka, kb) then return true end
      if lt(kb, ka) then return false end
    end
    return a < b
  end)
  local r = {}
  for i = 1, #idx do r[i] = items[idx[i]] end
  return r
end

function LISTM.sort(l, kw)
  if kw ~= nil and getmetatable(kw) ~= KW then raise("TypeError", "sort() takes no positional arguments") end
  local r = sort_items(l, kw)
  for i = 1, #r do l[i] = r[i] end
end

-- ---- dict methods ----

function DICTM.get(d, k, default)
  local v
  if getmetatable(d) == DICT then v = rawget(d, hkey(k)) else v = d[k] end
  if v == nil then return default end
  return v
end
function DICTM.keys(d) return setmetatable(tolist(d), LIST) end
function DICTM.values(d)
  local r = {}
  for i, k in ipairs(dkeys(d)) do r[i] = d[k] end
  return setmetatable(r, LIST)
end
function DICTM.items(d)
  local r = {}
  for i, k in ipairs(dkeys(d)) do r[i] = setmetatable({ k, d[k] }, TUPLE) end
  return setmetatable(r, LIST)
end
function DICTM.update(d, other, kw)
  if type(other) == "table" and getmetatable(other) == KW then kw, other = other, nil end
  if other ~= nil then
    local k2 = pytype(other)
    if k2 == "dict" then
      for _, k in ipairs(dkeys(other)) do dset(d, k, other[k]) end
    else
      for _, pair in ipairs(tolist(other)) do
        local k, v = M.unpack(pair, 2)
        dset(d, k, v)
      end
    end
  end
  if kw then for k, v in pairs(kw) do dset(d, k, v) end end
end
function DICTM.setdefault(d, k, default)
  local v = rawget(d, hkey(k))
  if v == nil then
    if default == nil then return nil end
    dset(d, k, default)
    return default
  end
  return v
end
function DICTM.pop(d, k, default)
  local v = rawget(d, hkey(k))
  if v == nil then
    if default == nil then raise("KeyError", repr(k)) end
    return default
  end
  rawset(d, hkey(k), nil)
  return v
end
function DICTM.copy(d)
  local r = newdict()
  for _, k in ipairs(dkeys(d)) do dset(r, k, d[k]) end
  return r
end
function DICTM.clear(d) for _, k in ipairs(dkeys(d)) do rawset(d, k, nil) end end

-- ---- set methods ----

function SETM.add(s, x) dset(s, x, true) end
function SETM.update(s, x) for _, k in ipairs(tolist(x)) do dset(s, k, true) end end
function SETM.discard(s, x) rawset(s, hkey(x), nil) end
function SETM.remove(s, x)
  if rawget(s, hkey(x)) == nil then raise("KeyError", repr(x)) end
  rawset(s, hkey(x), nil)
end
function SETM.union(s, x) return M.bor(s, M.set(x)) end
function SETM.intersection(s, x) return M.band(s, M.set(x)) end
function SETM.difference(s, x) return M.sub(s, M.set(x)) end
function SETM.issubset(s, x)
  local o = M.set(x)
  for _, k in ipairs(dkeys(s)) do if rawget(o, k) == nil then return false end end
  return true
end
function SETM.copy(s) return M.set(s) end

-- ---- builtins ----

function M.len(x)
  local t = type(x)
  if t == "string" then return slen(x) end
  if t == "table" then
    local mt = getmetatable(x)
    if mt == DICT or mt == SET then return #dkeys(x) end
    if mt == RANGE then
      local n
      if x.step > 0 then n = (x.stop - x.start + x.step - 1) // x.step
      else n = (x.start - x.stop - x.step - 1) // -x.step end
      return n > 0 and n or 0
    end
    if mt == nil and next(x) ~= nil and rawget(x, 1) == nil then return #dkeys(x) end
    return #x
  end
  if t == "userdata" then return #x end
  raise("TypeError", "object of type '" .. pytype(x) .. "' has no len()")
end

local function int_of(x, base)
  if base ~= nil then
    base = num(base)
    if type(x) ~= "string" then raise("TypeError", "int() can't convert non-string with explicit base", 4) end
  end
  if x == nil then return 0 end
  if isnum(x) then
    x = num(x)
    if mtype(x) == "integer" then return x end
    if x ~= x or x == huge or x == -huge then raise("ValueError", "cannot convert float " .. float_repr(x) .. " to integer", 4) end
    local r = x >= 0 and floor(x) or ceil(x)
    return tointeger(r) or raise("OverflowError", "int too large", 4)
  end
  if type(x) == "string" then
    local s = sgsub(sgsub(x, "^[" .. WS .. "]+", ""), "[" .. WS .. "]+$", "")
    local sign, body = smatch(s, "^([-+]?)(.*)$")
    body = slower(body)
    base = base or 10
    if base == 0 then
      if smatch(body, "^0x") then base = 16; body = ssub(body, 3)
      elseif smatch(body, "^0o") then base = 8; body = ssub(body, 3)
      elseif smatch(body, "^0b") then base = 2; body = ssub(body, 3)
      else base = 10 end
    elseif (base == 16 and smatch(body, "^0x")) or (base == 8 and smatch(body, "^0o")) or
           (base == 2 and smatch(body, "^0b")) then
      body = ssub(body, 3)
    end
    local ok = body ~= "" and not smatch(body, "^_") and not smatch(body, "_$") and not sfind(body, "__", 1, true)
    body = sgsub(body, "_", "")
    local v = ok and tonumber(body, base)
    if not v or not smatch(body, "^%w+$") or mtype(v) ~= "integer" then
      raise("ValueError", "invalid literal for int() with base " .. base .. ": " .. repr(x), 4)
    end
    return sign == "-" and -v or v
  end
  raise("TypeError", "int() argument must be a string or a number, not '" .. pytype(x) .. "'", 4)
end

local function float_of(x)
  if x == nil then return 0.0 end
  if isnum(x) then return num(x) + 0.0 end
  if type(x) == "string" then
    local s = slower(sgsub(sgsub(x, "^[" .. WS .. "]+", ""), "[" .. WS .. "]+$", ""))
    local sign, body = smatch(s, "^([-+]?)(.*)$")
    local v
    if body == "inf" or body == "infinity" then v = huge
    elseif body == "nan" then v = 0.0 / 0.0
    elseif smatch(body, "^%d[%d_]*%.?[%d_]*e?[-+]?%d*$") or smatch(body, "^%.%d[%d_]*e?[-+]?%d*$") then
      v = tonumber((sgsub(body, "_", "")))
    end
    if not v then raise("ValueError", "could not convert string to float: " .. repr(x), 4) end
    v = v + 0.0
    return sign == "-" and -v or v
  end
  raise("TypeError", "float() argument must be a string or a number, not '" .. pytype(x) .. "'", 4)
end

local function isinst(x, T)
  if type(T) == "table" and getmetatable(T) == TYPE then return T.check(x) end
  if type(T) == "table" and (getmetatable(T) == TUPLE or getmetatable(T) == LIST) then
    for i = 1, #T do if isinst(x, T[i]) then return true end end
    return false
  end
  raise("TypeError", "isinstance() arg 2 must be a type or tuple of types", 3)
end

M.str = mktype("str", function(x) return str(x) end, function(x) return type(x) == "string" end)
M.basestring = M.str
M.unicode = M.str
M.int = mktype("int", int_of, function(x) return mtype(x) == "integer" or type(x) == "boolean" end)
M.long = M.int
M.float = mktype("float", float_of, function(x) return mtype(x) == "float" end)
M.bool = mktype("bool", function(x) return truth(x) end, function(x) return type(x) == "boolean" end)
M.list = mktype("list", function(x)
  if x == nil then return setmetatable({}, LIST) end
  return setmetatable(tolist(x, 4), LIST)
end, function(x) return pytype(x) == "list" end)
M.tuple = mktype("tuple", function(x)
  if x == nil then return setmetatable({}, TUPLE) end
  return setmetatable(tolist(x, 4), TUPLE)
end, function(x) return pytype(x) == "tuple" end)
M.dict = mktype("dict", function(x, kw)
  if type(x) == "table" and getmetatable(x) == KW then kw, x = x, nil end
  local d = newdict()
  if x ~= nil then DICTM.update(d, x) end
  if kw then for k, v in pairs(kw) do dset(d, k, v) end end
  return d
end, function(x) return pytype(x) == "dict" end)
M.set = mktype("set", function(x)
  local s = newset()
  if x ~= nil then for _, k in ipairs(tolist(x, 4)) do dset(s, k, true) end end
  return s
end, function(x) return pytype(x) == "set" end)
M.frozenset = M.set
M.object = mktype("object", function() return {} end, function() return true end)
M.range = mktype("range", function(a, b, c)
  for _, v in ipairs({ a, b or 0, c or 1 }) do
    if mtype(num(v)) ~= "integer" then raise("TypeError", "'" .. pytype(v) .. "' object cannot be interpreted as an integer", 4) end
  end
  if b == nil then a, b = 0, a end
  c = c and num(c) or 1
  if c == 0 then raise("ValueError", "range() arg 3 must not be zero", 4) end
  return setmetatable({ start = num(a), stop = num(b), step = c }, RANGE)
end, function(x) return pytype(x) == "range" end)
M.type = setmetatable({ name = "type" }, { __call = function(_, x)
  local k = pytype(x)
  return M[k == "NoneType" and "NoneType" or k] or M.object
end })
M.NoneType = mktype("NoneType", function() return nil end, function(x) return x == nil end)

function M.repr(x) return repr(x) end
function M.print() end
function M.callable(x)
  local t = type(x)
  return t == "function" or (t == "table" and getmetatable(x) == TYPE)
end
function M.abs(x)
  if not isnum(x) then raise("TypeError", "bad operand type for abs(): '" .. pytype(x) .. "'") end
  x = num(x)
  return x < 0 and -x or x
end
function M.round(x, n)
  x = num(x)
  if n == nil then
    if mtype(x) == "integer" then return x end
    local f = floor(x)
    local d = x - f
    local r
    if d > 0.5 then r = f + 1 elseif d < 0.5 then r = f else r = (f % 2 == 0) and f or f + 1 end
    return tointeger(r) or r
  end
  n = num(n)
  if mtype(x) == "integer" and n >= 0 then return x end
  if n >= 0 then
    -- printf rounds the exact binary value correctly, as Python's round() does
    return tonumber(sfmt("%." .. n .. "f", x)) + 0.0
  end
  local m = 10 ^ -n
  local r = M.round(x / m) * m
  return mtype(x) == "integer" and tointeger(r) or r + 0.0
end
function M.divmod(a, b) return setmetatable({ M.floordiv(a, b), M.mod(a, b) }, TUPLE) end
function M.chr(i) return uchar(num(i)) end
function M.ord(s)
  if type(s) ~= "string" or slen(s) ~= 1 then raise("TypeError", "ord() expected a character") end
  return utf8.codepoint(s)
end
function M.hex(i) return format_value(num(i), "#x") end
function M.oct(i) return format_value(num(i), "#o") end
function M.bin(i) return format_value(num(i), "#b") end

local function iterable_args(...)
  local kw, n = getkw(...)
  if n == 1 then return tolist((...)), kw end
  local r = {}
  for i = 1, n do r[i] = (select(i, ...)) end
  return r, kw
end

local function minmax(name, better, ...)
  local items, kw = iterable_args(...)
  if #items == 0 then
    if kw and kw.default ~= nil then return kw.default end
    raise("ValueError", name .. "() arg is an empty sequence", 3)
  end
  local key = kw and kw.key
  local best, bk = items[1], key and key(items[1]) or items[1]
  for i = 2, #items do
    local k = key and key(items[i]) or items[i]
    if better(k, bk) then best, bk = items[i], k end
  end
  return best
end
function M.min(...) return minmax("min", function(a, b) return lt(a, b, "<") end, ...) end
function M.max(...) return minmax("max", function(a, b) return lt(b, a, ">") end, ...) end

function M.sum(x, start)
  local acc = start == nil and 0 or start
  for _, v in ipairs(tolist(x)) do acc = M.add(acc, v) end
  return acc
end
function M.any(x)
  for _, v in ipairs(tolist(x)) do if truth(v) then return true end end
  return false
end
function M.all(x)
  for _, v in ipairs(tolist(x)) do if not truth(v) then return false end end
  return true
end
function M.sorted(x, kw)
  return setmetatable(sort_items(tolist(x), kw), LIST)
end
function M.reversed(x)
  local items = tolist(x)
  local r = {}
  for i = #items, 1, -1 do r[#r + 1] = items[i] end
  return setmetatable(r, LIST)
end
function M.enumerate(x, start)
  if type(start) == "table" and getmetatable(start) == KW then start = start.start end
  start = start and num(start) or 0
  local r = {}
  for i, v in ipairs(tolist(x)) do r[i] = setmetatable({ start + i - 1, v }, TUPLE) end
  return setmetatable(r, LIST)
end
function M.zip(...)
  local lists, n = {}, select("#", ...)
  local m = huge
  for i = 1, n do
    lists[i] = tolist((select(i, ...)))
    if #lists[i] < m then m = #lists[i] end
  end
  local r = {}
  if n == 0 then return setmetatable(r, LIST) end
  for i = 1, m do
    local t = {}
    for j = 1, n do t[j] = lists[j][i] end
    r[i] = setmetatable(t, TUPLE)
  end
  return setmetatable(r, LIST)
end
function M.map(f, ...)
  if select("#", ...) > 1 then
    local r = {}
    for i, t in ipairs(M.zip(...)) do r[i] = f(tunpack(t)) end
    return setmetatable(r, LIST)
  end
  local r = {}
  for i, v in ipairs(tolist((...))) do r[i] = f(v) end
  return setmetatable(r, LIST)
end
function M.filter(f, x)
  local r = {}
  for _, v in ipairs(tolist(x)) do
    if (f == nil and truth(v)) or (f ~= nil and truth(f(v))) then r[#r + 1] = v end
  end
  return setmetatable(r, LIST)
end
function M.isinstance(x, T) return isinst(x, T) end
function M.hasattr(o, name)
  local ok, v = pcall(M.attr, o, name)
  return ok and v ~= nil
end
function M.getattr(o, name, ...)
  if select("#", ...) > 0 then
    local ok, v = pcall(M.attr, o, name)
    if ok and v ~= nil then return v end
    return (...)
  end
  return M.attr(o, name)
end
function M.iter(x) return M.L(tolist(x), nil) end
function M.next(x, ...)
  if is_seq(x) and #x > 0 then return tremove(x, 1) end
  if select("#", ...) > 0 then return (...) end
  raise("StopIteration", "")
end

-- ---- exceptions ----

local EXC = {}
local function exc_class(name, parent)
  local cls = mktype(name, nil, nil)
  cls.parent = parent
  cls.fn = function(msg, ...)
    if select("#", ...) > 0 then msg = repr(setmetatable({ msg, ... }, TUPLE)) end
    return setmetatable({ cls = cls, msg = msg ~= nil and str(msg) or "" }, EXC)
  end
  cls.check = function(x) return type(x) == "table" and getmetatable(x) == EXC end
  M[name] = cls
  return cls
end
EXC.__pyexc = true
EXC.__tostring = function(e) return e.cls.name .. ": " .. e.msg end
local Exception = exc_class("Exception")
local LookupError = exc_class("LookupError", Exception)
exc_class("KeyError", LookupError)
exc_class("IndexError", LookupError)
exc_class("ValueError", Exception)
exc_class("TypeError", Exception)
exc_class("AttributeError", Exception)
local ImportError = exc_class("ImportError", Exception)
exc_class("ModuleNotFoundError", ImportError)
local RuntimeError = exc_class("RuntimeError", Exception)
exc_class("NotImplementedError", RuntimeError)
local OSError = exc_class("OSError", Exception)
M.IOError = OSError
M.EnvironmentError = OSError
exc_class("NameError", Exception)
exc_class("AssertionError", Exception)
exc_class("StopIteration", Exception)
local ArithmeticError = exc_class("ArithmeticError", Exception)
exc_class("ZeroDivisionError", ArithmeticError)
exc_class("OverflowError", ArithmeticError)
exc_class("SystemError", Exception)
exc_class("InvalidPackageError", Exception)
exc_class("PackageMetadataError", Exception)

function M.raise(e, msg)
  if type(e) == "string" then raise(e, msg or "", 2) end
  if type(e) == "table" and getmetatable(e) == TYPE then e = e.fn() end
  if type(e) ~= "table" or getmetatable(e) ~= EXC then
    raise("TypeError", "exceptions must derive from BaseException")
  end
  raise(e.cls.name, e.msg, 2)
end

local CURRENT
function M.set_exc(e) CURRENT = e end
function M.reraise()
  if CURRENT == nil then raise("RuntimeError", "No active exception to reraise") end
  error(CURRENT, 0)
end

-- The class name of a located error message "file:line: Kind: msg" (nil for Lua errors).
local function exc_kind(err)
  if type(err) ~= "string" then return nil end
  return smatch(err, "^[^\n]-:%d+: ([%w_]+): ") or smatch(err, "^([%w_]+): ")
end

local function is_sub(kind, cls)
  local c = M[kind]
  while type(c) == "table" do
    if c == cls then return true end
    c = c.parent
  end
  return false
end

function M.exc_match(err, types)
  if type(err) == "string" and (sfind(err, "instruction limit exceeded", 1, true) or
      sfind(err, "memory limit exceeded", 1, true)) then
    return false
  end
  if types == nil then return true end
  local list = (type(types) == "table" and (getmetatable(types) == TUPLE or getmetatable(types) == LIST))
    and types or { types }
  local kind = exc_kind(err)
  for i = 1, #list do
    local cls = list[i]
    if cls == Exception then return true end
    if kind then
      if is_sub(kind, cls) then return true end
    else
      -- errors raised by Lua itself and by the rex API
      if cls == M.TypeError or cls == M.AttributeError or cls == M.KeyError or cls == M.ValueError then
        return true
      end
    end
  end
  return false
end

function M.exc_value(err)
  local kind = exc_kind(err)
  local msg = type(err) == "string" and (smatch(err, "^[^\n]-:%d+: [%w_]+: (.*)$") or
    smatch(err, "^[^\n]-:%d+: (.*)$") or err) or tostring(err)
  local cls = kind and M[kind] or RuntimeError
  if getmetatable(cls) ~= TYPE then cls = RuntimeError end
  return setmetatable({ cls = cls, msg = msg }, EXC)
end

-- ---- modules ----

local osmod, pathmod, platformmod, sysmod

local function path_fn(name)
  return function(...) return LIB.PATH[name](...) end
end

pathmod = {
  join = function(...)
    local n = select("#", ...)
    for i = 1, n do
      if type((select(i, ...))) ~= "string" then
        raise("TypeError", "join() argument must be str, not '" .. pytype((select(i, ...))) .. "'", 2)
      end
    end
    return LIB.PATH.join(...)
  end,
  dirname = path_fn("dirname"), basename = path_fn("basename"),
  exists = path_fn("exists"), isdir = path_fn("isdir"), isfile = path_fn("isfile"),
  islink = path_fn("islink"), normpath = path_fn("normpath"), abspath = path_fn("abspath"),
  isabs = path_fn("isabs"), relpath = path_fn("relpath"),
  realpath = path_fn("normpath"),
  splitext = function(p) local a, b = LIB.PATH.splitext(p); return setmetatable({ a, b }, TUPLE) end,
  split = function(p) return setmetatable({ LIB.PATH.dirname(p), LIB.PATH.basename(p) }, TUPLE) end,
  expanduser = function(p)
    if ssub(p, 1, 1) ~= "~" then return p end
    local home = os.getenv("HOME") or "~"
    if p == "~" then return home end
    if ssub(p, 2, 2) == "/" then return home .. ssub(p, 2) end
    return p
  end,
  expandvars = function(p)
    return (sgsub(p, "%$(%b{})", function(n) return os.getenv(ssub(n, 2, -2)) end):gsub(
      "%$([%w_]+)", function(n) return os.getenv(n) end))
  end,
  sep = "/", pathsep = ":",
}

local ENVIRON = {}
ENVIRON.__index = function(_, k) return os.getenv(k) end
local environ = setmetatable({}, ENVIRON)
local ENVM = {
  get = function(k, default)
    local v = os.getenv(k)
    if v == nil then return default end
    return v
  end,
}
-- os.environ: reads go to the process environment; writes are refused.
ENVIRON.__newindex = function() raise("TypeError", "os.environ is read-only when reading package.py", 2) end

osmod = {
  path = pathmod, sep = "/", pathsep = ":", linesep = "\n", name = "posix", curdir = ".",
  environ = environ,
  -- the process's working directory (rez build runs in the source directory)
  getcwd = function() return LIB.PATH.abspath(".") end,
  getenv = function(k, default)
    local v = os.getenv(k)
    if v == nil then return default end
    return v
  end,
}

local function sysinfo(k)
  local ok, v = pcall(function() return LIB.SYSTEM[k] end)
  return ok and v or nil
end

platformmod = {
  system = function()
    local p = sysinfo("platform") or "linux"
    if p == "linux" then return "Linux" elseif p == "osx" or p == "darwin" then return "Darwin"
    elseif p == "windows" then return "Windows" end
    return p
  end,
  machine = function() return sysinfo("arch") or "x86_64" end,
  node = function() return sysinfo("hostname") or "" end,
  python_version = function() return "3.11.0" end,
}
platformmod.uname = function()
  return setmetatable({ platformmod.system(), platformmod.node(), "", "", platformmod.machine(), "" }, TUPLE)
end

sysmod = {
  platform = (function()
    local p = sysinfo("platform") or "linux"
    if p == "osx" then return "darwin" elseif p == "windows" then return "win32" end
    return p
  end)(),
  version_info = setmetatable({ 3, 11, 0, "final", 0 }, TUPLE),
  version = "3.11.0",
  maxsize = math.maxinteger,
  path = setmetatable({}, LIST),
}

local remod = {
  match = function(p, s) return LIB.RE.match(p, s) end,
  search = function(p, s) return LIB.RE.search(p, s) end,
  fullmatch = function(p, s) return LIB.RE.fullmatch(p, s) end,
  sub = function(p, r, s) return LIB.RE.sub(p, r, s) end,
  split = function(p, s) return M.L(LIB.RE.split(p, s), nil) end,
  findall = function(p, s) return M.L(LIB.RE.find_all(p, s), nil) end,
  escape = function(s) return LIB.RE.escape(s) end,
  compile = function(p) return LIB.RE.compile(p) end,
  IGNORECASE = 2, I = 2, MULTILINE = 8, M = 8,
}

local function from_json(v)
  local t = type(v)
  if t ~= "table" then return v end
  if rawget(v, 1) ~= nil or next(v) == nil then
    local r = {}
    for i = 1, #v do r[i] = from_json(v[i]) end
    return setmetatable(r, LIST)
  end
  local d = newdict()
  local ks = {}
  for k in pairs(v) do ks[#ks + 1] = k end
  tsort(ks)
  for _, k in ipairs(ks) do dset(d, k, from_json(v[k])) end
  return d
end

local jsonmod = {
  loads = function(s) return from_json(LIB.JSON.decode(s)) end,
  dumps = function(v) return LIB.JSON.encode(v) end,
}

local astmod = {
  literal_eval = function(s)
    if type(s) ~= "string" then raise("ValueError", "malformed node or string", 2) end
    return M._literal(s)
  end,
}

local stringmod = {
  ascii_letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
  ascii_lowercase = "abcdefghijklmnopqrstuvwxyz", ascii_uppercase = "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
  digits = "0123456789", hexdigits = "0123456789abcdefABCDEF", punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
  whitespace = WS,
}

local function deepcopy(x)
  if type(x) ~= "table" then return x end
  local mt = getmetatable(x)
  if mt == LIST or mt == TUPLE then
    local r = {}
    for i = 1, #x do r[i] = deepcopy(x[i]) end
    return setmetatable(r, mt)
  end
  if mt == DICT or mt == SET then
    local r = setmetatable({}, mt)
    ORD[r] = {}
    for _, k in ipairs(dkeys(x)) do dset(r, k, deepcopy(x[k])) end
    return r
  end
  return x
end

-- Module objects: attribute errors name the module, type() says "module".
-- (by identity, not by a metatable field: the host freezes the module tables in place, which
-- keeps their identity but not their metatable)
local function module(name, t)
  if MODNAME[t] == nil then MODNAME[t] = name end
  return setmetatable(t, getmetatable(t) or {})
end

local modules = {
  os = osmod, ["os.path"] = pathmod, posixpath = pathmod, platform = platformmod, sys = sysmod,
  re = remod, json = jsonmod, ast = astmod, string = stringmod,
  math = { floor = function(x) return tointeger(floor(num(x))) end, ceil = function(x) return tointeger(ceil(num(x))) end,
           sqrt = math.sqrt, pi = math.pi, inf = huge },
  copy = { copy = function(x)
             if type(x) ~= "table" then return x end
             local mt = getmetatable(x)
             if mt == LIST then return LISTM.copy(x) elseif mt == DICT then return DICTM.copy(x) end
             return x
           end, deepcopy = deepcopy },
  collections = { OrderedDict = M.dict, defaultdict = nil },
  textwrap = { dedent = function(s)
    local lines = STR.split(s, "\n")
    local common
    for _, l in ipairs(lines) do
      if smatch(l, "%S") then
        local ind = smatch(l, "^[ \t]*")
        if not common or #ind < #common then common = ind end
      end
    end
    common = common or ""
    local r = {}
    for i, l in ipairs(lines) do
      if ssub(l, 1, #common) == common then r[i] = ssub(l, #common + 1) else r[i] = sgsub(l, "^[ \t]+$", "") end
    end
    return tconcat(r, "\n")
  end },
}

for k, m in pairs(modules) do
  if getmetatable(m) == nil then module(k, m) end
end

function M.import(name)
  local m = modules[name]
  if m == nil then raise("ImportError", "No module named '" .. name .. "'", 2) end
  return m
end

function M.from_import(mod, name)
  local m = M.import(mod)
  local v = m[name]
  if v == nil then
    if mod == "os" and name == "path" then return pathmod end
    raise("ImportError", "cannot import name '" .. name .. "' from '" .. mod .. "'", 2)
  end
  return v
end

-- ---- Rez's own helpers ----

-- expand_requires("foo-*"): wildcards are expanded by the package loader for requires,
-- build_requires and variants, so the requests are returned as written.
function M.expand_requires(...)
  local r = {}
  for i = 1, select("#", ...) do r[i] = (select(i, ...)) end
  return setmetatable(r, LIST)
end
function M.expand_requirement(r) return r end
M.ModifyList = mktype("ModifyList", function()
  raise("TypeError", "'ModifyList' is not supported when reading package.py", 3)
end, function() return false end)

-- `with scope("config") as c:` — attributes set on c (nested) become a dict.
local SCOPE = {}
SCOPE.__index = function(s, k)
  local sub = setmetatable({}, SCOPE)
  rawset(s, k, sub)
  return sub
end

local function scope_dict(s, into)
  local d = into or newdict()
  local ks = {}
  for k in next, s do ks[#ks + 1] = k end
  tsort(ks)
  for _, k in ipairs(ks) do
    local v = rawget(s, k)
    if type(v) == "table" and getmetatable(v) == SCOPE then
      local cur = rawget(d, k)
      if type(cur) ~= "table" or getmetatable(cur) ~= DICT then cur = nil end
      v = scope_dict(v, cur)
    end
    dset(d, k, v)
  end
  return d
end

function M.scope() return setmetatable({}, SCOPE) end
function M.scope_end(env, name, s)
  local cur = rawget(env, name)
  if type(cur) ~= "table" or getmetatable(cur) ~= DICT then cur = nil end
  env[name] = scope_dict(s, cur)
end

-- ---- literal_eval (a small literal parser over the same value model) ----

function M._literal(s)
  local pos = 1
  local function ws() pos = sfind(s, "[^ \t\r\n]", pos) or #s + 1 end
  local value
  local function fail() raise("ValueError", "malformed node or string", 4) end
  local function str_lit()
    local q = ssub(s, pos, pos)
    local out = {}
    pos = pos + 1
    while true do
      local ch = ssub(s, pos, pos)
      if ch == "" then fail() end
      if ch == q then pos = pos + 1; break end
      if ch == "\\" then
        local e = ssub(s, pos + 1, pos + 1)
        local map = { n = "\n", t = "\t", r = "\r", ["\\"] = "\\", ["'"] = "'", ['"'] = '"' }
        out[#out + 1] = map[e] or ("\\" .. e)
        pos = pos + 2
      else
        out[#out + 1] = ch
        pos = pos + 1
      end
    end
    return tconcat(out)
  end
  local function seq(close, mt)
    local items = {}
    pos = pos + 1
    ws()
    while ssub(s, pos, pos) ~= close do
      items[#items + 1] = value()
      ws()
      if ssub(s, pos, pos) == "," then pos = pos + 1; ws() elseif ssub(s, pos, pos) ~= close then fail() end
    end
    pos = pos + 1
    return setmetatable(items, mt)
  end
  value = function()
    ws()
    local ch = ssub(s, pos, pos)
    if ch == "'" or ch == '"' then
      local r = str_lit()
      ws()
      while ssub(s, pos, pos) == "'" or ssub(s, pos, pos) == '"' do r = r .. str_lit(); ws() end
      return r
    end
    if ch == "[" then return seq("]", LIST) end
    if ch == "(" then return seq(")", TUPLE) end
    if ch == "{" then
      local d = newdict()
      pos = pos + 1
      ws()
      while ssub(s, pos, pos) ~= "}" do
        local k = value()
        ws()
        if ssub(s, pos, pos) ~= ":" then fail() end
        pos = pos + 1
        dset(d, k, value())
        ws()
        if ssub(s, pos, pos) == "," then pos = pos + 1; ws() elseif ssub(s, pos, pos) ~= "}" then fail() end
      end
      pos = pos + 1
      return d
    end
    local word = smatch(s, "^[%w_%.%-+]+", pos)
    if not word then fail() end
    pos = pos + #word
    if word == "True" then return true elseif word == "False" then return false
    elseif word == "None" then return nil end
    local n = tonumber(word)
    if n == nil then fail() end
    return n
  end
  local v = value()
  ws()
  if pos <= #s then fail() end
  return v
end

-- reachable from the module, so that the host freezes them with it (stdlib/py.c)
M._modules = modules
return M
