/* version.c - the `version` module and the rez.Version / rez.VersionRange Lua types.
 *
 * Everything is delegated to runtime/version.h; this file only converts. A malformed version
 * or range string is misuse (a literal in a package definition) and raises with the text and
 * the runtime's reason; version.is_valid is the query for untrusted strings. */
#include "runtime/common.h"
#include "runtime/buf.h"
#include "runtime/version.h"
#include "stdlib/internal.h"
#include "stdlib/stdlib.h"

#define VERSION_TYPE "rez.Version"
#define RANGE_TYPE "rez.VersionRange"

struct vud { struct rt_version *v; };
struct rud { struct rt_range *r; };

static void create_version_meta(lua_State *L);
static void create_range_meta(lua_State *L);

/* ---- versions ---- */

/* Pushes an empty Version userdata; [-0, +1]. Fill ->v right after (nothing raises between). */
static struct vud *new_version(lua_State *L)
{
	struct vud *u = lua_newuserdatauv(L, sizeof *u, 0);      /* [u] */
	u->v = NULL;
	if (luaL_getmetatable(L, VERSION_TYPE) == LUA_TNIL) {    /* [u mt|nil] */
		lua_pop(L, 1);
		create_version_meta(L);                          /* [u mt] */
	}
	lua_setmetatable(L, -2);                                  /* [u] */
	return u;
}

void rez_version_push(lua_State *L, const struct rt_version *v)
{
	struct vud *u = new_version(L);
	u->v = rt_version_copy(v);
}

/* Parses s into a new Version userdata (pushed) or raises an argument error at arg. */
static struct vud *parse_version(lua_State *L, int arg, const char *s)
{
	struct rt_error *err = rez_stdlib_new_error(L);           /* [.. err] */
	struct vud *u = new_version(L);                           /* [.. err u] */
	u->v = rt_version_parse(s, err);
	if (!u->v)
		luaL_argerror(L, arg, lua_pushfstring(L, "invalid version '%s': %s", s, rt_error_msg(err)));
	lua_remove(L, -2);                                        /* [.. u] */
	return u;
}

const struct rt_version *rez_version_check(lua_State *L, int idx)
{
	struct vud *u = luaL_testudata(L, idx, VERSION_TYPE);
	if (u)
		return u->v;
	if (lua_type(L, idx) != LUA_TSTRING)
		luaL_typeerror(L, idx, "version or string");
	idx = lua_absindex(L, idx);
	/* The parsed version replaces the string in the caller's frame, which anchors it for
	 * as long as the caller keeps the argument. */
	u = parse_version(L, idx, lua_tostring(L, idx));          /* [.. u] */
	lua_replace(L, idx);
	return u->v;
}

/* A token as Lua sees it through .major etc.: an integer when it is all digits without a
 * leading zero (and fits), else the string. */
static void push_token_value(lua_State *L, const char *t)
{
	size_t n = strlen(t);
	if (n > 0 && n <= 18 && strspn(t, "0123456789") == n && (t[0] != '0' || n == 1)) {
		lua_pushinteger(L, (lua_Integer)strtoll(t, NULL, 10));
		return;
	}
	lua_pushstring(L, t);
}

static int version_gc(lua_State *L)
{
	struct vud *u = luaL_checkudata(L, 1, VERSION_TYPE);
	rt_version_free(u->v);
	u->v = NULL;
	return 0;
}

static int version_tostring(lua_State *L)
{
	lua_pushstring(L, rt_version_str(rez_version_check(L, 1)));
	return 1;
}

static int version_eq(lua_State *L)
{
	lua_pushboolean(L, rt_version_cmp(rez_version_check(L, 1), rez_version_check(L, 2)) == 0);
	return 1;
}

static int version_lt(lua_State *L)
{
	lua_pushboolean(L, rt_version_cmp(rez_version_check(L, 1), rez_version_check(L, 2)) < 0);
	return 1;
}

static int version_le(lua_State *L)
{
	lua_pushboolean(L, rt_version_cmp(rez_version_check(L, 1), rez_version_check(L, 2)) <= 0);
	return 1;
}

static int version_len(lua_State *L)
{
	lua_pushinteger(L, (lua_Integer)rt_version_ntokens(rez_version_check(L, 1)));
	return 1;
}

static int version_concat(lua_State *L)
{
	luaL_tolstring(L, 1, NULL);
	luaL_tolstring(L, 2, NULL);
	lua_concat(L, 2);
	return 1;
}

/* v:next() -> the smallest version above every version starting with v (1.2 -> 1.2_) */
static int version_next(lua_State *L)
{
	const struct rt_version *v = rez_version_check(L, 1);
	struct vud *u = new_version(L);
	u->v = rt_version_next(v);
	if (!u->v)
		return luaL_argerror(L, 1, "the empty version has no next version");
	return 1;
}

/* v:trim(n) -> the first n tokens */
static int version_trim(lua_State *L)
{
	const struct rt_version *v = rez_version_check(L, 1);
	lua_Integer n = luaL_checkinteger(L, 2);
	struct vud *u;
	luaL_argcheck(L, n >= 0, 2, "negative token count");
	u = new_version(L);
	u->v = rt_version_trim(v, (size_t)n);
	return 1;
}

/* v:tokens() -> list of token strings */
static int version_tokens(lua_State *L)
{
	const struct rt_version *v = rez_version_check(L, 1);
	size_t n = rt_version_ntokens(v);
	lua_createtable(L, (int)n, 0);
	for (size_t i = 0; i < n; i++) {
		lua_pushstring(L, rt_version_token(v, i));
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	return 1;
}

/* v[i] -> token i (string, nil past the end); v.major/.minor/.patch -> token 1/2/3 as an
 * integer when numeric, else the string, nil when absent; other names are methods. */
static int version_index(lua_State *L)
{
	const struct rt_version *v = rez_version_check(L, 1);
	if (lua_type(L, 2) == LUA_TNUMBER) {
		lua_Integer i = luaL_checkinteger(L, 2);
		const char *t = i >= 1 ? rt_version_token(v, (size_t)i - 1) : NULL;
		if (t)
			lua_pushstring(L, t);
		else
			lua_pushnil(L);
		return 1;
	}
	{
		static const char *const parts[] = { "major", "minor", "patch" };
		const char *k = luaL_checkstring(L, 2);
		for (size_t i = 0; i < RT_ARRAY_LEN(parts); i++) {
			if (rt_streq(k, parts[i])) {
				const char *t = rt_version_token(v, i);
				if (t)
					push_token_value(L, t);
				else
					lua_pushnil(L);
				return 1;
			}
		}
	}
	lua_getfield(L, lua_upvalueindex(1), lua_tostring(L, 2));  /* methods[k] */
	if (lua_isnil(L, -1))
		return luaL_error(L, "version has no field '%s'", lua_tostring(L, 2));
	return 1;
}

static int version_newindex(lua_State *L)
{
	return luaL_error(L, "versions are immutable");
}

/* ---- ranges ---- */

static struct rud *new_range(lua_State *L)
{
	struct rud *u = lua_newuserdatauv(L, sizeof *u, 0);      /* [u] */
	u->r = NULL;
	if (luaL_getmetatable(L, RANGE_TYPE) == LUA_TNIL) {      /* [u mt|nil] */
		lua_pop(L, 1);
		create_range_meta(L);                            /* [u mt] */
	}
	lua_setmetatable(L, -2);                                  /* [u] */
	return u;
}

/* The range at idx: a VersionRange, a string parsed as a range, or a Version (its exact
 * range ==v); strings and versions are replaced in place by the parsed range. */
static const struct rt_range *check_range(lua_State *L, int idx)
{
	struct rud *u = luaL_testudata(L, idx, RANGE_TYPE);
	struct vud *vu;
	idx = lua_absindex(L, idx);
	if (u)
		return u->r;
	if ((vu = luaL_testudata(L, idx, VERSION_TYPE))) {
		const struct rt_version *v = vu->v;
		u = new_range(L);                                 /* [.. u] */
		u->r = rt_range_from_version(v, RT_RANGE_EQ);
	} else if (lua_type(L, idx) == LUA_TSTRING) {
		struct rt_error *err = rez_stdlib_new_error(L);   /* [.. err] */
		const char *s = lua_tostring(L, idx);
		u = new_range(L);                                 /* [.. err u] */
		u->r = rt_range_parse(s, err);
		if (!u->r)
			luaL_argerror(L, idx, lua_pushfstring(L, "invalid version range '%s': %s", s,
							      rt_error_msg(err)));
		lua_remove(L, -2);                                /* [.. u] */
	} else {
		luaL_typeerror(L, idx, "version range or string");
		return NULL;
	}
	lua_replace(L, idx);
	return u->r;
}

static int range_gc(lua_State *L)
{
	struct rud *u = luaL_checkudata(L, 1, RANGE_TYPE);
	rt_range_free(u->r);
	u->r = NULL;
	return 0;
}

static int range_tostring(lua_State *L)
{
	const struct rt_range *r = check_range(L, 1);
	struct rt_buf *b = rez_stdlib_new_buf(L);                 /* [r b] */
	rt_range_format(r, b);
	lua_pushlstring(L, b->buf, b->len);
	return 1;
}

static int range_eq(lua_State *L)
{
	lua_pushboolean(L, rt_range_equal(check_range(L, 1), check_range(L, 2)));
	return 1;
}

/* r:contains(v) -> boolean */
static int range_contains(lua_State *L)
{
	const struct rt_range *r = check_range(L, 1);
	lua_pushboolean(L, rt_range_contains(r, rez_version_check(L, 2)));
	return 1;
}

/* r:intersects(other) -> boolean */
static int range_intersects(lua_State *L)
{
	const struct rt_range *a = check_range(L, 1);
	lua_pushboolean(L, rt_range_intersects(a, check_range(L, 2)));
	return 1;
}

/* r:intersection(other) -> range, or nil when they do not overlap */
static int range_intersection(lua_State *L)
{
	const struct rt_range *a = check_range(L, 1);
	const struct rt_range *b = check_range(L, 2);
	struct rud *u = new_range(L);
	u->r = rt_range_intersection(a, b);
	if (!u->r)
		lua_pushnil(L);
	return 1;
}

/* r:union(other) -> range */
static int range_union(lua_State *L)
{
	const struct rt_range *a = check_range(L, 1);
	const struct rt_range *b = check_range(L, 2);
	struct rud *u = new_range(L);
	u->r = rt_range_union(a, b);
	return 1;
}

/* r:is_superset(other) -> boolean */
static int range_is_superset(lua_State *L)
{
	const struct rt_range *a = check_range(L, 1);
	lua_pushboolean(L, rt_range_is_superset(a, check_range(L, 2)));
	return 1;
}

static int range_is_any(lua_State *L)
{
	lua_pushboolean(L, rt_range_is_any(check_range(L, 1)));
	return 1;
}

/* ---- module functions ---- */

/* version.parse(s) -> Version (raises on an invalid string) */
static int version_parse(lua_State *L)
{
	if (luaL_testudata(L, 1, VERSION_TYPE)) {
		lua_settop(L, 1);
		return 1;
	}
	parse_version(L, 1, luaL_checkstring(L, 1));
	return 1;
}

/* version.is_valid(s) -> boolean [, message] */
static int version_is_valid(lua_State *L)
{
	const char *s = luaL_checkstring(L, 1);
	struct rt_error *err = rez_stdlib_new_error(L);           /* [s err] */
	struct vud *u = new_version(L);                           /* [s err u] */
	u->v = rt_version_parse(s, err);
	lua_pushboolean(L, u->v != NULL);
	if (u->v)
		return 1;
	lua_pushstring(L, rt_error_msg(err));
	return 2;
}

/* version.compare(a, b) -> -1, 0 or 1 */
static int version_compare(lua_State *L)
{
	int c = rt_version_cmp(rez_version_check(L, 1), rez_version_check(L, 2));
	lua_pushinteger(L, c < 0 ? -1 : c > 0);
	return 1;
}

/* version.range(s) -> VersionRange (raises on an invalid string) */
static int version_range(lua_State *L)
{
	check_range(L, 1);
	lua_settop(L, 1);
	return 1;
}

/* version.intersects(a, b) -> boolean, for ranges or range strings */
static int version_intersects(lua_State *L)
{
	return range_intersects(L);
}

/* version.contains(range, v) -> boolean */
static int version_contains(lua_State *L)
{
	return range_contains(L);
}

/* ---- registration ---- */

static const luaL_Reg version_methods[] = {
	{ "next", version_next },
	{ "trim", version_trim },
	{ "tokens", version_tokens },
	{ NULL, NULL }
};

static const luaL_Reg range_methods[] = {
	{ "contains", range_contains },
	{ "intersects", range_intersects },
	{ "intersection", range_intersection },
	{ "union", range_union },
	{ "is_superset", range_is_superset },
	{ "is_any", range_is_any },
	{ NULL, NULL }
};

static const luaL_Reg version_funcs[] = {
	{ "parse", version_parse },
	{ "is_valid", version_is_valid },
	{ "compare", version_compare },
	{ "range", version_range },
	{ "intersects", version_intersects },
	{ "contains", version_contains },
	{ NULL, NULL }
};

/* Pushes the new Version metatable (registered as VERSION_TYPE); [-0, +1]. */
static void create_version_meta(lua_State *L)
{
	static const luaL_Reg meta[] = {
		{ "__gc", version_gc }, { "__close", version_gc }, { "__tostring", version_tostring },
		{ "__eq", version_eq }, { "__lt", version_lt }, { "__le", version_le },
		{ "__len", version_len }, { "__concat", version_concat },
		{ "__newindex", version_newindex }, { NULL, NULL }
	};
	luaL_newmetatable(L, VERSION_TYPE);                       /* [mt] */
	luaL_setfuncs(L, meta, 0);
	luaL_newlib(L, version_methods);                          /* [mt methods] */
	lua_pushcclosure(L, version_index, 1);                    /* [mt index] */
	lua_setfield(L, -2, "__index");                           /* [mt] */
}

static void create_range_meta(lua_State *L)
{
	static const luaL_Reg meta[] = {
		{ "__gc", range_gc }, { "__close", range_gc }, { "__tostring", range_tostring },
		{ "__eq", range_eq }, { NULL, NULL }
	};
	luaL_newmetatable(L, RANGE_TYPE);                         /* [mt] */
	luaL_setfuncs(L, meta, 0);
	luaL_newlib(L, range_methods);                            /* [mt methods] */
	lua_setfield(L, -2, "__index");                           /* [mt] */
}

int luaopen_rez_version(lua_State *L)
{
	if (luaL_getmetatable(L, VERSION_TYPE) == LUA_TNIL) {    /* [mt|nil] */
		lua_pop(L, 1);
		create_version_meta(L);
	}
	if (luaL_getmetatable(L, RANGE_TYPE) == LUA_TNIL) {
		lua_pop(L, 1);
		create_range_meta(L);
	}
	lua_pop(L, 2);                                            /* [] */
	luaL_newlib(L, version_funcs);                            /* [version] */
	return 1;
}
