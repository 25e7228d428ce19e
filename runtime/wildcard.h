/* wildcard.h - requirement wildcard expansion in package definitions (Rez's
 * package_py_utils.expand_requirement), applied to `requires`, `build_requires`,
 * `private_build_requires`, `variants` and test requires.
 *
 * In a request, `*` stands for exactly one whole version token and `**` for "the rest of the
 * version"; wildcards must be the trailing tokens of a version. Each version of the range
 * that ends in wildcards is replaced by the latest existing version of the family within
 * the wildcard-free prefix, trimmed to the original token count for `*` and untrimmed for
 * `**`; when nothing matches, the wildcard tokens are just dropped. The result is parsed
 * again and printed canonically (so OR-ranges come out merged and sorted):
 *
 *     pyfoo-*            ->  pyfoo-3          (pyfoo 3.0.0 and 3.1.0 exist)
 *     pyfoo-**           ->  pyfoo-3.1.0
 *     python-2.6.*+<**   ->  python-2.6.8+<2.7.0
 *     python-2.*|**      ->  python-2.7
 *     python-1.*.1       ->  error (a wildcard that is not trailing)
 *
 * A request without '*' is returned unchanged (not normalised), as Rez does. */
#ifndef RT_WILDCARD_H
#define RT_WILDCARD_H

#include "runtime/common.h"
#include "runtime/error.h"

struct rt_version;

/* Calls each(each_ctx, v) once for every existing version of `family` (v is borrowed for
 * the duration of that call). Returns 0, also when the family does not exist, or -1 with
 * err set when the versions could not be listed (the expansion then fails with it). */
typedef void (*rt_wildcard_each_fn)(void *each_ctx, const struct rt_version *v);
typedef int (*rt_wildcard_list_fn)(void *ctx, const char *family, rt_wildcard_each_fn each,
				   void *each_ctx, struct rt_error *err);

/* Returns the expanded request (malloc'd), or NULL with err set, naming the request:
 *     invalid wildcard request 'python-1.*.1': a wildcard must be a whole, trailing
 *     version token ('*'), or end the version ('**') */
char *rt_wildcard_expand(const char *request, rt_wildcard_list_fn list, void *ctx,
			 struct rt_error *err);

#endif
