/* proc.h - running a child process the way system(3) does: the terminal's SIGINT and
 * SIGQUIT go to the child while it runs (the parent ignores them and then sees the child's
 * status), and its exit status comes back. Used for `rez env`'s shell and `rez build`'s
 * build commands. */
#ifndef RT_PROC_H
#define RT_PROC_H
#include "runtime/common.h"
/* Runs argv[0] (a path) with argv (NULL-terminated) and the parent's environment plus
 * env[0..n_env) ("NAME=value", replacing same-named variables), in a new session when
 * new_session. Waits for it. Returns its exit status, 128 + N when signal N killed it, or
 * -1 when it could not be started (errno set). A child that cannot exec prints
 * "<who>: error: cannot run '<path>': <reason>" and exits 127. */
int rt_proc_run(char *const *argv, char *const *env, size_t n_env, int new_session,
		const char *who);
#endif
