/* rex.c - the Lua API of package commands over the C rex executor (see rex.h). */
#include "runtime/common.h"
#include "interp/rex.h"
#include "interp/include.h"
#include "interp/state.h"
#include "runtime/buf.h"
#include "runtime/rex.h"
#include "runtime/value.h"

#include <lauxlib.h>

#define STATE_KEY "rez.rex"            /* registry: the namespace state table S */
#define ENVVAR_MT "rez.EnvVar"         /* registry: metatable of env.FOO objects */
#define ESTR_MT "rez.EscapedString"    /* registry: metatable of literal()/expandable() */

/* S = { ns = namespace, box = box, handles = resolve bindings, run_handles = this,
 *       pkgenv = globals of the package running now } */

struct box {
	struct li_rex *lx;   /* NULL once li_rex_free ran: stale closures raise */
};

struct li_rex {
	lua_State *L;
	struct rt_rex *rx;
	const struct li_rex_context *ctx;
	struct box *box;
};

static struct li_rex *getlx(lua_State *L)
{
	struct box *b = lua_touserdata(L, lua_upvalueindex(1));
	if (!b || !b->lx)
		luaL_error(L, "rex function used outside its context");
	return b->lx;
}

/* ------------------------------------------------------------------------------------------
 * Escaped strings: a table {lit1, text1, lit2, text2, ...} with metatable rez.EscapedString
 */

static int is_mt(lua_State *L, int idx, const char *mt)
{
	int eq;
	if (!lua_getmetatable(L, idx))        /* +1 */
		return 0;
	luaL_getmetatable(L, mt);             /* +1 */
	eq = lua_rawequal(L, -1, -2);
	lua_pop(L, 2);
	return eq;
}

/* Appends a chunk to the escaped string at es (absolute index), merging same-kind chunks. */
static void es_add(lua_State *L, int es, int literal, const char *s, size_t len)
{
	lua_Integer n = (lua_Integer)lua_rawlen(L, es);
	if (n >= 2) {
		int last_lit;
		lua_rawgeti(L, es, n - 1);               /* +1 */
		last_lit = lua_toboolean(L, -1);
		lua_pop(L, 1);
		if (last_lit == literal) {
			luaL_Buffer b;
			luaL_buffinit(L, &b);
			lua_rawgeti(L, es, n);               /* +1 */
			luaL_addvalue(&b);
			luaL_addlstring(&b, s, len);
			luaL_pushresult(&b);                 /* +1 */
			lua_rawseti(L, es, n);
			return;
		}
		if (!len)
			return;
	}
	lua_pushboolean(L, literal);
	lua_rawseti(L, es, n + 1);
	lua_pushlstring(L, s, len);
	lua_rawseti(L, es, n + 2);
}

static int es_new(lua_State *L)
{
	lua_newtable(L);                   /* +1 */
	luaL_setmetatable(L, ESTR_MT);
	return lua_gettop(L);
}

/* Appends the value at idx to es: escaped strings keep their chunks, anything else becomes
 * one expandable chunk of its string form. */
static void es_append_value(lua_State *L, int es, int idx)
{
	idx = lua_absindex(L, idx);
	if (lua_istable(L, idx) && is_mt(L, idx, ESTR_MT)) {
		lua_Integer n = (lua_Integer)lua_rawlen(L, idx);
		for (lua_Integer i = 1; i + 1 <= n; i += 2) {
			size_t len;
			const char *s;
			int lit;
			lua_rawgeti(L, idx, i);            /* +1 */
			lit = lua_toboolean(L, -1);
			lua_rawgeti(L, idx, i + 1);        /* +1 */
			s = lua_tolstring(L, -1, &len);
			es_add(L, es, lit, s, len);
			lua_pop(L, 2);
		}
		return;
	}
	{
		size_t len;
		const char *s = luaL_tolstring(L, idx, &len);   /* +1 */
		es_add(L, es, 0, s, len);
		lua_pop(L, 1);
	}
}

static int es_make(lua_State *L, int literal)
{
	size_t len;
	const char *s = luaL_checklstring(L, 1, &len);
	int es = es_new(L);
	es_add(L, es, literal, s, len);
	if (len == 0 && lua_rawlen(L, es) == 0) {
		lua_pushboolean(L, literal);
		lua_rawseti(L, es, 1);
		lua_pushliteral(L, "");
		lua_rawseti(L, es, 2);
	}
	return 1;
}

static int rex_literal(lua_State *L) { return es_make(L, 1); }
static int rex_expandable(lua_State *L) { return es_make(L, 0); }

/* es.l(s) / es:l(s): upvalues 1 the string, 2 literal flag. Appends in place, returns it. */
static int es_chain(lua_State *L)
{
	int base = 1;
	size_t len;
	const char *s;
	if (lua_gettop(L) >= 2 && lua_rawequal(L, 1, lua_upvalueindex(1)))
		base = 2;
	s = luaL_checklstring(L, base, &len);
	es_add(L, lua_upvalueindex(1), lua_toboolean(L, lua_upvalueindex(2)), s, len);
	lua_pushvalue(L, lua_upvalueindex(1));
	return 1;
}

static int es_index(lua_State *L)
{
	const char *k = luaL_checkstring(L, 2);
	int lit;
	if (rt_streq(k, "l") || rt_streq(k, "literal"))
		lit = 1;
	else if (rt_streq(k, "e") || rt_streq(k, "expandable"))
		lit = 0;
	else
		return luaL_error(L, "escaped string has no attribute '%s'", k);
	lua_pushvalue(L, 1);
	lua_pushboolean(L, lit);
	lua_pushcclosure(L, es_chain, 2);   /* +1 */
	return 1;
}

static int es_concat(lua_State *L)
{
	int es = es_new(L);
	es_append_value(L, es, 1);
	es_append_value(L, es, 2);
	return 1;
}

static int es_tostring(lua_State *L)
{
	luaL_Buffer b;
	lua_Integer n = (lua_Integer)lua_rawlen(L, 1);
	luaL_buffinit(L, &b);
	for (lua_Integer i = 2; i <= n; i += 2) {
		lua_rawgeti(L, 1, i);   /* +1 */
		luaL_addvalue(&b);
	}
	luaL_pushresult(&b);
	return 1;
}

static int es_eq(lua_State *L)
{
	lua_Integer n = (lua_Integer)lua_rawlen(L, 1);
	int eq = is_mt(L, 2, ESTR_MT) && n == (lua_Integer)lua_rawlen(L, 2);
	for (lua_Integer i = 1; eq && i <= n; i++) {
		lua_rawgeti(L, 1, i);
		lua_rawgeti(L, 2, i);
		eq = lua_rawequal(L, -1, -2);
		lua_pop(L, 2);
	}
	lua_pushboolean(L, eq);
	return 1;
}

/* ------------------------------------------------------------------------------------------
 * Values passed to rex functions
 */

enum vkind { V_EXPANDABLE, V_LITERAL, V_ESCAPED };

static int getenv_raise(lua_State *L, struct li_rex *lx, const char *name)
{
	struct rt_error err = RT_ERROR_INIT;
	const char *v;
	if (rt_rex_getenv(lx->rx, name, &v, &err))
		return li_bind_raise(L, &err);
	lua_pushstring(L, v);   /* +1 */
	return 1;
}

static const char *envvar_name(lua_State *L, int idx)
{
	const char *name;
	lua_rawgeti(L, idx, 1);            /* +1 */
	name = lua_tostring(L, -1);
	lua_pop(L, 1);                     /* still referenced by the EnvVar table */
	return name;
}

/* Normalises the argument at idx in place (a string or an escaped string) and says which.
 * Non-strings are not formatted (as Rez: str() of an object is taken as is). */
static enum vkind prepare_value(lua_State *L, struct li_rex *lx, int idx)
{
	idx = lua_absindex(L, idx);
	switch (lua_type(L, idx)) {
	case LUA_TSTRING:
		return V_EXPANDABLE;
	case LUA_TNUMBER:
	case LUA_TBOOLEAN:
		luaL_tolstring(L, idx, NULL);   /* +1 */
		lua_replace(L, idx);
		return V_LITERAL;
	case LUA_TTABLE:
		if (is_mt(L, idx, ESTR_MT))
			return V_ESCAPED;
		if (is_mt(L, idx, ENVVAR_MT)) {
			/* env.B = env.A copies A's current value exactly. */
			getenv_raise(L, lx, envvar_name(L, idx));   /* +1 */
			lua_replace(L, idx);
			return V_LITERAL;
		}
		/* fall through */
	case LUA_TUSERDATA:
		if (luaL_getmetafield(L, idx, "__tostring") != LUA_TNIL) {   /* +1 */
			lua_pop(L, 1);
			luaL_tolstring(L, idx, NULL);   /* +1 */
			lua_replace(L, idx);
			return V_LITERAL;
		}
		/* fall through */
	default:
		luaL_typeerror(L, idx, "string");
	}
	return V_EXPANDABLE;
}

/* Builds the C form of a prepared value. Raises nothing (only reads existing strings). */
static void build_estr(lua_State *L, int idx, enum vkind kind, struct rt_estr *e)
{
	size_t len;
	const char *s;
	if (kind != V_ESCAPED) {
		s = lua_tolstring(L, idx, &len);
		rt_estr_add(e, kind == V_LITERAL, s, len);
		return;
	}
	for (lua_Integer i = 1; i + 1 <= (lua_Integer)lua_rawlen(L, idx); i += 2) {
		int lit;
		lua_rawgeti(L, idx, i);
		lit = lua_toboolean(L, -1);
		lua_rawgeti(L, idx, i + 1);
		s = lua_tolstring(L, -1, &len);
		rt_estr_add(e, lit, s ? s : "", s ? len : 0);
		lua_pop(L, 2);
	}
}

enum op { OP_SET, OP_RESET, OP_APPEND, OP_PREPEND, OP_ALIAS, OP_INFO, OP_ERROR, OP_COMMENT,
	  OP_SOURCE };

/* Runs a rex operation on key (may be NULL) and the value at vidx; raises on failure. */
static void apply(lua_State *L, struct li_rex *lx, enum op op, const char *key, int vidx)
{
	struct rt_error err = RT_ERROR_INIT;
	struct rt_estr e = RT_ESTR_INIT;
	enum vkind kind;
	int rc = 0;
	vidx = lua_absindex(L, vidx);
	kind = prepare_value(L, lx, vidx);
	build_estr(L, vidx, kind, &e);   /* from here to the release nothing may raise */
	switch (op) {
	case OP_SET: rc = rt_rex_setenv(lx->rx, key, &e, &err); break;
	case OP_RESET: rc = rt_rex_resetenv(lx->rx, key, &e, &err); break;
	case OP_APPEND: rc = rt_rex_appendenv(lx->rx, key, &e, &err); break;
	case OP_PREPEND: rc = rt_rex_prependenv(lx->rx, key, &e, &err); break;
	case OP_ALIAS: rc = rt_rex_alias(lx->rx, key, &e, &err); break;
	case OP_INFO: rc = rt_rex_info(lx->rx, &e, &err); break;
	case OP_ERROR: rc = rt_rex_error(lx->rx, &e, &err); break;
	case OP_COMMENT: rc = rt_rex_comment(lx->rx, &e, &err); break;
	case OP_SOURCE: rc = rt_rex_source(lx->rx, &e, &err); break;
	}
	rt_estr_release(&e);
	if (rc)
		li_bind_raise(L, &err);
}

/* A variable name argument: a string (numbers are accepted as their text). */
static const char *check_key(lua_State *L, int idx)
{
	if (lua_istable(L, idx) && is_mt(L, idx, ENVVAR_MT))
		return envvar_name(L, idx);
	return luaL_checkstring(L, idx);
}

/* ------------------------------------------------------------------------------------------
 * The rex functions
 */

static int kv_op(lua_State *L, enum op op)
{
	struct li_rex *lx = getlx(L);
	const char *key = check_key(L, 1);
	luaL_checkany(L, 2);
	apply(L, lx, op, key, 2);
	return 0;
}

static int rex_setenv(lua_State *L) { return kv_op(L, OP_SET); }
static int rex_resetenv(lua_State *L) { return kv_op(L, OP_RESET); }   /* friends: unused */
static int rex_appendenv(lua_State *L) { return kv_op(L, OP_APPEND); }
static int rex_prependenv(lua_State *L) { return kv_op(L, OP_PREPEND); }
static int rex_alias(lua_State *L) { return kv_op(L, OP_ALIAS); }

static int rex_unsetenv(lua_State *L)
{
	struct li_rex *lx = getlx(L);
	struct rt_error err = RT_ERROR_INIT;
	if (rt_rex_unsetenv(lx->rx, check_key(L, 1), &err))
		return li_bind_raise(L, &err);
	return 0;
}

static int rex_getenv(lua_State *L)
{
	struct li_rex *lx = getlx(L);
	return getenv_raise(L, lx, check_key(L, 1));
}

static int defined_common(lua_State *L, int want)
{
	struct li_rex *lx = getlx(L);
	struct rt_error err = RT_ERROR_INIT;
	int d = rt_rex_defined(lx->rx, check_key(L, 1), &err);
	if (d < 0)
		return li_bind_raise(L, &err);
	lua_pushboolean(L, d == want);
	return 1;
}

static int rex_defined(lua_State *L) { return defined_common(L, 1); }
static int rex_undefined(lua_State *L) { return defined_common(L, 0); }

static int msg_op(lua_State *L, enum op op, int optional)
{
	struct li_rex *lx = getlx(L);
	if (optional && lua_isnoneornil(L, 1)) {
		lua_settop(L, 0);
		lua_pushliteral(L, "");
	} else {
		luaL_checkany(L, 1);
	}
	if (lua_gettop(L) > 1)
		return luaL_error(L, "%s() takes one argument (use string.format to build the "
				  "message)", op == OP_INFO ? "info" : op == OP_ERROR ? "error" :
				  op == OP_COMMENT ? "comment" : "source");
	apply(L, lx, op, NULL, 1);
	return 0;
}

static int rex_info(lua_State *L) { return msg_op(L, OP_INFO, 1); }
static int rex_error(lua_State *L) { return msg_op(L, OP_ERROR, 0); }
static int rex_comment(lua_State *L) { return msg_op(L, OP_COMMENT, 1); }
static int rex_source(lua_State *L) { return msg_op(L, OP_SOURCE, 0); }

static int rex_command(lua_State *L)
{
	struct li_rex *lx = getlx(L);
	struct rt_error err = RT_ERROR_INIT;
	int rc;
	if (lua_istable(L, 1) && is_mt(L, 1, ESTR_MT))
		return luaL_error(L, "command() does not accept literal() or expandable(): "
				  "its text is never expanded");
	if (lua_istable(L, 1) && !is_mt(L, 1, ENVVAR_MT)) {
		lua_Integer n = (lua_Integer)lua_rawlen(L, 1);
		const char **argv;
		if (n < 1)
			return luaL_error(L, "command() needs at least one word");
		/* Every word as a string on the stack first, then the C array (nothing raises
		 * between its allocation and its release). */
		luaL_checkstack(L, (int)n, "too many command words");
		for (lua_Integer i = 1; i <= n; i++) {
			lua_rawgeti(L, 1, i);
			if (lua_type(L, -1) != LUA_TSTRING && lua_type(L, -1) != LUA_TNUMBER)
				return luaL_error(L, "command() word %d must be a string (got %s)",
						  (int)i, luaL_typename(L, -1));
			luaL_tolstring(L, -1, NULL);
			lua_replace(L, -2);
		}
		argv = rt_xmalloc(rt_st_mult((size_t)n, sizeof(*argv)));
		for (lua_Integer i = 0; i < n; i++)
			argv[i] = lua_tostring(L, -(int)n + (int)i);
		rc = rt_rex_command_argv(lx->rx, argv, (size_t)n, &err);
		free(argv);
	} else {
		if (lua_istable(L, 1)) {   /* an env.FOO object: its value */
			getenv_raise(L, lx, envvar_name(L, 1));
			lua_replace(L, 1);
		}
		rc = rt_rex_command(lx->rx, luaL_checkstring(L, 1), &err);
	}
	if (rc)
		return li_bind_raise(L, &err);
	return 0;
}

static int rex_shebang(lua_State *L)
{
	rt_rex_shebang(getlx(L)->rx);
	return 0;
}

/* stop(msg, ...): abort the commands with a printf-style message (formatted only when
 * arguments follow, so stop("100% broken") works). */
static int rex_stop(lua_State *L)
{
	int n = lua_gettop(L);
	luaL_checkstring(L, 1);
	if (n > 1) {
		lua_getglobal(L, "string");          /* +1 */
		lua_getfield(L, -1, "format");       /* +1 */
		lua_insert(L, 1);
		lua_pop(L, 1);
		lua_call(L, n, 1);                   /* string.format(msg, ...) */
	}
	luaL_where(L, 1);                        /* +1 location of the caller */
	lua_insert(L, -2);
	lua_concat(L, 2);
	return lua_error(L);
}

static int rex_expandvars(lua_State *L)
{
	struct li_rex *lx = getlx(L);
	struct rt_error err = RT_ERROR_INIT;
	struct rt_estr e = RT_ESTR_INIT;
	struct rt_buf out = RT_BUF_INIT;
	enum vkind kind;
	int do_format = lua_isnoneornil(L, 2) ? 1 : lua_toboolean(L, 2), rc;
	luaL_checkany(L, 1);
	lua_settop(L, 1);
	kind = prepare_value(L, lx, 1);
	build_estr(L, 1, kind, &e);
	rc = rt_rex_expandvars(lx->rx, &e, do_format, &out, &err);
	rt_estr_release(&e);
	if (rc) {
		rt_buf_release(&out);
		return li_bind_raise(L, &err);
	}
	li_bind_push_buf(L, &out);   /* +1 */
	return 1;
}

static int rex_optionvars(lua_State *L)
{
	struct li_rex *lx = getlx(L);
	const char *name = luaL_checkstring(L, 1);
	const struct rt_value *cur = lx->ctx ? lx->ctx->optionvars : NULL;
	const char *p = name;
	while (cur) {
		const char *dot = strchr(p, '.');
		size_t len = dot ? (size_t)(dot - p) : strlen(p);
		const struct rt_value *next = NULL;
		if (cur->type != RT_MAP)
			return luaL_error(L, "optionvar '%s' is invalid because '%.*s' is not a map",
					  name, (int)(p - name - 1), name);
		for (size_t i = 0; i < rt_map_len(cur); i++)
			if (strlen(rt_map_key(cur, i)) == len && !memcmp(rt_map_key(cur, i), p, len))
				next = rt_map_val(cur, i);
		cur = next;
		if (!dot)
			break;
		p = dot + 1;
	}
	if (!cur) {
		lua_settop(L, 2);
		return 1;   /* the default (nil when not given) */
	}
	li_bind_value(L, cur);
	return 1;
}

/* ------------------------------------------------------------------------------------------
 * env and env.FOO objects
 */

enum method { M_SET, M_APPEND, M_PREPEND, M_RESET, M_UNSET, M_GET, M_SETDEFAULT };

static const char *const method_names[] = {
	"set", "append", "prepend", "reset", "unset", "get", "setdefault", "value", NULL
};

/* Upvalues: 1 box, 2 the EnvVar, 3 the method. Works called as v:m(x) and v.m(x). */
static int envvar_method(lua_State *L)
{
	struct li_rex *lx = getlx(L);
	enum method m = (enum method)lua_tointeger(L, lua_upvalueindex(3));
	const char *name = envvar_name(L, lua_upvalueindex(2));
	struct rt_error err = RT_ERROR_INIT;
	int base = 1, d;
	if (lua_gettop(L) >= 1 && lua_rawequal(L, 1, lua_upvalueindex(2)))
		base = 2;
	switch (m) {
	case M_SET:
	case M_APPEND:
	case M_PREPEND:
	case M_RESET:
		luaL_checkany(L, base);
		apply(L, lx, m == M_SET ? OP_SET : m == M_APPEND ? OP_APPEND :
			  m == M_PREPEND ? OP_PREPEND : OP_RESET, name, base);
		return 0;
	case M_UNSET:
		if (rt_rex_unsetenv(lx->rx, name, &err))
			return li_bind_raise(L, &err);
		return 0;
	case M_GET:
		return getenv_raise(L, lx, name);
	case M_SETDEFAULT:
		/* Sets when the variable is undefined or empty (Rez: "if not self"). */
		luaL_checkany(L, base);
		d = rt_rex_defined(lx->rx, name, &err);
		if (d < 0)
			return li_bind_raise(L, &err);
		if (d) {
			const char *v;
			if (rt_rex_getenv(lx->rx, name, &v, &err))
				return li_bind_raise(L, &err);
			if (*v)
				return 0;
		}
		apply(L, lx, OP_SET, name, base);
		return 0;
	}
	return 0;
}

static int envvar_index(lua_State *L)
{
	const char *k = luaL_checkstring(L, 2);
	for (int i = 0; method_names[i]; i++) {
		if (rt_streq(k, method_names[i])) {
			lua_pushvalue(L, lua_upvalueindex(1));   /* box */
			lua_pushvalue(L, 1);
			lua_pushinteger(L, rt_streq(k, "value") ? M_GET : i);
			lua_pushcclosure(L, envvar_method, 3);   /* +1 */
			return 1;
		}
	}
	if (rt_streq(k, "name")) {
		lua_rawgeti(L, 1, 1);
		return 1;
	}
	return luaL_error(L, "environment variable object has no attribute '%s' (methods: set, "
			  "append, prepend, reset, unset, get, value, setdefault)", k);
}

static int envvar_tostring(lua_State *L)
{
	struct li_rex *lx = getlx(L);
	return getenv_raise(L, lx, envvar_name(L, 1));
}

static int envvar_eq(lua_State *L)
{
	struct li_rex *lx = getlx(L);
	if (!is_mt(L, 1, ENVVAR_MT) || !is_mt(L, 2, ENVVAR_MT)) {
		lua_pushboolean(L, 0);
		return 1;
	}
	getenv_raise(L, lx, envvar_name(L, 1));
	getenv_raise(L, lx, envvar_name(L, 2));
	lua_pushboolean(L, lua_rawequal(L, -1, -2));
	return 1;
}

/* env.FOO .. "x": the current value; with an escaped string the result is escaped too. */
static int envvar_concat(lua_State *L)
{
	struct li_rex *lx = getlx(L);
	int es = 0;
	for (int i = 1; i <= 2; i++) {
		if (is_mt(L, i, ENVVAR_MT)) {
			getenv_raise(L, lx, envvar_name(L, i));
			lua_replace(L, i);
		} else if (lua_istable(L, i) && is_mt(L, i, ESTR_MT)) {
			es = 1;
		}
	}
	if (es)
		return es_concat(L);
	luaL_tolstring(L, 1, NULL);
	luaL_tolstring(L, 2, NULL);
	lua_concat(L, 2);
	return 1;
}

static int envvar_newindex(lua_State *L)
{
	return luaL_error(L, "cannot assign to an attribute of an environment variable object "
			  "(use env.NAME = value or env.NAME:set(value))");
}

static int env_index(lua_State *L)
{
	const char *k = luaL_checkstring(L, 2);
	lua_createtable(L, 1, 0);           /* +1 a new object per access */
	lua_pushstring(L, k);
	lua_rawseti(L, -2, 1);
	luaL_setmetatable(L, ENVVAR_MT);
	return 1;
}

static int env_newindex(lua_State *L)
{
	struct li_rex *lx = getlx(L);
	const char *k = luaL_checkstring(L, 2);
	if (lua_isnil(L, 3))
		return luaL_error(L, "cannot assign nil to env.%s (use env.%s:unset())", k, k);
	apply(L, lx, OP_SET, k, 3);
	return 0;
}

/* ------------------------------------------------------------------------------------------
 * Object references in strings: {root}, {this.version.major}, {resolve.foo.root}
 */

struct walk {
	const char *expr;
	const struct rt_rex_field *f;
	size_t n;
	struct rt_buf *out;
};

static int walk_main(lua_State *L)
{
	struct walk *w = lua_touserdata(L, 1);
	size_t len;
	const char *s;
	lua_getfield(L, LUA_REGISTRYINDEX, STATE_KEY);   /* +1 S */
	lua_getfield(L, -1, "pkgenv");                   /* +1 */
	lua_pushlstring(L, w->f[0].name, w->f[0].len);   /* +1 */
	if (!lua_istable(L, -2) || lua_rawget(L, -2) == LUA_TNIL) {
		lua_settop(L, 2);
		lua_getfield(L, 2, "ns");                    /* +1 */
		lua_pushlstring(L, w->f[0].name, w->f[0].len);
		if (lua_rawget(L, -2) == LUA_TNIL)
			return luaL_error(L, "unknown key '{%s}'", w->expr);
	}
	for (size_t i = 1; i < w->n; i++) {
		const struct rt_rex_field *f = &w->f[i];
		int t = lua_type(L, -1);
		if (t != LUA_TTABLE && t != LUA_TUSERDATA)
			return luaL_error(L, "'{%s}': cannot look up '%.*s' in a %s", w->expr,
					  (int)f->len, f->name, lua_typename(L, t));
		if (f->is_number)
			lua_pushinteger(L, (lua_Integer)strtoll(f->name, NULL, 10));
		else
			lua_pushlstring(L, f->name, f->len);
		if (lua_gettable(L, -2) == LUA_TNIL)
			return luaL_error(L, "unknown key '{%s}'", w->expr);
		lua_remove(L, -2);
	}
	switch (lua_type(L, -1)) {
	case LUA_TSTRING:
	case LUA_TNUMBER:
	case LUA_TBOOLEAN:
		break;
	default:
		if (luaL_getmetafield(L, -1, "__tostring") == LUA_TNIL)
			return luaL_error(L, "'{%s}' is a %s, not a string", w->expr,
					  luaL_typename(L, -1));
		lua_pop(L, 1);
	}
	s = luaL_tolstring(L, -1, &len);
	rt_buf_add(w->out, s, len);
	return 0;
}

static int lookup_cb(void *ud, const char *expr, const struct rt_rex_field *fields, size_t n,
		     struct rt_buf *out, struct rt_error *err)
{
	struct li_rex *lx = ud;
	lua_State *L = lx->L;
	struct walk w = { expr, fields, n, out };
	if (!lua_checkstack(L, 4))
		return rt_error(err, "Lua stack overflow");
	lua_pushcfunction(L, walk_main);
	lua_pushlightuserdata(L, &w);
	if (lua_pcall(L, 1, 0, 0) != LUA_OK) {
		const char *m = lua_tostring(L, -1);
		rt_error(err, "%s", m ? m : "error while expanding an object reference");
		lua_pop(L, 1);
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------------------------------------
 * Running stored functions
 */

/* Reads of globals: the namespace, then the sandbox globals, else an error.
 * Upvalues: 1 namespace, 2 globals. */
static int env_fallback(lua_State *L)
{
	lua_pushvalue(L, 2);
	if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL)   /* +1 */
		return 1;
	lua_pop(L, 1);
	lua_pushvalue(L, 2);
	if (lua_gettable(L, lua_upvalueindex(2)) != LUA_TNIL)
		return 1;
	if (lua_type(L, 2) == LUA_TSTRING)
		return luaL_error(L, "undefined name '%s'", lua_tostring(L, 2));
	return luaL_error(L, "undefined name");
}

void li_func_env(lua_State *L, int ns_idx)
{
	ns_idx = lua_absindex(L, ns_idx);
	lua_newtable(L);                        /* +1 env */
	lua_createtable(L, 0, 1);               /* +1 metatable */
	lua_pushvalue(L, ns_idx);
	lua_pushglobaltable(L);
	lua_pushcclosure(L, env_fallback, 2);
	lua_setfield(L, -2, "__index");
	lua_setmetatable(L, -2);                /* -1 */
}

int li_func_load(lua_State *L, const struct rt_func *fn, int *wrapped, struct rt_error *err)
{
	struct rt_buf text = RT_BUF_INIT, chunk = RT_BUF_INIT;
	struct rt_error err2 = RT_ERROR_INIT;
	const char *src = fn->source ? fn->source : "", *p = src;
	int first = fn->first_line > 0 ? fn->first_line : 1, ret = 0;

	/* Decorator lines in front of the definition are blanked (line numbers kept). */
	for (;;) {
		const char *q = p, *nl;
		while (*q == ' ' || *q == '\t')
			q++;
		if (*q != '@')
			break;
		nl = strchr(q, '\n');
		rt_buf_addch(&text, '\n');
		if (!nl) {
			p = q + strlen(q);
			break;
		}
		p = nl + 1;
	}
	rt_buf_adds(&text, p);
	rt_buf_addf(&chunk, "@%s", fn->file ? fn->file : "?");

	{
		struct rt_buf b = RT_BUF_INIT;
		rt_buf_addchars(&b, '\n', (size_t)first - 1);
		rt_buf_addbuf(&b, &text);
		*wrapped = 0;
		if (li_state_load(L, b.buf, b.len, chunk.buf, err) == 0)
			goto out_b;
		/* A table field: `commands = function() ... end,` */
		rt_buf_reset(&b);
		if (first >= 2) {
			rt_buf_addchars(&b, '\n', (size_t)first - 2);
			rt_buf_adds(&b, "return {\n");
		} else {
			rt_buf_adds(&b, "return {");
		}
		rt_buf_addbuf(&b, &text);
		rt_buf_adds(&b, "\n}");
		if (li_state_load(L, b.buf, b.len, chunk.buf, &err2) == 0) {
			*wrapped = 1;
			if (err)
				rt_error_release(err);
		} else {
			ret = -1;   /* report the first form's error */
		}
out_b:
		rt_buf_release(&b);
	}
	rt_error_release(&err2);
	rt_buf_release(&text);
	rt_buf_release(&chunk);
	return ret;
}

void li_func_call(lua_State *L, int chunk_idx, int env_idx, const struct rt_func *fn, int wrapped,
		  int nresults)
{
	const char *name = fn->name ? fn->name : "";
	chunk_idx = lua_absindex(L, chunk_idx);
	env_idx = lua_absindex(L, env_idx);
	lua_pushvalue(L, chunk_idx);
	lua_pushvalue(L, env_idx);
	if (!lua_setupvalue(L, -2, 1))          /* the main chunk's _ENV */
		lua_pop(L, 1);
	lua_call(L, 0, 1);                      /* +1 what the chunk returned */
	if (wrapped) {
		if (!lua_istable(L, -1) || lua_getfield(L, -1, name) != LUA_TFUNCTION)
			luaL_error(L, "%s: no function '%s' found in its source", fn->file, name);
		lua_remove(L, -2);
	} else {
		lua_pushstring(L, name);
		lua_rawget(L, env_idx);             /* +1 function defined by the chunk? */
		if (lua_type(L, -1) == LUA_TFUNCTION) {
			lua_remove(L, -2);
		} else {
			lua_pop(L, 1);
			if (lua_type(L, -1) != LUA_TFUNCTION) {
				/* A bare body: it ran already, its return value is the result. */
				if (nresults == 0)
					lua_pop(L, 1);
				for (int i = 1; i < nresults; i++)
					lua_pushnil(L);
				return;
			}
		}
	}
	lua_call(L, 0, nresults);
}

void li_func_error(struct rt_error *err, const char *prefix, const char *file)
{
	const char *m = err && err->msg ? err->msg : "unknown error";
	size_t flen = file ? strlen(file) : 0;
	struct rt_buf loc = RT_BUF_INIT, rest = RT_BUF_INIT;
	if (flen && !strncmp(m, file, flen) && m[flen] == ':' && m[flen + 1] >= '0' &&
	    m[flen + 1] <= '9') {
		const char *q = m + flen + 1;
		while (*q >= '0' && *q <= '9')
			q++;
		rt_buf_add(&loc, m, (size_t)(q - m));
		if (q[0] == ':' && q[1] == ' ')
			q += 2;
		/* li_state_pcall may have prefixed the location a second time. */
		while (!strncmp(q, loc.buf, loc.len) && q[loc.len] == ':' && q[loc.len + 1] == ' ')
			q += loc.len + 2;
		rt_buf_adds(&rest, q);
	} else {
		rt_buf_adds(&loc, file ? file : "?");
		rt_buf_adds(&rest, m);
	}
	rt_error(err, "%s (%s): %s", prefix, loc.buf, rest.buf);
	rt_buf_release(&loc);
	rt_buf_release(&rest);
}

/* ------------------------------------------------------------------------------------------
 * The namespace
 */

static const luaL_Reg rex_funcs[] = {
	{ "setenv", rex_setenv },
	{ "unsetenv", rex_unsetenv },
	{ "resetenv", rex_resetenv },
	{ "prependenv", rex_prependenv },
	{ "appendenv", rex_appendenv },
	{ "getenv", rex_getenv },
	{ "defined", rex_defined },
	{ "undefined", rex_undefined },
	{ "alias", rex_alias },
	{ "command", rex_command },
	{ "comment", rex_comment },
	{ "info", rex_info },
	{ "error", rex_error },
	{ "stop", rex_stop },
	{ "source", rex_source },
	{ "shebang", rex_shebang },
	{ "expandvars", rex_expandvars },
	{ "optionvars", rex_optionvars },
	{ NULL, NULL }
};

static void set_resolve(lua_State *L, struct li_rex *lx, int ns)
{
	const struct li_rex_context *c = lx->ctx;
	lua_newtable(L);                              /* +1 name -> binding */
	for (size_t i = 0; c && i < c->n_resolve; i++) {
		lua_getfield(L, LUA_REGISTRYINDEX, STATE_KEY);
		lua_getfield(L, -1, "handles");
		li_bind_variant(L, &c->resolve[i], lx->rx, -1);   /* +1 */
		lua_setfield(L, -4, c->resolve[i].name);
		lua_pop(L, 2);
	}
	li_bind_resolve(L, -1);                       /* +1 */
	lua_setfield(L, ns, "resolve");
	lua_pop(L, 1);
}

static int new_pmain(lua_State *L)
{
	struct li_rex *lx = lua_touserdata(L, 1);
	const struct li_rex_context *c = lx->ctx;
	int S, ns;
	li_bind_init(L);

	lua_newtable(L);                              /* +1 S */
	S = lua_gettop(L);
	lua_pushvalue(L, S);
	lua_setfield(L, LUA_REGISTRYINDEX, STATE_KEY);
	lx->box = lua_newuserdatauv(L, sizeof(struct box), 0);   /* +1 */
	lx->box->lx = lx;
	lua_setfield(L, S, "box");
	li_bind_handles_new(L);
	lua_setfield(L, S, "handles");
	li_bind_handles_new(L);
	lua_setfield(L, S, "run_handles");
	lua_newtable(L);                              /* +1 ns */
	ns = lua_gettop(L);
	lua_pushvalue(L, ns);
	lua_setfield(L, S, "ns");

	lua_getfield(L, S, "box");
	luaL_setfuncs(L, rex_funcs, 1);              /* every function gets the box */
	lua_getglobal(L, "error");
	lua_setfield(L, ns, "lua_error");
	lua_pushcfunction(L, rex_literal);
	lua_setfield(L, ns, "literal");
	lua_pushcfunction(L, rex_expandable);
	lua_setfield(L, ns, "expandable");
	lua_pushcfunction(L, li_bind_intersects);
	lua_setfield(L, ns, "intersects");

	/* Escaped strings. */
	luaL_newmetatable(L, ESTR_MT);               /* +1 */
	lua_pushcfunction(L, es_index);
	lua_setfield(L, -2, "__index");
	lua_pushcfunction(L, es_concat);
	lua_setfield(L, -2, "__concat");
	lua_pushcfunction(L, es_concat);
	lua_setfield(L, -2, "__add");
	lua_pushcfunction(L, es_tostring);
	lua_setfield(L, -2, "__tostring");
	lua_pushcfunction(L, es_eq);
	lua_setfield(L, -2, "__eq");
	lua_pop(L, 1);

	/* env.FOO objects: a fresh metatable per executor (its closures hold this box). */
	lua_newtable(L);                              /* +1 */
	lua_pushvalue(L, -1);
	lua_setfield(L, LUA_REGISTRYINDEX, ENVVAR_MT);
	{
		static const luaL_Reg mt[] = {
			{ "__index", envvar_index }, { "__tostring", envvar_tostring },
			{ "__eq", envvar_eq }, { "__concat", envvar_concat },
			{ "__newindex", envvar_newindex }, { NULL, NULL }
		};
		lua_getfield(L, S, "box");
		luaL_setfuncs(L, mt, 1);
		lua_pushliteral(L, "environment variable");
		lua_setfield(L, -2, "__name");
	}
	lua_pop(L, 1);

	lua_newtable(L);                              /* +1 env */
	lua_createtable(L, 0, 2);
	lua_getfield(L, S, "box");
	lua_pushcclosure(L, env_index, 1);
	lua_setfield(L, -2, "__index");
	lua_getfield(L, S, "box");
	lua_pushcclosure(L, env_newindex, 1);
	lua_setfield(L, -2, "__newindex");
	lua_setmetatable(L, -2);
	lua_setfield(L, ns, "env");

	/* Context-wide bindings. */
	lua_pushboolean(L, c && c->building);
	lua_setfield(L, ns, "building");
	lua_pushboolean(L, c && c->testing);
	lua_setfield(L, ns, "testing");
	li_bind_system(L, c ? c->system : NULL);
	lua_setfield(L, ns, "system");
	li_bind_requirements(L, LI_REQS_REQUEST, c ? c->requests : NULL, c ? c->n_requests : 0);
	lua_setfield(L, ns, "request");
	li_bind_requirements(L, LI_REQS_IMPLICITS, c ? c->implicits : NULL,
			     c ? c->n_implicits : 0);
	lua_setfield(L, ns, "implicits");
	li_bind_requirements(L, LI_REQS_EPHEMERALS, c ? c->requests : NULL,
			     c ? c->n_requests : 0);
	lua_setfield(L, ns, "ephemerals");
	set_resolve(L, lx, ns);
	return 0;
}

struct li_rex *li_rex_new(lua_State *L, struct rt_rex *rx, const struct li_rex_context *ctx,
			  struct rt_error *err)
{
	struct li_rex *lx = rt_xcalloc(1, sizeof(*lx));
	lx->L = L;
	lx->rx = rx;
	lx->ctx = ctx;
	lua_pushcfunction(L, new_pmain);
	lua_pushlightuserdata(L, lx);
	if (li_state_pcall(L, 1, 0, err)) {
		if (lx->box)
			lx->box->lx = NULL;
		lua_pushnil(L);
		lua_setfield(L, LUA_REGISTRYINDEX, STATE_KEY);
		free(lx);
		return NULL;
	}
	rt_rex_set_lookup(rx, lookup_cb, lx);
	return lx;
}

static int free_pmain(lua_State *L)
{
	lua_getfield(L, LUA_REGISTRYINDEX, STATE_KEY);   /* +1 S */
	if (!lua_istable(L, -1))
		return 0;
	lua_getfield(L, -1, "handles");
	li_bind_invalidate(L, -1);
	lua_getfield(L, -2, "run_handles");
	li_bind_invalidate(L, -1);
	lua_pushnil(L);
	lua_setfield(L, LUA_REGISTRYINDEX, STATE_KEY);
	return 0;
}

void li_rex_free(struct li_rex *lx)
{
	struct rt_error err = RT_ERROR_INIT;
	if (!lx)
		return;
	lx->box->lx = NULL;
	rt_rex_set_lookup(lx->rx, NULL, NULL);
	lua_pushcfunction(lx->L, free_pmain);
	li_state_pcall(lx->L, 0, 0, &err);   /* only fails on memory exhaustion */
	rt_error_release(&err);
	free(lx);
}

struct run_args {
	struct li_rex *lx;
	const struct li_pkg *pkg;
	const struct rt_func *fn;
	int wrapped;
};

/* Stack: 1 the compiled chunk, 2 run_args. */
static int run_pmain(lua_State *L)
{
	struct run_args *a = lua_touserdata(L, 2);
	int S, ns;
	lua_getfield(L, LUA_REGISTRYINDEX, STATE_KEY);   /* +1 */
	S = lua_gettop(L);
	lua_getfield(L, S, "ns");                         /* +1 */
	ns = lua_gettop(L);
	if (a->pkg) {
		struct rt_buf tmp = RT_BUF_INIT;
		lua_getfield(L, S, "run_handles");
		li_bind_variant(L, a->pkg, a->lx->rx, -1);    /* +1 */
		lua_setfield(L, ns, "this");
		lua_pop(L, 1);
		/* root and base in the target shell's form (Rez normalises both); a developer
		 * package (pre_build_commands) has no root: `root` stays unbound. */
		if (a->pkg->root) {
			rt_rex_normalize_path(a->lx->rx, a->pkg->root, &tmp);
			li_bind_push_buf(L, &tmp);            /* +1 */
			lua_setfield(L, ns, "root");
		}
		rt_rex_normalize_path(a->lx->rx, a->pkg->base ? a->pkg->base : "", &tmp);
		li_bind_push_buf(L, &tmp);                    /* +1 */
		lua_setfield(L, ns, "base");
		li_bind_version(L, a->pkg->version, a->pkg->ver);
		lua_setfield(L, ns, "version");
	}
	li_func_env(L, ns);                               /* +1 */
	li_include_bind(L, -1, a->fn, a->pkg ? a->pkg->base : NULL);   /* @include modules */
	lua_pushvalue(L, -1);
	lua_setfield(L, S, "pkgenv");
	li_func_call(L, 1, -1, a->fn, a->wrapped, 0);
	return 0;
}

static int unbind_pmain(lua_State *L)
{
	lua_getfield(L, LUA_REGISTRYINDEX, STATE_KEY);   /* +1 S */
	if (!lua_istable(L, -1))
		return 0;
	lua_getfield(L, -1, "ns");                        /* +1 */
	for (int i = 0; i < 4; i++) {
		static const char *const names[] = { "this", "root", "base", "version" };
		lua_pushnil(L);
		lua_setfield(L, -2, names[i]);
	}
	lua_pushnil(L);
	lua_setfield(L, -3, "pkgenv");
	lua_getfield(L, -2, "run_handles");
	li_bind_invalidate(L, -1);
	return 0;
}

static int run(struct li_rex *lx, const struct li_pkg *pkg, const struct rt_func *fn,
	       const char *prefix, struct rt_error *err)
{
	lua_State *L = lx->L;
	struct rt_error uerr = RT_ERROR_INIT;
	struct run_args a = { lx, pkg, fn, 0 };
	int top = lua_gettop(L), ret = 0;
	if (li_func_load(L, fn, &a.wrapped, err)) {
		li_func_error(err, prefix, fn->file);
		lua_settop(L, top);
		return -1;
	}
	lua_pushcfunction(L, run_pmain);
	lua_insert(L, -2);
	lua_pushlightuserdata(L, &a);
	if (li_state_pcall(L, 2, 0, err)) {
		li_func_error(err, prefix, fn->file);
		ret = -1;
	}
	lua_settop(L, top);
	lua_pushcfunction(L, unbind_pmain);
	li_state_pcall(L, 0, 0, &uerr);
	rt_error_release(&uerr);
	lua_settop(L, top);
	return ret;
}

int li_rex_run(struct li_rex *lx, const struct li_pkg *pkg, const struct rt_func *fn,
	       const char *attr, struct rt_error *err)
{
	struct rt_buf q = RT_BUF_INIT, prefix = RT_BUF_INIT;
	int ret;
	li_pkg_qualified_name(pkg, &q);
	rt_buf_addf(&prefix, "Error in %s in package '%s'", attr, q.buf);
	rt_rex_set_package(lx->rx, q.buf);
	ret = run(lx, pkg, fn, prefix.buf, err);
	rt_rex_set_package(lx->rx, NULL);
	rt_buf_release(&q);
	rt_buf_release(&prefix);
	return ret;
}

struct bind_args {
	const char *name;
	const struct rt_value *v;
};

static int bind_pmain(lua_State *L)
{
	struct bind_args *a = lua_touserdata(L, 1);
	lua_getfield(L, LUA_REGISTRYINDEX, STATE_KEY);   /* +1 S */
	lua_getfield(L, -1, "ns");                        /* +1 ns */
	li_bind_value(L, a->v);                           /* +1 value */
	li_include_readonly(L, -1, a->name);              /* +1 view */
	lua_setfield(L, -3, a->name);                     /* -1 */
	return 0;
}

int li_rex_bind(struct li_rex *lx, const char *name, const struct rt_value *v,
		struct rt_error *err)
{
	struct bind_args a = { name, v };
	int top = lua_gettop(lx->L), ret;
	lua_pushcfunction(lx->L, bind_pmain);
	lua_pushlightuserdata(lx->L, &a);
	ret = li_state_pcall(lx->L, 1, 0, err) ? -1 : 0;
	lua_settop(lx->L, top);
	return ret;
}

int li_rex_run_code(struct li_rex *lx, const char *code, const char *name, struct rt_error *err)
{
	struct rt_func *fn = rt_func_new("", code, name, 1, RT_FN_COMMANDS);
	int ret = run(lx, NULL, fn, "Error in rex code", err);
	rt_func_free(fn);
	return ret;
}
