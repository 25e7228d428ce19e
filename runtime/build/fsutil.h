/* fsutil.h - the file-system steps of a build (internal to runtime/build/ and its install users): making and
 * removing trees, copying payload files, matching artifact patterns. Errors name the path. */
#ifndef RT_BUILD_FSUTIL_H
#define RT_BUILD_FSUTIL_H
#include "runtime/common.h"
#include "runtime/error.h"
struct rt_value;

/* mkdir -p (runtime/file.h's rt_file_mkdirs) with a message naming the path. */
int rt_build_mkdirs(const char *path, struct rt_error *err);
/* rm -rf; a missing path is not an error. */
int rt_build_rmtree(const char *path, struct rt_error *err);
/* Copies a file or a whole tree (symlinks as links, modes kept) to dst; parents created. */
int rt_build_copy(const char *src, const char *dst, struct rt_error *err);
/* The same, copying what symlinks point to instead of the links. */
int rt_build_copy_follow(const char *src, const char *dst, struct rt_error *err);
/* Does path exist (lstat)? */
int rt_build_exists(const char *path);
/* Is `rel` a relative path that stays below its base (no "..", not absolute, not empty)? */
int rt_build_rel_safe(const char *rel);
#endif
