/* buildhooks.c - loading, configuring and running build hooks (see buildhooks.h). */
#include "runtime/common.h"
#include "hooks/build/buildhooks.h"
#include "hooks/build/hookfs.h"
#include "interp/bind.h"
#include "interp/state.h"
#include "runtime/buf.h"
#include "runtime/build/fsutil.h"
#include "runtime/config.h"
#include "runtime/value.h"
#include "stdlib/value.h"
#include "runtime/version.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <strings.h>
#include <sys/stat.h>

#include <lauxlib.h>

/* Registry keys (style §7: namespaced names, never integers). */
#define MODULES_KEY "rez.buildhooks.modules"   /* [i] = the hook's module table */
#define DATA_KEY "rez.buildhooks.data"         /* build_data of the running phase */
#define HANDLES_KEY "rez.buildhooks.handles"   /* package bindings of the running call */

/* Embedded shipped hooks (generated from hooks/build/NAME.lua by hooks/CMakeLists.txt). */
extern const unsigned char hk_build_lua_custom[];
extern const size_t hk_build_lua_custom_len;
extern const unsigned char hk_build_lua_version_file[];
extern const size_t hk_build_lua_version_file_len;

static const struct shipped {
	const char *name;
	const unsigned char *text;
	const size_t *len;
} shipped[] = {
	{ "custom", hk_build_lua_custom, &hk_build_lua_custom_len },
	{ "version_file", hk_build_lua_version_file, &hk_build_lua_version_file_len },
};

enum phase { PH_DEPENDENCIES, PH_CLEAN, PH_INITIALIZE, PH_FINALIZE, PH_N };
static const char *const phase_names[PH_N] = { "dependencies", "clean", "initialize",
					       "finalize" };

struct hook {
	char *name;
	char *file;                 /* module file as messages name it */
	int file_line;              /* last line of the module (for "must return a table") */
	char *named_at;             /* where the hook was named: "package.lua:12" / "config" */
	struct rt_value *site, *pkg, *target;   /* settings layers (owned copies or NULL) */
	struct rt_value *config;    /* merged settings */
	int enabled;
	char *phase_file[PH_N];     /* where each phase function is defined (NULL: none) */
	int phase_line[PH_N];
};

struct hk_build {
	lua_State *L;
	struct hook *hooks;          /* every named hook, enabled or not */
	size_t n, cap;
	struct rt_value *names;      /* enabled hooks, in order */
	struct hk_build_opts o;
	struct hk_fs_roots roots;
};

/* ---- small helpers ---- */

static int parse_bool(const char *s, int *out)
{
	static const char *const t[] = { "1", "true", "t", "yes", "y", "on", NULL };
	static const char *const f[] = { "0", "false", "f", "no", "n", "off", NULL };
	for (const char *const *w = t; *w; w++)
		if (strcasecmp(s, *w) == 0)
			return *out = 1, 0;
	for (const char *const *w = f; *w; w++)
		if (strcasecmp(s, *w) == 0)
			return *out = 0, 0;
	return -1;
}

static int env_bool(const char *name, int *flag, struct rt_error *err)
{
	const char *v = getenv(name);
	if (!v || !*v)
		return 0;
	if (parse_bool(v, flag) < 0)
		return rt_error(err, "environment variable %s must be true or false (got '%s')",
				name, v);
	return 0;
}

int hk_build_env_switches(int *hooks_only, int *no_hooks, struct rt_error *err)
{
	if (env_bool("REZ_BUILD_HOOKS_ONLY", hooks_only, err) < 0 ||
	    env_bool("REZ_BUILD_NO_HOOKS", no_hooks, err) < 0)
		return -1;
	return 0;
}

/* Hook names become file names and parts of environment variable names. */
static int valid_name(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-')
			return 0;
	return 1;
}

/* Maps merge key by key, recursively; anything else replaces. Takes src. */
static void merge_into(struct rt_value **dst, struct rt_value *src)
{
	if (!src)
		return;
	if (*dst && (*dst)->type == RT_MAP && src->type == RT_MAP) {
		for (size_t i = 0; i < rt_map_len(src); i++) {
			const char *k = rt_map_key(src, i);
			struct rt_value *have = rt_map_take(*dst, k);
			merge_into(&have, rt_value_copy(rt_map_val(src, i)));
			rt_map_set(*dst, k, have);
		}
		rt_value_free(src);
		return;
	}
	rt_value_free(*dst);
	*dst = src;
}

/* Length of a leading "file:LINE: " in msg, or 0. */
static size_t location_len(const char *msg)
{
	for (const char *p = msg; (p = strchr(p, ':')); p++) {
		const char *q = p + 1;
		if (memchr(msg, '\n', (size_t)(p - msg)))
			return 0;
		if (!isdigit((unsigned char)*q))
			continue;
		while (isdigit((unsigned char)*q))
			q++;
		if (q[0] == ':' && q[1] == ' ')
			return (size_t)(q + 2 - msg);
	}
	return 0;
}

/* Rewrites err's message "LOC: msg" as "LOC: build hook 'NAME' (PHASE): msg", using
 * fallback_loc when the message has no location. Returns -1. */
static int hook_error(struct rt_error *err, const char *name, const char *phase,
		      const char *fallback_loc)
{
	const char *msg = rt_error_msg(err);
	size_t loc = location_len(msg);
	char *text;
	if (loc)
		text = rt_xstrfmt("%.*sbuild hook '%s' (%s): %s", (int)loc, msg, name, phase,
				  msg + loc);
	else if (fallback_loc)
		text = rt_xstrfmt("%s: build hook '%s' (%s): %s", fallback_loc, name, phase, msg);
	else
		text = rt_xstrfmt("build hook '%s' (%s): %s", name, phase, msg);
	rt_error(err, "%s", text);
	free(text);
	return -1;
}

/* ---- Lua values back to rt_value ---- */

/* Hook data (build_data, a module's defaults) in the data model (stdlib/value.h): an empty
 * table is a map; `what` names it in messages. Raises on data that cannot be converted. */
static struct rt_value *to_value(lua_State *L, int idx, const char *what)
{
	struct rez_tovalue tv = { REZ_VALUE_EMPTY_MAP | REZ_VALUE_NIL_NULL, what, 0, 0, NULL, NULL,
				  0 };
	return rez_stdlib_to_value_owned(L, idx, &tv);
}

/* ---- the read-only views ---- */

static int ro_newindex(lua_State *L)
{
	const char *what = lua_tostring(L, lua_upvalueindex(1));
	return luaL_error(L, "%s is read-only", what);
}

static int ro_len(lua_State *L)
{
	lua_pushinteger(L, (lua_Integer)lua_rawlen(L, lua_upvalueindex(1)));
	return 1;
}

static int ro_pairs(lua_State *L)
{
	lua_getglobal(L, "next");                                 /* t next */
	lua_pushvalue(L, lua_upvalueindex(1));                    /* t next data */
	lua_pushnil(L);                                           /* t next data nil */
	return 3;
}

/* Replaces the table at the top by a read-only proxy of it named `what` in errors. */
static void make_readonly(lua_State *L, const char *what)
{
	lua_newtable(L);                                          /* t proxy */
	lua_createtable(L, 0, 5);                                 /* t proxy mt */
	lua_pushvalue(L, -3);
	lua_setfield(L, -2, "__index");
	lua_pushstring(L, what);
	lua_pushcclosure(L, ro_newindex, 1);
	lua_setfield(L, -2, "__newindex");
	lua_pushvalue(L, -3);
	lua_pushcclosure(L, ro_len, 1);
	lua_setfield(L, -2, "__len");
	lua_pushvalue(L, -3);
	lua_pushcclosure(L, ro_pairs, 1);
	lua_setfield(L, -2, "__pairs");
	lua_pushboolean(L, 0);
	lua_setfield(L, -2, "__metatable");
	lua_setmetatable(L, -2);                                  /* t proxy */
	lua_remove(L, -2);                                        /* proxy */
}

/* ---- setting up the state ---- */

struct setup {
	struct hk_build *hk;
};

static int setup_state(lua_State *L)
{
	struct setup *s = lua_touserdata(L, 1);
	li_bind_init(L);
	hk_fs_open(L, &s->hk->roots);
	lua_newtable(L);
	lua_setfield(L, LUA_REGISTRYINDEX, MODULES_KEY);
	return 0;
}

struct load {
	struct hk_build *hk;
	size_t i;
	const char *text;
	size_t len;
	struct rt_value *defaults;   /* out */
};

/* Runs module i's text and checks its shape; stores it in MODULES_KEY[i+1]. */
static int load_module(lua_State *L)
{
	struct load *ld = lua_touserdata(L, 1);
	struct hook *h = &ld->hk->hooks[ld->i];
	lua_settop(L, 0);
	lua_pushfstring(L, "@%s", h->file);                                /* name */
	hk_fs_run_module(L, ld->text, ld->len, lua_tostring(L, 1));        /* name mod */
	if (lua_getfield(L, 2, "name") != LUA_TNIL && !lua_isstring(L, -1))
		return luaL_error(L, "'name' must be a string (got %s)", luaL_typename(L, -1));
	lua_pop(L, 1);
	for (int p = 0; p < PH_N; p++) {
		int t = lua_getfield(L, 2, phase_names[p]);
		if (t != LUA_TNIL && t != LUA_TFUNCTION)
			return luaL_error(L, "'%s' must be a function (got %s)", phase_names[p],
					  lua_typename(L, t));
		lua_pop(L, 1);
	}
	switch (lua_getfield(L, 2, "defaults")) {                          /* name mod d */
	case LUA_TNIL:
		break;
	case LUA_TTABLE:
		ld->defaults = to_value(L, 3, "'defaults'");
		break;
	default:
		return luaL_error(L, "'defaults' must be a table (got %s)", luaL_typename(L, 3));
	}
	lua_pop(L, 1);
	lua_getfield(L, LUA_REGISTRYINDEX, MODULES_KEY);                   /* name mod mods */
	lua_pushvalue(L, 2);
	lua_rawseti(L, -2, (lua_Integer)ld->i + 1);
	return 0;
}

/* Lets a module hand its phases to another table: custom's delegate(config) returns the
 * package's own build_hook.lua module. */
static int delegate_module(lua_State *L)
{
	struct load *ld = lua_touserdata(L, 1);
	struct hook *h = &ld->hk->hooks[ld->i];
	lua_settop(L, 0);
	lua_getfield(L, LUA_REGISTRYINDEX, MODULES_KEY);                   /* mods */
	lua_rawgeti(L, 1, (lua_Integer)ld->i + 1);                         /* mods mod */
	if (lua_getfield(L, 2, "delegate") == LUA_TNIL)                    /* mods mod fn */
		return 0;
	if (!lua_isfunction(L, 3))
		return luaL_error(L, "'delegate' must be a function");
	li_bind_value(L, h->config);
	make_readonly(L, "self.config");                                   /* mods mod fn cfg */
	lua_call(L, 1, 1);                                                 /* mods mod new */
	if (!lua_istable(L, 3))
		return luaL_error(L, "'delegate' must return a hook table (got %s)",
				  luaL_typename(L, 3));
	for (int p = 0; p < PH_N; p++) {
		int t = lua_getfield(L, 3, phase_names[p]);
		if (t != LUA_TNIL && t != LUA_TFUNCTION)
			return luaL_error(L, "'%s' must be a function (got %s)", phase_names[p],
					  lua_typename(L, t));
		lua_pop(L, 1);
	}
	lua_rawseti(L, 1, (lua_Integer)ld->i + 1);                         /* mods mod */
	return 0;
}

/* Records where each phase function of module i is defined. */
static int locate_phases(lua_State *L)
{
	struct load *ld = lua_touserdata(L, 1);
	struct hook *h = &ld->hk->hooks[ld->i];
	lua_settop(L, 0);
	lua_getfield(L, LUA_REGISTRYINDEX, MODULES_KEY);                   /* mods */
	lua_rawgeti(L, 1, (lua_Integer)ld->i + 1);                         /* mods mod */
	for (int p = 0; p < PH_N; p++) {
		lua_Debug ar;
		if (lua_getfield(L, 2, phase_names[p]) != LUA_TFUNCTION) {     /* mods mod f */
			lua_pop(L, 1);
			continue;
		}
		if (lua_getinfo(L, ">S", &ar)) {
			h->phase_file[p] = rt_xstrdup(ar.source[0] == '@' ? ar.source + 1
									  : ar.short_src);
			h->phase_line[p] = ar.linedefined > 0 ? ar.linedefined : 1;
		}
	}
	return 0;
}

/* ---- which hooks, with which settings ---- */

static struct hook *find_hook(struct hk_build *hk, const char *name)
{
	for (size_t i = 0; i < hk->n; i++)
		if (rt_streq(hk->hooks[i].name, name))
			return &hk->hooks[i];
	return NULL;
}

static struct hook *add_hook(struct hk_build *hk, const char *name, const char *named_at)
{
	struct hook *h = find_hook(hk, name);
	if (h)
		return h;
	hk->hooks = rt_xgrow(hk->hooks, sizeof(*hk->hooks), hk->n + 1, &hk->cap);
	h = &hk->hooks[hk->n++];
	memset(h, 0, sizeof(*h));
	h->name = rt_xstrdup(name);
	h->named_at = rt_xstrdup(named_at);
	return h;
}

/* Settings given in a package's build_hooks: a map, or true (none), or false (off). */
static int settings_of(const struct rt_value *v, const char *where, const char *what,
		       struct rt_value **out, struct rt_error *err)
{
	if (v->type == RT_BOOL || (v->type == RT_LIST && rt_list_len(v) == 0)) {
		/* true, false, or {} (which package.lua reads as an empty list) */
		*out = rt_value_map();
		if (v->type == RT_BOOL && !v->u.b)
			rt_map_set(*out, "enable_by_default", rt_value_bool(0));
		return 0;
	}
	if (v->type != RT_MAP)
		return rt_error(err, "%s: %s must be a table of settings, true or false (got %s)",
				where, what, rt_value_type_name(v->type));
	*out = rt_value_copy(v);
	return 0;
}

static int check_name(const char *name, const char *where, struct rt_error *err)
{
	if (!valid_name(name))
		return rt_error(err, "%s: invalid build hook name '%s' (letters, digits, '_' and "
				"'-' only)", where, name);
	return 0;
}

static int collect_package(struct hk_build *hk, struct rt_error *err)
{
	const struct rt_value *bh = hk->o.package ? rt_map_get(hk->o.package, "build_hooks") : NULL;
	const char *file = hk->o.package_file ? hk->o.package_file : "package";
	struct rt_buf where = RT_BUF_INIT;
	int rc = 0;

	if (!bh || bh->type == RT_NULL)
		return 0;
	if (bh->line > 0)
		rt_buf_addf(&where, "%s:%d", file, bh->line);
	else
		rt_buf_adds(&where, file);
	if (bh->type == RT_LIST) {
		for (size_t i = 0; rc == 0 && i < rt_list_len(bh); i++) {
			const struct rt_value *it = rt_list_at(bh, i);
			const char *name = rt_value_as_str(it);
			struct hook *h;
			if (!name && it->type == RT_MAP)
				name = rt_value_as_str(rt_map_get(it, "name"));
			if (!name) {
				rc = rt_error(err, "%s: attribute 'build_hooks' items must be hook "
					      "names or tables with a 'name' (item %zu is a %s)",
					      where.buf, i + 1, rt_value_type_name(it->type));
				break;
			}
			if (check_name(name, where.buf, err) < 0) {
				rc = -1;
				break;
			}
			h = add_hook(hk, name, where.buf);
			if (it->type == RT_MAP) {
				struct rt_value *s = rt_value_copy(it);
				rt_map_del(s, "name");
				merge_into(&h->pkg, s);
			}
		}
	} else if (bh->type == RT_MAP) {
		const struct rt_value *targets = rt_map_get(bh, "targets");
		for (size_t i = 0; rc == 0 && i < rt_map_len(bh); i++) {
			const char *name = rt_map_key(bh, i);
			struct rt_value *s = NULL;
			struct hook *h;
			char *what;
			if (rt_streq(name, "targets"))
				continue;
			what = rt_xstrfmt("build_hooks.%s", name);
			if (check_name(name, where.buf, err) < 0 ||
			    settings_of(rt_map_val(bh, i), where.buf, what, &s, err) < 0)
				rc = -1;
			free(what);
			if (rc < 0)
				break;
			h = add_hook(hk, name, where.buf);
			merge_into(&h->pkg, s);
		}
		if (targets && targets->type == RT_LIST && rt_list_len(targets) == 0)
			targets = NULL;   /* targets = {} */
		if (rc == 0 && targets) {
			const struct rt_value *mine = NULL;
			if (targets->type != RT_MAP) {
				rc = rt_error(err, "%s: build_hooks.targets must be a table of target "
					      "names (local, central) (got %s)", where.buf,
					      rt_value_type_name(targets->type));
			} else {
				for (size_t i = 0; rc == 0 && i < rt_map_len(targets); i++) {
					const char *t = rt_map_key(targets, i);
					if (!rt_streq(t, "local") && !rt_streq(t, "central"))
						rc = rt_error(err, "%s: unknown build target '%s' in "
							      "build_hooks.targets (local or central)",
							      where.buf, t);
					else if (rt_map_val(targets, i)->type != RT_MAP &&
						 !(rt_map_val(targets, i)->type == RT_LIST &&
						   rt_list_len(rt_map_val(targets, i)) == 0))
						rc = rt_error(err, "%s: build_hooks.targets.%s must be a "
							      "table of hook settings", where.buf, t);
				}
				mine = rc == 0 ? rt_map_get(targets, hk->o.target_name) : NULL;
				if (mine && mine->type != RT_MAP)
					mine = NULL;      /* an empty table */
			}
			for (size_t i = 0; rc == 0 && mine && i < rt_map_len(mine); i++) {
				const char *name = rt_map_key(mine, i);
				struct rt_value *s = NULL;
				struct hook *h;
				char *what = rt_xstrfmt("build_hooks.targets.%s.%s",
							hk->o.target_name, name);
				if (check_name(name, where.buf, err) < 0 ||
				    settings_of(rt_map_val(mine, i), where.buf, what, &s, err) < 0)
					rc = -1;
				free(what);
				if (rc < 0)
					break;
				h = add_hook(hk, name, where.buf);
				merge_into(&h->target, s);
			}
		}
	} else {
		rc = rt_error(err, "%s: attribute 'build_hooks' must be a list of hook names or a "
			      "table of hook settings (got %s)", where.buf,
			      rt_value_type_name(bh->type));
	}
	rt_buf_release(&where);
	return rc;
}

static int collect(struct hk_build *hk, struct rt_error *err)
{
	const struct rt_value *site = hk->o.cfg ? rt_config_str_list(hk->o.cfg, "build_hooks") : NULL;
	const struct rt_value *plug = hk->o.cfg ? rt_config_get(hk->o.cfg, "plugins.build_hook")
						: NULL;
	for (size_t i = 0; site && i < rt_list_len(site); i++) {
		const char *name = rt_value_as_str(rt_list_at(site, i));
		if (check_name(name, "setting 'build_hooks'", err) < 0)
			return -1;
		add_hook(hk, name, "setting 'build_hooks'");
	}
	if (collect_package(hk, err) < 0)
		return -1;
	for (size_t i = 0; plug && plug->type == RT_MAP && i < hk->n; i++) {
		const struct rt_value *s = rt_map_get(plug, hk->hooks[i].name);
		if (!s)
			continue;
		if (s->type != RT_MAP)
			return rt_error(err, "setting 'plugins.build_hook.%s' must be a mapping (got "
					"%s)", hk->hooks[i].name, rt_value_type_name(s->type));
		hk->hooks[i].site = rt_value_copy(s);
	}
	return 0;
}

/* Finds NAME.lua in build_hook_path, else a shipped hook; reads it into text. */
static int find_module(struct hk_build *hk, struct hook *h, struct rt_buf *text,
		       struct rt_error *err)
{
	const struct rt_value *dirs = hk->o.cfg ? rt_config_path_list(hk->o.cfg, "build_hook_path")
						: NULL;
	struct rt_buf searched = RT_BUF_INIT;
	for (size_t i = 0; dirs && i < rt_list_len(dirs); i++) {
		const char *d = rt_value_as_str(rt_list_at(dirs, i));
		char *p = rt_xstrfmt("%s/%s.lua", d, h->name);
		struct stat st;
		if (stat(p, &st) == 0 && S_ISREG(st.st_mode)) {
			rt_buf_release(&searched);
			if (rt_buf_read_file(text, p, (size_t)16 << 20) < 0) {
				rt_error(err, "%s: build hook '%s' (load): cannot read: %s", p,
					 h->name, strerror(errno));
				free(p);
				return -1;
			}
			h->file = p;
			return 0;
		}
		free(p);
		rt_buf_addf(&searched, "%s%s", searched.len ? ", " : "", d);
	}
	for (size_t i = 0; i < RT_ARRAY_LEN(shipped); i++)
		if (rt_streq(shipped[i].name, h->name)) {
			rt_buf_release(&searched);
			rt_buf_add(text, shipped[i].text, *shipped[i].len);
			h->file = rt_xstrfmt("hooks/build/%s.lua", h->name);
			return 0;
		}
	rt_error(err, "%s: build hook '%s' (load): unknown build hook (no %s.lua in "
		 "build_hook_path%s%s%s; shipped hooks: custom, version_file)", h->named_at, h->name,
		 h->name, searched.len ? " [" : " (empty)", searched.buf, searched.len ? "]" : "");
	rt_buf_release(&searched);
	return -1;
}

static int set_enabled(struct hook *h, struct rt_error *err)
{
	const struct rt_value *ebd = h->config ? rt_map_get(h->config, "enable_by_default") : NULL;
	struct rt_buf var = RT_BUF_INIT;
	int rc = 0;

	h->enabled = 1;
	if (ebd && ebd->type != RT_BOOL)
		return rt_error(err, "%s: build hook '%s' (load): setting 'enable_by_default' must "
				"be true or false (got %s)", h->named_at, h->name,
				rt_value_type_name(ebd->type));
	if (ebd)
		h->enabled = ebd->u.b;
	rt_buf_adds(&var, "REZ_BUILD_HOOK_ENABLE_");
	for (const char *p = h->name; *p; p++)
		rt_buf_addch(&var, *p == '-' ? '_' : toupper((unsigned char)*p));
	rc = env_bool(var.buf, &h->enabled, err);
	rt_buf_release(&var);
	return rc;
}

static int load_all(struct hk_build *hk, struct rt_error *err)
{
	for (size_t i = 0; i < hk->n; i++) {
		struct hook *h = &hk->hooks[i];
		struct rt_buf text = RT_BUF_INIT;
		struct load ld = { hk, i, NULL, 0, NULL };
		int rc;

		if (find_module(hk, h, &text, err) < 0) {
			rt_buf_release(&text);
			return -1;
		}
		ld.text = text.buf;
		ld.len = text.len;
		lua_pushcfunction(hk->L, load_module);
		lua_pushlightuserdata(hk->L, &ld);
		rc = li_state_pcall(hk->L, 1, 0, err);
		rt_buf_release(&text);
		if (rc < 0) {
			rt_value_free(ld.defaults);
			return hook_error(err, h->name, "load", h->file);
		}
		h->config = ld.defaults ? ld.defaults : rt_value_map();
		merge_into(&h->config, h->site ? rt_value_copy(h->site) : NULL);
		merge_into(&h->config, h->pkg ? rt_value_copy(h->pkg) : NULL);
		merge_into(&h->config, h->target ? rt_value_copy(h->target) : NULL);
		if (set_enabled(h, err) < 0)
			return -1;
		if (!h->enabled)
			continue;
		lua_pushcfunction(hk->L, delegate_module);
		lua_pushlightuserdata(hk->L, &ld);
		if (li_state_pcall(hk->L, 1, 0, err) < 0)
			return hook_error(err, h->name, "load", h->file);
		lua_pushcfunction(hk->L, locate_phases);
		lua_pushlightuserdata(hk->L, &ld);
		if (li_state_pcall(hk->L, 1, 0, err) < 0)
			return hook_error(err, h->name, "load", h->file);
		rt_list_push(hk->names, rt_value_str(h->name));
	}
	return 0;
}

struct hk_build *hk_build_new(const struct hk_build_opts *opts, struct rt_error *err)
{
	struct hk_build *hk = rt_xcalloc(1, sizeof(*hk));
	struct li_limits lim = LI_LIMITS_DEFAULT;
	struct setup s = { hk };

	hk->o = *opts;
	if (!hk->o.target_name)
		hk->o.target_name = "local";
	hk->names = rt_value_list();
	hk->roots.base = opts->source_root;
	hk->roots.paths[0] = opts->source_root;
	hk->roots.paths[1] = opts->build_dir;
	if (opts->no_hooks)
		return hk;
	if (collect(hk, err) < 0)
		goto fail;
	if (hk->n == 0)
		return hk;
	if (opts->cfg) {
		lim.max_instructions = rt_config_int(opts->cfg, "sandbox_max_instructions");
		lim.max_memory = (size_t)rt_config_int(opts->cfg, "sandbox_max_memory");
	}
	lim.trusted = 0;    /* hooks get fs/proc, never io and the full os */
	hk->L = li_state_new(&lim, err);
	if (!hk->L)
		goto fail;
	lua_pushcfunction(hk->L, setup_state);
	lua_pushlightuserdata(hk->L, &s);
	if (li_state_pcall(hk->L, 1, 0, err) < 0 || load_all(hk, err) < 0)
		goto fail;
	return hk;
fail:
	hk_build_free(hk);
	return NULL;
}

void hk_build_free(struct hk_build *hk)
{
	if (!hk)
		return;
	li_state_close(hk->L);
	for (size_t i = 0; i < hk->n; i++) {
		struct hook *h = &hk->hooks[i];
		free(h->name);
		free(h->file);
		free(h->named_at);
		rt_value_free(h->site);
		rt_value_free(h->pkg);
		rt_value_free(h->target);
		rt_value_free(h->config);
		for (int p = 0; p < PH_N; p++)
			free(h->phase_file[p]);
	}
	free(hk->hooks);
	rt_value_free(hk->names);
	free(hk);
}

const struct rt_value *hk_build_names(const struct hk_build *hk)
{
	return hk->names;
}

/* ---- running a phase ---- */

struct call {
	struct hk_build *hk;
	struct hook *h;
	size_t module;               /* index into MODULES_KEY (0-based) */
	enum phase phase;
	const struct hk_build_variant *v;
	const char *artifact_path;
	const int *indices;
	size_t n_indices;
	struct rt_value *reqs;       /* dependencies: appended to */
	struct rt_value *out;        /* initialize/finalize: build_data after this hook */
	struct li_pkg pkg;
};

static void push_variant(lua_State *L, const struct call *c)
{
	const struct hk_build_variant *v = c->v;
	lua_createtable(L, 0, 5);                                  /* t */
	lua_pushinteger(L, v->index);
	lua_setfield(L, -2, "index");
	lua_pushstring(L, v->subpath ? v->subpath : "");
	lua_setfield(L, -2, "subpath");
	if (v->requires)
		li_bind_value(L, v->requires);
	else
		lua_newtable(L);
	make_readonly(L, "variant.requires");
	lua_setfield(L, -2, "requires");
	lua_pushstring(L, v->build_path);
	lua_setfield(L, -2, "build_path");
	if (v->install_path) {
		lua_pushstring(L, v->install_path);
		lua_setfield(L, -2, "install_path");
	}
	make_readonly(L, "variant");                               /* proxy */
}

/* Pushes the hook object `self`. */
static void push_self(lua_State *L, struct call *c)
{
	struct hk_build *hk = c->hk;
	const struct hk_build_variant *v = c->v;
	const struct rt_value *pkg = v && v->package ? v->package : hk->o.package;
	int t;

	lua_createtable(L, 0, 9);                                  /* t */
	t = lua_gettop(L);
	lua_pushstring(L, c->h->name);
	lua_setfield(L, t, "name");
	lua_pushstring(L, hk->o.source_root);
	lua_setfield(L, t, "root");
	li_bind_value(L, c->h->config);
	make_readonly(L, "self.config");
	lua_setfield(L, t, "config");
	lua_pushstring(L, v ? v->build_path : hk->o.build_dir);
	lua_setfield(L, t, "directory");
	lua_pushstring(L, hk->o.target_name);
	lua_setfield(L, t, "target_name");
	if (pkg) {
		memset(&c->pkg, 0, sizeof(c->pkg));
		c->pkg.name = rt_value_as_str(rt_map_get(pkg, "name"));
		c->pkg.version = rt_value_as_str(rt_map_get(pkg, "version"));
		if (!c->pkg.name)
			c->pkg.name = "";
		if (!c->pkg.version)
			c->pkg.version = "";
		c->pkg.root = v ? (v->install_path ? v->install_path : v->build_path)
				: hk->o.source_root;
		c->pkg.base = hk->o.source_root;
		c->pkg.uri = hk->o.package_file ? hk->o.package_file : hk->o.source_root;
		c->pkg.variant_index = v ? v->index : -1;
		c->pkg.data = pkg;
		li_bind_handles_new(L);                            /* t H */
		lua_pushvalue(L, -1);
		lua_setfield(L, LUA_REGISTRYINDEX, HANDLES_KEY);
		li_bind_variant(L, &c->pkg, NULL, lua_gettop(L));  /* t H pkg */
		lua_setfield(L, t, "package");
		lua_pop(L, 1);                                     /* t */
	}
	if (v) {
		push_variant(L, c);
		lua_setfield(L, t, "variant");
	}
	lua_createtable(L, 0, 4);                                  /* t build */
	lua_pushstring(L, hk->o.target_name);
	lua_setfield(L, -2, "build_type");
	lua_pushboolean(L, hk->o.install);
	lua_setfield(L, -2, "install");
	lua_pushstring(L, v ? v->build_path : hk->o.build_dir);
	lua_setfield(L, -2, "build_path");
	if (v && v->install_path) {
		lua_pushstring(L, v->install_path);
		lua_setfield(L, -2, "install_path");
	}
	make_readonly(L, "self.build");
	lua_setfield(L, t, "build");
	make_readonly(L, "self");                                  /* self */
}

/* Checks the fields the build acts on; NULL or a message (malloc'd). */
static char *check_data(const struct call *c, const struct rt_value *d)
{
	static const struct { const char *key; enum rt_type type; int values_str; } fields[] = {
		{ "artifacts", RT_LIST, 1 },
		{ "force_include", RT_MAP, 1 },
		{ "env", RT_MAP, 1 },
		{ "build_args", RT_LIST, 1 },
	};
	const struct rt_value *fi;
	if (d->type != RT_MAP)
		return rt_xstrdup("build_data must be a table");
	if (rt_map_get(d, "build_hooks"))
		return rt_xstrdup("build_data.build_hooks is read-only");
	for (size_t i = 0; i < RT_ARRAY_LEN(fields); i++) {
		const struct rt_value *f = rt_map_get(d, fields[i].key);
		if (!f)
			return rt_xstrfmt("build_data.%s was removed", fields[i].key);
		if (f->type != fields[i].type)
			return rt_xstrfmt("build_data.%s must be a %s (got %s)", fields[i].key,
					  fields[i].type == RT_LIST ? "list" : "table of names",
					  rt_value_type_name(f->type));
		for (size_t j = 0; j < (f->type == RT_LIST ? rt_list_len(f) : rt_map_len(f)); j++) {
			const struct rt_value *it = f->type == RT_LIST ? rt_list_at(f, j)
								     : rt_map_val(f, j);
			if (it->type != RT_STR)
				return rt_xstrfmt("build_data.%s must hold strings (got %s)",
						  fields[i].key, rt_value_type_name(it->type));
		}
	}
	for (size_t j = 0; j < rt_list_len(rt_map_get(d, "artifacts")); j++) {
		const char *pat = rt_value_as_str(rt_list_at(rt_map_get(d, "artifacts"), j));
		if (!rt_build_rel_safe(pat))
			return rt_xstrfmt("artifacts pattern '%s' escapes the build path", pat);
	}
	fi = rt_map_get(d, "force_include");
	for (size_t j = 0; j < rt_map_len(fi); j++) {
		const char *src = rt_map_key(fi, j), *dst = rt_value_as_str(rt_map_val(fi, j));
		char *abs = src[0] == '/' ? rt_xstrdup(src)
					  : rt_xstrfmt("%s/%s", c->hk->o.source_root, src);
		struct stat st;
		int missing = stat(abs, &st) != 0;
		free(abs);
		if (missing)
			return rt_xstrfmt("force_include source '%s' does not exist", src);
		if (!rt_build_rel_safe(dst))
			return rt_xstrfmt("force_include destination '%s' escapes the install path",
					  dst);
	}
	for (size_t j = 0; j < rt_map_len(rt_map_get(d, "env")); j++) {
		const char *k = rt_map_key(rt_map_get(d, "env"), j);
		if (!*k || strchr(k, '='))
			return rt_xstrfmt("build_data.env has an invalid variable name '%s'", k);
	}
	return NULL;
}

/* The phase function of one hook, run inside li_state_pcall. */
static int run_hook(lua_State *L)
{
	struct call *c = lua_touserdata(L, 1);
	int nargs = 0;
	lua_settop(L, 0);
	lua_getfield(L, LUA_REGISTRYINDEX, MODULES_KEY);              /* mods */
	lua_rawgeti(L, 1, (lua_Integer)c->module + 1);                 /* mods mod */
	if (lua_getfield(L, 2, phase_names[c->phase]) != LUA_TFUNCTION)  /* mods mod fn */
		return 0;
	push_self(L, c);                                               /* ... fn self */
	switch (c->phase) {
	case PH_DEPENDENCIES:
		break;
	case PH_CLEAN:
		lua_createtable(L, (int)c->n_indices, 0);
		for (size_t i = 0; i < c->n_indices; i++) {
			lua_pushinteger(L, c->indices[i]);
			lua_rawseti(L, -2, (lua_Integer)i + 1);
		}
		nargs = 1;
		break;
	case PH_INITIALIZE:
	case PH_FINALIZE:
		push_variant(L, c);
		lua_getfield(L, LUA_REGISTRYINDEX, DATA_KEY);
		nargs = 2;
		if (c->phase == PH_FINALIZE) {
			lua_pushstring(L, c->artifact_path);
			nargs = 3;
		}
		break;
	case PH_N:
		break;
	}
	lua_call(L, 1 + nargs, 1);                                     /* mods mod ret */
	if (c->phase == PH_DEPENDENCIES) {
		lua_Integer n;
		if (lua_isnil(L, 3))
			return 0;
		if (!lua_istable(L, 3))
			return luaL_error(L, "dependencies() must return a list of requirement "
					  "strings (got %s)", luaL_typename(L, 3));
		n = (lua_Integer)lua_rawlen(L, 3);
		for (lua_Integer i = 1; i <= n; i++) {
			struct rt_error e = RT_ERROR_INIT;
			struct rt_request *r;
			const char *s;
			if (lua_rawgeti(L, 3, i) != LUA_TSTRING)
				return luaL_error(L, "dependencies() must return a list of "
						  "requirement strings (item %d is a %s)", (int)i,
						  luaL_typename(L, -1));
			s = lua_tostring(L, -1);
			r = rt_request_parse(s, &e);
			if (!r) {
				char msg[1024];
				snprintf(msg, sizeof msg, "dependencies() returned an invalid "
					 "requirement '%s': %s", s, rt_error_msg(&e));
				rt_error_release(&e);
				return luaL_error(L, "%s", msg);
			}
			rt_request_free(r);
			rt_list_push(c->reqs, rt_value_str(s));
			lua_pop(L, 1);
		}
	} else if (c->phase == PH_INITIALIZE || c->phase == PH_FINALIZE) {
		struct rt_value *d;
		char *bad;
		lua_getfield(L, LUA_REGISTRYINDEX, DATA_KEY);          /* ... data */
		d = to_value(L, -1, "build_data");
		/* empty tables read back as maps: the list fields stay lists */
		for (size_t i = 0; i < rt_map_len(d); i++) {
			const char *k = rt_map_key(d, i);
			struct rt_value *f = rt_map_val(d, i);
			if ((rt_streq(k, "artifacts") || rt_streq(k, "build_args")) &&
			    f->type == RT_MAP && rt_map_len(f) == 0)
				rt_map_set(d, k, rt_value_list());
		}
		bad = check_data(c, d);
		if (bad) {
			char msg[1024];
			snprintf(msg, sizeof msg, "%s", bad);
			rt_value_free(d);
			free(bad);
			return luaL_error(L, "%s", msg);
		}
		rt_value_free(c->out);
		c->out = d;
	}
	return 0;
}

static int invalidate(lua_State *L)
{
	if (lua_getfield(L, LUA_REGISTRYINDEX, HANDLES_KEY) == LUA_TTABLE)
		li_bind_invalidate(L, -1);
	lua_pushnil(L);
	lua_setfield(L, LUA_REGISTRYINDEX, HANDLES_KEY);
	return 0;
}

static int data_index_hooks(lua_State *L)
{
	/* __index(t, k): only build_hooks lives here */
	if (lua_type(L, 2) == LUA_TSTRING && rt_streq(lua_tostring(L, 2), "build_hooks")) {
		lua_pushvalue(L, lua_upvalueindex(1));
		return 1;
	}
	return 0;
}

static int data_newindex(lua_State *L)
{
	if (lua_type(L, 2) == LUA_TSTRING && rt_streq(lua_tostring(L, 2), "build_hooks"))
		return luaL_error(L, "build_data.build_hooks is read-only");
	lua_rawset(L, 1);
	return 0;
}

/* Stores the Lua form of build_data (registry DATA_KEY) for the hooks of a phase. */
static int push_data(lua_State *L)
{
	struct call *c = lua_touserdata(L, 1);
	const struct rt_value *d = lua_touserdata(L, 2);
	lua_settop(L, 0);
	lua_createtable(L, 0, (int)rt_map_len(d));                     /* data */
	for (size_t i = 0; i < rt_map_len(d); i++) {
		if (rt_streq(rt_map_key(d, i), "build_hooks"))
			continue;
		li_bind_value(L, rt_map_val(d, i));
		lua_setfield(L, 1, rt_map_key(d, i));
	}
	lua_createtable(L, 0, 2);                                      /* data mt */
	li_bind_value(L, c->hk->names);
	make_readonly(L, "build_data.build_hooks");                    /* data mt hooks */
	lua_pushcclosure(L, data_index_hooks, 1);
	lua_setfield(L, 2, "__index");
	lua_pushcfunction(L, data_newindex);
	lua_setfield(L, 2, "__newindex");
	lua_setmetatable(L, 1);                                        /* data */
	lua_setfield(L, LUA_REGISTRYINDEX, DATA_KEY);
	return 0;
}

static int clear_data(lua_State *L)
{
	lua_pushnil(L);
	lua_setfield(L, LUA_REGISTRYINDEX, DATA_KEY);
	return 0;
}

static void run_cleanup(lua_State *L, lua_CFunction f)
{
	struct rt_error e = RT_ERROR_INIT;
	lua_pushcfunction(L, f);
	li_state_pcall(L, 0, 0, &e);    /* cannot fail but for memory; nothing to report then */
	rt_error_release(&e);
}

/* Runs `phase` of every enabled hook in order. */
static int run_phase(struct hk_build *hk, struct call *proto, struct rt_error *err)
{
	for (size_t i = 0; i < hk->n; i++) {
		struct hook *h = &hk->hooks[i];
		struct call c = *proto;
		char *loc;
		int rc;
		if (!h->enabled || !h->phase_file[proto->phase])
			continue;
		c.h = h;
		c.module = i;
		c.out = NULL;
		lua_pushcfunction(hk->L, run_hook);
		lua_pushlightuserdata(hk->L, &c);
		rc = li_state_pcall(hk->L, 1, 0, err);
		run_cleanup(hk->L, invalidate);
		if (rc < 0) {
			rt_value_free(c.out);
			loc = rt_xstrfmt("%s:%d", h->phase_file[proto->phase],
					 h->phase_line[proto->phase]);
			hook_error(err, h->name, phase_names[proto->phase], loc);
			free(loc);
			return -1;
		}
		if (c.out) {
			rt_value_free(proto->out);
			proto->out = c.out;
		}
	}
	return 0;
}

int hk_build_dependencies(struct hk_build *hk, struct rt_value *reqs, struct rt_error *err)
{
	struct call c;
	struct rt_value *mine = rt_value_list();
	if (!hk->L) {
		rt_value_free(mine);
		return 0;
	}
	memset(&c, 0, sizeof(c));
	c.hk = hk;
	c.phase = PH_DEPENDENCIES;
	c.reqs = mine;
	if (run_phase(hk, &c, err) < 0) {
		rt_value_free(mine);
		return -1;
	}
	for (size_t i = 0; i < rt_list_len(mine); i++)
		rt_list_push(reqs, rt_value_copy(rt_list_at(mine, i)));
	rt_value_free(mine);
	return 0;
}

int hk_build_clean(struct hk_build *hk, const int *indices, size_t n, struct rt_error *err)
{
	struct call c;
	if (!hk->L)
		return 0;
	memset(&c, 0, sizeof(c));
	c.hk = hk;
	c.phase = PH_CLEAN;
	c.indices = indices;
	c.n_indices = n;
	return run_phase(hk, &c, err);
}

/* Fills in the fields every build_data has. */
static struct rt_value *normalized(const struct hk_build *hk, const struct rt_value *d)
{
	struct rt_value *out = d && d->type == RT_MAP ? rt_value_copy(d) : rt_value_map();
	static const char *const lists[] = { "artifacts", "build_args" };
	static const char *const maps[] = { "force_include", "env" };
	for (size_t i = 0; i < RT_ARRAY_LEN(lists); i++)
		if (!rt_map_get(out, lists[i]))
			rt_map_set(out, lists[i], rt_value_list());
	for (size_t i = 0; i < RT_ARRAY_LEN(maps); i++)
		if (!rt_map_get(out, maps[i]))
			rt_map_set(out, maps[i], rt_value_map());
	rt_map_set(out, "build_hooks", rt_value_copy(hk->names));
	return out;
}

/* Replaces the contents of map `dst` by those of `src` (consumed). */
static void replace_map(struct rt_value *dst, struct rt_value *src)
{
	struct rt_value tmp = *dst;
	int line = dst->line;
	*dst = *src;
	dst->line = line;
	*src = tmp;
	rt_value_free(src);
}

static int data_phase(struct hk_build *hk, enum phase phase, const struct hk_build_variant *v,
		      struct rt_value *build_data, const char *artifact_path,
		      struct rt_error *err)
{
	struct call c;
	struct rt_value *d = normalized(hk, build_data);
	const char *install_path = v->install_path;
	int rc;

	if (!hk->L) {
		replace_map(build_data, d);
		return 0;
	}
	memset(&c, 0, sizeof(c));
	c.hk = hk;
	c.phase = phase;
	c.v = v;
	c.artifact_path = artifact_path;
	hk->roots.paths[2] = v->build_path;
	hk->roots.paths[3] = install_path ? install_path : artifact_path;
	lua_pushcfunction(hk->L, push_data);
	lua_pushlightuserdata(hk->L, &c);
	lua_pushlightuserdata(hk->L, d);
	if (li_state_pcall(hk->L, 2, 0, err) < 0) {
		rt_value_free(d);
		hk->roots.paths[2] = hk->roots.paths[3] = NULL;
		return -1;
	}
	rc = run_phase(hk, &c, err);
	run_cleanup(hk->L, clear_data);
	hk->roots.paths[2] = hk->roots.paths[3] = NULL;
	if (rc < 0) {
		rt_value_free(c.out);
		rt_value_free(d);
		return -1;
	}
	if (c.out) {
		rt_value_free(d);
		d = c.out;
		rt_map_set(d, "build_hooks", rt_value_copy(hk->names));
	}
	replace_map(build_data, d);
	return 0;
}

int hk_build_initialize(struct hk_build *hk, const struct hk_build_variant *v,
			struct rt_value *build_data, struct rt_error *err)
{
	return data_phase(hk, PH_INITIALIZE, v, build_data, NULL, err);
}

int hk_build_finalize(struct hk_build *hk, const struct hk_build_variant *v,
		      struct rt_value *build_data, const char *artifact_path,
		      struct rt_error *err)
{
	return data_phase(hk, PH_FINALIZE, v, build_data, artifact_path, err);
}
