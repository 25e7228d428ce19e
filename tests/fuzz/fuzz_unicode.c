/* fuzz_unicode.c - libFuzzer target for the `unicode` module: arbitrary bytes through every
 * entry point. Invariants checked: validate() agrees with whether the other functions
 * raise; normalisation forms are idempotent; graphemes concatenate back to the input. */
#include "runtime/common.h"
#include "stdlib/stdlib.h"

#include <lauxlib.h>
#include <lualib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char script[] =
	"local s = ...\n"
	"local valid = unicode.validate(s)\n"
	"for _, f in ipairs{'NFC', 'NFD', 'NFKC', 'NFKD'} do\n"
	"  local ok, n = pcall(unicode.normalize, s, f)\n"
	"  assert(ok == valid, 'normalize raised on valid input or accepted invalid input')\n"
	"  if ok then assert(unicode.normalize(n, f) == n, f .. ' is not idempotent') end\n"
	"end\n"
	"for _, fn in ipairs{unicode.casefold, unicode.upper, unicode.lower, unicode.width, unicode.len} do\n"
	"  local ok = pcall(fn, s)\n"
	"  assert(ok == valid, 'a function disagrees with validate')\n"
	"end\n"
	"local ok, it = pcall(unicode.graphemes, s)\n"
	"assert(ok == valid)\n"
	"if ok then\n"
	"  local parts = {}\n"
	"  for g in it do parts[#parts + 1] = g end\n"
	"  assert(table.concat(parts) == s, 'graphemes do not cover the input')\n"
	"end\n";

static lua_State *L;
static int script_ref;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!L) {
		L = luaL_newstate();
		luaL_requiref(L, LUA_GNAME, luaopen_base, 1);
		luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 1);
		luaL_requiref(L, LUA_TABLIBNAME, luaopen_table, 1);
		luaL_requiref(L, LUA_UTF8LIBNAME, luaopen_utf8, 1);
		luaL_requiref(L, LUA_MATHLIBNAME, luaopen_math, 1);
		lua_settop(L, 0);
		rez_stdlib_open(L);
		if (luaL_loadbufferx(L, script, sizeof script - 1, "=fuzz_unicode", "t") != LUA_OK)
			abort();
		script_ref = luaL_ref(L, LUA_REGISTRYINDEX);
	}
	lua_rawgeti(L, LUA_REGISTRYINDEX, script_ref);
	lua_pushlstring(L, (const char *)data, size);
	if (lua_pcall(L, 1, 0, 0) != LUA_OK) {
		/* An assertion in the script failed: an invariant is broken. */
		fprintf(stderr, "fuzz_unicode: %s\n", lua_tostring(L, -1));
		abort();
	}
	lua_gc(L, LUA_GCSTEP, 0);
	return 0;
}
