/* cmd_diff.c - `rez diff PKG1 [PKG2]`: two packages' definitions compared, as a unified diff
 * of their normalised text (the Lua form `rez view -f lua -a` shows), or of the definition
 * files as written (--raw), or in a diff tool (--tool, -g: Rez's `difftool`). Exit status as
 * diff(1): 0 same, 1 different, 2 trouble. */
#include "cli/cli.h"
#include "cli/activate.h"
#include "cli/pkgpick.h"
#include "runtime/buf.h"
#include "runtime/config.h"
#include "runtime/file.h"
#include "runtime/luawrite.h"
#include "runtime/package.h"
#include "runtime/proc.h"
#include "runtime/repo.h"
#include "runtime/value.h"
#include "runtime/version.h"

#include <errno.h>
#include <stdio.h>
#include <unistd.h>

enum { DIFF_SAME = 0, DIFF_DIFFERENT = 1, DIFF_TROUBLE = 2 };

static const struct cli_opt diff_opts[] = {
	{ 0, "raw", CLI_FLAG, NULL, "compare the definition files as written, not their normalised form" },
	{ 'U', "unified", CLI_VALUE, "N", "lines of context around each change (default 3)" },
	{ 'q', "brief", CLI_FLAG, NULL, "only say whether the packages differ" },
	{ 0, "tool", CLI_VALUE, "COMMAND", "open both texts in COMMAND (e.g. meld) instead of printing a diff" },
	{ 'g', "gui", CLI_FLAG, NULL, "open both texts in the configured `difftool`" },
	CLI_OPT_GROUP("package search"),
	{ 0, "paths", CLI_VALUE, "PATHS", "colon-separated package search path (default: packages_path)" },
	{ 0, "no-local|nl", CLI_FLAG, NULL, "do not search local packages" },
};

static const char usage[] =
	"usage: rez diff [--raw] [-U N] [-q] [--tool COMMAND | -g] [--paths PATHS] PKG1 [PKG2]\n\n"
	"Compare the definitions of two packages (e.g. 'foo-1.2' 'foo-1.1'). Without PKG2, PKG1 is\n"
	"compared with the previous version of its family. Exit status: 0 same, 1 different,\n"
	"2 trouble.\n";

/* ---- the text of a package ---- */

/* Normalised: every attribute (release ones included) in Rez's key order, then the rest in
 * definition order, written as package.lua; `base` is where it was found, so it is left out. */
static void normalised(const struct rt_package *p, struct rt_buf *out)
{
	struct rt_value *done = rt_value_map();
	for (const char *const *k = rt_package_key_order; *k; k++) {
		const struct rt_value *v = rt_package_get(p, *k);
		if (!v || v->type == RT_NULL)
			continue;
		rt_luawrite_item(out, *k, v);
		rt_map_set(done, *k, rt_value_bool(1));
	}
	for (size_t i = 0; i < rt_map_len(p->data); i++) {
		const char *k = rt_map_key(p->data, i);
		const struct rt_value *v = rt_map_val(p->data, i);
		if (rt_map_get(done, k) || v->type == RT_NULL || rt_streq(k, "base"))
			continue;
		rt_luawrite_item(out, k, v);
	}
	rt_value_free(done);
}

/* ---- a unified diff (Myers' O(ND) algorithm over lines) ---- */

struct line {
	const char *s;
	size_t n;
};

static struct line *split_lines(const struct rt_buf *b, size_t *n)
{
	struct line *v = NULL;
	size_t cap = 0, k = 0;
	const char *p = b->buf, *end = b->buf + b->len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
		v = rt_xgrow(v, sizeof(*v), k + 1, &cap);
		v[k].s = p;
		v[k].n = len;
		k++;
		p += len;
	}
	*n = k;
	return v;
}

static int line_eq(const struct line *a, const struct line *b)
{
	return a->n == b->n && !memcmp(a->s, b->s, a->n);
}

/* The edit script as one op per step: '=' (both advance), '-' (a advances), '+' (b advances).
 * Each round d keeps its own copy of the frontier V[-d..d], so the path can be walked back;
 * memory is O(D^2) for D differing lines, small for package definitions. */
static char *edit_script(const struct line *a, size_t n, const struct line *b, size_t m,
			 size_t *len)
{
	long N = (long)n, M = (long)m, max = N + M;
	long **trace = rt_xcalloc((size_t)max + 2, sizeof(*trace));
	long *v = rt_xcalloc(2 * (size_t)max + 3, sizeof(*v)), off = max + 1, dfound = 0;
	char *ops;
	long x, y, k, d;
	int done = 0;
	for (d = 0; d <= max && !done; d++) {
		for (k = -d; k <= d; k += 2) {
			if (k == -d || (k != d && v[off + k - 1] < v[off + k + 1]))
				x = v[off + k + 1];
			else
				x = v[off + k - 1] + 1;
			y = x - k;
			while (x < N && y < M && line_eq(&a[x], &b[y])) {
				x++;
				y++;
			}
			v[off + k] = x;
			if (x >= N && y >= M) {
				done = 1;
				dfound = d;
				break;
			}
		}
		trace[d] = rt_xmalloc((2 * (size_t)d + 1) * sizeof(long));
		for (k = -d; k <= d; k++)
			trace[d][k + d] = v[off + k];
	}
	/* walk back from (N, M), writing the ops from the end */
	*len = (size_t)((N + M + dfound) / 2);   /* equal pairs plus the D edits */
	ops = rt_xmalloc(*len + 1);
	ops[*len] = '\0';
	{
		size_t w = *len;
		x = N;
		y = M;
		for (d = dfound; d > 0; d--) {
			long prev_k, prev_x, prev_y;
			k = x - y;
			if (k == -d || (k != d && trace[d - 1][k - 1 + d - 1] < trace[d - 1][k + 1 + d - 1]))
				prev_k = k + 1;
			else
				prev_k = k - 1;
			prev_x = trace[d - 1][prev_k + d - 1];
			prev_y = prev_x - prev_k;
			while (x > prev_x && y > prev_y) {
				ops[--w] = '=';
				x--;
				y--;
			}
			ops[--w] = x == prev_x ? '+' : '-';
			x = prev_x;
			y = prev_y;
		}
		while (x > 0 && y > 0) {
			ops[--w] = '=';
			x--;
			y--;
		}
	}
	for (d = 0; d <= dfound; d++)
		free(trace[d]);
	free(trace);
	free(v);
	return ops;
}

static void add_line(struct rt_buf *out, char mark, const struct line *l)
{
	rt_buf_addch(out, mark);
	rt_buf_add(out, l->s, l->n);
	if (!l->n || l->s[l->n - 1] != '\n')
		rt_buf_adds(out, "\n\\ No newline at end of file\n");
}

/* "@@ -l,s +l,s @@" ranges as diff -u writes them (line 0 for an empty side). */
static void hunk_range(struct rt_buf *out, size_t start, size_t count)
{
	if (count == 1)
		rt_buf_addf(out, "%zu", start + 1);
	else
		rt_buf_addf(out, "%zu,%zu", count ? start + 1 : start, count);
}

/* Appends the hunks of a vs b with `ctx` lines of context; returns whether they differ. */
static int unified(const struct rt_buf *ta, const struct rt_buf *tb, size_t ctx, struct rt_buf *out)
{
	size_t n, m, len, i = 0;
	struct line *a = split_lines(ta, &n), *b = split_lines(tb, &m);
	char *ops = edit_script(a, n, b, m, &len);
	size_t *ai = rt_xcalloc(len + 1, sizeof(size_t)), *bi = rt_xcalloc(len + 1, sizeof(size_t));
	int differ = 0;
	/* ai[j], bi[j]: the line of a and b at op j */
	for (size_t j = 0, x = 0, y = 0; j <= len; j++) {
		ai[j] = x;
		bi[j] = y;
		if (j < len) {
			x += ops[j] != '+';
			y += ops[j] != '-';
		}
	}
	while (i < len) {
		size_t first, last, start, stop;
		while (i < len && ops[i] == '=')
			i++;
		if (i == len)
			break;
		differ = 1;
		first = i;
		/* extend while the next change is within 2*ctx equal lines */
		last = i;
		for (size_t j = i; j < len; j++) {
			if (ops[j] != '=')
				last = j;
			else if (j - last > 2 * ctx)
				break;
		}
		start = first > ctx ? first - ctx : 0;
		stop = last + 1 + ctx < len ? last + 1 + ctx : len;
		rt_buf_adds(out, "@@ -");
		hunk_range(out, ai[start], ai[stop] - ai[start]);
		rt_buf_adds(out, " +");
		hunk_range(out, bi[start], bi[stop] - bi[start]);
		rt_buf_adds(out, " @@\n");
		for (size_t j = start; j < stop; j++) {
			if (ops[j] == '=')
				add_line(out, ' ', &a[ai[j]]);
			else if (ops[j] == '-')
				add_line(out, '-', &a[ai[j]]);
			else
				add_line(out, '+', &b[bi[j]]);
		}
		i = stop;
	}
	free(ai);
	free(bi);
	free(ops);
	free(a);
	free(b);
	return differ;
}

/* ---- the command ---- */

struct side {
	const struct rt_repo_entry *e;
	struct rt_buf label, text;
	char *file;               /* with --tool: the temporary file */
};

static int load_side(struct rt_repo *repo, const struct rt_repo_entry *e, int raw, struct side *s,
		     struct rt_error *err)
{
	const char *file = rt_repo_definition_file(repo, e, err);
	s->e = e;
	if (!file)
		return -1;
	rt_buf_addf(&s->label, "%s%s%s\t%s", e->family, rt_version_is_empty(e->version) ? "" : "-",
		    rt_version_str(e->version), file);
	if (raw) {
		if (rt_buf_read_file(&s->text, file, (size_t)64 << 20) < 0)
			return rt_error(err, "cannot read '%s': %s", file, strerror(errno));
	} else {
		const struct rt_package *p = rt_repo_load(repo, e, err);
		if (!p)
			return -1;
		normalised(p, &s->text);
	}
	return 0;
}

/* The version of e's family just below it (Rez's default PKG2). */
static const struct rt_repo_entry *previous(struct rt_repo *repo, const struct rt_repo_entry *e,
					    struct rt_error *err)
{
	const struct rt_repo_entry *const *es, *hit = NULL;
	size_t n;
	if (rt_repo_versions(repo, e->family, &es, &n, err) < 0)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (rt_version_cmp(es[i]->version, e->version) < 0)
			hit = es[i];
	return hit;
}

/* --tool / -g: both texts in temporary files, then `COMMAND FILE1 FILE2` through /bin/sh
 * (so a tool given with its own arguments works); the tool's status is the exit status. */
static int run_tool(const char *tool, const struct rt_config *cfg, struct side *s, const char *cmd)
{
	const char *tmp = rt_config_str(cfg, "tmpdir");
	if (!tmp || !*tmp)
		tmp = getenv("TMPDIR");
	char *dir = rt_xstrfmt("%s/rez-pkg-diff-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	char *script;
	int rc = DIFF_TROUBLE;
	struct rt_error err = RT_ERROR_INIT;
	if (!mkdtemp(dir)) {
		cli_error(tool, "cannot create a temporary directory '%s': %s", dir, strerror(errno));
		free(dir);
		return DIFF_TROUBLE;
	}
	for (int i = 0; i < 2; i++) {
		s[i].file = rt_xstrfmt("%s/%d-%s-%s.lua", dir, i + 1, s[i].e->family,
				       rt_version_str(s[i].e->version));
		if (rt_file_write_atomic(s[i].file, s[i].text.buf, s[i].text.len, 0644, 0, &err) < 0) {
			cli_error(tool, "%s", rt_error_msg(&err));
			rt_error_release(&err);
			goto out;
		}
	}
	printf("Opening diff viewer %s...\n", cmd);
	fflush(stdout);
	script = rt_xstrfmt("%s \"$1\" \"$2\"", cmd);
	{
		char *argv[] = { (char *)"/bin/sh", (char *)"-c", script, (char *)"rez-diff",
				 s[0].file, s[1].file, NULL };
		int st = rt_proc_run(argv, NULL, 0, 0, tool);
		rc = st < 0 ? DIFF_TROUBLE : st;
	}
	free(script);
out:
	for (int i = 0; i < 2; i++)
		if (s[i].file)
			unlink(s[i].file);
	rmdir(dir);
	free(dir);
	return rc;
}

int cli_cmd_diff(int argc, char **argv)
{
	const char *tool = cli_tool_name(argv[0]);
	const size_t n_opts = RT_ARRAY_LEN(diff_opts);
	struct cli_args args;
	struct rt_error err = RT_ERROR_INIT;
	struct rt_config *cfg = NULL;
	struct rt_value *paths = NULL;
	struct rt_repo *repo = NULL;
	struct side s[2];
	const char *uv, *cmd;
	long ctx = 3;
	int rc = DIFF_TROUBLE, raw;

	memset(s, 0, sizeof(s));
	if (cli_parse_args(diff_opts, n_opts, argc, argv, &args, usage, tool, &rc))
		return rc;
	rc = DIFF_TROUBLE;
	for (int i = 0; i < 2; i++) {
		rt_buf_init(&s[i].label, 0);
		rt_buf_init(&s[i].text, 0);
	}
	if (args.n_pos < 1 || args.n_pos > 2) {
		cli_error(tool, "expected PKG1 and optionally PKG2");
		goto out;
	}
	uv = cli_get(diff_opts, n_opts, &args, "unified")->value;
	if (uv) {
		char *end;
		errno = 0;
		ctx = strtol(uv, &end, 10);
		if (*end || !*uv || errno || ctx < 0 || ctx > 1000000) {
			cli_error(tool, "invalid context length '%s' for -U (expected a number >= 0)", uv);
			goto out;
		}
	}
	raw = cli_get(diff_opts, n_opts, &args, "raw")->count > 0;
	cfg = cli_load_config(tool);
	if (!cfg)
		goto out;
	paths = cli_package_paths(cfg, cli_get(diff_opts, n_opts, &args, "paths")->value,
				  cli_get(diff_opts, n_opts, &args, "no-local")->count > 0);
	repo = cli_repo_open(cfg, paths, cli_get(diff_opts, n_opts, &args, "paths")->value != NULL, &err);
	if (!repo)
		goto fail;
	for (size_t i = 0; i < args.n_pos; i++) {
		const struct rt_repo_entry *e = cli_pkg_pick(repo, args.pos[i], 1, &err);
		if (!e) {
			if (!err.msg)
				rt_error(&err, "package not found: %s", args.pos[i]);
			goto fail;
		}
		if (load_side(repo, e, raw, &s[i], &err) < 0)
			goto fail;
	}
	if (args.n_pos == 1) {
		const struct rt_repo_entry *e = previous(repo, s[0].e, &err);
		if (!e) {
			if (!err.msg)
				rt_error(&err, "no package to diff with: %s-%s is the earliest version of '%s'",
					 s[0].e->family, rt_version_str(s[0].e->version), s[0].e->family);
			goto fail;
		}
		if (load_side(repo, e, raw, &s[1], &err) < 0)
			goto fail;
	}
	cmd = cli_get(diff_opts, n_opts, &args, "tool")->value;
	if (!cmd && cli_get(diff_opts, n_opts, &args, "gui")->count) {
		cmd = rt_config_str(cfg, "difftool");
		if (!cmd || !*cmd) {
			cli_error(tool, "-g needs the `difftool` setting (e.g. REZ_DIFFTOOL=meld), or use --tool");
			goto out;
		}
	}
	if (cmd) {
		rc = run_tool(tool, cfg, s, cmd);
		goto out;
	}
	{
		struct rt_buf out = RT_BUF_INIT;
		int differ = unified(&s[0].text, &s[1].text, (size_t)ctx, &out);
		if (cli_get(diff_opts, n_opts, &args, "brief")->count) {
			if (differ)
				printf("Packages %s and %s differ\n", args.pos[0],
				       args.n_pos > 1 ? args.pos[1] : s[1].label.buf);
		} else if (differ) {
			printf("--- %s\n+++ %s\n", s[0].label.buf, s[1].label.buf);
			fwrite(out.buf, 1, out.len, stdout);
		}
		rt_buf_release(&out);
		rc = differ ? DIFF_DIFFERENT : DIFF_SAME;
	}
	goto out;
fail:
	cli_error(tool, "%s", rt_error_msg(&err));
	rc = DIFF_TROUBLE;
out:
	rt_error_release(&err);
	for (int i = 0; i < 2; i++) {
		rt_buf_release(&s[i].label);
		rt_buf_release(&s[i].text);
		free(s[i].file);
	}
	rt_repo_free(repo);
	rt_value_free(paths);
	rt_config_free(cfg);
	cli_args_release(&args);
	return rc;
}
