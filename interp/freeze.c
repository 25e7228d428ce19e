/* freeze.c - read-only tables and the base-function wrappers that keep them so (freeze.h). */
#include "runtime/common.h"
#include "interp/freeze.h"

#include <lauxlib.h>

#define FROZEN_KEY "rez.freeze.frozen"   /* frozen table or view -> its mirror */
#define VIEWS_KEY "rez.freeze.views"     /* table -> its view */
#define USERMT_KEY "rez.freeze.usermt"   /* weak keys: metatables the sandboxed code set */
#define MODULES_KEY "rez.freeze.modules" /* module name -> frozen module, for require */
#define NAME_FIELD "rez_name"            /* in a frozen table's metatable: its name */

/* Pushes registry[key], creating it on first use; USERMT_KEY's keys are weak (the sandboxed
 * code makes as many metatables as it likes). The other two hold rez-lua's own tables, a
 * bounded set that lives as long as the state: strong, which spares the collector the
 * ephemeron passes weak keys would cost. */
static void push_weak(lua_State *L, const char *key)
{
	if (luaL_getsubtable(L, LUA_REGISTRYINDEX, key) || !rt_streq(key, USERMT_KEY))
		return;
	lua_createtable(L, 0, 1);
	lua_pushliteral(L, "k");
	lua_setfield(L, -2, "__mode");
	lua_setmetatable(L, -2);
}

/* Pushes the mirror of the value at idx if it is frozen (returns 1), else nothing. */
static int push_mirror(lua_State *L, int idx)
{
	if (lua_type(L, idx) != LUA_TTABLE)
		return 0;
	idx = lua_absindex(L, idx);
	push_weak(L, FROZEN_KEY);                        /* F */
	lua_pushvalue(L, idx);
	if (lua_rawget(L, -2) == LUA_TNIL) {             /* F mirror|nil */
		lua_pop(L, 2);
		return 0;
	}
	lua_remove(L, -2);                               /* mirror */
	return 1;
}

int li_freeze_is_frozen(lua_State *L, int idx)
{
	if (!push_mirror(L, idx))
		return 0;
	lua_pop(L, 1);
	return 1;
}

/* ---- metamethods of frozen tables (plain C functions: nothing to allocate per table) ---- */

static int ro_newindex(lua_State *L)
{
	const char *name = "this table";
	if (lua_getmetatable(L, 1) && lua_getfield(L, -1, NAME_FIELD) == LUA_TSTRING)
		name = lua_tostring(L, -1);
	if (lua_type(L, 2) == LUA_TSTRING)
		return luaL_error(L, "cannot assign '%s': %s is read-only",
				  lua_tostring(L, 2), name);
	return luaL_error(L, "cannot assign to %s: it is read-only",
			  name);
}

/* The mirror of frozen table 1 (from its metatable's __index). */
static void push_own_mirror(lua_State *L)
{
	if (!push_mirror(L, 1))
		luaL_error(L, "not a frozen table");
}

static int ro_len(lua_State *L)
{
	push_own_mirror(L);
	lua_pushinteger(L, (lua_Integer)lua_rawlen(L, -1));
	return 1;
}

static int ro_next(lua_State *L)
{
	lua_settop(L, 2);
	push_own_mirror(L);                              /* t k mirror */
	lua_pushvalue(L, 2);                             /* t k mirror k */
	return lua_next(L, 3) ? 2 : 0;
}

/* Fills a lazily opened mirror (the stdlib's lazy modules and string helpers open on the
 * first read of a missing key) so that iteration sees every field. */
static int touch_main(lua_State *L)
{
	lua_pushliteral(L, "\1rez.freeze.touch");        /* a key no table holds */
	lua_gettable(L, 1);
	return 0;
}

static void touch(lua_State *L, int mirror)
{
	if (!lua_getmetatable(L, mirror))
		return;
	lua_pop(L, 1);
	lua_pushcfunction(L, touch_main);
	lua_pushvalue(L, mirror);
	if (lua_pcall(L, 1, 0, 0) != LUA_OK)
		lua_pop(L, 1);       /* an opener that refuses unknown keys: nothing to fill */
}

static int ro_pairs(lua_State *L)
{
	push_own_mirror(L);
	touch(L, lua_gettop(L));
	lua_pop(L, 1);
	lua_pushcfunction(L, ro_next);
	lua_pushvalue(L, 1);
	lua_pushnil(L);
	return 3;
}

static int is_user_mt(lua_State *L, int idx);

/* Metatable for a frozen table or view reading from the mirror at idx. Metamethods of the
 * table's former metatable (at old, or 0) that make sense on a read-only table are kept. */
static void push_frozen_mt(lua_State *L, int mirror, int old, const char *name)
{
	mirror = lua_absindex(L, mirror);
	lua_createtable(L, 0, 7);                        /* mt */
	if (old) {
		old = lua_absindex(L, old);
		lua_pushnil(L);
		while (lua_next(L, old)) {               /* mt k v */
			const char *k = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : NULL;
			if (k && rt_starts_with(k, "__") && !rt_streq(k, "__index") &&
			    !rt_streq(k, "__newindex") && !rt_streq(k, "__gc") &&
			    !rt_streq(k, "__mode") && !rt_streq(k, "__close")) {
				lua_pushvalue(L, -2);
				lua_insert(L, -2);
				lua_rawset(L, -4);           /* mt k */
			} else {
				lua_pop(L, 1);
			}
		}
	}
	lua_pushvalue(L, mirror);
	lua_setfield(L, -2, "__index");
	lua_pushcfunction(L, ro_newindex);
	lua_setfield(L, -2, "__newindex");
	lua_pushcfunction(L, ro_len);
	lua_setfield(L, -2, "__len");
	lua_pushcfunction(L, ro_pairs);
	lua_setfield(L, -2, "__pairs");
	/* getmetatable keeps answering as before for a metatable the sandboxed code set
	 * (class and type tables compare it), and gives false for rez-lua's own. */
	if (old && is_user_mt(L, old))
		lua_pushvalue(L, old);
	else
		lua_pushboolean(L, 0);
	lua_setfield(L, -2, "__metatable");
	lua_pushstring(L, name);
	lua_setfield(L, -2, NAME_FIELD);
}

static void record(lua_State *L, const char *key, int k, int v)
{
	k = lua_absindex(L, k);
	v = lua_absindex(L, v);
	push_weak(L, key);
	lua_pushvalue(L, k);
	lua_pushvalue(L, v);
	lua_rawset(L, -3);
	lua_pop(L, 1);
}

/* "name.key" for a nested table's name. */
static void push_child_name(lua_State *L, const char *name, int key)
{
	if (lua_type(L, key) == LUA_TSTRING)
		lua_pushfstring(L, "%s.%s", name, lua_tostring(L, key));
	else
		lua_pushfstring(L, "a table inside %s", name);
}

/* `root` and `file` name the whole table for the depth error; depth counts from 1. */
static void freeze_deep(lua_State *L, int idx, const char *name, const char *root,
			const char *file, int depth)
{
	int t, mirror, old = 0;
	luaL_checkstack(L, 8, "freezing a table");
	t = lua_absindex(L, idx);
	if (lua_type(L, t) != LUA_TTABLE || li_freeze_is_frozen(L, t))
		return;
	/* The recursion is bounded here, with the limit values have (stdlib/value.h), before
	 * the Lua stack or the memory budget runs out with a message that names neither. */
	if (depth > LI_FREEZE_MAX_DEPTH) {
		if (file)
			luaL_error(L, "%s (%s) holds tables nested too deeply (more than %d levels)",
				   root, file, LI_FREEZE_MAX_DEPTH);
		luaL_error(L, "%s holds tables nested too deeply (more than %d levels)", root,
			   LI_FREEZE_MAX_DEPTH);
	}
	/* A proxy whose metatable already decides about writes (the system module) is left
	 * alone: the wrappers keep its metatable and raw fields out of reach. */
	if (luaL_getmetafield(L, t, "__newindex") != LUA_TNIL) {
		lua_pop(L, 1);
		return;
	}
	lua_newtable(L);                                 /* mirror */
	mirror = lua_gettop(L);
	record(L, FROZEN_KEY, t, mirror);                /* first: cycles end here */
	lua_pushnil(L);
	while (lua_next(L, t)) {                         /* mirror k v */
		lua_pushvalue(L, -2);
		lua_insert(L, -2);
		lua_rawset(L, mirror);                   /* mirror k */
	}
	lua_pushnil(L);
	while (lua_next(L, mirror)) {                    /* mirror k v */
		lua_pop(L, 1);
		lua_pushvalue(L, -1);
		lua_pushnil(L);
		lua_rawset(L, t);                        /* t[k] = nil (existing key: allowed) */
	}
	if (lua_getmetatable(L, t)) {                    /* mirror oldmt */
		old = lua_gettop(L);
		lua_pushvalue(L, old);
		lua_setmetatable(L, mirror);             /* lookups fall through to it */
	}
	push_frozen_mt(L, mirror, old, name);            /* mirror [oldmt] mt */
	lua_setmetatable(L, t);
	lua_settop(L, mirror);
	/* Deep: every table value is frozen too. */
	lua_pushnil(L);
	while (lua_next(L, mirror)) {                    /* mirror k v */
		if (lua_type(L, -1) == LUA_TTABLE && !li_freeze_is_frozen(L, -1)) {
			push_child_name(L, name, -2);    /* mirror k v name */
			freeze_deep(L, -2, lua_tostring(L, -1), root, file, depth + 1);
			lua_pop(L, 1);
		}
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
}

void li_freeze_table(lua_State *L, int idx, const char *name, const char *file)
{
	freeze_deep(L, idx, name, name, file, 1);
}

void li_freeze_push_view(lua_State *L, int idx)
{
	int t, mirror, copy = 0, view;
	luaL_checkstack(L, 8, "freezing a table");
	t = lua_absindex(L, idx);
	if (li_freeze_is_frozen(L, t)) {
		lua_pushvalue(L, t);
		return;
	}
	push_weak(L, VIEWS_KEY);                         /* V */
	lua_pushvalue(L, t);
	if (lua_rawget(L, -2) != LUA_TNIL) {             /* V view */
		lua_remove(L, -2);
		return;
	}
	lua_pop(L, 2);
	/* The table itself serves as the mirror unless it holds tables that are not frozen. */
	lua_pushnil(L);
	while (!copy && lua_next(L, t)) {
		copy = lua_type(L, -1) == LUA_TTABLE && !li_freeze_is_frozen(L, -1);
		lua_pop(L, 1);
	}
	if (copy)
		lua_pop(L, 1);                           /* the key lua_next left */
	lua_newtable(L);                                 /* view */
	view = lua_gettop(L);
	if (copy)
		lua_newtable(L);                         /* view mirror */
	else
		lua_pushvalue(L, t);
	mirror = lua_gettop(L);
	record(L, VIEWS_KEY, t, view);                   /* first: cycles end here */
	record(L, FROZEN_KEY, view, mirror);
	push_frozen_mt(L, mirror, 0, "this table");      /* view mirror mt */
	lua_setmetatable(L, view);
	if (copy) {
		lua_pushnil(L);
		while (lua_next(L, t)) {                 /* view mirror k v */
			lua_pushvalue(L, -2);            /* view mirror k v k */
			if (lua_type(L, -2) == LUA_TTABLE)
				li_freeze_push_view(L, -2);  /* ... k v k v' */
			else
				lua_pushvalue(L, -2);
			lua_rawset(L, mirror);           /* view mirror k v */
			lua_pop(L, 1);
		}
	}
	lua_settop(L, view);
}

/* A proxy for a library table the sandbox owns (nothing outside the registry and the
 * globals refers to it): the table itself is the mirror, so nothing is copied; its table
 * fields are replaced by their own proxies. Far cheaper per state than freezing in place.
 * Pushes the proxy (the table itself for a host proxy that guards its own writes). */
static void push_own_view(lua_State *L, int idx, const char *name)
{
	int t, view;
	luaL_checkstack(L, 8, "freezing a table");
	t = lua_absindex(L, idx);
	if (li_freeze_is_frozen(L, t)) {
		lua_pushvalue(L, t);
		return;
	}
	push_weak(L, VIEWS_KEY);                         /* V */
	lua_pushvalue(L, t);
	if (lua_rawget(L, -2) != LUA_TNIL) {             /* V view */
		lua_remove(L, -2);
		return;
	}
	lua_pop(L, 2);
	if (luaL_getmetafield(L, t, "__newindex") != LUA_TNIL) {
		lua_pop(L, 1);
		lua_pushvalue(L, t);
		return;
	}
	lua_newtable(L);                                 /* view */
	view = lua_gettop(L);
	record(L, VIEWS_KEY, t, view);                   /* first: cycles end here */
	record(L, FROZEN_KEY, view, t);
	push_frozen_mt(L, t, 0, name);
	lua_setmetatable(L, view);
	lua_pushnil(L);
	while (lua_next(L, t)) {                         /* view k v */
		if (lua_type(L, -1) == LUA_TTABLE && !li_freeze_is_frozen(L, -1)) {
			push_child_name(L, name, -2);            /* view k v name */
			push_own_view(L, -2, lua_tostring(L, -1));   /* view k v name v' */
			lua_pushvalue(L, -4);
			lua_insert(L, -2);
			lua_rawset(L, t);                        /* existing key: allowed */
			lua_pop(L, 1);
		}
		lua_pop(L, 1);
	}
}

/* ---- wrappers of the base functions that bypass metamethods ---- */

/* Is the metatable at idx one the sandboxed code set (setmetatable recorded it)? */
static int is_user_mt(lua_State *L, int idx)
{
	int r;
	idx = lua_absindex(L, idx);
	push_weak(L, USERMT_KEY);
	lua_pushvalue(L, idx);
	r = lua_rawget(L, -2) != LUA_TNIL;
	lua_pop(L, 2);
	return r;
}

static int sb_rawset(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	luaL_checkany(L, 2);
	luaL_checkany(L, 3);
	if (li_freeze_is_frozen(L, 1))
		return ro_newindex(L);
	/* A table whose reads or writes rez-lua's metatable defines (an env proxy, a binding)
	 * may be shared; a raw field would change what every later reader sees. */
	if (lua_getmetatable(L, 1)) {
		int mt = lua_gettop(L);
		if (!is_user_mt(L, mt) && (lua_getfield(L, mt, "__index") != LUA_TNIL ||
					   lua_getfield(L, mt, "__newindex") != LUA_TNIL))
			return luaL_error(L, "rawset: the table's behaviour is defined by rez-lua "
					  "(its metatable is protected)");
		lua_settop(L, mt - 1);
	}
	lua_settop(L, 3);
	lua_rawset(L, 1);
	return 1;
}

static int sb_rawget(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	luaL_checkany(L, 2);
	lua_settop(L, 2);
	if (push_mirror(L, 1))
		lua_replace(L, 1);
	lua_rawget(L, 1);
	return 1;
}

static int sb_rawlen(lua_State *L)
{
	int t = lua_type(L, 1);
	luaL_argexpected(L, t == LUA_TTABLE || t == LUA_TSTRING, 1, "table or string");
	if (push_mirror(L, 1))
		lua_replace(L, 1);
	lua_pushinteger(L, (lua_Integer)lua_rawlen(L, 1));
	return 1;
}

static int sb_next(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	lua_settop(L, 2);
	if (push_mirror(L, 1)) {
		lua_replace(L, 1);
		touch(L, 1);
	}
	return lua_next(L, 1) ? 2 : (lua_pushnil(L), 1);
}

static int sb_getmetatable(lua_State *L)
{
	luaL_checkany(L, 1);
	if (!lua_getmetatable(L, 1)) {
		lua_pushnil(L);
		return 1;
	}
	lua_pushliteral(L, "__metatable");
	if (lua_rawget(L, -2) != LUA_TNIL)               /* mt protected */
		return 1;
	lua_pop(L, 1);
	if (is_user_mt(L, -1))
		return 1;
	li_freeze_push_view(L, -1);
	return 1;
}

/* Upvalue 1: the setmetatable to call (Lua's, or the sandbox's __gc-refusing one). */
static int sb_setmetatable(lua_State *L)
{
	int t = lua_type(L, 2);
	luaL_checktype(L, 1, LUA_TTABLE);
	luaL_argexpected(L, t == LUA_TNIL || t == LUA_TTABLE, 2, "nil or table");
	if (lua_getmetatable(L, 1)) {
		lua_pushliteral(L, "__metatable");
		if (lua_rawget(L, -2) == LUA_TNIL && !is_user_mt(L, -2))
			return luaL_error(L, "cannot change a protected metatable");
		lua_pop(L, 2);
	}
	lua_settop(L, 2);
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, 2, 1);                               /* t */
	if (t == LUA_TTABLE && lua_getmetatable(L, -1)) {
		push_weak(L, USERMT_KEY);                /* t mt U */
		lua_pushvalue(L, -2);
		lua_pushboolean(L, 1);
		lua_rawset(L, -3);
		lua_pop(L, 2);
	}
	return 1;
}

/* registry._LOADED keeps each module's mirror (the raw fields), where Lua's error messages
 * look for function names ("bad argument #1 to 'string.rep'"); require hands out the frozen
 * table, recorded in MODULES_KEY. */
static void register_module(lua_State *L, const char *name, int idx)
{
	idx = lua_absindex(L, idx);
	li_freeze_table(L, idx, name, NULL);
	luaL_getsubtable(L, LUA_REGISTRYINDEX, MODULES_KEY);
	lua_pushvalue(L, idx);
	lua_setfield(L, -2, name);
	lua_pop(L, 1);
	if (push_mirror(L, idx)) {
		luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
		lua_insert(L, -2);
		lua_setfield(L, -2, name);
		lua_pop(L, 1);
	}
}

int li_freeze_push_module(lua_State *L, const char *name)
{
	luaL_getsubtable(L, LUA_REGISTRYINDEX, MODULES_KEY);
	if (lua_getfield(L, -1, name) != LUA_TNIL) {
		lua_remove(L, -2);
		return 1;
	}
	lua_pop(L, 2);
	/* Something the host put in _LOADED after the sandbox was frozen. */
	luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
	if (lua_getfield(L, -1, name) == LUA_TNIL) {
		lua_pop(L, 2);
		return 0;
	}
	lua_remove(L, -2);
	li_freeze_set_module(L, name, -1);
	return 1;
}

void li_freeze_set_module(lua_State *L, const char *name, int idx)
{
	if (lua_type(L, idx) == LUA_TTABLE) {
		register_module(L, name, idx);
		return;
	}
	idx = lua_absindex(L, idx);
	luaL_getsubtable(L, LUA_REGISTRYINDEX, MODULES_KEY);
	lua_pushvalue(L, idx);
	lua_setfield(L, -2, name);
	lua_pop(L, 1);
}

void li_freeze_sandbox(lua_State *L)
{
	int G, loaded;
	luaL_checkstack(L, 10, "freezing the sandbox");
	lua_pushglobaltable(L);
	G = lua_gettop(L);
	/* The base functions first: they read the registry tables made below. */
	lua_pushcfunction(L, sb_rawset);
	lua_setfield(L, G, "rawset");
	lua_pushcfunction(L, sb_rawget);
	lua_setfield(L, G, "rawget");
	lua_pushcfunction(L, sb_rawlen);
	lua_setfield(L, G, "rawlen");
	lua_pushcfunction(L, sb_next);
	lua_setfield(L, G, "next");
	lua_pushcfunction(L, sb_getmetatable);
	lua_setfield(L, G, "getmetatable");
	if (lua_getfield(L, G, "setmetatable") == LUA_TFUNCTION) {
		lua_pushcclosure(L, sb_setmetatable, 1);
		lua_setfield(L, G, "setmetatable");
	} else {
		lua_pop(L, 1);
	}
	/* Every library table, deeply: the globals get proxies; registry._LOADED keeps the
	 * tables themselves (see register_module) and require hands out the proxies. */
	lua_pushnil(L);
	while (lua_next(L, G)) {                         /* G k v */
		if (lua_type(L, -1) == LUA_TTABLE && !lua_rawequal(L, -1, G) &&
		    lua_type(L, -2) == LUA_TSTRING) {
			push_own_view(L, -1, lua_tostring(L, -2));   /* G k v P */
			lua_pushvalue(L, -3);
			lua_insert(L, -2);
			lua_rawset(L, G);                        /* existing key: allowed */
		}
		lua_pop(L, 1);
	}
	luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);   /* G LOADED */
	loaded = lua_gettop(L);
	lua_newtable(L);                                 /* G LOADED names */
	lua_pushnil(L);
	while (lua_next(L, loaded)) {                    /* G LOADED names k v */
		lua_pop(L, 1);
		if (lua_type(L, -1) == LUA_TSTRING) {
			lua_pushvalue(L, -1);
			lua_rawseti(L, -3, (lua_Integer)lua_rawlen(L, -3) + 1);
		}
	}
	for (lua_Integer i = 1, n = (lua_Integer)lua_rawlen(L, -1); i <= n; i++) {
		const char *name;
		lua_rawgeti(L, -1, i);                   /* G LOADED names name */
		name = lua_tostring(L, -1);
		if (lua_getfield(L, loaded, name) == LUA_TTABLE && !lua_rawequal(L, -1, G)) {
			/* A library that is also a global: require gives the global (the host
			 * may keep another table in _LOADED, for error messages). */
			if (lua_getfield(L, G, name) == LUA_TTABLE && li_freeze_is_frozen(L, -1))
				;                            /* G LOADED names name mod P */
			else {
				lua_pop(L, 1);
				push_own_view(L, -1, name);  /* G LOADED names name mod P */
			}
			luaL_getsubtable(L, LUA_REGISTRYINDEX, MODULES_KEY);
			lua_insert(L, -2);
			lua_setfield(L, -2, name);
			lua_pop(L, 1);
		}
		lua_pop(L, 2);
	}
	lua_pop(L, 1);                                   /* G LOADED */
	/* The globals table stays writable for the host (hooks add globals after this); the
	 * sandboxed code gets a view of it. */
	li_freeze_push_view(L, G);                       /* G LOADED view */
	lua_pushvalue(L, -1);
	li_freeze_set_module(L, LUA_GNAME, -1);
	lua_setfield(L, G, LUA_GNAME);
	/* The string metatable: the VM reads its raw fields, so it gets a __metatable field
	 * (a view of itself) instead of being frozen in place. */
	lua_pushliteral(L, "");
	if (lua_getmetatable(L, -1)) {                   /* G LOADED "" mt */
		li_freeze_push_view(L, -1);              /* ... mt view */
		lua_setfield(L, -2, "__metatable");
	}
	lua_settop(L, G - 1);
}
