/* runcmd.c - times a command over repeated runs: median, min and max wall time and the peak
 * resident set size of the child, as one table row.
 *
 *   rez-bench-run [-n RUNS] [-w WARMUP] [-l LABEL] [-p PREPARE] [-c] -- CMD ARGS...
 *
 * -c times the CPU the command and its children used (user + system) instead of wall time:
 * on a loaded machine, what the command itself costs.
 *
 * PREPARE is shell code run (untimed, through /bin/sh) before every run, warm-ups included:
 * e.g. "rm -rf CACHE" to time cold-cache runs.
 *
 * stdout/stderr of CMD go to /dev/null; a failing run (non-zero exit) stops the benchmark with
 * an error, so a broken command cannot be reported as fast. */
#include "runtime/common.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cpu_time;

static int run_once(char **argv, double *ms, long *rss_kb)
{
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int status, rc;
	struct rusage ru;
	double t0;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	t0 = now_ms();
	rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0) {
		fprintf(stderr, "rez-bench-run: cannot run '%s': %s\n", argv[0], strerror(rc));
		return -1;
	}
	if (wait4(pid, &status, 0, &ru) < 0) {
		fprintf(stderr, "rez-bench-run: wait: %s\n", strerror(errno));
		return -1;
	}
	*ms = now_ms() - t0;
	if (cpu_time)
		*ms = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
		      (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
	*rss_kb = ru.ru_maxrss;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "rez-bench-run: '%s' failed (status %d)\n", argv[0],
			WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		return -1;
	}
	return 0;
}

static int run_prepare(const char *prepare)
{
	int st;
	if (!prepare)
		return 0;
	st = system(prepare);
	if (st != 0) {
		fprintf(stderr, "rez-bench-run: prepare command failed: %s\n", prepare);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	int runs = 10, warmup = 1, i;
	const char *label = NULL, *prepare = NULL;
	double *t;
	long rss = 0;
	for (i = 1; i < argc; i++) {
		if (rt_streq(argv[i], "--"))
			break;
		if (rt_streq(argv[i], "-n") && i + 1 < argc)
			runs = atoi(argv[++i]);
		else if (rt_streq(argv[i], "-w") && i + 1 < argc)
			warmup = atoi(argv[++i]);
		else if (rt_streq(argv[i], "-l") && i + 1 < argc)
			label = argv[++i];
		else if (rt_streq(argv[i], "-p") && i + 1 < argc)
			prepare = argv[++i];
		else if (rt_streq(argv[i], "-c"))
			cpu_time = 1;
		else {
			fprintf(stderr, "usage: rez-bench-run [-n RUNS] [-w WARMUP] [-l LABEL] [-p PREPARE] [-c] -- CMD ARGS...\n");
			return 2;
		}
	}
	if (i + 1 >= argc || runs < 1) {
		fprintf(stderr, "usage: rez-bench-run [-n RUNS] [-w WARMUP] [-l LABEL] [-p PREPARE] [-c] -- CMD ARGS...\n");
		return 2;
	}
	argv += i + 1;
	t = rt_xcalloc((size_t)runs, sizeof(*t));
	for (int w = 0; w < warmup; w++) {
		double ms;
		long kb;
		if (run_prepare(prepare) < 0 || run_once(argv, &ms, &kb) < 0)
			return 1;
	}
	for (int r = 0; r < runs; r++) {
		long kb;
		if (run_prepare(prepare) < 0 || run_once(argv, &t[r], &kb) < 0)
			return 1;
		if (kb > rss)
			rss = kb;
	}
	qsort(t, (size_t)runs, sizeof(*t), cmp_double);
	printf("| %s | %.2f | %.2f | %.2f | %.1f |\n", label ? label : argv[0],
	       runs % 2 ? t[runs / 2] : (t[runs / 2 - 1] + t[runs / 2]) / 2, t[0], t[runs - 1],
	       (double)rss / 1024.0);
	free(t);
	return 0;
}
