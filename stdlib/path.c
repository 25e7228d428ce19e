/* path.c - C primitives of the `path` module (stdlib/lua/path.lua holds the rest).
 *
 * Only read-only queries live here: stat, directory listing, glob, the working directory.
 * Nothing in this module creates, changes or removes a file. The Lua half validates the
 * arguments, so errors point at the caller's line. */
#include "runtime/common.h"
#include "stdlib/internal.h"

#include <dirent.h>
#include <errno.h>
#include <glob.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#define GLOB_TYPE "rez.Glob"

/* _stat(p [, nofollow]) -> "file" | "dir" | "link" | "other" | nil, message */
static int path_stat(lua_State *L)
{
	const char *p = luaL_checkstring(L, 1);
	int nofollow = lua_toboolean(L, 2);
	struct stat st;
	if ((nofollow ? lstat(p, &st) : stat(p, &st)) != 0) {
		lua_pushnil(L);
		lua_pushfstring(L, "%s: %s", p, strerror(errno));
		return 2;
	}
	if (S_ISREG(st.st_mode))
		lua_pushliteral(L, "file");
	else if (S_ISDIR(st.st_mode))
		lua_pushliteral(L, "dir");
	else if (S_ISLNK(st.st_mode))
		lua_pushliteral(L, "link");
	else
		lua_pushliteral(L, "other");
	return 1;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sorts the list (strings 1..n) at the top of the stack in place, byte order. */
static void sort_list(lua_State *L)
{
	lua_Integer n = (lua_Integer)lua_rawlen(L, -1);
	const char **v = lua_newuserdatauv(L, (size_t)(n ? n : 1) * sizeof *v, 0);  /* [t arr] */
	for (lua_Integer i = 1; i <= n; i++) {
		lua_rawgeti(L, -2, i);
		v[i - 1] = lua_tostring(L, -1);    /* anchored by the table */
		lua_pop(L, 1);
	}
	qsort(v, (size_t)n, sizeof *v, cmp_str);
	lua_createtable(L, (int)n, 0);                              /* [t arr sorted] */
	for (lua_Integer i = 1; i <= n; i++) {
		lua_pushstring(L, v[i - 1]);
		lua_rawseti(L, -2, i);
	}
	lua_replace(L, -3);                                         /* [sorted arr] */
	lua_pop(L, 1);                                              /* [sorted] */
}

static void close_dir(void *d)
{
	closedir(d);
}

/* _listdir(p) -> sorted names (no "." / "..") | nil, message */
static int path_listdir(lua_State *L)
{
	const char *p = luaL_checkstring(L, 1);
	struct rez_box *box = rez_box_new(L, close_dir);           /* [p box] */
	struct dirent *de;
	lua_Integer n = 0;
	box->p = opendir(p);
	if (!box->p) {
		lua_pushnil(L);
		lua_pushfstring(L, "%s: %s", p, strerror(errno));
		return 2;
	}
	lua_newtable(L);                                            /* [p box t] */
	errno = 0;
	while ((de = readdir(box->p))) {
		if (rt_streq(de->d_name, ".") || rt_streq(de->d_name, ".."))
			continue;
		lua_pushstring(L, de->d_name);
		lua_rawseti(L, -2, ++n);
	}
	if (errno) {
		lua_pushnil(L);
		lua_pushfstring(L, "%s: %s", p, strerror(errno));
		return 2;
	}
	rez_box_free(box);
	sort_list(L);                                               /* [p box sorted] */
	return 1;
}

static int glob_gc(lua_State *L)
{
	glob_t *g = luaL_checkudata(L, 1, GLOB_TYPE);
	if (g->gl_pathv) {
		globfree(g);
		g->gl_pathv = NULL;
	}
	return 0;
}

/* _glob(pattern) -> sorted list of matching paths (empty when none); hidden names match only
 * a pattern that starts with a dot, as in the shell. */
static int path_glob(lua_State *L)
{
	const char *pat = luaL_checkstring(L, 1);
	glob_t *g = lua_newuserdatauv(L, sizeof *g, 0);             /* [pat g] */
	int rc;
	memset(g, 0, sizeof *g);
	if (luaL_newmetatable(L, GLOB_TYPE)) {
		lua_pushcfunction(L, glob_gc);
		lua_setfield(L, -2, "__gc");
	}
	lua_setmetatable(L, -2);
	rc = glob(pat, 0, NULL, g);
	if (rc == GLOB_NOSPACE)
		return luaL_error(L, "path.glob: out of memory");
	lua_createtable(L, rc == 0 ? (int)g->gl_pathc : 0, 0);      /* [pat g t] */
	if (rc == 0)
		for (size_t i = 0; i < g->gl_pathc; i++) {
			lua_pushstring(L, g->gl_pathv[i]);
			lua_rawseti(L, -2, (lua_Integer)i + 1);
		}
	if (g->gl_pathv) {   /* free now rather than at the next collection */
		globfree(g);
		g->gl_pathv = NULL;
	}
	return 1;
}

/* _getcwd() -> the working directory */
static int path_getcwd(lua_State *L)
{
	char buf[PATH_MAX];
	if (!getcwd(buf, sizeof buf))
		return luaL_error(L, "path: cannot get the working directory: %s", strerror(errno));
	lua_pushstring(L, buf);
	return 1;
}

static const luaL_Reg path_prims[] = {
	{ "_stat", path_stat },
	{ "_listdir", path_listdir },
	{ "_glob", path_glob },
	{ "_getcwd", path_getcwd },
	{ NULL, NULL }
};

int luaopen_rez_path(lua_State *L)
{
	luaL_newlib(L, path_prims);                                 /* [prims] */
	rez_stdlib_run_lua(L, rez_stdlib_lua_path, rez_stdlib_lua_path_len,
			   "@stdlib/path.lua", 1);                  /* [path] */
	return 1;
}
