/* py.c - the `rez.py` module (Python semantics for code translated from package.py): the
 * helpers real definitions call most, in C, in front of the full module (stdlib/lua/py.lua).
 *
 * Every definition load gets a fresh Lua state, and building py.lua's module in each (undump
 * plus running its body: hundreds of closures and tables) cost about ten times a whole
 * package.lua load. Most package.py files need only a handful of helpers on their everyday
 * values (list literals, env.X.append, string +, attribute reads), so those are C functions
 * here; each handles only the cases whose result is obvious and hands every other case (and
 * every error, so messages and their line stay py.lua's) to the full module, which is loaded
 * the first time anything needs it. Any other field of the module is read from the full
 * module on first use (__index) and kept.
 *
 * The type tags (the metatables of lists, tuples, dicts, sets, ranges and keyword arguments)
 * are made here and passed to py.lua when it loads, so values made on either side are the
 * same types. The module table's metatable holds them ("tags") and the full module ("full")
 * once loaded; every C helper has that metatable as its upvalue. The full module is frozen
 * (read-only, deeply) when it loads, through the host's hook in the registry
 * ("rez.py.freeze", interp/state.c), as require freezes every other module. */
#include "runtime/buf.h"
#include "stdlib/internal.h"

#include <string.h>

enum { TAG_LIST = 1, TAG_TUPLE, TAG_DICT, TAG_SET, TAG_RANGE, TAG_KW, N_TAGS = TAG_KW };

/* The first compile of py.lua is dumped to bytecode, kept for the life of the process, and
 * later states load that (our own dump of our own embedded text: trusted, unlike user
 * chunks, which stay text-only). */
static struct rt_buf py_bytecode = RT_BUF_INIT;

static int py_writer(lua_State *L, const void *p, size_t n, void *ud)
{
	(void)L;
	rt_buf_add(ud, p, n);
	return 0;
}

#define META lua_upvalueindex(1)

/* Pushes the full module, loading it on first use. [-0, +1] */
static void push_full(lua_State *L, int meta)
{
	meta = lua_absindex(L, meta);
	if (lua_getfield(L, meta, "full") == LUA_TTABLE)
		return;
	lua_pop(L, 1);
	if (py_bytecode.len == 0) {
		if (luaL_loadbufferx(L, (const char *)rez_stdlib_lua_py, rez_stdlib_lua_py_len,
				     "@stdlib/py.lua", "t") != LUA_OK)
			lua_error(L);                              /* [chunk] */
		lua_dump(L, py_writer, &py_bytecode, 0);
	} else if (luaL_loadbufferx(L, py_bytecode.buf, py_bytecode.len, "@stdlib/py.lua",
				    "b") != LUA_OK) {
		lua_error(L);
	}
	lua_getfield(L, meta, "tags");                     /* [chunk tags] */
	for (int i = 1; i <= N_TAGS; i++)
		lua_rawgeti(L, -1 - (i - 1), i);               /* [chunk tags t1..ti] */
	lua_remove(L, -(N_TAGS + 1));                      /* [chunk t1..t6] */
	lua_call(L, N_TAGS, 1);                            /* [full] */
	/* read-only like every library table, deeply (its type objects, os.path...), so no
	 * package's code changes it for the next: the host's freezer (interp/state.c) */
	if (lua_getfield(L, LUA_REGISTRYINDEX, "rez.py.freeze") == LUA_TFUNCTION) {
		lua_pushvalue(L, -2);
		lua_call(L, 1, 0);
	} else {
		lua_pop(L, 1);
	}
	lua_pushvalue(L, -1);
	lua_setfield(L, meta, "full");                     /* [full] */
}

/* Hands the call to the full module's helper `name` with the current arguments. */
static int delegate(lua_State *L, const char *name)
{
	int n = lua_gettop(L);
	push_full(L, META);                                /* [args full] */
	lua_getfield(L, -1, name);                         /* [args full f] */
	lua_remove(L, -2);
	lua_insert(L, 1);                                  /* [f args] */
	lua_call(L, n, LUA_MULTRET);
	return lua_gettop(L);
}

/* Which of our tags is the metatable of the value at idx: TAG_*, 0 for no metatable, -1 for
 * a metatable of someone else's. */
static int tag_of(lua_State *L, int idx)
{
	int r = -1;
	if (!lua_getmetatable(L, idx))
		return 0;                                      /* [mt] */
	lua_getfield(L, META, "tags");                     /* [mt tags] */
	for (int i = 1; i <= N_TAGS && r < 0; i++) {
		lua_rawgeti(L, -1, i);
		if (lua_rawequal(L, -1, -3))
			r = i;
		lua_pop(L, 1);
	}
	lua_pop(L, 2);
	return r;
}

/* L(t, n) / Tu(t, n): the array part must hold no None. */
static int seq_new(lua_State *L, int tag, const char *name)
{
	lua_Integer n;
	if (lua_type(L, 1) != LUA_TTABLE || lua_getmetatable(L, 1))
		return delegate(L, name);
	if (lua_type(L, 2) == LUA_TNUMBER && lua_isinteger(L, 2)) {
		n = lua_tointeger(L, 2);
	} else if (lua_isnoneornil(L, 2)) {
		if (lua_getfield(L, 1, "n") != LUA_TNIL)   /* no metatable: a raw read */
			return delegate(L, name);
		lua_pop(L, 1);
		n = (lua_Integer)lua_rawlen(L, 1);
	} else {
		return delegate(L, name);
	}
	for (lua_Integer i = 1; i <= n; i++) {
		int isnil = lua_rawgeti(L, 1, i) == LUA_TNIL;
		lua_pop(L, 1);
		if (isnil)
			return delegate(L, name);          /* the located None message */
	}
	lua_settop(L, 1);
	lua_getfield(L, META, "tags");
	lua_rawgeti(L, -1, tag);                           /* [t tags mt] */
	lua_setmetatable(L, 1);
	lua_settop(L, 1);
	return 1;
}

static int py_L(lua_State *L) { return seq_new(L, TAG_LIST, "L"); }
static int py_Tu(lua_State *L) { return seq_new(L, TAG_TUPLE, "Tu"); }

/* attr(o, name): objects (tables not of our types, userdata) answer by indexing. */
static int py_attr(lua_State *L)
{
	int t = lua_type(L, 1);
	if (lua_type(L, 2) != LUA_TSTRING)
		return delegate(L, "attr");
	if (t == LUA_TUSERDATA) {
		lua_settop(L, 2);
		lua_gettable(L, 1);
		return 1;
	}
	if (t == LUA_TTABLE && tag_of(L, 1) <= 0) {
		lua_settop(L, 2);
		lua_pushvalue(L, 2);
		if (lua_gettable(L, 1) != LUA_TNIL)
			return 1;
		lua_settop(L, 2);                          /* missing: py.lua's message */
	}
	return delegate(L, "attr");
}

static int py_setattr(lua_State *L)
{
	int t = lua_type(L, 1);
	if (lua_type(L, 2) == LUA_TSTRING &&
	    (t == LUA_TUSERDATA || (t == LUA_TTABLE && tag_of(L, 1) <= 0))) {
		lua_settop(L, 3);
		lua_settable(L, 1);
		return 0;
	}
	return delegate(L, "setattr");
}

/* m(o, name, ...): a method of an object is its field, called without o (rex objects bind
 * themselves); str/list/dict methods and versions are py.lua's. */
static int py_m(lua_State *L)
{
	int t = lua_type(L, 1), n;
	if (lua_type(L, 2) != LUA_TSTRING)
		return delegate(L, "m");
	if (t == LUA_TUSERDATA) {
		if (luaL_getmetafield(L, 1, "__name") != LUA_TNIL) {
			int version = strcmp(lua_tostring(L, -1), "rez.Version") == 0;
			lua_pop(L, 1);
			if (version)
				return delegate(L, "m");
		}
	} else if (t != LUA_TTABLE || tag_of(L, 1) > 0) {
		return delegate(L, "m");
	}
	lua_pushvalue(L, 2);
	if (lua_gettable(L, 1) == LUA_TNIL) {              /* [o name args v] */
		lua_pop(L, 1);
		return delegate(L, "m");
	}
	lua_replace(L, 1);                                 /* [v name args] */
	lua_remove(L, 2);                                  /* [v args] */
	n = lua_gettop(L) - 1;
	lua_call(L, n, LUA_MULTRET);
	return lua_gettop(L);
}

static int py_add(lua_State *L)
{
	int ta = lua_type(L, 1), tb = lua_type(L, 2);
	if (lua_gettop(L) == 2 && ta == LUA_TSTRING && tb == LUA_TSTRING) {
		lua_concat(L, 2);
		return 1;
	}
	if (lua_gettop(L) == 2 && ta == LUA_TNUMBER && tb == LUA_TNUMBER) {
		lua_arith(L, LUA_OPADD);
		return 1;
	}
	return delegate(L, "add");
}

static int py_truth(lua_State *L)
{
	int tag;
	switch (lua_type(L, 1)) {
	case LUA_TNONE:
	case LUA_TNIL:
		lua_pushboolean(L, 0);
		return 1;
	case LUA_TBOOLEAN:
		lua_pushboolean(L, lua_toboolean(L, 1));
		return 1;
	case LUA_TNUMBER:
		lua_pushboolean(L, lua_tonumber(L, 1) != 0);
		return 1;
	case LUA_TSTRING:
		lua_pushboolean(L, lua_rawlen(L, 1) != 0);
		return 1;
	case LUA_TTABLE:
		tag = tag_of(L, 1);
		if (tag == TAG_LIST || tag == TAG_TUPLE) {
			lua_pushboolean(L, lua_rawgeti(L, 1, 1) != LUA_TNIL);
			return 1;
		}
		if (tag == TAG_DICT || tag == TAG_SET || tag == 0) {
			lua_settop(L, 1);
			lua_pushnil(L);
			lua_pushboolean(L, lua_next(L, 1) != 0);
			return 1;
		}
		if (tag == TAG_RANGE)
			return delegate(L, "truth");
		break;
	default:
		break;
	}
	lua_pushboolean(L, 1);
	return 1;
}

static int py_eq(lua_State *L)
{
	int ta = lua_type(L, 1), tb = lua_type(L, 2);
	if (lua_gettop(L) == 2 && ((ta == LUA_TSTRING && tb == LUA_TSTRING) ||
				   (ta == LUA_TNUMBER && tb == LUA_TNUMBER))) {
		lua_pushboolean(L, lua_rawequal(L, 1, 2));
		return 1;
	}
	return delegate(L, "eq");
}

static int py_isin(lua_State *L)
{
	size_t nx, nc;
	const char *x, *c;
	if (lua_gettop(L) != 2 || lua_type(L, 1) != LUA_TSTRING || lua_type(L, 2) != LUA_TSTRING)
		return delegate(L, "isin");
	x = lua_tolstring(L, 1, &nx);
	c = lua_tolstring(L, 2, &nc);
	for (size_t i = 0; nx <= nc && i <= nc - nx; i++) {
		if (memcmp(c + i, x, nx) == 0) {
			lua_pushboolean(L, 1);
			return 1;
		}
	}
	lua_pushboolean(L, 0);
	return 1;
}

/* __index of the module table: the full module's field, kept in the table. */
static int py_index(lua_State *L)
{
	push_full(L, lua_upvalueindex(1));                 /* [M k full] */
	lua_pushvalue(L, 2);
	lua_gettable(L, -2);                               /* [M k full v] (full may be frozen) */
	lua_pushvalue(L, 2);
	lua_pushvalue(L, -2);
	lua_rawset(L, 1);                                  /* M[k] = v */
	return 1;
}

int luaopen_rez_py(lua_State *L)
{
	static const luaL_Reg fast[] = {
		{ "L", py_L }, { "Tu", py_Tu }, { "attr", py_attr }, { "setattr", py_setattr },
		{ "m", py_m }, { "add", py_add }, { "truth", py_truth }, { "eq", py_eq },
		{ "isin", py_isin }, { NULL, NULL },
	};
	lua_createtable(L, 0, 16);                         /* [M] */
	lua_createtable(L, 0, 3);                          /* [M meta] */
	lua_createtable(L, N_TAGS, 0);                     /* [M meta tags] */
	for (int i = 1; i <= N_TAGS; i++) {
		lua_newtable(L);
		lua_rawseti(L, -2, i);
	}
	lua_setfield(L, -2, "tags");                       /* [M meta] */
	lua_pushvalue(L, -1);
	lua_pushcclosure(L, py_index, 1);
	lua_setfield(L, -2, "__index");                    /* [M meta] */
	/* the helpers go into M, each with meta as its upvalue */
	lua_pushvalue(L, -2);                              /* [M meta M] */
	lua_pushvalue(L, -2);                              /* [M meta M meta] */
	luaL_setfuncs(L, fast, 1);                         /* [M meta M] */
	lua_pop(L, 1);                                     /* [M meta] */
	lua_setmetatable(L, -2);                           /* [M] */
	return 1;
}
