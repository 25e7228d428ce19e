/* bind.c - read-only bindings of packages, requests and the system for Lua code (see bind.h). */
#include "runtime/common.h"
#include "interp/bind.h"
#include "runtime/buf.h"
#include "runtime/context.h"
#include "runtime/rex.h"
#include "runtime/value.h"
#include "runtime/version.h"
#include "stdlib/stdlib.h"

#include <lauxlib.h>
#include <pwd.h>
#include <unistd.h>

#define ERRBOX_KEY "rez.bind.errbox"
#define CBOX_MT "rez.bind.cbox"
#define VARIANT_MT "rez.Variant"
#define RANGE_MT "rez.rex.VersionRange"   /* get_range results */
#define STDLIB_RANGE_MT "rez.VersionRange"    /* stdlib's type: accepted by intersects */
#define VERSION_MT "rez.Version"

/* ------------------------------------------------------------------------------------------
 * C resources owned by Lua values (so that a Lua error never leaks them)
 */

/* The per-state box holding the message being raised and a scratch buffer. */
struct errbox {
	char *msg;
	struct rt_buf scratch;
	struct rt_buf pending;   /* a result being pushed (li_bind_push_buf) */
};

static int errbox_gc(lua_State *L)
{
	struct errbox *b = lua_touserdata(L, 1);
	free(b->msg);
	b->msg = NULL;
	rt_buf_release(&b->scratch);
	rt_buf_release(&b->pending);
	return 0;
}

static struct errbox *errbox(lua_State *L)
{
	struct errbox *b;
	lua_getfield(L, LUA_REGISTRYINDEX, ERRBOX_KEY);   /* +1; the key string already exists */
	b = lua_touserdata(L, -1);
	lua_pop(L, 1);
	if (!b)
		RT_BUG("li_bind_init was not called on this state");
	return b;
}

/* A scratch buffer owned by the state: fill it, push it; nothing leaks if the push raises. */
static struct rt_buf *scratch(lua_State *L)
{
	struct rt_buf *sb = &errbox(L)->scratch;
	rt_buf_reset(sb);
	return sb;
}

int li_bind_raise(lua_State *L, struct rt_error *e)
{
	struct errbox *b = errbox(L);
	free(b->msg);
	b->msg = e->msg;
	e->msg = NULL;
	lua_pushstring(L, b->msg ? b->msg : "unknown error");   /* +1 */
	return lua_error(L);
}

void li_bind_push_buf(lua_State *L, struct rt_buf *b)
{
	struct errbox *e = errbox(L);
	rt_buf_release(&e->pending);
	e->pending = *b;
	rt_buf_init(b, 0);
	lua_pushlstring(L, e->pending.buf, e->pending.len);   /* +1; may raise, box owns it */
	rt_buf_release(&e->pending);
}

/* A userdata owning one C object, freed by __gc (or when the box is collected early). */
struct cbox {
	void *p;
	void (*free_fn)(void *);
};

static int cbox_gc(lua_State *L)
{
	struct cbox *b = lua_touserdata(L, 1);
	if (b->p && b->free_fn)
		b->free_fn(b->p);
	b->p = NULL;
	return 0;
}

static struct cbox *cbox_new(lua_State *L, void (*free_fn)(void *))
{
	struct cbox *b = lua_newuserdatauv(L, sizeof(*b), 0);   /* +1 */
	b->p = NULL;
	b->free_fn = free_fn;
	luaL_setmetatable(L, CBOX_MT);
	return b;
}

static void free_range(void *p) { rt_range_free(p); }
static void free_request(void *p) { rt_request_free(p); }
static void free_version(void *p) { rt_version_free(p); }
static void free_value(void *p) { rt_value_free(p); }

/* ------------------------------------------------------------------------------------------
 * Version ranges (what get_range returns and intersects accepts)
 */

struct range_ud {
	struct rt_range *r;
};

static int range_gc(lua_State *L)
{
	struct range_ud *u = luaL_checkudata(L, 1, RANGE_MT);
	rt_range_free(u->r);
	u->r = NULL;
	return 0;
}

static int range_tostring(lua_State *L)
{
	struct range_ud *u = luaL_checkudata(L, 1, RANGE_MT);
	struct rt_buf *sb = scratch(L);
	if (u->r)
		rt_range_format(u->r, sb);
	lua_pushlstring(L, sb->buf, sb->len);   /* +1 */
	return 1;
}

/* Pushes a range userdata owning a copy of r (or a parse of text when r is NULL). */
static void push_range(lua_State *L, const struct rt_range *r, const char *text)
{
	struct rt_error err = RT_ERROR_INIT;
	struct range_ud *u = lua_newuserdatauv(L, sizeof(*u), 0);   /* +1 */
	u->r = NULL;
	luaL_setmetatable(L, RANGE_MT);
	if (r) {
		u->r = rt_range_copy(r);
	} else if (!(u->r = rt_range_parse(text, &err))) {
		li_bind_raise(L, &err);
	}
}

/* ------------------------------------------------------------------------------------------
 * Values and versions
 */

void li_bind_value(lua_State *L, const struct rt_value *v)
{
	luaL_checkstack(L, 4, "value too deeply nested");
	switch (v->type) {
	case RT_NULL:
		lua_pushnil(L);
		return;
	case RT_BOOL:
		lua_pushboolean(L, v->u.b);
		return;
	case RT_INT:
		lua_pushinteger(L, (lua_Integer)v->u.i);
		return;
	case RT_FLOAT:
		lua_pushnumber(L, (lua_Number)v->u.f);
		return;
	case RT_STR:
		lua_pushlstring(L, v->u.s.ptr, v->u.s.len);
		return;
	case RT_LIST:
		lua_createtable(L, (int)rt_list_len(v), 0);   /* +1 */
		for (size_t i = 0; i < rt_list_len(v); i++) {
			li_bind_value(L, rt_list_at(v, i));
			lua_rawseti(L, -2, (lua_Integer)i + 1);
		}
		return;
	case RT_MAP:
		lua_createtable(L, 0, (int)rt_map_len(v));   /* +1 */
		for (size_t i = 0; i < rt_map_len(v); i++) {
			li_bind_value(L, rt_map_val(v, i));
			lua_setfield(L, -2, rt_map_key(v, i));
		}
		return;
	case RT_FUNC:
		luaL_error(L, "attribute '%s' is code and cannot be read as a value",
			   v->u.fn->name ? v->u.fn->name : "?");
		return;
	}
	RT_BUG("bad value type %d", (int)v->type);
}

void li_bind_version(lua_State *L, const char *version, const struct rt_version *parsed)
{
	struct rt_error err = RT_ERROR_INIT;
	struct cbox *b;
	if (parsed) {
		rez_version_push(L, parsed);   /* +1 */
		return;
	}
	b = cbox_new(L, free_version);   /* +1 */
	if (!(b->p = rt_version_parse(version ? version : "", &err)))
		li_bind_raise(L, &err);
	rez_version_push(L, b->p);   /* +1 */
	lua_remove(L, -2);           /* the box; collected later */
}

/* ------------------------------------------------------------------------------------------
 * Package (variant) bindings
 */

struct vbind {
	const struct li_pkg *pkg;
	const struct rt_rex *rx;
};

void li_pkg_qualified_name(const struct li_pkg *pkg, struct rt_buf *out)
{
	rt_buf_adds(out, pkg->name);
	if (pkg->version && pkg->version[0])
		rt_buf_addf(out, "-%s", pkg->version);
}

static const struct li_pkg *vbind_pkg(lua_State *L, int idx)
{
	struct vbind *vb = luaL_checkudata(L, idx, VARIANT_MT);
	if (!vb->pkg)
		luaL_error(L, "package binding used outside its context");
	return vb->pkg;
}

/* Rez's package schema attributes other than requires and variants: absent, Rez reads them
 * as None (nil here) rather than failing. */
static int is_defaulted_attr(const char *k)
{
	static const char *const keys[] = {
		"build_requires", "private_build_requires", "tools", "help", "authors",
		"description", "plugin_for", "tests", "relocatable", "cachable",
		"hashed_variants", "has_plugins", "uuid", "previous_version", "previous_revision",
		"changelog", "timestamp", "revision", "release_message", "vcs", "pre_commands",
		"commands", "post_commands", "pre_build_commands", "pre_test_commands",
	};
	for (size_t i = 0; i < RT_ARRAY_LEN(keys); i++)
		if (rt_streq(keys[i], k))
			return 1;
	return 0;
}

/* `requires` as Rez's Variant has it: the package's requirements (an empty list when it
 * has none) followed by the variant's own. */
static void push_requires(lua_State *L, const struct li_pkg *p, const struct rt_value *reqs)
{
	const struct rt_value *vars = p->data && p->data->type == RT_MAP ?
				      rt_map_get(p->data, "variants") : NULL;
	const struct rt_value *mine = NULL;
	lua_Integer n = 0;

	if (p->variant_index >= 0 && vars && vars->type == RT_LIST &&
	    (size_t)p->variant_index < rt_list_len(vars))
		mine = rt_list_at(vars, (size_t)p->variant_index);
	lua_createtable(L, 0, 0);   /* +1 */
	if (reqs && reqs->type == RT_LIST)
		for (size_t i = 0; i < rt_list_len(reqs); i++) {
			li_bind_value(L, rt_list_at(reqs, i));
			lua_rawseti(L, -2, ++n);
		}
	if (mine && mine->type == RT_LIST)
		for (size_t i = 0; i < rt_list_len(mine); i++) {
			li_bind_value(L, rt_list_at(mine, i));
			lua_rawseti(L, -2, ++n);
		}
}

/* Pushes the attribute `k` of a package binding; returns 0 when it does not exist. */
static int variant_attr(lua_State *L, struct vbind *vb, const char *k)
{
	const struct li_pkg *p = vb->pkg;
	struct rt_buf *sb;
	if (rt_streq(k, "name")) {
		lua_pushstring(L, p->name);
	} else if (rt_streq(k, "version")) {
		li_bind_version(L, p->version, p->ver);
	} else if (rt_streq(k, "root")) {
		if (!p->root) {
			lua_pushnil(L);
		} else if (vb->rx) {
			struct rt_buf tmp = RT_BUF_INIT;
			rt_rex_normalize_path(vb->rx, p->root, &tmp);
			li_bind_push_buf(L, &tmp);
		} else {
			lua_pushstring(L, p->root);
		}
	} else if (rt_streq(k, "base")) {
		lua_pushstring(L, p->base ? p->base : "");
	} else if (rt_streq(k, "index")) {
		if (p->variant_index >= 0)
			lua_pushinteger(L, p->variant_index);
		else
			lua_pushnil(L);
	} else if (rt_streq(k, "uri")) {
		lua_pushstring(L, p->uri ? p->uri : "");
	} else if (rt_streq(k, "qualified_package_name")) {
		sb = scratch(L);
		li_pkg_qualified_name(p, sb);
		lua_pushlstring(L, sb->buf, sb->len);
	} else if (rt_streq(k, "qualified_name")) {
		sb = scratch(L);
		li_pkg_qualified_name(p, sb);
		rt_buf_addch(sb, '[');
		if (p->variant_index >= 0)
			rt_buf_addf(sb, "%d", p->variant_index);
		rt_buf_addch(sb, ']');
		lua_pushlstring(L, sb->buf, sb->len);
	} else if (rt_streq(k, "is_variant")) {
		lua_pushboolean(L, p->root != NULL || p->rootless_variant);
	} else if (rt_streq(k, "is_package")) {
		lua_pushboolean(L, p->root == NULL && !p->rootless_variant);
	} else {
		struct rt_error err = RT_ERROR_INIT;
		const struct rt_value *v;
		if (p->get_attr)
			v = p->get_attr(p->ud, k, &err);
		else
			v = p->data && p->data->type == RT_MAP ? rt_map_get(p->data, k) : NULL;
		if (!v && err.msg)
			li_bind_raise(L, &err);
		if (rt_streq(k, "requires")) {
			push_requires(L, p, v);
			return 1;
		}
		if (!v && is_defaulted_attr(k)) {
			lua_pushnil(L);
			return 1;
		}
		if (!v)
			return 0;
		li_bind_value(L, v);
	}
	return 1;
}

static int variant_index(lua_State *L)
{
	struct vbind *vb = luaL_checkudata(L, 1, VARIANT_MT);
	const char *k = luaL_checkstring(L, 2);
	vbind_pkg(L, 1);
	lua_getiuservalue(L, 1, 1);              /* +1 cache */
	if (lua_getfield(L, -1, k) != LUA_TNIL)  /* +1 */
		return 1;
	lua_pop(L, 1);
	if (!variant_attr(L, vb, k)) {           /* +1 */
		struct rt_buf *sb = scratch(L);
		li_pkg_qualified_name(vb->pkg, sb);
		return luaL_error(L, "package '%s' has no attribute '%s'", sb->buf, k);
	}
	lua_pushvalue(L, -1);
	lua_setfield(L, -3, k);                  /* cache[k] = value */
	return 1;
}

static int variant_tostring(lua_State *L)
{
	const struct li_pkg *p = vbind_pkg(L, 1);
	struct rt_buf *sb = scratch(L);
	li_pkg_qualified_name(p, sb);
	lua_pushlstring(L, sb->buf, sb->len);   /* +1 */
	return 1;
}

static int readonly_newindex(lua_State *L)
{
	return luaL_error(L, "cannot assign '%s': bindings are read-only",
			  lua_type(L, 2) == LUA_TSTRING ? lua_tostring(L, 2) : "?");
}

void li_bind_handles_new(lua_State *L)
{
	lua_newtable(L);                      /* +1 handles */
	lua_createtable(L, 0, 1);             /* +1 its metatable */
	lua_pushliteral(L, "v");
	lua_setfield(L, -2, "__mode");
	lua_setmetatable(L, -2);              /* -1 */
}

void li_bind_invalidate(lua_State *L, int idx)
{
	idx = lua_absindex(L, idx);
	lua_pushnil(L);
	while (lua_next(L, idx)) {            /* +2 key, value */
		struct vbind *vb = luaL_testudata(L, -1, VARIANT_MT);
		if (vb)
			vb->pkg = NULL;
		lua_pop(L, 1);
	}
	/* Empty it (clearing during traversal is allowed for existing fields). */
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		lua_pop(L, 1);
		lua_pushvalue(L, -1);
		lua_pushnil(L);
		lua_rawset(L, idx);
	}
}

void li_bind_variant(lua_State *L, const struct li_pkg *pkg, const struct rt_rex *rx,
		     int handles_idx)
{
	struct vbind *vb;
	handles_idx = lua_absindex(L, handles_idx);
	vb = lua_newuserdatauv(L, sizeof(*vb), 1);   /* +1 */
	vb->pkg = pkg;
	vb->rx = rx;
	luaL_setmetatable(L, VARIANT_MT);
	lua_newtable(L);                             /* +1 attribute cache */
	lua_setiuservalue(L, -2, 1);                 /* -1 */
	lua_pushvalue(L, -1);
	lua_rawseti(L, handles_idx, (lua_Integer)lua_rawlen(L, handles_idx) + 1);
}

/* ------------------------------------------------------------------------------------------
 * Mapping bindings: request, implicits, ephemerals, resolve, system
 */

enum map_kind { MAP_REQUEST, MAP_EPHEMERALS, MAP_RESOLVE, MAP_SYSTEM };

static const char *const missing_fmt[] = {
	"request does not exist: '%s'",
	"ephemeral does not exist: '%s'",
	"package does not exist in the resolve: '%s'",
	"system has no attribute '%s'"
};

/* get(name, default) / get_range(name, default), callable as m:get(...) or m.get(...).
 * Upvalues: 1 the proxy, 2 the data table, 3 is get_range. */
static int mapping_get(lua_State *L)
{
	int base = 1;
	const char *name;
	if (lua_gettop(L) >= 1 && lua_rawequal(L, 1, lua_upvalueindex(1)))
		base = 2;   /* called with ':' */
	name = luaL_checkstring(L, base);
	lua_getfield(L, lua_upvalueindex(2), name);   /* +1 */
	if (!lua_toboolean(L, lua_upvalueindex(3))) {
		if (lua_isnil(L, -1))
			lua_pushvalue(L, base + 1);
		return 1;
	}
	if (lua_type(L, -1) == LUA_TSTRING) {
		struct rt_error err = RT_ERROR_INIT;
		struct cbox *b = cbox_new(L, free_request);   /* +1 */
		if (!(b->p = rt_request_parse(lua_tostring(L, -2), &err)))
			li_bind_raise(L, &err);
		push_range(L, rt_request_range(b->p), NULL);  /* +1 */
		return 1;
	}
	if (!lua_isnoneornil(L, base + 1)) {
		push_range(L, NULL, luaL_checkstring(L, base + 1));   /* +1 */
		return 1;
	}
	lua_pushnil(L);
	return 1;
}

/* __index of a mapping proxy. Upvalues: 1 data, 2 kind. */
static int mapping_index(lua_State *L)
{
	enum map_kind kind = (enum map_kind)lua_tointeger(L, lua_upvalueindex(2));
	const char *k = luaL_checkstring(L, 2);
	if (lua_getfield(L, lua_upvalueindex(1), k) != LUA_TNIL)   /* +1 */
		return 1;
	if (kind != MAP_SYSTEM && (rt_streq(k, "get") || (kind != MAP_RESOLVE &&
							   rt_streq(k, "get_range")))) {
		lua_pushvalue(L, 1);
		lua_pushvalue(L, lua_upvalueindex(1));
		lua_pushboolean(L, rt_streq(k, "get_range"));
		lua_pushcclosure(L, mapping_get, 3);   /* +1 */
		return 1;
	}
	return luaL_error(L, missing_fmt[kind], k);
}

static int mapping_pairs(lua_State *L)
{
	lua_getglobal(L, "next");                  /* +1 */
	lua_pushvalue(L, lua_upvalueindex(1));     /* +1 data */
	lua_pushnil(L);                            /* +1 */
	return 3;
}

static int mapping_len(lua_State *L)
{
	lua_Integer n = 0;
	lua_pushnil(L);
	while (lua_next(L, lua_upvalueindex(1))) {
		lua_pop(L, 1);
		n++;
	}
	lua_pushinteger(L, n);
	return 1;
}

/* Wraps the data table on top of the stack into a read-only proxy (replacing it). */
static void push_mapping(lua_State *L, enum map_kind kind)
{
	int data = lua_gettop(L);
	lua_newtable(L);                            /* +1 proxy */
	lua_createtable(L, 0, 5);                   /* +1 metatable */
	lua_pushvalue(L, data);
	lua_pushinteger(L, kind);
	lua_pushcclosure(L, mapping_index, 2);
	lua_setfield(L, -2, "__index");
	lua_pushcfunction(L, readonly_newindex);
	lua_setfield(L, -2, "__newindex");
	lua_pushvalue(L, data);
	lua_pushcclosure(L, mapping_pairs, 1);
	lua_setfield(L, -2, "__pairs");
	lua_pushvalue(L, data);
	lua_pushcclosure(L, mapping_len, 1);
	lua_setfield(L, -2, "__len");
	lua_pushliteral(L, "binding");
	lua_setfield(L, -2, "__metatable");         /* getmetatable() cannot reach the data */
	lua_setmetatable(L, -2);                    /* -1 */
	lua_replace(L, data);
}

void li_bind_requirements(lua_State *L, enum li_reqs_kind kind, const char *const *reqs,
			  size_t n)
{
	lua_createtable(L, 0, (int)n);   /* +1 data */
	for (size_t i = 0; i < n; i++) {
		struct rt_error err = RT_ERROR_INIT;
		struct cbox *b = cbox_new(L, free_request);   /* +1 */
		struct rt_buf *sb;
		const char *name;
		if (!(b->p = rt_request_parse(reqs[i], &err)))
			li_bind_raise(L, &err);
		name = rt_request_name(b->p);
		if (kind == LI_REQS_EPHEMERALS) {
			if (!rt_request_is_ephemeral(b->p)) {
				lua_pop(L, 1);
				continue;
			}
			name++;   /* keyed without the leading '.' */
		}
		sb = scratch(L);
		rt_request_format(b->p, sb);
		lua_pushlstring(L, sb->buf, sb->len);   /* +1 */
		lua_setfield(L, -3, name);              /* -1 */
		lua_pop(L, 1);                          /* the box */
	}
	push_mapping(L, kind == LI_REQS_EPHEMERALS ? MAP_EPHEMERALS : MAP_REQUEST);
}

void li_bind_resolve(lua_State *L, int pkgs_idx)
{
	lua_pushvalue(L, pkgs_idx);
	push_mapping(L, MAP_RESOLVE);
}

struct rt_value *li_system_detect(void)
{
	struct rt_context *ctx = rt_context_new();
	struct rt_value *m = rt_value_map();
	struct passwd *pw = getpwuid(getuid());
	const char *home = getenv("HOME"), *shell = getenv("SHELL"), *slash;
	const char *dot;
	rt_context_stamp(ctx);
	rt_map_set(m, "platform", rt_value_str(ctx->platform));
	rt_map_set(m, "arch", rt_value_str(ctx->arch));
	rt_map_set(m, "os", rt_value_str(ctx->os));
	rt_map_set(m, "hostname", rt_value_str(ctx->host));
	rt_map_set(m, "fqdn", rt_value_str(ctx->host));
	dot = strchr(ctx->host, '.');
	rt_map_set(m, "domain", rt_value_str(dot ? dot + 1 : ""));
	rt_map_set(m, "user", rt_value_str(ctx->user));
	rt_map_set(m, "home", rt_value_str(home && *home ? home : pw ? pw->pw_dir : ""));
	slash = shell ? strrchr(shell, '/') : NULL;
	rt_map_set(m, "shell", rt_value_str(slash ? slash + 1 : shell ? shell : "bash"));
	rt_map_set(m, "rez_version", rt_value_str(REZ_LUA_VERSION));
	rt_context_free(ctx);
	return m;
}

void li_bind_system(lua_State *L, const struct rt_value *system)
{
	if (system) {
		li_bind_value(L, system);   /* +1 */
	} else {
		struct cbox *b = cbox_new(L, free_value);   /* +1 owns the detected map */
		b->p = li_system_detect();
		li_bind_value(L, b->p);       /* +1 */
		lua_remove(L, -2);
	}
	if (!lua_istable(L, -1))
		luaL_error(L, "the system binding must be a map");
	push_mapping(L, MAP_SYSTEM);
}

/* ------------------------------------------------------------------------------------------
 * intersects(obj, range)
 */

int li_bind_intersects(lua_State *L)
{
	struct rt_error err = RT_ERROR_INIT;
	const char *range_s = luaL_checkstring(L, 2);
	const struct rt_range *r2 = NULL;
	struct range_ud *ru;
	struct vbind *vb;
	struct cbox *b1 = cbox_new(L, free_range);   /* +1 */
	if (!(b1->p = rt_range_parse(range_s, &err)))
		li_bind_raise(L, &err);
	if (lua_type(L, 1) == LUA_TSTRING) {
		struct cbox *b = cbox_new(L, free_request);   /* +1 */
		if (!(b->p = rt_request_parse(lua_tostring(L, 1), &err)))
			li_bind_raise(L, &err);
		if (rt_request_is_conflict(b->p)) {
			lua_pushboolean(L, 0);
			return 1;
		}
		r2 = rt_request_range(b->p);
	} else if ((ru = luaL_testudata(L, 1, RANGE_MT))) {
		r2 = ru->r;
	} else if ((vb = luaL_testudata(L, 1, VARIANT_MT)) || luaL_testudata(L, 1, VERSION_MT) ||
		   luaL_testudata(L, 1, STDLIB_RANGE_MT)) {
		/* A variant or a version: the range of that version, as Rez's VersionRange(str(v));
		 * stdlib's own range type: its canonical text. */
		const char *vs = vb ? vbind_pkg(L, 1)->version : luaL_tolstring(L, 1, NULL);
		struct cbox *b = cbox_new(L, free_range);   /* +1 */
		if (!(b->p = rt_range_parse(vs ? vs : "", &err)))
			li_bind_raise(L, &err);
		r2 = b->p;
	} else {
		return luaL_error(L, "invalid type %s passed as first argument to 'intersects'",
				  luaL_typename(L, 1));
	}
	if (!r2)
		return luaL_error(L, "invalid version range passed to 'intersects'");
	lua_pushboolean(L, rt_range_intersects(b1->p, r2));
	return 1;
}

/* ------------------------------------------------------------------------------------------
 * Set-up
 */

void li_bind_init(lua_State *L)
{
	struct errbox *b;
	if (lua_getfield(L, LUA_REGISTRYINDEX, ERRBOX_KEY) != LUA_TNIL) {   /* +1 */
		lua_pop(L, 1);
		return;
	}
	lua_pop(L, 1);
	b = lua_newuserdatauv(L, sizeof(*b), 0);   /* +1 */
	b->msg = NULL;
	rt_buf_init(&b->scratch, 0);
	rt_buf_init(&b->pending, 0);
	lua_createtable(L, 0, 1);
	lua_pushcfunction(L, errbox_gc);
	lua_setfield(L, -2, "__gc");
	lua_setmetatable(L, -2);
	lua_setfield(L, LUA_REGISTRYINDEX, ERRBOX_KEY);   /* -1 */

	luaL_newmetatable(L, CBOX_MT);              /* +1 */
	lua_pushcfunction(L, cbox_gc);
	lua_setfield(L, -2, "__gc");
	lua_pop(L, 1);

	luaL_newmetatable(L, RANGE_MT);             /* +1 */
	lua_pushcfunction(L, range_gc);
	lua_setfield(L, -2, "__gc");
	lua_pushcfunction(L, range_tostring);
	lua_setfield(L, -2, "__tostring");
	lua_pop(L, 1);

	luaL_newmetatable(L, VARIANT_MT);           /* +1 */
	lua_pushcfunction(L, variant_index);
	lua_setfield(L, -2, "__index");
	lua_pushcfunction(L, readonly_newindex);
	lua_setfield(L, -2, "__newindex");
	lua_pushcfunction(L, variant_tostring);
	lua_setfield(L, -2, "__tostring");
	lua_pop(L, 1);
}
