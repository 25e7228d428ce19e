/* stdlib.c - installs the standard library modules in a Lua state (see stdlib.h). */
#include "runtime/common.h"
#include "runtime/buf.h"
#include "runtime/error.h"
#include "stdlib/stdlib.h"
#include "stdlib/internal.h"

#include <lualib.h>

#define BOX_TYPE "rez.Box"

/* ---- owned C pointers (internal.h) ---- */

static int box_gc(lua_State *L)
{
	rez_box_free(luaL_checkudata(L, 1, BOX_TYPE));
	return 0;
}

struct rez_box *rez_box_new(lua_State *L, void (*release)(void *))
{
	struct rez_box *b = lua_newuserdatauv(L, sizeof *b, 0);   /* [box] */
	b->p = NULL;
	b->release = release;
	if (luaL_newmetatable(L, BOX_TYPE)) {                     /* [box mt] */
		lua_pushcfunction(L, box_gc);
		lua_setfield(L, -2, "__gc");
		lua_pushcfunction(L, box_gc);
		lua_setfield(L, -2, "__close");
	}
	lua_setmetatable(L, -2);                                  /* [box] */
	return b;
}

void rez_box_free(struct rez_box *b)
{
	if (b->p) {
		void *p = b->p;
		b->p = NULL;
		b->release(p);
	}
}

/* The rt_error / rt_buf live inside their own userdata, whose __gc releases the heap part
 * (a box pointing at a separate userdata could be finalised after that userdata is swept). */
static int error_gc(lua_State *L)
{
	rt_error_release(luaL_checkudata(L, 1, "rez.Error"));
	return 0;
}

static int buf_gc(lua_State *L)
{
	rt_buf_release(luaL_checkudata(L, 1, "rez.Buf"));
	return 0;
}

static void set_gc_meta(lua_State *L, const char *tname, lua_CFunction gc)
{
	if (luaL_newmetatable(L, tname)) {                        /* [ud mt] */
		lua_pushcfunction(L, gc);
		lua_setfield(L, -2, "__gc");
		lua_pushcfunction(L, gc);
		lua_setfield(L, -2, "__close");
	}
	lua_setmetatable(L, -2);                                  /* [ud] */
}

struct rt_error *rez_stdlib_new_error(lua_State *L)
{
	struct rt_error *err = lua_newuserdatauv(L, sizeof *err, 0);   /* [err] */
	err->msg = NULL;
	set_gc_meta(L, "rez.Error", error_gc);
	return err;
}

struct rt_buf *rez_stdlib_new_buf(lua_State *L)
{
	struct rt_buf *b = lua_newuserdatauv(L, sizeof *b, 0);    /* [b] */
	rt_buf_init(b, 0);
	set_gc_meta(L, "rez.Buf", buf_gc);
	return b;
}

void rez_stdlib_run_lua(lua_State *L, const unsigned char *src, size_t len, const char *chunkname,
			int nargs)
{
	if (luaL_loadbufferx(L, (const char *)src, len, chunkname, "t") != LUA_OK)
		lua_error(L);                              /* [args chunk] or raise */
	lua_insert(L, -(nargs + 1));                       /* [chunk args] */
	lua_call(L, nargs, 1);                             /* [module] */
}

/* ---- string helpers (stdlib/lua/string.lua) ---- */

/* Adds the helpers to the state's string table, so that method syntax works on every
 * string (the string metatable's __index is that table), and returns it. */
int luaopen_rez_string(lua_State *L)
{
	if (lua_getglobal(L, "string") != LUA_TTABLE) {            /* [string?] */
		lua_pop(L, 1);
		luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 0);   /* [string] */
	}
	rez_stdlib_run_lua(L, rez_stdlib_lua_string, rez_stdlib_lua_string_len,
			   "@stdlib/string.lua", 1);                /* [string] */
	return 1;
}

/* ---- installation ---- */

static const struct {
	const char *global;      /* NULL: no global of its own (string helpers) */
	const char *modname;     /* key in the loaded table, for require */
	lua_CFunction open;
} modules[] = {
	{ "re", "rez.re", luaopen_rez_re },
	{ "unicode", "rez.unicode", luaopen_rez_unicode },
	{ "path", "rez.path", luaopen_rez_path },
	{ "version", "rez.version", luaopen_rez_version },
	{ "system", "rez.system", luaopen_rez_system },
	{ "json", "rez.json", luaopen_rez_json },
	{ "yaml", "rez.yaml", luaopen_rez_yaml },
	{ NULL, "rez.string", luaopen_rez_string },
};

int rez_stdlib_open(lua_State *L)
{
	for (size_t i = 0; i < RT_ARRAY_LEN(modules); i++) {
		/* luaL_requiref stores the module in the registry's loaded table, where the
		 * sandbox's require finds it; the global is set separately because its name
		 * differs from the module name. */
		luaL_requiref(L, modules[i].modname, modules[i].open, 0);   /* [mod] */
		if (modules[i].global)
			lua_setglobal(L, modules[i].global);                /* [] */
		else
			lua_pop(L, 1);                                      /* [] */
	}
	return 0;
}
