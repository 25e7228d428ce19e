/* interp.h - the interp layer as the front end (cli/) sees it: a few entry points over
 * state.h / load.h, so commands never handle a lua_State themselves.
 *
 *   li_package_loader    the rt_pkg_loader (runtime/repo.h) that reads package.lua and
 *                        package.yaml with the sandbox defaults;
 *   li_config_lua_loader the rt_config_lua_loader (runtime/config.h) for .lua config files;
 *   li_load_definition   one definition file to an ordered data map (load.h).
 *
 * Everything reports errors through struct rt_error; nothing here prints. */
#ifndef LI_INTERP_H
#define LI_INTERP_H

#include "interp/load.h"
#include "runtime/repo.h"

/* A loader using `opts` (copied; NULL for the defaults). Its `late` evaluates @late
 * request lists outside a context (li_late_list). */
struct rt_pkg_loader li_package_loader(const struct li_load_opts *opts);
/* Evaluates the @late attribute `attr` of `pkg` outside a context, in a sandboxed state of
 * its own limited by opts (NULL: the loader's), into *out (a new value). `this` is the
 * package when variant is RT_LATE_PACKAGE, else the variant `variant` (-1: the one variant
 * of a package without variants) whose root is `root` (NULL: a developer package's
 * variant, which has none, as in Rez). `this.requires` reads the evaluated late requires
 * once pkg->late_evaluated is set. */
int li_late_list(const struct li_load_opts *opts, const struct rt_package *pkg,
		 const char *attr, int variant, const char *root, struct rt_value **out,
		 struct rt_error *err);
/* The @include search path (package_definition_lua_path, an RT_LIST; copied) the loader's
 * late evaluation uses; NULL: none. Process-wide, like the loader's options. */
void li_package_loader_include_path(const struct rt_value *dirs);
/* Matches rt_config_lua_loader: ud is ignored (may be NULL). */
int li_config_lua_loader(void *ud, const char *path, struct rt_value **out,
			 struct rt_error *err);

#endif
