/* include.c - @include modules: lookup, loading in the sandbox, binding (see include.h). */
#include "runtime/common.h"
#include "interp/include.h"
#include "interp/bind.h"
#include "interp/freeze.h"
#include "interp/load.h"
#include "interp/pyread.h"
#include "interp/state.h"
#include "runtime/buf.h"
#include "runtime/build/build.h"
#include "runtime/sha1.h"
#include "runtime/value.h"

#include <errno.h>
#include <lauxlib.h>
#include <sys/stat.h>

#define PATH_KEY "rez.include.path"        /* list of search directories */
#define CACHE_KEY "rez.include.cache"      /* file path -> module view */
#define LOADING_KEY "rez.include.loading"  /* list of module names being loaded (a stack) */
#define TEXT_MT "rez.include.text"         /* userdata owning a file's text while loading */

/* ---- names and files (C only) ---- */

int li_include_name_valid(const char *name, const char **why)
{
	const char *p = name;
	const char *dummy;
	if (!why)
		why = &dummy;
	if (!*name)
		return *why = "empty name", 0;
	if (strchr(name, '/') || strchr(name, '\\'))
		return *why = "module names cannot contain path separators", 0;
	if (strstr(name, ".."))
		return *why = "module names cannot contain '..'", 0;
	for (;;) {
		/* one component: [A-Za-z_][A-Za-z0-9_]* */
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '_'))
			return *why = "expected a name like 'util' or 'studio.paths' ([A-Za-z_]"
				      "[A-Za-z0-9_]* separated by dots)", 0;
		while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '_' ||
		       (*p >= '0' && *p <= '9'))
			p++;
		if (!*p)
			return 1;
		if (*p != '.')
			return *why = "expected a name like 'util' or 'studio.paths' ([A-Za-z_]"
				      "[A-Za-z0-9_]* separated by dots)", 0;
		p++;
	}
}

static int is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* "<dir>/<name with dots as slashes><ext>" */
static char *module_file(const char *dir, const char *name, const char *ext)
{
	struct rt_buf b = RT_BUF_INIT;
	rt_buf_adds(&b, dir);
	if (b.len && b.buf[b.len - 1] != '/')
		rt_buf_addch(&b, '/');
	for (const char *p = name; *p; p++)
		rt_buf_addch(&b, *p == '.' ? '/' : *p);
	rt_buf_adds(&b, ext);
	return rt_buf_detach(&b, NULL);
}

/* The installed copy of a module (rez build -i) has a .sha1 beside it: the hex SHA-1 of
 * the file's text without leading and trailing white space. A copy edited after the install
 * no longer matches: an error, so a package never runs other code than it was built with. */
static int check_sha1(const char *path, struct rt_error *err)
{
	struct rt_buf sumf = RT_BUF_INIT, sum = RT_BUF_INIT, text = RT_BUF_INIT;
	char hex[RT_SHA1_HEX_LEN + 1];
	int rc = 0;
	rt_buf_add(&sumf, path, strrchr(path, '.') - path);     /* x.lua or x.py */
	rt_buf_adds(&sumf, ".sha1");
	if (rt_buf_read_file(&sum, sumf.buf, 4096) < 0) {
		rt_buf_release(&sumf);
		return 0;          /* no checksum: a hand-made copy */
	}
	if (rt_buf_read_file(&text, path, (size_t)64 << 20) < 0) {
		rc = rt_error(err, "cannot read include module '%s': %s", path, strerror(errno));
		goto out;
	}
	rt_build_include_sha1(text.buf, text.len, hex);
	while (sum.len && strchr(" \t\r\n", sum.buf[sum.len - 1]))
		rt_buf_setlen(&sum, sum.len - 1);
	if (!rt_streq(sum.buf, hex))
		rc = rt_error(err, "include module '%s' was changed after it was installed (its SHA-1 "
			      "%s does not match %s)", path, hex, sumf.buf);
out:
	rt_buf_release(&sumf);
	rt_buf_release(&sum);
	rt_buf_release(&text);
	return rc;
}

char *li_include_resolve(const char *name, const char *pkg_base, const char *const *dirs,
			 size_t n_dirs, struct rt_error *err)
{
	static const char *const exts[] = { ".lua", ".py" };
	const char *why;
	struct rt_buf rel = RT_BUF_INIT, where = RT_BUF_INIT;
	char *path;

	if (!li_include_name_valid(name, &why)) {
		rt_error(err, "invalid module name '%s': %s", name, why);
		return NULL;
	}
	/* In each place, name.lua, else name.py (a module of Rez's, read through pyread). */
	if (pkg_base) {
		char *dir = rt_xstrfmt("%s/%s", pkg_base, LI_INCLUDE_SUBDIR);
		for (size_t e = 0; e < RT_ARRAY_LEN(exts); e++) {
			path = module_file(dir, name, exts[e]);
			if (is_file(path)) {
				free(dir);
				if (check_sha1(path, err) < 0) {
					free(path);
					return NULL;
				}
				return path;
			}
			free(path);
		}
		free(dir);
	}
	for (size_t i = 0; i < n_dirs; i++) {
		if (!dirs[i][0])
			continue;
		for (size_t e = 0; e < RT_ARRAY_LEN(exts); e++) {
			path = module_file(dirs[i], name, exts[e]);
			if (is_file(path))
				return path;
			free(path);
		}
	}
	path = module_file("", name, ".lua");
	rt_buf_adds(&rel, path[0] == '/' ? path + 1 : path);
	free(path);
	for (size_t i = 0; i < n_dirs; i++) {
		if (where.len)
			rt_buf_addch(&where, ':');
		rt_buf_adds(&where, dirs[i]);
	}
	if (pkg_base)
		rt_error(err, "no file %s was found in %s/%s or on package_definition_lua_path: %s",
			 rel.buf, pkg_base, LI_INCLUDE_SUBDIR, where.len ? where.buf : "(empty)");
	else
		rt_error(err, "no file %s was found on package_definition_lua_path: %s", rel.buf,
			 where.len ? where.buf : "(empty)");
	rt_buf_release(&rel);
	rt_buf_release(&where);
	return NULL;
}

static int list_has(const struct rt_value *list, const char *s)
{
	for (size_t i = 0; i < rt_list_len(list); i++)
		if (rt_streq(rt_value_as_str(rt_list_at(list, i)), s))
			return 1;
	return 0;
}

void li_include_collect(const struct rt_value *data, struct rt_value *out)
{
	if (data->type == RT_FUNC) {
		for (size_t i = 0; i < data->u.fn->n_includes; i++)
			if (!list_has(out, data->u.fn->includes[i]))
				rt_list_push(out, rt_value_str(data->u.fn->includes[i]));
	} else if (data->type == RT_MAP) {
		for (size_t i = 0; i < rt_map_len(data); i++)
			li_include_collect(rt_map_val(data, i), out);
	}
}

/* The strings of an RT_LIST as a NULL-terminated array of borrowed pointers (caller frees
 * the array only). */
static const char **dir_array(const struct rt_value *dirs, size_t *n)
{
	size_t len = dirs && dirs->type == RT_LIST ? rt_list_len(dirs) : 0;
	const char **v = rt_xcalloc(len + 1, sizeof(*v));
	*n = 0;
	for (size_t i = 0; i < len; i++) {
		const char *s = rt_value_as_str(rt_list_at(dirs, i));
		if (s)
			v[(*n)++] = s;
	}
	return v;
}

static int validate(const struct rt_value *v, const char *const *dirs, size_t n,
		    struct rt_error *err)
{
	if (v->type == RT_MAP) {
		for (size_t i = 0; i < rt_map_len(v); i++)
			if (validate(rt_map_val(v, i), dirs, n, err) < 0)
				return -1;
	} else if (v->type == RT_FUNC) {
		const struct rt_func *fn = v->u.fn;
		for (size_t i = 0; i < fn->n_includes; i++) {
			struct rt_error e = RT_ERROR_INIT;
			char *path = li_include_resolve(fn->includes[i], NULL, dirs, n, &e);
			if (!path) {
				rt_error(err, "%s:%d: @include decorator requests module '%s', but %s",
					 fn->file ? fn->file : "?", fn->first_line > 0 ? fn->first_line : 1,
					 fn->includes[i], rt_error_msg(&e));
				rt_error_release(&e);
				return -1;
			}
			free(path);
		}
	}
	return 0;
}

int li_include_validate(const struct rt_value *data, const struct rt_value *dirs,
			struct rt_error *err)
{
	size_t n;
	const char **v = dir_array(dirs, &n);
	int rc = validate(data, v, n, err);
	free(v);
	return rc;
}

/* ---- the search path ---- */

static int set_path_pmain(lua_State *L)
{
	const struct rt_value *dirs = lua_touserdata(L, 1);
	lua_newtable(L);                                            /* dirs t */
	if (dirs && dirs->type == RT_LIST)
		for (size_t i = 0; i < rt_list_len(dirs); i++) {
			const char *s = rt_value_as_str(rt_list_at(dirs, i));
			if (!s)
				continue;
			lua_pushstring(L, s);
			lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
		}
	lua_setfield(L, LUA_REGISTRYINDEX, PATH_KEY);              /* dirs */
	return 0;
}

int li_include_set_path(lua_State *L, const struct rt_value *dirs, struct rt_error *err)
{
	lua_pushcfunction(L, set_path_pmain);
	lua_pushlightuserdata(L, (void *)(uintptr_t)dirs);
	return li_state_pcall(L, 1, 0, err);
}

/* ---- read-only views ---- */

static int ro_newindex(lua_State *L)
{
	return luaL_error(L, "cannot assign '%s': %s is read-only",
			  lua_type(L, 2) == LUA_TSTRING ? lua_tostring(L, 2) : "?",
			  lua_tostring(L, lua_upvalueindex(1)));
}

static int ro_len(lua_State *L)
{
	lua_pushinteger(L, (lua_Integer)lua_rawlen(L, lua_upvalueindex(1)));
	return 1;
}

static int ro_pairs(lua_State *L)
{
	lua_getglobal(L, "next");                                   /* next */
	if (!lua_isfunction(L, -1))
		return luaL_error(L, "'next' is not available");
	lua_pushvalue(L, lua_upvalueindex(1));                      /* next t */
	lua_pushnil(L);                                             /* next t nil */
	return 3;
}

void li_include_readonly(lua_State *L, int idx, const char *what)
{
	idx = lua_absindex(L, idx);
	lua_newtable(L);                                            /* proxy */
	lua_createtable(L, 0, 5);                                   /* proxy mt */
	lua_pushvalue(L, idx);
	lua_setfield(L, -2, "__index");
	lua_pushstring(L, what);
	lua_pushcclosure(L, ro_newindex, 1);
	lua_setfield(L, -2, "__newindex");
	lua_pushvalue(L, idx);
	lua_pushcclosure(L, ro_len, 1);
	lua_setfield(L, -2, "__len");
	lua_pushvalue(L, idx);
	lua_pushcclosure(L, ro_pairs, 1);
	lua_setfield(L, -2, "__pairs");
	lua_pushboolean(L, 0);
	lua_setfield(L, -2, "__metatable");
	lua_setmetatable(L, -2);                                    /* proxy */
}

/* ---- loading modules ---- */

static int text_gc(lua_State *L)
{
	struct rt_buf *b = lua_touserdata(L, 1);
	rt_buf_release(b);
	return 0;
}

/* A fresh rt_buf owned by a userdata (style: no bare malloc across a raise). [-0, +1] */
static struct rt_buf *push_text_box(lua_State *L)
{
	struct rt_buf *b = lua_newuserdatauv(L, sizeof(*b), 0);
	rt_buf_init(b, 0);
	if (luaL_newmetatable(L, TEXT_MT)) {
		lua_pushcfunction(L, text_gc);
		lua_setfield(L, -2, "__gc");
		lua_pushcfunction(L, text_gc);
		lua_setfield(L, -2, "__close");
	}
	lua_setmetatable(L, -2);
	return b;
}

static int invalid_package(lua_State *L)
{
	const char *msg = luaL_checkstring(L, 1);
	luaL_where(L, 1);
	lua_pushfstring(L, "invalid package: %s", msg);
	lua_concat(L, 2);
	return lua_error(L);
}

/* require() inside a module. Upvalue 1: the package base (string) or nil. */
static int module_require(lua_State *L)
{
	const char *name = luaL_checkstring(L, 1);
	luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);   /* name LOADED */
	if (lua_getfield(L, -1, name) != LUA_TNIL || rt_starts_with(name, "rez.")) {
		lua_pop(L, 2);
		lua_getglobal(L, "require");                            /* name require */
		lua_pushvalue(L, 1);
		lua_call(L, 1, 1);
		return 1;
	}
	lua_pop(L, 2);
	li_include_push(L, name, lua_tostring(L, lua_upvalueindex(1)));
	return 1;
}

/* __index of a module environment. Upvalues: 1 names table, 2 globals. */
static int module_env_index(lua_State *L)
{
	lua_pushvalue(L, 2);
	if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL)
		return 1;
	lua_pop(L, 1);
	lua_pushvalue(L, 2);
	if (lua_gettable(L, lua_upvalueindex(2)) != LUA_TNIL)
		return 1;
	return luaL_error(L, "undefined name '%s'",
			  lua_type(L, 2) == LUA_TSTRING ? lua_tostring(L, 2) : "?");
}

void li_include_push_require(lua_State *L, const char *pkg_base)
{
	if (pkg_base)
		lua_pushstring(L, pkg_base);
	else
		lua_pushnil(L);
	lua_pushcclosure(L, module_require, 1);
}

/* Pushes a module environment for a module of a package based at pkg_base (or NULL). */
static void push_module_env(lua_State *L, const char *pkg_base)
{
	lua_newtable(L);                                            /* E */
	lua_createtable(L, 0, 1);                                   /* E mt */
	lua_createtable(L, 0, 2);                                   /* E mt names */
	li_include_push_require(L, pkg_base);
	lua_setfield(L, -2, "require");
	lua_pushcfunction(L, invalid_package);
	lua_setfield(L, -2, "InvalidPackageError");
	lua_pushglobaltable(L);                                     /* E mt names G */
	lua_pushcclosure(L, module_env_index, 2);                   /* E mt f */
	lua_setfield(L, -2, "__index");
	lua_setmetatable(L, -2);                                    /* E */
}

/* Raises "include cycle: a -> b -> a" if `name` is being loaded. loading at idx. */
static void check_cycle(lua_State *L, int loading, const char *name)
{
	lua_Integer n = (lua_Integer)lua_rawlen(L, loading);
	for (lua_Integer i = 1; i <= n; i++) {
		lua_rawgeti(L, loading, i);
		if (rt_streq(lua_tostring(L, -1), name)) {
			luaL_Buffer b;
			lua_pop(L, 1);
			luaL_buffinit(L, &b);
			luaL_where(L, 1);               /* the require() call, if any */
			luaL_addvalue(&b);
			luaL_addstring(&b, "include cycle: ");
			for (lua_Integer j = i; j <= n; j++) {
				lua_rawgeti(L, loading, j);
				luaL_addvalue(&b);
				luaL_addstring(&b, " -> ");
			}
			luaL_addstring(&b, name);
			luaL_pushresult(&b);
			lua_error(L);
		}
		lua_pop(L, 1);
	}
}

/* Loads the module file `path` as `name`; pushes the module view. */
static void load_module(lua_State *L, const char *name, const char *path, const char *pkg_base)
{
	struct rt_buf *text;
	struct rt_error e = RT_ERROR_INIT;
	char *chunkname;
	int loading, env, status;

	luaL_getsubtable(L, LUA_REGISTRYINDEX, LOADING_KEY);       /* loading */
	loading = lua_gettop(L);
	check_cycle(L, loading, name);

	text = push_text_box(L);                                    /* loading box */
	if (rt_buf_read_file(text, path, LI_LOAD_MAX_FILE) < 0)
		luaL_error(L, "cannot read module '%s' (%s): %s", name, path, strerror(errno));
	if (strlen(path) > 3 && rt_streq(path + strlen(path) - 3, ".py")) {
		/* a Python module (Rez's @include): its Lua translation, line for line */
		struct rt_buf lua = RT_BUF_INIT;
		if (li_pyread_translate(text->buf, text->len, path, &lua, &e) < 0) {
			rt_buf_release(&lua);
			li_bind_raise(L, &e);
		}
		rt_buf_release(text);
		*text = lua;                                        /* the box owns it now */
	}
	luaL_getsubtable(L, LUA_REGISTRYINDEX, LI_INCLUDE_SOURCES_KEY);       /* loading box sources */
	lua_pushlstring(L, text->buf, text->len);
	lua_setfield(L, -2, path);
	lua_pop(L, 1);                                              /* loading box */
	chunkname = rt_xstrfmt("@%s", path);
	status = li_state_load(L, text->buf, text->len, chunkname, &e);
	free(chunkname);
	if (status < 0)
		li_bind_raise(L, &e);                                   /* syntax error, located */
	rt_buf_release(text);                                       /* loading box chunk */
	lua_remove(L, -2);                                          /* loading chunk */

	push_module_env(L, pkg_base);                               /* loading chunk E */
	env = lua_gettop(L);
	lua_pushvalue(L, env);
	lua_setupvalue(L, -3, 1);                                   /* chunk's _ENV = E */

	lua_pushstring(L, name);
	lua_rawseti(L, loading, (lua_Integer)lua_rawlen(L, loading) + 1);
	lua_pushvalue(L, env - 1);                                  /* loading chunk E chunk */
	status = lua_pcall(L, 0, 1, 0);                             /* loading chunk E result */
	lua_pushnil(L);
	lua_rawseti(L, loading, (lua_Integer)lua_rawlen(L, loading));
	if (status != LUA_OK)
		lua_error(L);                                       /* re-raise as it came */
	if (lua_isnil(L, -1)) {
		/* No return value: the module is the set of globals it defined. */
		lua_pop(L, 1);
		lua_newtable(L);                                    /* ... E M */
		lua_pushnil(L);
		while (lua_next(L, env)) {                          /* ... E M k v */
			lua_pushvalue(L, -2);
			lua_insert(L, -2);                          /* ... E M k k v */
			lua_rawset(L, -4);                          /* ... E M k */
		}
	} else if (!lua_istable(L, -1)) {
		luaL_error(L, "module '%s' (%s) returned a %s: a module returns a table or nothing",
			   name, path, luaL_typename(L, -1));
	}
	{
		/* Frozen in place, deeply: every package that includes the module shares it,
		 * and its own functions' references to nested tables are read-only too. */
		lua_pushfstring(L, "module '%s'", name);            /* may raise: holds no C memory */
		li_freeze_table(L, -2, lua_tostring(L, -1), path);
		lua_pushvalue(L, -2);                               /* ... M what view(=M) */
	}
	luaL_getsubtable(L, LUA_REGISTRYINDEX, CACHE_KEY);         /* ... view cache */
	lua_pushvalue(L, -2);
	lua_setfield(L, -2, path);
	lua_pop(L, 1);                                              /* ... view */
	lua_replace(L, loading);                                    /* view chunk E M what */
	lua_settop(L, loading);                                     /* view */
}

/* Pushes the search directories as a userdata array of borrowed strings (kept alive by the
 * registry list, which stays on the stack below it). [-0, +2] */
static const char **push_dirs(lua_State *L, size_t *n)
{
	const char **v;
	size_t len;
	luaL_getsubtable(L, LUA_REGISTRYINDEX, PATH_KEY);          /* list */
	len = lua_rawlen(L, -1);
	v = lua_newuserdatauv(L, (len + 1) * sizeof(*v), 0);      /* list arr */
	*n = 0;
	for (size_t i = 1; i <= len; i++) {
		if (lua_rawgeti(L, -2, (lua_Integer)i) == LUA_TSTRING)
			v[(*n)++] = lua_tostring(L, -1);    /* anchored by the list */
		lua_pop(L, 1);
	}
	return v;
}

/* Resolves `name`; pushes its path, or returns 0 with e set (nothing pushed). */
static int resolve(lua_State *L, const char *name, const char *pkg_base, struct rt_error *e)
{
	size_t n;
	const char **dirs = push_dirs(L, &n);                       /* list arr */
	char *path = li_include_resolve(name, pkg_base, dirs, n, e);
	struct rt_buf b = RT_BUF_INIT;
	if (!path) {
		lua_pop(L, 2);
		return 0;
	}
	/* pushed through the state's box: a push that raises LUA_ERRMEM (the memory budget)
	 * must not leak the malloc'd path */
	rt_buf_adds(&b, path);
	free(path);
	lua_pop(L, 2);
	li_bind_push_buf(L, &b);
	return 1;
}

void li_include_push(lua_State *L, const char *name, const char *pkg_base)
{
	struct rt_error e = RT_ERROR_INIT;
	const char *path;
	int top = lua_gettop(L);
	li_bind_init(L);                /* for li_bind_raise */
	if (!resolve(L, name, pkg_base, &e)) {
		rt_error_prefix(&e, "module '%s' not found", name);
		li_bind_raise(L, &e);
	}
	path = lua_tostring(L, -1);                                 /* path */
	luaL_getsubtable(L, LUA_REGISTRYINDEX, CACHE_KEY);         /* path cache */
	if (lua_getfield(L, -1, path) == LUA_TNIL) {               /* path cache view|nil */
		lua_pop(L, 1);
		load_module(L, name, path, pkg_base);               /* path cache view */
	}
	lua_replace(L, top + 1);
	lua_settop(L, top + 1);
}

/* Pushes and binds one module; protected so errors can be given the function's location.
 * Stack: 1 env, 2 name, 3 pkg_base or nil. */
static int bind_one(lua_State *L)
{
	const char *name = lua_tostring(L, 2);
	const char *dot = strchr(name, '.');
	li_include_push(L, name, lua_tostring(L, 3));               /* env name base mod */
	if (!dot) {
		lua_setfield(L, 1, name);
		return 0;
	}
	/* "a.b.c": env.a.b.c = mod, creating the intermediate tables. */
	lua_pushvalue(L, 1);                                        /* ... mod t */
	for (const char *p = name; dot; p = dot + 1, dot = strchr(p, '.')) {
		lua_pushlstring(L, p, (size_t)(dot - p));           /* ... mod t k */
		lua_pushvalue(L, -1);
		if (lua_rawget(L, -3) == LUA_TNIL) {                /* ... mod t k sub */
			lua_pop(L, 1);
			lua_newtable(L);
			lua_pushvalue(L, -2);
			lua_pushvalue(L, -2);                       /* ... mod t k sub k sub */
			lua_rawset(L, -5);
		} else if (!lua_istable(L, -1)) {
			return luaL_error(L, "cannot bind module '%s': '%s' is already a %s", name,
					  lua_tostring(L, -2), luaL_typename(L, -1));
		}
		lua_remove(L, -2);                                  /* ... mod t sub */
		lua_remove(L, -2);                                  /* ... mod sub */
	}
	lua_pushvalue(L, -2);                                       /* ... mod t mod */
	lua_setfield(L, -2, strrchr(name, '.') + 1);
	return 0;
}

void li_include_bind(lua_State *L, int env_idx, const struct rt_func *fn, const char *pkg_base)
{
	const char *file = fn->file ? fn->file : "?";
	int line = fn->first_line > 0 ? fn->first_line : 1;
	env_idx = lua_absindex(L, env_idx);
	if (fn->n_includes)
		li_bind_init(L);        /* for li_bind_raise */
	for (size_t i = 0; i < fn->n_includes; i++) {
		struct rt_error e = RT_ERROR_INIT;
		const char *name = fn->includes[i];
		if (!resolve(L, name, pkg_base, &e)) {
			struct rt_error located = RT_ERROR_INIT;
			rt_error(&located, "%s:%d: @include decorator requests module '%s', but %s",
				 file, line, name, rt_error_msg(&e));
			rt_error_release(&e);
			li_bind_raise(L, &located);
		}
		lua_pop(L, 1);
		lua_pushcfunction(L, bind_one);
		lua_pushvalue(L, env_idx);
		lua_pushstring(L, name);
		if (pkg_base)
			lua_pushstring(L, pkg_base);
		else
			lua_pushnil(L);
		if (lua_pcall(L, 3, 0, 0) != LUA_OK) {              /* msg */
			const char *msg = lua_tostring(L, -1);
			lua_pushfstring(L, "%s:%d: in @include module '%s': %s", file, line, name,
					msg ? msg : "(error object is not a string)");
			lua_error(L);
		}
	}
}
