/* cmd_build.c - `rez build`: build the package in the current directory, per variant, and
 * install it with -i (runtime/build/build.h does the work; cli/buildops.c the services). */
#include "cli/buildhooks.h"
#include "cli/buildops.h"
#include "cli/cli.h"
#include "cli/pkgtest.h"
#include "interp/preprocess.h"
#include "runtime/buf.h"
#include "runtime/config.h"
#include "runtime/luawrite.h"
#include "runtime/package.h"
#include "runtime/value.h"

#include <errno.h>
#include <stdio.h>

static const struct cli_opt build_opts[] = {
	{ 'c', "clean", CLI_FLAG, NULL, "clear the current build before rebuilding" },
	{ 'i', "install", CLI_FLAG, NULL, "install the build to the local packages path (or --prefix)" },
	{ 'p', "prefix", CLI_VALUE, "PATH", "install to a custom package repository path" },
	{ 0, "fail-graph", CLI_FLAG, NULL, "if the build environment fails to resolve, print its graph (DOT)" },
	{ 's', "scripts", CLI_FLAG, NULL, "write build-env scripts (a shell in the build environment) instead of building" },
	{ 0, "view-pre", CLI_FLAG, NULL, "print the preprocessed package definition and exit" },
	{ 0, "process", CLI_VALUE, "PROCESS", "the build process to use (local)" },
	{ 'b', "build-system", CLI_VALUE, "NAME", "the build system to use: custom, cmake or make" },
	{ 0, "variants", CLI_MULTI, "INDEX", "select variants to build (zero-indexed, negative from the end)" },
	{ 0, "ba|build-args", CLI_VALUE, "ARGS", "arguments passed to the build system (or give them after --)" },
	{ 0, "cba|child-build-args", CLI_VALUE, "ARGS", "arguments passed to the child build system (or after a second --)" },
	{ 0, "bt|build-target", CLI_VALUE, "TARGET", "cmake: Debug, Release (default) or RelWithDebInfo" },
	{ 0, "bs|cmake-build-system", CLI_VALUE, "SYSTEM", "cmake: the generator, make (default) or ninja" },
	{ 0, "cc|configure-only", CLI_FLAG, NULL, "cmake: only configure" },
	{ 0, "hooks-only", CLI_FLAG, NULL, "run the build hooks (clean, initialize) but build and install nothing (REZ_BUILD_HOOKS_ONLY)" },
	{ 0, "no-hooks", CLI_FLAG, NULL, "do not run any build hook (REZ_BUILD_NO_HOOKS)" },
};
#define N_OPTS RT_ARRAY_LEN(build_opts)
#define OPT(name) cli_get(build_opts, N_OPTS, &args, name)

static const char usage[] =
	"usage: rez build [-c] [-i] [-p PATH] [-b SYSTEM] [--variants I...] [--ba ARGS] [--cba ARGS]\n"
	"                 [-s] [--view-pre] [--fail-graph] [--hooks-only | --no-hooks]\n"
	"                 [-- BUILD_ARGS [-- CHILD_BUILD_ARGS]]\n";

/* Splits a --ba/--cba value on whitespace (as Rez does) into list. */
static void split_args(const char *s, struct rt_value *list)
{
	while (s && *s) {
		size_t n;
		while (*s == ' ' || *s == '\t' || *s == '\n')
			s++;
		n = strcspn(s, " \t\n");
		if (n)
			rt_list_push(list, rt_value_strn(s, n));
		s += n;
	}
}

static const char **as_argv(const struct rt_value *l)
{
	const char **v = rt_xcalloc(rt_list_len(l) + 1, sizeof(*v));
	for (size_t i = 0; i < rt_list_len(l); i++)
		v[i] = rt_value_as_str(rt_list_at(l, i));
	return v;
}

static int view_pre(const char *tool, const struct rt_config *cfg)
{
	struct li_devpkg_opts o = LI_DEVPKG_OPTS_INIT;
	struct rt_error err = RT_ERROR_INIT;
	struct rt_buf out = RT_BUF_INIT;
	struct li_devpkg *d;
	o.config = cfg;
	d = li_devpkg_load(".", &o, &err);
	if (!d) {
		cli_error(tool, "%s", rt_error_msg(&err));
		rt_error_release(&err);
		return RT_EXIT_FAIL;
	}
	for (size_t i = 0; i < rt_map_len(d->package->data); i++) {
		const char *k = rt_map_key(d->package->data, i);
		if (rt_streq(k, "preprocess") || rt_map_val(d->package->data, i)->type == RT_NULL)
			continue;
		if (out.len)
			rt_buf_addch(&out, '\n');
		rt_luawrite_item(&out, k, rt_map_val(d->package->data, i));
	}
	fwrite(out.buf, 1, out.len, stdout);
	rt_buf_release(&out);
	li_devpkg_free(d);
	return RT_EXIT_OK;
}

int cli_cmd_build(int argc, char **argv)
{
	const char *tool = cli_tool_name(argv[0]);
	struct cli_args args;
	struct rt_error err = RT_ERROR_INIT;
	struct rt_config *cfg = NULL;
	struct rt_build_opts o;
	struct rt_build_result res;
	struct cli_pkgtest_install tests = { NULL, NULL, NULL, NULL };
	struct rt_value *bargs = rt_value_list(), *cargs = rt_value_list();
	const char **bargv = NULL, **cargv = NULL;
	struct cli_buildhooks *bhooks = NULL;
	int *variants = NULL;
	int help = 0, rc = RT_EXIT_FAIL;
	const char *process;

	memset(&res, 0, sizeof(res));
	if (cli_parse(build_opts, N_OPTS, argc, argv, &args, &help, usage, &err) < 0) {
		cli_error(tool, "%s", rt_error_msg(&err));
		rt_error_release(&err);
		rt_value_free(bargs);
		rt_value_free(cargs);
		return RT_EXIT_USAGE;
	}
	if (help) {
		rc = RT_EXIT_OK;
		goto done;
	}
	if (args.n_pos) {
		cli_error(tool, "unexpected argument '%s' (build arguments go after '--')", args.pos[0]);
		rc = RT_EXIT_USAGE;
		goto done;
	}
	cfg = cli_load_config(tool);
	if (!cfg)
		goto done;
	process = OPT("process")->value;
	if (!process)
		process = rt_config_str(cfg, "default_build_process");
	if (process && !rt_streq(process, "local")) {
		cli_error(tool, "unknown build process '%s' (rez-lua has: local)", process);
		rc = RT_EXIT_USAGE;
		goto done;
	}
	if (OPT("view-pre")->count) {
		rc = view_pre(tool, cfg);
		goto done;
	}
	/* build args: --ba, or after "--"; child build args: --cba, or after a second "--" */
	{
		size_t i = 0, second = args.n_rest;
		for (i = 0; i < args.n_rest; i++)
			if (rt_streq(args.rest[i], "--")) {
				second = i;
				break;
			}
		if ((OPT("build-args")->value && second > 0) ||
		    (OPT("child-build-args")->value && second < args.n_rest)) {
			cli_error(tool, "build arguments given both with --ba/--cba and after '--'");
			rc = RT_EXIT_USAGE;
			goto done;
		}
		split_args(OPT("build-args")->value, bargs);
		split_args(OPT("child-build-args")->value, cargs);
		for (i = 0; i < second; i++)
			rt_list_push(bargs, rt_value_str(args.rest[i]));
		for (i = second + 1; i < args.n_rest; i++)
			rt_list_push(cargs, rt_value_str(args.rest[i]));
	}
	memset(&o, 0, sizeof(o));
	o.source_dir = ".";
	o.install = OPT("install")->count > 0;
	o.prefix = OPT("prefix")->value;
	o.clean = OPT("clean")->count > 0;
	o.build_system = OPT("build-system")->value;
	o.target_name = "local";
	o.scripts = OPT("scripts")->count > 0;
	o.fail_graph = OPT("fail-graph")->count > 0;
	o.build_target = OPT("build-target")->value;
	o.cmake_build_system = OPT("cmake-build-system")->value;
	o.configure_only = OPT("configure-only")->count > 0;
	o.config = cfg;
	{
		const struct cli_optval *v = OPT("variants");
		if (v->count && !v->n_values) {
			cli_error(tool, "--variants needs at least one index");
			rc = RT_EXIT_USAGE;
			goto done;
		}
		variants = rt_xcalloc(v->n_values + 1, sizeof(*variants));
		for (size_t i = 0; i < v->n_values; i++) {
			char *end;
			long n;
			errno = 0;
			n = strtol(v->values[i], &end, 10);
			if (!*v->values[i] || *end || errno || n < -1000000 || n > 1000000) {
				cli_error(tool, "--variants: '%s' is not an integer", v->values[i]);
				rc = RT_EXIT_USAGE;
				goto done;
			}
			variants[i] = (int)n;
		}
		o.variants = variants;
		o.n_variants = v->n_values;
	}
	bargv = as_argv(bargs);
	cargv = as_argv(cargs);
	o.build_args = bargv;
	o.n_build_args = rt_list_len(bargs);
	o.child_build_args = cargv;
	o.n_child_build_args = rt_list_len(cargs);
	/* tests whose run_on has "pre_install" run on each staged variant before it is placed */
	cli_pkgtest_install_init(&tests, tool, cfg, "pre_install");
	o.hooks.ud = &tests;
	o.hooks.pre_install_tests = cli_pkgtest_pre_install;
	o.hooks_only = OPT("hooks-only")->count > 0;
	/* build hooks last: they keep (and call through) the callbacks set before them */
	if (cli_buildhooks_attach(&o, OPT("no-hooks")->count > 0, &bhooks, &err) < 0) {
		cli_error(tool, "%s", rt_error_msg(&err));
		goto done;
	}
	if (cli_build_run(&o, &res, &err) < 0) {
		fflush(stdout);
		cli_error(tool, "%s", rt_error_msg(&err));
		rc = res.exit_status ? res.exit_status : RT_EXIT_FAIL;
	} else {
		rc = RT_EXIT_OK;
	}
done:
	cli_pkgtest_install_release(&tests);
	cli_buildhooks_free(bhooks);
	rt_build_result_release(&res);
	rt_error_release(&err);
	rt_value_free(bargs);
	rt_value_free(cargs);
	free(bargv);
	free(cargv);
	free(variants);
	if (cfg)
		rt_config_free(cfg);
	cli_args_release(&args);
	return cli_finish_stdout(tool, rc);
}
