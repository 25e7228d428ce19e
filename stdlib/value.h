/* value.h - the one converter from Lua values to rt_value trees (runtime/value.h), used by
 * every layer that reads Lua data: package definitions (interp/load.c), preprocess results
 * (interp/preprocess.c), @late results (interp/late.c) and the json / yaml encoders. It lives
 * in stdlib/ because that is the lowest layer that knows Lua: interp/, hooks/ and cli/ all
 * reach it, and the encoders here could not reach interp/.
 *
 * The data model: nil -> nothing (or null with REZ_VALUE_NIL_NULL), booleans, integers,
 * floats, strings, the null sentinel -> null, a rez.Version -> its text. A table is a list
 * when its keys are exactly 1..n and a map when every key is a string (keys sorted by bytes,
 * since Lua keeps no order); an empty table is a list (a map with REZ_VALUE_EMPTY_MAP);
 * tables marked "rez.array" / "rez.object" (json.array, decoders) keep that shape. Anything
 * else raises a Lua error naming the value (`what`):
 *     <what> mixes list items and named keys in one table
 *     <what> is a list with holes (nil items)
 *     <what> has a table key of type boolean (keys must be strings)
 *     <what> has a key that is not valid UTF-8 text
 *     <what> is not valid UTF-8 text                     (REZ_VALUE_UTF8)
 *     <what> cannot hold NaN / an infinite number        (REZ_VALUE_FINITE)
 *     <what> contains a table that contains itself
 *     <what> is nested too deeply (more than 200 levels)
 *     <what> is too large (more than N values)           (max_nodes)
 *     <what> cannot hold a value of type function
 * Containers are attached to their parent before they are filled, so a raise leaks nothing:
 * the tree belongs to the caller's parent, or to the box rez_stdlib_to_value pushes. */
#ifndef REZ_STDLIB_VALUE_H
#define REZ_STDLIB_VALUE_H

#include <lua.h>

struct rt_value;

enum {
	REZ_VALUE_UTF8 = 1 << 0,         /* strings and keys must be valid UTF-8 */
	REZ_VALUE_FINITE = 1 << 1,       /* reject NaN and infinities (JSON) */
	REZ_VALUE_EMPTY_MAP = 1 << 2,    /* an unmarked empty table is a map, not a list */
	REZ_VALUE_DROP_PRIVATE = 1 << 3, /* map keys starting with "__" are left out (as Rez) */
	REZ_VALUE_TOSTRING = 1 << 4,     /* other tables / userdata with __tostring: their text */
	REZ_VALUE_NIL_NULL = 1 << 5,     /* nil is null (else the value is left out) */
	REZ_VALUE_VIEWS = 1 << 6,        /* a read-only view (metatable __index is a table)
					  * converts the table it shows */
};

#define REZ_VALUE_MAX_DEPTH 200

struct rez_tovalue {
	unsigned flags;            /* REZ_VALUE_* */
	const char *what;          /* the value in messages: "json.encode: the value",
				    * "pkg/package.lua:3: attribute 'x'" */
	int line;                  /* stamped on every new value (0: left unset) */
	unsigned long max_nodes;   /* 0: no bound */
	/* Asked first about every function, userdata and table with a metatable: returns 1
	 * when it decided (*out a new value, or NULL to leave the value out), 0 to let the
	 * converter go on. `top` is 1 for the value given to the converter itself. May raise. */
	int (*special)(lua_State *L, int idx, const char *key, int top, void *ud,
		       struct rt_value **out);
	void *ud;
	unsigned long nodes;       /* values converted so far (set by the converter) */
};

/* Converts the value at idx; pushes a box owning the new tree and returns the tree
 * (borrowed from the box; NULL for a left-out value) [-0, +1]. */
struct rt_value *rez_stdlib_to_value(lua_State *L, int idx, struct rez_tovalue *tv);
/* The same, returning a tree the caller owns (NULL for a left-out value) [-0, +0]. */
struct rt_value *rez_stdlib_to_value_owned(lua_State *L, int idx, struct rez_tovalue *tv);
/* Converts the value at idx and attaches it to parent: under key in an RT_MAP, at the end
 * of an RT_LIST (key ignored) [-0, +0]. */
void rez_stdlib_to_value_into(lua_State *L, int idx, struct rez_tovalue *tv,
			      struct rt_value *parent, const char *key);

#endif
