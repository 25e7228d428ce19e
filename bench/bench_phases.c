/* bench_phases.c - times the library's phases in-process on a generated repository and prints
 * one Markdown table row per phase: median, min, max (ms) over RUNS runs, and the peak RSS of
 * the process that ran them.
 *
 *   rez-bench-phases [-n RUNS] [-c CACHE_DIR] [-o PHASE] REPO
 *
 * REPO is made by bench/gen_repo.lua (families fam0000...). Each phase runs in its own forked
 * child, so its peak RSS (wait4's ru_maxrss: the child's, which starts from this small
 * process) is its own. Phases:
 *   load-all            evaluate every definition (no cache)
 *   summary-all-warm    every package's resolve data from a warm cache
 *   resolve-N-nocache   resolve N requested families, evaluating definitions (N = 1, 10, 50)
 *   resolve-N-cold      the same with an empty cache directory (evaluate + write the cache)
 *   resolve-N-warm      the same with a warm cache
 *   activate-bash-50    run the commands of a 50-package context (sandboxed rex) for bash
 *   emit-bash-50        the bash script of those actions
 *   emit-cmd-50         the cmd script of the same context's actions for cmd
 * The activation uses cli/activate.c (compiled in), as `rez env` does. */
#include "runtime/common.h"
#include "cli/activate.h"
#include "interp/interp.h"
#include "runtime/action.h"
#include "runtime/buf.h"
#include "runtime/config.h"
#include "runtime/context.h"
#include "runtime/pkgcache.h"
#include "runtime/repo.h"
#include "runtime/resolve.h"
#include "runtime/shell.h"
#include "runtime/value.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *repo_path;
static char *cache_dir;
static int runs = 10;
static size_t n_families;
static struct rt_config *cfg;

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void die(const char *what, const struct rt_error *err)
{
	fprintf(stderr, "rez-bench-phases: %s: %s\n", what, err ? rt_error_msg(err) : "failed");
	exit(1);
}

static void warn_cb(void *ud, const char *msg)
{
	(void)ud;
	fprintf(stderr, "rez-bench-phases: warning: %s\n", msg);
}

static void clear_cache(void)
{
	char *cmd = rt_xstrfmt("rm -rf '%s'", cache_dir);
	if (system(cmd) != 0)
		die("cannot clear the cache directory", NULL);
	free(cmd);
}

static struct rt_repo *open_repo(int cached)
{
	struct rt_value *paths = rt_value_list();
	struct rt_error err = RT_ERROR_INIT;
	struct rt_repo *r;
	rt_list_push(paths, rt_value_str(repo_path));
	r = cli_repo_open(cfg, paths, 1, &err);
	rt_value_free(paths);
	if (!r)
		die("cannot open the repository", &err);
	rt_repo_set_cache(r, NULL);
	if (cached) {
		struct rt_pkgcache_opts o = { cache_dir, warn_cb, NULL, NULL, 0, 0 };
		rt_repo_set_cache(r, rt_pkgcache_new(&o));
	}
	return r;
}

/* ---- phases: each does one timed run and returns its milliseconds ---- */

typedef double (*phase_fn)(void *arg);

static double phase_load_all(void *arg)
{
	struct rt_repo *r;
	const char *const *fams;
	size_t nf;
	struct rt_error err = RT_ERROR_INIT;
	double t0 = now_ms(), t;
	(void)arg;
	r = open_repo(0);
	if (rt_repo_families(r, &fams, &nf, &err) < 0)
		die("families", &err);
	for (size_t i = 0; i < nf; i++) {
		const struct rt_repo_entry *const *es;
		size_t ne;
		if (rt_repo_versions(r, fams[i], &es, &ne, &err) < 0)
			die("versions", &err);
		for (size_t j = 0; j < ne; j++)
			if (!rt_repo_load(r, es[j], &err))
				die("load", &err);
	}
	t = now_ms() - t0;
	rt_repo_free(r);
	return t;
}

static double phase_summary_all(void *arg)
{
	struct rt_repo *r;
	const char *const *fams;
	size_t nf;
	struct rt_error err = RT_ERROR_INIT;
	double t0 = now_ms(), t;
	(void)arg;
	r = open_repo(1);
	if (rt_repo_families(r, &fams, &nf, &err) < 0)
		die("families", &err);
	for (size_t i = 0; i < nf; i++) {
		const struct rt_repo_entry *const *es;
		size_t ne;
		if (rt_repo_versions(r, fams[i], &es, &ne, &err) < 0)
			die("versions", &err);
		for (size_t j = 0; j < ne; j++)
			if (!rt_repo_summary(r, es[j], &err))
				die("summary", &err);
	}
	rt_repo_flush_cache(r);
	t = now_ms() - t0;
	rt_repo_free(r);
	return t;
}

struct resolve_arg {
	size_t n;          /* requested families */
	int mode;          /* 0 no cache, 1 cold cache, 2 warm cache */
};

/* N families spread over the upper half of the repository (the ones with requirements). */
static char **requests_of(size_t n)
{
	char **v = rt_xcalloc(n + 1, sizeof(char *));
	size_t half = n_families / 2 < n ? n_families : n_families / 2;
	size_t step = half / n ? half / n : 1;
	/* Small repositories: fewer requests, never the same family twice (see run.sh). */
	for (size_t i = 0; i < n; i++)
		v[i] = i < n_families ? rt_xstrfmt("fam%04zu", n_families - 1 - (i * step) % half) : NULL;
	return v;
}

static struct rt_context *resolve(struct rt_repo *r, size_t n)
{
	char **reqs = requests_of(n);
	struct rt_resolve_opts ro;
	struct rt_error err = RT_ERROR_INIT;
	struct rt_context *ctx;
	memset(&ro, 0, sizeof(ro));
	ro.solver = (struct rt_solver_options)RT_SOLVER_OPTIONS_INIT;
	ro.requests = (const char *const *)reqs;
	ro.n_requests = n < n_families ? n : n_families;
	ro.repo = r;
	ctx = rt_resolve(&ro, &err);
	if (!ctx)
		die("resolve", &err);
	if (ctx->status != RT_CTX_SOLVED)
		die("the resolve failed", NULL);
	for (size_t i = 0; i < n; i++)
		free(reqs[i]);
	free(reqs);
	return ctx;
}

static double phase_resolve(void *arg)
{
	const struct resolve_arg *a = arg;
	struct rt_repo *r;
	struct rt_context *ctx;
	double t0, t;
	if (a->mode == 1)
		clear_cache();
	t0 = now_ms();
	r = open_repo(a->mode != 0);
	ctx = resolve(r, a->n);
	rt_repo_free(r);      /* the cold run writes the cache here: timed */
	t = now_ms() - t0;
	rt_context_free(ctx);
	return t;
}

/* A 50-package context: the first 50 packages (in resolve order) of a bigger resolve. */
static struct rt_context *context_50(void)
{
	struct rt_repo *r = open_repo(1);
	struct rt_context *big = resolve(r, 10), *ctx = rt_context_new();
	rt_context_stamp(ctx);
	for (size_t i = 0; i < big->requests.n; i++)
		rt_strlist_push(&ctx->requests, big->requests.v[i]);
	rt_strlist_push(&ctx->package_paths, repo_path);
	for (size_t i = 0; i < big->n_pkgs && i < 50; i++) {
		const struct rt_context_pkg *p = &big->pkgs[i];
		rt_context_add_pkg(ctx, p->name, p->version, p->variant_index, p->location, p->base,
				   p->root, p->uri);
	}
	ctx->status = RT_CTX_SOLVED;
	rt_context_free(big);
	rt_repo_free(r);
	return ctx;
}

struct emit_arg {
	const char *shell;
	int activate;      /* time the activation (commands) too */
	size_t n_pkgs;
};

static double phase_emit(void *arg)
{
	struct emit_arg *a = arg;
	struct rt_context *ctx = context_50();
	struct rt_error err = RT_ERROR_INIT;
	struct rt_actions acts = RT_ACTIONS_INIT;
	struct rt_buf out = RT_BUF_INIT;
	struct rt_emit_opts eo = { NULL, RT_LAYOUT_FOLDED };
	struct cli_activation ca;
	double t0, t1, t2;
	memset(&ca, 0, sizeof(ca));
	ca.shell = rt_shell_find(a->shell, &err);
	if (!ca.shell)
		die("shell", &err);
	ca.rxt_file = "/tmp/context.rxt";
	ca.context_file = "/tmp/context.sh";
	ca.shell_vars = 1;
	a->n_pkgs = ctx->n_pkgs;
	t0 = now_ms();
	if (cli_activate(ctx, cfg, &ca, &acts, NULL, &err) < 0)
		die("activate", &err);
	t1 = now_ms();
	if (rt_shell_emit(ca.shell, &acts, &eo, &out, &err) < 0)
		die("emit", &err);
	t2 = now_ms();
	rt_actions_release(&acts);
	rt_buf_release(&out);
	rt_context_free(ctx);
	return a->activate ? t1 - t0 : t2 - t1;
}

/* ---- driver ---- */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Runs `fn` `runs` times (after one untimed warm-up when `warmup`) in a child; prints a row. */
static void bench(const char *label, phase_fn fn, void *arg, int warmup)
{
	int fd[2];
	pid_t pid;
	double *t = rt_xcalloc((size_t)runs, sizeof(double));
	struct rusage ru;
	int status;
	fflush(stdout);
	if (pipe(fd) < 0)
		die("pipe", NULL);
	pid = fork();
	if (pid < 0)
		die("fork", NULL);
	if (pid == 0) {
		close(fd[0]);
		if (warmup)
			fn(arg);
		for (int i = 0; i < runs; i++)
			t[i] = fn(arg);
		if (write(fd[1], t, sizeof(double) * (size_t)runs) != (ssize_t)(sizeof(double) * (size_t)runs))
			_exit(1);
		_exit(0);
	}
	close(fd[1]);
	{
		size_t got = 0, want = sizeof(double) * (size_t)runs;
		while (got < want) {
			ssize_t n = read(fd[0], (char *)t + got, want - got);
			if (n <= 0)
				break;
			got += (size_t)n;
		}
		close(fd[0]);
		if (wait4(pid, &status, 0, &ru) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
		    got != want) {
			fprintf(stderr, "rez-bench-phases: phase %s failed\n", label);
			exit(1);
		}
	}
	qsort(t, (size_t)runs, sizeof(double), cmp_double);
	printf("| %s | %.3f | %.3f | %.3f | %.1f |\n", label,
	       runs % 2 ? t[runs / 2] : (t[runs / 2 - 1] + t[runs / 2]) / 2, t[0], t[runs - 1],
	       (double)ru.ru_maxrss / 1024.0);
	free(t);
}

int main(int argc, char **argv)
{
	struct rt_config_opts copts = RT_CONFIG_OPTS_INIT;
	struct rt_error err = RT_ERROR_INIT;
	const char *only = NULL;
	int opt;
	while ((opt = getopt(argc, argv, "n:c:o:")) != -1) {
		switch (opt) {
		case 'n': runs = atoi(optarg); break;
		case 'c': cache_dir = rt_xstrdup(optarg); break;
		case 'o': only = optarg; break;
		default: goto usage;
		}
	}
	if (optind + 1 != argc || runs < 1)
		goto usage;
	repo_path = argv[optind];
	if (!cache_dir)
		cache_dir = rt_xstrfmt("%s.cache", repo_path);
	copts.load_lua = li_config_lua_loader;
	cfg = rt_config_load(&copts, &err);
	if (!cfg || rt_config_override(cfg, "package_cache_dir", rt_value_str(cache_dir), &err) < 0)
		die("config", &err);
	{
		struct rt_repo *r = open_repo(0);
		const char *const *fams;
		if (rt_repo_families(r, &fams, &n_families, &err) < 0 || n_families < 4)
			die("the repository has too few families", &err);
		rt_repo_free(r);
	}
#define WANT(name) (!only || rt_starts_with(name, only))
	printf("| phase (%s, %zu families) | median ms | min ms | max ms | peak RSS MB |\n",
	       repo_path, n_families);
	printf("|---|---:|---:|---:|---:|\n");
	if (WANT("load-all"))
		bench("load-all", phase_load_all, NULL, 0);
	if (WANT("summary-all-warm"))
		bench("summary-all-warm", phase_summary_all, NULL, 1);
	{
		static const size_t sizes[] = { 1, 10, 50 };
		static const char *const modes[] = { "nocache", "cold", "warm" };
		for (size_t s = 0; s < RT_ARRAY_LEN(sizes); s++)
			for (int m = 0; m < 3; m++) {
				struct resolve_arg a = { sizes[s], m };
				char label[64];
				snprintf(label, sizeof(label), "resolve-%zu-%s", sizes[s], modes[m]);
				if (WANT(label))
					bench(label, phase_resolve, &a, m == 2);
			}
	}
	{
		struct emit_arg a1 = { "bash", 1, 0 }, a2 = { "bash", 0, 0 }, a3 = { "cmd", 0, 0 };
		if (WANT("activate-bash-50"))
			bench("activate-bash-50", phase_emit, &a1, 1);
		if (WANT("emit-bash-50"))
			bench("emit-bash-50", phase_emit, &a2, 1);
		if (WANT("emit-cmd-50"))
			bench("emit-cmd-50", phase_emit, &a3, 1);
	}
	rt_config_free(cfg);
	free(cache_dir);
	return 0;
usage:
	fprintf(stderr, "usage: rez-bench-phases [-n RUNS] [-c CACHE_DIR] [-o PHASE] REPO\n");
	return 2;
}
