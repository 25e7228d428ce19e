/* shtest.h - files, processes and environment dumps for the programs that run emitted scripts
 * in real shells (tests/shells/shell_test.c, tests/perfscript/fold_prop.c). */
#ifndef REZ_TESTS_SHTEST_H
#define REZ_TESTS_SHTEST_H

#include "runtime/buf.h"

#include <stddef.h>

/* Writes data to path; 0 or -1. */
int sht_write_file(const char *path, const void *data, size_t len);

/* Runs argv with exactly `envp` in cwd, stdin from `in` (NULL: /dev/null), stdout and stderr to
 * the files out and err; returns the exit status (128 + signal), or -1. */
int sht_run(char *const argv[], char *const envp[], const char *out, const char *err,
	    const char *cwd, const char *in);

/* The entries of an environment dump separated by `sep` (`env -0`: '\0'; cmd's `set`: '\n'),
 * sorted, each ended by '\0', appended to out. The shell's own `_` is left out (ksh writes its
 * pid into it). */
void sht_sorted_entries(const struct rt_buf *dump, char sep, struct rt_buf *out);

#endif
