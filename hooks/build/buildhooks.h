/* buildhooks.h - build hooks: Lua modules that run around every variant's build.
 *
 * A hook module is a Lua file that returns a table with `name` and any of the functions
 * dependencies(self), clean(self, variants), initialize(self, variant, build_data) and
 * finalize(self, variant, build_data, artifact_path); an optional `defaults` table gives the
 * hook's default settings. Modules are found as NAME.lua in the `build_hook_path` directories,
 * then among the hooks shipped in hooks/build/ (compiled in): `custom` (runs the package's own
 * build_hook.lua) and `version_file`. User documentation: docs/build-hooks.md.
 *
 * Which hooks run, in order: the site's `build_hooks` list, then the package's `build_hooks`
 * attribute (a list of names or {name=..., settings...} tables, or a map name -> settings,
 * taken in name order), then hooks named only under build_hooks.targets.<target>. Settings
 * merge (maps key by key, anything else replaces): the module's `defaults`, the site's
 * plugins.build_hook.NAME, the package's build_hooks.NAME, build_hooks.targets.<target>.NAME.
 * A hook whose merged `enable_by_default` is false runs only when REZ_BUILD_HOOK_ENABLE_<NAME>
 * (NAME upper-cased, '-' as '_') is true; that variable set to false turns any hook off.
 *
 * All hooks share one sandboxed state (interp/state.h, untrusted, the configured budgets
 * reset for every hook call) with the `fs` / `proc` API of hooks/build/hookfs.h confined to
 * the source directory, the build directory and the variant's install path.
 *
 * Errors: every failure is one message "FILE:LINE: build hook 'NAME' (PHASE): problem" —
 * a Lua error (at its line), a bad return value or a bad build_data field (at the line of the
 * phase function), writing build_data.build_hooks, an unknown hook name, a module that does
 * not return a table. PHASE is load, dependencies, clean, initialize or finalize.
 *
 * Calling sequence (cli/cmd_build.c through struct rt_build_hooks):
 *   hk = hk_build_new(&opts, err);      -- loads and configures the hooks
 *   hk_build_dependencies(hk, reqs, err);
 *   hk_build_clean(hk, indices, n, err);           -- clean builds only
 *   per variant: hk_build_initialize(hk, &v, build_data, err);
 *                build ...; hk_build_finalize(hk, &v, build_data, artifact_path, err);
 *   hk_build_free(hk);
 * The object borrows the strings and values in opts; they must outlive it. */
#ifndef HK_BUILDHOOKS_H
#define HK_BUILDHOOKS_H

#include "runtime/common.h"
#include "runtime/error.h"

struct rt_value;
struct rt_config;
struct hk_build;

struct hk_build_opts {
	const struct rt_config *cfg;      /* build_hooks, build_hook_path, plugins.build_hook,
					     sandbox_max_instructions / _memory */
	const struct rt_value *package;   /* the developer package (map); its build_hooks */
	const char *package_file;         /* the definition file, for messages */
	const char *source_root;          /* absolute source directory */
	const char *build_dir;            /* absolute build directory (parent of variant build paths) */
	const char *target_name;          /* "local" (rez build) or "central" (rez release) */
	int install;                      /* the build installs */
	int no_hooks;                     /* --no-hooks / REZ_BUILD_NO_HOOKS: run nothing */
};

/* One variant as hooks see it (the fields of rt_build_variant they use); borrowed. */
struct hk_build_variant {
	int index;                        /* -1 when the package has no variants */
	const char *subpath;              /* "" or the variant's subpath */
	const struct rt_value *requires;  /* list of request strings, or NULL */
	const char *build_path;           /* absolute variant build directory */
	const char *install_path;         /* absolute final variant install dir, or NULL */
	const struct rt_value *package;   /* the developer package for this variant, or NULL */
};

struct hk_build *hk_build_new(const struct hk_build_opts *opts, struct rt_error *err);
void hk_build_free(struct hk_build *hk);

/* The names of the hooks that run, in order (a list of strings), borrowed. */
const struct rt_value *hk_build_names(const struct hk_build *hk);

/* Appends every hook's extra requirement strings to reqs (a list). */
int hk_build_dependencies(struct hk_build *hk, struct rt_value *reqs, struct rt_error *err);
int hk_build_clean(struct hk_build *hk, const int *indices, size_t n, struct rt_error *err);
/* Runs initialize / finalize of every hook in order over build_data (a map; the fields
 * artifacts, force_include, env, build_args are created when missing and build_hooks is set
 * to hk_build_names). On success build_data holds what the hooks left; on failure it is
 * unchanged. artifact_path: the install path when installing, else the build path. */
int hk_build_initialize(struct hk_build *hk, const struct hk_build_variant *v,
			struct rt_value *build_data, struct rt_error *err);
int hk_build_finalize(struct hk_build *hk, const struct hk_build_variant *v,
		      struct rt_value *build_data, const char *artifact_path,
		      struct rt_error *err);

/* Reads REZ_BUILD_HOOKS_ONLY and REZ_BUILD_NO_HOOKS (true/false words as in the config; unset
 * leaves *flag alone); -1 with err on a value that is not a boolean. */
int hk_build_env_switches(int *hooks_only, int *no_hooks, struct rt_error *err);

#endif
