/* cmd_help.c - `rez help PKG [SECTION]`: a package's help entries (its `help` attribute).
 * `rez help` and `rez help COMMAND` are answered in main.c, which owns the command table. */
#include "cli/cli.h"
#include "cli/pkgrepo.h"
#include "runtime/buf.h"
#include "runtime/package.h"
#include "runtime/repo.h"
#include "runtime/value.h"
#include "runtime/version.h"

#include <stdio.h>

static const struct cli_opt help_opts[] = {
	{ 'e', "entries", CLI_FLAG, NULL, "print every help entry of the package" },
	{ 0, "paths", CLI_VALUE, "PATHS", "colon-separated package search path (default: packages_path)" },
	{ 'm', "manual", CLI_FLAG, NULL, "accepted for Rez compatibility: print where rez-lua's manual is" },
	{ 'v', "verbose", CLI_FLAG, NULL, "name each package looked at" },
};

static const char usage[] =
	"usage: rez help [-e] [-m] [--paths PATHS] [COMMAND | PKG [SECTION]]\n\n"
	"Print the help of a rez command, or the help of the latest package matching PKG that has a\n"
	"'help' attribute: a URL, or a list of {label, URL} entries (SECTION picks one, from 1).\n";

/* The entries of a help attribute: a string is one entry "Help". */
static int entry(const struct rt_value *h, size_t i, const char **label, const char **url)
{
	if (h->type == RT_STR) {
		if (i)
			return -1;
		*label = "Help";
		*url = rt_value_as_str(h);
		return 0;
	}
	if (h->type != RT_LIST || i >= rt_list_len(h))
		return -1;
	h = rt_list_at(h, i);
	if (h->type != RT_LIST || rt_list_len(h) < 2)
		return -1;
	*label = rt_value_as_str(rt_list_at(h, 0));
	*url = rt_value_as_str(rt_list_at(h, 1));
	return *label && *url ? 0 : -1;
}

int cli_package_help(int argc, char **argv)
{
	const char *tool = "rez-help";
	struct cli_args args;
	struct rt_error err = RT_ERROR_INIT;
	struct rt_request *req = NULL;
	struct rt_repo *repo = NULL;
	const struct rt_repo_entry *const *ents;
	const struct rt_package *found = NULL;
	const struct rt_value *help_v = NULL;
	size_t n = 0;
	long section = 1;
	int rc = RT_EXIT_FAIL;

	if (cli_parse_args(help_opts, RT_ARRAY_LEN(help_opts), argc, argv, &args, usage, tool, &rc))
		return rc;
	if (cli_get(help_opts, RT_ARRAY_LEN(help_opts), &args, "manual")->count || !args.n_pos) {
		puts("rez-lua's manual is the docs/ folder of its source tree (README.md lists the pages).");
		rc = RT_EXIT_OK;
		goto out;
	}
	if (args.n_pos > 2) {
		cli_error(tool, "expected PKG [SECTION]");
		rc = RT_EXIT_USAGE;
		goto out;
	}
	if (args.n_pos == 2) {
		char *end;
		section = strtol(args.pos[1], &end, 10);
		if (*end || !*args.pos[1] || section < 1) {
			cli_error(tool, "SECTION must be a number from 1 (got '%s')", args.pos[1]);
			rc = RT_EXIT_USAGE;
			goto out;
		}
	}
	req = rt_request_parse(args.pos[0], &err);
	if (!req)
		goto fail;
	if (rt_request_is_conflict(req)) {
		cli_error(tool, "expected a non-conflicting package request (got '%s')", args.pos[0]);
		rc = RT_EXIT_USAGE;
		goto out;
	}
	repo = cli_open_repo(cli_get(help_opts, RT_ARRAY_LEN(help_opts), &args, "paths")->value, 0, &err);
	if (!repo || rt_repo_versions(repo, rt_request_name(req), &ents, &n, &err) < 0)
		goto fail;
	/* Newest first, as Rez: the first package in the range that has help. */
	for (size_t i = n; i-- > 0 && !found;) {
		const struct rt_package *p;
		if (rt_request_range(req) && !rt_range_contains(rt_request_range(req), ents[i]->version))
			continue;
		p = rt_repo_load(repo, ents[i], &err);
		if (!p)
			goto fail;
		if (cli_get(help_opts, RT_ARRAY_LEN(help_opts), &args, "verbose")->count)
			fprintf(stderr, "searching for help in %s...\n", ents[i]->dir);
		help_v = rt_package_get(p, "help");
		if (help_v && help_v->type != RT_NULL)
			found = p;
	}
	if (!found) {
		fprintf(stderr, "Could not find a package with help for '%s'.\n", args.pos[0]);
		goto out;
	}
	{
		const struct rt_value *desc = rt_package_get(found, "description");
		const char *label, *url;
		printf("Help found for:\n%s\n", found->file);
		if (desc && rt_value_as_str(desc))
			printf("\nDescription:\n%s\n\n", rt_value_as_str(desc));
		if (cli_get(help_opts, RT_ARRAY_LEN(help_opts), &args, "entries")->count) {
			puts("Sections:");
			for (size_t i = 0; entry(help_v, i, &label, &url) == 0; i++)
				printf("  %zu: %s (%s)\n", i + 1, label, url);
		} else if (entry(help_v, (size_t)section - 1, &label, &url) == 0) {
			printf("%s: %s\n", label, url);
		} else {
			fprintf(stderr, "No such help section.\n");
			rc = RT_EXIT_USAGE;
			goto out;
		}
	}
	rc = RT_EXIT_OK;
	goto out;
fail:
	cli_error(tool, "%s", rt_error_msg(&err));
out:
	rt_error_release(&err);
	rt_request_free(req);
	rt_repo_free(repo);
	cli_args_release(&args);
	return rc;
}
