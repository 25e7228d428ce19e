/* capture.h - running a program from an argv list, never through a shell, with its standard
 * output and error merged and captured; stdin is /dev/null. Used by the release hooks and
 * the git VCS, so an argument can never become shell code. */
#ifndef RT_CAPTURE_H
#define RT_CAPTURE_H
#include "runtime/common.h"
#include "runtime/error.h"

struct rt_buf;

/* Runs argv[0] (a path, or a name looked up on PATH of envp, or of the process when envp is
 * NULL) with argv; envp NULL inherits the environment. Output is appended to *output and
 * *status is the exit status (128 + signal when killed). Returns 0, or -1 when it could not
 * run ("<cmd>: command not found", ...). */
int rt_capture_run(const char *const *argv, const char *const *envp, struct rt_buf *output,
		int *status, struct rt_error *err);

/* Finds a program as execvp would: as given when it contains '/', else on `path` (NULL: a
 * default path). Returns a new string, or NULL. */
char *rt_capture_which(const char *name, const char *path);

#endif
