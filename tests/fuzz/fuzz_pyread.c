/* fuzz_pyread.c - libFuzzer target for the package.py reader (interp/pyread.h).
 * Any input: translation either fails with a message, or gives Lua text that loads. A load
 * failure must come with a message too, and must never be a Lua syntax error in the text
 * the translator wrote (that would be a translator bug, not bad input): Lua's own parser
 * decides, after the dialect rewrite. Small budgets keep
 * runaway definitions short. The same for `rez convert`'s text (li_pyread_convert), which
 * must succeed whenever the translation does. */
#include "runtime/common.h"
#include "runtime/value.h"
#include "interp/dialect.h"
#include "interp/pyread.h"

#include <lauxlib.h>
#include <lua.h>
#include <stdlib.h>
#include <string.h>

#include <stdio.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The Lua text must parse: the dialect rewrite, then Lua's own parser (a syntax error there is
 * a translator bug, never bad input). Loading it must then succeed or fail with a message. */
static void check_loads(const struct rt_buf *lua)
{
	struct rt_error err = RT_ERROR_INIT;
	struct li_load_opts opts = LI_LOAD_OPTS_DEFAULT;
	struct li_dialect d = LI_DIALECT_INIT;
	struct rt_value *v;
	if (li_dialect_rewrite(&d, lua->buf, lua->len, "fuzz/package.py", &err) < 0) {
		fprintf(stderr, "translated text is not the dialect: %s\n%s\n", rt_error_msg(&err), lua->buf);
		abort();
	}
	{
		lua_State *L = luaL_newstate();
		int st;
		if (!L)
			abort();
		st = luaL_loadbufferx(L, d.text.buf, d.text.len, "=fuzz/package.py", "t");
		if (st == LUA_ERRSYNTAX && !strstr(lua_tostring(L, -1), "too many") &&
		    !strstr(lua_tostring(L, -1), "overflow")) {
			fprintf(stderr, "translated text does not compile: %s\n%s\n", lua_tostring(L, -1), lua->buf);
			abort();
		}
		lua_close(L);
	}
	li_dialect_release(&d);
	opts.limits.max_instructions = 200000;
	opts.limits.max_memory = (size_t)32 << 20;
	v = li_load_lua(lua->buf, lua->len, "fuzz/package.py", &opts, &err);
	if (!v && !err.msg)
		abort();
	rt_value_free(v);
	rt_error_release(&err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rt_buf lua = RT_BUF_INIT, conv = RT_BUF_INIT;
	struct rt_error err = RT_ERROR_INIT;
	const char *src = (const char *)data;

	if (li_pyread_translate(src, size, "fuzz/package.py", &lua, &err) < 0) {
		if (!err.msg)
			abort();
		rt_error_release(&err);
		rt_buf_release(&lua);
		return 0;
	}
	check_loads(&lua);
	if (li_pyread_convert(src, size, "fuzz/package.py", &conv, &err) < 0) {
		fprintf(stderr, "translated but not converted: %s\n", err.msg ? err.msg : "?");
		abort();
	}
	check_loads(&conv);
	rt_buf_release(&lua);
	rt_buf_release(&conv);
	return 0;
}
