/* preprocess.c - developer packages and preprocess functions (see preprocess.h). */
#include "runtime/common.h"
#include "interp/preprocess.h"
#include "runtime/build/build.h"
#include "interp/dialect.h"
#include "interp/include.h"
#include "interp/interp.h"
#include "interp/load.h"
#include "interp/rex.h"
#include "interp/state.h"
#include "runtime/buf.h"
#include "runtime/config.h"
#include "runtime/package.h"
#include "runtime/repo.h"
#include "runtime/utf8.h"
#include "runtime/value.h"
#include "runtime/version.h"
#include "runtime/wildcard.h"
#include "stdlib/stdlib.h"
#include "stdlib/value.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <lauxlib.h>
#include <sys/stat.h>

#define REG_KEY "rez.preprocess"           /* table: data, order, this, null, global */
#define FUNC_MT "rez.Function"             /* a stored function (RT_FUNC) as a Lua value */
#define LATE_MT "rez.preprocess.late"      /* late(fn) markers */
#define BOX_MT "rez.preprocess.box"        /* owns the data tree while it is converted */

/* One li_devpkg_load. Everything allocated hangs from here, so every exit frees it. */
struct pp {
	const struct li_devpkg_opts *opts;
	const char *file, *root;
	lua_State *L;
	struct rt_value *raw;          /* the loaded definition */
	struct rt_package *thispkg;    /* raw, expanded and validated: `this` */
	struct rt_config *pkgcfg;      /* the package's configuration */
	struct rt_repo *repo;          /* for wildcards; owned when own_repo */
	int own_repo;
	const char *global_str;        /* package_preprocess_function as a string, or NULL */
	char *global_file;             /* where the global function is defined */
	int global_line;
	/* the function being run */
	const struct rt_func *call_fn; /* stored function (local or config), or NULL: global */
	int wrapped;
	const char *bad_return;        /* type name of a wrong return value */
	char *fn_file;                 /* file and line that define it (for messages) */
	int fn_line;
	struct rt_value *cur;          /* data converted back */
};

static void say(const struct pp *pp, enum li_msg_level level, const char *msg)
{
	if (pp->opts->msg)
		pp->opts->msg(pp->opts->msg_ud, level, msg);
}

/* ------------------------------------------------------------------------------------------
 * rez.Function values and late() markers
 */

struct fbox {
	struct rt_func *fn;
};

static int func_gc(lua_State *L)
{
	struct fbox *b = luaL_checkudata(L, 1, FUNC_MT);
	rt_func_free(b->fn);
	b->fn = NULL;
	return 0;
}

static int func_index(lua_State *L)
{
	struct fbox *b = luaL_checkudata(L, 1, FUNC_MT);
	const char *k = luaL_checkstring(L, 2);
	const struct rt_func *fn = b->fn;
	if (!fn)
		return luaL_error(L, "function used after it was released");
	if (rt_streq(k, "name"))
		lua_pushstring(L, fn->name ? fn->name : "");
	else if (rt_streq(k, "source"))
		lua_pushstring(L, fn->source ? fn->source : "");
	else if (rt_streq(k, "file"))
		lua_pushstring(L, fn->file ? fn->file : "");
	else if (rt_streq(k, "line"))
		lua_pushinteger(L, fn->first_line);
	else if (rt_streq(k, "late"))
		lua_pushboolean(L, !!(fn->flags & RT_FN_LATE));
	else if (rt_streq(k, "includes")) {
		lua_createtable(L, (int)fn->n_includes, 0);
		for (size_t i = 0; i < fn->n_includes; i++) {
			lua_pushstring(L, fn->includes[i]);
			lua_rawseti(L, -2, (lua_Integer)i + 1);
		}
	} else
		return luaL_error(L, "stored function has no field '%s'", k);
	return 1;
}

static int func_tostring(lua_State *L)
{
	struct fbox *b = luaL_checkudata(L, 1, FUNC_MT);
	lua_pushstring(L, b->fn && b->fn->source ? b->fn->source : "");
	return 1;
}

static int func_newindex(lua_State *L)
{
	return luaL_error(L, "stored functions are read-only");
}

/* Pushes a rez.Function holding a copy of fn. [-0, +1] */
static void push_func(lua_State *L, const struct rt_func *fn)
{
	struct fbox *b = lua_newuserdatauv(L, sizeof(*b), 0);
	b->fn = NULL;
	luaL_setmetatable(L, FUNC_MT);
	b->fn = rt_func_copy(fn);       /* cannot fail: aborts on OOM */
}

/* late(fn): marks fn as a late binding for the attribute it is assigned to. */
static int b_late(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TFUNCTION);
	lua_settop(L, 1);
	lua_createtable(L, 0, 1);                                   /* fn m */
	lua_pushvalue(L, 1);
	lua_setfield(L, -2, "fn");
	luaL_setmetatable(L, LATE_MT);
	return 1;
}

static int b_invalid_package(lua_State *L)
{
	const char *msg = luaL_checkstring(L, 1);
	luaL_where(L, 1);
	lua_pushfstring(L, "invalid package: %s", msg);
	lua_concat(L, 2);
	return lua_error(L);
}

static void init_metatables(lua_State *L)
{
	if (luaL_newmetatable(L, FUNC_MT)) {
		lua_pushcfunction(L, func_gc);
		lua_setfield(L, -2, "__gc");
		lua_pushcfunction(L, func_index);
		lua_setfield(L, -2, "__index");
		lua_pushcfunction(L, func_newindex);
		lua_setfield(L, -2, "__newindex");
		lua_pushcfunction(L, func_tostring);
		lua_setfield(L, -2, "__tostring");
		lua_pushliteral(L, FUNC_MT);
		lua_setfield(L, -2, "__name");
	}
	lua_pop(L, 1);
	if (luaL_newmetatable(L, LATE_MT)) {
		lua_pushboolean(L, 0);
		lua_setfield(L, -2, "__metatable");
	}
	lua_pop(L, 1);
}

/* ------------------------------------------------------------------------------------------
 * rt_value -> Lua
 */

/* Pushes v as Lua data: null is the value at null_idx (json.null), functions rez.Function,
 * lists and maps fresh tables (read-only views when `ro`). [-0, +1] */
static void push_data(lua_State *L, const struct rt_value *v, int null_idx, int ro)
{
	luaL_checkstack(L, 6, "value too deeply nested");
	switch (v->type) {
	case RT_NULL:
		lua_pushvalue(L, null_idx);
		return;
	case RT_BOOL:
		lua_pushboolean(L, v->u.b);
		return;
	case RT_INT:
		lua_pushinteger(L, (lua_Integer)v->u.i);
		return;
	case RT_FLOAT:
		lua_pushnumber(L, (lua_Number)v->u.f);
		return;
	case RT_STR:
		lua_pushlstring(L, v->u.s.ptr, v->u.s.len);
		return;
	case RT_FUNC:
		push_func(L, v->u.fn);
		return;
	case RT_LIST:
		lua_createtable(L, (int)rt_list_len(v), 0);          /* t */
		for (size_t i = 0; i < rt_list_len(v); i++) {
			push_data(L, rt_list_at(v, i), null_idx, ro);
			lua_rawseti(L, -2, (lua_Integer)i + 1);
		}
		break;
	case RT_MAP:
		lua_createtable(L, 0, (int)rt_map_len(v));           /* t */
		for (size_t i = 0; i < rt_map_len(v); i++) {
			push_data(L, rt_map_val(v, i), null_idx, ro);
			lua_setfield(L, -2, rt_map_key(v, i));
		}
		break;
	}
	if (ro) {
		li_include_readonly(L, -1, "this");                 /* t view */
		lua_remove(L, -2);                                  /* view */
	}
}

/* __newindex of the top-level data table: records the order in which new keys appear.
 * Upvalue 1: the order list. */
static int data_newindex(lua_State *L)
{
	if (lua_type(L, 2) == LUA_TSTRING && !lua_isnil(L, 3)) {
		lua_pushvalue(L, 2);
		lua_rawseti(L, lua_upvalueindex(1),
			    (lua_Integer)lua_rawlen(L, lua_upvalueindex(1)) + 1);
	}
	lua_rawset(L, 1);
	return 0;
}

/* Pushes `this` for the package p (the un-preprocessed, validated package). */
static void push_this(lua_State *L, const struct pp *pp, int null_idx)
{
	const struct rt_package *p = pp->thispkg;
	struct rt_buf q = RT_BUF_INIT;
	lua_createtable(L, 0, (int)rt_map_len(p->data) + 8);       /* t */
	for (size_t i = 0; i < rt_map_len(p->data); i++) {
		push_data(L, rt_map_val(p->data, i), null_idx, 1);
		lua_setfield(L, -2, rt_map_key(p->data, i));
	}
	rez_version_push(L, p->version);
	lua_setfield(L, -2, "version");
	lua_pushstring(L, pp->root);
	lua_setfield(L, -2, "root");
	lua_pushstring(L, pp->root);
	lua_setfield(L, -2, "base");
	lua_pushstring(L, pp->file);
	lua_setfield(L, -2, "uri");
	lua_pushboolean(L, 1);
	lua_setfield(L, -2, "is_package");
	lua_pushboolean(L, 0);
	lua_setfield(L, -2, "is_variant");
	rt_package_qualified_name(p, &q);
	lua_pushlstring(L, q.buf, q.len);      /* q leaks only if this raises: copy first */
	rt_buf_release(&q);
	lua_setfield(L, -2, "qualified_name");
	push_data(L, rt_config_data(pp->pkgcfg), null_idx, 1);
	lua_setfield(L, -2, "config");
	li_include_readonly(L, -1, "this");                         /* t view */
	lua_remove(L, -2);
}

/* ------------------------------------------------------------------------------------------
 * Lua -> rt_value ("like a fresh load")
 */

struct tbox {
	struct rt_value *v;
};

static int tbox_gc(lua_State *L)
{
	struct tbox *b = lua_touserdata(L, 1);
	rt_value_free(b->v);
	b->v = NULL;
	return 0;
}

struct conv {
	struct pp *pp;
	const char *attr;              /* the attribute being converted, for messages */
};


static void attach(struct rt_value *parent, const char *key, struct rt_value *v)
{
	if (parent->type == RT_MAP)
		rt_map_set(parent, key, v);
	else
		rt_list_push(parent, v);
}

static int has_mt(lua_State *L, int idx, const char *mt)
{
	int r;
	if (!lua_getmetatable(L, idx))
		return 0;
	luaL_getmetatable(L, mt);
	r = lua_rawequal(L, -1, -2);
	lua_pop(L, 2);
	return r;
}

/* The Lua function at idx, stored as attribute `key` with `flags`: cut out of the file that
 * defined it. Attaches the RT_FUNC to parent. */
static void store_function(lua_State *L, int idx, struct rt_value *parent, const char *key,
			   unsigned flags)
{
	lua_Debug ar;
	const char *text, *up;
	size_t len;
	struct rt_buf src = RT_BUF_INIT;
	struct rt_func *fn;
	struct rt_value *v;

	idx = lua_absindex(L, idx);
	for (int i = 1; (up = lua_getupvalue(L, idx, i)) != NULL; i++) {
		lua_pop(L, 1);
		if (!rt_streq(up, "_ENV"))
			luaL_error(L, "attribute '%s': the function uses the local variable '%s' of "
				   "an enclosing function; stored functions are run again from their "
				   "source later and can only use globals", key, up);
	}
	lua_pushvalue(L, idx);
	lua_getinfo(L, ">S", &ar);
	if (ar.source[0] != '@' || ar.linedefined <= 0)
		luaL_error(L, "attribute '%s': cannot store a function that was not defined in a "
			   "file", key);
	luaL_getsubtable(L, LUA_REGISTRYINDEX, LI_INCLUDE_SOURCES_KEY);
	if (lua_getfield(L, -1, ar.source + 1) != LUA_TSTRING)
		luaL_error(L, "attribute '%s': cannot store a function defined in '%s' (its "
			   "source text is not known)", key, ar.source + 1);
	text = lua_tolstring(L, -1, &len);
	if (li_dialect_cut_function(text, len, ar.linedefined, ar.lastlinedefined, key,
				    &src) < 0) {
		rt_buf_release(&src);
		luaL_error(L, "attribute '%s': cannot find the source text of the function at "
			   "%s:%d (write it on lines of its own)", key, ar.source + 1,
			   ar.linedefined);
	}
	fn = rt_func_new(key, src.buf, ar.source + 1, ar.linedefined, flags);
	rt_buf_release(&src);
	v = rt_value_func(fn);
	attach(parent, key, v);        /* owned by the tree from here on */
	lua_pop(L, 2);
}

/* What the converter (stdlib/value.h) asks about: helper functions are not data (Rez drops
 * them too), rez.Function values are kept, late() belongs to top-level attributes only. */
static int pp_special(lua_State *L, int idx, const char *key, int top, void *ud,
		      struct rt_value **out)
{
	const struct conv *c = ud;
	(void)key;
	(void)top;
	*out = NULL;
	if (lua_type(L, idx) == LUA_TFUNCTION)
		return 1;
	if (lua_type(L, idx) == LUA_TTABLE && has_mt(L, idx, LATE_MT))
		luaL_error(L, "attribute '%s': late() can only be used for a top-level attribute",
			   c->attr);
	if (lua_type(L, idx) == LUA_TUSERDATA && has_mt(L, idx, FUNC_MT)) {
		struct fbox *b = lua_touserdata(L, idx);
		if (!b->fn)
			luaL_error(L, "attribute '%s': released function", c->attr);
		*out = rt_value_func(rt_func_copy(b->fn));
		return 1;
	}
	return 0;
}

static void conv_value(lua_State *L, struct conv *c, int idx, struct rt_value *root,
		       const char *attr)
{
	struct rez_tovalue tv = { REZ_VALUE_UTF8 | REZ_VALUE_DROP_PRIVATE | REZ_VALUE_TOSTRING |
				  REZ_VALUE_VIEWS, NULL, 0, 0, pp_special, c, 0 };
	c->attr = attr;
	tv.what = lua_pushfstring(L, "attribute '%s'", attr);       /* +1, kept while converting */
	rez_stdlib_to_value_into(L, idx, &tv, root, attr);
	lua_pop(L, 1);
}

/* A top-level attribute: commands-family functions and strings, and late() markers, become
 * stored functions; the rest converts as data. */
static void conv_attr(lua_State *L, struct conv *c, int idx, struct rt_value *root,
		      const char *key)
{
	int commands = li_is_commands_attr(key);
	idx = lua_absindex(L, idx);
	if (lua_type(L, idx) == LUA_TTABLE && has_mt(L, idx, LATE_MT)) {
		if (commands)
			luaL_error(L, "cannot use late() on function '%s'", key);
		lua_getfield(L, idx, "fn");
		store_function(L, -1, root, key, RT_FN_LATE);
		lua_pop(L, 1);
		return;
	}
	if (commands && lua_type(L, idx) == LUA_TFUNCTION) {
		store_function(L, idx, root, key, RT_FN_COMMANDS);
		return;
	}
	if (commands && lua_type(L, idx) == LUA_TSTRING) {
		/* Code as text, as in package.yaml; it is located at the preprocess function. */
		struct rt_buf src = RT_BUF_INIT;
		struct rt_func *fn;
		rt_buf_addf(&src, "function %s() ", key);
		rt_buf_adds(&src, lua_tostring(L, idx));
		rt_buf_adds(&src, "\nend");
		fn = rt_func_new(key, src.buf, c->pp->fn_file ? c->pp->fn_file : c->pp->file,
				 c->pp->fn_line > 0 ? c->pp->fn_line : 1, RT_FN_COMMANDS);
		rt_buf_release(&src);
		rt_map_set(root, key, rt_value_func(fn));
		return;
	}
	conv_value(L, c, idx, root, key);
}

static int is_in(lua_State *L, int seen, const char *k)
{
	int r = lua_getfield(L, seen, k) != LUA_TNIL;
	lua_pop(L, 1);
	return r;
}

/* Stack: 1 pp. Converts REG.data into pp->cur. */
static int convert_pmain(lua_State *L)
{
	struct pp *pp = lua_touserdata(L, 1);
	struct conv c;
	struct tbox *box;
	int reg, data, order, seen;
	struct rt_value *root;

	lua_getfield(L, LUA_REGISTRYINDEX, REG_KEY);                /* pp REG */
	reg = lua_gettop(L);
	lua_getfield(L, reg, "data");
	data = lua_gettop(L);
	lua_getfield(L, reg, "order");
	order = lua_gettop(L);
	lua_newtable(L);
	seen = lua_gettop(L);
	c.pp = pp;

	if (luaL_newmetatable(L, BOX_MT)) {
		lua_pushcfunction(L, tbox_gc);
		lua_setfield(L, -2, "__gc");
	}
	lua_pop(L, 1);
	box = lua_newuserdatauv(L, sizeof(*box), 0);
	box->v = NULL;
	luaL_setmetatable(L, BOX_MT);
	box->v = root = rt_value_map();

	/* The loaded keys in their order, then new ones as they were first assigned, then
	 * any stored without __newindex (rawset), sorted. */
	for (size_t i = 0; i < rt_map_len(pp->raw); i++) {
		const char *k = rt_map_key(pp->raw, i);
		lua_pushboolean(L, 1);
		lua_setfield(L, seen, k);
		if (lua_getfield(L, data, k) != LUA_TNIL && !rt_starts_with(k, "__"))
			conv_attr(L, &c, -1, root, k);
		lua_pop(L, 1);
	}
	for (lua_Integer i = 1, n = (lua_Integer)lua_rawlen(L, order); i <= n; i++) {
		const char *k;
		lua_rawgeti(L, order, i);                           /* k */
		k = lua_tostring(L, -1);
		if (!is_in(L, seen, k)) {
			lua_pushboolean(L, 1);
			lua_setfield(L, seen, k);
			if (lua_getfield(L, data, k) != LUA_TNIL && !rt_starts_with(k, "__"))
				conv_attr(L, &c, -1, root, k);
			lua_pop(L, 1);
		}
		lua_pop(L, 1);
	}
	{
		struct rt_value *rest = rt_value_map();   /* names only, to sort them */
		struct tbox *rbox = lua_newuserdatauv(L, sizeof(*rbox), 0);
		rbox->v = rest;
		luaL_setmetatable(L, BOX_MT);
		lua_pushnil(L);
		while (lua_next(L, data)) {                         /* rbox k v */
			lua_pop(L, 1);
			if (lua_type(L, -1) != LUA_TSTRING)
				luaL_error(L, "data has a key of type %s (attribute names are "
					   "strings)", luaL_typename(L, -1));
			if (!is_in(L, seen, lua_tostring(L, -1)))
				rt_map_set(rest, lua_tostring(L, -1), rt_value_null());
		}
		/* rt_map keeps insertion order: sort the names. */
		rt_map_sort(rest);
		for (size_t i = 0; i < rt_map_len(rest); i++) {
			const char *k = rt_map_key(rest, i);
			if (lua_getfield(L, data, k) != LUA_TNIL && !rt_starts_with(k, "__"))
				conv_attr(L, &c, -1, root, k);
			lua_pop(L, 1);
		}
	}
	rt_value_free(pp->cur);
	pp->cur = root;
	box->v = NULL;
	return 0;
}

/* ------------------------------------------------------------------------------------------
 * Running the functions
 */

/* Stack: 1 pp. Builds REG: data, order, this, null. */
static int setup_pmain(lua_State *L)
{
	struct pp *pp = lua_touserdata(L, 1);
	int null_idx;
	init_metatables(L);
	lua_newtable(L);                                            /* pp REG */
	lua_pushvalue(L, -1);
	lua_setfield(L, LUA_REGISTRYINDEX, REG_KEY);
	if (lua_getglobal(L, "json") != LUA_TTABLE)                 /* pp REG json */
		return luaL_error(L, "the json module is not available");
	lua_getfield(L, -1, "null");                                /* pp REG json null */
	lua_remove(L, -2);
	null_idx = lua_gettop(L);
	lua_pushvalue(L, null_idx);
	lua_setfield(L, 2, "null");

	lua_newtable(L);                                            /* ... order */
	lua_pushvalue(L, -1);
	lua_setfield(L, 2, "order");
	push_data(L, pp->raw, null_idx, 0);                         /* ... order data */
	lua_createtable(L, 0, 1);
	lua_pushvalue(L, -3);
	lua_pushcclosure(L, data_newindex, 1);
	lua_setfield(L, -2, "__newindex");
	lua_setmetatable(L, -2);
	lua_setfield(L, 2, "data");                                 /* ... order */
	lua_pop(L, 1);
	push_this(L, pp, null_idx);
	lua_setfield(L, 2, "this");
	return 0;
}

/* Stack: 1 pp, 2 module name, 3 function name. Sets REG.global. */
static int global_pmain(lua_State *L)
{
	struct pp *pp = lua_touserdata(L, 1);
	lua_Debug ar;
	li_include_push(L, lua_tostring(L, 2), NULL);               /* pp mod fname M */
	if (lua_getfield(L, -1, lua_tostring(L, 3)) != LUA_TFUNCTION)   /* ... M f */
		return luaL_error(L, "module '%s' has no function '%s'", lua_tostring(L, 2),
				  lua_tostring(L, 3));
	lua_pushvalue(L, -1);
	lua_getinfo(L, ">S", &ar);
	free(pp->global_file);
	pp->global_file = rt_xstrdup(ar.source[0] == '@' ? ar.source + 1 : ar.short_src);
	pp->global_line = ar.linedefined;
	lua_getfield(L, LUA_REGISTRYINDEX, REG_KEY);
	lua_insert(L, -2);
	lua_setfield(L, -2, "global");
	return 0;
}

/* Stack: 1 pp, [2 compiled chunk of pp->call_fn]. Calls the function with this, data. */
static int call_pmain(lua_State *L)
{
	struct pp *pp = lua_touserdata(L, 1);
	int reg;
	lua_getfield(L, LUA_REGISTRYINDEX, REG_KEY);
	reg = lua_gettop(L);
	if (pp->call_fn) {
		const char *name = pp->call_fn->name ? pp->call_fn->name : "";
		int env;
		lua_createtable(L, 0, 3);                           /* ns */
		lua_pushcfunction(L, b_late);
		lua_setfield(L, -2, "late");
		lua_pushcfunction(L, b_invalid_package);
		lua_setfield(L, -2, "InvalidPackageError");
		li_include_push_require(L, NULL);
		lua_setfield(L, -2, "require");
		li_func_env(L, -1);                                 /* ns env */
		env = lua_gettop(L);
		lua_pushvalue(L, 2);
		lua_pushvalue(L, env);
		lua_setupvalue(L, -2, 1);
		lua_call(L, 0, 1);                                  /* ns env ret */
		if (pp->wrapped) {
			if (!lua_istable(L, -1) || lua_getfield(L, -1, name) != LUA_TFUNCTION)
				return luaL_error(L, "%s: no function '%s' found in its source",
						  pp->call_fn->file, name);
		} else {
			lua_pushstring(L, name);
			if (lua_rawget(L, env) != LUA_TFUNCTION)
				return luaL_error(L, "%s:%d: '%s' must be a function taking (this, "
						  "data)", pp->call_fn->file,
						  pp->call_fn->first_line, name);
		}
	} else {
		if (lua_getfield(L, reg, "global") != LUA_TFUNCTION)
			return luaL_error(L, "no global preprocess function");
	}
	lua_getfield(L, reg, "this");                               /* ... fn this */
	lua_getfield(L, reg, "data");
	lua_call(L, 2, 1);                                          /* ... ret */
	lua_getfield(L, reg, "data");
	if (!lua_isnil(L, -2) && !lua_rawequal(L, -1, -2))
		pp->bad_return = luaL_typename(L, -2);   /* a static string */
	return 0;
}

static int cleanup_pmain(lua_State *L)
{
	lua_pushnil(L);
	lua_setfield(L, LUA_REGISTRYINDEX, REG_KEY);
	return 0;
}

/* ------------------------------------------------------------------------------------------
 * Wildcards, validation
 */

static int list_versions(void *ctx, const char *family, rt_wildcard_each_fn each,
			 void *each_ctx, struct rt_error *err)
{
	struct pp *pp = ctx;
	const struct rt_repo_entry *const *e;
	size_t n;
	if (!pp->repo) {
		const struct rt_value *paths = rt_config_path_list(pp->opts->config, "packages_path");
		struct rt_pkg_loader loader = li_package_loader(NULL);
		const char **v = rt_xcalloc(rt_list_len(paths) + 1, sizeof(*v));
		size_t k = 0;
		for (size_t i = 0; i < rt_list_len(paths); i++)
			if (rt_value_as_str(rt_list_at(paths, i)))
				v[k++] = rt_value_as_str(rt_list_at(paths, i));
		pp->repo = rt_repo_new(v, k, &loader, 0, err);
		free(v);
		if (!pp->repo)
			return -1;
		pp->own_repo = 1;
	}
	if (rt_repo_versions(pp->repo, family, &e, &n, err) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		each(each_ctx, e[i]->version);
	return 0;
}

static int expand_list(struct pp *pp, struct rt_value *list, const char *attr, int line,
		       struct rt_error *err)
{
	if (!list || list->type != RT_LIST)
		return 0;
	for (size_t i = 0; i < rt_list_len(list); i++) {
		struct rt_value *s = rt_list_at(list, i);
		struct rt_error e = RT_ERROR_INIT;
		char *x;
		if (s->type != RT_STR || !strchr(s->u.s.ptr, '*'))
			continue;
		x = rt_wildcard_expand(s->u.s.ptr, list_versions, pp, &e);
		if (!x) {
			rt_error(err, "%s:%d: attribute '%s': %s", pp->file, line > 0 ? line : 1, attr,
				 rt_error_msg(&e));
			rt_error_release(&e);
			return -1;
		}
		{
			struct rt_value *nv = rt_value_str_take(x);
			nv->line = s->line;
			rt_value_free(s);
			list->u.list.items[i] = nv;
		}
	}
	return 0;
}

/* Rez expands wildcards in the requirement lists of a developer package (§1.6). */
static int expand_wildcards(struct pp *pp, struct rt_value *data, struct rt_error *err)
{
	static const char *const lists[] = { "requires", "build_requires",
					     "private_build_requires" };
	struct rt_value *v, *tests;
	for (size_t i = 0; i < RT_ARRAY_LEN(lists); i++) {
		v = rt_map_get(data, lists[i]);
		if (v && expand_list(pp, v, lists[i], v->line, err) < 0)
			return -1;
	}
	v = rt_map_get(data, "variants");
	if (v && v->type == RT_LIST)
		for (size_t i = 0; i < rt_list_len(v); i++)
			if (expand_list(pp, rt_list_at(v, i), "variants", v->line, err) < 0)
				return -1;
	tests = rt_map_get(data, "tests");
	if (tests && tests->type == RT_MAP)
		for (size_t i = 0; i < rt_map_len(tests); i++) {
			struct rt_value *t = rt_map_val(tests, i), *ov;
			if (t->type != RT_MAP)
				continue;
			if (expand_list(pp, rt_map_get(t, "requires"), "tests", tests->line, err) < 0)
				return -1;
			ov = rt_map_get(t, "on_variants");
			if (ov && ov->type == RT_MAP &&
			    expand_list(pp, rt_map_get(ov, "value"), "tests", tests->line, err) < 0)
				return -1;
		}
	return 0;
}

/* The package for `data` (taken): wildcards expanded, validated. */
static struct rt_package *make_package(struct pp *pp, struct rt_value *data,
				       struct rt_error *err)
{
	if (expand_wildcards(pp, data, err) < 0) {
		rt_value_free(data);
		return NULL;
	}
	return rt_package_new(data, pp->file, pp->root, err);
}

/* Removes a leading "FILE:" or "FILE:LINE:" (and the space) from a message. */
static const char *strip_location(const char *msg, const char *file)
{
	size_t n = strlen(file);
	if (strncmp(msg, file, n) || msg[n] != ':')
		return msg;
	msg += n + 1;
	while (*msg >= '0' && *msg <= '9')
		msg++;
	if (*msg == ':')
		msg++;
	if (*msg == ' ')
		msg++;
	return msg;
}

/* The package's own configuration from its `config` attribute. */
static struct rt_config *package_config(struct pp *pp, const struct rt_value *data,
					struct rt_error *err)
{
	const struct rt_value *c = rt_map_get(data, "config");
	struct rt_value *empty = NULL;
	struct rt_config *cfg;
	const char *const *w;
	size_t n;
	if (c && c->type == RT_LIST && rt_list_len(c) == 0)
		c = empty = rt_value_map();           /* `config = {}` in Lua */
	cfg = rt_config_for_package(pp->opts->config, c, pp->file, err);
	rt_value_free(empty);
	if (!cfg)
		return NULL;
	w = rt_config_warnings(cfg, &n);
	/* Warnings of the global configuration were reported when it was loaded. */
	{
		size_t n0;
		rt_config_warnings(pp->opts->config, &n0);
		for (size_t i = n0; i < n; i++)
			say(pp, LI_MSG_WARNING, w[i]);
	}
	return cfg;
}

/* Restores the loaded name in data when a preprocess changed or removed it. Returns 1 when
 * it had to. */
static int restore_name(struct pp *pp, struct rt_value **datap, int warn)
{
	struct rt_value *data = *datap;
	const struct rt_value *orig = rt_map_get(pp->raw, "name");
	struct rt_value *now = rt_map_get(data, "name");
	if (!orig || (now && rt_value_equal(orig, now)))
		return 0;
	if (warn) {
		struct rt_buf b = RT_BUF_INIT;
		rt_buf_addf(&b, "%s: preprocessing cannot rename a package: 'name' stays '%s'",
			    pp->file, rt_value_as_str(orig) ? rt_value_as_str(orig) : "?");
		if (now && rt_value_as_str(now))
			rt_buf_addf(&b, " (it was set to '%s')", rt_value_as_str(now));
		else if (!now)
			rt_buf_adds(&b, " (it was removed)");
		say(pp, LI_MSG_WARNING, b.buf);
		rt_buf_release(&b);
	}
	if (now) {
		struct rt_value *c = rt_value_copy(orig);
		rt_map_set(data, "name", c);
	} else {
		/* Put it back in front. */
		struct rt_value *m = rt_value_map();
		rt_map_set(m, "name", rt_value_copy(orig));
		for (size_t i = 0; i < rt_map_len(data); i++)
			rt_map_set(m, rt_map_key(data, i), rt_value_copy(rt_map_val(data, i)));
		rt_value_free(data);
		*datap = m;
	}
	return 1;
}

/* Unchanged top-level values keep the line they were loaded from. */
static void restore_lines(const struct rt_value *raw, struct rt_value *data)
{
	for (size_t i = 0; i < rt_map_len(data); i++) {
		const struct rt_value *o = rt_map_get(raw, rt_map_key(data, i));
		if (o && rt_value_equal(o, rt_map_val(data, i)))
			rt_map_val(data, i)->line = o->line;
	}
}

/* ------------------------------------------------------------------------------------------
 * The diff summary
 */

static void py_repr_str(struct rt_buf *out, const char *s)
{
	char q = strchr(s, '\'') && !strchr(s, '"') ? '"' : '\'';
	rt_buf_addch(out, q);
	for (; *s; s++) {
		if (*s == '\\' || *s == q)
			rt_buf_addch(out, '\\');
		rt_buf_addch(out, *s);
	}
	rt_buf_addch(out, q);
}

static void diff(const struct rt_value *a, const struct rt_value *b, const char *ns,
		 struct rt_value *added, struct rt_value *removed, struct rt_value *changed)
{
	for (size_t i = 0; i < rt_map_len(a); i++) {
		const char *k = rt_map_key(a, i);
		const struct rt_value *va = rt_map_val(a, i), *vb = rt_map_get(b, k);
		char *path = ns ? rt_xstrfmt("%s.%s", ns, k) : rt_xstrdup(k);
		if (!vb)
			rt_list_push(removed, rt_value_str(path));
		else if (!rt_value_equal(va, vb)) {
			if (va->type == RT_MAP && vb->type == RT_MAP)
				diff(va, vb, path, added, removed, changed);
			else
				rt_list_push(changed, rt_value_str(path));
		}
		free(path);
	}
	for (size_t i = 0; i < rt_map_len(b); i++) {
		const char *k = rt_map_key(b, i);
		if (!rt_map_get(a, k)) {
			char *path = ns ? rt_xstrfmt("%s.%s", ns, k) : rt_xstrdup(k);
			rt_list_push(added, rt_value_str_take(path));
		}
	}
}

static void add_line(struct rt_buf *out, const char *title, const struct rt_value *list)
{
	if (!rt_list_len(list))
		return;
	rt_buf_addf(out, "\n%s: [", title);
	for (size_t i = 0; i < rt_list_len(list); i++) {
		if (i)
			rt_buf_adds(out, ", ");
		py_repr_str(out, rt_value_as_str(rt_list_at(list, i)));
	}
	rt_buf_addch(out, ']');
}

int li_preprocess_diff(const struct rt_value *before, const struct rt_value *after,
		       struct rt_buf *out)
{
	struct rt_value *added, *removed, *changed;
	if (rt_value_equal(before, after))
		return 0;
	added = rt_value_list();
	removed = rt_value_list();
	changed = rt_value_list();
	diff(before, after, NULL, added, removed, changed);
	rt_buf_adds(out, "Package attributes were changed in preprocessing:");
	add_line(out, "Added attributes", added);
	add_line(out, "Removed attributes", removed);
	add_line(out, "Changed attributes", changed);
	rt_value_free(added);
	rt_value_free(removed);
	rt_value_free(changed);
	return 1;
}

/* ------------------------------------------------------------------------------------------
 * The developer package
 */

static int is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

char *li_devpkg_find(const char *path, struct rt_error *err)
{
	static const char *const names[] = { "package.lua", "package.py", "package.yaml",
					     "package.yml" };
	struct stat st;
	if (stat(path, &st) < 0) {
		rt_error(err, "%s: no such file or directory", path);
		return NULL;
	}
	if (!S_ISDIR(st.st_mode))
		return rt_xstrdup(path);
	for (size_t i = 0; i < RT_ARRAY_LEN(names); i++) {
		char *f = rt_xstrfmt("%s%s%s", path, path[strlen(path) - 1] == '/' ? "" : "/",
				     names[i]);
		if (is_file(f))
			return f;
		free(f);
	}
	rt_error(err, "%s: no package definition file found (package.lua, package.py or "
		 "package.yaml)", path);
	return NULL;
}

static char *dir_of(const char *file)
{
	const char *slash = strrchr(file, '/');
	if (!slash)
		return rt_xstrdup(".");
	if (slash == file)
		return rt_xstrdup("/");
	return rt_xmemdupz(file, (size_t)(slash - file));
}

void li_devpkg_free(struct li_devpkg *d)
{
	if (!d)
		return;
	free(d->file);
	free(d->root);
	rt_package_free(d->package);
	rt_config_free(d->config);
	rt_value_free(d->includes);
	rt_value_free(d->include_files);
	free(d);
}

/* Stack: 1 file, 2 struct rt_buf (text). */
static int register_pmain(lua_State *L)
{
	const char *file = lua_touserdata(L, 1);
	const struct rt_buf *b = lua_touserdata(L, 2);
	luaL_getsubtable(L, LUA_REGISTRYINDEX, LI_INCLUDE_SOURCES_KEY);   /* file b S */
	lua_pushlstring(L, b->buf, b->len);
	lua_setfield(L, -2, file);
	return 0;
}

/* Registers the package file's text (as Lua compiled it) for store_function. */
static int register_source(struct pp *pp, struct rt_error *err)
{
	struct rt_buf text = RT_BUF_INIT;
	struct li_dialect d = LI_DIALECT_INIT;
	int rc = 0;
	size_t n = strlen(pp->file);
	if (n < 4 || !rt_streq(pp->file + n - 4, ".lua"))
		return 0;
	if (rt_buf_read_file(&text, pp->file, LI_LOAD_MAX_FILE) < 0)
		return rt_error(err, "%s: cannot read package definition: %s", pp->file,
				strerror(errno));
	if (li_dialect_rewrite(&d, text.buf, text.len, pp->file, err) < 0) {
		rc = -1;
	} else {
		lua_pushcfunction(pp->L, register_pmain);
		lua_pushlightuserdata(pp->L, (void *)(uintptr_t)pp->file);
		lua_pushlightuserdata(pp->L, &d.text);
		rc = li_state_pcall(pp->L, 2, 0, err);
	}
	li_dialect_release(&d);
	rt_buf_release(&text);
	return rc;
}

/* "local preprocess function" / "global preprocess function 'a.b'" */
static char *label_of(const struct pp *pp, int global)
{
	if (!global)
		return rt_xstrdup("local preprocess function");
	if (pp->global_str)
		return rt_xstrfmt("global preprocess function '%s'", pp->global_str);
	return rt_xstrdup("global preprocess function");
}

/* Runs one preprocess function: the stored function fn (local, or a global one given as
 * a function), or with fn NULL the global "module.function". Then converts data back and
 * checks that it makes a valid package, so an error names the function that caused it. */
static int run_one(struct pp *pp, const struct rt_func *fn, int global, struct rt_error *err)
{
	lua_State *L = pp->L;
	char *label = label_of(pp, global);
	struct rt_buf prefix = RT_BUF_INIT, q = RT_BUF_INIT;
	struct rt_package *check;
	struct rt_value *copy;
	int nargs = 1, rc = -1;

	free(pp->fn_file);
	pp->fn_file = rt_xstrdup(fn ? (fn->file ? fn->file : pp->file)
				    : (pp->global_file ? pp->global_file : "?"));
	pp->fn_line = fn ? fn->first_line : pp->global_line;
	pp->call_fn = fn;
	pp->bad_return = NULL;
	rt_package_qualified_name(pp->thispkg, &q);
	rt_buf_addf(&prefix, "Error in %s of package '%s'", label, q.buf);

	{
		char *m = rt_xstrfmt("Applying %s preprocess function", global ? "global" : "local");
		say(pp, LI_MSG_INFO, m);
		free(m);
	}
	lua_pushcfunction(L, call_pmain);
	lua_pushlightuserdata(L, pp);
	if (fn) {
		if (li_func_load(L, fn, &pp->wrapped, err) < 0) {
			lua_pop(L, 2);
			li_func_error(err, prefix.buf, pp->fn_file);
			goto out;
		}
		nargs = 2;
	}
	if (li_state_pcall(L, nargs, 0, err) < 0) {
		li_func_error(err, prefix.buf, pp->fn_file);
		goto out;
	}
	if (pp->bad_return) {
		rt_error(err, "%s (%s:%d): returned a %s; a preprocess function changes 'data' in "
			 "place and returns nothing", prefix.buf, pp->fn_file, pp->fn_line,
			 pp->bad_return);
		goto out;
	}
	lua_pushcfunction(L, convert_pmain);
	lua_pushlightuserdata(L, pp);
	if (li_state_pcall(L, 1, 0, err) < 0) {
		rt_error(err, "%s: package data written by the %s (%s:%d) is invalid: %s", pp->file,
			 label, pp->fn_file, pp->fn_line, rt_error_msg(err));
		goto out;
	}
	copy = rt_value_copy(pp->cur);
	restore_name(pp, &copy, 0);
	check = make_package(pp, copy, err);
	if (!check) {
		char *m = rt_xstrdup(strip_location(rt_error_msg(err), pp->file));
		rt_error(err, "%s: package data written by the %s (%s:%d) is invalid: %s", pp->file,
			 label, pp->fn_file, pp->fn_line, m);
		free(m);
		goto out;
	}
	rt_package_free(check);
	rc = 0;
out:
	free(label);
	rt_buf_release(&prefix);
	rt_buf_release(&q);
	return rc;
}

/* Resolves package_preprocess_function from the package's configuration. */
static int resolve_global(struct pp *pp, const struct rt_func **gfn, struct rt_error *err)
{
	const struct rt_value *g = rt_config_get(pp->pkgcfg, "package_preprocess_function");
	const char *s, *dot;
	char *mod;
	int rc;
	*gfn = NULL;
	pp->global_str = NULL;
	if (!g || g->type == RT_NULL)
		return 0;
	if (g->type == RT_FUNC) {
		*gfn = g->u.fn;
		return 0;
	}
	s = rt_value_as_str(g);
	if (!s || !*s)
		return 0;
	dot = strrchr(s, '.');
	if (!dot || dot == s || !dot[1])
		return rt_error(err, "%s: setting 'package_preprocess_function' must be of the form "
				"'module.function' (or 'pkg.module.function'), got '%s'", pp->file, s);
	pp->global_str = s;
	mod = rt_xmemdupz(s, (size_t)(dot - s));
	lua_pushcfunction(pp->L, global_pmain);
	lua_pushlightuserdata(pp->L, pp);
	lua_pushstring(pp->L, mod);    /* cannot raise outside a protected call: memory only */
	lua_pushstring(pp->L, dot + 1);
	free(mod);
	rc = li_state_pcall(pp->L, 3, 0, err);
	if (rc < 0)
		rt_error_prefix(err, "%s: cannot load package_preprocess_function '%s'", pp->file, s);
	return rc;
}

static int run_all(struct pp *pp, struct li_devpkg *d, struct rt_error *err)
{
	const struct rt_value *lv = rt_map_get(pp->raw, "preprocess");
	const struct rt_func *local = lv && lv->type == RT_FUNC ? lv->u.fn : NULL, *gfn;
	const char *mode = rt_config_str(pp->pkgcfg, "package_preprocess_mode");
	struct { const struct rt_func *fn; int global; } list[2];
	int n = 0, have_global;

	lua_pushcfunction(pp->L, setup_pmain);
	lua_pushlightuserdata(pp->L, pp);
	if (li_state_pcall(pp->L, 1, 0, err) < 0)
		return -1;
	if (resolve_global(pp, &gfn, err) < 0)
		return -1;
	have_global = gfn || pp->global_str;
	if (!mode)
		mode = "override";
	if (rt_streq(mode, "before")) {
		if (local)
			list[n].fn = local, list[n++].global = 0;
		if (have_global)
			list[n].fn = gfn, list[n++].global = 1;
	} else if (rt_streq(mode, "after")) {
		if (have_global)
			list[n].fn = gfn, list[n++].global = 1;
		if (local)
			list[n].fn = local, list[n++].global = 0;
	} else if (local) {
		list[n].fn = local, list[n++].global = 0;
	} else if (have_global) {
		list[n].fn = gfn, list[n++].global = 1;
	}
	if (n && register_source(pp, err) < 0)
		return -1;
	for (int i = 0; i < n; i++)
		if (run_one(pp, list[i].fn, list[i].global, err) < 0)
			return -1;
	d->n_preprocess = n;
	return 0;
}

struct li_devpkg *li_devpkg_load(const char *path, const struct li_devpkg_opts *opts,
				 struct rt_error *err)
{
	struct pp pp;
	struct li_devpkg *d = rt_xcalloc(1, sizeof(*d));
	struct li_load_opts lopts = LI_LOAD_OPTS_DEFAULT;
	const struct rt_value *name;
	struct rt_value *final = NULL;
	struct rt_error cerr = RT_ERROR_INIT;
	int ok = 0;

	if (!opts || !opts->config)
		RT_BUG("li_devpkg_load needs a configuration");
	memset(&pp, 0, sizeof(pp));
	pp.opts = opts;
	pp.repo = opts->repo;
	d->file = li_devpkg_find(path, err);
	if (!d->file)
		goto out;
	{
		/* The source directory, absolute: what this.root and the package base are. */
		char *dir = dir_of(d->file);
		d->root = realpath(dir, NULL);
		if (!d->root)
			d->root = dir;
		else
			free(dir);
	}
	pp.file = d->file;
	pp.root = d->root;

	lopts.limits.max_instructions = rt_config_int(opts->config, "sandbox_max_instructions");
	lopts.limits.max_memory = (size_t)rt_config_int(opts->config, "sandbox_max_memory");
	lopts.limits.trusted = rt_config_bool(opts->config, "sandbox_trusted");
	lopts.building = opts->building;
	lopts.build_variant_index = opts->build_variant_index;
	lopts.build_variant_requires = opts->build_variant_requires;
	pp.L = li_state_new(&lopts.limits, err);
	if (!pp.L)
		goto out;
	lopts.L = pp.L;
	pp.raw = li_load_definition(d->file, &lopts, err);
	if (!pp.raw)
		goto out;
	name = rt_map_get(pp.raw, "name");
	if (!name || name->type != RT_STR) {
		rt_error(err, "%s: missing or non-string attribute 'name'", d->file);
		goto out;
	}
	pp.pkgcfg = package_config(&pp, pp.raw, err);
	if (!pp.pkgcfg)
		goto out;
	if (li_include_set_path(pp.L, rt_config_path_list(pp.pkgcfg,
							   "package_definition_lua_path"), err) < 0)
		goto out;
	pp.thispkg = make_package(&pp, rt_value_copy(pp.raw), err);
	if (!pp.thispkg)
		goto out;

	if (run_all(&pp, d, err) < 0)
		goto out;

	if (d->n_preprocess) {
		struct rt_buf summary = RT_BUF_INIT;
		final = pp.cur;
		pp.cur = NULL;
		restore_name(&pp, &final, 1);
		if (li_preprocess_diff(pp.raw, final, &summary)) {
			d->changed = 1;
			say(&pp, LI_MSG_INFO, summary.buf);
		}
		rt_buf_release(&summary);
	}
	if (d->changed) {
		restore_lines(pp.raw, final);
		d->package = make_package(&pp, final, err);
		final = NULL;
		if (!d->package)
			goto out;
		d->config = package_config(&pp, d->package->data, err);
		if (!d->config)
			goto out;
	} else {
		d->package = pp.thispkg;
		pp.thispkg = NULL;
		d->config = pp.pkgcfg;
		pp.pkgcfg = NULL;
	}

	/* @include modules must exist (for a developer package: on the configured path). */
	{
		const struct rt_value *dirs = rt_config_path_list(d->config,
								  "package_definition_lua_path");
		size_t n;
		const char **v;
		if (li_include_validate(d->package->data, dirs, err) < 0)
			goto out;
		d->includes = rt_value_list();
		d->include_files = rt_value_list();
		li_include_collect(d->package->data, d->includes);
		v = rt_xcalloc(rt_list_len(dirs) + 1, sizeof(*v));
		n = 0;
		for (size_t i = 0; i < rt_list_len(dirs); i++)
			if (rt_value_as_str(rt_list_at(dirs, i)))
				v[n++] = rt_value_as_str(rt_list_at(dirs, i));
		for (size_t i = 0; i < rt_list_len(d->includes); i++) {
			char *f = li_include_resolve(rt_value_as_str(rt_list_at(d->includes, i)), NULL,
						     v, n, err);
			if (!f) {
				free(v);
				goto out;
			}
			rt_list_push(d->include_files, rt_value_str_take(f));
		}
		free(v);
	}
	ok = 1;
out:
	if (pp.L) {
		lua_settop(pp.L, 0);
		lua_pushcfunction(pp.L, cleanup_pmain);
		li_state_pcall(pp.L, 0, 0, &cerr);
		rt_error_release(&cerr);
		li_state_close(pp.L);
	}
	rt_value_free(final);
	rt_value_free(pp.raw);
	rt_value_free(pp.cur);
	rt_package_free(pp.thispkg);
	rt_config_free(pp.pkgcfg);
	if (pp.own_repo)
		rt_repo_free(pp.repo);
	free(pp.global_file);
	free(pp.fn_file);
	if (!ok) {
		li_devpkg_free(d);
		return NULL;
	}
	return d;
}

int li_devpkg_build_load(const char *path, const struct li_devpkg_opts *opts,
			 const struct rt_build_load *how, struct rt_build_devpkg *out,
			 struct rt_error *err)
{
	struct li_devpkg_opts o = *opts;
	struct li_devpkg *d;
	o.building = how->building;
	o.build_variant_index = how->variant_index;
	o.build_variant_requires = how->variant_requires;
	d = li_devpkg_load(path, &o, err);
	if (!d)
		return -1;
	memset(out, 0, sizeof(*out));
	out->file = d->file;
	out->root = d->root;
	out->package = d->package;
	out->config = d->config;
	out->includes = d->includes;
	out->include_files = d->include_files;
	out->priv = d;
	return 0;
}

void li_devpkg_build_unload(struct rt_build_devpkg *out)
{
	li_devpkg_free(out->priv);
	memset(out, 0, sizeof(*out));
}
