/* Unit tests for interp/freeze.c: in one sandboxed state, code run as package A tries to
 * replace, add, raw-set and re-metatable every field of every table it can reach (the
 * library tables, the string metatable, require'd modules, an @include-style module with
 * nested tables); code run as package B must see exactly what A saw before its attack. The
 * walk is tests/harden/isolation_probe.lua, shared with harden.isolation (the real binary). */
#include "runtime/common.h"
#include "runtime/buf.h"
#include "interp/freeze.h"
#include "interp/state.h"
#include "tap.h"

#include <lauxlib.h>
#include <stdio.h>

/* Pushes a fresh environment table that reads the globals (a package's own _ENV). */
static void push_env(lua_State *L)
{
	lua_newtable(L);
	lua_createtable(L, 0, 1);
	lua_pushglobaltable(L);
	lua_setfield(L, -2, "__index");
	lua_setmetatable(L, -2);
}

/* Runs code in its own environment; leaves nres results. */
static int run_as_package(lua_State *L, const char *code, int nres, struct rt_error *err)
{
	if (li_state_load(L, code, strlen(code), "@pkg/package.lua", err) < 0)
		return -1;
	push_env(L);
	lua_setupvalue(L, -2, 1);
	return li_state_pcall(L, 0, nres, err);
}

/* lua_CFunction: freezes a chain of N nested tables (N at 1) as module 'chain' from file
 * chain.lua; returns the innermost table's frozen state. */
static int freeze_chain(lua_State *L)
{
	lua_Integer n = luaL_checkinteger(L, 1);
	lua_newtable(L);                                  /* n root */
	lua_pushvalue(L, -1);                             /* n root t */
	for (lua_Integer i = 1; i < n; i++) {
		lua_newtable(L);                          /* ... t u */
		lua_pushvalue(L, -1);
		lua_setfield(L, -3, "next");              /* t.next = u */
		lua_remove(L, -2);                        /* ... u */
	}
	li_freeze_table(L, 2, "module 'chain'", "chain.lua");
	lua_pushboolean(L, li_freeze_is_frozen(L, -1));
	return 1;
}

/* The freeze's depth bound: LI_FREEZE_MAX_DEPTH levels are frozen, deeper raises a named
 * error (a 30,000-deep table once reported "memory limit exceeded"), and the state keeps
 * working. */
static void test_depth(lua_State *L)
{
	static const lua_Integer sizes[] = { LI_FREEZE_MAX_DEPTH, LI_FREEZE_MAX_DEPTH + 1, 30000 };
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		int st;
		lua_settop(L, 0);
		lua_pushcfunction(L, freeze_chain);
		lua_pushinteger(L, sizes[i]);
		st = lua_pcall(L, 1, 1, 0);
		if (i == 0) {
			CHECKF(st == LUA_OK && lua_toboolean(L, -1), "%lld levels freeze: %s",
			       (long long)sizes[i], st == LUA_OK ? "ok" : lua_tostring(L, -1));
		} else {
			CHECKF(st == LUA_ERRRUN, "%lld levels are refused", (long long)sizes[i]);
			CHECK_STR(lua_tostring(L, -1), "module 'chain' (chain.lua) holds tables nested "
				  "too deeply (more than 200 levels)");
		}
	}
	lua_settop(L, 0);
}

int main(void)
{
	struct li_limits lim = LI_LIMITS_DEFAULT;
	struct rt_error err = RT_ERROR_INIT;
	struct rt_buf probe = RT_BUF_INIT;
	lua_State *L = li_state_new(&lim, &err);
	char *before = NULL, *after = NULL;
	lua_Integer tries = 0, wins = -1;
	int rc;

	CHECK(L != NULL);
	CHECK(rt_buf_read_file(&probe, "harden/isolation_probe.lua", 1 << 20) == 0);
	/* The module, as @include loads one: its own environment, then frozen. */
	CHECK(li_state_load(L, probe.buf, probe.len, "@isolation_probe.lua", &err) == 0);
	push_env(L);                                      /* chunk E */
	lua_pushvalue(L, -1);
	lua_setupvalue(L, -3, 1);
	lua_insert(L, -2);                                /* E chunk */
	CHECKF(li_state_pcall(L, 0, 0, &err) == 0, "%s", rt_error_msg(&err));
	li_freeze_table(L, -1, "module 'isolation_probe'", NULL);
	CHECK(li_freeze_is_frozen(L, -1));
	lua_setglobal(L, "isolation_probe");

	rc = run_as_package(L, "local fp = isolation_probe.fingerprint()\n"
			    "local tries, wins = isolation_probe.attack()\n"
			    "return fp, tries, wins\n", 3, &err);
	CHECKF(rc == 0, "%s", rt_error_msg(&err));
	if (lua_gettop(L) == 3) {
		before = rt_xstrdup(lua_tostring(L, 1));
		tries = lua_tointeger(L, 2);
		wins = lua_tointeger(L, 3);
		lua_settop(L, 0);
	}
	rc = run_as_package(L, "return isolation_probe.fingerprint()\n", 1, &err);
	CHECKF(rc == 0, "%s", rt_error_msg(&err));
	if (lua_gettop(L) == 1)
		after = rt_xstrdup(lua_tostring(L, 1));
	lua_settop(L, 0);
	CHECKF(tries > 500, "the attack tried %lld writes", (long long)tries);
	CHECKF(wins == 0, "%lld of %lld writes to shared tables succeeded", (long long)wins,
	       (long long)tries);
	CHECKF(before && after && rt_streq(before, after), "package B sees what A saw: %s vs %s",
	       before ? before : "?", after ? after : "?");

	/* Reads keep working everywhere. */
	CHECK(run_as_package(L, "assert(rawget(string, 'upper') == string.upper)\n"
			      "assert(next(math) ~= nil)\n"
			      "local n = 0 for _ in pairs(table) do n = n + 1 end assert(n >= 7)\n"
			      "assert(#isolation_probe.cfg.list == 3 and rawlen(isolation_probe.cfg.list) == 3)\n"
			      "for i, v in ipairs(isolation_probe.cfg.list) do assert(v == i) end\n"
			      "assert(getmetatable('').__index == string)\n"
			      "assert(getmetatable(string) == false)\n"
			      "local t = setmetatable({}, {__index = {x = 1}})\n"
			      "assert(getmetatable(t).__index.x == 1)\n"
			      "getmetatable(t).y = 2 rawset(t, 'z', 3) assert(t.z == 3)\n"
			      "assert(require('string') == string and require('_G') == _G)\n"
			      "assert(re.match('a+', 'aa') and path.join('a', 'b') == 'a/b')\n"
			      "return true\n", 1, &err) == 0);
	lua_settop(L, 0);
	/* A write names what is read-only. */
	CHECK(run_as_package(L, "string.upper = nil\n", 0, &err) == -1);
	CHECK_STR(rt_error_msg(&err), "pkg/package.lua:1: cannot assign 'upper': string is read-only");
	rt_error_release(&err);
	CHECK(run_as_package(L, "isolation_probe.cfg.a.b.c = 5\n", 0, &err) == -1);
	CHECK_STR(rt_error_msg(&err), "pkg/package.lua:1: cannot assign 'c': module "
		  "'isolation_probe'.cfg.a.b is read-only");
	rt_error_release(&err);
	CHECK(run_as_package(L, "setmetatable(getmetatable(''), {})\n", 0, &err) == -1);
	CHECK(strstr(rt_error_msg(&err), "cannot change a protected metatable") != NULL);
	rt_error_release(&err);

	test_depth(L);

	free(before);
	free(after);
	rt_buf_release(&probe);
	li_state_close(L);
	return tap_done();
}
