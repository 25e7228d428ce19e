/* hookfs.h - the file and process API build hooks get: `fs` and `proc` globals.
 *
 * Build hooks run in an untrusted sandboxed state (interp/state.h: no io, no os.execute).
 * This module adds back exactly what a hook needs, confined to the trees of the build being
 * run (the source directory, the build directory, the variant install path):
 *
 *   fs.read(p)          -> contents | nil, message
 *   fs.write(p, text)   -> true | nil, message    (atomic; parent directories created)
 *   fs.copy(src, dst)   -> true | nil, message    (a file, or a directory recursively)
 *   fs.mkdir(p)         -> true | nil, message    (with parents; an existing one is fine)
 *   fs.exists(p)        -> boolean
 *   fs.glob(pattern)    -> sorted list of absolute paths (empty when none match)
 *   fs.load_hook(p)     -> the table a hook module file returns (run in a fresh environment)
 *   proc.run(argv [, {cwd=, env=}]) -> exit code, stdout, stderr   (no shell; PATH lookup)
 *   print(...)          as Lua's print, to stdout
 *
 * Relative paths are relative to the source directory. A path outside the allowed trees,
 * also through a symbolic link, raises a Lua error naming the function and the path (misuse);
 * an expected failure (a missing file) returns nil plus a message. proc.run's exit code is
 * the program's status, 128 + N when killed by signal N; a program that cannot be started
 * raises.
 *
 * The allowed trees live in a struct hk_fs_roots the caller owns and may change between calls
 * (hk_fs_open keeps the pointer). */
#ifndef HK_HOOKFS_H
#define HK_HOOKFS_H

#include <lua.h>

#define HK_FS_MAX_ROOTS 4

struct hk_fs_roots {
	const char *base;                        /* where relative paths start (absolute) */
	const char *paths[HK_FS_MAX_ROOTS];      /* absolute directories; NULL entries unused */
};

/* Runs a hook module's text (chunkname "@path") in a fresh environment whose missing names
 * fall back to the globals, and leaves the table it returns on the stack [-0, +1]. Raises on a
 * syntax or runtime error, and "path:LAST: a build hook module must return a table (got T)". */
void hk_fs_run_module(lua_State *L, const char *text, size_t len, const char *chunkname);

/* Installs `fs`, `proc` and `print` as globals; roots must outlive the state. Raises on memory errors
 * (call it inside a protected call). */
void hk_fs_open(lua_State *L, const struct hk_fs_roots *roots);

#endif
