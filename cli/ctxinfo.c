/* ctxinfo.c - Rez-style context summary (see ctxinfo.h). */
#include "cli/ctxinfo.h"
#include "runtime/buf.h"
#include "runtime/context.h"
#include "runtime/value.h"

#include <sys/stat.h>
#include <time.h>

void cli_table_add(struct cli_table *t, const char *const *row)
{
	size_t cap = t->cap;
	t->cells = rt_xgrow(t->cells, sizeof(*t->cells), (t->rows + 1) * t->cols, &cap);
	t->cap = cap;
	for (size_t i = 0; i < t->cols; i++)
		t->cells[t->rows * t->cols + i] = row[i] ? row[i] : "";
	t->rows++;
}

static size_t display_len(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

void cli_table_print(const struct cli_table *t, FILE *f)
{
	size_t *w = rt_xcalloc(t->cols ? t->cols : 1, sizeof(*w));
	for (size_t r = 0; r < t->rows; r++)
		for (size_t c = 0; c < t->cols; c++) {
			size_t n = display_len(t->cells[r * t->cols + c]);
			if (n > w[c])
				w[c] = n;
		}
	for (size_t r = 0; r < t->rows; r++) {
		struct rt_buf line = RT_BUF_INIT;
		size_t last = 0;
		/* Pad up to the last non-empty cell only: no trailing padding, and a cell's own
		 * trailing spaces (an environment value) are kept. */
		for (size_t c = 0; c < t->cols; c++)
			if (*t->cells[r * t->cols + c])
				last = c;
		for (size_t c = 0; c <= last; c++) {
			const char *cell = t->cells[r * t->cols + c];
			rt_buf_adds(&line, cell);
			if (c < last)
				rt_buf_addchars(&line, ' ', w[c] + 2 - display_len(cell));
		}
		fprintf(f, "%s\n", line.buf);
		rt_buf_release(&line);
	}
	free(w);
}

void cli_table_release(struct cli_table *t)
{
	free(t->cells);
	memset(t, 0, sizeof(*t));
}

static void fmt_time(long long t, int verbose, char *out, size_t n)
{
	time_t tt = (time_t)t;
	struct tm tm;
	localtime_r(&tt, &tm);
	if (verbose) {
		char s[96];
		strftime(s, sizeof(s), "%a %b %d %H:%M:%S %Z %Y", &tm);
		snprintf(out, n, "%s (%lld)", s, t);
	} else {
		strftime(out, n, "%a %b %d %H:%M:%S %Y", &tm);
	}
}

static int cmp_pkg_name(const void *a, const void *b)
{
	const struct rt_context_pkg *const *x = a, *const *y = b;
	return strcmp((*x)->name, (*y)->name);
}

void cli_ctxinfo_print(const struct rt_context *ctx, const struct cli_ctxinfo_opts *opts, FILE *f)
{
	char when[160];
	struct cli_table t = { NULL, 0, 2, 0 };
	int failed = ctx->status != RT_CTX_SOLVED;

	fmt_time(ctx->created, opts->verbosity, when, sizeof(when));
	fprintf(f, "%s by %s@%s, on %s, using rez-lua v%s\n", failed ? "resolve failed," : "resolved",
		ctx->user ? ctx->user : "?", ctx->host ? ctx->host : "?", when,
		ctx->rez_version ? ctx->rez_version : "?");
	if (ctx->requested_timestamp) {
		fmt_time(ctx->requested_timestamp, opts->verbosity, when, sizeof(when));
		fprintf(f, "packages released after %s were ignored\n", when);
	}
	fputc('\n', f);

	if (opts->verbosity) {
		fputs("search paths:\n", f);
		for (size_t i = 0; i < ctx->package_paths.n; i++) {
			const char *p = ctx->package_paths.v[i];
			const char *row[2] = { p, opts->local_path && rt_streq(p, opts->local_path) ? "(local)" : "" };
			cli_table_add(&t, row);
		}
		cli_table_print(&t, f);
		cli_table_release(&t);
		t.cols = 2;
		fputc('\n', f);
		if (ctx->package_filter && ctx->package_filter->type == RT_LIST &&
		    rt_list_len(ctx->package_filter)) {
			struct rt_buf d = RT_BUF_INIT;
			rt_value_describe(ctx->package_filter, &d);
			fprintf(f, "package filters:\n%s\n\n", d.buf);
			rt_buf_release(&d);
		}
	}

	fputs("requested packages:\n", f);
	for (size_t i = 0; i < ctx->requests.n; i++) {
		const char *row[2] = { ctx->requests.v[i], ctx->requests.v[i][0] == '.' ? "(ephemeral)" : "" };
		cli_table_add(&t, row);
	}
	for (size_t i = 0; i < ctx->implicits.n; i++) {
		const char *row[2] = { ctx->implicits.v[i], "(implicit)" };
		cli_table_add(&t, row);
	}
	cli_table_print(&t, f);
	cli_table_release(&t);
	fputc('\n', f);

	if (failed) {
		fprintf(f, "The context failed to resolve:\n%s\n\n",
			ctx->failure_description ? ctx->failure_description : "(no description)");
		return;
	}

	fputs("resolved packages:\n", f);
	{
		const struct rt_context_pkg **order = rt_xcalloc(ctx->n_pkgs + 1, sizeof(*order));
		char **names = rt_xcalloc(ctx->n_pkgs + 1, sizeof(*names));
		char **tags = rt_xcalloc(ctx->n_pkgs + 1, sizeof(*tags));
		t.cols = 3;
		for (size_t i = 0; i < ctx->n_pkgs; i++)
			order[i] = &ctx->pkgs[i];
		if (!opts->source_order)
			qsort(order, ctx->n_pkgs, sizeof(*order), cmp_pkg_name);
		for (size_t i = 0; i < ctx->n_pkgs; i++) {
			const struct rt_context_pkg *p = order[i];
			struct rt_buf qn = RT_BUF_INIT, tag = RT_BUF_INIT;
			struct stat st;
			const char *loc = opts->show_uris || !p->root[0] ? p->uri : p->root;
			const char *row[3];
			rt_context_pkg_qualified_name(p, &qn);
			if (!opts->show_uris && p->root[0] && stat(p->root, &st) != 0)
				rt_buf_adds(&tag, "NOT FOUND");
			if (opts->local_path && rt_streq(p->location, opts->local_path))
				rt_buf_addf(&tag, "%slocal", tag.len ? ", " : "");
			names[i] = rt_buf_detach(&qn, NULL);
			tags[i] = tag.len ? rt_xstrfmt("(%s)", tag.buf) : rt_xstrdup("");
			rt_buf_release(&tag);
			row[0] = names[i];
			row[1] = loc;
			row[2] = tags[i];
			cli_table_add(&t, row);
		}
		for (size_t i = 0; i < ctx->ephemerals.n; i++) {
			const char *row[3] = { ctx->ephemerals.v[i], "", "(ephemeral)" };
			cli_table_add(&t, row);
		}
		cli_table_print(&t, f);
		cli_table_release(&t);
		for (size_t i = 0; i < ctx->n_pkgs; i++) {
			free(names[i]);
			free(tags[i]);
		}
		free(names);
		free(tags);
		free(order);
	}
	if (opts->verbosity) {
		fprintf(f, "\nresolve details:\n");
		fprintf(f, "load time:         %.02f secs\n", ctx->load_time);
		fprintf(f, "solve time:        %.02f secs\n", ctx->solve_time - ctx->load_time);
		fprintf(f, "packages queried:  %lld\n", ctx->num_loaded_packages);
		fprintf(f, "from cache:        %s\n", ctx->from_cache ? "True" : "False");
	}
}
