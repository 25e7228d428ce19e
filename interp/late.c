/* late.c - @late attribute evaluation (see late.h). */
#include "runtime/common.h"
#include "interp/late.h"
#include "interp/include.h"
#include "interp/rex.h"
#include "interp/state.h"
#include "runtime/buf.h"
#include "runtime/value.h"

#include <lauxlib.h>

#define BOX_MT "rez.late.box"
#define HANDLES_KEY "rez.late.handles"

/* Owns the converted result while it is being built, so a Lua error cannot leak it. */
struct vbox {
	struct rt_value *v;
};

static int vbox_gc(lua_State *L)
{
	struct vbox *b = lua_touserdata(L, 1);
	rt_value_free(b->v);
	b->v = NULL;
	return 0;
}

static int in_context_true(lua_State *L)
{
	lua_pushboolean(L, 1);
	return 1;
}

static int in_context_false(lua_State *L)
{
	lua_pushboolean(L, 0);
	return 1;
}

/* Converts the Lua value at idx to a new rt_value and attaches it: to `parent` (a list, or a
 * map under `key`) or, when parent is NULL, to the box. Returns the attached value. */
static struct rt_value *convert(lua_State *L, int idx, struct vbox *box, struct rt_value *parent,
				const char *key, int depth)
{
	struct rt_value *v = NULL;
	idx = lua_absindex(L, idx);
	if (depth > 64)
		luaL_error(L, "value nested too deeply (a table that contains itself?)");
	luaL_checkstack(L, 6, "value nested too deeply");
	switch (lua_type(L, idx)) {
	case LUA_TNIL:
		v = rt_value_null();
		break;
	case LUA_TBOOLEAN:
		v = rt_value_bool(lua_toboolean(L, idx));
		break;
	case LUA_TNUMBER:
		v = lua_isinteger(L, idx) ? rt_value_int((long long)lua_tointeger(L, idx))
					  : rt_value_float((double)lua_tonumber(L, idx));
		break;
	case LUA_TSTRING: {
		size_t len;
		const char *s = lua_tolstring(L, idx, &len);
		v = rt_value_strn(s, len);
		break;
	}
	case LUA_TTABLE:
		if (luaL_getmetafield(L, idx, "__tostring") == LUA_TNIL)
			break;
		lua_pop(L, 1);
		/* fall through */
	case LUA_TUSERDATA: {
		size_t len;
		const char *s;
		if (luaL_getmetafield(L, idx, "__tostring") == LUA_TNIL)
			luaL_error(L, "cannot return a %s from a @late function", luaL_typename(L, idx));
		lua_pop(L, 1);
		s = luaL_tolstring(L, idx, &len);   /* +1 */
		v = rt_value_strn(s, len);
		lua_pop(L, 1);
		break;
	}
	default:
		luaL_error(L, "cannot return a %s from a @late function", luaL_typename(L, idx));
	}
	if (!v) {
		/* A plain table: a list when its keys are exactly 1..n, else a map. */
		lua_Integer n = (lua_Integer)lua_rawlen(L, idx), count = 0;
		int is_list = 1;
		lua_pushnil(L);
		while (lua_next(L, idx)) {
			lua_pop(L, 1);
			count++;
			if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 1 ||
			    lua_tointeger(L, -1) > n)
				is_list = 0;
		}
		v = is_list && count == n ? rt_value_list() : rt_value_map();
	}
	if (!parent)
		box->v = v;
	else if (parent->type == RT_LIST)
		rt_list_push(parent, v);
	else
		rt_map_set(parent, key, v);
	if (lua_type(L, idx) == LUA_TTABLE && (v->type == RT_LIST || v->type == RT_MAP)) {
		if (v->type == RT_LIST) {
			for (lua_Integer i = 1; i <= (lua_Integer)lua_rawlen(L, idx); i++) {
				lua_rawgeti(L, idx, i);
				convert(L, -1, box, v, NULL, depth + 1);
				lua_pop(L, 1);
			}
		} else {
			int keys;
			lua_newtable(L);   /* +1 the keys, sorted for a stable order */
			keys = lua_gettop(L);
			lua_pushnil(L);
			while (lua_next(L, idx)) {
				lua_pop(L, 1);
				if (lua_type(L, -1) != LUA_TSTRING)
					luaL_error(L, "a table returned by a @late function must be a list "
						   "or have string keys (found a %s key)",
						   luaL_typename(L, -1));
				lua_pushvalue(L, -1);
				lua_rawseti(L, keys, (lua_Integer)lua_rawlen(L, keys) + 1);
			}
			lua_getglobal(L, "table");
			lua_getfield(L, -1, "sort");
			lua_pushvalue(L, keys);
			lua_call(L, 1, 0);
			lua_pop(L, 1);
			for (lua_Integer i = 1; i <= (lua_Integer)lua_rawlen(L, keys); i++) {
				const char *k;
				lua_rawgeti(L, keys, i);          /* +1 key */
				k = lua_tostring(L, -1);
				lua_pushvalue(L, -1);
				lua_rawget(L, idx);               /* +1 value */
				convert(L, -1, box, v, k, depth + 1);
				lua_pop(L, 2);
			}
			lua_pop(L, 1);
		}
	}
	return v;
}

struct late_args {
	const struct rt_func *fn;
	const struct li_late_bindings *b;
	int wrapped;
	struct rt_value *result;
};

/* Stack: 1 the compiled chunk, 2 late_args. */
static int late_pmain(lua_State *L)
{
	struct late_args *a = lua_touserdata(L, 2);
	const struct li_rex_context *c = a->b->context;
	struct vbox *box;
	int ns, H, env;
	li_bind_init(L);
	if (luaL_newmetatable(L, BOX_MT)) {
		lua_pushcfunction(L, vbox_gc);
		lua_setfield(L, -2, "__gc");
	}
	lua_pop(L, 1);
	box = lua_newuserdatauv(L, sizeof(*box), 0);   /* +1 (index 3) */
	box->v = NULL;
	luaL_setmetatable(L, BOX_MT);

	li_bind_handles_new(L);                         /* +1 */
	H = lua_gettop(L);
	lua_pushvalue(L, H);
	lua_setfield(L, LUA_REGISTRYINDEX, HANDLES_KEY);
	lua_newtable(L);                                /* +1 ns */
	ns = lua_gettop(L);
	li_bind_variant(L, a->b->this, NULL, H);
	lua_setfield(L, ns, "this");
	lua_pushcfunction(L, c ? in_context_true : in_context_false);
	lua_setfield(L, ns, "in_context");
	if (c) {
		lua_newtable(L);   /* context: what a late function may want from it */
		lua_createtable(L, (int)c->n_requests, 0);
		for (size_t i = 0; i < c->n_requests; i++) {
			lua_pushstring(L, c->requests[i]);
			lua_rawseti(L, -2, (lua_Integer)i + 1);
		}
		lua_setfield(L, -2, "requested_packages");
		lua_createtable(L, (int)c->n_implicits, 0);
		for (size_t i = 0; i < c->n_implicits; i++) {
			lua_pushstring(L, c->implicits[i]);
			lua_rawseti(L, -2, (lua_Integer)i + 1);
		}
		lua_setfield(L, -2, "implicit_packages");
		lua_createtable(L, (int)c->n_resolve, 0);
		for (size_t i = 0; i < c->n_resolve; i++) {
			li_bind_variant(L, &c->resolve[i], NULL, H);
			lua_rawseti(L, -2, (lua_Integer)i + 1);
		}
		lua_setfield(L, -2, "resolved_packages");
		lua_pushboolean(L, c->building);
		lua_setfield(L, -2, "building");
		lua_pushboolean(L, c->testing);
		lua_setfield(L, -2, "testing");
		lua_setfield(L, ns, "context");
		lua_pushboolean(L, c->building);
		lua_setfield(L, ns, "building");
		lua_pushboolean(L, c->testing);
		lua_setfield(L, ns, "testing");
		li_bind_system(L, c->system);
		lua_setfield(L, ns, "system");
		li_bind_requirements(L, LI_REQS_REQUEST, c->requests, c->n_requests);
		lua_setfield(L, ns, "request");
		li_bind_requirements(L, LI_REQS_IMPLICITS, c->implicits, c->n_implicits);
		lua_setfield(L, ns, "implicits");
		li_bind_requirements(L, LI_REQS_EPHEMERALS, c->requests, c->n_requests);
		lua_setfield(L, ns, "ephemerals");
		lua_pushcfunction(L, li_bind_intersects);
		lua_setfield(L, ns, "intersects");
	}
	li_func_env(L, ns);                             /* +1 */
	env = lua_gettop(L);
	li_include_bind(L, env, a->fn, a->b->this->base);   /* @include modules */
	li_func_call(L, 1, env, a->fn, a->wrapped, 1);  /* +1 result */
	convert(L, -1, box, NULL, NULL, 0);
	a->result = box->v;
	box->v = NULL;
	return 0;
}

static int cleanup_pmain(lua_State *L)
{
	if (lua_getfield(L, LUA_REGISTRYINDEX, HANDLES_KEY) == LUA_TTABLE)
		li_bind_invalidate(L, -1);
	lua_pushnil(L);
	lua_setfield(L, LUA_REGISTRYINDEX, HANDLES_KEY);
	return 0;
}

int li_late_eval(lua_State *L, const struct rt_func *fn, const struct li_late_bindings *b,
		 struct rt_value **out, struct rt_error *err)
{
	struct late_args a = { fn, b, 0, NULL };
	struct rt_error cerr = RT_ERROR_INIT;
	struct rt_buf prefix = RT_BUF_INIT;
	int top = lua_gettop(L), ret = 0;
	rt_buf_addf(&prefix, "Error in @late attribute '%s' of package '", fn->name ? fn->name : "");
	li_pkg_qualified_name(b->this, &prefix);
	rt_buf_addch(&prefix, '\'');
	*out = NULL;
	if (li_func_load(L, fn, &a.wrapped, err)) {
		li_func_error(err, prefix.buf, fn->file);
		ret = -1;
		goto out;
	}
	lua_pushcfunction(L, late_pmain);
	lua_insert(L, -2);
	lua_pushlightuserdata(L, &a);
	if (li_state_pcall(L, 2, 0, err)) {
		li_func_error(err, prefix.buf, fn->file);
		rt_value_free(a.result);
		ret = -1;
	} else {
		*out = a.result;
	}
	lua_settop(L, top);
	lua_pushcfunction(L, cleanup_pmain);
	li_state_pcall(L, 0, 0, &cerr);
	rt_error_release(&cerr);
out:
	lua_settop(L, top);
	rt_buf_release(&prefix);
	return ret;
}
