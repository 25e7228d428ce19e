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
 * string (the string metatable's __index is that table), and returns it. With the lazy
 * opener installed (rez_stdlib_open), reading a helper loads them; the sandbox may have made
 * the global table read-only by then, so the helpers go into the table the opener is
 * called on (string_lazy_index). */
int luaopen_rez_string(lua_State *L)
{
	if (lua_getglobal(L, "string") == LUA_TTABLE) {            /* [string] */
		lua_getfield(L, -1, "startswith");                 /* loads them if lazy */
		if (!lua_isnil(L, -1)) {
			lua_pop(L, 1);
			return 1;
		}
		lua_pop(L, 1);
	} else {
		lua_pop(L, 1);
		luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 0);   /* [string] */
	}
	rez_stdlib_run_lua(L, rez_stdlib_lua_string, rez_stdlib_lua_string_len,
			   "@stdlib/string.lua", 1);                /* [string] */
	return 1;
}

/* ---- Python semantics for translated package.py code: py.c ---- */

/* ---- lazy modules ----
 *
 * Every package definition gets a fresh state, and most never touch the library modules:
 * opening them all (above all compiling the Lua halves, string.lua and path.lua) was most of
 * the cost of a state. So they are opened on first use instead. */

/* __index of the `string` table until the helpers are loaded: load them, then answer. */
static int string_lazy_index(lua_State *L)
{
	lua_pushnil(L);
	lua_setmetatable(L, 1);                                  /* string table: no mt */
	lua_pushvalue(L, 1);
	rez_stdlib_run_lua(L, rez_stdlib_lua_string, rez_stdlib_lua_string_len,
			   "@stdlib/string.lua", 1);                /* [.. string] */
	lua_pop(L, 1);
	lua_pushvalue(L, 2);
	lua_rawget(L, 1);                                        /* [.. v] */
	return 1;
}

/* A module global that opens the module on first use. The global is a placeholder table
 * whose metatable holds the opener; the first read (or pairs, or require) fills the table
 * with the module's fields, drops the metatable and registers the table as the module, so
 * the global and require("rez.<mod>") are the same table from then on. */
static void fill_proxy(lua_State *L, int proxy)
{
	proxy = lua_absindex(L, proxy);
	if (!lua_getmetatable(L, proxy))                 /* [mt] or [] */
		return;                                      /* already filled */
	if (lua_getfield(L, -1, "open") != LUA_TFUNCTION) {
		lua_pop(L, 2);   /* not the opener (the sandbox froze the table): reads fill it */
		return;
	}
	lua_pop(L, 1);
	lua_getfield(L, -1, "modname");                  /* [mt name] */
	lua_getfield(L, -2, "open");                     /* [mt name open] */
	lua_pushvalue(L, -2);                            /* [mt name open name] */
	lua_call(L, 1, 1);                               /* [mt name mod] */
	lua_pushnil(L);
	while (lua_next(L, -2)) {                        /* [mt name mod k v] */
		lua_pushvalue(L, -2);
		lua_insert(L, -2);                           /* [mt name mod k k v] */
		lua_rawset(L, proxy);                        /* [mt name mod k] */
	}
	lua_pop(L, 1);                                   /* [mt name] */
	lua_pushnil(L);
	lua_setmetatable(L, proxy);
	lua_pop(L, 2);                                   /* [] */
}

static int proxy_index(lua_State *L)
{
	fill_proxy(L, 1);
	lua_settop(L, 2);
	lua_rawget(L, 1);                                /* [p v] */
	return 1;
}

static int proxy_pairs(lua_State *L)
{
	fill_proxy(L, 1);
	lua_getglobal(L, "next");                        /* [p next] */
	lua_pushvalue(L, 1);                             /* [p next p] */
	lua_pushnil(L);                                  /* [p next p nil] */
	return 3;
}

/* The preload entry of a lazy module: require fills and returns the global's table. */
static int proxy_require(lua_State *L)
{
	fill_proxy(L, lua_upvalueindex(1));
	lua_pushvalue(L, lua_upvalueindex(1));
	return 1;
}

static void push_lazy_proxy(lua_State *L, const char *modname, lua_CFunction open)
{
	lua_newtable(L);                                 /* [p] */
	lua_createtable(L, 0, 5);                        /* [p mt] */
	lua_pushstring(L, modname);
	lua_setfield(L, -2, "modname");
	lua_pushcfunction(L, open);
	lua_setfield(L, -2, "open");
	lua_pushcfunction(L, proxy_index);
	lua_setfield(L, -2, "__index");
	lua_pushcfunction(L, proxy_pairs);
	lua_setfield(L, -2, "__pairs");
	lua_setmetatable(L, -2);                         /* [p] */
}

/* ---- installation ---- */

static const struct {
	const char *global;      /* NULL: no global of its own (string helpers) */
	const char *modname;     /* key in the loaded table, for require */
	lua_CFunction open;
	int lazy;                /* opened on first use (see above) */
} modules[] = {
	{ "re", "rez.re", luaopen_rez_re, 1 },
	{ "unicode", "rez.unicode", luaopen_rez_unicode, 1 },
	{ "path", "rez.path", luaopen_rez_path, 1 },
	/* eager: the runtime pushes rez.Version values (this.version) without require */
	{ "version", "rez.version", luaopen_rez_version, 0 },
	/* eager: a proxy computing fields on read; cheap to open */
	{ "system", "rez.system", luaopen_rez_system, 0 },
	{ "json", "rez.json", luaopen_rez_json, 1 },
	{ "yaml", "rez.yaml", luaopen_rez_yaml, 1 },
	{ NULL, "rez.string", luaopen_rez_string, 1 },
};

int rez_stdlib_open(lua_State *L)
{
	/* rez.py: no global; only translated package.py code requires it */
	luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);      /* [pre] */
	lua_pushcfunction(L, luaopen_rez_py);
	lua_setfield(L, -2, "rez.py");
	lua_pop(L, 1);
	for (size_t i = 0; i < RT_ARRAY_LEN(modules); i++) {
		if (modules[i].lazy) {
			/* require() finds lazy modules through the preload table. */
			luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);  /* [pre] */
			if (modules[i].global) {
				push_lazy_proxy(L, modules[i].modname, modules[i].open); /* [pre p] */
				lua_pushvalue(L, -1);                               /* [pre p p] */
				lua_setglobal(L, modules[i].global);                /* [pre p] */
				/* require finds the global's table from the start */
				luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
				lua_pushvalue(L, -2);
				lua_setfield(L, -2, modules[i].modname);
				lua_pop(L, 1);                                      /* [pre p] */
				lua_pushcclosure(L, proxy_require, 1);              /* [pre f] */
			} else {
				lua_pushcfunction(L, modules[i].open);              /* [pre f] */
			}
			lua_setfield(L, -2, modules[i].modname);                    /* [pre] */
			lua_pop(L, 1);                                              /* [] */
			if (!modules[i].global && lua_getglobal(L, "string") == LUA_TTABLE) {      /* [string] */
				lua_createtable(L, 0, 1);                           /* [string mt] */
				lua_pushcfunction(L, string_lazy_index);
				lua_setfield(L, -2, "__index");
				lua_setmetatable(L, -2);                            /* [string] */
				lua_pop(L, 1);
			} else if (!modules[i].global) {
				lua_pop(L, 1);
			}
			continue;
		}
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
