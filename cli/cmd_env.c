/* cmd_env.c - `rez env`: resolve a request and start a shell in it, run a command in it, or
 * save it as a context file. */
#include "cli/activate.h"
#include "cli/cli.h"
#include "cli/ctxinfo.h"
#include "cli/hints.h"
#include "runtime/buf.h"
#include "runtime/config.h"
#include "runtime/context.h"
#include "runtime/file.h"
#include "runtime/filter.h"
#include "runtime/order.h"
#include "runtime/proc.h"
#include "runtime/repo.h"
#include "runtime/resolve.h"
#include "runtime/shell.h"
#include "runtime/value.h"
#include "runtime/version.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static const struct cli_opt env_opts[] = {
	CLI_OPT_GROUP("shell options"),
	{ 0, "shell", CLI_VALUE, "SHELL", "target shell (default: default_shell, else $SHELL)" },
	{ 0, "rcfile", CLI_VALUE, "FILE", "source this file instead of the shell's startup files" },
	{ 0, "norc", CLI_FLAG, NULL, "skip the shell's startup files" },
	{ 'c', "command", CLI_VALUE, "CMD", "run CMD (shell code) in the environment and exit with its status" },
	{ 's', "stdin", CLI_FLAG, NULL, "read commands from standard input" },
	{ 'q', "quiet", CLI_FLAG, NULL, "no resolve summary or welcome message" },
	{ 0, "new-session", CLI_FLAG, NULL, "start the shell in a new session (setsid)" },
	{ 0, "detached", CLI_FLAG, NULL, "start the shell in terminal_emulator_command" },
	{ 0, "pre-command", CLI_VALUE, "CMD", "run the shell through CMD (e.g. 'nice -n 10'; words split as the shell would)" },
	{ 0, "print-script|ps", CLI_FLAG, NULL, "print the context's script for the shell (--shell) on stdout and start "
	  "nothing: eval \"$(rez env REQ --print-script)\"" },
	CLI_OPT_GROUP("resolve options"),
	{ 0, "no-implicit|ni", CLI_FLAG, NULL, "do not add the implicit packages to the request" },
	{ 0, "no-local|nl", CLI_FLAG, NULL, "do not search local_packages_path" },
	{ 'b', "build", CLI_FLAG, NULL, "a build environment: packages' build_requires are resolved" },
	{ 0, "paths", CLI_VALUE, "PATHS", "colon-separated package search path (default: packages_path)" },
	{ 't', "time", CLI_VALUE, "T", "ignore packages released after T (epoch, or -N[smhd] ago)" },
	{ 0, "max-fails", CLI_VALUE, "N", "abort the resolve after N failed steps" },
	{ 0, "time-limit", CLI_VALUE, "SECS", "abort the resolve after SECS seconds" },
	{ 0, "exclude", CLI_MULTI, "RULE", "package filter exclusion rules (glob, regex(), range(), before(), after())" },
	{ 0, "include", CLI_MULTI, "RULE", "package filter inclusion rules" },
	{ 0, "no-filters", CLI_FLAG, NULL, "ignore the package_filter setting" },
	{ 0, "variant-select-mode", CLI_VALUE, "MODE", "version_priority or intersection_priority" },
	{ 0, "no-cache", CLI_FLAG, NULL, "do not read or write the package cache" },
	CLI_OPT_GROUP("context options"),
	{ 'o', "output", CLI_VALUE, "FILE", "save the context to FILE ('-': stdout) instead of starting a shell" },
	{ 0, "dry-run", CLI_FLAG, NULL, "print the resolve as a tree (who required whom) and start no shell" },
	{ 'i', "input", CLI_VALUE, "FILE", "use a saved context instead of resolving" },
	{ 'p', "patch", CLI_FLAG, NULL, "patch the current context (or --input) with the given requests" },
	{ 0, "strict", CLI_FLAG, NULL, "with --patch: start from the resolved packages, not the request" },
	{ 0, "patch-rank", CLI_VALUE, "N", "with --patch: resolved versions may change only from rank N on (limits added as ~foo<...)" },
	CLI_OPT_GROUP("diagnostics"),
	{ 'v', "verbose", CLI_FLAG, NULL, "solver trace on stderr: -v each step's outcome, -vv the phases too, "
	  "-vvv also the resolve details" },
	{ 0, "no-passive", CLI_FLAG, NULL, "with -v: only the steps that change the solve (outcomes, failures)" },
	{ 0, "stats", CLI_FLAG, NULL, "print the solver's statistics after resolving" },
	{ 0, "fail-graph", CLI_FLAG, NULL, "on a failed resolve, print its conflict graph (DOT) on stdout" },
	CLI_OPT_GROUP("accepted for Rez compatibility, no effect (rez-lua has no payload cache)"),
	{ 0, "no-pkg-cache", CLI_FLAG, NULL, "no effect (says so with -v)" },
	{ 0, "pkg-cache-mode", CLI_VALUE, "MODE", "sync or async; no effect (says so with -v)" },
};
#define N_OPTS RT_ARRAY_LEN(env_opts)
#define OPT(name) cli_get(env_opts, N_OPTS, &args, name)

static const char usage[] = "rez env [options] [PKG ...] [-- CMD ARGS...]\n\n"
	"Resolve the packages and open a shell configured by them (or run CMD in it, or save the\n"
	"context).";

static int parse_long(const char *opt, const char *s, long *out, struct rt_error *err)
{
	char *end;
	errno = 0;
	*out = strtol(s, &end, 10);
	if (!*s || *end || errno || *out < 0)
		return rt_error(err, "option '--%s' needs a non-negative integer (got '%s')", opt, s);
	return 0;
}

/* --patch, as Rez's get_patched_request: "^name" removes the family from the base request;
 * a request replaces, in place, the base request of the same family and kind (normal, weak,
 * conflict); anything else is appended in order. With rank > 1 (and not strict), every
 * resolved package not named by a non-conflict patch request gets "~name<next(version
 * trimmed to rank-1 tokens)" when its version has at least `rank` tokens, so only that rank
 * and below may change. */
static int patch_requests(const struct rt_strlist *base, const char *const *reqs, size_t n,
			  const struct rt_context *ctx, long rank, struct rt_strlist *out,
			  struct rt_error *err)
{
	size_t nb = base->n;
	struct rt_request **b = rt_xcalloc(nb + 1, sizeof(*b));
	char **slot = rt_xcalloc(nb + 1, sizeof(*slot));   /* the replacement, or NULL */
	unsigned char *gone = rt_xcalloc(nb + 1, 1), *used = rt_xcalloc(nb + 1, 1);
	struct rt_strlist extra = { NULL, 0, 0 };
	int rc = -1;

	for (size_t i = 0; i < nb; i++) {
		if (!(b[i] = rt_request_parse(base->v[i], err)))
			goto out;
		for (size_t j = 0; j < n; j++)
			if (reqs[j][0] == '^' && rt_streq(reqs[j] + 1, rt_request_name(b[i])))
				gone[i] = 1;
	}
	for (size_t j = 0; j < n; j++) {
		struct rt_request *r;
		size_t hit = nb;
		if (reqs[j][0] == '^')
			continue;
		if (!(r = rt_package_request_parse(reqs[j], err)))
			goto out;
		/* the last base request of that name that is still there, once */
		for (size_t i = 0; i < nb; i++)
			if (!gone[i] && rt_streq(rt_request_name(b[i]), rt_request_name(r)))
				hit = i;
		if (hit < nb && !used[hit] &&
		    rt_request_is_conflict(r) == rt_request_is_conflict(b[hit]) &&
		    rt_request_is_weak(r) == rt_request_is_weak(b[hit])) {
			slot[hit] = (char *)reqs[j];
			used[hit] = 1;
		} else {
			rt_strlist_push(&extra, reqs[j]);
		}
		rt_request_free(r);
	}
	for (size_t i = 0; i < nb; i++)
		if (!gone[i])
			rt_strlist_push(out, slot[i] ? slot[i] : base->v[i]);
	for (size_t i = 0; i < extra.n; i++)
		rt_strlist_push(out, extra.v[i]);
	if (ctx && rank > 1) {
		for (size_t k = 0; k < ctx->n_pkgs; k++) {
			const struct rt_context_pkg *p = &ctx->pkgs[k];
			struct rt_version *v, *t, *nx;
			int overridden = 0;
			for (size_t j = 0; j < n && !overridden; j++) {
				struct rt_request *r = reqs[j][0] == '^' ? NULL :
						       rt_request_parse(reqs[j], NULL);
				overridden = r && !rt_request_is_conflict(r) &&
					     rt_streq(rt_request_name(r), p->name);
				rt_request_free(r);
			}
			if (overridden || !(v = rt_version_parse(p->version, NULL)))
				continue;
			if (rt_version_ntokens(v) >= (size_t)rank) {
				t = rt_version_trim(v, (size_t)rank - 1);
				nx = rt_version_next(t);
				if (nx) {
					char *lim = rt_xstrfmt("~%s<%s", p->name, rt_version_str(nx));
					rt_strlist_push(out, lim);
					free(lim);
				}
				rt_version_free(nx);
				rt_version_free(t);
			}
			rt_version_free(v);
		}
	}
	rc = 0;
out:
	for (size_t i = 0; i < nb; i++)
		rt_request_free(b[i]);
	free(b);
	free(slot);
	free(gone);
	free(used);
	rt_strlist_release(&extra);
	return rc;
}

static struct rt_filter_list *build_filter(const struct rt_config *cfg, const struct cli_args *a,
					   int no_filters, const struct cli_optval *ex,
					   const struct cli_optval *in, struct rt_value **value,
					   struct rt_error *err)
{
	struct rt_value *list = rt_value_list();
	struct rt_filter_list *fl;
	const struct rt_value *conf = rt_config_get(cfg, "package_filter");
	(void)a;
	if (!no_filters && conf && conf->type == RT_LIST) {
		for (size_t i = 0; i < rt_list_len(conf); i++)
			rt_list_push(list, rt_value_copy(rt_list_at(conf, i)));
	} else if (!no_filters && conf && conf->type == RT_MAP) {
		rt_list_push(list, rt_value_copy(conf));
	}
	if (ex->n_values || in->n_values) {
		struct rt_value *f = rt_value_map(), *exl = rt_value_list(), *inl = rt_value_list();
		for (size_t i = 0; i < ex->n_values; i++)
			rt_list_push(exl, rt_value_str(ex->values[i]));
		for (size_t i = 0; i < in->n_values; i++)
			rt_list_push(inl, rt_value_str(in->values[i]));
		rt_map_set(f, "excludes", exl);
		rt_map_set(f, "includes", inl);
		rt_list_push(list, f);
	}
	*value = list;
	if (!rt_list_len(list))
		return NULL;          /* no filter: the solver skips the per-package check */
	fl = rt_filter_list_from_value(list, err);
	if (!fl) {
		rt_value_free(list);
		*value = NULL;
	}
	return fl;
}

/* --pre-command's words: split on blanks, '...' and "..." quote (backslash escapes outside
 * single quotes). Returns the number of words, or -1 (unterminated quote). */
static int split_words(const char *s, struct rt_strlist *out)
{
	struct rt_buf w = RT_BUF_INIT;
	int in_word = 0;
	for (;; s++) {
		if (!*s || *s == ' ' || *s == '\t' || *s == '\n') {
			if (in_word)
				rt_strlist_push(out, w.buf);
			rt_buf_reset(&w);
			in_word = 0;
			if (!*s)
				break;
			continue;
		}
		in_word = 1;
		if (*s == '\'' || *s == '"') {
			char q = *s++;
			while (*s && *s != q) {
				if (q == '"' && *s == '\\' && s[1])
					s++;
				rt_buf_addch(&w, *s++);
			}
			if (!*s) {
				rt_buf_release(&w);
				return -1;
			}
			rt_buf_addch(&w, '\0');
			w.len--;
		} else if (*s == '\\' && s[1]) {
			rt_buf_addch(&w, *++s);
		} else {
			rt_buf_addch(&w, *s);
		}
	}
	rt_buf_release(&w);
	return (int)out->n;
}

/* --dry-run: package i and, below it, what it requires (each package expanded once). */
static long ctx_find(const struct rt_context *ctx, const char *req)
{
	struct rt_request *r = rt_request_parse(req, NULL);
	long j = -1;
	if (r && !rt_request_is_conflict(r))
		for (size_t i = 0; i < ctx->n_pkgs && j < 0; i++)
			if (rt_streq(ctx->pkgs[i].name, rt_request_name(r)))
				j = (long)i;
	rt_request_free(r);
	return j;
}

static void tree_node(const struct rt_context *ctx, const struct rt_value *reqs, size_t i,
		      char *shown, struct rt_buf *prefix, const char *req, int last, int top)
{
	struct rt_buf qn = RT_BUF_INIT;
	const struct rt_value *l = rt_list_at(reqs, i);
	size_t n = 0, plen = prefix->len;
	long *kids = rt_xcalloc(rt_list_len(l) + 1, sizeof(*kids));
	rt_context_pkg_qualified_name(&ctx->pkgs[i], &qn);
	printf("%s%s%s  (%s)%s\n", prefix->buf ? prefix->buf : "", top ? "" : last ? "`-- " : "|-- ",
	       qn.buf, req, shown[i] ? " (see above)" : "");
	rt_buf_release(&qn);
	if (shown[i]) {
		free(kids);
		return;
	}
	shown[i] = 1;
	for (size_t k = 0; k < rt_list_len(l); k++) {
		long j = ctx_find(ctx, rt_value_as_str(rt_list_at(l, k)));
		if (j >= 0)
			kids[n++] = (long)k;
	}
	if (!top)
		rt_buf_adds(prefix, last ? "    " : "|   ");
	for (size_t k = 0; k < n; k++) {
		const char *rq = rt_value_as_str(rt_list_at(l, (size_t)kids[k]));
		tree_node(ctx, reqs, (size_t)ctx_find(ctx, rq), shown, prefix, rq, k + 1 == n, 0);
	}
	prefix->len = plen;
	if (prefix->buf)
		prefix->buf[plen] = '\0';
	free(kids);
}

static int print_tree(const struct rt_context *ctx, const struct rt_config *cfg, struct rt_error *err)
{
	struct rt_value *reqs = cli_context_requires(ctx, cfg, err);
	char *shown;
	struct rt_buf prefix = RT_BUF_INIT;
	if (!reqs)
		return -1;
	shown = rt_xcalloc(ctx->n_pkgs + 1, 1);
	for (size_t r = 0; r < ctx->requests.n + ctx->implicits.n; r++) {
		const char *rq = r < ctx->requests.n ? ctx->requests.v[r] : ctx->implicits.v[r - ctx->requests.n];
		long j = ctx_find(ctx, rq);
		if (j >= 0)
			tree_node(ctx, reqs, (size_t)j, shown, &prefix, rq, 1, 1);
		else
			printf("%s  (%s)\n", rq, rq[0] == '~' ? "weak, not resolved" :
			       rq[0] == '!' ? "conflict" : "nothing resolved for it");
	}
	for (size_t i = 0; i < ctx->ephemerals.n; i++)
		printf("%s  (ephemeral)\n", ctx->ephemerals.v[i]);
	rt_buf_release(&prefix);
	free(shown);
	rt_value_free(reqs);
	return 0;
}

struct trace_level {
	int max;
};

static void trace_line(void *ud, int level, const char *line)
{
	const struct trace_level *t = ud;
	if (level <= t->max)
		fprintf(stderr, "solver: %s\n", line);
}

static void print_stats(const struct rt_solver_stats *st, FILE *f)
{
	fprintf(f, "solver stats:\n"
	       "  solve steps:       %zu\n"
	       "  failed steps:      %zu\n"
	       "  extractions:       %zu\n"
	       "  intersections:     %zu\n"
	       "  reductions:        %zu\n"
	       "  families listed:   %zu\n"
	       "  packages loaded:   %zu\n"
	       "  solve time:        %.3f s\n",
	       st->num_solves, st->num_fails, st->num_extractions, st->num_intersections,
	       st->num_reductions, st->families_listed, st->packages_loaded, st->solve_time);
}

/* needle within line[0..len), or NULL */
static const char *find_in(const char *line, size_t len, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = 0; i + n <= len; i++)
		if (!memcmp(line + i, needle, n))
			return line + i;
	return NULL;
}

static void dot_node(struct rt_buf *out, const char *s, size_t n)
{
	rt_buf_addch(out, '"');
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"' || s[i] == '\\')
			rt_buf_addch(out, '\\');
		rt_buf_addch(out, s[i]);
	}
	rt_buf_addch(out, '"');
}

/* --fail-graph: the failure description's chain as a DOT graph — "request: X" and
 * "P requires X" lines are edges, a "(A <--!--> B)" conflict a red edge. */
static void print_fail_graph(const char *desc, FILE *f)
{
	struct rt_buf out = RT_BUF_INIT;
	const char *line = desc;
	rt_buf_adds(&out, "digraph g {\n    \"request\" [shape=ellipse];\n");
	while (line && *line) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		const char *req = find_in(line, len, " requires "), *conf = find_in(line, len, " <--!--> ");
		if (len > 9 && !strncmp(line, "request: ", 9)) {
			rt_buf_adds(&out, "    \"request\" -> ");
			dot_node(&out, line + 9, len - 9);
			rt_buf_adds(&out, ";\n");
		} else if (req) {
			rt_buf_adds(&out, "    ");
			dot_node(&out, line, (size_t)(req - line));
			rt_buf_adds(&out, " -> ");
			dot_node(&out, req + 10, len - (size_t)(req + 10 - line));
			rt_buf_adds(&out, ";\n");
		} else if (conf) {
			const char *a = find_in(line, len, "("), *end = line + len;
			if (a && a < conf && end[-1] == ')') {
				rt_buf_adds(&out, "    ");
				dot_node(&out, a + 1, (size_t)(conf - a - 1));
				rt_buf_adds(&out, " -> ");
				dot_node(&out, conf + 9, (size_t)(end - 1 - (conf + 9)));
				rt_buf_adds(&out, " [color=red, label=\"conflict\", dir=both];\n");
			}
		}
		line = nl ? nl + 1 : NULL;
	}
	rt_buf_adds(&out, "}\n");
	fwrite(out.buf, 1, out.len, f);
	rt_buf_release(&out);
}

/* --print-script: the script `rez context CTX -i` would print, built whole before a byte is
 * written, so that a failure leaves stdout empty (eval "$(...)" then does nothing). With
 * --output FILE the context was saved there and REZ_RXT_FILE names it; otherwise no file is
 * written and REZ_RXT_FILE is not set. */
static int print_context_script(const struct rt_context *ctx, const struct rt_config *cfg,
				const struct rt_shell *sh, struct rt_repo *repo, const char *output,
				struct rt_error *err)
{
	struct cli_activation a;
	struct rt_buf script = RT_BUF_INIT;
	char *abs_rxt = output && !rt_streq(output, "-") ? realpath(output, NULL) : NULL;
	int rc;
	memset(&a, 0, sizeof(a));
	a.shell = sh;
	a.repo = repo;
	a.rxt_file = abs_rxt;
	rc = cli_activation_script(ctx, cfg, &a, &script, err);
	if (rc == 0 && (fwrite(script.buf, 1, script.len, stdout) != script.len || fflush(stdout) != 0))
		rc = rt_error(err, "cannot write the script to standard output: %s", strerror(errno));
	rt_buf_release(&script);
	free(abs_rxt);
	return rc;
}

int cli_cmd_env(int argc, char **argv)
{
	const char *tool = cli_tool_name(argv[0]);
	struct cli_args args;
	struct rt_error err = RT_ERROR_INIT;
	struct rt_config *cfg = NULL;
	struct rt_context *ctx = NULL, *base = NULL;
	struct rt_repo *repo = NULL;
	struct rt_value *paths = NULL, *filter_value = NULL;
	struct rt_filter_list *filter = NULL;
	struct rt_order_list *orderers = NULL;
	struct rt_strlist reqs = { NULL, 0, 0 }, pre = { NULL, 0, 0 };
	struct rt_solver_stats stats;
	struct trace_level tl;
	struct rt_buf cmdline = RT_BUF_INIT;
	const struct rt_shell *sh;
	const char *command, *output, *input;
	int help, print_script, rc = RT_EXIT_FAIL;

	if (cli_parse(env_opts, N_OPTS, argc, argv, &args, &help, usage, &err) < 0) {
		cli_error(tool, "%s", rt_error_msg(&err));
		rt_error_release(&err);
		cli_args_release(&args);
		return RT_EXIT_USAGE;
	}
	cli_verbosity = (int)OPT("verbose")->count;
	if (help) {
		cli_args_release(&args);
		return RT_EXIT_OK;
	}
	cfg = cli_load_config(tool);
	if (!cfg)
		goto done;
	if (OPT("no-cache")->count &&
	    rt_config_override(cfg, "package_cache", rt_value_bool(0), &err) < 0)
		goto fail;
	{
		const char *mode = OPT("pkg-cache-mode")->value;
		if (mode && !rt_streq(mode, "sync") && !rt_streq(mode, "async")) {
			cli_error(tool, "invalid --pkg-cache-mode '%s' (expected sync or async)", mode);
			rc = RT_EXIT_USAGE;
			goto done;
		}
		if (OPT("verbose")->count && (mode || OPT("no-pkg-cache")->count))
			cli_warn(tool, "%s has no effect: rez-lua has no package payload cache",
				 mode ? "--pkg-cache-mode" : "--no-pkg-cache");
	}
	if (OPT("pre-command")->value && split_words(OPT("pre-command")->value, &pre) < 0) {
		cli_error(tool, "--pre-command has an unterminated quote: %s", OPT("pre-command")->value);
		rc = RT_EXIT_USAGE;
		goto done;
	}
	memset(&stats, 0, sizeof(stats));
	command = OPT("command")->value;
	output = OPT("output")->value;
	input = OPT("input")->value;
	if (command && args.has_rest) {
		cli_error(tool, "--command and '-- CMD' cannot be used together");
		rc = RT_EXIT_USAGE;
		goto done;
	}
	if (input && args.n_pos && !OPT("patch")->count) {
		cli_error(tool, "packages cannot be given with --input (use --patch to change its request)");
		rc = RT_EXIT_USAGE;
		goto done;
	}
	print_script = OPT("print-script")->count > 0;
	if (print_script && (command || args.has_rest || OPT("stdin")->count || OPT("dry-run")->count ||
			     OPT("fail-graph")->count || (output && rt_streq(output, "-")))) {
		cli_error(tool, "--print-script cannot be combined with -c, --, --stdin, --dry-run, "
			  "--fail-graph or --output -");
		rc = RT_EXIT_USAGE;
		goto done;
	}
	if (OPT("detached")->count) {
		cli_error(tool, "--detached needs a terminal emulator, which rez-lua does not start on Linux; "
			  "use --new-session");
		rc = RT_EXIT_USAGE;
		goto done;
	}
	sh = cli_pick_shell(cfg, OPT("shell")->value, &err);
	if (!sh)
		goto fail;

	if (input && !OPT("patch")->count) {
		ctx = rt_context_load(input, &err);
		if (!ctx)
			goto fail;
	} else {
		struct rt_resolve_opts ro;
		const struct rt_value *impl = rt_config_str_list(cfg, "implicit_packages");
		const char **implicits = NULL;
		const char *vsm = OPT("variant-select-mode")->value;
		const char *cur = getenv("REZ_RXT_FILE");
		long lval;

		if (OPT("patch")->count) {
			const char *from = input ? input : cur;
			if (!from) {
				cli_error(tool, "--patch needs a context: run it inside one, or give --input");
				rc = RT_EXIT_USAGE;
				goto done;
			}
			base = rt_context_load(from, &err);
			if (!base)
				goto fail;
			if (OPT("strict")->count) {
				/* Rez starts from the qualified package names (foo-1.2) */
				struct rt_strlist resolved = { NULL, 0, 0 };
				int prc;
				for (size_t i = 0; i < base->n_pkgs; i++) {
					struct rt_buf q = RT_BUF_INIT;
					rt_buf_adds(&q, base->pkgs[i].name);
					if (base->pkgs[i].version[0])
						rt_buf_addf(&q, "-%s", base->pkgs[i].version);
					rt_strlist_push(&resolved, q.buf);
					rt_buf_release(&q);
				}
				prc = patch_requests(&resolved, args.pos, args.n_pos, NULL, 0, &reqs,
						     &err);
				rt_strlist_release(&resolved);
				if (prc < 0)
					goto fail;
			} else {
				long rank = 0;
				if (OPT("patch-rank")->value &&
				    parse_long("patch-rank", OPT("patch-rank")->value, &rank, &err) < 0)
					goto fail;
				if (patch_requests(&base->requests, args.pos, args.n_pos, base, rank,
						   &reqs, &err) < 0)
					goto fail;
			}
		} else {
			for (size_t i = 0; i < args.n_pos; i++)
				rt_strlist_push(&reqs, args.pos[i]);
		}

		memset(&ro, 0, sizeof(ro));
		ro.solver = (struct rt_solver_options)RT_SOLVER_OPTIONS_INIT;
		if (!(orderers = cli_orderers(cfg, &err)))
			goto fail;
		ro.solver.orderers = orderers;
		ro.shortlinks_dirname = cli_shortlinks_dirname(cfg);
		paths = cli_package_paths(cfg, OPT("paths")->value, OPT("no-local")->count > 0);
		repo = cli_repo_open(cfg, paths, OPT("paths")->value != NULL, &err);
		if (!repo)
			goto fail;
		filter = build_filter(cfg, &args, OPT("no-filters")->count > 0, OPT("exclude"),
				      OPT("include"), &filter_value, &err);
		if (!filter && !filter_value)
			goto fail;
		if (!OPT("no-implicit")->count && impl) {
			implicits = rt_xcalloc(rt_list_len(impl) + 1, sizeof(*implicits));
			for (size_t i = 0; i < rt_list_len(impl); i++)
				implicits[i] = rt_value_as_str(rt_list_at(impl, i));
			ro.n_implicits = rt_list_len(impl);
		}
		ro.requests = (const char *const *)reqs.v;
		ro.n_requests = reqs.n;
		ro.implicits = implicits;
		ro.repo = repo;
		ro.filter = filter;
		ro.filter_value = filter_value;
		/* -v and --stats are about a solve: they skip the resolve cache */
		ro.resolve_caching = rt_config_bool(cfg, "resolve_caching") &&
				     !OPT("verbose")->count && !OPT("stats")->count;
		ro.resolve_min_compress_len =
			(size_t)rt_config_int(cfg, "memcached_resolve_min_compress_len");
		if (OPT("time")->value && cli_parse_time(OPT("time")->value, &ro.timestamp, &err) < 0) {
			free(implicits);
			goto fail;
		}
		if (!vsm)
			vsm = rt_config_str(cfg, "variant_select_mode");
		if (vsm && rt_streq(vsm, "intersection_priority"))
			ro.solver.variant_select_mode = RT_VARIANT_SELECT_INTERSECTION_PRIORITY;
		else if (vsm && !rt_streq(vsm, "version_priority")) {
			rt_error(&err, "invalid variant select mode '%s' (expected version_priority or intersection_priority)", vsm);
			free(implicits);
			goto fail;
		}
		ro.solver.building = OPT("build")->count > 0;
		ro.solver.error_on_missing_variant_requires =
			rt_config_bool(cfg, "error_on_missing_variant_requires");
		if (OPT("max-fails")->value) {
			if (parse_long("max-fails", OPT("max-fails")->value, &lval, &err) < 0) {
				free(implicits);
				goto fail;
			}
			ro.solver.max_fails = lval;
		}
		if (OPT("time-limit")->value) {
			char *end;
			double t = strtod(OPT("time-limit")->value, &end);
			if (*end || t < 0) {
				rt_error(&err, "option '--time-limit' needs a number of seconds (got '%s')",
					 OPT("time-limit")->value);
				free(implicits);
				goto fail;
			}
			ro.solver.time_limit = t;
		}
		if (OPT("verbose")->count) {
			tl.max = OPT("no-passive")->count ? 1 : OPT("verbose")->count >= 2 ? 2 : 1;
			ro.solver.trace = trace_line;
			ro.solver.trace_ud = &tl;
		}
		ro.stats = &stats;
		ctx = rt_resolve(&ro, &err);
		free(implicits);
		if (!ctx)
			goto fail;
		if (OPT("stats")->count)
			print_stats(&stats, print_script ? stderr : stdout);
		if (OPT("verbose")->count >= 3 && ctx->status == RT_CTX_SOLVED) {
			struct cli_ctxinfo_opts io = { 1, 0, 0, rt_config_str(cfg, "local_packages_path") };
			cli_ctxinfo_print(ctx, &io, stderr);
		}
	}

	if (ctx->status != RT_CTX_SOLVED) {
		struct cli_ctxinfo_opts io = { OPT("verbose")->count, 0, 0, rt_config_str(cfg, "local_packages_path") };
		cli_ctxinfo_print(ctx, &io, stderr);
		{
			struct rt_buf h = RT_BUF_INIT;
			cli_resolve_hints(repo, paths, OPT("paths")->value != NULL,
					  ctx->failure_description, &h);
			if (h.len)
				fprintf(stderr, "%s\n", h.buf + 2);
			rt_buf_release(&h);
		}
		if (OPT("fail-graph")->count && ctx->failure_description)
			print_fail_graph(ctx->failure_description, stdout);
		if (output && rt_context_save(ctx, output, &err) < 0)
			goto fail;
		rc = RT_EXIT_FAIL;
		goto done;
	}
	if (OPT("dry-run")->count) {
		if (print_tree(ctx, cfg, &err) < 0)
			goto fail;
		rc = RT_EXIT_OK;
		goto done;
	}
	if (output) {
		if (rt_context_save(ctx, output, &err) < 0)
			goto fail;
		if (!print_script) {
			rc = RT_EXIT_OK;
			goto done;
		}
	}
	if (print_script) {
		if (print_context_script(ctx, cfg, sh, repo, output, &err) < 0)
			goto fail;
		rc = RT_EXIT_OK;
		goto done;
	}
	if (args.has_rest) {
		if (!args.n_rest) {
			cli_error(tool, "'--' must be followed by a command");
			rc = RT_EXIT_USAGE;
			goto done;
		}
		if (rt_shell_join(sh, args.rest, args.n_rest, &cmdline, &err) < 0)
			goto fail;
		command = cmdline.buf;
	}
	{
		/* As Rez: without rez's tools on PATH the welcome text (which names them) is left out. */
		const char *vis = rt_config_str(cfg, "rez_tools_visibility");
		int quiet = OPT("quiet")->count > 0 || command != NULL || (vis && rt_streq(vis, "never"));
		struct cli_shell_run r;
		memset(&r, 0, sizeof(r));
		r.shell = sh;
		r.repo = repo;
		r.command = command;
		r.stdin_mode = OPT("stdin")->count > 0;
		r.rcfile = OPT("rcfile")->value;
		r.norc = OPT("norc")->count > 0;
		r.quiet = quiet;
		r.new_session = OPT("new-session")->count > 0;
		r.pre = &pre;
		rc = cli_shell_run(tool, cfg, ctx, &r, &err);
		if (rc < 0)
			goto fail;
	}
	goto done;
fail:
	{
		struct rt_buf h = RT_BUF_INIT;
		cli_resolve_hints(repo, paths, OPT("paths")->value != NULL, rt_error_msg(&err), &h);
		cli_error(tool, "%s%s", rt_error_msg(&err), h.len ? h.buf : "");
		rt_buf_release(&h);
	}
	rc = RT_EXIT_FAIL;
done:
	rt_strlist_release(&reqs);
	rt_strlist_release(&pre);
	rt_buf_release(&cmdline);
	rt_filter_list_free(filter);
	rt_order_list_free(orderers);
	rt_value_free(filter_value);
	rt_value_free(paths);
	if (repo)
		rt_repo_free(repo);
	rt_context_free(ctx);
	rt_context_free(base);
	if (cfg)
		rt_config_free(cfg);
	rt_error_release(&err);
	cli_args_release(&args);
	return rc;
}
