/* value.c - conversion between Lua values and rt_value trees, for json and yaml. */
#include "runtime/common.h"
#include "runtime/value.h"
#include "stdlib/internal.h"

#include <math.h>

#define NULL_TYPE "rez.null"
#define ARRAY_TYPE "rez.array"
#define OBJECT_TYPE "rez.object"
#define VERSION_TYPE "rez.Version"

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

/* ---- Lua -> rt_value (value.h) ---- */

struct conv {
	struct rez_tovalue *tv;
	int onpath;            /* stack index: the tables being converted (cycles) */
	struct rez_box *box;   /* the root's owner, or NULL (attached to a caller's parent) */
};

static const char *what_of(const struct conv *c)
{
	return c->tv->what ? c->tv->what : "the value";
}

/* The byte offset of the first UTF-8 error in s (RFC 3629: no overlongs, no surrogates,
 * <= U+10FFFF), or 0 when s is well-formed. */
static size_t utf8_error_at(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *e = p + len;
	while (p < e) {
		unsigned c0 = *p;
		size_t n;
		unsigned lo = 0x80, hi = 0xBF;
		if (c0 < 0x80) { p++; continue; }
		else if (c0 >= 0xC2 && c0 <= 0xDF) n = 1;
		else if (c0 >= 0xE0 && c0 <= 0xEF) { n = 2; if (c0 == 0xE0) lo = 0xA0; if (c0 == 0xED) hi = 0x9F; }
		else if (c0 >= 0xF0 && c0 <= 0xF4) { n = 3; if (c0 == 0xF0) lo = 0x90; if (c0 == 0xF4) hi = 0x8F; }
		else return (size_t)(p - (const unsigned char *)s) + 1;
		if ((size_t)(e - p) <= n || p[1] < lo || p[1] > hi)
			return (size_t)(p - (const unsigned char *)s) + 1;
		for (size_t k = 2; k <= n; k++)
			if ((p[k] & 0xC0) != 0x80)
				return (size_t)(p - (const unsigned char *)s) + 1;
		p += n + 1;
	}
	return 0;
}

struct keyref {
	const char *s;
	size_t len;
};

static int keyref_cmp(const void *a, const void *b)
{
	const struct keyref *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int r = memcmp(x->s, y->s, n);
	return r ? r : (x->len > y->len) - (x->len < y->len);
}

/* Attaches v to parent (a list when key is NULL) or, for the root, hands it to the box.
 * Containers are attached before they are filled, so a later raise leaks nothing. */
static void attach(struct conv *c, struct rt_value *parent, const char *key, struct rt_value *v)
{
	if (c->tv->line && !v->line)
		v->line = c->tv->line;
	if (!parent)
		c->box->p = v;
	else if (parent->type == RT_MAP)
		rt_map_set(parent, key, v);
	else
		rt_list_push(parent, v);
}

/* A "rez.array" / "rez.object" mark on the table at idx: 1 array, 0 object, -1 none. */
static int table_mark(lua_State *L, int idx)
{
	int kind = -1;
	if (lua_getmetatable(L, idx)) {                             /* [.. mt] */
		if (lua_getfield(L, -1, "__jsontype") == LUA_TSTRING)   /* [.. mt t] */
			kind = rt_streq(lua_tostring(L, -1), "array");
		lua_pop(L, 2);
	}
	return kind;
}

static void convert(lua_State *L, struct conv *c, int idx, struct rt_value *parent,
		    const char *key, int depth);

static void convert_table(lua_State *L, struct conv *c, int idx, struct rt_value *parent,
			  const char *key, int depth)
{
	lua_Integer ints = 0, maxint = 0, others = 0;
	int mark = table_mark(L, idx);
	struct rt_value *v;

	lua_pushvalue(L, idx);
	if (lua_rawget(L, c->onpath) != LUA_TNIL)
		luaL_error(L, "%s contains a table that contains itself", what_of(c));
	lua_pop(L, 1);
	lua_pushvalue(L, idx);
	lua_pushboolean(L, 1);
	lua_rawset(L, c->onpath);

	lua_pushnil(L);
	while (lua_next(L, idx)) {                                  /* k v */
		lua_pop(L, 1);
		if (lua_isinteger(L, -1) && lua_tointeger(L, -1) >= 1) {
			ints++;
			if (lua_tointeger(L, -1) > maxint)
				maxint = lua_tointeger(L, -1);
		} else {
			others++;
		}
	}
	if (mark == 1 || (mark != 0 && others == 0 && ints == maxint &&
			  (ints || !(c->tv->flags & REZ_VALUE_EMPTY_MAP)))) {
		lua_Integer n = mark == 1 ? (lua_Integer)lua_rawlen(L, idx) : ints;
		v = rt_value_list();
		attach(c, parent, key, v);
		for (lua_Integer i = 1; i <= n; i++) {
			lua_rawgeti(L, idx, i);
			convert(L, c, lua_gettop(L), v, NULL, depth + 1);
			lua_pop(L, 1);
		}
	} else {
		lua_Integer n = 0, total = ints + others;
		struct keyref *keys;
		if (ints && others)
			luaL_error(L, "%s mixes list items and named keys in one table", what_of(c));
		if (ints && mark != 0)
			luaL_error(L, "%s is a list with holes (nil items)", what_of(c));
		/* The key array is a userdata, so a Lua error cannot leak it; the key strings stay
		 * anchored by the table. */
		keys = lua_newuserdatauv(L, (size_t)(total ? total : 1) * sizeof(*keys), 0);
		lua_pushnil(L);
		while (lua_next(L, idx)) {                          /* keys k x */
			lua_pop(L, 1);
			if (lua_type(L, -1) != LUA_TSTRING)
				luaL_error(L, "%s has a table key of type %s (keys must be strings)",
					   what_of(c), luaL_typename(L, -1));
			keys[n].s = lua_tolstring(L, -1, &keys[n].len);
			n++;
		}
		qsort(keys, (size_t)n, sizeof(*keys), keyref_cmp);
		v = rt_value_map();
		attach(c, parent, key, v);
		for (lua_Integer i = 0; i < n; i++) {
			if ((c->tv->flags & REZ_VALUE_DROP_PRIVATE) && keys[i].len >= 2 &&
			    keys[i].s[0] == '_' && keys[i].s[1] == '_')
				continue;
			if (memchr(keys[i].s, '\0', keys[i].len) ||
			    ((c->tv->flags & REZ_VALUE_UTF8) && utf8_error_at(keys[i].s, keys[i].len)))
				luaL_error(L, "%s has a key that is not valid UTF-8 text", what_of(c));
			lua_pushlstring(L, keys[i].s, keys[i].len);
			lua_rawget(L, idx);                         /* keys x */
			convert(L, c, lua_gettop(L), v, keys[i].s, depth + 1);
			lua_pop(L, 1);
		}
		lua_pop(L, 1);
	}
	lua_pushvalue(L, idx);
	lua_pushnil(L);
	lua_rawset(L, c->onpath);
}

static void convert(lua_State *L, struct conv *c, int idx, struct rt_value *parent,
		    const char *key, int depth)
{
	struct rez_tovalue *tv = c->tv;
	struct rt_value *v = NULL;
	int t;
	idx = lua_absindex(L, idx);
	if (depth > REZ_VALUE_MAX_DEPTH)
		luaL_error(L, "%s is nested too deeply (more than %d levels)", what_of(c),
			   REZ_VALUE_MAX_DEPTH);
	/* C functions only get LUA_MINSTACK slots; each level pushes a few */
	if (!lua_checkstack(L, 16))
		luaL_error(L, "%s is nested too deeply (out of stack)", what_of(c));
	if (tv->max_nodes && ++tv->nodes > tv->max_nodes)
		luaL_error(L, "%s is too large (more than %d values)", what_of(c), (int)tv->max_nodes);
	t = lua_type(L, idx);
	if (tv->special && (t == LUA_TFUNCTION || t == LUA_TUSERDATA || t == LUA_TLIGHTUSERDATA ||
			    (t == LUA_TTABLE && lua_getmetatable(L, idx) && (lua_pop(L, 1), 1)))) {
		if (tv->special(L, idx, key, depth == 0, tv->ud, &v)) {
			if (v)
				attach(c, parent, key, v);
			return;
		}
	}
	switch (t) {
	case LUA_TNIL:
		if (tv->flags & REZ_VALUE_NIL_NULL)
			attach(c, parent, key, rt_value_null());
		return;
	case LUA_TBOOLEAN:
		v = rt_value_bool(lua_toboolean(L, idx));
		break;
	case LUA_TNUMBER:
		if (lua_isinteger(L, idx)) {
			v = rt_value_int((long long)lua_tointeger(L, idx));
		} else {
			double d = (double)lua_tonumber(L, idx);
			if ((tv->flags & REZ_VALUE_FINITE) && !isfinite(d))
				luaL_error(L, "%s cannot hold %s", what_of(c),
					   isnan(d) ? "NaN" : "an infinite number");
			v = rt_value_float(d);
		}
		break;
	case LUA_TSTRING: {
		size_t len;
		const char *s = lua_tolstring(L, idx, &len);
		if ((tv->flags & REZ_VALUE_UTF8) && utf8_error_at(s, len))
			luaL_error(L, "%s is not valid UTF-8 text", what_of(c));
		v = rt_value_strn(s, len);
		break;
	}
	case LUA_TTABLE:
		if ((tv->flags & REZ_VALUE_VIEWS) && lua_getmetatable(L, idx)) {
			if (lua_getfield(L, -1, "__index") == LUA_TTABLE) {   /* mt view */
				lua_remove(L, -2);
				convert(L, c, lua_gettop(L), parent, key, depth);
				lua_pop(L, 1);
				return;
			}
			lua_pop(L, 2);
		}
		if (table_mark(L, idx) < 0 && (tv->flags & REZ_VALUE_TOSTRING) &&
		    luaL_getmetafield(L, idx, "__tostring") != LUA_TNIL) {
			lua_pop(L, 1);
			goto text;
		}
		convert_table(L, c, idx, parent, key, depth);
		return;
	case LUA_TUSERDATA:
		if (is_null(L, idx)) {
			v = rt_value_null();
			break;
		}
		if (luaL_testudata(L, idx, VERSION_TYPE) ||
		    ((tv->flags & REZ_VALUE_TOSTRING) &&
		     luaL_getmetafield(L, idx, "__tostring") != LUA_TNIL &&
		     (lua_pop(L, 1), 1)))
			goto text;
		/* fall through */
	default:
		luaL_error(L, "%s cannot hold a value of type %s", what_of(c), luaL_typename(L, idx));
		return;
	}
	attach(c, parent, key, v);
	return;
text: {
		size_t len;
		const char *s = luaL_tolstring(L, idx, &len);       /* +1 */
		v = rt_value_strn(s, len);
		lua_pop(L, 1);
		attach(c, parent, key, v);
	}
}

static void free_value(void *p)
{
	rt_value_free(p);
}

struct rt_value *rez_stdlib_to_value(lua_State *L, int idx, struct rez_tovalue *tv)
{
	struct conv c;
	idx = lua_absindex(L, idx);
	c.tv = tv;
	c.box = rez_box_new(L, free_value);                         /* [.. box] */
	lua_newtable(L);                                            /* [.. box onpath] */
	c.onpath = lua_gettop(L);
	convert(L, &c, idx, NULL, NULL, 0);
	lua_pop(L, 1);                                              /* [.. box] */
	return c.box->p;
}

struct rt_value *rez_stdlib_to_value_owned(lua_State *L, int idx, struct rez_tovalue *tv)
{
	struct rt_value *v;
	idx = lua_absindex(L, idx);
	rez_stdlib_to_value(L, idx, tv);                            /* [.. box] */
	v = ((struct rez_box *)lua_touserdata(L, -1))->p;
	((struct rez_box *)lua_touserdata(L, -1))->p = NULL;
	lua_pop(L, 1);
	return v;
}

void rez_stdlib_to_value_into(lua_State *L, int idx, struct rez_tovalue *tv,
			      struct rt_value *parent, const char *key)
{
	struct conv c;
	idx = lua_absindex(L, idx);
	c.tv = tv;
	c.box = NULL;
	lua_newtable(L);                                            /* [.. onpath] */
	c.onpath = lua_gettop(L);
	convert(L, &c, idx, parent, key, 0);
	lua_pop(L, 1);
}
