/* fuzz_luapattern.c - libFuzzer target for interp/pattern.c, the sandbox's step-budgeted
 * string.find/match/gmatch/gsub, differentially against real Lua's string library.
 * Input: init byte, subject length byte, subject, then the pattern (the rest). The sandbox
 * runs first with a small instruction budget; when the budget is hit the case is skipped
 * (real Lua could run for hours on it). Otherwise both must give the same text: every
 * result and every error message. */
#include "runtime/common.h"
#include "interp/state.h"

#include <lauxlib.h>
#include <lualib.h>
#include <stdio.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char probe[] =
	"local s, p, init = ...\n"
	"local function ser(...)\n"
	"  local out = {}\n"
	"  for i = 1, select('#', ...) do local v = select(i, ...)\n"
	"    out[#out + 1] = type(v) == 'string' and string.format('%q', v) or tostring(v) end\n"
	"  return table.concat(out, ',')\n"
	"end\n"
	"local function try(f, ...)\n"
	"  local r = table.pack(pcall(f, ...))\n"
	"  if not r[1] then return 'E:' .. tostring(r[2]) end\n"
	"  return ser(table.unpack(r, 2, r.n))\n"
	"end\n"
	"local out = {}\n"
	"out[#out + 1] = try(string.find, s, p, init)\n"
	"out[#out + 1] = try(string.find, s, p, init, true)\n"
	"out[#out + 1] = try(string.match, s, p, init)\n"
	"out[#out + 1] = try(function() local acc, k = {}, 0\n"
	"  for a, b in string.gmatch(s, p, init) do k = k + 1 acc[k] = ser(a, b)\n"
	"    if k > 64 then break end end\n"
	"  return table.concat(acc, ';') end)\n"
	"out[#out + 1] = try(string.gsub, s, p, '<%0%1>')\n"
	"out[#out + 1] = try(string.gsub, s, p, function(a, b) return b and tostring(b) or nil end)\n"
	"out[#out + 1] = try(string.gsub, s, p, {x = 1, y = true})\n"
	"return table.concat(out, '\\n')\n";

static lua_State *real, *sb;

static void setup(void)
{
	struct li_limits lim = LI_LIMITS_DEFAULT;
	struct rt_error err = RT_ERROR_INIT;
	lim.max_instructions = 300000;
	real = luaL_newstate();
	luaL_openlibs(real);
	sb = li_state_new(&lim, &err);
	if (!sb) {
		fprintf(stderr, "%s\n", rt_error_msg(&err));
		abort();
	}
}

static char *run(lua_State *L, int sandbox, const char *s, size_t ls, const char *p, size_t lp,
		 int init, int *budget)
{
	struct rt_error err = RT_ERROR_INIT;
	char *out;
	if (luaL_loadbufferx(L, probe, sizeof(probe) - 1, "=probe", "t") != LUA_OK)
		abort();
	lua_pushlstring(L, s, ls);
	lua_pushlstring(L, p, lp);
	lua_pushinteger(L, init);
	if (sandbox) {
		if (li_state_pcall(L, 3, 1, &err) < 0) {
			if (!strstr(rt_error_msg(&err), "limit exceeded")) {
				fprintf(stderr, "probe failed: %s\n", rt_error_msg(&err));
				abort();
			}
			*budget = 1;
			rt_error_release(&err);
			return NULL;
		}
	} else if (lua_pcall(L, 3, 1, 0) != LUA_OK) {
		fprintf(stderr, "probe failed: %s\n", lua_tostring(L, -1));
		abort();
	}
	out = rt_xstrdup(lua_tostring(L, -1));
	lua_pop(L, 1);
	if (strstr(out, "limit exceeded"))
		*budget = 1;
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int budget = 0, init;
	size_t ls;
	char *a, *b;
	if (!real)
		setup();
	if (size < 2)
		return 0;
	init = (int)(signed char)data[0];
	ls = data[1];
	data += 2;
	size -= 2;
	if (ls > size)
		ls = size;
	b = run(sb, 1, (const char *)data, ls, (const char *)data + ls, size - ls, init, &budget);
	if (budget) {
		free(b);
		return 0;
	}
	a = run(real, 0, (const char *)data, ls, (const char *)data + ls, size - ls, init, &budget);
	if (!rt_streq(a, b)) {
		fprintf(stderr, "real Lua:\n%s\nsandbox:\n%s\n", a, b);
		abort();
	}
	free(a);
	free(b);
	return 0;
}
