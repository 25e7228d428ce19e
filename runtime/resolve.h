/* resolve.h - resolving a request against filesystem repositories into a context.
 *
 * Glue between runtime/repo.h (what exists), runtime/solver.h (what to choose) and
 * runtime/context.h (what was chosen): a solver package source over a repository, the
 * package filter and the timestamp cut-off, and the resolved variants' roots.
 *
 * Late-bound requirements (@late requires) need the Lua layer: the caller may supply
 * `late_requires`, which evaluates one and returns a list of request strings.
 *
 * Result: a new context (status solved, failed or aborted: a failure is a context too, with
 * its failure description, as Rez writes failed contexts), or NULL with err set on a hard
 * error (an invalid request, a package family that does not exist, a broken definition). */
#ifndef RT_RESOLVE_H
#define RT_RESOLVE_H

#include "runtime/common.h"
#include "runtime/error.h"
#include "runtime/solver.h"

struct rt_repo;
struct rt_package;
struct rt_value;
struct rt_context;
struct rt_filter_list;

struct rt_resolve_opts {
	const char *const *requests;          /* explicit requests, as the user gave them */
	size_t n_requests;
	const char *const *implicits;         /* implicit package requests */
	size_t n_implicits;
	struct rt_repo *repo;                 /* borrowed */
	const struct rt_filter_list *filter;  /* borrowed; NULL: no filter */
	const struct rt_value *filter_value;  /* recorded in the context; may be NULL */
	long long timestamp;                  /* ignore packages released after it; 0: none */
	struct rt_solver_options solver;
	/* Evaluates a package's @late `attr` (requires, build_requires) into *out (a new RT_LIST
	 * of strings). NULL: late requirements are an error. */
	int (*late_requires)(void *ud, const struct rt_package *pkg, const char *attr,
			     struct rt_value **out, struct rt_error *err);
	void *late_ud;
	/* Whole resolves in the shared cache of the repository's package cache (runtime/rcache.h):
	 * a solved request is stored with what it read, and reused when all of it is unchanged. */
	int resolve_caching;
	size_t resolve_min_compress_len;   /* memcached_resolve_min_compress_len */
	const char *cache_key_extra;       /* more that can change the answer (e.g. orderers) */
};

struct rt_context *rt_resolve(const struct rt_resolve_opts *opts, struct rt_error *err);

/* The directory of variant `index` of package `pkg` (base when index < 0): the variant's
 * requirement strings joined as path components, as Rez lays installs out. Appends to out. */
void rt_resolve_variant_root(const struct rt_package *pkg, int index, struct rt_buf *out);

#endif
