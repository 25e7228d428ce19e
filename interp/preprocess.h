/* preprocess.h - developer packages: a source tree's package.lua / package.yaml loaded the
 * way `rez build` and `rez view --dev` see it, with preprocess functions applied.
 *
 * li_devpkg_load, in order (Rez's DeveloperPackage.from_path):
 *   1. finds the definition (a directory: package.lua, else package.yaml; or a file path)
 *      and loads it (interp/load.h: @early evaluated with `building`);
 *   2. derives the package's configuration from its `config` attribute
 *      (rt_config_for_package): package_preprocess_function, package_preprocess_mode and
 *      package_definition_lua_path are read from it;
 *   3. builds `this`: the un-preprocessed package, requirement wildcards expanded
 *      (runtime/wildcard.h, against the repositories of the global packages_path) and
 *      validated (runtime/package.h);
 *   4. runs the preprocess functions on `data`, a deep copy of the loaded definition as Lua
 *      tables shared along the run list. The run list by package_preprocess_mode:
 *          before    the package's own `preprocess`, then the global one
 *          after     the global one, then the package's own
 *          override  the package's own if it has one, else the global one (default)
 *      The global one is package_preprocess_function: "module.function" (module.lua found
 *      on package_definition_lua_path, loaded as an include module, interp/include.h), or a
 *      stored function (RT_FUNC) given programmatically. It is resolved even when override
 *      mode will not run it, so a broken site setting never goes unnoticed.
 *      Each call is fn(this, data); it edits `data` in place and returns nothing (returning
 *      `data` itself is tolerated). `this` is a read-only snapshot: this.name, this.version
 *      (a rez.Version), this.root / this.base (the source directory), this.uri (the file),
 *      this.qualified_name, this.is_package, this.config (the package's configuration) and
 *      every attribute (this.requires: expanded request strings; a missing one is nil);
 *      stored functions read as rez.Function objects (fields name, source, file, line,
 *      late, includes). In data, null values are json.null and functions rez.Function
 *      objects; a preprocess may also assign a Lua function or a string of code to a
 *      commands-family attribute, or late(function ... end) to any attribute;
 *   5. converts `data` back like a fresh load: commands-family functions and strings and
 *      late() values become stored functions (RT_FUNC, cut from the file that defined
 *      them; a function that uses local variables of its enclosing scope is an error),
 *      other Lua functions are dropped, keys starting with "__" are dropped, tables become
 *      lists (keys 1..n, or empty) or maps (string keys);
 *   6. restores the original `name` if it was changed (a warning), and when the data differ
 *      from the original, reports Rez's summary through the message callback (INFO):
 *          Package attributes were changed in preprocessing:
 *          Added attributes: ['authors', 'config.build_directory']
 *          Removed attributes: ['tools']
 *          Changed attributes: ['requires']
 *      then expands wildcards and validates the result into the final package;
 *   7. checks every @include of the final data against package_definition_lua_path.
 *
 * Errors are hard errors (Rez prints some and carries on; we fail the load), one message:
 *   - a preprocess raising (InvalidPackageError(msg) or any error):
 *       Error in global preprocess function 'site.inject' of package 'foo-1.0'
 *       (/site/lua/site.lua:4): boom
 *   - returning something other than nothing / `data`, or writing data that does not
 *     convert or validate (naming the function and where it is defined):
 *       pkg/package.lua: package data written by the local preprocess function
 *       (pkg/package.lua:9) is invalid: attribute 'requires' must be a list of strings
 *       (got number)
 *   - a package_preprocess_function without a dot, whose module is missing or fails to
 *     load, or that names no function.
 *
 * Nothing is printed: messages go through the callback. Ownership: the result owns
 * everything it points to; free with li_devpkg_free. */
#ifndef LI_PREPROCESS_H
#define LI_PREPROCESS_H

#include "runtime/error.h"

struct rt_value;
struct rt_buf;
struct rt_config;
struct rt_package;
struct rt_repo;

enum li_msg_level { LI_MSG_INFO, LI_MSG_WARNING };

/* Receives one message (may hold several lines, no final newline). */
typedef void (*li_msg_fn)(void *ud, enum li_msg_level level, const char *msg);

struct li_devpkg_opts {
	const struct rt_config *config;  /* global configuration (required), borrowed */
	li_msg_fn msg;                   /* NULL: messages are dropped */
	void *msg_ud;
	int building;                    /* value of `building` in @early functions */
	/* Repository for wildcard expansion (borrowed); NULL: the global packages_path,
	 * opened only when a requirement contains '*'. */
	struct rt_repo *repo;
	/* rez build's per-variant reload (interp/load.h) */
	int build_variant_index;
	const struct rt_value *build_variant_requires;
};

#define LI_DEVPKG_OPTS_INIT { NULL, NULL, NULL, 0, NULL, 0, NULL }

struct li_devpkg {
	char *file;                  /* the definition file */
	char *root;                  /* the source directory */
	struct rt_package *package;  /* final package: preprocessed, expanded, validated */
	struct rt_config *config;    /* the package's configuration (from the final data) */
	struct rt_value *includes;   /* RT_LIST: @include module names, each once */
	struct rt_value *include_files; /* RT_LIST: the file of each, same order (for rez build) */
	int n_preprocess;            /* preprocess functions run */
	int changed;                 /* the data differ from the loaded definition */
};

/* The definition file of a developer package: `path` is a directory (package.lua, else
 * package.yaml / package.yml) or a definition file. Returns a malloc'd path or NULL. */
char *li_devpkg_find(const char *path, struct rt_error *err);

struct li_devpkg *li_devpkg_load(const char *path, const struct li_devpkg_opts *opts,
				 struct rt_error *err);
void li_devpkg_free(struct li_devpkg *d);
/* rez build's loader (runtime/build/build.h ops->load / ops->unload): li_devpkg_load with
 * `opts` plus the building flags of `how`, the result described in *out (out->priv holds the
 * li_devpkg; release with li_devpkg_build_unload). */
struct rt_build_load;
struct rt_build_devpkg;
int li_devpkg_build_load(const char *path, const struct li_devpkg_opts *opts,
			 const struct rt_build_load *how, struct rt_build_devpkg *out,
			 struct rt_error *err);
void li_devpkg_build_unload(struct rt_build_devpkg *out);

/* Rez's summary of what changed from `before` to `after` (both RT_MAP): the title line,
 * then "Added attributes: [...]", "Removed attributes: [...]", "Changed attributes:
 * [...]" when non-empty, dotted paths for nested maps. Appends nothing and returns 0 when
 * they are equal; else returns 1. */
int li_preprocess_diff(const struct rt_value *before, const struct rt_value *after,
		       struct rt_buf *out);

#endif
