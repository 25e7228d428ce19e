/* load.c - package.lua / package.yaml to an ordered rt_value map (see load.h). */
#include "runtime/common.h"
#include "interp/load.h"
#include "interp/dialect.h"
#include "interp/pyread.h"
#include "runtime/buf.h"
#include "runtime/utf8.h"
#include "runtime/value.h"
#include "stdlib/value.h"
#include "runtime/yaml.h"

#include <errno.h>
#include <lauxlib.h>
#include <sys/stat.h>

#define REG_LOAD "rez.load"          /* lightuserdata: the struct load_ctx of the running load */
#define REG_BINDING "rez.binding"    /* metatable of early()/late()/include() markers */

/* Values one definition may produce in total: a DAG of shared tables could otherwise expand
 * exponentially in C, where no Lua budget applies. */
#define MAX_NODES (1ul << 20)
#define MAX_DEPTH 200

static int commands_from_strings(struct rt_value *v, const char *text, size_t len,
				 const char *path, int yaml, struct rt_error *err);

static const char *const commands_attrs[] = {
	"pre_commands", "commands", "post_commands", "pre_build_commands", "pre_test_commands",
	NULL
};

int li_is_commands_attr(const char *name)
{
	for (const char *const *p = commands_attrs; *p; p++)
		if (rt_streq(*p, name))
			return 1;
	return 0;
}

/* The running load; reached from Lua callbacks through the registry. Everything allocated in
 * C hangs from `data` as soon as it exists, so a Lua error never leaks it. */
struct load_ctx {
	const char *path;
	const char *chunkname;        /* "@path" */
	const char *src;              /* the rewritten text: what Lua compiled */
	size_t len;
	const struct li_dialect *dialect;
	int building;
	int build_variant_index;
	const struct rt_value *build_variant_requires;
	struct rt_value *data;        /* the result being filled */
	size_t nodes;
};

static struct load_ctx *get_ctx(lua_State *L)
{
	struct load_ctx *c;
	lua_getfield(L, LUA_REGISTRYINDEX, REG_LOAD);     /* ctx */
	c = lua_touserdata(L, -1);
	lua_pop(L, 1);
	if (!c)
		luaL_error(L, "package definition functions used outside a definition load");
	return c;
}

/* Raises "path:line: <fmt...>" (fmt in lua_pushfstring's subset: %s %d). */
static int fail(lua_State *L, const struct load_ctx *c, int line, const char *fmt, ...)
{
	va_list ap;
	lua_pushfstring(L, "%s:%d: ", c->path, line > 0 ? line : 1);
	va_start(ap, fmt);
	lua_pushvfstring(L, fmt, ap);
	va_end(ap);
	lua_concat(L, 2);
	return lua_error(L);
}

/* ---- early() / late() / include() markers ---- */

static int is_marker(lua_State *L, int idx)
{
	int r;
	if (lua_type(L, idx) != LUA_TTABLE || !lua_getmetatable(L, idx))
		return 0;
	luaL_getmetatable(L, REG_BINDING);                 /* mt MT */
	r = lua_rawequal(L, -1, -2);
	lua_pop(L, 2);
	return r;
}

/* Pushes a marker {kind = kind, fn = <fn at fn_idx>, includes = {}}. */
static void push_marker(lua_State *L, const char *kind, int fn_idx)
{
	fn_idx = lua_absindex(L, fn_idx);
	lua_createtable(L, 0, 3);                          /* m */
	lua_pushstring(L, kind);
	lua_setfield(L, -2, "kind");
	lua_pushvalue(L, fn_idx);
	lua_setfield(L, -2, "fn");
	lua_newtable(L);
	lua_setfield(L, -2, "includes");
	luaL_setmetatable(L, REG_BINDING);
}

static int b_early(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TFUNCTION);
	push_marker(L, "early", 1);
	return 1;
}

static int b_late(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TFUNCTION);
	push_marker(L, "late", 1);
	return 1;
}

/* include("m1", "m2", f) or include("m1", late(f)): f with modules made available to it. */
static int b_include(lua_State *L)
{
	int n = lua_gettop(L);
	lua_Integer k;
	if (n < 2)
		return luaL_error(L, "include() needs module names and then a function: "
				  "include(\"mod\", function() ... end)");
	if (lua_type(L, n) == LUA_TFUNCTION) {
		push_marker(L, "plain", n);                        /* ... m */
	} else if (is_marker(L, n)) {
		lua_getfield(L, n, "kind");                         /* ... kind */
		if (rt_streq(lua_tostring(L, -1), "early"))
			return luaL_error(L, "include() cannot be used with early()");
		lua_getfield(L, n, "fn");                           /* ... kind fn */
		push_marker(L, lua_tostring(L, -2), -1);            /* ... kind fn m */
		lua_getfield(L, n, "includes");                     /* ... kind fn m old */
		lua_getfield(L, -2, "includes");                    /* ... kind fn m old new */
		for (k = 1; lua_rawgeti(L, -2, k) != LUA_TNIL; k++)  /* ... old new s */
			lua_rawseti(L, -2, k);
		lua_pop(L, 3);                                      /* ... kind fn m */
	} else {
		return luaL_argerror(L, n, "function expected");
	}
	lua_getfield(L, -1, "includes");                            /* ... m incs */
	k = (lua_Integer)lua_rawlen(L, -1);
	for (int i = 1; i < n; i++) {
		const char *mod = luaL_checkstring(L, i);
		if (!li_is_identifier(mod))
			return luaL_argerror(L, i, "invalid module name");
		lua_pushvalue(L, i);
		lua_rawseti(L, -2, ++k);
	}
	lua_pop(L, 1);                                              /* ... m */
	return 1;
}

/* ---- the definition's environment ---- */

/* __index of the environment: bindings (early, late, include, this, building...), then the
 * state's globals; an unknown name is an error, so typos do not read as nil. */
static int env_index(lua_State *L)
{
	if (lua_type(L, 2) != LUA_TSTRING)
		return 0;
	lua_pushvalue(L, 2);
	if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL)         /* t k v */
		return 1;
	lua_pop(L, 1);
	lua_pushvalue(L, 2);
	if (lua_rawget(L, lua_upvalueindex(2)) != LUA_TNIL)         /* t k v */
		return 1;
	return luaL_error(L, "name '%s' is not defined", lua_tostring(L, 2));
}

/* __newindex of the environment: remembers the order and line of first assignment. */
static int env_newindex(lua_State *L)
{
	lua_pushvalue(L, 2);
	if (lua_type(L, 2) == LUA_TSTRING && !lua_isnil(L, 3) &&
	    lua_rawget(L, lua_upvalueindex(2)) == LUA_TNIL) {      /* t k v nil */
		lua_Debug ar;
		int line = 0;
		lua_pop(L, 1);
		if (lua_getstack(L, 1, &ar) && lua_getinfo(L, "l", &ar))
			line = ar.currentline;
		lua_pushvalue(L, 2);                                /* t k v k */
		lua_rawseti(L, lua_upvalueindex(1),
			    (lua_Integer)lua_rawlen(L, lua_upvalueindex(1)) + 1);
		lua_pushvalue(L, 2);
		lua_pushinteger(L, line);
		lua_rawset(L, lua_upvalueindex(2));                 /* lines[k] = line */
	}
	lua_settop(L, 3);
	lua_rawset(L, 1);
	return 0;
}

/* ---- classifying function values ---- */

enum fkind { F_NONE, F_PLAIN, F_EARLY, F_LATE };

struct fninfo {
	enum fkind kind;
	int include;                         /* has @include modules */
	const struct li_decorated *deco;     /* decorator-form function */
};

/* What the value at idx is, as a binding (F_NONE: not a function or marker). */
static struct fninfo classify(lua_State *L, const struct load_ctx *c, int idx)
{
	struct fninfo fi = { F_NONE, 0, NULL };
	idx = lua_absindex(L, idx);
	if (lua_type(L, idx) == LUA_TFUNCTION) {
		lua_Debug ar;
		lua_pushvalue(L, idx);
		fi.kind = F_PLAIN;
		if (lua_getinfo(L, ">S", &ar) && rt_streq(ar.source, c->chunkname))
			fi.deco = li_dialect_find(c->dialect, ar.linedefined);
		if (fi.deco) {
			fi.kind = fi.deco->flags & LI_DECO_EARLY ? F_EARLY
				: fi.deco->flags & LI_DECO_LATE ? F_LATE : F_PLAIN;
			fi.include = !!(fi.deco->flags & LI_DECO_INCLUDE);
		}
	} else if (is_marker(L, idx)) {
		const char *kind;
		lua_getfield(L, idx, "kind");
		kind = lua_tostring(L, -1);
		fi.kind = rt_streq(kind, "early") ? F_EARLY : rt_streq(kind, "late") ? F_LATE : F_PLAIN;
		lua_pop(L, 1);
		lua_getfield(L, idx, "includes");
		fi.include = lua_rawlen(L, -1) > 0;
		lua_pop(L, 1);
	}
	return fi;
}

/* Pushes the Lua function of a function or marker value. */
static void push_function(lua_State *L, int idx)
{
	if (lua_type(L, idx) == LUA_TFUNCTION)
		lua_pushvalue(L, idx);
	else
		lua_getfield(L, idx, "fn");
}

/* ---- `this` for early functions ---- */

static int this_index(lua_State *L)
{
	struct load_ctx *c = get_ctx(L);
	const char *key = luaL_checkstring(L, 2);
	struct fninfo fi;
	lua_pushvalue(L, 2);
	if (lua_rawget(L, lua_upvalueindex(1)) == LUA_TNIL)         /* t k v */
		return luaL_error(L, "no such package attribute '%s'", key);
	fi = classify(L, c, -1);
	if (fi.kind == F_EARLY || fi.kind == F_LATE)
		return luaL_error(L, "early binding function cannot refer to another early or "
				  "late binding function: '%s'", key);
	return 1;
}

static int this_newindex(lua_State *L)
{
	return luaL_error(L, "package attributes are read-only through 'this'");
}

/* ---- running @early functions ---- */

/* Calls the early function of the value at idx for attribute `attr`; pushes its result. */
static void call_early(lua_State *L, struct load_ctx *c, int idx, const char *attr, int line,
		       int this_idx)
{
	lua_Debug ar;
	int nargs = 0;
	idx = lua_absindex(L, idx);
	this_idx = lua_absindex(L, this_idx);
	lua_pushcfunction(L, li_state_msghandler);                  /* h */
	push_function(L, idx);                                      /* h fn */
	lua_pushvalue(L, -1);
	lua_getinfo(L, ">u", &ar);
	if (ar.nparams > 1)
		fail(L, c, line, "@early function '%s' must take zero or one arguments", attr);
	if (ar.nparams == 1) {
		lua_pushvalue(L, this_idx);                         /* h fn this */
		nargs = 1;
	}
	if (lua_pcall(L, nargs, 1, -2 - nargs) != LUA_OK) {          /* h msg */
		const char *msg = lua_tostring(L, -1);
		lua_pushfstring(L, "%s (in early binding '%s')", msg ? msg : "error", attr);
		lua_error(L);
	}
	lua_remove(L, -2);                                          /* result */
}

/* Entering nesting level `depth` of attribute `attr`: bounds the depth (and so the C stack)
 * and reserves the Lua stack slots one level uses. C functions get only LUA_MINSTACK slots,
 * and each level pushes a few, so without the reservation a nested table overruns the stack
 * and corrupts the heap. */
static void nest(lua_State *L, const struct load_ctx *c, int line, const char *attr, int depth)
{
	if (depth > MAX_DEPTH)
		fail(L, c, line, "attribute '%s' is nested too deeply (more than %d levels)", attr,
		     MAX_DEPTH);
	if (!lua_checkstack(L, 16))
		fail(L, c, line, "attribute '%s' is nested too deeply (out of stack)", attr);
}

/* Evaluates early bindings in the value tbl[key] (key at stack top is popped), recursing
 * into tables; `visited` marks tables already done. */
static void process_slot(lua_State *L, struct load_ctx *c, int tbl, const char *attr, int line,
			 int this_idx, int visited, int depth)
{
	int key = lua_gettop(L);
	nest(L, c, line, attr, depth);
	for (int rounds = 0;; rounds++) {
		struct fninfo fi;
		lua_pushvalue(L, key);
		lua_rawget(L, tbl);                                 /* key v */
		fi = classify(L, c, -1);
		if (fi.kind != F_EARLY)
			break;
		if (rounds >= 16)
			fail(L, c, line, "@early function '%s' keeps returning early functions", attr);
		call_early(L, c, -1, attr, line, this_idx);         /* key v result */
		lua_remove(L, -2);                                  /* key result */
		lua_pushvalue(L, key);
		lua_insert(L, -2);                                  /* key key result */
		lua_rawset(L, tbl);                                 /* key */
	}
	if (lua_type(L, -1) == LUA_TTABLE && !is_marker(L, -1)) {
		int sub = lua_gettop(L);
		lua_pushvalue(L, sub);
		if (lua_rawget(L, visited) == LUA_TNIL) {           /* key v nil */
			lua_pop(L, 1);
			lua_pushvalue(L, sub);
			lua_pushboolean(L, 1);
			lua_rawset(L, visited);
			/* Snapshot the keys: processing replaces values in place. */
			lua_newtable(L);                            /* key v keys */
			lua_pushnil(L);
			while (lua_next(L, sub)) {                  /* key v keys k x */
				lua_pop(L, 1);
				lua_pushvalue(L, -1);
				lua_rawseti(L, -3, (lua_Integer)lua_rawlen(L, -3) + 1);
			}
			for (lua_Integer i = 1, n = (lua_Integer)lua_rawlen(L, -1); i <= n; i++) {
				lua_rawgeti(L, -1, i);              /* key v keys k */
				process_slot(L, c, sub, attr, line, this_idx, visited, depth + 1);
			}
			lua_pop(L, 1);                              /* key v */
		} else {
			lua_pop(L, 1);
		}
	}
	lua_settop(L, key - 1);
}


/* The function or marker at idx, as attribute `attr`: a new RT_FUNC, or NULL (dropped). */
static struct rt_value *convert_function(lua_State *L, struct load_ctx *c, int idx,
					 const char *key, const char *attr, int line, int top)
{
	struct fninfo fi = classify(L, c, idx);
	int commands = top && li_is_commands_attr(attr);
	int preprocess = top && rt_streq(attr, "preprocess");
	unsigned flags;
	lua_Debug ar;
	struct rt_func *fn;
	struct rt_value *v;
	struct rt_buf src = RT_BUF_INIT;

	if (fi.kind == F_EARLY)
		RT_BUG("early binding left unevaluated");
	if (fi.kind == F_LATE && commands)
		fail(L, c, line, "cannot use @late on function '%s'", attr);
	if (fi.include && fi.kind != F_LATE && !commands)
		fail(L, c, line, "@include can only be used on late binding and commands functions "
		     "(attribute '%s')", attr);
	if (fi.kind != F_LATE && !commands && !preprocess)
		return NULL;       /* a helper function: not part of the data */
	flags = fi.kind == F_LATE ? RT_FN_LATE : commands ? RT_FN_COMMANDS : RT_FN_PREPROCESS;

	push_function(L, idx);
	lua_getinfo(L, ">S", &ar);
	if (!rt_streq(ar.source, c->chunkname) || ar.linedefined <= 0)
		fail(L, c, line, "function '%s' must be defined in the package file itself", attr);
	if (li_dialect_cut_function(c->src, c->len, ar.linedefined, ar.lastlinedefined, key,
				    &src) < 0) {
		rt_buf_release(&src);
		fail(L, c, ar.linedefined, "cannot find the source text of function '%s' (define "
		     "it with 'function %s(...)' or '%s = function(...) ... end' on lines of "
		     "its own)", attr, key, key);
	}
	fn = rt_func_new(key, src.buf, c->path, ar.linedefined, flags);
	rt_buf_release(&src);
	v = rt_value_func(fn);
	v->line = ar.linedefined;
	if (fi.deco) {
		for (size_t i = 0; i < fi.deco->n_includes; i++)
			rt_func_add_include(fn, fi.deco->includes[i]);
	} else if (fi.include) {
		lua_getfield(L, idx, "includes");                   /* incs */
		for (lua_Integer i = 1; lua_rawgeti(L, -1, i) == LUA_TSTRING; i++) {
			rt_func_add_include(fn, lua_tostring(L, -1));
			lua_pop(L, 1);
		}
		lua_pop(L, 2);
	}
	return v;
}

struct conv_attr {
	struct load_ctx *c;
	const char *attr;
	int line;
};

/* Functions and early()/late()/include() markers, for the converter (stdlib/value.h). */
static int load_special(lua_State *L, int idx, const char *key, int top, void *ud,
			struct rt_value **out)
{
	struct conv_attr *ca = ud;
	*out = NULL;
	if (lua_type(L, idx) != LUA_TFUNCTION && !is_marker(L, idx))
		return 0;
	*out = convert_function(L, ca->c, idx, key ? key : ca->attr, ca->attr, ca->line, top);
	return 1;
}

/* Converts the value at idx into attribute `attr` of the data map (line: the attribute's). */
static void convert(lua_State *L, struct load_ctx *c, int idx, const char *attr, int line)
{
	struct conv_attr ca = { c, attr, line };
	struct rez_tovalue tv = { REZ_VALUE_UTF8 | REZ_VALUE_DROP_PRIVATE | REZ_VALUE_TOSTRING,
				  NULL, line, MAX_NODES, load_special, &ca, c->nodes };
	idx = lua_absindex(L, idx);
	tv.what = lua_pushfstring(L, "%s:%d: attribute '%s'", c->path, line > 0 ? line : 1, attr);
	rez_stdlib_to_value_into(L, idx, &tv, c->data, attr);
	lua_pop(L, 1);
	c->nodes = tv.nodes;
}

/* ---- the protected main of a package.lua load ---- */

/* Stack in: the load context (lightuserdata), the compiled chunk. Fills ctx->data. */
static int load_main(lua_State *L)
{
	struct load_ctx *c = lua_touserdata(L, 1);
	int chunk = 2, env, order, lines, bind, this_idx, visited;
	lua_Integer n;

	lua_pushvalue(L, 1);
	lua_setfield(L, LUA_REGISTRYINDEX, REG_LOAD);
	if (luaL_newmetatable(L, REG_BINDING)) {                    /* ... MT */
		lua_pushboolean(L, 0);
		lua_setfield(L, -2, "__metatable");
	}
	lua_pop(L, 1);

	lua_newtable(L);                                            /* chunk E */
	env = lua_gettop(L);
	lua_newtable(L);                                            /* ... order */
	order = lua_gettop(L);
	lua_newtable(L);                                            /* ... lines */
	lines = lua_gettop(L);
	lua_newtable(L);                                            /* ... bind */
	bind = lua_gettop(L);
	lua_pushcfunction(L, b_early);
	lua_setfield(L, bind, "early");
	lua_pushcfunction(L, b_late);
	lua_setfield(L, bind, "late");
	lua_pushcfunction(L, b_include);
	lua_setfield(L, bind, "include");

	lua_createtable(L, 0, 3);                                   /* ... mt */
	lua_pushvalue(L, bind);
	lua_pushglobaltable(L);
	lua_pushcclosure(L, env_index, 2);
	lua_setfield(L, -2, "__index");
	lua_pushvalue(L, order);
	lua_pushvalue(L, lines);
	lua_pushcclosure(L, env_newindex, 2);
	lua_setfield(L, -2, "__newindex");
	lua_setmetatable(L, env);                                   /* ... */

	/* Run the definition with E as its _ENV. */
	lua_pushvalue(L, chunk);
	lua_pushvalue(L, env);
	lua_setupvalue(L, -2, 1);
	lua_call(L, 0, 0);

	/* Names stored with rawset bypassed __newindex: append them, sorted for stability. */
	{
		lua_Integer before = (lua_Integer)lua_rawlen(L, order);
		lua_pushnil(L);
		while (lua_next(L, env)) {                          /* k v */
			lua_pop(L, 1);
			if (lua_type(L, -1) != LUA_TSTRING)
				continue;
			lua_pushvalue(L, -1);
			if (lua_rawget(L, lines) == LUA_TNIL) {     /* k nil */
				lua_pop(L, 1);
				lua_pushvalue(L, -1);
				lua_rawseti(L, order, (lua_Integer)lua_rawlen(L, order) + 1);
				lua_pushvalue(L, -1);
				lua_pushinteger(L, 0);
				lua_rawset(L, lines);
			} else {
				lua_pop(L, 1);
			}
		}
		if ((lua_Integer)lua_rawlen(L, order) > before + 1) {
			/* A few names at most: insertion sort in place. */
			lua_Integer last = (lua_Integer)lua_rawlen(L, order);
			for (lua_Integer i = before + 2; i <= last; i++)
				for (lua_Integer j = i; j > before + 1; j--) {
					lua_rawgeti(L, order, j - 1);
					lua_rawgeti(L, order, j);
					if (strcmp(lua_tostring(L, -2), lua_tostring(L, -1)) <= 0) {
						lua_pop(L, 2);
						break;
					}
					lua_rawseti(L, order, j - 1);
					lua_rawseti(L, order, j);
				}
		}
	}

	/* `this` and the other names early functions see. */
	lua_newtable(L);                                            /* ... this */
	this_idx = lua_gettop(L);
	lua_createtable(L, 0, 3);
	lua_pushvalue(L, env);
	lua_pushcclosure(L, this_index, 1);
	lua_setfield(L, -2, "__index");
	lua_pushcfunction(L, this_newindex);
	lua_setfield(L, -2, "__newindex");
	lua_pushboolean(L, 0);
	lua_setfield(L, -2, "__metatable");
	lua_setmetatable(L, this_idx);
	lua_pushvalue(L, this_idx);
	lua_setfield(L, bind, "this");
	lua_pushboolean(L, c->building);
	lua_setfield(L, bind, "building");
	lua_pushboolean(L, 0);
	lua_setfield(L, bind, "testing");
	lua_pushinteger(L, c->build_variant_index);
	lua_setfield(L, bind, "build_variant_index");
	lua_newtable(L);
	if (c->build_variant_requires)
		for (size_t i = 0; i < rt_list_len(c->build_variant_requires); i++) {
			const struct rt_value *r = rt_list_at(c->build_variant_requires, i);
			lua_pushstring(L, rt_value_as_str(r) ? rt_value_as_str(r) : "");
			lua_rawseti(L, -2, (lua_Integer)i + 1);
		}
	lua_setfield(L, bind, "build_variant_requires");

	lua_newtable(L);
	visited = lua_gettop(L);

	/* Early bindings, in definition order. */
	n = (lua_Integer)lua_rawlen(L, order);
	for (lua_Integer i = 1; i <= n; i++) {
		const char *name;
		int line;
		lua_rawgeti(L, order, i);                           /* name */
		name = lua_tostring(L, -1);
		lua_pushvalue(L, -1);
		lua_rawget(L, lines);
		line = (int)lua_tointeger(L, -1);
		lua_pop(L, 1);
		lua_pushvalue(L, -1);                               /* name name */
		process_slot(L, c, env, name, line, this_idx, visited, 0);   /* name */
		lua_pop(L, 1);
	}

	/* Conversion, in definition order. */
	for (lua_Integer i = 1; i <= n; i++) {
		const char *name;
		int line;
		lua_rawgeti(L, order, i);                           /* name */
		name = lua_tostring(L, -1);
		if (name[0] == '_' && name[1] == '_') {
			lua_pop(L, 1);
			continue;
		}
		lua_pushvalue(L, -1);
		lua_rawget(L, lines);                               /* name line */
		line = (int)lua_tointeger(L, -1);
		lua_pop(L, 1);
		lua_pushvalue(L, -1);
		lua_rawget(L, env);                                 /* name v */
		if (lua_type(L, -1) == LUA_TFUNCTION) {
			/* A function statement's line is its `function` keyword. */
			lua_Debug ar;
			lua_pushvalue(L, -1);
			if (lua_getinfo(L, ">S", &ar) && rt_streq(ar.source, c->chunkname) &&
			    ar.linedefined > 0 && line == 0)
				line = ar.linedefined;
		}
		convert(L, c, -1, name, line);
		lua_pop(L, 2);
	}
	return 0;
}

struct rt_value *li_load_lua(const char *text, size_t len, const char *path,
			     const struct li_load_opts *opts, struct rt_error *err)
{
	static const struct li_load_opts defaults = LI_LOAD_OPTS_DEFAULT;
	struct li_dialect d = LI_DIALECT_INIT;
	struct load_ctx c;
	lua_State *L;
	char *chunkname;
	struct rt_value *result = NULL;

	if (!opts)
		opts = &defaults;
	if (li_dialect_rewrite(&d, text, len, path, err) < 0) {
		li_dialect_release(&d);
		return NULL;
	}
	L = opts->L ? opts->L : li_state_new(&opts->limits, err);
	if (!L) {
		li_dialect_release(&d);
		return NULL;
	}
	chunkname = rt_xstrfmt("@%s", path);
	memset(&c, 0, sizeof(c));
	c.path = path;
	c.chunkname = chunkname;
	c.src = d.text.buf;
	c.len = d.text.len;
	c.dialect = &d;
	c.building = opts->building;
	c.build_variant_index = opts->build_variant_index;
	c.build_variant_requires = opts->build_variant_requires;
	c.data = rt_value_map();

	lua_pushcfunction(L, load_main);                            /* main */
	lua_pushlightuserdata(L, &c);                               /* main ctx */
	if (li_state_load(L, c.src, c.len, chunkname, err) == 0 &&  /* main ctx chunk */
	    li_state_pcall(L, 2, 0, err) == 0 &&
	    commands_from_strings(c.data, text, len, path, 0, err) == 0) {
		result = c.data;
		c.data = NULL;
	} else {
		lua_settop(L, 0);
	}
	lua_pushnil(L);                       /* the key exists: no allocation, no error */
	lua_setfield(L, LUA_REGISTRYINDEX, REG_LOAD);
	rt_value_free(c.data);
	free(chunkname);
	li_dialect_release(&d);
	if (!opts->L)
		li_state_close(L);
	else
		li_state_trim(L);
	return result;
}

/* ---- package.yaml ---- */

/* Line where a block scalar's text starts: the line after "key: |" / "key: >". */
static int body_line(const char *text, size_t len, int line)
{
	size_t i = 0;
	int l = 1;
	while (i < len && l < line) {
		if (text[i] == '\n')
			l++;
		i++;
	}
	while (i < len && text[i] != '\n' && text[i] != ':')
		i++;
	if (i < len && text[i] == ':') {
		i++;
		while (i < len && (text[i] == ' ' || text[i] == '\t'))
			i++;
		if (i < len && (text[i] == '|' || text[i] == '>'))
			return line + 1;
	}
	return line;
}

static void drop_private_keys(struct rt_value *v)
{
	if (v->type == RT_LIST) {
		for (size_t i = 0; i < rt_list_len(v); i++)
			drop_private_keys(rt_list_at(v, i));
	} else if (v->type == RT_MAP) {
		for (size_t i = 0; i < rt_map_len(v);) {
			if (rt_starts_with(rt_map_key(v, i), "__")) {
				rt_map_del(v, rt_map_key(v, i));
				continue;
			}
			drop_private_keys(rt_map_val(v, i));
			i++;
		}
	}
}

struct rt_value *li_load_yaml(const char *text, size_t len, const char *path,
			      struct rt_error *err)
{
	struct rt_value *v = rt_yaml_parse(text, len, path, err);
	if (!v)
		return NULL;
	if (v->type == RT_NULL) {
		rt_value_free(v);
		return rt_value_map();
	}
	if (v->type != RT_MAP) {
		rt_error(err, "%s:%d: a package definition must be a mapping of attributes (got %s)",
			 path, v->line > 0 ? v->line : 1, rt_value_type_name(v->type));
		rt_value_free(v);
		return NULL;
	}
	drop_private_keys(v);
	if (commands_from_strings(v, text, len, path, 1, err) < 0) {
		rt_value_free(v);
		return NULL;
	}
	return v;
}

/* Commands-family attributes given as strings of Lua code become RT_FUNCs whose source is
 * "function NAME() <body>\nend": the header shares the body's first line, so Lua's line
 * numbers are the file's. */
static int commands_from_strings(struct rt_value *v, const char *text, size_t len,
				 const char *path, int yaml, struct rt_error *err)
{
	for (size_t i = 0; i < rt_map_len(v); i++) {
		const char *key = rt_map_key(v, i);
		struct rt_value *val = rt_map_val(v, i);
		struct rt_buf src = RT_BUF_INIT;
		struct rt_value *fv;
		int first;
		if (!li_is_commands_attr(key) || val->type == RT_NULL)
			continue;
		if (val->type == RT_FUNC)
			continue;
		if (val->type != RT_STR) {
			rt_error(err, "%s:%d: attribute '%s' must be a function or a string of Lua code "
				 "(got %s)%s", path, val->line > 0 ? val->line : 1, key,
				 val->type == RT_INT || val->type == RT_FLOAT ? "number"
				 : val->type == RT_MAP ? "table" : rt_value_type_name(val->type),
				 val->type == RT_LIST ? "; rez-1 command lists are not supported" : "");
			return -1;
		}
		first = yaml ? body_line(text, len, val->line > 0 ? val->line : 1) : val->line;
		rt_buf_addf(&src, "function %s() ", key);
		rt_buf_add(&src, val->u.s.ptr, val->u.s.len);
		rt_buf_adds(&src, "\nend");
		fv = rt_value_func(rt_func_new(key, src.buf, path, first, RT_FN_COMMANDS));
		fv->line = val->line;
		rt_buf_release(&src);
		rt_map_set(v, key, fv);
	}
	return 0;
}

/* ---- files ---- */

static int has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && rt_streq(s + n - m, suffix);
}

struct rt_value *li_load_definition(const char *path, const struct li_load_opts *opts,
				    struct rt_error *err)
{
	static const struct li_load_opts defaults = LI_LOAD_OPTS_DEFAULT;
	struct rt_buf text = RT_BUF_INIT;
	struct rt_value *v;
	size_t max;
	struct stat st;
	int yaml = has_suffix(path, ".yaml") || has_suffix(path, ".yml");
	int py = has_suffix(path, ".py");

	if (!opts)
		opts = &defaults;
	if (!yaml && !py && !has_suffix(path, ".lua")) {
		rt_error(err, "%s: unknown package definition format (expected .lua, .py or .yaml)",
			 path);
		return NULL;
	}
	max = opts->max_file_size ? opts->max_file_size : LI_LOAD_MAX_FILE;
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size > max) {
		rt_error(err, "%s: package definition is too large (%lld bytes; the limit is %zu)",
			 path, (long long)st.st_size, max);
		return NULL;
	}
	if (rt_buf_read_file(&text, path, max) < 0) {
		if (errno == EFBIG)
			rt_error(err, "%s: package definition is too large (the limit is %zu bytes)",
				 path, max);
		else
			rt_error(err, "%s: cannot read package definition: %s", path,
				 strerror(errno));
		rt_buf_release(&text);
		return NULL;
	}
	if (yaml)
		v = li_load_yaml(text.buf, text.len, path, err);
	else if (py)
		v = li_pyread_load(text.buf, text.len, path, opts, err);
	else
		v = li_load_lua(text.buf, text.len, path, opts, err);
	rt_buf_release(&text);
	return v;
}
