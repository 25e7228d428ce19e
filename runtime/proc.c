/* proc.c - system(3)-style child processes (see proc.h). */
#include "runtime/proc.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int rt_proc_run(char *const *argv, char *const *env, size_t n_env, int new_session,
		const char *who)
{
	pid_t pid;
	int status, saved;
	struct sigaction ign, old_int, old_quit;
	fflush(NULL);
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	pid = fork();
	if (pid < 0) {
		saved = errno;
		sigaction(SIGINT, &old_int, NULL);
		sigaction(SIGQUIT, &old_quit, NULL);
		errno = saved;
		return -1;
	}
	if (pid == 0) {
		sigaction(SIGINT, &old_int, NULL);
		sigaction(SIGQUIT, &old_quit, NULL);
		if (new_session)
			setsid();
		for (size_t i = 0; i < n_env; i++) {
			char *eq = strchr(env[i], '=');
			if (eq) {
				*eq = '\0';
				setenv(env[i], eq + 1, 1);
				*eq = '=';
			}
		}
		execv(argv[0], argv);
		fprintf(stderr, "%s: error: cannot run '%s': %s\n", who, argv[0], strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			status = 1 << 8;
			break;
		}
	}
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
