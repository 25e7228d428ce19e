/* fuzz_re.c - libFuzzer target for the `re` module: pattern compilation, matching, the
 * Python-style iteration (find_all, sub with templates, split) and their limits.
 * Input: flags byte, then "pattern\0template\0subject" (missing parts are empty). Lua
 * errors (bad pattern, limits, bad template) are expected; crashes and leaks are not. */
#include "runtime/common.h"
#include "stdlib/stdlib.h"

#include <lauxlib.h>
#include <lualib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char script[] =
	"local pat, flags, tpl, s = ...\n"
	"local ok, p = pcall(re.compile, pat, flags)\n"
	"if not ok then return end\n"
	"pcall(re.search, p, s)\n"
	"pcall(re.match, p, s)\n"
	"pcall(re.fullmatch, p, s)\n"
	"pcall(re.find_all, p, s)\n"
	"pcall(re.sub, p, tpl, s)\n"
	"pcall(re.sub, p, function(m) return m[0] .. (m.named and '' or '') end, s)\n"
	"pcall(re.split, p, s)\n"
	"local it = p:finditer(s)\n"
	"for _ = 1, 64 do local ok2, m = pcall(it) if not ok2 or not m then break end m:span(0) end\n";

static lua_State *L;
static int script_ref;

static void setup(void)
{
	L = luaL_newstate();
	luaL_requiref(L, LUA_GNAME, luaopen_base, 1);
	luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 1);
	luaL_requiref(L, LUA_TABLIBNAME, luaopen_table, 1);
	luaL_requiref(L, LUA_UTF8LIBNAME, luaopen_utf8, 1);
	luaL_requiref(L, LUA_MATHLIBNAME, luaopen_math, 1);
	lua_settop(L, 0);
	rez_stdlib_open(L);
	if (luaL_loadbufferx(L, script, sizeof script - 1, "=fuzz_re", "t") != LUA_OK)
		abort();
	script_ref = luaL_ref(L, LUA_REGISTRYINDEX);
}

/* Next NUL-terminated part of the input, or the rest. */
static const char *part(const uint8_t **p, const uint8_t *end, size_t *len)
{
	const uint8_t *s = *p, *z = memchr(s, 0, (size_t)(end - s));
	*len = (size_t)((z ? z : end) - s);
	*p = z ? z + 1 : end;
	return (const char *)s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const flagsets[] = { "", "i", "m", "s", "u", "x", "ims", "ui", "msux" };
	const uint8_t *p = data, *end = data + size;
	size_t n;
	const char *s;
	if (!L)
		setup();
	if (size < 1)
		return 0;
	p++;
	lua_rawgeti(L, LUA_REGISTRYINDEX, script_ref);
	s = part(&p, end, &n);
	lua_pushlstring(L, s, n);
	lua_pushstring(L, flagsets[data[0] % RT_ARRAY_LEN(flagsets)]);
	s = part(&p, end, &n);
	lua_pushlstring(L, s, n);
	s = part(&p, end, &n);
	lua_pushlstring(L, s, n);
	if (lua_pcall(L, 4, 0, 0) != LUA_OK)
		lua_pop(L, 1);   /* only out-of-memory can get here */
	lua_gc(L, LUA_GCSTEP, 0);
	return 0;
}
