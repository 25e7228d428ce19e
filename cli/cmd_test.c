/* cmd_test.c - `rez test PKG [TEST ...]`: run the tests a package declares (cli/pkgtest.h). */
#include "cli/activate.h"
#include "cli/cli.h"
#include "cli/pkgtest.h"
#include "runtime/buf.h"
#include "runtime/config.h"
#include "runtime/context.h"
#include "runtime/repo.h"
#include "runtime/value.h"
#include "runtime/version.h"

#include <fnmatch.h>
#include <stdio.h>
#include <unistd.h>

static const struct cli_opt test_opts[] = {
	{ 'l', "list", CLI_FLAG, NULL, "list the package's tests and exit" },
	{ 0, "dry-run", CLI_FLAG, NULL, "show what would run, run nothing" },
	{ 's', "stop-on-fail", CLI_FLAG, NULL, "stop at the first failing test" },
	{ 0, "inplace", CLI_FLAG, NULL, "run in the current environment; tests whose requirements it does not meet fail" },
	{ 0, "extra-packages", CLI_MULTI, "PKG", "extra packages for the test environments" },
	{ 0, "paths", CLI_VALUE, "PATHS", "colon-separated package search path (default: packages_path)" },
	{ 0, "no-local|nl", CLI_FLAG, NULL, "do not search local_packages_path" },
};
#define N_OPTS RT_ARRAY_LEN(test_opts)
#define OPT(name) cli_get(test_opts, N_OPTS, &args, name)

static const char usage[] = "rez test [options] PKG [TEST ...] [-- EXTRA ARGS...]";

/* --inplace: the package comes from the current context. */
static const struct rt_package *current_package(const struct rt_context *cur, struct rt_repo *repo,
						const char *request, struct rt_error *err)
{
	struct rt_request *req = rt_request_parse(request, err);
	const struct rt_repo_entry *const *entries;
	const struct rt_package *pkg = NULL;
	struct rt_version *ver = NULL;
	size_t n;
	if (!req)
		return NULL;
	for (size_t i = 0; i < cur->n_pkgs && !pkg; i++) {
		const struct rt_context_pkg *p = &cur->pkgs[i];
		if (!rt_streq(p->name, rt_request_name(req)))
			continue;
		ver = rt_version_parse(p->version, err);
		if (!ver)
			break;
		if (rt_request_conflicts_with_version(req, ver))
			break;
		if (rt_repo_versions(repo, p->name, &entries, &n, err) < 0)
			break;
		for (size_t k = 0; k < n && !pkg; k++)
			if (!rt_version_cmp(entries[k]->version, ver)) {
				pkg = rt_repo_load(repo, entries[k], err);
				if (!pkg)
					goto out;
			}
	}
	if (!pkg && !(err && err->msg))
		rt_error(err, "the current environment does not contain a package matching '%s'",
			 request);
out:
	rt_version_free(ver);
	rt_request_free(req);
	return pkg;
}

static const struct rt_package *latest_package(struct rt_repo *repo, const char *request,
					       struct rt_error *err)
{
	struct rt_request *req = rt_request_parse(request, err);
	const struct rt_repo_entry *e;
	const struct rt_package *pkg = NULL;
	if (!req)
		return NULL;
	rt_error_release(err);
	e = rt_repo_latest(repo, rt_request_name(req), rt_request_effective_range(req), err);
	if (e)
		pkg = rt_repo_load(repo, e, err);
	else if (!(err && err->msg))
		rt_error(err, "Could not find package to test: %s", request);
	rt_request_free(req);
	return pkg;
}

int cli_cmd_test(int argc, char **argv)
{
	const char *tool = cli_tool_name(argv[0]);
	struct cli_args args;
	struct rt_error err = RT_ERROR_INIT;
	struct rt_config *cfg = NULL;
	struct rt_repo *repo = NULL;
	struct rt_value *paths = NULL;
	struct rt_context *cur = NULL;
	struct cli_pkgtest *t = NULL;
	struct cli_pkgtest_opts o;
	const struct rt_package *pkg;
	struct rt_strlist names = { NULL, 0, 0 }, run = { NULL, 0, 0 };
	const struct cli_optval *extra;
	int help, rc = RT_EXIT_FAIL, exitcode = 0;

	if (cli_parse(test_opts, N_OPTS, argc, argv, &args, &help, usage, &err) < 0) {
		cli_error(tool, "%s", rt_error_msg(&err));
		rt_error_release(&err);
		cli_args_release(&args);
		return RT_EXIT_USAGE;
	}
	if (help) {
		cli_args_release(&args);
		return RT_EXIT_OK;
	}
	extra = OPT("extra-packages");
	rc = RT_EXIT_USAGE;
	if (!args.n_pos) {
		cli_error(tool, "the following arguments are required: PKG");
		goto done;
	}
	if (OPT("inplace")->count && (extra->n_values || OPT("paths")->value || OPT("no-local")->count)) {
		cli_error(tool, "Cannot use --inplace in combination with "
			  "--extra-packages/--paths/--no-local");
		goto done;
	}
	if (args.has_rest && args.n_pos != 2) {
		cli_error(tool, "You can only pass extra arguments to a single, specified test. "
			  "Please rerun the command and specify a single test to run.");
		goto done;
	}
	rc = RT_EXIT_FAIL;
	cfg = cli_load_config(tool);
	if (!cfg)
		goto done;
	if (OPT("inplace")->count) {
		const char *rxt = getenv("REZ_RXT_FILE");
		if (!rxt || !*rxt) {
			rt_error(&err, "--inplace runs tests in the current environment, and this is not "
				 "a resolved environment ($REZ_RXT_FILE is not set)");
			goto fail;
		}
		cur = rt_context_load(rxt, &err);
		if (!cur)
			goto fail;
		paths = rt_value_list();
		for (size_t i = 0; i < cur->package_paths.n; i++)
			rt_list_push(paths, rt_value_str(cur->package_paths.v[i]));
		repo = cli_repo_open(cfg, paths, 0, &err);
		if (!repo)
			goto fail;
		pkg = current_package(cur, repo, args.pos[0], &err);
	} else {
		paths = cli_package_paths(cfg, OPT("paths")->value, OPT("no-local")->count > 0);
		repo = cli_repo_open(cfg, paths, OPT("paths")->value != NULL, &err);
		if (!repo)
			goto fail;
		pkg = latest_package(repo, args.pos[0], &err);
	}
	if (!pkg)
		goto fail;

	memset(&o, 0, sizeof(o));
	o.tool = tool;
	o.cfg = cfg;
	o.repo = repo;
	o.extra_packages = extra->values;
	o.n_extra_packages = extra->n_values;
	o.dry_run = OPT("dry-run")->count > 0;
	o.stop_on_fail = OPT("stop-on-fail")->count > 0;
	o.current = cur;
	o.verbose = 2;
	o.out = stdout;
	t = cli_pkgtest_new(&o, pkg, &err);
	if (!t || cli_pkgtest_names(t, NULL, &names, &err) < 0)
		goto fail;
	rc = RT_EXIT_OK;
	if (!names.n) {
		fprintf(stderr, "No tests found in %s\n", cli_pkgtest_uri(t));
		goto done;
	}
	if (OPT("list")->count) {
		if (isatty(STDOUT_FILENO))
			printf("Tests defined in %s:\n", cli_pkgtest_uri(t));
		for (size_t i = 0; i < names.n; i++)
			printf("%s\n", names.v[i]);
		goto done;
	}
	if (args.n_pos == 1) {
		if (cli_pkgtest_names(t, "default", &run, &err) < 0)
			goto fail;
	} else {
		/* Each name is a glob over every test name (explicit ones included). */
		for (size_t i = 0; i < names.n; i++)
			for (size_t k = 1; k < args.n_pos; k++)
				if (!fnmatch(args.pos[k], names.v[i], 0)) {
					rt_strlist_push(&run, names.v[i]);
					break;
				}
	}
	if (!run.n) {
		if (args.n_pos == 1)
			fprintf(stderr, "No tests with 'default' run_on tag found in %s\n",
				cli_pkgtest_uri(t));
		else
			fprintf(stderr, "No tests matching the given names found in %s\n",
				cli_pkgtest_uri(t));
		goto done;
	}
	for (size_t i = 0; i < run.n && !cli_pkgtest_stopped(t); i++)
		if (cli_pkgtest_run(t, run.v[i], args.rest, args.n_rest, &exitcode, &err) < 0)
			goto fail;
	printf("\n\n");
	cli_pkgtest_print_summary(t, stdout);
	printf("\n");
	/* As Rez: the first failing test's exit code; -1 (an environment that could not be
	 * built) exits 255. */
	rc = exitcode & 0xff;
	goto done;
fail:
	cli_error(tool, "%s", rt_error_msg(&err));
	rc = RT_EXIT_FAIL;
done:
	cli_pkgtest_free(t);
	rt_strlist_release(&names);
	rt_strlist_release(&run);
	rt_value_free(paths);
	if (repo)
		rt_repo_free(repo);
	rt_context_free(cur);
	if (cfg)
		rt_config_free(cfg);
	rt_error_release(&err);
	cli_args_release(&args);
	return rc;
}
