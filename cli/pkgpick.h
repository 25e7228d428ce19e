/* pkgpick.h - naming one package on the command line, as Rez's `rez diff`, `rez cp`,
 * `rez mv`, `rez rm` and `rez pkg-ignore` do.
 *
 * A package is written "NAME-VERSION" (Rez's VersionedObject: also "NAME@VERSION", or just
 * "NAME" for an unversioned package). cli_pkg_split takes such a string apart; cli_pkg_pick
 * finds it in a repository: the entry with exactly that version, else (for commands that
 * accept a request such as "foo-1.2+") the latest entry in the range. */
#ifndef CLI_PKGPICK_H
#define CLI_PKGPICK_H

#include "runtime/error.h"

struct rt_repo;
struct rt_repo_entry;
struct rt_version;

/* "foo-1.2.3" → *name "foo" (malloc'd) and *version 1.2.3 (new; the empty version for "foo").
 * Returns 0, or -1 with err set naming the text. */
int cli_pkg_split(const char *s, char **name, struct rt_version **version, struct rt_error *err);

/* The entry `s` names in repo: the exact version when one exists, else with `range_ok` the
 * latest in the request's range. NULL when none (err untouched) or on error (err set). */
const struct rt_repo_entry *cli_pkg_pick(struct rt_repo *repo, const char *s, int range_ok,
					 struct rt_error *err);

#endif
