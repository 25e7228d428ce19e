/* build.h - building and installing a developer package: the `rez build` / `rez release`
 * engine (Rez's LocalBuildProcess + build systems + filesystem install).
 *
 * rt_build_run drives the whole per-variant sequence (docs/build.md): load the developer
 * package (preprocessed), then for each selected variant: reload it with building = true,
 * build_variant_index and build_variant_requires, make the build path, resolve and write the
 * build context (build.rxt, variant.json), run the build system (custom, cmake, make) in the
 * context's shell, and, when installing, stage the payload beside its destination, run the
 * pre-install tests, and rename it into place under a lock on the version directory, merging
 * the variant into the installed package.lua (rewritten atomically).
 *
 * Layering: this module is pure C. What needs the Lua layer or the front end (loading and
 * preprocessing definitions, resolving with late requirements, running package code into a
 * shell script, printing context summaries) comes in through `struct rt_build_ops`, which
 * cli/ fills (cli/buildops.h: cli_build_run fills the ops and calls rt_build_run; that is the
 * entry point `rez build` and `rez release` use).
 *
 * Output: progress headers, the build command's own output (streamed, not captured) and
 * summaries go to stdout as Rez prints them; errors come back in err once.
 *
 * Guarantees: a variant appears in the repository whole or not at all; a failed or
 * interrupted build leaves nothing `rez env` would pick up, and the next build cleans up
 * what an interrupted one left (stale staging directories and `.building` markers). */
#ifndef RT_BUILD_H
#define RT_BUILD_H
#include "runtime/common.h"
#include "runtime/error.h"

struct rt_value;
struct rt_buf;
struct rt_config;
struct rt_context;
struct rt_package;
struct rt_shell;

/* One variant being built, as hooks and tests see it. All pointers borrowed, valid during the
 * call. */
struct rt_build_variant {
	int index;                        /* variant index; -1 when the package has no variants */
	const char *subpath;              /* "" or e.g. "python-3.11", or the hashed subpath */
	const struct rt_value *requires;  /* list of request strings of this variant */
	const char *source_root;          /* the source directory (where package.lua is) */
	const char *build_path;           /* absolute variant build directory */
	const char *install_path;         /* absolute *final* variant install dir; NULL when not installing */
	const char *context_file;         /* the variant's build.rxt */
	const struct rt_value *package;   /* the developer package (map) as `this` sees it for this variant */
};

/* Extension points of a build; the caller (cli/) fills them in; any member may be NULL.
 * Each returns 0 on success, -1 with a located message in err (the build then fails and
 * nothing of that variant is installed). */
struct rt_build_hooks {
	void *ud;
	/* extra request strings appended to every variant's build request before it is resolved */
	int (*dependencies)(void *ud, struct rt_value *reqs_list, struct rt_error *err);
	/* before anything is built, when the build is clean (-c, or a release) */
	int (*clean)(void *ud, const int *indices, size_t n, struct rt_error *err);
	/* after the variant's build context is resolved, before its build command runs */
	int (*initialize)(void *ud, const struct rt_build_variant *v, struct rt_value *build_data,
			  struct rt_error *err);
	/* after the build command succeeded, before install (not in hooks-only mode);
	 * artifact_path = install path when installing, else build path */
	int (*finalize)(void *ud, const struct rt_build_variant *v, struct rt_value *build_data,
			const char *artifact_path, struct rt_error *err);
	/* run the variant's tests whose run_on has "pre_install" against the staged payload
	 * (staged_root = where the variant's files are now, before they become visible).
	 * Returns 0 when all passed, N > 0 = number of failed tests (install is cancelled:
	 * "N tests failed; the installation has been cancelled"), -1 = error in err. */
	int (*pre_install_tests)(void *ud, const struct rt_build_variant *v, const char *staged_root,
				 struct rt_error *err);
};

/* ---- services from the layers above (filled by cli/buildops.c) ---- */

/* A loaded developer package. Filled by ops->load; released by ops->unload. */
struct rt_build_devpkg {
	const char *file;                 /* the definition file */
	const char *root;                 /* the source directory */
	struct rt_package *package;       /* preprocessed, expanded, validated */
	const struct rt_config *config;   /* the package's configuration */
	const struct rt_value *includes;  /* RT_LIST: @include module names */
	const struct rt_value *include_files; /* RT_LIST: their files, same order */
	void *priv;                       /* the implementation's handle */
};

/* How to load: building = 0 for the package that gets installed; building = 1 per variant
 * (variant_index = build_variant_index, 0 when no variants; variant_requires =
 * build_variant_requires, an RT_LIST of strings, NULL when no variants). */
struct rt_build_load {
	int building;
	int variant_index;
	const struct rt_value *variant_requires;
};

/* A build context to resolve (building = true: every resolved package adds its own
 * build_requires). */
struct rt_build_resolve {
	const struct rt_value *requests;      /* RT_LIST of request strings */
	const struct rt_value *package_paths; /* RT_LIST; the search path */
	const struct rt_value *package_filter;/* the package's own filter, or NULL: the global one */
	const struct rt_config *config;       /* the package's configuration */
};

/* The script that runs one build command (Rez's execute_shell order). */
struct rt_build_script {
	const struct rt_context *context;
	const struct rt_config *config;
	const char *rxt_file;                 /* REZ_RXT_FILE */
	const struct rt_value *build_vars;    /* RT_MAP: REZ_BUILD_* (and build_data env), in order */
	const struct rt_build_devpkg *dev;    /* whose pre_build_commands run last (`this`) */
	const struct rt_value *build_object;  /* RT_MAP: build_type, install, build_path, install_path */
	int interactive;                      /* -s: the build-env shell (prompt "BUILD>") */
};

struct rt_build_ops {
	void *ud;
	int (*load)(void *ud, const char *source_dir, const struct rt_build_load *how,
		    struct rt_build_devpkg *out, struct rt_error *err);
	void (*unload)(void *ud, struct rt_build_devpkg *pkg);
	/* Resolves, prints "Resolving build environment: ..." and the context summary (or the
	 * failure and, with fail_graph, its DOT graph). A failed resolve is a context with
	 * status failed (not an error). */
	int (*resolve)(void *ud, const struct rt_build_resolve *r, struct rt_context **out,
		       struct rt_error *err);
	/* Writes the context's shell script (in opts.shell's language) into out; the caller
	 * appends the `cd` and the command. */
	int (*script)(void *ud, const struct rt_build_script *s, struct rt_buf *out,
		      struct rt_error *err);
	/* Loads an installed definition file (package.lua / package.yaml) as data. */
	struct rt_value *(*load_definition)(void *ud, const char *path, struct rt_error *err);
};

/* ---- a run ---- */

struct rt_build_opts {
	const char *source_dir;            /* where package.lua is; NULL: "." */
	int install;                       /* -i */
	const char *prefix;                /* install repository; NULL: local_packages_path
					    * (target central: release_packages_path) */
	int clean;                         /* -c: delete each variant's build path first */
	const int *variants;               /* --variants (may be negative, duplicates collapse) */
	size_t n_variants;                 /* 0: every variant */
	const char *build_system;          /* -b; NULL: detect */
	const char *const *build_args;     /* --ba / after "--" */
	size_t n_build_args;
	const char *const *child_build_args; /* --cba / after the second "--" */
	size_t n_child_build_args;
	const char *target_name;           /* "local" (rez build) or "central" (rez release) */
	int hooks_only;                    /* run the hooks, not the build command */
	int scripts;                       /* -s: write build-env, do not build */
	int skip_existing;                 /* release: skip a variant already installed unchanged */
	const struct rt_value *release_data; /* release fields for the installed definition; NULL */
	const struct rt_value *package_paths; /* build context search path; NULL: the package
					    * config's packages_path (central: nonlocal_packages_path) */
	/* cmake plugin options */
	const char *build_target;          /* --bt: Debug, Release, RelWithDebInfo */
	const char *cmake_build_system;    /* --bs: make or ninja */
	int configure_only;                /* --cc */
	const struct rt_config *config;    /* global configuration (borrowed, required) */
	const struct rt_shell *shell;      /* the build shell (default shell) */
	const char *shell_exe;             /* its executable */
	int fail_graph;                    /* print a failed resolve's graph as DOT */
	struct rt_build_hooks hooks;
	struct rt_build_ops ops;
	/* `rez bind`: no build context and no build command. Each variant's payload is made by
	 * this callback in payload_root (inside the stage, beside the destination), then
	 * installed as a build's is; requires install. No progress headers are printed. */
	int (*make_payload)(void *ud, const struct rt_build_variant *v, const char *payload_root,
			    struct rt_error *err);
	void *payload_ud;
};

enum rt_build_outcome {
	RT_BUILD_NOT_SELECTED,   /* --variants left it out */
	RT_BUILD_BUILT,          /* built, not installed */
	RT_BUILD_INSTALLED,      /* built and installed */
	RT_BUILD_EXISTS,         /* skipped: an identical variant is already installed */
	RT_BUILD_FAILED          /* failed (exit_status: the build command's, when it ran) */
};

struct rt_build_variant_result {
	int index;                         /* -1: no variants */
	enum rt_build_outcome outcome;
	int exit_status;                   /* the build command's exit status (0 when not run) */
	char *subpath;
	char *install_path;                /* final variant install path, or NULL */
};

struct rt_build_result {
	struct rt_build_variant_result *variants;
	size_t n;
	size_t n_built, n_installed, n_failed;
	int exit_status;                   /* first failing build command's status, or 0 */
};

/* Runs the build. Returns 0 when every selected variant succeeded, -1 with err set
 * otherwise (res still reports each variant). res is filled in any case; release it with
 * rt_build_result_release. */
int rt_build_run(const struct rt_build_opts *opts, struct rt_build_result *res,
		 struct rt_error *err);
void rt_build_result_release(struct rt_build_result *res);

/* The checksum of an installed @include module (its `.sha1` file): the hex SHA-1 of the
 * text without leading and trailing white space, as Rez computes it. */
void rt_build_include_sha1(const char *text, size_t len, char hex[41]);

#endif
