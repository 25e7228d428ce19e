/* file.h - writing whole files safely: readers see the old contents or the new ones, never
 * a part (a temporary file beside the target, then rename).
 *
 * An existing device, FIFO or socket (/dev/null, a pipe) is written in place instead, since a
 * rename would replace the node itself; a directory is an error. Errors name the path. */
#ifndef RT_FILE_H
#define RT_FILE_H

#include "runtime/common.h"
#include "runtime/error.h"

enum {
	/* Skip fsync: for caches, where a file torn by a crash is detected and rebuilt, and
	 * the cost of syncing on every command is not worth it. */
	RT_FILE_NOSYNC = 1 << 0
};

/* Writes len bytes to path; mode applies to a newly created file. Returns 0 or -1 (err set;
 * errno kept from the failing call). */
int rt_file_write_atomic(const char *path, const void *data, size_t len, unsigned mode,
			 unsigned flags, struct rt_error *err);

/* mkdir -p: path (modified while it runs, restored) and its missing parents. 0, or -1 with
 * errno set (a non-directory in the way is ENOTDIR). */
int rt_file_mkdirs(char *path);

#endif
