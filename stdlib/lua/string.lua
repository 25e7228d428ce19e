-- string.lua - string helpers Python-minded authors miss, added to the `string` table so that
-- method syntax works ("x"):startswith("y"). Called with the string table; returns it.
-- Lua's own functions (string.format, string.find, ...) are left untouched.
local S = ...

local type, error, select, tostring, tonumber = type, error, select, tostring, tonumber
local sfind, ssub, sformat, sbyte, srep = string.find, string.sub, string.format, string.byte, string.rep
local concat = table.concat
local mtype, tointeger, maxinteger, ulen = math.type, math.tointeger, math.maxinteger, utf8.len

local function typename(v)
  if v == nil then return "nil" end
  return type(v)
end

local function check(v, n, fname)
  if type(v) ~= "string" then
    error(sformat("bad argument #%d to '%s' (string expected, got %s)", n, fname, typename(v)), 3)
  end
end

-- Python semantics: prefix may be a string or a list of strings (any of them).
local function affix(s, x, fname, at_start)
  check(s, 1, fname)
  if type(x) == "table" then
    for i = 1, #x do
      local v = x[i]
      if type(v) ~= "string" then
        error(sformat("bad argument #2 to '%s' (list item %d is a %s, not a string)", fname, i, typename(v)), 3)
      end
      if (at_start and ssub(s, 1, #v) == v) or (not at_start and (#v == 0 or ssub(s, -#v) == v)) then
        return true
      end
    end
    return false
  end
  check(x, 2, fname)
  if at_start then return ssub(s, 1, #x) == x end
  return #x == 0 or ssub(s, -#x) == x
end

function S.startswith(s, prefix) return affix(s, prefix, "startswith", true) end
function S.endswith(s, suffix) return affix(s, suffix, "endswith", false) end

local WS = " \t\n\r\f\v"

-- Builds a pattern character class matching any byte of `chars`.
local function class(chars)
  return "[" .. chars:gsub("[%^%]%%%-%[]", "%%%0") .. "]"
end

local function strip(s, chars, fname, left, right)
  check(s, 1, fname)
  if chars == nil then chars = WS else check(chars, 2, fname) end
  if chars == "" then return s end
  local c = class(chars)
  local i, j = 1, #s
  if left then
    local _, e = sfind(s, "^" .. c .. "+")
    if e then i = e + 1 end
  end
  if right then
    local b = sfind(s, c .. "+$", i)
    if b then j = b - 1 end
  end
  return ssub(s, i, j)
end

function S.strip(s, chars) return strip(s, chars, "strip", true, true) end
function S.lstrip(s, chars) return strip(s, chars, "lstrip", true, false) end
function S.rstrip(s, chars) return strip(s, chars, "rstrip", false, true) end

-- s:split() splits on runs of whitespace and drops empty pieces; s:split(sep) splits on
-- every occurrence of the plain string sep (empty pieces kept). maxsplit limits the splits.
function S.split(s, sep, maxsplit)
  check(s, 1, "split")
  if sep ~= nil then check(sep, 2, "split") end
  if maxsplit ~= nil and mtype(maxsplit) ~= "integer" then
    error(sformat("bad argument #3 to 'split' (integer expected, got %s)", mtype(maxsplit) or typename(maxsplit)), 2)
  end
  if maxsplit == nil or maxsplit < 0 then maxsplit = maxinteger end
  local out, n = {}, 0
  if sep == nil then
    local pos = 1
    while true do
      local b, e = sfind(s, "[^ \t\n\r\f\v]+", pos)
      if not b then break end
      if n == maxsplit then
        local rest = ssub(s, b):gsub("[ \t\n\r\f\v]+$", "")
        n = n + 1; out[n] = rest
        break
      end
      n = n + 1; out[n] = ssub(s, b, e)
      pos = e + 1
    end
    return out
  end
  if sep == "" then error("bad argument #2 to 'split' (empty separator)", 2) end
  local pos, splits = 1, 0
  while splits < maxsplit do
    local b, e = sfind(s, sep, pos, true)
    if not b then break end
    n = n + 1; out[n] = ssub(s, pos, b - 1)
    pos = e + 1
    splits = splits + 1
  end
  n = n + 1; out[n] = ssub(s, pos)
  return out
end

-- sep:join(list): Python's str.join; items must be strings or numbers.
function S.join(sep, list)
  check(sep, 1, "join")
  if type(list) ~= "table" then
    error(sformat("bad argument #2 to 'join' (table expected, got %s)", typename(list)), 2)
  end
  for i = 1, #list do
    local t = type(list[i])
    if t ~= "string" and t ~= "number" then
      error(sformat("bad argument #2 to 'join' (item %d is a %s, not a string)", i, t), 2)
    end
  end
  return concat(list, sep)
end

-- ---- s:fmt(...): Python's str.format ----
-- "{}" takes the next argument, "{2}" the second (1-based, as everywhere in Lua), "{name}"
-- and "{a.b}" look up fields of the first argument when it is a table; "{{" and "}}" are
-- literal braces; "{x:spec}" applies a format spec [[fill]align][sign][0][width][.prec][type]
-- with align one of < > ^ and type one of s d x X o b e E f F g G %.

local function pad(str, fill, align, width)
  local n = width - (ulen(str) or #str)
  if n <= 0 then return str end
  if align == "<" then return str .. srep(fill, n) end
  if align == ">" then return srep(fill, n) .. str end
  local l = n // 2
  return srep(fill, l) .. str .. srep(fill, n - l)
end

local function apply_spec(v, spec, field)
  if spec == "" then return tostring(v) end
  local fill, align, rest = spec:match("^(.)([<>%^])(.*)$")
  if not fill then
    align, rest = spec:match("^([<>%^]?)(.*)$")
    fill = " "
    if align == "" then align = nil end
  end
  local sign, zero, width, prec, ty = rest:match("^([+%- ]?)(0?)(%d*)%.?(%d*)([sdxXobeEfFgG%%]?)$")
  if not sign then
    error(sformat("bad format spec '%s' in field '%s'", spec, field), 3)
  end
  local numeric = type(v) == "number"
  if ty == "" then ty = numeric and (mtype(v) == "integer" and "d" or "g") or "s" end
  local str
  if ty == "s" then
    str = tostring(v)
    if prec ~= "" then str = ssub(str, 1, tonumber(prec)) end
  else
    if not numeric then
      v = tonumber(v)
      if not v then
        error(sformat("format spec '%s' in field '%s' needs a number", spec, field), 3)
      end
    end
    if ty == "d" or ty == "x" or ty == "X" or ty == "o" or ty == "b" then
      if mtype(v) ~= "integer" then
        local i = tointeger(v)
        if not i then error(sformat("field '%s' is not an integer", field), 3) end
        v = i
      end
      if ty == "b" then
        local neg = v < 0
        local u, digits = neg and -v or v, {}
        repeat digits[#digits + 1] = tostring(u % 2); u = u // 2 until u == 0
        str = (neg and "-" or "") .. concat(digits):reverse()
      else
        local a = v < 0 and -v or v
        str = (v < 0 and "-" or "") .. sformat("%" .. ty, a)
      end
    elseif ty == "%" then
      str = sformat("%." .. (prec ~= "" and prec or "6") .. "f%%", v * 100)
    else
      str = sformat("%" .. (prec ~= "" and "." .. prec or "") .. ty, v)
    end
    if sign == "+" and ssub(str, 1, 1) ~= "-" then str = "+" .. str
    elseif sign == " " and ssub(str, 1, 1) ~= "-" then str = " " .. str end
  end
  local w = tonumber(width) or 0
  if zero == "0" and not align and ty ~= "s" then
    local sgn = str:match("^[+%- ]") or ""
    local body = ssub(str, #sgn + 1)
    if #str < w then str = sgn .. srep("0", w - #str) .. body end
    return str
  end
  return pad(str, fill, align or (numeric and ty ~= "s" and ">" or "<"), w)
end

function S.fmt(s, ...)
  check(s, 1, "fmt")
  local nargs = select("#", ...)
  local args = { ... }
  local named = type(args[1]) == "table" and args[1] or nil
  local auto = 0
  local out, n, pos = {}, 0, 1
  while true do
    local b = sfind(s, "[{}]", pos)
    if not b then break end
    n = n + 1; out[n] = ssub(s, pos, b - 1)
    local c = ssub(s, b, b)
    if ssub(s, b + 1, b + 1) == c then
      n = n + 1; out[n] = c
      pos = b + 2
    elseif c == "}" then
      error(sformat("single '}' at position %d in format string", b), 2)
    else
      local e = sfind(s, "}", b + 1, true)
      if not e then error(sformat("unclosed '{' at position %d in format string", b), 2) end
      local field = ssub(s, b + 1, e - 1)
      local key, spec = field:match("^([^:]*):?(.*)$")
      local v
      if key == "" then
        auto = auto + 1
        if auto > nargs then
          error(sformat("format string needs argument %d, got %d", auto, nargs), 2)
        end
        v = args[auto]
      elseif key:match("^%d+$") then
        local i = tonumber(key)
        if i < 1 or i > nargs then
          error(sformat("format field {%s}: no argument %d (got %d)", key, i, nargs), 2)
        end
        v = args[i]
      else
        if not named then
          error(sformat("format field {%s} needs a table of fields as the first argument", key), 2)
        end
        v = named
        for part in key:gmatch("[^.]+") do
          if type(v) ~= "table" then
            error(sformat("format field {%s}: '%s' is not a table", key, part), 2)
          end
          v = v[part]
        end
        if v == nil then
          error(sformat("format field {%s} is not set", key), 2)
        end
      end
      n = n + 1; out[n] = apply_spec(v, spec, key)
      pos = e + 1
    end
  end
  n = n + 1; out[n] = ssub(s, pos)
  return concat(out)
end

return S
