/* activate.h - the application layer shared by `rez env` and `rez context`: opening the
 * repositories a command searches, resolving, and turning a context into a shell's script
 * (running every resolved package's commands in the sandbox).
 *
 * Everything reports through struct rt_error; callers print. */
#ifndef CLI_ACTIVATE_H
#define CLI_ACTIVATE_H

#include "runtime/common.h"
#include "runtime/error.h"

struct rt_config;
struct rt_context;
struct rt_repo;
struct rt_order_list;
struct rt_shell;
struct rt_actions;
struct rt_value;
struct rt_buf;
struct rt_strlist;
struct li_rex;
struct li_pkg;
struct rt_rex;

/* Repository paths: `paths` (colon-separated, "~" expanded; NULL: packages_path), minus
 * local_packages_path when no_local. The returned list is a new RT_LIST of strings. */
struct rt_value *cli_package_paths(const struct rt_config *cfg, const char *paths, int no_local);
/* A repository over the paths of an RT_LIST (the package loader uses the sandbox limits);
 * with strict, a path that does not exist is an error (explicit --paths). */
/* variant_shortlinks_dirname when use_variant_shortlinks is on (borrowed), else NULL. */
const char *cli_shortlinks_dirname(const struct rt_config *cfg);
/* The configured package_orderers (runtime/order.h); an empty list when none. NULL with err
 * set on an invalid setting. */
struct rt_order_list *cli_orderers(const struct rt_config *cfg, struct rt_error *err);
struct rt_repo *cli_repo_open(const struct rt_config *cfg, const struct rt_value *paths,
			      int strict, struct rt_error *err);

/* The shell named `name`, or default_shell, or $SHELL's basename, or bash. */
const struct rt_shell *cli_pick_shell(const struct rt_config *cfg, const char *name,
				      struct rt_error *err);

struct cli_activation {
	const struct rt_shell *shell;
	int no_env;               /* interpret against an empty parent environment */
	const char *rxt_file;     /* REZ_RXT_FILE, or NULL */
	const char *context_file; /* REZ_CONTEXT_FILE (rez env), or NULL */
	int shell_vars;           /* rez env: REZ_SHELL_INIT_TIMESTAMP / _INTERACTIVE */
	int interactive;
	struct rt_repo *repo;     /* the repository the context came from (borrowed), or NULL to
				   * open the context's package paths */
	/* rez interpret: run this rex code (chunk name rex_name) instead of the context's
	 * packages and setup; parent_vars (an RT_LIST, or NULL) / all_parent_vars override the
	 * parent_variables settings. */
	const char *rex_code, *rex_name;
	const struct rt_value *parent_vars;
	int all_parent_vars;
	/* Package code run before the context's own actions (Rez's actions_callback, e.g.
	 * pre_test_commands), given the Lua executor and the resolved packages' bindings
	 * (resolve order, n of them). NULL: none. */
	int (*pre_actions)(void *ud, struct li_rex *lx, const struct li_pkg *resolve, size_t n,
			   struct rt_error *err);
	void *pre_actions_ud;
	/* rez build: REZ_BUILD_* variables set after REZ_RXT_FILE (RT_MAP, or NULL), and code run
	 * after everything else with the context's rex bindings (pre_build_commands; NULL) */
	const struct rt_value *pre_vars;
	int (*post)(void *ud, struct li_rex *lx, struct rt_rex *rx, struct rt_error *err);
	void *post_ud;
};

/* Runs the context's commands for a.shell: fills `actions` (empty on entry) and, when
 * `environ` is not NULL, the resulting environment (parent environment with the actions
 * applied; a new RT_MAP). */
int cli_activate(const struct rt_context *ctx, const struct rt_config *cfg,
		 const struct cli_activation *a, struct rt_actions *actions,
		 struct rt_value **environ, struct rt_error *err);

/* Calls fn for each resolved package (resolve order) with the value of its attribute `attr`
 * (@late ones evaluated in the context; NULL when the package has none). */
int cli_context_attr(const struct rt_context *ctx, const struct rt_config *cfg, const char *attr,
		     int (*fn)(void *ud, size_t i, const struct rt_value *v), void *ud,
		     struct rt_error *err);

/* Per resolved package (context order), the list of its requirement strings: `requires` and
 * its variant's own (@late ones evaluated). A new RT_LIST of RT_LISTs, or NULL (err set). */
struct rt_value *cli_context_requires(const struct rt_context *ctx, const struct rt_config *cfg,
				      struct rt_error *err);

/* cli_activate, then the shell's script into `out`. */
int cli_activation_script(const struct rt_context *ctx, const struct rt_config *cfg,
			  const struct cli_activation *a, struct rt_buf *out, struct rt_error *err);

/* Running a shell in a context (rez env, rez test): the context and the shell's script are
 * written to a private temporary directory (removed afterwards), the shell runs in the
 * foreground (SIGINT/SIGQUIT go to it, as with system(3)) and its exit status is returned
 * (128 + N when killed by signal N); -1 with err set when it could not be started. */
struct cli_shell_run {
	const struct rt_shell *shell;
	struct rt_repo *repo;         /* as cli_activation.repo */
	const char *command;          /* shell code to run; NULL: interactive (or stdin_mode) */
	int stdin_mode;
	const char *rcfile;
	int norc, quiet, new_session;
	const struct rt_strlist *pre;   /* --pre-command words the shell runs through, or NULL */
	int (*pre_actions)(void *ud, struct li_rex *lx, const struct li_pkg *resolve, size_t n,
			   struct rt_error *err);   /* as cli_activation.pre_actions */
	void *pre_actions_ud;
};
int cli_shell_run(const char *tool, const struct rt_config *cfg, const struct rt_context *ctx,
		  const struct cli_shell_run *r, struct rt_error *err);

/* Suites whose bin directory is on $PATH (Rez's Suite.visible_suite_paths): a new RT_LIST
 * of suite directories, in PATH order, each once. */
struct rt_value *cli_visible_suites(void);

/* The directory holding the running `rez` binary (for REZ_USED and PATH), or NULL. */
const char *cli_self_dir(void);

/* -v count of the running command; warnings about the shared cache are shown only above 0. */
extern int cli_verbosity;
struct rt_error;
struct rt_memcache;
/* The shared cache of `memcached_uri` (new), or NULL when none is configured or (err set) an
 * address is malformed. */
struct rt_memcache *cli_memcache_open(const struct rt_config *cfg, struct rt_error *err);
/* As cli_repo_open, with the package cache in `cache_dir` whatever the configuration says. */
struct rt_repo *cli_repo_open_cached(const struct rt_config *cfg, const struct rt_value *paths,
				     const char *cache_dir, struct rt_error *err);

#endif
