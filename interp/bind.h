/* bind.h - read-only Lua bindings of packages and of the resolve, for commands and @late code.
 *
 * What commands and late functions see as `this`, `resolve.foo`, `request`, `implicits`,
 * `ephemerals`, `system`, `intersects` and versions (Rez's rex_bindings.py). Every binding is
 * read-only: assigning into one raises. Misuse (a missing attribute, a missing package) raises
 * a Lua error with the caller's file:line; nothing returns nil silently except the explicit
 * get()/get_range() methods.
 *
 * Lifetime: a package binding keeps a pointer to the caller's struct li_pkg (attributes are
 * read lazily: a late-bound attribute is only evaluated when used). Bindings register in a
 * "handles" table the caller owns (li_bind_handles_new); li_bind_invalidate cuts them all off,
 * after which using one raises "package binding used outside its context". Callers invalidate
 * before freeing the li_pkg structs.
 *
 * Every function that pushes may raise a Lua error (memory); call them inside a protected call.
 * li_bind_init must have been called once on the state (li_rex_new and li_late_eval do it). */
#ifndef LI_BIND_H
#define LI_BIND_H

#include <lua.h>
#include "runtime/error.h"

struct rt_value;
struct rt_version;
struct rt_rex;
struct rt_buf;

/* A resolved variant (or a package) as bindings see it. Strings are borrowed. */
struct li_pkg {
	const char *name;
	const char *version;             /* as written; "" for unversioned packages */
	const struct rt_version *ver;    /* parsed version, or NULL (then parsed from version) */
	const char *root;                /* variant root (package base when no variants) */
	const char *base;                /* package directory */
	const char *uri;                 /* definition file + "[index]" */
	int variant_index;               /* -1: not a variant of a package with variants */
	const struct rt_value *data;     /* the package's attributes (a map), or NULL */
	/* Reads an attribute (evaluating and caching @late ones); NULL: read `data`. Returns NULL
	 * with err unset when the attribute does not exist, NULL with err set on failure. */
	const struct rt_value *(*get_attr)(void *ud, const char *attr, struct rt_error *err);
	void *ud;
	/* a variant without a root (a developer package's): is_variant although root is NULL */
	int rootless_variant;
};

/* Creates the metatables and the error box; idempotent. Raises on memory errors. */
void li_bind_init(lua_State *L);

/* Raises e's message as a Lua error (no location added) and releases e without leaking it,
 * even if raising itself fails. Never returns. */
int li_bind_raise(lua_State *L, struct rt_error *e);

/* Pushes b's contents as a string and releases b (without leaking it if the push raises). */
void li_bind_push_buf(lua_State *L, struct rt_buf *b);

/* Pushes a new, empty handles table (weak values) for li_bind_variant. */
void li_bind_handles_new(lua_State *L);
/* Invalidates every binding registered in the handles table at index idx and empties it. */
void li_bind_invalidate(lua_State *L, int idx);

/* Pushes a VariantBinding: name, version (a rez.Version), root (normalised for the target
 * shell through rx, when rx is not NULL), base (as is), index, uri, qualified_name
 * ("foo-1.2.3[]", "foo-1.2.3[0]"), qualified_package_name, is_variant, is_package, and every
 * package attribute. tostring() gives the qualified package name. */
void li_bind_variant(lua_State *L, const struct li_pkg *pkg, const struct rt_rex *rx,
		     int handles_idx);
/* The qualified package name "foo-1.2.3" ("foo" when unversioned). */
void li_pkg_qualified_name(const struct li_pkg *pkg, struct rt_buf *out);

enum li_reqs_kind { LI_REQS_REQUEST, LI_REQS_IMPLICITS, LI_REQS_EPHEMERALS };
/* Pushes a requirements binding over request strings: `request.foo` gives the request string
 * ("foo-1.2"), keyed by package name (".eph" for ephemeral requests in `request`; without the
 * dot in `ephemerals`, which keeps only ephemeral requests). Methods :get(name, default) and
 * :get_range(name, default). Raises on an invalid request string. */
void li_bind_requirements(lua_State *L, enum li_reqs_kind kind, const char *const *reqs,
			  size_t n);
/* Pushes the resolve binding: the table at index pkgs_idx maps names to VariantBindings. */
void li_bind_resolve(lua_State *L, int pkgs_idx);
/* Pushes the system binding from a map of values (NULL: li_system_detect()). */
void li_bind_system(lua_State *L, const struct rt_value *system);
/* A map describing this machine: platform, arch, os, hostname, fqdn, domain, user, home,
 * shell, rez_version. Caller frees. */
struct rt_value *li_system_detect(void);
/* Pushes a Lua value for a data-model value (maps and lists become fresh tables). */
void li_bind_value(lua_State *L, const struct rt_value *v);
/* Pushes a rez.Version for a version string; raises when it does not parse. */
void li_bind_version(lua_State *L, const char *version, const struct rt_version *parsed);
/* intersects(obj, range) as a lua_CFunction. */
int li_bind_intersects(lua_State *L);

#endif
