/* Unit tests for the sandboxed Lua state: what is denied, the budgets, error locations. */
#include "runtime/common.h"
#include "runtime/buf.h"
#include "interp/state.h"
#include "tap.h"

#include <lauxlib.h>
#include <lualib.h>
#include <stdio.h>

#define LONG_PATH "/some/really/long/directory/name/that/goes/on/and/on/repo/foo/1.0.0/package.lua"

/* Runs `code` as chunk "@name" in L; returns 0 or -1 with the message in *msg (malloc'd). */
static int run_in(lua_State *L, const char *code, const char *name, char **msg)
{
	struct rt_error err = RT_ERROR_INIT;
	char *chunk = rt_xstrfmt("@%s", name);
	int rc = li_state_load(L, code, strlen(code), chunk, &err);
	free(chunk);
	if (rc == 0)
		rc = li_state_pcall(L, 0, 1, &err);
	if (rc == 0)
		lua_pop(L, 1);
	*msg = err.msg ? rt_xstrdup(err.msg) : NULL;
	rt_error_release(&err);
	return rc;
}

static int run(const char *code, char **msg)
{
	struct li_limits lim = LI_LIMITS_DEFAULT;
	struct rt_error err = RT_ERROR_INIT;
	lua_State *L;
	int rc;

	lim.max_instructions = 50000000;
	lim.max_memory = 32 << 20;
	L = li_state_new(&lim, &err);
	if (!L) {
		*msg = rt_xstrdup(rt_error_msg(&err));
		rt_error_release(&err);
		return -2;
	}
	rc = run_in(L, code, "pkg.lua", msg);
	li_state_close(L);
	return rc;
}

/* The chunk must fail with exactly `want`. */
static void expect_error(const char *code, const char *want)
{
	char *msg = NULL;
	int rc = run(code, &msg);
	CHECKF(rc == -1, "code %s", code);
	CHECK_STR(msg, want);
	free(msg);
}

/* The chunk must succeed and return true. */
static void expect_true(const char *code)
{
	struct li_limits lim = LI_LIMITS_DEFAULT;
	struct rt_error err = RT_ERROR_INIT;
	lua_State *L = li_state_new(&lim, &err);
	int rc;
	CHECK(L != NULL);
	if (!L)
		return;
	rc = li_state_load(L, code, strlen(code), "@t.lua", &err);
	if (rc == 0)
		rc = li_state_pcall(L, 0, 1, &err);
	CHECKF(rc == 0 && lua_toboolean(L, -1), "%s: %s", code, err.msg ? err.msg : "returned false");
	rt_error_release(&err);
	li_state_close(L);
}

static void test_denied(void)
{
	expect_error("os.execute('true')",
		     "pkg.lua:1: attempt to call a nil value (field 'execute')");
	expect_error("\nio.open('/etc/passwd')", "pkg.lua:2: attempt to index a nil value (global 'io')");
	expect_error("dofile('/etc/passwd')", "pkg.lua:1: attempt to call a nil value (global 'dofile')");
	expect_error("loadfile('/etc/passwd')",
		     "pkg.lua:1: attempt to call a nil value (global 'loadfile')");
	expect_error("return debug.getinfo(1)", "pkg.lua:1: attempt to index a nil value (global 'debug')");
	expect_error("return package.loaded", "pkg.lua:1: attempt to index a nil value (global 'package')");
	expect_error("collectgarbage('stop')",
		     "pkg.lua:1: attempt to call a nil value (global 'collectgarbage')");
	expect_error("os.remove('x')", "pkg.lua:1: attempt to call a nil value (field 'remove')");
	expect_error("os.exit(1)", "pkg.lua:1: attempt to call a nil value (field 'exit')");
	expect_error("require('os').execute('true')",
		     "pkg.lua:1: attempt to call a nil value (field 'execute')");
	expect_error("require('io')", "pkg.lua:1: module 'io' not found");
	expect_error("string.dump(function() end)",
		     "pkg.lua:1: attempt to call a nil value (field 'dump')");
	/* What stays available. */
	expect_true("return os.time() > 0 and type(os.getenv('PATH')) == 'string' and os.clock() >= 0");
	expect_true("return string.format('%d', 3) == '3' and math.max(1, 2) == 2 and utf8.char(65) == 'A'");
	expect_true("return table.concat({1, 2}, ',') == '1,2' and select('#', 1, 2) == 2");
	expect_true("return require('string') == string");
}

static int buf_writer(lua_State *L, const void *p, size_t sz, void *ud)
{
	rt_buf_add(ud, p, sz);
	return 0;
}

static void test_binary(void)
{
	lua_State *P = luaL_newstate();
	struct rt_buf bin = RT_BUF_INIT;
	struct rt_error err = RT_ERROR_INIT;
	lua_State *L = li_state_new(NULL, &err);
	char *msg = NULL;

	luaL_loadstring(P, "return 42");
	lua_dump(P, buf_writer, &bin, 0);
	lua_close(P);
	CHECK(bin.len > 4);

	CHECK(li_state_load(L, bin.buf, bin.len, "@bin.lua", &err) == -1);
	CHECK_STR(err.msg, "attempt to load a binary chunk (mode is 't')");
	rt_error_release(&err);

	lua_pushlstring(L, bin.buf, bin.len);
	lua_setglobal(L, "BIN");
	CHECK(run_in(L, "local f, e = load(BIN) return f == nil and e:find('binary') ~= nil", "b.lua",
		     &msg) == 0);
	free(msg);
	CHECK(run_in(L, "local f, e = load(BIN, 'x', 'b') assert(f == nil) error(e)", "b.lua", &msg) == -1);
	CHECK_STR(msg, "b.lua:1: attempt to load a binary chunk (mode is 't')");
	free(msg);
	CHECK(run_in(L, "load(function() return nil end)", "b.lua", &msg) == -1);
	CHECK_STR(msg, "b.lua:1: bad argument #1 to 'load' (only text chunks (strings) can be loaded)");
	free(msg);
	/* Without an explicit env, load gives the chunk the caller's environment. */
	CHECK(run_in(L, "local env = {x = 5, load = load}\n"
			"local f = load('return function() return load(\"return x\")() end', 'c', 't', env)\n"
			"return f()() == 5", "e.lua", &msg) == 0);
	free(msg);
	CHECK(run_in(L, "local f = load('y = 1', 'c', 't', {}) f() return y == nil", "e.lua", &msg) == 0);
	free(msg);
	rt_buf_release(&bin);
	li_state_close(L);
}

static void test_budgets(void)
{
	char *msg = NULL;

	expect_error("local x = 1\nwhile true do end", "pkg.lua:2: instruction limit exceeded");
	/* pcall cannot swallow the instruction budget error. */
	expect_error("for i = 1, 3 do\n  pcall(function() while true do end end)\nend\nreturn 1",
		     "pkg.lua:1: instruction limit exceeded");
	run("local ok = pcall(function() while true do end end) return ok", &msg);
	CHECK(msg && strstr(msg, "instruction limit exceeded"));
	free(msg);
	expect_error("local s = string.rep('x', 1e12)", "pkg.lua:1: memory limit exceeded");
	expect_error("\n\nlocal ok = pcall(string.rep, 'x', 1e12)\nreturn ok",
		     "pkg.lua:3: memory limit exceeded");
	CHECK(run("local t = {}\nwhile true do t[#t + 1] = {} end", &msg) == -1);
	CHECK(msg && (rt_streq(msg, "pkg.lua:2: memory limit exceeded")));
	free(msg);
	CHECK(run("local t = {}\nfor i = 1, 1e9 do t[i] = i end", &msg) == -1);
	CHECKF(msg && strstr(msg, "pkg.lua:2: memory limit exceeded"), "%s", msg);
	free(msg);

	/* Budgets are per top-level call: a state survives a tripped budget. */
	{
		struct li_limits lim = { 100000, 8 << 20, 0 };
		struct rt_error err = RT_ERROR_INIT;
		lua_State *L = li_state_new(&lim, &err);
		CHECK(run_in(L, "while true do end", "a.lua", &msg) == -1);
		CHECK_STR(msg, "a.lua:1: instruction limit exceeded");
		free(msg);
		CHECK(run_in(L, "local n = 0 for i = 1, 1000 do n = n + i end return n", "a.lua", &msg) == 0);
		free(msg);
		CHECK(run_in(L, "string.rep('x', 1 << 24)", "a.lua", &msg) == -1);
		CHECK_STR(msg, "a.lua:1: memory limit exceeded");
		free(msg);
		CHECK(run_in(L, "return #string.rep('x', 1 << 20) == 1 << 20", "a.lua", &msg) == 0);
		free(msg);
		li_state_close(L);
	}
	/* Unlimited budgets. */
	{
		struct li_limits lim = { 0, 0, 0 };
		struct rt_error err = RT_ERROR_INIT;
		lua_State *L = li_state_new(&lim, &err);
		CHECK(run_in(L, "local n = 0 for i = 1, 3e6 do n = n + 1 end return n", "u.lua", &msg) == 0);
		free(msg);
		li_state_close(L);
	}
}

static void test_messages(void)
{
	char *msg = NULL;
	struct rt_error err = RT_ERROR_INIT;
	lua_State *L = li_state_new(NULL, &err);

	expect_error("\n\nerror('boom')", "pkg.lua:3: boom");
	expect_error("error({})", "pkg.lua:1: (error object is a table value)");
	expect_error("error(setmetatable({}, {__tostring = function() return 'obj' end}))",
		     "pkg.lua:1: obj");
	expect_error("local x = nil\nreturn x.y", "pkg.lua:2: attempt to index a nil value (local 'x')");
	expect_error("string.rep()", "pkg.lua:1: bad argument #1 to 'rep' (string expected, got no value)");
	expect_error("local function f() error('deep', 2) end\n\nf()", "pkg.lua:3: deep");

	/* Long paths are not truncated the way Lua's short_src would. */
	CHECK(run_in(L, "\nerror('x')", LONG_PATH, &msg) == -1);
	CHECK_STR(msg, LONG_PATH ":2: x");
	free(msg);
	CHECK(run_in(L, "\nlocal t = nil + 1", LONG_PATH, &msg) == -1);
	CHECK_STR(msg, LONG_PATH ":2: attempt to perform arithmetic on a nil value");
	free(msg);
	CHECK(li_state_load(L, "x = = 1", 7, "@" LONG_PATH, &err) == -1);
	CHECK_STR(err.msg, LONG_PATH ":1: unexpected symbol near '='");
	rt_error_release(&err);
	CHECK(li_state_load(L, "\n\nlocal = 1", 11, "@p.lua", &err) == -1);
	CHECK_STR(err.msg, "p.lua:3: <name> expected near '='");
	rt_error_release(&err);
	li_state_close(L);
}

static void test_trusted(void)
{
	expect_true("return io == nil and os.execute == nil");
	{
		struct li_limits lim = LI_LIMITS_DEFAULT;
		struct rt_error err = RT_ERROR_INIT;
		lua_State *L;
		char *msg = NULL;
		lim.trusted = 1;
		L = li_state_new(&lim, &err);
		CHECK(run_in(L, "return type(io.open) == 'function' and type(os.execute) == 'function'",
			     "t.lua", &msg) == 0);
		free(msg);
		li_state_close(L);
	}
}

int main(void)
{
	test_denied();
	test_binary();
	test_budgets();
	test_messages();
	test_trusted();
	return tap_done();
}
