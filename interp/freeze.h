/* freeze.h - read-only tables, so that nothing one package's code does to a shared table is
 * seen by the next package run in the same Lua state.
 *
 * Debian's liblua5.4 has no read-only tables, so proxies are used: an empty table whose
 * metatable reads from a private "mirror" table and refuses writes.
 *
 *   Library tables (li_freeze_sandbox): the library table itself becomes the mirror and the
 *   globals and require get a proxy; nothing else refers to the library table (registry
 *   ._LOADED keeps it, so that Lua's error messages still name 'string.rep'). Deep: tables
 *   inside are replaced by their proxies.
 *
 *   li_freeze_table (in place): the table's fields move to a new mirror and the table itself
 *   becomes the proxy, keeping its identity, so every reference to it (upvalues of a module's
 *   functions included) sees it frozen. Deep. Used for @include modules and modules returned
 *   by require.
 *
 *   li_freeze_push_view (a copy): a new read-only proxy in front of a table whose owner must
 *   keep writing to it or whose raw fields the VM reads (metatables, the globals table);
 *   table values are seen through views too. Cached: one view per table.
 *
 * li_freeze_sandbox closes the holes around them: `_G` and require("_G") give a view of the
 * globals; the string metatable gets a __metatable field (a view of it); the base functions
 * that bypass metamethods are wrapped: rawset refuses frozen tables and tables whose
 * metatable the sandboxed code did not set; rawget, rawlen and next read through frozen
 * tables; getmetatable returns the real metatable only for metatables the sandboxed code set
 * itself (setmetatable records them), a read-only view of any other; setmetatable refuses to
 * replace a metatable the sandboxed code did not set. Reads keep working everywhere
 * (indexing, pairs, ipairs, #, rawget, next), so library code and definitions that only read
 * are unaffected.
 *
 * Cost: made once per state, not per package: about 250,000 CPU instructions (callgrind,
 * li_state_new 415k -> 665k); a read through a frozen table is one extra table lookup. */
#ifndef LI_FREEZE_H
#define LI_FREEZE_H

#include <lua.h>

/* Deepest nesting li_freeze_table accepts (the limit converted values have). */
#define LI_FREEZE_MAX_DEPTH 200

/* Freezes the table at idx in place, deeply; `name` names it in the error a write raises
 * ("cannot assign 'x': <name> is read-only"). A frozen table is left as it is. Tables
 * nested deeper than LI_FREEZE_MAX_DEPTH raise "<name> (<file>) holds tables nested too
 * deeply (more than 200 levels)"; file may be NULL. */
void li_freeze_table(lua_State *L, int idx, const char *name, const char *file);
/* Pushes a read-only view of the table at idx (the table itself if it is frozen). */
void li_freeze_push_view(lua_State *L, int idx);
/* Is the value at idx a frozen table or a view? */
int li_freeze_is_frozen(lua_State *L, int idx);
/* require's view of the module table: pushes the frozen module `name` (returns 1) or
 * nothing (returns 0). registry._LOADED[name] holds the module's mirror, where Lua's error
 * messages find function names; a table the host put there after freezing is frozen and
 * recorded on first use. */
int li_freeze_push_module(lua_State *L, const char *name);
/* Records the value at idx as module `name` (freezing it if it is a table). */
void li_freeze_set_module(lua_State *L, const char *name, int idx);
/* Freezes every library table of the state's globals and installs the wrappers described
 * above. Called once by li_state_new after the libraries are open. */
void li_freeze_sandbox(lua_State *L);

#endif
