/* ctxexec.h - turning a resolved context into its action list: the fixed sequence Rez's
 * ResolvedContext._execute writes (system setup, package variables, the pre_commands /
 * commands / post_commands passes in resolve order, ephemerals, post system setup).
 *
 * Package code is run through a callback table (interp/ implements it), so this module stays
 * pure C: it decides what runs when, and records the context-level variables itself.
 *
 * Calling sequence: fill rt_ctxexec_opts; rt_ctxexec_run(ctx, rx, &opts, &ops, ud, err);
 * then rt_rex_take_actions(rx, ...) and hand the list to a shell emitter. */
#ifndef RT_CTXEXEC_H
#define RT_CTXEXEC_H

#include "runtime/common.h"
#include "runtime/error.h"

struct rt_buf;
struct rt_context;
struct rt_rex;

/* The three passes, in order. */
extern const char *const rt_ctxexec_passes[3];   /* pre_commands, commands, post_commands */

struct rt_pkgcode_ops {
	/* Does resolved package `i` define attribute `attr` (a commands-family function)? */
	int (*has)(void *ud, size_t i, const char *attr);
	/* Runs it against rx with the package's bindings (this, root, version, base). Returns 0,
	 * or -1 with err naming the package, file and line. */
	int (*run)(void *ud, struct rt_rex *rx, size_t i, const char *attr, struct rt_error *err);
};

struct rt_ctxexec_opts {
	const char *rxt_file;        /* REZ_RXT_FILE (NULL: not written) */
	const char *context_file;    /* REZ_CONTEXT_FILE (rez env only; NULL: not written) */
	const char *rez_used;        /* REZ_USED: where rez-lua is installed */
	const char *pathsep;         /* the shell's path separator (joins REZ_USED_PACKAGES_PATH) */
	const char *local_packages_path; /* packages from here are listed in REZ_USED_LOCAL_RESOLVE */
	const char *const *system_paths; /* appended to PATH after all package code */
	size_t n_system_paths;
	const char *const *suite_paths;  /* suite bin directories appended to PATH before the
					  * system paths (suite_visibility) */
	size_t n_suite_paths;
	const char *rez_bin_path;    /* added to PATH last (NULL: not added) */
	int rez_bin_prepend;         /* prepend rez_bin_path (rez_tools_visibility=prepend), else append */
	int shell_vars;              /* rez env: REZ_SHELL_INIT_TIMESTAMP, REZ_SHELL_INTERACTIVE */
	int interactive;
	long long now;               /* REZ_SHELL_INIT_TIMESTAMP */
	/* Runs right after REZ_RXT_FILE / REZ_CONTEXT_FILE, under the header
	 * "pre-actions-callback", before everything the context itself sets (Rez's
	 * execute_shell actions_callback: a package's pre_test_commands, for one). NULL: none. */
	int (*pre_actions)(void *ud, struct rt_rex *rx, struct rt_error *err);
	void *pre_actions_ud;
	/* rez build: literal variables set right after REZ_RXT_FILE / REZ_CONTEXT_FILE (an
	 * RT_MAP of strings: REZ_BUILD_*), and code run after everything else
	 * (pre_build_commands); both NULL otherwise */
	const struct rt_value *pre_vars;
	int (*post)(void *ud, struct rt_rex *rx, struct rt_error *err);
	void *post_ud;
};

int rt_ctxexec_run(const struct rt_context *ctx, struct rt_rex *rx,
		   const struct rt_ctxexec_opts *opts, const struct rt_pkgcode_ops *ops, void *ud,
		   struct rt_error *err);

/* "REZ_" + upper-cased name with '.' -> '_' (REZ_FOO_BAR for foo.bar). */
void rt_ctxexec_pkg_var_prefix(const char *name, struct rt_buf *out);
/* Rez's qualified variant name: "foo-1.2.3[]" or "foo-1.2.3[0]". */
void rt_ctxexec_variant_name(const struct rt_context *ctx, size_t i, struct rt_buf *out);

#endif
