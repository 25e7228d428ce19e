/* shtest.c - see shtest.h. */
#include "tests/shells/shtest.h"

#include "runtime/common.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int sht_write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return -1;
	if (len && fwrite(data, 1, len, f) != len) {
		fclose(f);
		return -1;
	}
	return fclose(f);
}

int sht_run(char *const argv[], char *const envp[], const char *out, const char *err,
	    const char *cwd, const char *in)
{
	pid_t pid = fork();
	int status;
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int fo = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int fe = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int fi = open(in ? in : "/dev/null", O_RDONLY);
		if (fo < 0 || fe < 0 || fi < 0 || chdir(cwd))
			_exit(126);
		dup2(fi, 0);
		dup2(fo, 1);
		dup2(fe, 2);
		execve(argv[0], argv, envp);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void sht_sorted_entries(const struct rt_buf *dump, char sep, struct rt_buf *out)
{
	const char *s = dump->buf, *end = dump->buf + dump->len;
	char **v = NULL;
	size_t n = 0, cap = 0;
	while (s < end) {
		const char *e = memchr(s, sep, (size_t)(end - s));
		if (!e)
			e = end;
		if (!(e - s >= 2 && s[0] == '_' && s[1] == '=')) {
			v = rt_xgrow(v, sizeof(*v), n + 1, &cap);
			v[n++] = rt_xmemdupz(s, (size_t)(e - s));
		}
		s = e + 1;
	}
	if (n)
		qsort(v, n, sizeof(*v), cmp_str);
	for (size_t i = 0; i < n; i++) {
		rt_buf_adds(out, v[i]);
		rt_buf_addch(out, '\0');
		free(v[i]);
	}
	free(v);
}
