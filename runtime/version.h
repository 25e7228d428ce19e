/* version.h - Rez versions, version ranges and package requests.
 *
 * Semantics are Rez's (src/rez/version/): see docs/versions.md and the tests ported
 * from test_version.py. A version is a list of tokens separated by one-character separators
 * (kept for printing only); ranges are unions of bounds; requests are `name` + range with
 * weak (~), conflict (!) and ephemeral (.name) forms.
 *
 * All objects are immutable after parsing and are freed with their _free function. Parsers
 * return NULL and set `err` (message names the offending string) on invalid input.
 * Functions returning a new object give it to the caller (free it); `const` results are
 * borrowed from their argument and live as long as it. Strings from *_str() are malloc'd.
 *
 * Versions and ranges are single position-independent blocks: _copy is one malloc+memcpy,
 * and rt_version_cmp never allocates (subtokens are precomputed at parse time). */
#ifndef RT_VERSION_H
#define RT_VERSION_H

#include "runtime/common.h"
#include "runtime/error.h"

struct rt_buf;
struct rt_version;
struct rt_range;
struct rt_request;

/* ---- versions ---- */
struct rt_version *rt_version_parse(const char *s, struct rt_error *err);
struct rt_version *rt_version_copy(const struct rt_version *v);
void rt_version_free(struct rt_version *v);
int rt_version_cmp(const struct rt_version *a, const struct rt_version *b);  /* <0, 0, >0 */
/* Equal versions (cmp == 0, e.g. 1.0 and 1-0) hash equally. */
uint64_t rt_version_hash(const struct rt_version *v);
const char *rt_version_str(const struct rt_version *v);   /* as written, separators kept */
size_t rt_version_ntokens(const struct rt_version *v);
const char *rt_version_token(const struct rt_version *v, size_t i);  /* NULL if out of range */
int rt_version_is_empty(const struct rt_version *v);       /* the unversioned "" version */
/* The smallest version greater than every version that starts with v (Rez's next()):
 * 1.2 -> 1.2_. NULL for the empty version (every version starts with it). */
struct rt_version *rt_version_next(const struct rt_version *v);
/* First n tokens (n >= ntokens gives a copy). */
struct rt_version *rt_version_trim(const struct rt_version *v, size_t n);

/* ---- ranges ----
 * A range is a sorted union of disjoint bounds; see docs/versions.md for the syntax. */
struct rt_range *rt_range_parse(const char *s, struct rt_error *err);
/* Same, but an impossible bound such as "3+<2" is kept instead of being an error (Rez's
 * invalid_bound_error=False, used by wildcard expansion only). */
struct rt_range *rt_range_parse_lenient(const char *s, struct rt_error *err);
struct rt_range *rt_range_any(void);
struct rt_range *rt_range_copy(const struct rt_range *r);
void rt_range_free(struct rt_range *r);
void rt_range_format(const struct rt_range *r, struct rt_buf *out);  /* canonical form */
char *rt_range_str(const struct rt_range *r);                        /* same, malloc'd */
int rt_range_is_any(const struct rt_range *r);
int rt_range_contains(const struct rt_range *r, const struct rt_version *v);
int rt_range_intersects(const struct rt_range *a, const struct rt_range *b);
/* NULL when the intersection is empty. */
struct rt_range *rt_range_intersection(const struct rt_range *a, const struct rt_range *b);
struct rt_range *rt_range_union(const struct rt_range *a, const struct rt_range *b);
/* The union of n ranges at once (sorted and merged once: linear in the bounds, not n^2);
 * NULL when n is 0. */
struct rt_range *rt_range_union_many(const struct rt_range *const *r, size_t n);
struct rt_range *rt_range_inverse(const struct rt_range *r);   /* NULL when r is "any" */
int rt_range_is_superset(const struct rt_range *a, const struct rt_range *b);
int rt_range_equal(const struct rt_range *a, const struct rt_range *b);
/* a minus b; NULL when empty. */
struct rt_range *rt_range_subtract(const struct rt_range *a, const struct rt_range *b);
/* A total order on ranges (Rez's, bound by bound), for sorting. */
int rt_range_cmp(const struct rt_range *a, const struct rt_range *b);
size_t rt_range_nbounds(const struct rt_range *r);
/* Bound i of r: lower version (the empty version when unbounded below) and upper version
 * (NULL: infinity, then *hi_inc is 1), with their inclusivity. -1 if i is out of range. */
int rt_range_bound_parts(const struct rt_range *r, size_t i, const struct rt_version **lo,
			 int *lo_inc, const struct rt_version **hi, int *hi_inc);
/* The i-th contiguous piece as its own range (Rez's split()); NULL if out of range. */
struct rt_range *rt_range_bound_at(const struct rt_range *r, size_t i);
int rt_range_lower_bounded(const struct rt_range *r);   /* lower bound above "" inclusive */
int rt_range_upper_bounded(const struct rt_range *r);
/* One bound from lowest lower to highest upper (2+<4|6+<8 -> 2+<8). */
struct rt_range *rt_range_span(const struct rt_range *r);

enum rt_range_op {
	RT_RANGE_FAMILY,   /* "1.2": 1.2 <= v < 1.2_ */
	RT_RANGE_EQ,       /* ==v */
	RT_RANGE_GT,       /* >v */
	RT_RANGE_GE,       /* v+ */
	RT_RANGE_LT,       /* <v (NULL for the empty version: nothing is below it) */
	RT_RANGE_LE        /* <=v */
};
struct rt_range *rt_range_from_version(const struct rt_version *v, enum rt_range_op op);
/* ==a|==b|... (sorted, duplicates dropped); NULL when n == 0. */
struct rt_range *rt_range_from_versions(const struct rt_version *const *v, size_t n);
/* The same for versions already in strictly descending order (latest first), as a solver's
 * candidates are: no sort. Falls back to rt_range_from_versions when they are not. */
struct rt_range *rt_range_from_versions_desc(const struct rt_version *const *v, size_t n);

/* Rewrites every bound version (not the implicit "" lower or infinite upper) through fn: fn
 * sets *repl to a new version it gives away, or leaves it NULL to keep the version; fn
 * returning 1 for an upper bound removes that bound (infinity: Rez's next("")); fn
 * returning -1 (with err set) aborts. The result is not re-validated nor re-merged (callers
 * re-parse its text). Returns 0 and *out, or -1. */
typedef int (*rt_range_visit_fn)(void *ctx, const struct rt_version *v, struct rt_version **repl,
				 struct rt_error *err);
int rt_range_visit_versions(const struct rt_range *r, rt_range_visit_fn fn, void *ctx,
			    struct rt_range **out, struct rt_error *err);

/* ---- requests ---- */
struct rt_request *rt_request_parse(const char *s, struct rt_error *err);
/* The same, as Rez's PackageRequest (user requests and package definitions): also rejects
 * a weak or conflict ephemeral ("~.flag-1", "!.flag"), whose name '.flag' Rez calls invalid.
 * rt_request_parse keeps Rez's Requirement, which allows them (its solver tests do). */
struct rt_request *rt_package_request_parse(const char *s, struct rt_error *err);
/* A request built from parts (range NULL = any; copied). */
struct rt_request *rt_request_new(const char *name, const struct rt_range *range, int conflict,
				  int weak);
struct rt_request *rt_request_copy(const struct rt_request *r);
void rt_request_free(struct rt_request *r);
const char *rt_request_name(const struct rt_request *r);     /* ".foo" for ephemerals */
const struct rt_range *rt_request_range(const struct rt_request *r);  /* as written (~foo-1 → 1) */
int rt_request_is_conflict(const struct rt_request *r);      /* !foo */
int rt_request_is_weak(const struct rt_request *r);          /* ~foo */
int rt_request_is_ephemeral(const struct rt_request *r);     /* .foo */
/* The range the solver works with: for ~foo-1+ (a weak request, also a conflict) it is the
 * complement <1; NULL for "~foo", which has no effect. Same as rt_request_range otherwise. */
const struct rt_range *rt_request_effective_range(const struct rt_request *r);
void rt_request_format(const struct rt_request *r, struct rt_buf *out);  /* canonical */
char *rt_request_str(const struct rt_request *r);                        /* same, malloc'd */
/* Rez's Requirement.conflicts_with(Requirement); 0 for different names. */
int rt_request_conflicts_with(const struct rt_request *a, const struct rt_request *b);
/* Same name, same conflict flag, same effective range. */
int rt_request_equal(const struct rt_request *a, const struct rt_request *b);
/* Rez's Requirement.merged: foo-1 + foo-1.5 -> foo-1.5; foo-3+ + !foo-5+ -> foo-3+<5;
 * !foo-2 + !foo-5 -> !foo-2|5. NULL when the two cannot both hold (or names differ). */
struct rt_request *rt_request_merged(const struct rt_request *a, const struct rt_request *b);
/* Rez's conflicts_with: would a package version in `v` be excluded by this request? */
int rt_request_conflicts_with_version(const struct rt_request *r, const struct rt_version *v);
/* Valid package family name per Rez: [a-zA-Z_0-9](\.?[a-zA-Z0-9_]+)* */
int rt_name_is_valid(const char *name);

#endif
