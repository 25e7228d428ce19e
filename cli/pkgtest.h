/* pkgtest.h - running a package's tests (Rez's PackageTestRunner): the `tests` attribute,
 * selection by run_on and by name, one test environment per variant resolved with
 * testing = true, pre_test_commands run before the packages' commands, statuses and the
 * results table. Used by `rez test` and, for tests with run_on "pre_install", by
 * `rez build -i` before a variant's payload becomes visible.
 *
 * Calling sequence:
 *     t = cli_pkgtest_new(&opts, pkg, err);           pkg borrowed from opts.repo
 *     cli_pkgtest_names(t, run_on, &names, err);      sorted test names
 *     for each name: cli_pkgtest_run(t, name, args, n, &exitcode, err);
 *     cli_pkgtest_print_summary(t, stdout);
 *     cli_pkgtest_free(t);
 * Progress goes to opts.out (stdout), warnings and per-test errors to stderr, as Rez prints
 * them. A test that fails (non-zero exit, an environment that does not resolve, an error in
 * pre_test_commands) is a result, not an error: cli_pkgtest_run returns -1 only for what
 * stops the whole run (a broken `tests` attribute, a test name that does not exist). */
#ifndef CLI_PKGTEST_H
#define CLI_PKGTEST_H

#include <stdio.h>

#include "runtime/common.h"
#include "runtime/error.h"

struct rt_config;
struct rt_context;
struct rt_package;
struct rt_repo;
struct rt_strlist;
struct rt_value;

struct cli_pkgtest_opts {
	const char *tool;                     /* for messages: "rez-test" */
	const struct rt_config *cfg;
	struct rt_repo *repo;                 /* borrowed: the package and test environments */
	const char *const *extra_packages;    /* --extra-packages */
	size_t n_extra_packages;
	int dry_run, stop_on_fail;
	/* --inplace: the current context; tests run in it when it meets their requirements
	 * (borrowed). NULL: each test environment is resolved. */
	const struct rt_context *current;
	/* 2: rez test (package URIs, context summaries); 1: tests during an install */
	int verbose;
	FILE *out;
	/* The variant root and package base every test environment uses for the tested
	 * package instead of the repository's (tests of a staged install); NULL: as resolved. */
	const char *redirect_root, *redirect_base;
	int variant_index;          /* with redirect_root: the only variant tested (-1: none) */
};

struct cli_pkgtest;

struct cli_pkgtest *cli_pkgtest_new(const struct cli_pkgtest_opts *opts,
				    const struct rt_package *pkg, struct rt_error *err);
void cli_pkgtest_free(struct cli_pkgtest *t);

/* The package's test names, sorted; with run_on, only tests whose run_on has that tag (an
 * absent run_on counts as "default"). Names are appended to `out`. */
int cli_pkgtest_names(struct cli_pkgtest *t, const char *run_on, struct rt_strlist *out,
		      struct rt_error *err);
/* Runs one test on its target variants. *exitcode is set to the first failing run's exit
 * code (-1 when its environment could not be built) unless already non-zero. */
int cli_pkgtest_run(struct cli_pkgtest *t, const char *name, const char *const *extra_args,
		    size_t n_extra_args, int *exitcode, struct rt_error *err);
int cli_pkgtest_stopped(const struct cli_pkgtest *t);   /* --stop-on-fail tripped */
void cli_pkgtest_counts(const struct cli_pkgtest *t, size_t *n_tests, size_t *n_success,
			size_t *n_failed, size_t *n_skipped);
/* "Test results:", the counts and the table (Test, Status, Variant, Description). */
void cli_pkgtest_print_summary(const struct cli_pkgtest *t, FILE *f);

/* The package's URI as Rez prints it (its definition file). */
const char *cli_pkgtest_uri(const struct cli_pkgtest *t);

/* ---- tests while installing (rez build -i: "pre_install"; rez release: "pre_release") ----
 *
 * As Rez: the variant is written, on its own definition, into a temporary repository searched
 * before the package paths, its root redirected to the staged payload; its tests whose run_on
 * has the tag run there with --stop-on-fail, each once-per-package test (on_variants false)
 * on the first variant only. The results table is printed when anything ran. */
struct rt_build_variant;

struct cli_pkgtest_install {
	const char *tool;
	const struct rt_config *cfg;
	const char *run_on;
	struct rt_strlist *ran_once;      /* tests run once already (on_variants false) */
};

void cli_pkgtest_install_init(struct cli_pkgtest_install *pi, const char *tool,
			      const struct rt_config *cfg, const char *run_on);
void cli_pkgtest_install_release(struct cli_pkgtest_install *pi);
/* rt_build_hooks.pre_install_tests (ud: a struct cli_pkgtest_install): 0 when every test
 * passed (or none applies), N > 0 failed tests, -1 with err set. */
int cli_pkgtest_pre_install(void *ud, const struct rt_build_variant *v, const char *staged_root,
			    struct rt_error *err);

#endif
