/* late.c - @late attribute evaluation (see late.h). */
#include "runtime/common.h"
#include "interp/late.h"
#include "interp/include.h"
#include "interp/rex.h"
#include "interp/state.h"
#include "runtime/buf.h"
#include "runtime/value.h"
#include "stdlib/value.h"

#include <lauxlib.h>

#define HANDLES_KEY "rez.late.handles"

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
	struct rez_tovalue tv = { REZ_VALUE_NIL_NULL | REZ_VALUE_TOSTRING, "the result", 0, 0,
				  NULL, NULL, 0 };
	int ns, H, env;
	li_bind_init(L);

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
	a->result = rez_stdlib_to_value_owned(L, -1, &tv);
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
