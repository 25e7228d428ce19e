-- re: Python-style regular expressions (stdlib/re.c)

-- match is anchored at the start, search is not, fullmatch covers the whole subject
local m = re.match("(\\d+)\\.(\\d+)", "10.42-x")
eq(m[0], "10.42", "match: whole")
eq(m[1], "10", "match: group 1")
eq(m[2], "42", "match: group 2")
eq(m:group(2), "42", "m:group(2)")
eq({ m:span(0) }, { 1, 5 }, "span of the whole match")
eq({ m:span(2) }, { 4, 5 }, "span of group 2")
eq(m:start(1), 1, "start")
eq(m:stop(1), 2, "stop")
eq({ m:groups() }, { "10", "42" }, "groups as values")
eq(re.match("\\d+", "x10"), nil, "match does not skip ahead")
eq(re.search("\\d+", "x10")[0], "10", "search skips ahead")
eq(re.search("\\d+", "x10 20", 4)[0], "20", "search from an init position")
check(re.fullmatch("\\d+", "123") ~= nil, "fullmatch whole")
eq(re.fullmatch("\\d+", "123x"), nil, "fullmatch refuses a prefix")

-- unset groups are false, so a match table has no holes
m = re.match("(a)|(b)", "b")
eq(m[1], false, "unset group is false")
eq(m[2], "b", "set group")
eq(m:span(1), nil, "span of an unset group is nil")

-- named groups
m = re.search("(?<major>\\d+)\\.(?<minor>\\d+)", "v1.2")
eq(m.named.major, "1", "named group")
eq(m.named.minor, "2", "named group 2")
eq(m:group("minor"), "2", "group by name")
eq({ m:span("minor") }, { 4, 4 }, "span by name")
raises("no group named 'nope'", function() return m:group("nope") end)
raises("no group 3", function() return m:group(3) end)
check(m.re.pattern == "(?<major>\\d+)\\.(?<minor>\\d+)", "match keeps its pattern")

-- flags
check(re.match("abc", "ABC", 1, "i") ~= nil, "flag i")
eq(re.find_all("^\\w+", "a\nb\nc", "m"), { "a", "b", "c" }, "flag m")
check(re.match("a.b", "a\nb", 1, "s") ~= nil, "flag s")
eq(re.match("a.b", "a\nb"), nil, "no s: dot stops at newline")
check(re.match("a b # comment", "ab", 1, "x") ~= nil, "flag x")
eq(re.match(".", "é", 1, "u")[0], "é", "flag u: a dot is a character")
eq(re.match(".", "é")[0], "\xc3", "without u: a dot is a byte")
check(re.match("\\w", "é", 1, "u") ~= nil, "flag u: \\w is Unicode-aware")
raises("unknown flag 'q'", re.match, "a", "a", 1, "q")
raises("not valid UTF-8", re.match, ".", "\xff", 1, "u")

-- compiled patterns and the cache
local p = re.compile("(\\w+)=(\\w+)")
eq(p.groups, 2, "pattern group count")
eq(p.pattern, "(\\w+)=(\\w+)", "pattern source")
eq(tostring(p), "re.Pattern((\\w+)=(\\w+))", "tostring of a pattern")
eq(p:match("a=b")[2], "b", "method match")
eq(p:find_all("a=b c=d"), { { "a", "b" }, { "c", "d" } }, "method find_all")
eq(p:sub("\\2=\\1", "a=b"), "b=a", "method sub")
check(rawequal(re.compile("x+"), re.compile("x+")), "the cache returns the same object")
check(not rawequal(re.compile("x+"), re.compile("x+", "i")), "flags are part of the cache key")
raises("flags cannot be given", re.compile, p, "i")
for i = 1, 600 do re.search("k" .. i, "k" .. i) end   -- past the cache bound: still works
eq(re.search("k1", "k1")[0], "k1", "cache bound")
do
  local q <close> = re.compile("zz")
  eq(q:search("azz")[0], "zz", "to-be-closed pattern")
end

-- bad patterns name the pattern and the offset; limits stop catastrophic backtracking
raises("bad pattern '(a' at offset 2", re.compile, "(a")
local err = raises("re: bad pattern", function() re.search("a[", "x") end)
check(err:find("re.lua:%d+:") ~= nil, "the error names the caller's file and line: " .. tostring(err))
raises("too much backtracking", re.search, "(a+)+$", string.rep("a", 40) .. "b")
raises("too much backtracking", re.find_all, "(x+x+)+[yz]", string.rep("x", 60))

-- find_all: Python's findall shapes
eq(re.find_all("\\d+", "a1b22c333"), { "1", "22", "333" }, "find_all without groups")
eq(re.find_all("(\\d)\\d*", "a1b22c333"), { "1", "2", "3" }, "find_all with one group")
eq(re.find_all("(a)|(b)", "ab"), { { "a", "" }, { "", "b" } }, "find_all, unset groups are empty")
eq(re.find_all("x*", "axb"), { "", "x", "", "" }, "find_all with empty matches (Python 3.7)")
eq(re.find_all("q", "abc"), {}, "find_all with no match")

-- finditer
local got = {}
for mm in re.finditer("(\\w)(\\d)", "a1 b2 c3") do got[#got + 1] = mm[1] .. mm:start() end
eq(got, { "a1", "b4", "c7" }, "finditer")
got = 0
for _ in re.finditer("", "abc") do got = got + 1 end
eq(got, 4, "finditer on empty matches terminates")

-- sub: templates, functions, counts
eq(re.sub("(\\w+)@(\\w+)", "\\2 at \\1", "joe@host"), "host at joe", "sub with \\N")
eq(re.sub("(?<u>\\w+)@(?<h>\\w+)", "\\g<h>/\\g<u>/\\g<0>", "joe@host"), "host/joe/joe@host", "sub with \\g<name>")
eq(re.sub("a", "\\\\", "banana"), "b\\n\\n\\", "sub with an escaped backslash")
eq({ re.sub("a", "o", "banana", 2) }, { "bonona", 2 }, "sub with count")
eq({ re.sub("x*", "-", "abxd") }, { "-a-b--d-", 5 }, "sub with empty matches (Python 3.7)")
eq(re.sub("\\d+", function(mm) return tostring(tonumber(mm[0]) * 2) end, "a1b20"), "a2b40", "sub with a function")
eq(re.sub("\\d", function() return nil end, "a1"), "a1", "function returning nil keeps the text")
eq(re.sub("(a)|b", "[\\1]", "ab"), "[a][]", "unset group expands to nothing")
raises("bad escape", re.sub, "a", "\\q", "a")
raises("refers to group 3", re.sub, "(a)", "\\3", "a")
raises("unknown group name 'zz'", re.sub, "(a)", "\\g<zz>", "a")
raises("not a string", re.sub, "a", function() return {} end, "a")
raises("string or function", re.sub, "a", 5, "a")

-- split
eq(re.split("[,;]\\s*", "a, b;c"), { "a", "b", "c" }, "split")
eq(re.split("(,)", "a,b"), { "a", ",", "b" }, "split keeps captured separators")
eq(re.split(",", "a,b,c", 1), { "a", "b,c" }, "split with maxsplit")
eq(re.split("x*", "axb"), { "", "a", "", "b", "" }, "split on empty matches (Python 3.7)")

-- escape
eq(re.escape("a.b*c"), "a\\.b\\*c", "escape")
check(re.match(re.escape("1.0+[x]"), "1.0+[x]") ~= nil, "escaped text matches itself")

-- argument errors
raises("bad argument #2 to 'rez.re.search'", re.search, "a", nil)
raises("bad argument #1 to 'rez.re.compile'", re.compile, {})

-- require gives the same table
check(rawequal(require("rez.re"), re), "require('rez.re') is the global")
