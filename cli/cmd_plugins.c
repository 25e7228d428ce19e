/* cmd_plugins.c - `rez plugins [PKG]`: without PKG, what this build of rez-lua has (shells,
 * package formats, repository types); with PKG, as Rez: the families whose latest package
 * names PKG in `plugin_for`. Also `rez -i` (cli_print_info). */
#include "cli/cli.h"
#include "cli/pkgrepo.h"
#include "runtime/buf.h"
#include "runtime/package.h"
#include "runtime/repo.h"
#include "runtime/shell.h"
#include "runtime/value.h"

#include <stdio.h>

static const struct cli_opt plugins_opts[] = {
	{ 0, "paths", CLI_VALUE, "PATHS", "colon-separated package search path (default: packages_path)" },
	{ 'v', "verbose", CLI_FLAG, NULL, "accepted for Rez compatibility (no effect)" },
};

static const char usage[] =
	"usage: rez plugins [--paths PATHS] [PKG]\n\n"
	"List the packages that are plugins of PKG (their latest version names PKG in 'plugin_for'),\n"
	"or, without PKG, the plugins built into this rez-lua: shells, package formats, repositories.\n";

void cli_print_info(FILE *f)
{
	const char *const *shells = rt_shell_names();
	fprintf(f, "\nrez-lua %s (Rez %s's command line and package format)\n\n", REZ_LUA_VERSION,
		"3");
	fprintf(f, "%-20s%-12s%-45s%s\n", "PLUGIN TYPE", "NAME", "DESCRIPTION", "STATUS");
	fprintf(f, "%-20s%-12s%-45s%s\n", "-----------", "----", "-----------", "------");
	fprintf(f, "%-20s%-12s%-45s%s\n", "package format", "lua", "package.lua (sandboxed Lua 5.4 dialect)", "built in");
	fprintf(f, "%-20s%-12s%-45s%s\n", "package format", "yaml", "package.yaml", "built in");
	fprintf(f, "%-20s%-12s%-45s%s\n", "package repository", "filesystem", "Filesystem-based package repository", "built in");
	for (size_t i = 0; shells[i]; i++) {
		const struct rt_shell *sh = rt_shell_find(shells[i], NULL);
		struct rt_buf exe = RT_BUF_INIT;
		int found = sh && rt_shell_which(sh, &exe) == 0;
		char *desc = rt_xstrfmt("%s shell", shells[i]);
		fprintf(f, "%-20s%-12s%-45s%s\n", "shell", shells[i], desc,
			found ? "built in" : "built in (executable not on PATH)");
		free(desc);
		rt_buf_release(&exe);
	}
	fputc('\n', f);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int names_contain(const struct rt_value *v, const char *name)
{
	if (!v)
		return 0;
	if (v->type == RT_STR)
		return rt_streq(rt_value_as_str(v), name);
	if (v->type == RT_LIST)
		for (size_t i = 0; i < rt_list_len(v); i++)
			if (rt_value_as_str(rt_list_at(v, i)) &&
			    rt_streq(rt_value_as_str(rt_list_at(v, i)), name))
				return 1;
	return 0;
}

int cli_cmd_plugins(int argc, char **argv)
{
	const char *tool = cli_tool_name(argv[0]);
	struct cli_args args;
	struct rt_error err = RT_ERROR_INIT;
	struct rt_repo *repo = NULL;
	const char *const *fams;
	const char **hits = NULL;
	size_t nfams, nhits = 0, caphits = 0;
	const struct rt_repo_entry *e;
	const struct rt_package *p;
	int rc = RT_EXIT_FAIL;

	if (cli_parse_args(plugins_opts, RT_ARRAY_LEN(plugins_opts), argc, argv, &args, usage, tool, &rc))
		return rc;
	if (!args.n_pos) {
		cli_print_info(stdout);
		rc = RT_EXIT_OK;
		goto out;
	}
	if (args.n_pos > 1) {
		cli_error(tool, "expected one package family (PKG)");
		rc = RT_EXIT_USAGE;
		goto out;
	}
	repo = cli_open_repo(cli_get(plugins_opts, RT_ARRAY_LEN(plugins_opts), &args, "paths")->value, 0, &err);
	if (!repo)
		goto fail;
	e = rt_repo_latest(repo, args.pos[0], NULL, &err);
	if (!e) {
		if (!err.msg)
			rt_error(&err, "package family not found: %s", args.pos[0]);
		goto fail;
	}
	p = rt_repo_load(repo, e, &err);
	if (!p)
		goto fail;
	if (p->data && rt_package_get(p, "has_plugins") &&
	    rt_package_get(p, "has_plugins")->type == RT_BOOL && rt_package_get(p, "has_plugins")->u.b) {
		if (rt_repo_families(repo, &fams, &nfams, &err) < 0)
			goto fail;
		for (size_t i = 0; i < nfams; i++) {
			if (rt_streq(fams[i], args.pos[0]))
				continue;
			e = rt_repo_latest(repo, fams[i], NULL, &err);
			if (!e && err.msg)
				goto fail;
			if (!e)
				continue;
			p = rt_repo_load(repo, e, &err);
			if (!p)
				goto fail;
			if (names_contain(rt_package_get(p, "plugin_for"), args.pos[0])) {
				hits = rt_xgrow(hits, sizeof(*hits), nhits + 1, &caphits);
				hits[nhits++] = fams[i];
			}
		}
	}
	if (!nhits) {
		fprintf(stderr, "package '%s' has no plugins.\n", args.pos[0]);
		rc = RT_EXIT_OK;
		goto out;
	}
	qsort(hits, nhits, sizeof(*hits), cmp_str);
	for (size_t i = 0; i < nhits; i++)
		puts(hits[i]);
	rc = RT_EXIT_OK;
	goto out;
fail:
	cli_error(tool, "%s", rt_error_msg(&err));
out:
	free(hits);
	rt_error_release(&err);
	rt_repo_free(repo);
	cli_args_release(&args);
	return rc;
}
