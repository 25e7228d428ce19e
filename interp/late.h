/* late.h - evaluating @late attributes: a stored function run in a fresh namespace whose
 * result becomes an ordinary value.
 *
 * Bound names (Rez's @late): `this` (the package or variant the attribute was read through),
 * `in_context()` (true when it belongs to a resolved context), and only in a context:
 * `context`, `system`, `building`, `testing`, `request`, `implicits`, `ephemerals`,
 * `intersects`. `resolve` is not bound (as in Rez). Lua's own globals (the sandbox) are
 * visible; an unknown name raises "undefined name 'x'"; globals the code sets are dropped.
 *
 * The result converts to the data model with stdlib/value.h's converter: nil -> null,
 * values with __tostring (versions) -> their string, an empty table -> an empty list.
 * Functions and other userdata are errors. The caller caches the value (once per
 * context/package).
 *
 * Errors: -1 with err = "Error in @late attribute '<name>' of package '<foo-1.0>'
 * (<file>:<line>): <message>". */
#ifndef LI_LATE_H
#define LI_LATE_H

#include <lua.h>
#include "runtime/error.h"
#include "interp/bind.h"

struct rt_func;
struct rt_value;
struct li_rex_context;

struct li_late_bindings {
	const struct li_pkg *this;               /* required */
	const struct li_rex_context *context;    /* NULL: not in a resolved context */
};

/* Runs fn in L (a sandboxed state from li_state_new) and stores the converted result in
 * *out (caller frees). */
int li_late_eval(lua_State *L, const struct rt_func *fn, const struct li_late_bindings *b,
		 struct rt_value **out, struct rt_error *err);

#endif
