/* capture.c - running a program from an argv list (no shell), its output captured (see capture.h). */
#include "runtime/release/capture.h"
#include "runtime/buf.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

char *rt_capture_which(const char *name, const char *path)
{
	struct stat st;
	if (!*name)
		return NULL;
	if (strchr(name, '/'))
		return stat(name, &st) == 0 && S_ISREG(st.st_mode) ? rt_xstrdup(name) : NULL;
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (const char *p = path;;) {
		const char *colon = strchr(p, ':');
		size_t n = colon ? (size_t)(colon - p) : strlen(p);
		char *cand = rt_xstrfmt("%.*s/%s", (int)n, n ? p : ".", name);
		if (stat(cand, &st) == 0 && S_ISREG(st.st_mode) && access(cand, X_OK) == 0)
			return cand;
		free(cand);
		if (!colon)
			return NULL;
		p = colon + 1;
	}
}

static const char *env_path(const char *const *envp)
{
	if (!envp)
		return getenv("PATH");
	for (; *envp; envp++)
		if (rt_starts_with(*envp, "PATH="))
			return *envp + 5;
	return NULL;
}

int rt_capture_run(const char *const *argv, const char *const *envp, struct rt_buf *output,
		int *status, struct rt_error *err)
{
	posix_spawn_file_actions_t fa;
	char *prog;
	int fds[2], rc, ws;
	pid_t pid;

	prog = rt_capture_which(argv[0], env_path(envp));
	if (!prog)
		return rt_error(err, "%s: command not found", argv[0]);
	if (pipe(fds) < 0) {
		free(prog);
		return rt_error(err, "cannot create a pipe: %s", strerror(errno));
	}
	/* no other child may inherit the pipe (it would hold the read end open) */
	fcntl(fds[0], F_SETFD, FD_CLOEXEC);
	fcntl(fds[1], F_SETFD, FD_CLOEXEC);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 2);
	rc = posix_spawn(&pid, prog, &fa, NULL, (char *const *)argv,
			 envp ? (char *const *)envp : environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[1]);
	if (rc != 0) {
		close(fds[0]);
		rt_error(err, "cannot run '%s': %s", prog, strerror(rc));
		free(prog);
		return -1;
	}
	free(prog);
	for (;;) {
		char tmp[8192];
		ssize_t n = read(fds[0], tmp, sizeof(tmp));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		rt_buf_add(output, tmp, (size_t)n);
	}
	close(fds[0]);
	while (waitpid(pid, &ws, 0) < 0)
		if (errno != EINTR)
			return rt_error(err, "cannot wait for '%s': %s", argv[0], strerror(errno));
	*status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
	return 0;
}
