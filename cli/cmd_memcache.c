/* cmd_memcache.c - `rez memcache`: look after the shared cache servers (memcached_uri):
 * a summary of each server, its raw statistics, flushing, resetting statistics, polling, and
 * warming the cache with every package of the non-local repositories. */
#include "cli/activate.h"
#include "cli/cli.h"
#include "interp/interp.h"
#include "runtime/buf.h"
#include "runtime/config.h"
#include "runtime/memcache.h"
#include "runtime/pkgcache.h"
#include "runtime/repo.h"
#include "runtime/value.h"
#include "runtime/version.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const struct cli_opt memcache_opts[] = {
	{ 0, "flush", CLI_FLAG, NULL, "flush all cache entries" },
	{ 0, "stats", CLI_FLAG, NULL, "list every server's raw statistics" },
	{ 0, "reset-stats", CLI_FLAG, NULL, "reset the servers' statistics" },
	{ 0, "poll", CLI_FLAG, NULL, "poll continually, showing gets/sets per second" },
	{ 0, "interval", CLI_VALUE, "SECS", "interval used when polling (default: 1.0)" },
	{ 0, "warm", CLI_FLAG, NULL, "warm the cache servers with every package of the non-local repositories" },
	{ 'v', "verbose", CLI_FLAG, NULL, "more output" },
};
#define N_OPTS RT_ARRAY_LEN(memcache_opts)
#define OPT(name) cli_get(memcache_opts, N_OPTS, &args, name)

static const char usage[] =
	"usage: rez memcache [--flush] [--stats] [--reset-stats] [--poll [--interval SECS]] [--warm] [-v]\n\n"
	"Manage and query the memcached servers of memcached_uri (the shared cache).\n"
	"Without options: a summary of each server.\n";

/* One server's statistic, or NULL; `stats` holds "server\tname\tvalue\n" lines. */
static const char *stat_of(const struct rt_buf *stats, const char *server, const char *name,
			   char *out, size_t n)
{
	size_t sl = strlen(server), nl = strlen(name);
	for (const char *p = stats->buf; *p;) {
		const char *eol = strchr(p, '\n');
		if (!eol)
			break;
		if ((size_t)(eol - p) > sl + nl + 2 && !memcmp(p, server, sl) && p[sl] == '\t' &&
		    !memcmp(p + sl + 1, name, nl) && p[sl + 1 + nl] == '\t') {
			size_t len = (size_t)(eol - (p + sl + nl + 2));
			if (len >= n)
				len = n - 1;
			memcpy(out, p + sl + nl + 2, len);
			out[len] = '\0';
			return out;
		}
		p = eol + 1;
	}
	return NULL;
}

static long long stat_num(const struct rt_buf *stats, const char *server, const char *name)
{
	char v[64];
	return stat_of(stats, server, name, v, sizeof(v)) ? atoll(v) : 0;
}

/* As Rez words sizes and durations: the largest unit that fits, one decimal. */
struct unit { double quantity; const char *name; double threshold; };

static void readable(double value, const struct unit *divs, size_t n, int plural_aware,
		     char *out, size_t len)
{
	if (value == 0) {
		snprintf(out, len, "0 %s", divs[n - 1].name);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (value >= divs[i].quantity || i == n - 1) {
			double f = value / divs[i].quantity;
			char name[16];
			f = f > divs[i].threshold ? round(f) : round(f * 10) / 10;
			f = floor(f * 10) / 10;
			snprintf(name, sizeof(name), "%s", divs[i].name);
			if (plural_aware && fabs(f - 1.0) < 1e-9)
				name[strlen(name) - 1] = '\0';
			snprintf(out, len, "%g %s", f, name);
			return;
		}
	}
}

static const struct unit time_divs[] = {
	{ 365 * 24 * 3600.0, "years", 10 }, { 30 * 24 * 3600.0, "months", 12 },
	{ 7 * 24 * 3600.0, "weeks", 5 }, { 24 * 3600.0, "days", 7 }, { 3600, "hours", 10 },
	{ 60, "minutes", 10 }, { 1, "seconds", 60 }
};
static const struct unit memory_divs[] = {
	{ 1024.0 * 1024 * 1024 * 1024, "Tb", 128 }, { 1024.0 * 1024 * 1024, "Gb", 64 },
	{ 1024.0 * 1024, "Mb", 32 }, { 1024, "Kb", 16 }, { 1, "bytes", 1024 }
};

static void print_columns(char *(*rows)[7], size_t n_rows)
{
	size_t w[7] = { 0 };
	for (size_t r = 0; r < n_rows; r++)
		for (size_t c = 0; c < 7; c++)
			if (strlen(rows[r][c]) > w[c])
				w[c] = strlen(rows[r][c]);
	for (size_t r = 0; r < n_rows; r++) {
		for (size_t c = 0; c < 7; c++)
			printf("%-*s", c < 6 ? (int)(w[c] + 2) : 0, rows[r][c]);
		putchar('\n');
	}
}

static int summary(const char *tool, struct rt_memcache *m)
{
	struct rt_buf stats = RT_BUF_INIT;
	size_t n = rt_memcache_n_servers(m), n_rows = 2;
	char *(*rows)[7] = rt_xcalloc(n + 2, sizeof(*rows));
	static const char *head[2][7] = {
		{ "CACHE SERVER", "UPTIME", "HITS", "MISSES", "HIT RATIO", "MEMORY", "USED" },
		{ "------------", "------", "----", "------", "---------", "------", "----" }
	};
	if (rt_memcache_stats(m, &stats) == 0) {
		cli_error(tool, "memcached servers are not responding");
		rt_buf_release(&stats);
		free(rows);
		return RT_EXIT_FAIL;
	}
	for (size_t r = 0; r < 2; r++)
		for (size_t c = 0; c < 7; c++)
			rows[r][c] = rt_xstrdup(head[r][c]);
	for (size_t i = 0; i < n; i++) {
		const char *srv = rt_memcache_server(m, i);
		char up[32], mem[32], used[32], v[64];
		long long hits, misses, limit, bytes;
		if (!stat_of(&stats, srv, "pid", v, sizeof(v)))
			continue;   /* not answering */
		hits = stat_num(&stats, srv, "get_hits");
		misses = stat_num(&stats, srv, "get_misses");
		limit = stat_num(&stats, srv, "limit_maxbytes");
		bytes = stat_num(&stats, srv, "bytes");
		readable((double)stat_num(&stats, srv, "uptime"), time_divs, RT_ARRAY_LEN(time_divs), 1,
			 up, sizeof(up));
		readable((double)limit, memory_divs, RT_ARRAY_LEN(memory_divs), 0, mem, sizeof(mem));
		readable((double)bytes, memory_divs, RT_ARRAY_LEN(memory_divs), 0, used, sizeof(used));
		rows[n_rows][0] = rt_xstrdup(srv);
		rows[n_rows][1] = rt_xstrdup(up);
		rows[n_rows][2] = rt_xstrfmt("%lld", hits);
		rows[n_rows][3] = rt_xstrfmt("%lld", misses);
		rows[n_rows][4] = rt_xstrfmt("%d%%", (int)((double)hits / (double)(hits + misses > 0 ? hits + misses : 1) * 100.0));
		rows[n_rows][5] = rt_xstrdup(mem);
		rows[n_rows][6] = rt_xstrfmt("%s (%d%%)", used,
					     (int)((double)bytes / (double)(limit > 0 ? limit : 1) * 100.0));
		n_rows++;
	}
	print_columns(rows, n_rows);
	for (size_t r = 0; r < n_rows; r++)
		for (size_t c = 0; c < 7; c++)
			free(rows[r][c]);
	free(rows);
	rt_buf_release(&stats);
	return RT_EXIT_OK;
}

/* Every server's statistics as YAML: a map per server. */
static int raw_stats(const char *tool, struct rt_memcache *m)
{
	struct rt_buf stats = RT_BUF_INIT;
	const char *last = NULL;
	size_t last_len = 0;
	if (rt_memcache_stats(m, &stats) == 0) {
		cli_error(tool, "memcached servers are not responding");
		rt_buf_release(&stats);
		return RT_EXIT_FAIL;
	}
	for (const char *p = stats.buf; *p;) {
		const char *t1 = strchr(p, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
		const char *eol = strchr(p, '\n');
		if (!t1 || !t2 || !eol)
			break;
		if (!last || last_len != (size_t)(t1 - p) || memcmp(last, p, last_len)) {
			printf("%.*s:\n", (int)(t1 - p), p);
			last = p;
			last_len = (size_t)(t1 - p);
		}
		printf("  %.*s: '%.*s'\n", (int)(t2 - t1 - 1), t1 + 1, (int)(eol - t2 - 1), t2 + 1);
		p = eol + 1;
	}
	rt_buf_release(&stats);
	return RT_EXIT_OK;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Times one set and one get of a test key on each server, as Rez's poll does. */
static void test_roundtrip(struct rt_memcache *m, double *set_s, double *get_s)
{
	struct rt_buf got = RT_BUF_INIT;
	double t0 = now_s(), t1;
	rt_memcache_set(m, "test", "__TEST__", 8, "1", 1, 0);
	t1 = now_s();
	rt_memcache_get(m, "test", "__TEST__", 8, &got);
	*get_s = now_s() - t1;
	*set_s = t1 - t0;
	rt_buf_release(&got);
}

static int poll_servers(struct rt_memcache *m, double interval)
{
	struct rt_buf prev = RT_BUF_INIT, cur = RT_BUF_INIT;
	double prev_t = 0;
	printf("%-64s %-16s %-16s %-16s %-16s %-16s\n", "SERVER", "CONNS", "GET/s", "SET/s",
	       "TEST_GET", "TEST_SET");
	fflush(stdout);
	for (;;) {
		double t = now_s();
		struct timespec ts;
		rt_buf_reset(&cur);
		rt_memcache_stats(m, &cur);
		if (prev_t > 0) {
			double dt = t - prev_t;
			for (size_t i = 0; i < rt_memcache_n_servers(m); i++) {
				const char *srv = rt_memcache_server(m, i);
				char v[64];
				double set_s, get_s;
				if (!stat_of(&cur, srv, "pid", v, sizeof(v)) ||
				    !stat_of(&prev, srv, "pid", v, sizeof(v)))
					continue;
				test_roundtrip(m, &set_s, &get_s);
				printf("%-64s %-16lld %-16g %-16g %-16g %-16g\n", srv,
				       stat_num(&cur, srv, "curr_connections"),
				       (double)(stat_num(&cur, srv, "cmd_get") - stat_num(&prev, srv, "cmd_get")) / dt,
				       (double)(stat_num(&cur, srv, "cmd_set") - stat_num(&prev, srv, "cmd_set")) / dt,
				       get_s, set_s);
			}
			fflush(stdout);
		}
		rt_buf_reset(&prev);
		rt_buf_addbuf(&prev, &cur);
		prev_t = t;
		ts.tv_sec = (time_t)interval;
		ts.tv_nsec = (long)((interval - (double)ts.tv_sec) * 1e9);
		while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
			;
	}
	return RT_EXIT_OK;
}

static void remove_tree(const char *path)
{
	struct stat st;
	if (lstat(path, &st) < 0)
		return;
	if (S_ISDIR(st.st_mode)) {
		struct rt_buf sb = RT_BUF_INIT;
		DIR *d = opendir(path);
		struct dirent *de;
		while (d && (de = readdir(d))) {
			if (rt_streq(de->d_name, ".") || rt_streq(de->d_name, ".."))
				continue;
			rt_buf_reset(&sb);
			rt_buf_addf(&sb, "%s/%s", path, de->d_name);
			remove_tree(sb.buf);
		}
		if (d)
			closedir(d);
		rt_buf_release(&sb);
		rmdir(path);
	} else {
		unlink(path);
	}
}

/* Loads every package of the non-local repositories through a package cache that starts empty,
 * so each family is read from memcached or evaluated and offered to it. */
static int warm(const char *tool, const struct rt_config *cfg, int verbose)
{
	struct rt_value *paths = cli_package_paths(cfg, NULL, 1);
	struct rt_error err = RT_ERROR_INIT;
	char tmpl[] = "/tmp/rez-memcache-warm-XXXXXX";
	const char *tmp = getenv("TMPDIR");
	char *dir;
	struct rt_repo *repo = NULL;
	const char *const *fams;
	size_t n_fams, loaded = 0, failed = 0;
	int rc = RT_EXIT_OK;
	dir = tmp && *tmp ? rt_xstrfmt("%s/rez-memcache-warm-XXXXXX", tmp) : rt_xstrdup(tmpl);
	if (!mkdtemp(dir)) {
		cli_error(tool, "cannot make a temporary directory: %s", strerror(errno));
		free(dir);
		rt_value_free(paths);
		return RT_EXIT_FAIL;
	}
	repo = cli_repo_open_cached(cfg, paths, dir, &err);
	if (!repo || rt_repo_families(repo, &fams, &n_fams, &err) < 0) {
		cli_error(tool, "%s", rt_error_msg(&err));
		rc = RT_EXIT_FAIL;
		goto out;
	}
	for (size_t i = 0; i < n_fams; i++) {
		const struct rt_repo_entry *const *entries;
		size_t n;
		if (rt_repo_versions(repo, fams[i], &entries, &n, &err) < 0) {
			cli_warn(tool, "%s", rt_error_msg(&err));
			rt_error_release(&err);
			failed++;
			continue;
		}
		for (size_t j = 0; j < n; j++) {
			if (verbose)
				printf("warming: %s%s%s\n", fams[i],
				       rt_version_is_empty(entries[j]->version) ? "" : "-",
				       rt_version_str(entries[j]->version));
			if (!rt_repo_load(repo, entries[j], &err)) {
				cli_warn(tool, "%s", rt_error_msg(&err));
				rt_error_release(&err);
				failed++;
				continue;
			}
			loaded++;
		}
		rt_repo_flush_cache(repo);
	}
	printf("memcached servers are warmed.\n");
	if (verbose)
		printf("%zu packages loaded, %zu could not be\n", loaded, failed);
out:
	rt_error_release(&err);
	rt_repo_free(repo);
	remove_tree(dir);
	free(dir);
	rt_value_free(paths);
	return rc;
}

int cli_cmd_memcache(int argc, char **argv)
{
	const char *tool = cli_tool_name(argv[0]);
	struct cli_args args;
	struct rt_error err = RT_ERROR_INIT;
	struct rt_config *cfg;
	struct rt_memcache *m = NULL;
	int help = 0, rc = RT_EXIT_OK;
	double interval = 1.0;

	if (cli_parse(memcache_opts, N_OPTS, argc, argv, &args, &help, usage, &err) < 0) {
		cli_error(tool, "%s", rt_error_msg(&err));
		rt_error_release(&err);
		return RT_EXIT_USAGE;
	}
	if (help) {
		cli_args_release(&args);
		return RT_EXIT_OK;
	}
	cli_verbosity = OPT("verbose")->count;
	if (args.n_pos) {
		cli_error(tool, "unexpected argument '%s'", args.pos[0]);
		cli_args_release(&args);
		return RT_EXIT_USAGE;
	}
	if (OPT("interval")->value) {
		char *end;
		interval = strtod(OPT("interval")->value, &end);
		if (*end || !(interval > 0) || interval > 86400) {
			cli_error(tool, "--interval: '%s' is not a number of seconds", OPT("interval")->value);
			cli_args_release(&args);
			return RT_EXIT_USAGE;
		}
	}
	cfg = cli_load_config(tool);
	if (!cfg) {
		cli_args_release(&args);
		return RT_EXIT_FAIL;
	}
	m = cli_memcache_open(cfg, &err);
	if (!m) {
		if (err.msg)
			cli_error(tool, "%s", rt_error_msg(&err));
		else
			cli_error(tool, "memcaching is not enabled (memcached_uri is empty)");
		rc = RT_EXIT_FAIL;
	} else if (OPT("poll")->count) {
		rc = poll_servers(m, interval);
	} else if (OPT("flush")->count) {
		if (rt_memcache_flush(m, &err) < 0) {
			cli_error(tool, "%s", rt_error_msg(&err));
			rc = RT_EXIT_FAIL;
		} else {
			printf("memcached servers are flushed.\n");
		}
	} else if (OPT("warm")->count) {
		rc = warm(tool, cfg, OPT("verbose")->count > 0);
	} else if (OPT("reset-stats")->count) {
		if (rt_memcache_reset_stats(m, &err) < 0) {
			cli_error(tool, "%s", rt_error_msg(&err));
			rc = RT_EXIT_FAIL;
		} else {
			printf("memcached servers are stat reset.\n");
		}
	} else if (OPT("stats")->count) {
		rc = raw_stats(tool, m);
	} else {
		rc = summary(tool, m);
	}
	rt_memcache_free(m);
	rt_error_release(&err);
	rt_config_free(cfg);
	cli_args_release(&args);
	return cli_finish_stdout(tool, rc);
}
