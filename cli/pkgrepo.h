/* pkgrepo.h - opening the package repositories a command reads (view, search, ...).
 *
 * `paths` (a colon-separated --paths value) when given: every path must exist. Otherwise the
 * configuration's packages_path ($REZ_PACKAGES_PATH, config files, then the defaults
 * ~/packages:~/.rez/packages/int:~/.rez/packages/ext), where missing paths are skipped; with
 * `no_local`, the configured local_packages_path is left out. Packages are read through the
 * interp layer's loader with the configured sandbox limits and package cache (the same as
 * cli_repo_open in activate.h). Returns the repository or NULL with err set. */
#ifndef CLI_PKGREPO_H
#define CLI_PKGREPO_H

#include "runtime/error.h"

#include <stdio.h>

struct rt_repo;

struct rt_repo *cli_open_repo(const char *paths, int no_local, struct rt_error *err);
/* -v: "searching: PATH; PATH" (and the paths that do not exist). */
void cli_print_repo_paths(struct rt_repo *repo, FILE *f);

#endif
