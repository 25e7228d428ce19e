/* repo.h - filesystem package repositories: listing families and versions, loading packages.
 *
 * Layout of one repository path:
 *     PATH/NAME/VERSION/package.lua     (or package.yaml; package.lua wins when both exist)
 *     PATH/NAME/package.lua             an unversioned package (version "")
 * A repository object covers several paths searched in order: when the same NAME/VERSION
 * exists in two paths, the earlier one shadows the later. Family names are directory names
 * that are valid package names; version directories are subdirectories whose names parse as
 * versions (names starting with '.', and VERSION when a file ".ignoreVERSION" sits next to
 * it, are skipped, as Rez does; so is a version directory without a definition file while
 * a ".buildingVERSION" marker from `rez build -i` sits next to it). Listing never opens a
 * definition file; a package is loaded
 * (and validated, runtime/package.h) only when asked for, and then cached in the object, its
 * error included.
 *
 * Loading goes through struct rt_pkg_loader, so the runtime does not depend on the Lua layer:
 * interp/ provides the implementation (interp/interp.h, li_package_loader).
 *
 * Errors: a repository path that does not exist or is not a directory (rt_repo_new with
 * `strict`; otherwise such a path is skipped), a version directory without a definition
 * file, an unreadable definition, a definition whose name/version disagree with its
 * directory, and every loader/schema error.
 *
 * Ownership: the repository owns every entry and package it returns (borrowed, valid until
 * rt_repo_free). */
#ifndef RT_REPO_H
#define RT_REPO_H

#include "runtime/common.h"
#include "runtime/error.h"

struct rt_value;
struct rt_version;
struct rt_range;
struct rt_package;
struct rt_pkgcache;
struct rt_pkg_summary;

struct rt_pkg_loader {
	/* Loads the definition at `path` (package.lua / package.yaml) into a new RT_MAP of
	 * attributes, or returns NULL with err set. */
	struct rt_value *(*load)(void *ud, const char *path, struct rt_error *err);
	void *ud;
	/* Evaluates the @late attribute `attr` of `pkg` outside a context (in_context() is
	 * false) into *out (a new value). `variant` says what `this` is, as Rez's solver reads
	 * the lists: RT_LATE_PACKAGE for the package (how Rez reads `requires`), else a variant
	 * (how it reads `build_requires` when building): its index, or -1 for the one variant
	 * of a package without variants, with `root` its directory. May be NULL: late request
	 * lists then stay unevaluated. */
	int (*late)(void *ud, const struct rt_package *pkg, const char *attr, int variant,
		    const char *root, struct rt_value **out, struct rt_error *err);
};

#define RT_LATE_PACKAGE (-2)

struct rt_repo;

struct rt_repo_entry {
	const char *family;               /* the family name */
	const struct rt_version *version; /* the empty version for unversioned packages */
	const char *dir;                  /* PATH/NAME/VERSION, or PATH/NAME when unversioned */
	const char *repo_path;            /* the repository path it was found in */
};

/* `paths` (n of them) are copied. With `strict`, a missing path is an error. */
struct rt_repo *rt_repo_new(const char *const *paths, size_t n, const struct rt_pkg_loader *loader,
			    int strict, struct rt_error *err);
void rt_repo_free(struct rt_repo *r);

size_t rt_repo_n_paths(const struct rt_repo *r);
const char *rt_repo_path(const struct rt_repo *r, size_t i);

/* All family names, sorted bytewise, each once. *names is borrowed. Returns 0 or -1. */
int rt_repo_families(struct rt_repo *r, const char *const **names, size_t *n,
		     struct rt_error *err);
/* The packages of `family`, sorted by ascending version (shadowed duplicates removed).
 * A family that does not exist gives n = 0. Returns 0 or -1 (unreadable directory). */
int rt_repo_versions(struct rt_repo *r, const char *family,
		     const struct rt_repo_entry *const **entries, size_t *n, struct rt_error *err);
/* The latest entry of `family` whose version is in `range` (NULL: any); NULL when none
 * (err untouched) or on error (err set; check rt_error's msg). */
const struct rt_repo_entry *rt_repo_latest(struct rt_repo *r, const char *family,
					   const struct rt_range *range, struct rt_error *err);
/* The definition file of an entry (package.lua preferred), or NULL with err set when the
 * directory holds none. Borrowed. */
const char *rt_repo_definition_file(struct rt_repo *r, const struct rt_repo_entry *e,
				    struct rt_error *err);
/* Loads and validates the package of an entry (cached). NULL with err set on failure.
 * An @late `requires` is evaluated once for the package through the loader's `late` (or
 * taken from a fresh package-cache record) and filled in. @late build_requires and
 * private_build_requires are left to rt_repo_late_variant: Rez reads them per variant, and
 * only when building. */
const struct rt_package *rt_repo_load(struct rt_repo *r, const struct rt_repo_entry *e,
				      struct rt_error *err);
/* The package `family`-`version` found in repository path `repo_path` ("" or NULL: any path,
 * the first that has it), loaded as rt_repo_load loads it: how a saved or cached context's
 * packages are read back. Answered from a snapshot given to rt_repo_preload when there is one.
 * NULL with err set when no such package exists or it does not load. */
const struct rt_package *rt_repo_load_resolved(struct rt_repo *r, const char *family,
					       const char *version, const char *repo_path,
					       struct rt_error *err);
/* A snapshot of one package for rt_repo_load_resolved: its package-cache data (encoded,
 * copied), definition file and directory, already proven current by the caller (a resolve
 * cache hit validated the definition file's stamp). Spares reading the family's listing and
 * cache file. A snapshot that does not decode, or holds an @late `requires`, is ignored. */
void rt_repo_preload(struct rt_repo *r, const char *family, const char *version,
		     const char *repo_path, const char *dir, const char *file, const void *data,
		     size_t len);
/* The encoded package-cache data of an entry (borrowed; see rt_pkgcache_raw_data) and its
 * definition file: 1, or 0 when the entry has no record validated in this process. */
int rt_repo_entry_snapshot(struct rt_repo *r, const struct rt_repo_entry *e, const char **file,
			   const void **data, size_t *len);
/* The request strings (a new RT_LIST) of the @late list `attr` of variant `index` of a
 * loaded package (-1: a package without variants), evaluated with `this` the variant (its
 * index, root and requirements). Not cached. -1 with err set on failure, also when the
 * repository's loader cannot evaluate late code. */
int rt_repo_late_variant(struct rt_repo *r, const struct rt_package *pkg, const char *attr,
			 int index, struct rt_value **out, struct rt_error *err);

/* ---- the package cache (runtime/pkgcache.h) ----
 *
 * With a cache set, listing a family uses its cached version list while the family directory
 * is unchanged, and rt_repo_summary answers from the cache while the definition file is
 * unchanged; only stale or uncached packages are evaluated. rt_repo_load always evaluates. */

/* Takes ownership of `cache` (NULL: no cache, the default). Call before listing anything. */
void rt_repo_set_cache(struct rt_repo *r, struct rt_pkgcache *cache);
/* The cache set (borrowed), or NULL. */
struct rt_pkgcache *rt_repo_cache(const struct rt_repo *r);
/* What resolving needs of an entry (borrowed): from the cache when fresh, else by loading
 * the package (and recording it in the cache). NULL with err set when loading fails. */
const struct rt_pkg_summary *rt_repo_summary(struct rt_repo *r, const struct rt_repo_entry *e,
					     struct rt_error *err);
/* Writes what changed to the cache (no-op without one; rt_repo_free does it too). Failures
 * are reported through the cache's warn callback. */
void rt_repo_flush_cache(struct rt_repo *r);

#endif
