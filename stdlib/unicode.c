/* unicode.c - the `unicode` module: UTF-8 validation, normalisation, case and width (utf8proc).
 *
 * Every function except validate raises on invalid UTF-8 (misuse: the caller handed us bytes
 * that are not text), naming the byte offset; validate is the query that returns false and
 * the reason instead. Case mapping in upper/lower is Unicode's simple (one-to-one) mapping;
 * casefold is full case folding ("ß" -> "ss"), for caseless comparison. */
#include "runtime/common.h"
#include "stdlib/internal.h"

#include <utf8proc.h>

/* Decodes the code point at s[i]; raises on invalid UTF-8. Returns its length in bytes. */
static size_t decode(lua_State *L, const char *s, size_t len, size_t i, utf8proc_int32_t *cp)
{
	utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
					      (utf8proc_ssize_t)(len - i), cp);
	if (n <= 0)
		luaL_error(L, "unicode: invalid UTF-8 at byte %I", (lua_Integer)i + 1);
	return (size_t)n;
}

/* Raises unless s is valid UTF-8. */
static void check_utf8(lua_State *L, const char *s, size_t len)
{
	utf8proc_int32_t cp;
	for (size_t i = 0; i < len; )
		i += decode(L, s, len, i, &cp);
}

/* unicode.validate(s) -> true | false, "invalid UTF-8 at byte N" */
static int unicode_validate(lua_State *L)
{
	size_t len;
	const char *s = luaL_checklstring(L, 1, &len);
	utf8proc_int32_t cp;
	for (size_t i = 0; i < len; ) {
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
						      (utf8proc_ssize_t)(len - i), &cp);
		if (n <= 0) {
			lua_pushboolean(L, 0);
			lua_pushfstring(L, "invalid UTF-8 at byte %I", (lua_Integer)i + 1);
			return 2;
		}
		i += (size_t)n;
	}
	lua_pushboolean(L, 1);
	return 1;
}

/* Runs utf8proc_map with `opts` on the string at index 1 and pushes the result. */
static int push_mapped(lua_State *L, const char *s, size_t len, utf8proc_option_t opts)
{
	struct rez_box *box;
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t n;
	check_utf8(L, s, len);
	box = rez_box_new(L, free);                               /* [.. box] */
	n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &out, opts);
	box->p = out;
	if (n < 0)
		return luaL_error(L, "unicode: %s", utf8proc_errmsg(n));
	lua_pushlstring(L, (const char *)out, (size_t)n);        /* [.. box result] */
	rez_box_free(box);
	return 1;
}

/* unicode.normalize(s [, form]) -> s in NFC (default), NFD, NFKC or NFKD */
static int unicode_normalize(lua_State *L)
{
	static const char *const forms[] = { "NFC", "NFD", "NFKC", "NFKD", NULL };
	static const utf8proc_option_t opts[] = {
		UTF8PROC_STABLE | UTF8PROC_COMPOSE,
		UTF8PROC_STABLE | UTF8PROC_DECOMPOSE,
		UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT,
		UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT,
	};
	size_t len;
	const char *s = luaL_checklstring(L, 1, &len);
	int form = luaL_checkoption(L, 2, "NFC", forms);
	return push_mapped(L, s, len, opts[form]);
}

/* unicode.casefold(s) -> s case-folded (for caseless comparison) */
static int unicode_casefold(lua_State *L)
{
	size_t len;
	const char *s = luaL_checklstring(L, 1, &len);
	return push_mapped(L, s, len, UTF8PROC_STABLE | UTF8PROC_CASEFOLD);
}

/* Maps every code point through f and pushes the result. */
static int map_codepoints(lua_State *L, utf8proc_int32_t (*f)(utf8proc_int32_t))
{
	size_t len;
	const char *s = luaL_checklstring(L, 1, &len);
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	for (size_t i = 0; i < len; ) {
		utf8proc_int32_t cp;
		utf8proc_uint8_t enc[4];
		i += decode(L, s, len, i, &cp);
		luaL_addlstring(&b, (const char *)enc, (size_t)utf8proc_encode_char(f(cp), enc));
	}
	luaL_pushresult(&b);
	return 1;
}

static int unicode_upper(lua_State *L) { return map_codepoints(L, utf8proc_toupper); }
static int unicode_lower(lua_State *L) { return map_codepoints(L, utf8proc_tolower); }

/* unicode.width(s) -> display columns in a terminal (wide East Asian characters count 2,
 * combining marks and control characters 0) */
static int unicode_width(lua_State *L)
{
	size_t len;
	const char *s = luaL_checklstring(L, 1, &len);
	lua_Integer w = 0;
	for (size_t i = 0; i < len; ) {
		utf8proc_int32_t cp;
		i += decode(L, s, len, i, &cp);
		w += utf8proc_charwidth(cp);
	}
	lua_pushinteger(L, w);
	return 1;
}

/* unicode.len(s) -> number of code points (raises on invalid UTF-8, unlike utf8.len) */
static int unicode_len(lua_State *L)
{
	size_t len;
	const char *s = luaL_checklstring(L, 1, &len);
	lua_Integer n = 0;
	for (size_t i = 0; i < len; n++) {
		utf8proc_int32_t cp;
		i += decode(L, s, len, i, &cp);
	}
	lua_pushinteger(L, n);
	return 1;
}

/* Grapheme iterator: upvalue 1 the string, upvalue 2 the next byte offset. Returns the next
 * grapheme cluster and its 1-based start position. */
static int graphemes_next(lua_State *L)
{
	size_t len;
	const char *s = lua_tolstring(L, lua_upvalueindex(1), &len);
	size_t start = (size_t)lua_tointeger(L, lua_upvalueindex(2)), i = start;
	utf8proc_int32_t prev, cp;
	utf8proc_int32_t state = 0;
	if (start >= len)
		return 0;
	i += decode(L, s, len, i, &prev);
	while (i < len) {
		size_t n = decode(L, s, len, i, &cp);
		if (utf8proc_grapheme_break_stateful(prev, cp, &state))
			break;
		prev = cp;
		i += n;
	}
	lua_pushinteger(L, (lua_Integer)i);
	lua_replace(L, lua_upvalueindex(2));
	lua_pushlstring(L, s + start, i - start);
	lua_pushinteger(L, (lua_Integer)start + 1);
	return 2;
}

/* unicode.graphemes(s) -> iterator: for g, pos in unicode.graphemes(s) do ... end.
 * The whole string is validated first, so a loop never stops half-way with an error. */
static int unicode_graphemes(lua_State *L)
{
	size_t len;
	const char *s = luaL_checklstring(L, 1, &len);
	check_utf8(L, s, len);
	lua_settop(L, 1);
	lua_pushinteger(L, 0);                                 /* [s 0] */
	lua_pushcclosure(L, graphemes_next, 2);                /* [iter] */
	return 1;
}

static const luaL_Reg unicode_funcs[] = {
	{ "validate", unicode_validate },
	{ "normalize", unicode_normalize },
	{ "casefold", unicode_casefold },
	{ "upper", unicode_upper },
	{ "lower", unicode_lower },
	{ "width", unicode_width },
	{ "len", unicode_len },
	{ "graphemes", unicode_graphemes },
	{ NULL, NULL }
};

int luaopen_rez_unicode(lua_State *L)
{
	luaL_newlib(L, unicode_funcs);
	lua_pushstring(L, utf8proc_unicode_version());
	lua_setfield(L, -2, "unicode_version");
	return 1;
}
