/* cmd_context.c - `rez context`: print a saved context, or interpret it for a shell. */
#include "cli/activate.h"
#include "cli/cli.h"
#include "cli/ctxinfo.h"
#include "runtime/action.h"
#include "runtime/buf.h"
#include "runtime/config.h"
#include "runtime/context.h"
#include "runtime/order.h"
#include "runtime/file.h"
#include "runtime/json.h"
#include "runtime/repo.h"
#include "runtime/resolve.h"
#include "runtime/shell.h"
#include "runtime/value.h"
#include "runtime/version.h"

#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct cli_opt ctx_opts[] = {
	{ 0, "print-request|req", CLI_FLAG, NULL, "print the request (implicit packages excluded)" },
	{ 0, "print-resolve|res", CLI_FLAG, NULL, "print the resolved packages" },
	{ 0, "source-order|so", CLI_FLAG, NULL, "list packages in resolve (command) order" },
	{ 0, "show-uris|su", CLI_FLAG, NULL, "list definition URIs instead of roots" },
	{ 't', "tools", CLI_FLAG, NULL, "list the tools the context provides" },
	{ 0, "which", CLI_VALUE, "CMD", "locate a program in the context's PATH" },
	{ 0, "why", CLI_VALUE, "VAR", "each change to VAR in order, with the package and line of its commands "
	  "that made it (rez-lua's own)" },
	{ 'g', "graph", CLI_FLAG, NULL, "print the resolve graph (DOT)" },
	{ 0, "print-graph|pg", CLI_FLAG, NULL, "print the resolve graph (DOT)" },
	{ 'd', "dependency-graph", CLI_FLAG, NULL, "print the dependency graph (DOT)" },
	{ 0, "write-graph|wg", CLI_VALUE, "FILE", "write the resolve graph (DOT) to FILE" },
	{ 0, "prune-package|pp", CLI_VALUE, "PKG", "keep only PKG and what it depends on in the graph" },
	{ 'i', "interpret", CLI_FLAG, NULL, "print the activation script (or environment)" },
	{ 'f', "format", CLI_VALUE, "FORMAT", "a shell name, or dict, table, json (with --interpret)" },
	{ 's', "style", CLI_VALUE, "STYLE", "file (default) or eval: no comments, for eval \"$(...)\"" },
	{ 0, "no-env", CLI_FLAG, NULL, "interpret against an empty parent environment" },
	{ 0, "diff", CLI_VALUE, "RXT", "compare this context's resolve with another context's" },
	{ 0, "fetch", CLI_FLAG, NULL, "compare with a fresh resolve of the same request" },
	{ 'v', "verbose", CLI_FLAG, NULL, "more detail" },
};
#define N_OPTS RT_ARRAY_LEN(ctx_opts)
#define OPT(name) cli_get(ctx_opts, N_OPTS, &args, name)

static const char usage[] = "rez context [options] [RXT | -]\n\n"
	"Print information about the current context ($REZ_RXT_FILE) or a saved context file.";

/* --why VAR: the actions on VAR in order, where each came from, and the final value. */
int cli_context_why(const struct rt_context *ctx, const struct rt_config *cfg, const char *var,
		    int no_env, struct rt_error *err)
{
	struct cli_activation a;
	struct rt_actions acts = RT_ACTIONS_INIT;
	struct rt_value *env = NULL;
	struct cli_table t = { NULL, 0, 3, 0 };
	char **cells = NULL;
	size_t n_cells = 0, cap_cells = 0;
	const char *final;
	memset(&a, 0, sizeof(a));
	a.shell = rt_shell_find("sh", err);
	a.no_env = no_env;
	if (!a.shell || cli_activate(ctx, cfg, &a, &acts, &env, err) < 0) {
		rt_actions_release(&acts);
		rt_value_free(env);
		return -1;
	}
	printf("%s, in the order it was changed:\n", var);
	for (size_t i = 0; i < acts.n; i++) {
		const struct rt_action *act = &acts.v[i];
		struct rt_buf v = RT_BUF_INIT;
		const char *row[3];
		if (!act->key || !rt_streq(act->key, var) ||
		    (act->kind != RT_ACT_SETENV && act->kind != RT_ACT_RESETENV &&
		     act->kind != RT_ACT_APPENDENV && act->kind != RT_ACT_PREPENDENV &&
		     act->kind != RT_ACT_UNSETENV))
			continue;
		for (size_t k = 0; k < act->value.n; k++) {
			const struct rt_part *p = &act->value.parts[k];
			if (p->kind == RT_PART_REF)
				rt_buf_addf(&v, "${%s}", p->text);
			else
				rt_buf_add(&v, p->text, p->len);
		}
		cells = rt_xgrow(cells, sizeof(*cells), n_cells + 3, &cap_cells);
		cells[n_cells++] = rt_xstrfmt("  %s", rt_action_kind_name(act->kind));
		cells[n_cells++] = rt_buf_detach(&v, NULL);
		cells[n_cells++] = rt_xstrdup(act->where ? act->where : "(rez: context setup)");
		row[0] = cells[n_cells - 3];
		row[1] = cells[n_cells - 2];
		row[2] = cells[n_cells - 1];
		cli_table_add(&t, row);
	}
	if (!t.rows)
		puts("  (not changed by this context)");
	cli_table_print(&t, stdout);
	final = rt_value_as_str(rt_map_get(env, var));
	printf("final value:\n  %s\n", final ? final : "(unset)");
	cli_table_release(&t);
	for (size_t i = 0; i < n_cells; i++)
		free(cells[i]);
	free(cells);
	rt_actions_release(&acts);
	rt_value_free(env);
	return 0;
}

/* ---- tools ---- */

struct tools_acc {
	const struct rt_context *ctx;
	struct rt_value *rows;   /* list of [tool, package] */
};

static int collect_tools(void *ud, size_t i, const struct rt_value *v)
{
	struct tools_acc *t = ud;
	struct rt_buf qn = RT_BUF_INIT;
	if (!v || v->type != RT_LIST)
		return 0;
	rt_context_pkg_qualified_name(&t->ctx->pkgs[i], &qn);
	for (size_t k = 0; k < rt_list_len(v); k++) {
		const char *tool = rt_value_as_str(rt_list_at(v, k));
		struct rt_value *row;
		if (!tool)
			continue;
		row = rt_value_list();
		rt_list_push(row, rt_value_str(tool));
		rt_list_push(row, rt_value_str(qn.buf));
		rt_list_push(t->rows, row);
	}
	rt_buf_release(&qn);
	return 0;
}

static int cmp_rows(const void *a, const void *b)
{
	const struct rt_value *const *x = a, *const *y = b;
	int c = strcmp(rt_value_as_str(rt_list_at(*x, 1)), rt_value_as_str(rt_list_at(*y, 1)));
	return c ? c : strcmp(rt_value_as_str(rt_list_at(*x, 0)), rt_value_as_str(rt_list_at(*y, 0)));
}

static int print_tools(const struct rt_context *ctx, const struct rt_config *cfg, struct rt_error *err)
{
	struct tools_acc t = { ctx, rt_value_list() };
	struct cli_table tab = { NULL, 0, 3, 0 };
	const char *hdr[3] = { "TOOL", "PACKAGE", "" }, *sep[3] = { "----", "-------", "" };
	if (cli_context_attr(ctx, cfg, "tools", collect_tools, &t, err) < 0) {
		rt_value_free(t.rows);
		return -1;
	}
	if (rt_list_len(t.rows)) {
		qsort(t.rows->u.list.items, rt_list_len(t.rows), sizeof(struct rt_value *), cmp_rows);
		cli_table_add(&tab, hdr);
		cli_table_add(&tab, sep);
		for (size_t i = 0; i < rt_list_len(t.rows); i++) {
			const struct rt_value *r = rt_list_at(t.rows, i);
			const char *tool = rt_value_as_str(rt_list_at(r, 0));
			int conflict = 0;
			const char *row[3];
			for (size_t j = 0; j < rt_list_len(t.rows); j++) {
				const struct rt_value *o = rt_list_at(t.rows, j);
				if (j != i && rt_streq(tool, rt_value_as_str(rt_list_at(o, 0))))
					conflict = 1;
			}
			row[0] = tool;
			row[1] = rt_value_as_str(rt_list_at(r, 1));
			row[2] = conflict ? "(in conflict)" : "";
			cli_table_add(&tab, row);
		}
		cli_table_print(&tab, stdout);
	}
	cli_table_release(&tab);
	rt_value_free(t.rows);
	return 0;
}

/* ---- graph ---- */

struct graph_acc {
	const struct rt_context *ctx;
	struct rt_value *reqs;   /* per package: list of request strings */
};

static long find_pkg(const struct rt_context *ctx, const char *name)
{
	for (size_t i = 0; i < ctx->n_pkgs; i++)
		if (rt_streq(ctx->pkgs[i].name, name))
			return (long)i;
	return -1;
}

static void mark_deps(const struct graph_acc *g, size_t i, char *keep)
{
	const struct rt_value *l = rt_list_at(g->reqs, i);
	if (keep[i])
		return;
	keep[i] = 1;
	for (size_t k = 0; k < rt_list_len(l); k++) {
		struct rt_request *r = rt_request_parse(rt_value_as_str(rt_list_at(l, k)), NULL);
		long j = r && !rt_request_is_conflict(r) ? find_pkg(g->ctx, rt_request_name(r)) : -1;
		rt_request_free(r);
		if (j >= 0)
			mark_deps(g, (size_t)j, keep);
	}
}

static int make_graph(const struct rt_context *ctx, const struct rt_config *cfg, const char *prune,
		      struct rt_buf *out, struct rt_error *err)
{
	struct graph_acc g = { ctx, NULL };
	char *keep = rt_xcalloc(ctx->n_pkgs + 1, 1), *edges = NULL;
	struct rt_buf a = RT_BUF_INIT, b = RT_BUF_INIT;
	int rc = -1;
	if (!(g.reqs = cli_context_requires(ctx, cfg, err)))
		goto out;
	if (prune) {
		struct rt_request *r = rt_request_parse(prune, err);
		long j = r ? find_pkg(ctx, rt_request_name(r)) : -1;
		rt_request_free(r);
		if (j < 0) {
			if (!err || !err->msg)
				rt_error(err, "package '%s' is not in the context", prune);
			goto out;
		}
		mark_deps(&g, (size_t)j, keep);
	} else {
		memset(keep, 1, ctx->n_pkgs);
	}
	rt_buf_adds(out, "digraph g {\n");
	for (size_t i = 0; i < ctx->n_pkgs; i++) {
		if (!keep[i])
			continue;
		rt_buf_reset(&a);
		rt_context_pkg_qualified_name(&ctx->pkgs[i], &a);
		rt_buf_addf(out, "    \"%s\" [shape=box];\n", a.buf);
	}
	edges = rt_xcalloc(ctx->n_pkgs * ctx->n_pkgs + 1, 1);
	for (size_t i = 0; i < ctx->n_pkgs; i++) {
		const struct rt_value *l = rt_list_at(g.reqs, i);
		if (!keep[i])
			continue;
		rt_buf_reset(&a);
		rt_context_pkg_qualified_name(&ctx->pkgs[i], &a);
		for (size_t k = 0; k < rt_list_len(l); k++) {
			struct rt_request *r = rt_request_parse(rt_value_as_str(rt_list_at(l, k)), NULL);
			long j = r && !rt_request_is_conflict(r) ? find_pkg(ctx, rt_request_name(r)) : -1;
			rt_request_free(r);
			/* a family in both requires and the variant's requires is one edge */
			if (j < 0 || !keep[j] || edges[i * ctx->n_pkgs + (size_t)j])
				continue;
			edges[i * ctx->n_pkgs + (size_t)j] = 1;
			rt_buf_reset(&b);
			rt_context_pkg_qualified_name(&ctx->pkgs[j], &b);
			rt_buf_addf(out, "    \"%s\" -> \"%s\";\n", a.buf, b.buf);
		}
	}
	rt_buf_adds(out, "}\n");
	rc = 0;
out:
	rt_value_free(g.reqs);
	rt_buf_release(&a);
	rt_buf_release(&b);
	free(keep);
	free(edges);
	return rc;
}

/* ---- diff ---- */

static size_t versions_between(struct rt_repo *repo, const char *family, const char *lo,
			       const char *hi)
{
	const struct rt_repo_entry *const *e;
	size_t n, count = 0;
	struct rt_version *a = rt_version_parse(lo, NULL), *b = rt_version_parse(hi, NULL);
	if (repo && a && b && rt_repo_versions(repo, family, &e, &n, NULL) == 0)
		for (size_t i = 0; i < n; i++)
			if (rt_version_cmp(e[i]->version, a) > 0 && rt_version_cmp(e[i]->version, b) <= 0)
				count++;
	rt_version_free(a);
	rt_version_free(b);
	return count;
}

static int cmp_pkg_ptr_name(const void *a, const void *b)
{
	const struct rt_context_pkg *const *x = a, *const *y = b;
	return strcmp((*x)->name, (*y)->name);
}

/* Rez's print_resolve_diff: changed versions (newer, then older), then added and removed
 * packages by name; nothing at all when the resolves are the same. */
static void print_diff(const struct rt_context *x, const struct rt_context *y, const char *ha,
		       const char *hb, struct rt_repo *repo)
{
	struct cli_table t = { NULL, 0, 3, 0 };
	struct rt_value *cells = rt_value_list();   /* keeps row strings alive */
	size_t heading = 0;
	if (ha && hb) {
		char *da = rt_xstrfmt("%.*s", (int)strlen(ha), "--------------------------------------------------------------------------------");
		char *db = rt_xstrfmt("%.*s", (int)strlen(hb), "--------------------------------------------------------------------------------");
		const char *r1[3] = { ha, hb, "" }, *r2[3];
		rt_list_push(cells, rt_value_str_take(da));
		rt_list_push(cells, rt_value_str_take(db));
		r2[0] = da;
		r2[1] = db;
		r2[2] = "";
		cli_table_add(&t, r1);
		cli_table_add(&t, r2);
		heading = t.rows;
	}
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < x->n_pkgs; i++) {
			const struct rt_context_pkg *p = &x->pkgs[i], *q = NULL;
			struct rt_version *va, *vb;
			int c;
			for (size_t j = 0; j < y->n_pkgs; j++)
				if (rt_streq(y->pkgs[j].name, p->name))
					q = &y->pkgs[j];
			if (!q || rt_streq(p->version, q->version))
				continue;
			va = rt_version_parse(p->version, NULL);
			vb = rt_version_parse(q->version, NULL);
			c = va && vb ? rt_version_cmp(va, vb) : 0;
			rt_version_free(va);
			rt_version_free(vb);
			if ((pass == 0 && c < 0) || (pass == 1 && c > 0)) {
				struct rt_buf a = RT_BUF_INIT, b = RT_BUF_INIT;
				size_t n = pass == 0 ? versions_between(repo, p->name, p->version, q->version)
						     : versions_between(repo, p->name, q->version, p->version);
				char *d = rt_xstrfmt("(%c%zu versions)", pass == 0 ? '+' : '-', n);
				const char *row[3];
				rt_context_pkg_qualified_name(p, &a);
				rt_context_pkg_qualified_name(q, &b);
				row[0] = a.buf;
				row[1] = b.buf;
				row[2] = d;
				rt_list_push(cells, rt_value_str_take(rt_buf_detach(&a, NULL)));
				rt_list_push(cells, rt_value_str_take(rt_buf_detach(&b, NULL)));
				rt_list_push(cells, rt_value_str_take(d));
				row[0] = rt_value_as_str(rt_list_at(cells, rt_list_len(cells) - 3));
				row[1] = rt_value_as_str(rt_list_at(cells, rt_list_len(cells) - 2));
				cli_table_add(&t, row);
			}
		}
	}
	for (int side = 0; side < 2; side++) {
		const struct rt_context *from = side ? x : y, *other = side ? y : x;
		const struct rt_context_pkg **sorted = rt_xcalloc(from->n_pkgs + 1, sizeof(*sorted));
		for (size_t i = 0; i < from->n_pkgs; i++)
			sorted[i] = &from->pkgs[i];
		qsort(sorted, from->n_pkgs, sizeof(*sorted), cmp_pkg_ptr_name);
		for (size_t i = 0; i < from->n_pkgs; i++) {
			struct rt_buf a = RT_BUF_INIT;
			const char *row[3];
			if (find_pkg(other, sorted[i]->name) >= 0)
				continue;
			rt_context_pkg_qualified_name(sorted[i], &a);
			rt_list_push(cells, rt_value_str_take(rt_buf_detach(&a, NULL)));
			row[side ? 0 : 1] = rt_value_as_str(rt_list_at(cells, rt_list_len(cells) - 1));
			row[side ? 1 : 0] = "-";
			row[2] = "";
			cli_table_add(&t, row);
		}
		free(sorted);
	}
	if (t.rows > heading)
		cli_table_print(&t, stdout);
	cli_table_release(&t);
	rt_value_free(cells);
}

/* ---- interpret ---- */

static int cmp_keys(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void py_repr(const char *s, struct rt_buf *out)
{
	rt_buf_addch(out, '\'');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '\'' || c == '\\')
			rt_buf_addf(out, "\\%c", c);
		else if (c == '\n')
			rt_buf_adds(out, "\\n");
		else if (c == '\t')
			rt_buf_adds(out, "\\t");
		else if (c < 0x20 || c == 0x7f)
			rt_buf_addf(out, "\\x%02x", c);
		else
			rt_buf_addch(out, c);
	}
	rt_buf_addch(out, '\'');
}

static int print_environ(const struct rt_value *env, const char *format, struct rt_error *err)
{
	const char **keys = rt_xcalloc(rt_map_len(env) + 1, sizeof(*keys));
	struct rt_buf out = RT_BUF_INIT;
	int rc = 0;
	for (size_t i = 0; i < rt_map_len(env); i++)
		keys[i] = rt_map_key(env, i);
	qsort(keys, rt_map_len(env), sizeof(*keys), cmp_keys);
	if (rt_streq(format, "json")) {
		struct rt_value *sorted = rt_value_map();
		for (size_t i = 0; i < rt_map_len(env); i++)
			rt_map_set(sorted, keys[i], rt_value_copy(rt_map_get(env, keys[i])));
		rc = rt_json_emit(sorted, RT_JSON_SORT_KEYS | RT_JSON_INDENT4, &out, err);
		rt_buf_addch(&out, '\n');
		rt_value_free(sorted);
	} else if (rt_streq(format, "dict")) {
		rt_buf_addch(&out, '{');
		for (size_t i = 0; i < rt_map_len(env); i++) {
			if (i)
				rt_buf_adds(&out, ",\n ");
			py_repr(keys[i], &out);
			rt_buf_adds(&out, ": ");
			py_repr(rt_value_as_str(rt_map_get(env, keys[i])), &out);
		}
		rt_buf_adds(&out, "}\n");
	} else {
		struct cli_table t = { NULL, 0, 2, 0 };
		for (size_t i = 0; i < rt_map_len(env); i++) {
			const char *row[2] = { keys[i], rt_value_as_str(rt_map_get(env, keys[i])) };
			cli_table_add(&t, row);
		}
		fwrite(out.buf, 1, out.len, stdout);
		rt_buf_reset(&out);
		cli_table_print(&t, stdout);
		cli_table_release(&t);
	}
	if (rc == 0)
		fwrite(out.buf, 1, out.len, stdout);
	rt_buf_release(&out);
	free(keys);
	return rc;
}

static int interpret_with(const struct rt_context *ctx, const struct rt_config *cfg,
			  const char *format, const char *style, int eval,
			  struct cli_activation *ap, struct rt_error *err);

static int interpret(const struct rt_context *ctx, const struct rt_config *cfg, const char *format,
		     const char *style, int no_env, struct rt_error *err)
{
	struct cli_activation a;
	int eval = style && rt_streq(style, "eval");
	/* REZ_RXT_FILE must name the file from anywhere the script is sourced */
	char *abs_rxt = ctx->rxt_path ? realpath(ctx->rxt_path, NULL) : NULL;
	int result;
	memset(&a, 0, sizeof(a));
	a.no_env = no_env;
	a.rxt_file = abs_rxt ? abs_rxt : ctx->rxt_path;
	result = interpret_with(ctx, cfg, format, style, eval, &a, err);
	free(abs_rxt);
	return result;
}

static int interpret_with(const struct rt_context *ctx, const struct rt_config *cfg,
			  const char *format, const char *style, int eval,
			  struct cli_activation *ap, struct rt_error *err)
{
	struct cli_activation a = *ap;
	if (style && !eval && !rt_streq(style, "file"))
		return rt_error(err, "invalid style '%s' (expected file or eval)", style);
	if (format && (rt_streq(format, "dict") || rt_streq(format, "table") || rt_streq(format, "json"))) {
		struct rt_actions acts = RT_ACTIONS_INIT;
		struct rt_value *env = NULL;
		int rc;
		a.shell = rt_shell_find("sh", err);
		if (!a.shell)
			return -1;
		rc = cli_activate(ctx, cfg, &a, &acts, &env, err);
		if (rc == 0)
			rc = print_environ(env, format, err);
		rt_actions_release(&acts);
		rt_value_free(env);
		return rc;
	}
	if (format && !rt_shell_find(format, NULL)) {
		/* The formats are the shells plus three environment dumps: name them all. */
		struct rt_buf names = RT_BUF_INIT;
		for (const char *const *n = rt_shell_names(); *n; n++)
			rt_buf_addf(&names, "%s, ", *n);
		rt_buf_adds(&names, "dict, table, json");
		rt_error(err, "unknown format '%s' (valid: %s)", format, names.buf);
		rt_buf_release(&names);
		return -1;
	}
	a.shell = cli_pick_shell(cfg, format, err);
	if (!a.shell)
		return -1;
	{
		struct rt_actions acts = RT_ACTIONS_INIT, kept = RT_ACTIONS_INIT;
		struct rt_buf out = RT_BUF_INIT;
		int rc = cli_activate(ctx, cfg, &a, &acts, NULL, err);
		const struct rt_actions *use = &acts;
		if (rc == 0 && eval) {
			/* For eval "$(...)": the same code without comments or the shebang. */
			for (size_t i = 0; i < acts.n; i++) {
				if (acts.v[i].kind == RT_ACT_COMMENT || acts.v[i].kind == RT_ACT_SHEBANG) {
					rt_action_release(&acts.v[i]);
					continue;
				}
				*rt_actions_add(&kept, acts.v[i].kind) = acts.v[i];
				memset(&acts.v[i], 0, sizeof(acts.v[i]));
			}
			use = &kept;
		}
		struct rt_emit_opts eo = { NULL, RT_LAYOUT_FOLDED };
		if (rc == 0)
			rc = rt_script_layout_parse(rt_config_str(cfg, "shell_script_layout"), &eo.layout, err);
		if (rc == 0)
			rc = rt_shell_emit(a.shell, use, &eo, &out, err);
		if (rc == 0)
			fwrite(out.buf, 1, out.len, stdout);
		rt_actions_release(&acts);
		rt_actions_release(&kept);
		rt_buf_release(&out);
		return rc;
	}
}

int cli_cmd_context(int argc, char **argv)
{
	const char *tool = cli_tool_name(argv[0]);
	struct cli_args args;
	struct rt_error err = RT_ERROR_INIT;
	struct rt_config *cfg = NULL;
	struct rt_context *ctx = NULL, *other = NULL;
	const char *path;
	int help, rc = RT_EXIT_FAIL;

	if (cli_parse(ctx_opts, N_OPTS, argc, argv, &args, &help, usage, &err) < 0) {
		cli_error(tool, "%s", rt_error_msg(&err));
		rt_error_release(&err);
		cli_args_release(&args);
		return RT_EXIT_USAGE;
	}
	if (help) {
		cli_args_release(&args);
		return RT_EXIT_OK;
	}
	if (args.n_pos > 1) {
		cli_error(tool, "only one context file may be given");
		cli_args_release(&args);
		return RT_EXIT_USAGE;
	}
	path = args.n_pos ? args.pos[0] : getenv("REZ_RXT_FILE");
	if (!path || !*path) {
		cli_error(tool, "not in a resolved environment context (give a context file, or '-' for stdin)");
		cli_args_release(&args);
		return RT_EXIT_FAIL;
	}
	cfg = cli_load_config(tool);
	if (!cfg)
		goto done;
	ctx = rt_context_load(path, &err);
	if (!ctx)
		goto fail;

	if (OPT("interpret")->count) {
		if (interpret(ctx, cfg, OPT("format")->value, OPT("style")->value,
			      OPT("no-env")->count > 0, &err) < 0)
			goto fail;
	} else if (OPT("print-request")->count) {
		for (size_t i = 0; i < ctx->requests.n; i++)
			printf("%s\n", ctx->requests.v[i]);
	} else if (OPT("print-resolve")->count) {
		for (size_t i = 0; i < ctx->n_pkgs; i++) {
			if (OPT("show-uris")->count) {
				printf("%s\n", ctx->pkgs[i].uri);
			} else {
				struct rt_buf q = RT_BUF_INIT;
				rt_context_pkg_qualified_name(&ctx->pkgs[i], &q);
				printf("%s\n", q.buf);
				rt_buf_release(&q);
			}
		}
	} else if (OPT("tools")->count) {
		if (print_tools(ctx, cfg, &err) < 0)
			goto fail;
	} else if (OPT("diff")->value || OPT("fetch")->count) {
		struct rt_value *paths = rt_value_list();
		struct rt_repo *repo;
		for (size_t i = 0; i < ctx->package_paths.n; i++)
			rt_list_push(paths, rt_value_str(ctx->package_paths.v[i]));
		repo = cli_repo_open(cfg, paths, 0, &err);
		rt_value_free(paths);
		if (!repo)
			goto fail;
		if (OPT("diff")->value) {
			const char *b = OPT("diff")->value, *sa = strrchr(path, '/'), *sb = strrchr(b, '/');
			other = rt_context_load(b, &err);
			if (other)
				print_diff(ctx, other, sa ? sa + 1 : path, sb ? sb + 1 : b, repo);
		} else {
			struct rt_resolve_opts ro;
			struct rt_order_list *orderers;
			memset(&ro, 0, sizeof(ro));
			ro.solver = (struct rt_solver_options)RT_SOLVER_OPTIONS_INIT;
			ro.requests = (const char *const *)ctx->requests.v;
			ro.n_requests = ctx->requests.n;
			ro.implicits = (const char *const *)ctx->implicits.v;
			ro.n_implicits = ctx->implicits.n;
			ro.repo = repo;
			ro.solver.building = ctx->building;
			ro.shortlinks_dirname = cli_shortlinks_dirname(cfg);
			/* as Rez's --fetch: today's configured orderers, not the saved ones */
			ro.solver.orderers = orderers = cli_orderers(cfg, &err);
			other = orderers ? rt_resolve(&ro, &err) : NULL;
			rt_order_list_free(orderers);
			if (other)
				print_diff(ctx, other, "current", "updated", repo);
		}
		rt_repo_free(repo);
		if (!other)
			goto fail;
	} else if (OPT("why")->value) {
		if (cli_context_why(ctx, cfg, OPT("why")->value, OPT("no-env")->count > 0, &err) < 0)
			goto fail;
	} else if (OPT("which")->value) {
		struct cli_activation a;
		struct rt_actions acts = RT_ACTIONS_INIT;
		struct rt_value *env = NULL;
		const char *cmd = OPT("which")->value, *p;
		int found = 0;
		memset(&a, 0, sizeof(a));
		a.shell = rt_shell_find("sh", &err);
		a.no_env = OPT("no-env")->count > 0;
		if (!a.shell || cli_activate(ctx, cfg, &a, &acts, &env, &err) < 0) {
			rt_actions_release(&acts);
			rt_value_free(env);
			goto fail;
		}
		p = rt_value_as_str(rt_map_get(env, "PATH"));
		while (p && *p && !found) {
			const char *colon = strchr(p, ':');
			size_t n = colon ? (size_t)(colon - p) : strlen(p);
			char *cand = rt_xstrfmt("%.*s/%s", (int)n, p, cmd);
			struct stat st;
			if (n && stat(cand, &st) == 0 && S_ISREG(st.st_mode) && access(cand, X_OK) == 0) {
				printf("%s\n", cand);
				found = 1;
			}
			free(cand);
			p += n + (colon ? 1 : 0);
		}
		rt_actions_release(&acts);
		rt_value_free(env);
		if (!found) {
			cli_error(tool, "'%s' not found in the context", cmd);
			goto done;
		}
	} else if (OPT("graph")->count || OPT("print-graph")->count || OPT("dependency-graph")->count ||
		   OPT("write-graph")->value) {
		struct rt_buf dot = RT_BUF_INIT;
		if (make_graph(ctx, cfg, OPT("prune-package")->value, &dot, &err) < 0) {
			rt_buf_release(&dot);
			goto fail;
		}
		if (OPT("write-graph")->value) {
			if (rt_file_write_atomic(OPT("write-graph")->value, dot.buf, dot.len, 0644, 0, &err) < 0) {
				rt_buf_release(&dot);
				goto fail;
			}
		} else {
			fwrite(dot.buf, 1, dot.len, stdout);
		}
		rt_buf_release(&dot);
	} else {
		struct cli_ctxinfo_opts io;
		io.verbosity = OPT("verbose")->count;
		io.source_order = OPT("source-order")->count > 0;
		io.show_uris = OPT("show-uris")->count > 0;
		io.local_path = rt_config_str(cfg, "local_packages_path");
		cli_ctxinfo_print(ctx, &io, stdout);
	}
	rc = RT_EXIT_OK;
	goto done;
fail:
	cli_error(tool, "%s", rt_error_msg(&err));
	rc = RT_EXIT_FAIL;
done:
	rt_context_free(ctx);
	rt_context_free(other);
	if (cfg)
		rt_config_free(cfg);
	rt_error_release(&err);
	cli_args_release(&args);
	return rc;
}
