/* stdlib.h - the standard library modules exposed to Lua code in every sandboxed state.
 *
 * rez_stdlib_open installs the modules as globals (re, unicode, path, version, system, json,
 * yaml) and adds the string helpers (startswith, endswith, split, strip, lstrip, rstrip, join,
 * fmt) to the state's `string` table, so open the string library first. Each module is also
 * stored in the registry's loaded table (LUA_LOADED_TABLE) as "rez.re", "rez.unicode", ...,
 * "rez.string", which is where the sandbox's require finds it. Nothing is loaded from disk;
 * the Lua halves are compiled in. interp/state.c calls it once per state. Reference:
 * docs/stdlib.md.
 *
 * The Lua Version type ("rez.Version") lives here and is shared by every binding that exposes
 * a version to Lua (this.version, resolve.foo.version, version.parse): push with
 * rez_version_push, read back with rez_version_check. */
#ifndef REZ_STDLIB_H
#define REZ_STDLIB_H

#include <lua.h>

struct rt_version;

/* Installs all modules; returns 0 (raises a Lua error on allocation failure). */
int rez_stdlib_open(lua_State *L);

/* Pushes a rez.Version userdata holding a copy of v (tostring, ==, <, <=, #, v[i], .major,
 * .minor, .patch, :next(), :trim(n), :tokens()). */
void rez_version_push(lua_State *L, const struct rt_version *v);
/* The version at stack index idx (a rez.Version, or a string that parses as a version);
 * raises a Lua argument error otherwise. A string is replaced at idx by the parsed Version,
 * which keeps it alive. Borrowed: valid while the value stays on the stack. */
const struct rt_version *rez_version_check(lua_State *L, int idx);

#endif
