/* system.c - the `system` module: read-only facts about the host (platform, arch, os, ...).
 *
 * The module is a proxy table: fields are computed when first read (a state that never asks
 * for the hostname never calls gethostname) and stored in the hidden table behind the proxy;
 * assigning to a field raises. Names and formats follow Rez's `system` object. */
#include "runtime/common.h"
#include "runtime/buf.h"
#include "stdlib/internal.h"

#include <pwd.h>
#include <stdio.h>
#include <sys/utsname.h>
#include <unistd.h>

static const char *const fields[] = {
	"platform", "arch", "os", "hostname", "user", "home", "num_cpus", "rez_version", NULL
};

/* Value of KEY= in a shell-style KEY=value file, unquoted; pushes it or returns 0. */
static int push_release_field(lua_State *L, const char *file, const char *key)
{
	char line[512];
	size_t klen = strlen(key);
	FILE *f = fopen(file, "r");
	int found = 0;
	if (!f)
		return 0;
	while (!found && fgets(line, sizeof line, f)) {
		size_t n = strcspn(line, "\r\n");
		line[n] = '\0';
		if (strncmp(line, key, klen) == 0 && line[klen] == '=') {
			char *v = line + klen + 1;
			size_t vlen = strlen(v);
			if (vlen >= 2 && (v[0] == '"' || v[0] == '\'') && v[vlen - 1] == v[0]) {
				v++;
				vlen -= 2;
			}
			if (vlen) {
				lua_pushlstring(L, v, vlen);
				found = 1;
			}
		}
	}
	fclose(f);
	return found;
}

/* Rez's Linux os string: "<distributor>-<release>" from /etc/lsb-release, else from
 * /etc/os-release (ID capitalised, VERSION_ID), else "Linux-<kernel release>". */
static void push_os(lua_State *L)
{
	struct utsname u;
	if (push_release_field(L, "/etc/lsb-release", "DISTRIB_ID")) {
		if (push_release_field(L, "/etc/lsb-release", "DISTRIB_RELEASE")) {
			lua_pushliteral(L, "-");
			lua_insert(L, -2);
			lua_concat(L, 3);
			return;
		}
		lua_pop(L, 1);
	}
	if (push_release_field(L, "/etc/os-release", "ID")) {
		char first[2] = { 0, 0 };
		size_t len;
		const char *id = lua_tolstring(L, -1, &len);
		first[0] = (char)(id[0] >= 'a' && id[0] <= 'z' ? id[0] - 'a' + 'A' : id[0]);
		lua_pushstring(L, first);
		lua_pushlstring(L, id + 1, len - 1);
		lua_concat(L, 2);                                  /* [id Id] */
		lua_remove(L, -2);
		if (push_release_field(L, "/etc/os-release", "VERSION_ID")) {
			lua_pushliteral(L, "-");
			lua_insert(L, -2);
			lua_concat(L, 3);
		}
		return;
	}
	if (uname(&u) == 0)
		lua_pushfstring(L, "%s-%s", u.sysname, u.release);
	else
		lua_pushliteral(L, "unknown");
}

static const struct passwd *pw(void)
{
	return getpwuid(geteuid());
}

/* Pushes the value of field `i`. */
static void push_field(lua_State *L, int i)
{
	struct utsname u;
	const struct passwd *p;
	const char *s;
	char host[256];
	switch (i) {
	case 0:
#if defined(__APPLE__)
		lua_pushliteral(L, "osx");
#elif defined(_WIN32)
		lua_pushliteral(L, "windows");
#else
		lua_pushliteral(L, "linux");
#endif
		return;
	case 1:
		if (uname(&u) == 0)
			lua_pushstring(L, u.machine);
		else
			lua_pushliteral(L, "unknown");
		return;
	case 2:
		push_os(L);
		return;
	case 3:
		if (gethostname(host, sizeof host) == 0) {
			host[sizeof host - 1] = '\0';
			lua_pushstring(L, host);
		} else {
			lua_pushliteral(L, "localhost");
		}
		return;
	case 4:
		/* As Python's getpass.getuser(): the environment first, then the password file. */
		if ((s = getenv("LOGNAME")) && *s) { lua_pushstring(L, s); return; }
		if ((s = getenv("USER")) && *s) { lua_pushstring(L, s); return; }
		if ((s = getenv("LNAME")) && *s) { lua_pushstring(L, s); return; }
		if ((s = getenv("USERNAME")) && *s) { lua_pushstring(L, s); return; }
		if ((p = pw()))
			lua_pushstring(L, p->pw_name);
		else
			lua_pushfstring(L, "%d", (int)geteuid());
		return;
	case 5:
		if ((s = getenv("HOME")) && *s)
			lua_pushstring(L, s);
		else if ((p = pw()))
			lua_pushstring(L, p->pw_dir);
		else
			lua_pushliteral(L, "/");
		return;
	case 6: {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		lua_pushinteger(L, n > 0 ? n : 1);
		return;
	}
	case 7:
		lua_pushliteral(L, REZ_LUA_VERSION);
		return;
	}
	RT_BUG("system field %d", i);
}

/* __index(proxy, key): upvalue 1 is the cache table. Unknown names raise, so a typo
 * (system.platfrom) is caught where it is made. */
static int system_index(lua_State *L)
{
	const char *k = luaL_checkstring(L, 2);
	lua_settop(L, 2);
	if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL)       /* [proxy v] */
		return 1;
	lua_pop(L, 1);
	for (int i = 0; fields[i]; i++) {
		if (rt_streq(fields[i], k)) {
			push_field(L, i);                          /* [proxy v] */
			lua_pushvalue(L, -1);
			lua_setfield(L, lua_upvalueindex(1), k);   /* [proxy v] */
			return 1;
		}
	}
	return luaL_error(L, "system has no field '%s'", k);
}

static int system_newindex(lua_State *L)
{
	return luaL_error(L, "system is read-only (cannot set '%s')", luaL_tolstring(L, 2, NULL));
}

/* __pairs: iterates the known fields in a fixed order. */
static int system_next(lua_State *L)
{
	int i = 0;
	if (!lua_isnil(L, 2)) {
		const char *k = luaL_checkstring(L, 2);
		while (fields[i] && !rt_streq(fields[i], k))
			i++;
		if (fields[i])
			i++;
	}
	if (!fields[i])
		return 0;
	lua_pushstring(L, fields[i]);                              /* [p k key] */
	lua_pushvalue(L, -1);
	lua_gettable(L, 1);                                        /* [p k key value] */
	return 2;
}

static int system_pairs(lua_State *L)
{
	lua_pushcfunction(L, system_next);
	lua_pushvalue(L, 1);
	lua_pushnil(L);
	return 3;
}

int luaopen_rez_system(lua_State *L)
{
	lua_newtable(L);                                           /* [proxy] */
	lua_createtable(L, 0, 5);                                  /* [proxy mt] */
	lua_newtable(L);                                           /* [proxy mt cache] */
	lua_pushcclosure(L, system_index, 1);
	lua_setfield(L, -2, "__index");
	lua_pushcfunction(L, system_newindex);
	lua_setfield(L, -2, "__newindex");
	lua_pushcfunction(L, system_pairs);
	lua_setfield(L, -2, "__pairs");
	lua_pushliteral(L, "system");
	lua_setfield(L, -2, "__name");
	lua_pushboolean(L, 0);
	lua_setfield(L, -2, "__metatable");   /* getmetatable(system) -> false; no setmetatable */
	lua_setmetatable(L, -2);                                   /* [proxy] */
	return 1;
}
