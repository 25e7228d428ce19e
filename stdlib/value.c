/* value.c - conversion between Lua values and rt_value trees, for json and yaml. */
#include "runtime/common.h"
#include "runtime/value.h"
#include "stdlib/internal.h"

#include <math.h>

#define NULL_TYPE "rez.null"
#define ARRAY_TYPE "rez.array"
#define OBJECT_TYPE "rez.object"
#define VERSION_TYPE "rez.Version"
/* Deeper than any real policy file; stops self-referencing tables. */
#define MAX_DEPTH 200

static int null_tostring(lua_State *L)
{
	lua_pushliteral(L, "null");
	return 1;
}

void rez_stdlib_push_null(lua_State *L)
{
	if (lua_getfield(L, LUA_REGISTRYINDEX, NULL_TYPE) != LUA_TUSERDATA) {   /* [nil] */
		lua_pop(L, 1);
		lua_newuserdatauv(L, 1, 0);                         /* [null] */
		luaL_newmetatable(L, NULL_TYPE "mt");               /* [null mt] */
		lua_pushcfunction(L, null_tostring);
		lua_setfield(L, -2, "__tostring");
		lua_pushliteral(L, "null");
		lua_setfield(L, -2, "__name");
		lua_setmetatable(L, -2);                            /* [null] */
		lua_pushvalue(L, -1);
		lua_setfield(L, LUA_REGISTRYINDEX, NULL_TYPE);      /* [null] */
	}
}

static int is_null(lua_State *L, int idx)
{
	int r;
	rez_stdlib_push_null(L);                                    /* [.. null] */
	r = lua_rawequal(L, idx, -1);
	lua_pop(L, 1);
	return r;
}

void rez_stdlib_mark(lua_State *L, int idx, int array)
{
	idx = lua_absindex(L, idx);
	if (luaL_newmetatable(L, array ? ARRAY_TYPE : OBJECT_TYPE)) {   /* [.. mt] */
		lua_pushstring(L, array ? "array" : "object");
		lua_setfield(L, -2, "__jsontype");
	}
	lua_setmetatable(L, idx);                                   /* [..] */
}

void rez_stdlib_push_value(lua_State *L, const struct rt_value *v)
{
	luaL_checkstack(L, 4, "data nested too deeply");
	switch (v->type) {
	case RT_NULL: rez_stdlib_push_null(L); break;
	case RT_BOOL: lua_pushboolean(L, v->u.b); break;
	case RT_INT: lua_pushinteger(L, v->u.i); break;
	case RT_FLOAT: lua_pushnumber(L, v->u.f); break;
	case RT_STR: lua_pushlstring(L, v->u.s.ptr, v->u.s.len); break;
	case RT_FUNC: lua_pushstring(L, v->u.fn->source); break;
	case RT_LIST:
		lua_createtable(L, (int)(v->u.list.len < 1u << 20 ? v->u.list.len : 0), 0);
		for (size_t i = 0; i < v->u.list.len; i++) {
			rez_stdlib_push_value(L, v->u.list.items[i]);
			lua_rawseti(L, -2, (lua_Integer)i + 1);
		}
		rez_stdlib_mark(L, -1, 1);
		break;
	case RT_MAP:
		lua_createtable(L, 0, (int)(v->u.map.len < 1u << 20 ? v->u.map.len : 0));
		for (size_t i = 0; i < v->u.map.len; i++) {
			rez_stdlib_push_value(L, v->u.map.vals[i]);
			lua_setfield(L, -2, v->u.map.keys[i]);
		}
		rez_stdlib_mark(L, -1, 0);
		break;
	}
}

/* ---- Lua -> rt_value ---- */

struct conv {
	unsigned flags;
	const char *what;      /* "json.encode" etc., for messages */
};

static void check_string(lua_State *L, const struct conv *c, const char *s, size_t len)
{
	/* UTF-8 well-formedness (RFC 3629: no overlongs, no surrogates, <= U+10FFFF). */
	const unsigned char *p = (const unsigned char *)s, *e = p + len;
	if (!(c->flags & REZ_VALUE_UTF8))
		return;
	while (p < e) {
		unsigned c0 = *p;
		size_t n;
		unsigned lo = 0x80, hi = 0xBF;
		if (c0 < 0x80) { p++; continue; }
		else if (c0 >= 0xC2 && c0 <= 0xDF) n = 1;
		else if (c0 >= 0xE0 && c0 <= 0xEF) { n = 2; if (c0 == 0xE0) lo = 0xA0; if (c0 == 0xED) hi = 0x9F; }
		else if (c0 >= 0xF0 && c0 <= 0xF4) { n = 3; if (c0 == 0xF0) lo = 0x90; if (c0 == 0xF4) hi = 0x8F; }
		else goto bad;
		if ((size_t)(e - p) <= n || p[1] < lo || p[1] > hi)
			goto bad;
		for (size_t k = 2; k <= n; k++)
			if ((p[k] & 0xC0) != 0x80)
				goto bad;
		p += n + 1;
	}
	return;
bad:
	luaL_error(L, "%s: string is not valid UTF-8 (byte %I)", c->what, (lua_Integer)(p - (const unsigned char *)s) + 1);
}

static int cmp_keys(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Classifies the table at idx: 1 array (n set), 0 map, raises on mixed keys. */
static int table_kind(lua_State *L, int idx, const struct conv *c, lua_Integer *n)
{
	lua_Integer count = 0, maxi = 0;
	int strings = 0, ints = 0;
	if (lua_getmetatable(L, idx)) {                             /* [.. mt] */
		int kind = -1;
		if (lua_getfield(L, -1, "__jsontype") == LUA_TSTRING)   /* [.. mt t] */
			kind = rt_streq(lua_tostring(L, -1), "array");
		lua_pop(L, 2);                                      /* [..] */
		if (kind == 1) {
			*n = (lua_Integer)lua_rawlen(L, idx);
			return 1;
		}
		if (kind == 0)
			return 0;
	}
	lua_pushnil(L);
	while (lua_next(L, idx)) {                                  /* [.. k v] */
		lua_pop(L, 1);                                      /* [.. k] */
		count++;
		if (lua_type(L, -1) == LUA_TSTRING) {
			strings = 1;
		} else if (lua_isinteger(L, -1) && lua_tointeger(L, -1) > 0) {
			ints = 1;
			if (lua_tointeger(L, -1) > maxi)
				maxi = lua_tointeger(L, -1);
		} else {
			luaL_error(L, "%s: table key of type %s (keys must be strings, or 1..n for a list)",
				   c->what, luaL_typename(L, -1));
		}
	}
	if (strings && ints)
		luaL_error(L, "%s: table mixes string and integer keys", c->what);
	if (ints) {
		if (maxi != count)
			luaL_error(L, "%s: list has holes (keys 1..%I, %I of them set); use null for gaps",
				   c->what, maxi, count);
		*n = count;
		return 1;
	}
	return 0;
}

static void convert(lua_State *L, int idx, struct rt_value *dst_parent, const char *dst_key,
		    const struct conv *c, int depth, struct rez_box *out);

/* Converts the value at idx and attaches it to parent (list when key is NULL) or, for the
 * root, stores it in *out. Containers are attached before they are filled so that every
 * node is owned by the boxed root when a later element raises. */
static void attach(struct rt_value *parent, const char *key, struct rt_value *v, struct rez_box *out)
{
	if (!parent)
		out->p = v;   /* the root: owned by the box from now on */
	else if (key)
		rt_map_set(parent, key, v);
	else
		rt_list_push(parent, v);
}

static void convert(lua_State *L, int idx, struct rt_value *parent, const char *key,
		    const struct conv *c, int depth, struct rez_box *out)
{
	idx = lua_absindex(L, idx);
	luaL_checkstack(L, 6, "data nested too deeply");
	switch (lua_type(L, idx)) {
	case LUA_TNIL:
		attach(parent, key, rt_value_null(), out);
		return;
	case LUA_TBOOLEAN:
		attach(parent, key, rt_value_bool(lua_toboolean(L, idx)), out);
		return;
	case LUA_TNUMBER:
		if (lua_isinteger(L, idx)) {
			attach(parent, key, rt_value_int(lua_tointeger(L, idx)), out);
		} else {
			double d = lua_tonumber(L, idx);
			if ((c->flags & REZ_VALUE_FINITE) && !isfinite(d))
				luaL_error(L, "%s: cannot encode %s", c->what, isnan(d) ? "NaN" : "an infinite number");
			attach(parent, key, rt_value_float(d), out);
		}
		return;
	case LUA_TSTRING: {
		size_t len;
		const char *s = lua_tolstring(L, idx, &len);
		check_string(L, c, s, len);
		attach(parent, key, rt_value_strn(s, len), out);
		return;
	}
	case LUA_TUSERDATA:
		if (is_null(L, idx)) {
			attach(parent, key, rt_value_null(), out);
			return;
		}
		if (luaL_testudata(L, idx, VERSION_TYPE)) {
			size_t len;
			const char *s = luaL_tolstring(L, idx, &len);       /* [.. s] */
			attach(parent, key, rt_value_strn(s, len), out);
			lua_pop(L, 1);
			return;
		}
		break;
	case LUA_TTABLE: {
		lua_Integer n;
		struct rt_value *v;
		if (depth >= MAX_DEPTH)
			luaL_error(L, "%s: tables nested more than %d deep (a cycle?)", c->what, MAX_DEPTH);
		if (table_kind(L, idx, c, &n)) {
			v = rt_value_list();
			attach(parent, key, v, out);
			for (lua_Integer i = 1; i <= n; i++) {
				lua_rawgeti(L, idx, i);                     /* [.. item] */
				convert(L, -1, v, NULL, c, depth + 1, out);
				lua_pop(L, 1);
			}
		} else {
			size_t nkeys = 0, k = 0;
			const char **keys;
			v = rt_value_map();
			attach(parent, key, v, out);
			lua_pushnil(L);
			while (lua_next(L, idx)) {                          /* [.. k v] */
				lua_pop(L, 1);
				nkeys++;
			}
			/* Sorted keys make the output deterministic; the array is GC-owned
			 * and the key strings stay anchored by the table. */
			keys = lua_newuserdatauv(L, (nkeys ? nkeys : 1) * sizeof *keys, 0);  /* [.. arr] */
			lua_pushnil(L);
			while (lua_next(L, idx)) {                          /* [.. arr k v] */
				lua_pop(L, 1);
				if (lua_type(L, -1) != LUA_TSTRING)   /* an object-marked table */
					luaL_error(L, "%s: object key of type %s (keys must be strings)",
						   c->what, luaL_typename(L, -1));
				size_t klen;
				const char *ks = lua_tolstring(L, -1, &klen);
				if (strlen(ks) != klen)
					luaL_error(L, "%s: object key contains a NUL byte", c->what);
				if (k < nkeys)
					keys[k++] = ks;
			}
			qsort(keys, k, sizeof *keys, cmp_keys);
			for (size_t i = 0; i < k; i++) {
				lua_getfield(L, idx, keys[i]);              /* [.. arr item] */
				check_string(L, c, keys[i], strlen(keys[i]));
				convert(L, -1, v, keys[i], c, depth + 1, out);
				lua_pop(L, 1);
			}
			lua_pop(L, 1);                                      /* [..] */
		}
		return;
	}
	default:
		break;
	}
	luaL_error(L, "%s: cannot encode a %s", c->what, luaL_typename(L, idx));
}

static void free_value(void *p)
{
	rt_value_free(p);
}

struct rt_value *rez_stdlib_to_value(lua_State *L, int idx, unsigned flags, const char *what)
{
	struct conv c = { flags, what };
	struct rez_box *box;
	idx = lua_absindex(L, idx);
	box = rez_box_new(L, free_value);                          /* [.. box] */
	/* convert() stores the root in the box as soon as it exists, before filling it. */
	convert(L, idx, NULL, NULL, &c, 0, box);
	return box->p;
}
