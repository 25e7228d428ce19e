/* config_load.c - how every subcommand loads the configuration: rt_config_load with the Lua
 * loader for `.lua` configuration files (run in the sandbox), warnings printed once. */
#include "cli/cli.h"
#include "cli/color.h"
#include "interp/state.h"
#include "runtime/buf.h"
#include "runtime/config.h"
#include "runtime/value.h"

#include <errno.h>
#include <lauxlib.h>
#include <stdio.h>

#define MODIFY_MT "rez.config.ModifyList"
#define LINES_KEY "rez.config.lines"
#define MAX_DEPTH 64

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

static int to_value(lua_State *L, int idx, int line, int depth, struct rt_value **out,
		    const char *path, struct rt_error *err);

static int cmp_keys(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Converts the table at idx: a sequence 1..n -> list, string keys -> map (sorted, since Lua
 * does not keep definition order), an empty table -> empty list (read as an empty mapping by
 * settings that want one). */
static int table_value(lua_State *L, int idx, int line, int depth, struct rt_value **out,
		       const char *path, struct rt_error *err)
{
	size_t n_str = 0, n_int = 0, cap = 0;
	char **keys = NULL;
	struct rt_value *v;
	int rc = 0;

	idx = lua_absindex(L, idx);
	for (lua_pushnil(L); lua_next(L, idx); lua_pop(L, 1)) {
		if (lua_type(L, -2) == LUA_TSTRING) {
			keys = rt_xgrow(keys, sizeof(*keys), n_str + 1, &cap);
			keys[n_str++] = rt_xstrdup(lua_tostring(L, -2));
		} else if (lua_isinteger(L, -2)) {
			n_int++;
		} else {
			lua_pop(L, 2);
			rc = rt_error(err, "%s:%d: table keys must be strings or list indexes", path, line);
			goto out;
		}
	}
	if (n_str && n_int) {
		rc = rt_error(err, "%s:%d: a table cannot mix list items and named fields", path, line);
		goto out;
	}
	if (n_str) {
		qsort(keys, n_str, sizeof(*keys), cmp_keys);
		v = rt_value_map();
		v->line = line;
		for (size_t i = 0; i < n_str && rc == 0; i++) {
			struct rt_value *item = NULL;
			lua_getfield(L, idx, keys[i]);
			rc = to_value(L, -1, line, depth + 1, &item, path, err);
			lua_pop(L, 1);
			if (rc == 0)
				rt_map_set(v, keys[i], item);
		}
	} else {
		v = rt_value_list();
		v->line = line;
		for (lua_Integer i = 1; i <= (lua_Integer)n_int && rc == 0; i++) {
			struct rt_value *item = NULL;
			if (lua_geti(L, idx, i) == LUA_TNIL) {
				lua_pop(L, 1);
				rc = rt_error(err, "%s:%d: a list has a hole at index %lld", path, line,
					      (long long)i);
				break;
			}
			rc = to_value(L, -1, line, depth + 1, &item, path, err);
			lua_pop(L, 1);
			if (rc == 0)
				rt_list_push(v, item);
		}
	}
	if (rc < 0)
		rt_value_free(v);
	else
		*out = v;
out:
	for (size_t i = 0; i < n_str; i++)
		free(keys[i]);
	free(keys);
	return rc;
}

static int to_value(lua_State *L, int idx, int line, int depth, struct rt_value **out,
		    const char *path, struct rt_error *err)
{
	struct rt_value *v;
	if (depth > MAX_DEPTH)
		return rt_error(err, "%s:%d: value nested deeper than %d levels", path, line, MAX_DEPTH);
	/* Each level pushes a few values; only LUA_MINSTACK slots are guaranteed without this. */
	if (!lua_checkstack(L, 8))
		return rt_error(err, "%s:%d: value nested too deeply (out of Lua stack)", path, line);
	switch (lua_type(L, idx)) {
	case LUA_TBOOLEAN:
		v = rt_value_bool(lua_toboolean(L, idx));
		break;
	case LUA_TNUMBER:
		v = lua_isinteger(L, idx) ? rt_value_int(lua_tointeger(L, idx))
					  : rt_value_float(lua_tonumber(L, idx));
		break;
	case LUA_TSTRING: {
		size_t len;
		const char *s = lua_tolstring(L, idx, &len);
		v = rt_value_strn(s, len);
		break;
	}
	case LUA_TTABLE:
		if (lua_getmetatable(L, idx)) {
			int is_modify;
			luaL_getmetatable(L, MODIFY_MT);
			is_modify = lua_rawequal(L, -1, -2);
			lua_pop(L, 2);
			if (is_modify) {
				struct rt_value *pre = NULL, *app = NULL;
				int rc = 0;
				idx = lua_absindex(L, idx);
				if (lua_getfield(L, idx, "prepend") != LUA_TNIL)
					rc = table_value(L, -1, line, depth + 1, &pre, path, err);
				lua_pop(L, 1);
				if (rc == 0 && lua_getfield(L, idx, "append") != LUA_TNIL)
					rc = table_value(L, -1, line, depth + 1, &app, path, err);
				lua_pop(L, 1);
				if (rc < 0) {
					rt_value_free(pre);
					return -1;
				}
				v = rt_config_modify_new(pre, app);
				break;
			}
		}
		return table_value(L, idx, line, depth, out, path, err);
	default:
		return rt_error(err, "%s:%d: a %s cannot be a configuration value", path, line,
				luaL_typename(L, idx));
	}
	v->line = line;
	*out = v;
	return 0;
}

/* Turns the globals the chunk assigned (table at the top) into a map of settings. */
static int collect(lua_State *L, const char *path, struct rt_value **out, struct rt_error *err)
{
	int env = lua_gettop(L);
	struct rt_value *m;
	int rc = 0;

	lua_getfield(L, LUA_REGISTRYINDEX, LINES_KEY);           /* env lines */
	if (table_value(L, env, 0, 0, &m, path, err) < 0) {
		lua_pop(L, 1);
		return -1;
	}
	if (m->type == RT_LIST && rt_list_len(m) > 0) {
		rt_value_free(m);
		lua_pop(L, 1);
		return rt_error(err, "%s: settings must be assigned by name", path);
	}
	if (m->type == RT_LIST) {
		rt_value_free(m);
		m = rt_value_map();
	}
	/* each top-level value gets the line of its assignment */
	for (size_t i = 0; i < rt_map_len(m) && rc == 0; i++) {
		struct rt_value *v;
		int line;
		lua_getfield(L, -1, rt_map_key(m, i));               /* env lines line */
		line = (int)lua_tointeger(L, -1);
		lua_pop(L, 1);                                        /* env lines */
		lua_getfield(L, env, rt_map_key(m, i));               /* env lines value */
		rc = to_value(L, -1, line, 0, &v, path, err);
		lua_pop(L, 1);                                        /* env lines */
		if (rc == 0)
			rt_map_set(m, rt_map_key(m, i), v);
	}
	lua_pop(L, 1);                                            /* env */
	if (rc < 0) {
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
