/* cmd_status.c - `rez status [OBJECT]`: what context you are in; with OBJECT, whether it is a
 * tool or a package of the active context (or a package in the repositories); -t lists the
 * context's tools. As Rez's, with the visible suites. */
#include "cli/activate.h"
#include "cli/cli.h"
#include "cli/pkgrepo.h"
#include "cli/ctxinfo.h"
#include "runtime/buf.h"
#include "runtime/config.h"
#include "runtime/context.h"
#include "runtime/repo.h"
#include "runtime/value.h"
#include "runtime/version.h"

#include <fnmatch.h>
#include <stdio.h>

static const struct cli_opt status_opts[] = {
	{ 't', "tools", CLI_FLAG, NULL, "list the tools of the active context; OBJECT may be a glob such as 'foo*'" },
	{ 0, "why", CLI_VALUE, "VAR", "in the active context: each change to VAR, with the package and line "
	  "that made it (rez-lua's own)" },
	{ 'v', "verbose", CLI_FLAG, NULL, "accepted for Rez compatibility (no effect)" },
};
#define N_OPTS RT_ARRAY_LEN(status_opts)
#define OPT(name) cli_get(status_opts, N_OPTS, &args, name)

static const char usage[] =
	"usage: rez status [-t] [OBJECT]\n\n"
	"Report the current environment: the active context, or what OBJECT is (a tool or a\n"
	"package of the active context, or a package in the repositories).\n";

struct tools_acc {
	const struct rt_context *ctx;
	struct cli_table *t;
	const char *pattern;      /* -t glob, or NULL */
	const char *tool;         /* OBJECT as a tool name, or NULL */
	struct rt_buf providers;  /* packages providing `tool` */
	size_t n_providers;
	char **cells;
	size_t n_cells, cap_cells;
};

static int on_tools(void *ud, size_t i, const struct rt_value *v)
{
	struct tools_acc *a = ud;
	struct rt_buf qn = RT_BUF_INIT;
	if (!v || v->type != RT_LIST)
		return 0;
	rt_context_pkg_qualified_name(&a->ctx->pkgs[i], &qn);
	for (size_t k = 0; k < rt_list_len(v); k++) {
		const char *name = rt_value_as_str(rt_list_at(v, k));
		if (!name)
			continue;
		if (a->tool && rt_streq(name, a->tool)) {
			rt_buf_addf(&a->providers, "%s%s", a->n_providers ? " " : "", qn.buf);
			a->n_providers++;
		}
		if (a->t && (!a->pattern || fnmatch(a->pattern, name, 0) == 0)) {
			const char *row[2];
			a->cells = rt_xgrow(a->cells, sizeof(*a->cells), a->n_cells + 2, &a->cap_cells);
			a->cells[a->n_cells++] = rt_xstrdup(name);
			a->cells[a->n_cells++] = rt_xstrdup(qn.buf);
			row[0] = a->cells[a->n_cells - 2];
			row[1] = a->cells[a->n_cells - 1];
			cli_table_add(a->t, row);
		}
	}
	rt_buf_release(&qn);
	return 0;
}

int cli_cmd_status(int argc, char **argv)
{
	const char *tool = cli_tool_name(argv[0]);
	struct cli_args args;
	struct rt_error err = RT_ERROR_INIT;
	struct rt_config *cfg = NULL;
	struct rt_context *ctx = NULL;
	struct rt_repo *repo = NULL;
	struct cli_table t = { NULL, 0, 2, 0 };
	struct tools_acc acc;
	const char *rxt = getenv("REZ_RXT_FILE"), *obj;
	int rc = RT_EXIT_FAIL, known = 0;

	memset(&acc, 0, sizeof(acc));
	if (cli_parse_args(status_opts, N_OPTS, argc, argv, &args, usage, tool, &rc))
		return rc;
	if (args.n_pos > 1) {
		cli_error(tool, "expected at most one OBJECT");
		rc = RT_EXIT_USAGE;
		goto out;
	}
	obj = args.n_pos ? args.pos[0] : NULL;
	cfg = cli_load_config(tool);
	if (!cfg)
		goto out;
	if (rxt && *rxt) {
		ctx = rt_context_load(rxt, &err);
		if (!ctx)
			goto fail;
	}
	acc.ctx = ctx;
	if (OPT("why")->value) {
		if (!ctx) {
			cli_error(tool, "--why needs an active context (run it inside rez env)");
			goto out;
		}
		if (cli_context_why(ctx, cfg, OPT("why")->value, 0, &err) < 0)
			goto fail;
		rc = RT_EXIT_OK;
		goto out;
	}
	if (OPT("tools")->count) {
		if (!ctx) {
			puts("No active context.");
			rc = RT_EXIT_OK;
			goto out;
		}
		acc.t = &t;
		acc.pattern = obj;
		if (cli_context_attr(ctx, cfg, "tools", on_tools, &acc, &err) < 0)
			goto fail;
		printf("Tools in the active context (%s):\n", rxt);
		cli_table_print(&t, stdout);
		rc = RT_EXIT_OK;
		goto out;
	}
	if (!obj) {
		printf("Using rez-lua v%s\n\n", REZ_LUA_VERSION);
		if (ctx)
			printf("Active Context: %s\n", rxt);
		else
			puts("No active context.");
		{
			struct rt_value *vs = cli_visible_suites();
			if (rt_list_len(vs)) {
				printf("\n%zu visible suites:\n", rt_list_len(vs));
				for (size_t i = 0; i < rt_list_len(vs); i++)
					printf("%s\n", rt_value_as_str(rt_list_at(vs, i)));
			} else {
				puts("\nNo visible suites.");
			}
			rt_value_free(vs);
		}
		if (ctx && ctx->parent_suite_path && ctx->suite_context_name)
			printf("\nCurrently within context '%s' in suite at %s\n", ctx->suite_context_name,
			       ctx->parent_suite_path);
		rc = RT_EXIT_OK;
		goto out;
	}
	if (ctx) {
		acc.tool = obj;
		if (cli_context_attr(ctx, cfg, "tools", on_tools, &acc, &err) < 0)
			goto fail;
		if (acc.n_providers) {
			printf("'%s' is a tool in the active context:\nTool:     %s\nContext:  %s\n", obj, obj, rxt);
			printf("%s%s\n", acc.n_providers > 1 ? "Packages (in conflict): " : "Package:  ",
			       acc.providers.buf);
			known = 1;
		}
	}
	{
		struct rt_request *req = rt_request_parse(obj, NULL);
		if (req && !rt_request_is_conflict(req)) {
			const char *local = rt_config_str(cfg, "local_packages_path");
			for (size_t i = 0; ctx && i < ctx->n_pkgs; i++) {
				const struct rt_context_pkg *p = &ctx->pkgs[i];
				struct rt_version *v = rt_version_parse(p->version, NULL);
				struct rt_buf qn = RT_BUF_INIT;
				int in = rt_streq(p->name, rt_request_name(req)) && v &&
					 (!rt_request_range(req) || rt_range_contains(rt_request_range(req), v));
				rt_version_free(v);
				if (!in)
					continue;
				if (known)
					putchar('\n');
				rt_context_pkg_qualified_name(p, &qn);
				printf("'%s' %s a package in the active context:\nPackage:  %s\nURI:      %s%s\nContext:  %s\n",
				       p->name, known ? "is also" : "is", qn.buf, p->uri,
				       local && rt_streq(p->location, local) ? "  (local)" : "", rxt);
				rt_buf_release(&qn);
				known = 1;
			}
			if (!known) {
				const struct rt_repo_entry *e;
				repo = cli_open_repo(NULL, 0, &err);
				if (!repo) {
					rt_request_free(req);
					goto fail;
				}
				e = rt_repo_latest(repo, rt_request_name(req), rt_request_range(req), &err);
				if (e) {
					const char *file = rt_repo_definition_file(repo, e, NULL);
					printf("'%s' is a package. The latest version is:\nPackage:  %s%s%s\nURI:      %s\n",
					       e->family, e->family, rt_version_str(e->version)[0] ? "-" : "",
					       rt_version_str(e->version), file ? file : e->dir);
					known = 1;
				}
				rt_error_release(&err);
			}
		}
		rt_request_free(req);
	}
	if (!known)
		printf("rez-lua does not know what '%s' is\n", obj);
	rc = known ? RT_EXIT_OK : RT_EXIT_FAIL;
	goto out;
fail:
	cli_error(tool, "%s", rt_error_msg(&err));
out:
	for (size_t i = 0; i < acc.n_cells; i++)
		free(acc.cells[i]);
	free(acc.cells);
	rt_buf_release(&acc.providers);
	cli_table_release(&t);
	rt_error_release(&err);
	rt_context_free(ctx);
	rt_repo_free(repo);
	if (cfg)
		rt_config_free(cfg);
	cli_args_release(&args);
	return rc;
}
