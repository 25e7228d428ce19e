/* include.h - @include modules: Lua files that stored functions (late functions, the
 * commands family) and preprocess functions can use by name.
 *
 * `@include("util")` before a late or commands function makes the global `util` inside that
 * function hold the module `util`. Which file that is:
 *   1. for an installed package: <base>/.rez/include/util.lua (the copy `rez build` makes,
 *      next to util.sha1, the hex SHA-1 of the stripped file, which must match: a copy changed
 *      after the install is an error), so a package keeps working with the module it was
 *      built with;
 *   2. else the first <dir>/util.lua over the package_definition_lua_path directories.
 * A dotted name maps to directories as Lua's require does: "studio.paths" is
 * studio/paths.lua (and the global `studio` is a table holding `paths`). Names must match
 * [A-Za-z_][A-Za-z0-9_]* separated by single dots: no '/', no '\', no "..".
 *
 * A module file runs once per state (cached by its path) in its own environment, whose reads
 * fall back to the sandbox's globals (unknown names raise), plus:
 *     require(name)            "rez.*" stdlib modules, or another include module (same lookup)
 *     InvalidPackageError(msg) raises "invalid package: msg" (for preprocess modules)
 * The module's value is what the file returns (a table), or, when it returns nothing, a
 * table of the globals it defined (so a file of plain `function f() ... end` works, like a
 * Python module). Either way users get a read-only view of it: assigning into a module
 * raises. Requiring a module that is still loading is an include cycle and an error
 * ("include cycle: a -> b -> a").
 *
 * The search path is per state (li_include_set_path), set by whoever creates the state from
 * the configuration (setting package_definition_lua_path). Everything that runs Lua raises
 * Lua errors and must be called inside a protected call (li_state_pcall); the C-only helpers
 * return -1/NULL with err set. */
#ifndef LI_INCLUDE_H
#define LI_INCLUDE_H

#include <lua.h>
#include "runtime/error.h"

struct rt_value;
struct rt_func;

/* Registry table: file path -> source text of every module file loaded in the state (the
 * preprocess code adds the package file), so functions can be cut out of their file. */
#define LI_INCLUDE_SOURCES_KEY "rez.include.sources"

/* Where `rez build` puts the copies, relative to the package base. */
#define LI_INCLUDE_SUBDIR ".rez/include"

/* Is `name` a valid module name? When not, *why (if non-NULL) says why, for messages. */
int li_include_name_valid(const char *name, const char **why);

/* The file module `name` is loaded from: <pkg_base>/.rez/include/<name>.lua when pkg_base
 * is non-NULL and that file exists, else the first <dirs[i]>/<name>.lua that exists.
 * Returns a malloc'd path, or NULL with err set: for an invalid name "invalid module name
 * 'x': <why>", when nothing is found "no file x.lua was found [in <base>/.rez/include or]
 * on package_definition_lua_path: /a:/b" (callers add their context in front). */
char *li_include_resolve(const char *name, const char *pkg_base, const char *const *dirs,
			 size_t n_dirs, struct rt_error *err);

/* Appends to `out` (an RT_LIST) every @include module name used by a function anywhere in
 * `data` (maps are searched recursively), each once, in order of appearance. */
void li_include_collect(const struct rt_value *data, struct rt_value *out);

/* For a developer package (source tree, nothing installed): checks that every @include of
 * every function in `data` names a valid module found on `dirs` (an RT_LIST of strings,
 * package_definition_lua_path). Returns 0, or -1 with err = "FILE:LINE: @include decorator
 * requests module 'm', but no file m.lua was found on package_definition_lua_path: ...". */
int li_include_validate(const struct rt_value *data, const struct rt_value *dirs,
			struct rt_error *err);

/* Sets the state's search path (RT_LIST of strings, or NULL for none). Safe outside a
 * protected call: returns 0, or -1 with err set (memory). */
int li_include_set_path(lua_State *L, const struct rt_value *dirs, struct rt_error *err);

/* Pushes module `name` for a package whose base is pkg_base (NULL: developer package, no
 * installed copies), loading it if needed. Raises on an invalid name, a missing file, an
 * include cycle or an error in the module. [-0, +1, e] */
void li_include_push(lua_State *L, const char *name, const char *pkg_base);

/* Pushes a require(name) function for code of a package based at pkg_base (NULL: a
 * developer package): "rez.*" names and modules already in the loaded table come from the
 * sandbox's require, any other name is an include module (li_include_push). [-0, +1, m] */
void li_include_push_require(lua_State *L, const char *pkg_base);

/* Binds every module of fn->includes as a global in the environment table at env_idx
 * (raw sets). Errors are raised as "FILE:LINE: ..." with fn's file and first line, e.g.
 *   pkg/package.lua:7: @include decorator requests module 'm', but no file m.lua was found
 *   on package_definition_lua_path: /site/lua
 * Call where a stored function's environment is prepared, before running it. [-0, +0, e] */
void li_include_bind(lua_State *L, int env_idx, const struct rt_func *fn, const char *pkg_base);

/* Pushes a read-only view of the table at idx: reads, pairs and # see the table; any
 * assignment raises "cannot assign 'k': <what> is read-only". [-0, +1, m] */
void li_include_readonly(lua_State *L, int idx, const char *what);

#endif
