/* cmd_depends.c - `rez depends PKG`: reverse dependencies, as Rez: the latest package of every
 * family, with the requirements of all its variants; depth by depth, which families require
 * PKG, then which require those. No resolve happens. */
#include "cli/cli.h"
#include "cli/pkgrepo.h"
#include "runtime/buf.h"
#include "runtime/file.h"
#include "runtime/package.h"
#include "runtime/repo.h"
#include "runtime/version.h"

#include <errno.h>
#include <stdio.h>

static const struct cli_opt depends_opts[] = {
	{ 'd', "depth", CLI_VALUE, "N", "dependency tree depth limit" },
	{ 0, "paths", CLI_VALUE, "PATHS", "colon-separated package search path (default: packages_path)" },
	{ 'b', "build-requires", CLI_FLAG, NULL, "include build requirements" },
	{ 'p', "private-build-requires", CLI_FLAG, NULL, "include PKG's private build requirements" },
	CLI_OPT_GROUP("output"),
	{ 'g', "graph", CLI_FLAG, NULL, "print the dependency tree as a DOT graph (rez-lua opens no viewer)" },
	{ 0, "pg|print-graph", CLI_FLAG, NULL, "print the dependency tree as a DOT graph" },
	{ 0, "wg|write-graph", CLI_VALUE, "FILE", "write the dependency tree (DOT) to FILE" },
	{ 'q', "quiet", CLI_FLAG, NULL, "no depth indicators" },
	{ 'v', "verbose", CLI_FLAG, NULL, "name the repositories searched (on stderr)" },
};
#define N_OPTS RT_ARRAY_LEN(depends_opts)
#define OPT(name) cli_get(depends_opts, N_OPTS, &args, name)

static const char usage[] =
	"usage: rez depends [-d N] [--paths PATHS] [-b] [-p] [-g | --pg | --wg FILE] [-q] PKG\n\n"
	"Reverse dependency lookup: which packages require PKG (latest version of each family,\n"
	"all variants), then which require those, depth by depth.\n";

static void add_reqs(const char *family, const struct rt_reqlist *l, const char *const *fams,
		     size_t nfams, unsigned char *edge, size_t self)
{
	for (size_t i = 0; i < l->len; i++) {
		const struct rt_request *r = l->items[i];
		if (rt_request_is_conflict(r))
			continue;
		for (size_t k = 0; k < nfams; k++)
			if (rt_streq(fams[k], rt_request_name(r)) && !rt_streq(fams[k], family))
				edge[k * nfams + self] = 1;   /* fams[self] requires fams[k] */
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int cli_cmd_depends(int argc, char **argv)
{
	const char *tool = cli_tool_name(argv[0]);
	struct cli_args args;
	struct rt_error err = RT_ERROR_INIT;
	struct rt_repo *repo = NULL;
	const char *const *fams;
	size_t nfams = 0, target = 0;
	unsigned char *edge = NULL, *consumed = NULL, *working = NULL, *next = NULL;
	struct rt_buf out = RT_BUF_INIT, dot = RT_BUF_INIT;
	long depth = -1;
	int rc = RT_EXIT_FAIL, found = 0;

	if (cli_parse_args(depends_opts, N_OPTS, argc, argv, &args, usage, tool, &rc))
		return rc;
	if (args.n_pos != 1) {
		cli_error(tool, "expected one package family (PKG)");
		rc = RT_EXIT_USAGE;
		goto out;
	}
	if (OPT("depth")->value) {
		char *end;
		errno = 0;
		depth = strtol(OPT("depth")->value, &end, 10);
		if (*end || !*OPT("depth")->value || errno || depth < 0) {
			cli_error(tool, "--depth needs a non-negative integer (got '%s')", OPT("depth")->value);
			rc = RT_EXIT_USAGE;
			goto out;
		}
	}
	repo = cli_open_repo(OPT("paths")->value, 0, &err);
	if (!repo || rt_repo_families(repo, &fams, &nfams, &err) < 0)
		goto fail;
	if (OPT("verbose")->count)
		cli_print_repo_paths(repo, stderr);
	for (size_t i = 0; i < nfams; i++)
		if (rt_streq(fams[i], args.pos[0])) {
			target = i;
			found = 1;
		}
	if (!found) {
		rt_error(&err, "package family not found: %s", args.pos[0]);
		goto fail;
	}
	edge = rt_xcalloc(nfams * nfams + 1, 1);
	for (size_t i = 0; i < nfams; i++) {
		const struct rt_repo_entry *e = rt_repo_latest(repo, fams[i], NULL, &err);
		const struct rt_package *p;
		if (!e) {
			if (err.msg)
				goto fail;
			continue;
		}
		p = rt_repo_load(repo, e, &err);
		if (!p)
			goto fail;
		add_reqs(fams[i], &p->requires, fams, nfams, edge, i);
		for (size_t v = 0; v < p->n_variants; v++)
			add_reqs(fams[i], &p->variants[v], fams, nfams, edge, i);
		if (OPT("build-requires")->count)
			add_reqs(fams[i], &p->build_requires, fams, nfams, edge, i);
		if (OPT("private-build-requires")->count && i == target)
			add_reqs(fams[i], &p->private_build_requires, fams, nfams, edge, i);
	}

	consumed = rt_xcalloc(nfams, 1);
	working = rt_xcalloc(nfams, 1);
	next = rt_xcalloc(nfams, 1);
	consumed[target] = working[target] = 1;
	rt_buf_addf(&out, "%s%s\n", OPT("quiet")->count ? "" : "#0: ", fams[target]);
	rt_buf_adds(&dot, "digraph g {\n");
	rt_buf_addf(&dot, "    \"%s\" [fillcolor=\"#AAFFAA\", style=filled];\n", fams[target]);
	for (long n = 0; depth < 0 || n < depth; n++) {
		const char **row = rt_xcalloc(nfams + 1, sizeof(*row));
		size_t nrow = 0;
		memset(next, 0, nfams);
		for (size_t c = 0; c < nfams; c++) {
			if (!working[c])
				continue;
			for (size_t p = 0; p < nfams; p++) {
				if (!edge[c * nfams + p])
					continue;
				rt_buf_addf(&dot, "    \"%s\" -> \"%s\";\n", fams[p], fams[c]);
				if (consumed[p])
					continue;
				consumed[p] = next[p] = 1;
				row[nrow++] = fams[p];
			}
		}
		if (!nrow) {
			free(row);
			break;
		}
		qsort(row, nrow, sizeof(*row), cmp_str);
		if (!OPT("quiet")->count)
			rt_buf_addf(&out, "#%ld:", n + 1);
		for (size_t i = 0; i < nrow; i++)
			rt_buf_addf(&out, "%s%s", i || !OPT("quiet")->count ? " " : "", row[i]);
		rt_buf_addch(&out, '\n');
		free(row);
		memcpy(working, next, nfams);
	}
	rt_buf_adds(&dot, "}\n");
	if (OPT("write-graph")->value) {
		if (rt_file_write_atomic(OPT("write-graph")->value, dot.buf, dot.len, 0644, 0, &err) < 0)
			goto fail;
	} else if (OPT("graph")->count || OPT("print-graph")->count) {
		fwrite(dot.buf, 1, dot.len, stdout);
	} else {
		fwrite(out.buf, 1, out.len, stdout);
	}
	rc = RT_EXIT_OK;
	goto out;
fail:
	cli_error(tool, "%s", rt_error_msg(&err));
out:
	free(edge);
	free(consumed);
	free(working);
	free(next);
	rt_buf_release(&out);
	rt_buf_release(&dot);
	rt_error_release(&err);
	rt_repo_free(repo);
	cli_args_release(&args);
	return rc;
}
