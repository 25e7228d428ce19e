/* filter.h - package filters: the `package_filter` config setting (Rez's package_filter.py).
 *
 * A rule matches a package; a filter holds exclusion and inclusion rules and excludes a
 * package when an exclusion rule matches and no inclusion rule does; a filter list excludes
 * a package when any of its filters does. Rules, as written in config:
 *
 *     glob(foo-*.beta)     fnmatch-style glob on the qualified name "name-version"
 *     regex(foo-1\..*)     PCRE2 regex on the qualified name, anchored at the start only
 *     range(foo<2)         matches packages of family foo that do NOT conflict with the
 *                          request (so "range(foo<2)" matches foo-1.5, not foo-3)
 *     before(1700000000)   released at or before the epoch time; before(foo:1700000000)
 *     after(1700000000)    released after it; after(foo:...) for one family
 *     foo-*  /  foo<2      a bare string: a glob if it contains '*', else a range
 *
 * A rule may be tied to a family (range rules always are; glob/regex rules when their text
 * starts with a package name followed by '-', '@' or '#'; timestamp rules with "fam:"); such
 * a rule only applies to packages of that family. Untimestamped packages (timestamp 0) never
 * match a timestamp rule.
 *
 * Ownership: rt_filter_add_* and rt_filter_list_add take ownership of what they are given.
 * A rule returned by *_excludes() is borrowed from the filter. Nothing here prints. A regex
 * rule keeps its PCRE2 match data, so one filter must not be used by two threads at once. */
#ifndef RT_FILTER_H
#define RT_FILTER_H

#include "runtime/common.h"
#include "runtime/error.h"

struct rt_buf;
struct rt_value;
struct rt_version;
struct rt_filter_rule;
struct rt_filter;
struct rt_filter_list;

/* What a rule looks at. */
struct rt_filter_pkg {
	const char *name;                  /* family, e.g. "foo" */
	const struct rt_version *version;
	const char *qualified_name;        /* "foo-1.2" ("foo" when unversioned) */
	int64_t timestamp;                 /* epoch seconds; 0 = not timestamped */
};

/* ---- rules ---- */
/* Parses one rule string (see above). Errors name the rule, e.g.
 * "invalid package filter 'regex(a[)': missing terminating ] ... at offset 2". */
struct rt_filter_rule *rt_filter_rule_parse(const char *txt, struct rt_error *err);
void rt_filter_rule_free(struct rt_filter_rule *r);
int rt_filter_rule_match(const struct rt_filter_rule *r, const struct rt_filter_pkg *pkg);
const char *rt_filter_rule_family(const struct rt_filter_rule *r);   /* NULL = any family */
/* Canonical text: "glob(foo-*)", "range(foo-1+)", "before(foo:1000)". */
void rt_filter_rule_format(const struct rt_filter_rule *r, struct rt_buf *out);

/* ---- filters ---- */
struct rt_filter *rt_filter_new(void);
void rt_filter_free(struct rt_filter *f);
void rt_filter_add_exclusion(struct rt_filter *f, struct rt_filter_rule *rule);
void rt_filter_add_inclusion(struct rt_filter *f, struct rt_filter_rule *rule);
/* The exclusion rule that hides pkg, or NULL when pkg is visible. */
const struct rt_filter_rule *rt_filter_excludes(const struct rt_filter *f,
						const struct rt_filter_pkg *pkg);
int rt_filter_is_empty(const struct rt_filter *f);    /* no exclusion rules */
/* {"excludes": [...], "includes": [...]} with a single string allowed instead of a list. */
struct rt_filter *rt_filter_from_value(const struct rt_value *v, struct rt_error *err);
/* The same shape back, e.g. for `rez config package_filter`. */
struct rt_value *rt_filter_to_value(const struct rt_filter *f);

/* ---- filter lists ---- */
struct rt_filter_list *rt_filter_list_new(void);
void rt_filter_list_free(struct rt_filter_list *l);
void rt_filter_list_add(struct rt_filter_list *l, struct rt_filter *f);
const struct rt_filter_rule *rt_filter_list_excludes(const struct rt_filter_list *l,
						     const struct rt_filter_pkg *pkg);
/* The config value: NULL/null (no filter), one filter map, or a list of filter maps. */
struct rt_filter_list *rt_filter_list_from_value(const struct rt_value *v, struct rt_error *err);

#endif
