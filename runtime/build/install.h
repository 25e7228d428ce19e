/* install.h - placing package payloads and definitions in a filesystem repository: the
 * install steps `rez build -i` / `rez release` use (runtime/build/build.c), shared with
 * `rez cp` and `rez mv` (cli/cmd_cp.c) so that every way into a repository has the same
 * guarantees.
 *
 * The protocol (docs/build.md "Guarantees"): take the version lock (rt_install_lock), stage
 * the payload in a hidden directory beside its destination (".rez-stage-<pid>-<n>": same file
 * system), rename it into place (rt_install_place), write the definition atomically, then
 * touch the family directory so package and resolve caches see the change. A directory left
 * by a process that died (".rez-stage-<pid>-*", ".rez-old-<pid>-*") is removed by the next
 * install in the same place (rt_install_clean_stale). */
#ifndef RT_BUILD_INSTALL_H
#define RT_BUILD_INSTALL_H
#include "runtime/common.h"
#include "runtime/error.h"

struct rt_buf;
struct rt_value;

/* The release keys: kept from an installed package when a variant is added to it. */
extern const char *const rt_install_release_keys[];

/* An exclusive lock on NAME-VERSION in the repository `repo` (the file NAME/.lockVERSION,
 * or .lock-NAME beside the family for an unversioned package, never deleted so that every
 * process locks the same inode). Returns the descriptor to close to release it (the kernel
 * releases it when the process dies), or -1 with err set (err may be NULL). */
int rt_install_lock(const char *repo, const char *name, const char *version, struct rt_error *err);
/* Removes the staging and old-payload directories in `dir` whose process is gone. */
void rt_install_clean_stale(const char *dir);
/* Puts `staged` at `final`: a rename when final does not exist, else an atomic exchange and
 * removal of the old tree. */
int rt_install_place(const char *staged, const char *final, struct rt_error *err);
/* The _v/<letter> link (in version_dir/dirname) to a hashed variant's subpath; an existing
 * link to it is reused. Nothing when dirname is NULL or empty. Failures are not errors (a
 * missing shortlink only makes the variant root longer). */
void rt_install_shortlink(const char *version_dir, const char *dirname, const char *subpath);
/* Merges variant `vreqs` (NULL: no variants) of the package data `fresh` into the installed
 * data `old` (NULL: none) as Rez's filesystem repository does: release keys of old kept,
 * `overrides` applied where missing, the variant appended unless an equal one is there.
 * Returns the data to write (new) or NULL with err set (uuid mismatch, variants vs none);
 * *index is the variant's index, *exists whether an identical variant with unchanged data
 * was installed already. `file` names the definition in messages. */
struct rt_value *rt_install_merge(const struct rt_value *old, const struct rt_value *fresh,
				  const struct rt_value *vreqs, const struct rt_value *overrides,
				  const char *file, int *index, int *exists, struct rt_error *err);
/* The package.lua text of data (Rez's key order; format_version last), its first line
 * naming the `writer` ("rez build", "rez cp"). */
void rt_install_write_definition(const struct rt_value *data, const char *writer, struct rt_buf *out);
#endif
