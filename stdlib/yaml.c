/* yaml.c - the `yaml` module: decode/encode YAML text through runtime/yaml.h (libyaml).
 *
 * Same channels as json: decode/load return nil plus a message on bad text or a missing
 * file; encode raises on values YAML cannot hold. Typing of plain scalars is PyYAML's
 * (see runtime/yaml.h), so a policy file reads the same as it did for Python Rez. */
#include "runtime/common.h"
#include "runtime/buf.h"
#include "runtime/value.h"
#include "runtime/yaml.h"
#include "stdlib/internal.h"

#include <errno.h>

#define YAML_MAX_FILE ((size_t)64 << 20)

static void free_value(void *p)
{
	rt_value_free(p);
}

static int decode_text(lua_State *L, const char *text, size_t len, const char *name)
{
	struct rt_error *err = rez_stdlib_new_error(L);           /* [.. err] */
	struct rez_box *vbox = rez_box_new(L, free_value);        /* [.. err vbox] */
	vbox->p = rt_yaml_parse(text, len, name, err);
	if (!vbox->p) {
		lua_pushnil(L);
		lua_pushstring(L, rt_error_msg(err));
		return 2;
	}
	rez_stdlib_push_value(L, vbox->p);                        /* [.. err vbox value] */
	return 1;
}

/* yaml.decode(text) -> value | nil, message */
static int yaml_decode(lua_State *L)
{
	size_t len;
	const char *text = luaL_checklstring(L, 1, &len);
	return decode_text(L, text, len, "yaml");
}

/* yaml.load(path) -> value | nil, message (missing file or invalid YAML). Reads only. */
static int yaml_load(lua_State *L)
{
	const char *path = luaL_checkstring(L, 1);
	struct rt_buf *b = rez_stdlib_new_buf(L);                 /* [path b] */
	if (rt_buf_read_file(b, path, YAML_MAX_FILE) < 0) {
		lua_pushnil(L);
		lua_pushfstring(L, "%s: cannot read: %s", path, strerror(errno));
		return 2;
	}
	return decode_text(L, b->buf, b->len, path);
}

/* yaml.encode(value) -> block-style YAML text; map keys sorted */
static int yaml_encode(lua_State *L)
{
	struct rt_value *v;
	struct rt_buf *b;
	struct rt_error *err;
	luaL_checkany(L, 1);
	lua_settop(L, 1);
	{
		struct rez_tovalue tv = { REZ_VALUE_UTF8 | REZ_VALUE_EMPTY_MAP | REZ_VALUE_NIL_NULL,
					  "yaml.encode: the value", 0, 0, NULL, NULL, 0 };
		v = rez_stdlib_to_value(L, 1, &tv);               /* [v vbox] */
	}
	b = rez_stdlib_new_buf(L);                                /* [v vbox b] */
	err = rez_stdlib_new_error(L);                            /* [v vbox b err] */
	if (rt_yaml_emit(v, b, err) < 0)
		return luaL_error(L, "yaml.encode: %s", rt_error_msg(err));
	lua_pushlstring(L, b->buf, b->len);
	return 1;
}

static const luaL_Reg yaml_funcs[] = {
	{ "decode", yaml_decode },
	{ "encode", yaml_encode },
	{ "load", yaml_load },
	{ NULL, NULL }
};

int luaopen_rez_yaml(lua_State *L)
{
	luaL_newlib(L, yaml_funcs);                               /* [yaml] */
	rez_stdlib_push_null(L);
	lua_setfield(L, -2, "null");
	return 1;
}
