/* config_load.c - how every subcommand loads the configuration: rt_config_load with the Lua
 * loader for `.lua` configuration files (run in the sandbox), warnings printed once. */
#include "cli/cli.h"
#include "cli/color.h"
#include "interp/state.h"
#include "runtime/buf.h"
#include "runtime/config.h"
#include "runtime/value.h"
#include "stdlib/value.h"

#include <errno.h>
#include <lauxlib.h>
#include <stdio.h>

#define MODIFY_MT "rez.config.ModifyList"
#define LINES_KEY "rez.config.lines"

/* _ENV.__newindex: records the line of each global assignment, then stores it. */
static int env_newindex(lua_State *L)
{
	lua_Debug ar;
	int line = 0;
	if (lua_getstack(L, 1, &ar) && lua_getinfo(L, "l", &ar))
		line = ar.currentline;
	lua_getfield(L, LUA_REGISTRYINDEX, LINES_KEY);   /* env k v lines */
	lua_pushvalue(L, 2);                              /* env k v lines k */
	lua_pushinteger(L, line);                         /* env k v lines k line */
	lua_rawset(L, -3);                                /* env k v lines */
	lua_pop(L, 1);                                    /* env k v */
	lua_rawset(L, 1);                                 /* env */
	return 0;
}

/* ModifyList{append = {...}, prepend = {...}}: a marked table read as a list modifier. */
static int modify_list(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	lua_settop(L, 1);
	for (lua_pushnil(L); lua_next(L, 1); lua_pop(L, 1)) {   /* t k v */
		const char *k = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : NULL;
		if (!k || (!rt_streq(k, "append") && !rt_streq(k, "prepend")))
			return luaL_error(L, "ModifyList takes only 'append' and 'prepend'");
		if (!lua_istable(L, -1))
			return luaL_error(L, "ModifyList '%s' must be a list", k);
	}
	luaL_setmetatable(L, MODIFY_MT);                       /* t */
	return 1;
}

/* A ModifyList value, for the converter (stdlib/value.h): its prepend and append lists. */
static int config_special(lua_State *L, int idx, const char *key, int top, void *ud,
			  struct rt_value **out)
{
	struct rez_tovalue *outer = ud, sub = *outer;
	const struct rt_value *pre = NULL, *app = NULL;
	int is_modify;
	(void)key;
	(void)top;
	*out = NULL;
	if (lua_type(L, idx) != LUA_TTABLE || !lua_getmetatable(L, idx))
		return 0;
	luaL_getmetatable(L, MODIFY_MT);
	is_modify = lua_rawequal(L, -1, -2);
	lua_pop(L, 2);
	if (!is_modify)
		return 0;
	sub.special = NULL;
	idx = lua_absindex(L, idx);
	lua_getfield(L, idx, "prepend");                          /* p */
	pre = rez_stdlib_to_value(L, -1, &sub);                   /* p pbox */
	lua_getfield(L, idx, "append");                           /* p pbox a */
	app = rez_stdlib_to_value(L, -1, &sub);                   /* p pbox a abox */
	/* copied once both converted: nothing below raises */
	*out = rt_config_modify_new(pre ? rt_value_copy(pre) : NULL, app ? rt_value_copy(app) : NULL);
	lua_pop(L, 4);
	return 1;
}

/* Stack: 1 the output map (lightuserdata), 2 path, 3 the chunk's globals. Each setting is
 * converted with the line of its assignment. */
static int collect_pmain(lua_State *L)
{
	struct rt_value *m = lua_touserdata(L, 1);
	const char *path = lua_tostring(L, 2);
	int env = 3, lines;
	lua_getfield(L, LUA_REGISTRYINDEX, LINES_KEY);            /* lines */
	lines = lua_gettop(L);
	for (lua_pushnil(L); lua_next(L, env); lua_pop(L, 1)) {   /* lines k v */
		struct rez_tovalue tv = { 0, NULL, 0, 0, config_special, NULL, 0 };
		const char *name;
		if (lua_type(L, -2) != LUA_TSTRING)
			return luaL_error(L, "%s: settings must be assigned by name", path);
		name = lua_tostring(L, -2);
		lua_pushvalue(L, -2);
		lua_rawget(L, lines);                                 /* lines k v line */
		tv.line = (int)lua_tointeger(L, -1);
		lua_pop(L, 1);
		tv.ud = &tv;
		tv.what = lua_pushfstring(L, "%s:%d: setting '%s'", path, tv.line, name);
		rez_stdlib_to_value_into(L, -2, &tv, m, name);        /* lines k v what */
		lua_pop(L, 1);
	}
	rt_map_sort(m);
	return 0;
}

/* Turns the globals the chunk assigned (table at the top) into a map of settings. */
static int collect(lua_State *L, const char *path, struct rt_value **out, struct rt_error *err)
{
	struct rt_value *m = rt_value_map();
	lua_pushcfunction(L, collect_pmain);                      /* env f */
	lua_pushlightuserdata(L, m);
	lua_pushstring(L, path);
	lua_pushvalue(L, -4);                                     /* env f m path env */
	if (li_state_pcall(L, 3, 0, err) != 0) {
		rt_value_free(m);
		return -1;
	}
	*out = m;
	return 0;
}

struct rt_config *cli_load_config(const char *tool)
{
	struct rt_config_opts opts = RT_CONFIG_OPTS_INIT;
	struct rt_error err = RT_ERROR_INIT;
	struct rt_config *cfg;
	const char *const *w;
	size_t n;

	opts.load_lua = cli_config_lua_loader;
	cfg = rt_config_load(&opts, &err);
	if (!cfg) {
		cli_error(tool, "%s", rt_error_msg(&err));
		rt_error_release(&err);
		return NULL;
	}
	cli_color_init(cfg);
	w = rt_config_warnings(cfg, &n);
	for (size_t i = 0; i < n; i++)
		cli_warn(tool, "%s", w[i]);
	return cfg;
}

int cli_config_lua_loader(void *ud, const char *path, struct rt_value **out, struct rt_error *err)
{
	struct li_limits limits = LI_LIMITS_DEFAULT;
	struct rt_buf text = RT_BUF_INIT;
	char *chunk = rt_xstrfmt("@%s", path);
	lua_State *L;
	int rc = -1;

	*out = NULL;
	if (rt_buf_read_file(&text, path, 16u << 20) < 0) {
		rt_error(err, "%s: cannot read configuration: %s", path, strerror(errno));
		goto done;
	}
	/* The settings themselves are not known yet: the default budgets apply. */
	L = li_state_new(&limits, err);
	if (!L)
		goto done;
	lua_newtable(L);                                          /* lines */
	lua_setfield(L, LUA_REGISTRYINDEX, LINES_KEY);            /* */
	luaL_newmetatable(L, MODIFY_MT);                          /* mt */
	lua_pop(L, 1);                                            /* */
	if (li_state_load(L, text.buf, text.len, chunk, err) == 0) {   /* fn */
		/* The chunk's globals go to a fresh table (whose assignments are the settings);
		 * reads fall through to a base with ModifyList, then to the sandbox's globals. */
		lua_newtable(L);                                  /* fn env */
		lua_newtable(L);                                  /* fn env meta */
		lua_newtable(L);                                  /* fn env meta base */
		lua_pushcfunction(L, modify_list);                /* fn env meta base f */
		lua_setfield(L, -2, "ModifyList");                /* fn env meta base */
		lua_newtable(L);                                  /* fn env meta base bmeta */
		lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);   /* ... base bmeta G */
		lua_setfield(L, -2, "__index");                   /* fn env meta base bmeta */
		lua_setmetatable(L, -2);                          /* fn env meta base */
		lua_setfield(L, -2, "__index");                   /* fn env meta */
		lua_pushcfunction(L, env_newindex);               /* fn env meta f */
		lua_setfield(L, -2, "__newindex");                /* fn env meta */
		lua_setmetatable(L, -2);                          /* fn env */
		lua_pushvalue(L, -1);                             /* fn env env */
		lua_insert(L, -3);                                /* env fn env */
		if (!lua_setupvalue(L, -2, 1))                    /* env fn */
			lua_pop(L, 1);
		if (li_state_pcall(L, 0, 0, err) == 0)            /* env */
			rc = collect(L, path, out, err);
	}
	li_state_close(L);
done:
	rt_buf_release(&text);
	free(chunk);
	(void)ud;
	return rc;
}
