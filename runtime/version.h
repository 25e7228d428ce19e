/* version.h - Rez versions, version ranges and package requests.
 *
 * Semantics are Rez's (src/rez/version/): see docs/package-language.md and the tests ported
 * from test_version.py. A version is a list of tokens separated by one-character separators
 * (kept for printing only); ranges are unions of bounds; requests are `name` + range with
 * weak (~), conflict (!) and ephemeral (.name) forms.
 *
 * All objects are immutable after parsing and are freed with their _free function. Parsers
 * return NULL and set `err` (message names the offending string) on invalid input. */
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
const char *rt_version_str(const struct rt_version *v);   /* as written, separators kept */
size_t rt_version_ntokens(const struct rt_version *v);
const char *rt_version_token(const struct rt_version *v, size_t i);  /* NULL if out of range */
int rt_version_is_empty(const struct rt_version *v);       /* the unversioned "" version */
/* The smallest version greater than every version that starts with v (Rez's next()). */
struct rt_version *rt_version_next(const struct rt_version *v);
/* First n tokens (n >= ntokens gives a copy). */
struct rt_version *rt_version_trim(const struct rt_version *v, size_t n);

/* ---- ranges ---- */
struct rt_range *rt_range_parse(const char *s, struct rt_error *err);
struct rt_range *rt_range_any(void);
struct rt_range *rt_range_copy(const struct rt_range *r);
void rt_range_free(struct rt_range *r);
void rt_range_format(const struct rt_range *r, struct rt_buf *out);  /* canonical form */
int rt_range_is_any(const struct rt_range *r);
int rt_range_contains(const struct rt_range *r, const struct rt_version *v);
int rt_range_intersects(const struct rt_range *a, const struct rt_range *b);
/* NULL when the intersection is empty. */
struct rt_range *rt_range_intersection(const struct rt_range *a, const struct rt_range *b);
struct rt_range *rt_range_union(const struct rt_range *a, const struct rt_range *b);
struct rt_range *rt_range_inverse(const struct rt_range *r);   /* NULL when r is "any" */
int rt_range_is_superset(const struct rt_range *a, const struct rt_range *b);
int rt_range_equal(const struct rt_range *a, const struct rt_range *b);

/* ---- requests ---- */
struct rt_request *rt_request_parse(const char *s, struct rt_error *err);
struct rt_request *rt_request_copy(const struct rt_request *r);
void rt_request_free(struct rt_request *r);
const char *rt_request_name(const struct rt_request *r);     /* ".foo" for ephemerals */
const struct rt_range *rt_request_range(const struct rt_request *r);  /* as written (~foo-1 → 1) */
int rt_request_is_conflict(const struct rt_request *r);      /* !foo */
int rt_request_is_weak(const struct rt_request *r);          /* ~foo */
int rt_request_is_ephemeral(const struct rt_request *r);     /* .foo */
void rt_request_format(const struct rt_request *r, struct rt_buf *out);  /* canonical */
/* Rez's conflicts_with: would a package version in `v` be excluded by this request? */
int rt_request_conflicts_with_version(const struct rt_request *r, const struct rt_version *v);
/* Valid package family name per Rez: [a-zA-Z_0-9](\.?[a-zA-Z0-9_]+)* */
int rt_name_is_valid(const char *name);

#endif
