/* Unit tests for interp/pattern.c: the sandbox's step-budgeted string.find/match/gmatch/gsub
 * against real Lua's (a plain state with luaL_openlibs in the same program) on thousands of
 * generated pattern/subject pairs, and every hostile case ending within the budget. */
#include "runtime/common.h"
#include "runtime/buf.h"
#include "interp/state.h"
#include "tap.h"

#include <lauxlib.h>
#include <lualib.h>
#include <stdio.h>

/* Runs every operation on (s, p, init) and returns one string describing all results and
 * errors, so the two implementations can be compared as text. */
static const char probe_src[] =
	"local function ser(...)\n"
	"  local n, out = select('#', ...), {}\n"
	"  for i = 1, n do local v = select(i, ...)\n"
	"    out[#out + 1] = type(v) == 'string' and string.format('%q', v) or tostring(v) end\n"
	"  return table.concat(out, ',')\n"
	"end\n"
	"local function try(f, ...)\n"
	"  local r = table.pack(pcall(f, ...))\n"
	"  if not r[1] then return 'E:' .. tostring(r[2]) end\n"
	"  return ser(table.unpack(r, 2, r.n))\n"
	"end\n"
	"local function all(s, p, init)\n"
	"  local out = {}\n"
	"  local function put(x) out[#out + 1] = x end\n"
	"  put(try(string.find, s, p))\n"
	"  put(try(string.find, s, p, init))\n"
	"  put(try(string.find, s, p, init, true))\n"
	"  put(try(string.match, s, p))\n"
	"  put(try(string.match, s, p, init))\n"
	"  for _, i in ipairs({1, init}) do\n"
	"    put(try(function()\n"
	"      local acc, k = {}, 0\n"
	"      for a, b, c in string.gmatch(s, p, i) do\n"
	"        k = k + 1; acc[#acc + 1] = ser(a, b, c); if k > 40 then break end\n"
	"      end\n"
	"      return table.concat(acc, ';')\n"
	"    end))\n"
	"  end\n"
	"  put(try(string.gsub, s, p, '<%0>'))\n"
	"  put(try(string.gsub, s, p, '[%1|%%]', 3))\n"
	"  put(try(string.gsub, s, p, {a = 'A', ['1'] = false, b = 7}))\n"
	"  put(try(string.gsub, s, p, function(a, b) if a == 'b' then return nil end\n"
	"    return tostring(a) .. '/' .. tostring(b) end))\n"
	"  put(try(string.gsub, s, p, '%2'))\n"
	"  put(try(string.gsub, s, p, '%'))\n"
	"  return table.concat(out, '\\n')\n"
	"end\n"
	"return all\n";

/* ---- generating cases ---- */

static unsigned long long rng = 0x9e3779b97f4a7c15ULL;

static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static const char subject_chars[] = "aaabbbc  xyzAB019_-.()[]%$^*+?\t\n\x01\xe9";

static void gen_subject(struct rt_buf *b)
{
	unsigned n = rnd(24);
	for (unsigned i = 0; i < n; i++)
		rt_buf_addch(b, subject_chars[rnd(sizeof(subject_chars) - 1)]);
	if (rnd(20) == 0)
		rt_buf_addch(b, '\0');
}

static const char *const classes[] = {
	"%a", "%c", "%d", "%g", "%l", "%p", "%s", "%u", "%w", "%x",
	"%A", "%C", "%D", "%G", "%L", "%P", "%S", "%U", "%W", "%X",
	"%.", "%%", "%(", "%]", "%-", ".", "%z", "%Z"
};

static const char *const sets[] = {
	"[abc]", "[^a]", "[a-c]", "[%d_]", "[a-]", "[]]", "[^]]", "[%a%-]", "[-a]", "[x-z0-9]",
	"[^%s]", "[%]]", "[.]", "[^%w%s]", "[a%-c]", "[%", "[a", "[^"
};

static void gen_item(struct rt_buf *b, int depth, int *open)
{
	switch (rnd(14)) {
	case 0: case 1: case 2:
		rt_buf_addch(b, "abcxyz AB1.-"[rnd(12)]);
		break;
	case 3: case 4:
		rt_buf_adds(b, classes[rnd(RT_ARRAY_LEN(classes))]);
		break;
	case 5: case 6:
		rt_buf_adds(b, sets[rnd(RT_ARRAY_LEN(sets))]);
		break;
	case 7:
		if (depth < 3) {
			rt_buf_addch(b, '(');
			(*open)++;
			gen_item(b, depth + 1, open);
			if (rnd(8)) {
				rt_buf_addch(b, ')');
				(*open)--;
			}
		}
		return;
	case 8:
		rt_buf_adds(b, "()");
		return;
	case 9:
		rt_buf_adds(b, rnd(2) ? "%b()" : (rnd(2) ? "%bab" : "%b"));
		return;
	case 10:
		rt_buf_adds(b, rnd(3) ? "%f[%w]" : (rnd(2) ? "%f[^a]" : "%fa"));
		return;
	case 11:
		rt_buf_addf(b, "%%%u", rnd(4));
		return;
	case 12:
		if (*open > 0 && rnd(2)) {
			rt_buf_addch(b, ')');
			(*open)--;
		} else {
			rt_buf_addch(b, "$^%"[rnd(3)]);
		}
		return;
	default:
		rt_buf_addch(b, (char)rnd(256));
		return;
	}
	if (rnd(3) == 0)
		rt_buf_addch(b, "*+-?"[rnd(4)]);
}

static void gen_pattern(struct rt_buf *b)
{
	int open = 0;
	unsigned n = 1 + rnd(7);
	if (rnd(5) == 0)
		rt_buf_addch(b, '^');
	for (unsigned i = 0; i < n; i++)
		gen_item(b, 0, &open);
	while (open-- > 0 && rnd(6))
		rt_buf_addch(b, ')');
	if (rnd(6) == 0)
		rt_buf_addch(b, '$');
}

/* ---- running both ---- */

static int push_probe(lua_State *L)
{
	if (luaL_loadbufferx(L, probe_src, sizeof(probe_src) - 1, "=probe", "t") != LUA_OK)
		return -1;
	lua_call(L, 0, 1);
	return 0;
}

static char *run_real(lua_State *L, const struct rt_buf *s, const struct rt_buf *p, int init)
{
	char *out;
	lua_pushvalue(L, 1);
	lua_pushlstring(L, s->buf, s->len);
	lua_pushlstring(L, p->buf, p->len);
	lua_pushinteger(L, init);
	if (lua_pcall(L, 3, 1, 0) != LUA_OK)
		out = rt_xstrfmt("probe failed: %s", lua_tostring(L, -1));
	else
		out = rt_xstrdup(lua_tostring(L, -1));
	lua_pop(L, 1);
	return out;
}

static char *run_sandbox(lua_State *L, const struct rt_buf *s, const struct rt_buf *p, int init)
{
	struct rt_error err = RT_ERROR_INIT;
	char *out;
	lua_pushvalue(L, 1);
	lua_pushlstring(L, s->buf, s->len);
	lua_pushlstring(L, p->buf, p->len);
	lua_pushinteger(L, init);
	if (li_state_pcall(L, 3, 1, &err) < 0) {
		out = rt_xstrfmt("probe failed: %s", rt_error_msg(&err));
		rt_error_release(&err);
		return out;
	}
	out = rt_xstrdup(lua_tostring(L, -1));
	lua_pop(L, 1);
	return out;
}

static void differential(int cases)
{
	struct li_limits lim = LI_LIMITS_DEFAULT;
	struct rt_error err = RT_ERROR_INIT;
	lua_State *real = luaL_newstate(), *sb = li_state_new(&lim, &err);
	int same = 0, shown = 0;

	luaL_openlibs(real);
	CHECK(push_probe(real) == 0);
	CHECK(sb != NULL);
	if (!sb)
		return;
	/* The probe runs in the sandbox as trusted test code: load it with the state's
	 * loader, then keep the function at index 1 like in the plain state. */
	CHECK(li_state_load(sb, probe_src, sizeof(probe_src) - 1, "=probe", &err) == 0);
	CHECK(li_state_pcall(sb, 0, 1, &err) == 0);
	for (int i = 0; i < cases; i++) {
		struct rt_buf s = RT_BUF_INIT, p = RT_BUF_INIT;
		char *a, *b;
		int init = (int)rnd(30) - 10;
		gen_subject(&s);
		gen_pattern(&p);
		a = run_real(real, &s, &p, init);
		b = run_sandbox(sb, &s, &p, init);
		if (rt_streq(a, b)) {
			same++;
		} else if (shown++ < 5) {
			fprintf(stderr, "# differs: subject %zu bytes, pattern '%s', init %d\n"
				"# lua:\n%s\n# sandbox:\n%s\n", s.len, p.buf, init, a, b);
		}
		free(a);
		free(b);
		rt_buf_release(&s);
		rt_buf_release(&p);
	}
	CHECKF(same == cases, "%d of %d generated cases give Lua's results", same, cases);
	lua_close(real);
	li_state_close(sb);
}

/* Fixed cases worth naming (the generator reaches them only by luck). */
static const char *const fixed[][2] = {
	{ "hello world from Lua", "(%w+)" }, { "  x = 1, y = 2", "(%w+)%s*=%s*(%w+)" },
	{ "THE (quick) fox", "%f[%a]%a+" }, { "f(a(b)c)d", "%b()" }, { "abcabc", "(abc)%1" },
	{ "aaa", "a-" }, { "aaa", "^a-$" }, { "x", "()" }, { "", "" }, { "abc", "" },
	{ "a.b", "%." }, { "a+b", "a+b" }, { "[]", "[]]" }, { "^a", "^a" }, { "a$b", "a$b" },
	{ "abc", "((a)(b))" }, { "abc", "(a)(b)(c)%3%2" }, { "abc", "%1" }, { "abc", "(a" },
	{ "abc", "a)" }, { "abc", "%" }, { "abc", "[a" }, { "abc", "%f" }, { "abc", "%bx" },
	{ "abc", "(()a)" }, { "\0a\0", "%z" }, { "\0a\0", "[\0]" }, { "THE END", "%u+$" },
};

static void fixed_cases(void)
{
	struct li_limits lim = LI_LIMITS_DEFAULT;
	struct rt_error err = RT_ERROR_INIT;
	lua_State *real = luaL_newstate(), *sb = li_state_new(&lim, &err);
	luaL_openlibs(real);
	push_probe(real);
	li_state_load(sb, probe_src, sizeof(probe_src) - 1, "=probe", &err);
	li_state_pcall(sb, 0, 1, &err);
	for (size_t i = 0; i < RT_ARRAY_LEN(fixed); i++) {
		struct rt_buf s = RT_BUF_INIT, p = RT_BUF_INIT;
		char *a, *b;
		rt_buf_adds(&s, fixed[i][0]);
		rt_buf_adds(&p, fixed[i][1]);
		for (int init = -3; init <= 4; init += 7) {
			a = run_real(real, &s, &p, init);
			b = run_sandbox(sb, &s, &p, init);
			CHECKF(rt_streq(a, b), "'%s' on '%s' (init %d):\nlua:\n%s\nsandbox:\n%s", fixed[i][1],
			       fixed[i][0], init, a, b);
			free(a);
			free(b);
		}
		rt_buf_release(&s);
		rt_buf_release(&p);
	}
	/* Depth: Lua's matcher gives up at 200 nested calls; so does ours. */
	{
		struct rt_buf s = RT_BUF_INIT, p = RT_BUF_INIT;
		char *a, *b;
		rt_buf_addchars(&s, 'a', 300);
		for (int k = 0; k < 250; k++)
			rt_buf_adds(&p, "a?");
		a = run_real(real, &s, &p, 1);
		b = run_sandbox(sb, &s, &p, 1);
		CHECK(strstr(a, "pattern too complex") != NULL);
		CHECK_STR(b, a);
		free(a);
		free(b);
		rt_buf_release(&s);
		rt_buf_release(&p);
	}
	lua_close(real);
	li_state_close(sb);
}

/* ---- hostile cases: each must end with a located budget error ---- */

static void expect_error(const char *code, const char *want)
{
	struct li_limits lim = LI_LIMITS_DEFAULT;
	struct rt_error err = RT_ERROR_INIT;
	lua_State *L = li_state_new(&lim, &err);
	int rc = li_state_load(L, code, strlen(code), "@pkg/package.lua", &err);
	if (rc == 0)
		rc = li_state_pcall(L, 0, 0, &err);
	CHECKF(rc == -1 && err.msg && strstr(err.msg, want), "%s\n  got: %s\n  want: %s", code,
	       rc == 0 ? "(success)" : rt_error_msg(&err), want);
	rt_error_release(&err);
	li_state_close(L);
}

static void hostile(void)
{
	const char *evil = "local s = ('a'):rep(30000)\nlocal p = ('a*'):rep(30) .. 'b'\n";
	char *code;
	static const char *const calls[][2] = {
		{ "string.find(s, p)", "string.find" }, { "s:match(p)", "string.match" },
		{ "for _ in s:gmatch(p) do end", "string.gmatch" }, { "s:gsub(p, 'x')", "string.gsub" },
		{ "pcall(string.find, s, p) string.find(s, p)", "string.find" },
	};
	for (size_t i = 0; i < RT_ARRAY_LEN(calls); i++) {
		code = rt_xstrfmt("%s%s\n", evil, calls[i][0]);
		char *want = rt_xstrfmt("pkg/package.lua:3: instruction limit exceeded in %s",
					calls[i][1]);
		expect_error(code, want);
		free(code);
		free(want);
	}
	/* the same in a gsub replacement function's own matching */
	expect_error("local s = ('a'):rep(3000)\n"
		     "local r = ('x'):gsub('x', function() return s:find(('a-'):rep(20) .. 'b') end)\n",
		     "pkg/package.lua:2: instruction limit exceeded in string.find");
	/* %b and back-references on long subjects, in a loop */
	expect_error("local s = ('('):rep(100000)\nfor i = 1, 1e9 do s:find('%b()') end\n",
		     "pkg/package.lua:2: instruction limit exceeded");
	expect_error("local s = ('ab'):rep(50000)\nfor i = 1, 1e9 do s:find('(a.-)%1%1x') end\n",
		     "pkg/package.lua:2: instruction limit exceeded");
	/* plain find over a large subject, many times */
	expect_error("local s = ('a'):rep(1e7)\nfor i = 1, 1e9 do s:find('b', 1, true) end\n",
		     "pkg/package.lua:2: instruction limit exceeded");
	/* string.rep of empty pieces loops n times in Lua's own rep */
	expect_error("assert(('').rep('', 1e15) == '') assert(('').rep('', 1e15, '') == '')\n"
		     "error('done')\n", "pkg/package.lua:2: done");
	expect_error("local s = ('x'):rep(1e15)\n", "pkg/package.lua:1: memory limit exceeded");
	/* large C-side loops in the table library */
	expect_error("table.move({}, 1, 1e15, 1)\n", "pkg/package.lua:1: instruction limit exceeded in table.move");
	expect_error("local t = setmetatable({}, {__len = function() return 1e15 end})\n"
		     "table.insert(t, 1, 'x')\n", "pkg/package.lua:2: instruction limit exceeded in table.insert");
	expect_error("local t = setmetatable({}, {__len = function() return 1e15 end})\n"
		     "table.remove(t, 1)\n", "pkg/package.lua:2: instruction limit exceeded in table.remove");
	expect_error("local t = {}\nfor i = 1, 1e5 do t[i] = i end\n"
		     "for i = 1, 1e9 do table.insert(t, 1, i) end\n",
		     "pkg/package.lua:3: instruction limit exceeded");
	expect_error("local t = {}\nfor i = 1, 1e6 do t[i] = 'x' end\n"
		     "for i = 1, 1e9 do local _ = table.concat(t) end\n",
		     "pkg/package.lua:3: instruction limit exceeded");
	expect_error("local t = {}\nfor i = 1, 1e6 do t[i] = 1 end\n"
		     "for i = 1, 1e9 do local _ = #{table.unpack(t, 1, 1e5)} end\n",
		     "instruction limit exceeded");
	/* linear string functions in a loop: paid by allocation, or by length */
	expect_error("local s = ('x'):rep(1e7)\nfor i = 1, 1e9 do local u = s:upper() end\n",
		     "pkg/package.lua:2: instruction limit exceeded");
	expect_error("local s = ('x'):rep(1e7)\nfor i = 1, 1e9 do local n = utf8.len(s) end\n",
		     "pkg/package.lua:2: instruction limit exceeded");
	expect_error("local s = ('x'):rep(1e5)\nfor i = 1, 1e9 do local n = select('#', s:byte(1, -1)) end\n",
		     "pkg/package.lua:2: instruction limit exceeded");
	expect_error("local s = ('x'):rep(1e6)\nfor i = 1, 1e9 do local r = s:gsub('x', '%0') end\n",
		     "pkg/package.lua:2: instruction limit exceeded");
}

int main(void)
{
	fixed_cases();
	differential(getenv("PATTERN_CASES") ? atoi(getenv("PATTERN_CASES")) : 4000);
	hostile();
	return tap_done();
}
