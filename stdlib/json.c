/* json.c - the `json` module: decode/encode JSON text (jansson, through runtime/json.h).
 *
 * decode returns nil plus a message on invalid text (policy files are data: a bad one is an
 * expected outcome the script may want to report); encode raises on values JSON cannot hold
 * (functions, NaN, mixed tables: a bug in the caller). */
#include "runtime/common.h"
#include "runtime/buf.h"
#include "runtime/json.h"
#include "runtime/value.h"
#include "stdlib/internal.h"

#include <errno.h>

#define JSON_MAX_FILE ((size_t)64 << 20)

static void free_value(void *p)
{
	rt_value_free(p);
}

/* Parses text and pushes the value, or nil + message; `name` labels messages. */
static int decode_text(lua_State *L, const char *text, size_t len, const char *name)
{
	struct rt_error *err = rez_stdlib_new_error(L);           /* [.. err] */
	struct rez_box *vbox = rez_box_new(L, free_value);        /* [.. err vbox] */
	vbox->p = rt_json_parse(text, len, name, err);
	if (!vbox->p) {
		lua_pushnil(L);
		lua_pushstring(L, rt_error_msg(err));
		return 2;
	}
	rez_stdlib_push_value(L, vbox->p);                        /* [.. value] */
	return 1;
}

/* json.decode(text) -> value | nil, message */
static int json_decode(lua_State *L)
{
	size_t len;
	const char *text = luaL_checklstring(L, 1, &len);
	return decode_text(L, text, len, "json");
}

/* json.load(path) -> value | nil, message (missing file or invalid JSON). Reads only. */
static int json_load(lua_State *L)
{
	const char *path = luaL_checkstring(L, 1);
	struct rt_buf *b = rez_stdlib_new_buf(L);                 /* [path b] */
	if (rt_buf_read_file(b, path, JSON_MAX_FILE) < 0) {
		lua_pushnil(L);
		lua_pushfstring(L, "%s: cannot read: %s", path, strerror(errno));
		return 2;
	}
	return decode_text(L, b->buf, b->len, path);
}

/* json.encode(value [, {indent = true}]) -> text; keys are written sorted */
static int json_encode(lua_State *L)
{
	unsigned flags = RT_JSON_SORT_KEYS;
	struct rt_value *v;
	struct rt_buf *b;
	struct rt_error *err;
	luaL_checkany(L, 1);
	if (!lua_isnoneornil(L, 2)) {
		luaL_checktype(L, 2, LUA_TTABLE);
		if (lua_getfield(L, 2, "indent") != LUA_TNIL && lua_toboolean(L, -1))
			flags |= RT_JSON_INDENT4;
		lua_pop(L, 1);
	}
	lua_settop(L, 2);
	{
		struct rez_tovalue tv = { REZ_VALUE_UTF8 | REZ_VALUE_FINITE | REZ_VALUE_EMPTY_MAP |
					  REZ_VALUE_NIL_NULL, "json.encode: the value", 0, 0, NULL, NULL, 0 };
		v = rez_stdlib_to_value(L, 1, &tv);               /* [v o vbox] */
	}
	b = rez_stdlib_new_buf(L);                                /* [v o vbox b] */
	err = rez_stdlib_new_error(L);                            /* [v o vbox b err] */
	if (rt_json_emit(v, flags, b, err) < 0)
		return luaL_error(L, "json.encode: %s", rt_error_msg(err));
	lua_pushlstring(L, b->buf, b->len);
	return 1;
}

/* json.array(t) / json.object(t): mark t so that an empty (or any) table encodes as [] / {} */
static int json_array(lua_State *L)
{
	if (lua_isnoneornil(L, 1)) {
		lua_settop(L, 0);
		lua_newtable(L);
	}
	luaL_checktype(L, 1, LUA_TTABLE);
	lua_settop(L, 1);
	rez_stdlib_mark(L, 1, 1);
	return 1;
}

static int json_object(lua_State *L)
{
	if (lua_isnoneornil(L, 1)) {
		lua_settop(L, 0);
		lua_newtable(L);
	}
	luaL_checktype(L, 1, LUA_TTABLE);
	lua_settop(L, 1);
	rez_stdlib_mark(L, 1, 0);
	return 1;
}

static const luaL_Reg json_funcs[] = {
	{ "decode", json_decode },
	{ "encode", json_encode },
	{ "load", json_load },
	{ "array", json_array },
	{ "object", json_object },
	{ NULL, NULL }
};

int luaopen_rez_json(lua_State *L)
{
	luaL_newlib(L, json_funcs);                               /* [json] */
	rez_stdlib_push_null(L);
	lua_setfield(L, -2, "null");
	return 1;
}
