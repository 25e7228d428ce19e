/* Unit tests for package filters: the cases of Rez's test_package_filter.py over the same
 * package data (timestamped 1.0.5..2.1.5 with timestamps 1000..8000, pydad/pymum 1..3). */
#include "runtime/filter.h"
#include "runtime/version.h"
#include "runtime/value.h"
#include "runtime/buf.h"
#include "runtime/error.h"
#include "tap.h"

#include <stdio.h>

struct pkg {
	const char *name, *version;
	int64_t ts;
};

static const struct pkg timestamped[] = {
	{ "timestamped", "1.0.5", 1000 }, { "timestamped", "1.0.6", 2000 },
	{ "timestamped", "1.1.0", 3000 }, { "timestamped", "1.1.1", 4000 },
	{ "timestamped", "1.2.0", 5000 }, { "timestamped", "2.0.0", 6000 },
	{ "timestamped", "2.1.0", 7000 }, { "timestamped", "2.1.5", 8000 },
};
static const struct pkg pydad[] = { { "pydad", "1", 0 }, { "pydad", "2", 0 }, { "pydad", "3", 0 } };
static const struct pkg pymum[] = { { "pymum", "1", 0 }, { "pymum", "2", 0 }, { "pymum", "3", 0 } };

/* Versions visible through `excl` (a filter or a list), joined by ' '. */
typedef const struct rt_filter_rule *(*excl_fn)(const void *f, const struct rt_filter_pkg *p);

static const struct rt_filter_rule *f_excl(const void *f, const struct rt_filter_pkg *p)
{
	return rt_filter_excludes(f, p);
}

static const struct rt_filter_rule *l_excl(const void *f, const struct rt_filter_pkg *p)
{
	return rt_filter_list_excludes(f, p);
}

static void visible(const void *f, excl_fn fn, const struct pkg *pk, size_t n, struct rt_buf *out)
{
	rt_buf_reset(out);
	for (size_t i = 0; i < n; i++) {
		struct rt_filter_pkg p;
		char qn[64];
		struct rt_version *v = rt_version_parse(pk[i].version, NULL);
		snprintf(qn, sizeof(qn), "%s-%s", pk[i].name, pk[i].version);
		p.name = pk[i].name;
		p.version = v;
		p.qualified_name = qn;
		p.timestamp = pk[i].ts;
		if (!fn(f, &p)) {
			if (out->len)
				rt_buf_addch(out, ' ');
			rt_buf_adds(out, pk[i].version);
		}
		rt_version_free(v);
	}
}

static struct rt_filter_rule *rule(const char *s)
{
	struct rt_error e = RT_ERROR_INIT;
	struct rt_filter_rule *r = rt_filter_rule_parse(s, &e);
	if (!r) {
		fprintf(stderr, "unexpected: %s\n", rt_error_msg(&e));
		abort();
	}
	return r;
}

static struct rt_value *strlist(const char *const *s)
{
	struct rt_value *l = rt_value_list();
	for (; *s; s++)
		rt_list_push(l, rt_value_str(*s));
	return l;
}

static struct rt_value *pod(const char *const *excl, const char *const *incl)
{
	struct rt_value *m = rt_value_map();
	if (excl)
		rt_map_set(m, "excludes", strlist(excl));
	if (incl)
		rt_map_set(m, "includes", strlist(incl));
	return m;
}

/* One exclusion rule on one filter, checked directly and after a to/from value round trip. */
static void check_single(const char *rule_txt, const struct pkg *pk, size_t n, const char *want)
{
	struct rt_filter *f = rt_filter_new(), *f2;
	struct rt_value *v;
	struct rt_buf b = RT_BUF_INIT;
	rt_filter_add_exclusion(f, rule(rule_txt));
	visible(f, f_excl, pk, n, &b);
	CHECKF(rt_streq(b.buf, want), "%s: got '%s', want '%s'", rule_txt, b.buf, want);
	v = rt_filter_to_value(f);
	f2 = rt_filter_from_value(v, NULL);
	CHECK(f2 != NULL);
	visible(f2, f_excl, pk, n, &b);
	CHECKF(rt_streq(b.buf, want), "%s (round trip): got '%s'", rule_txt, b.buf);
	rt_value_free(v);
	rt_filter_free(f);
	rt_filter_free(f2);
	rt_buf_release(&b);
}

static void test_rez_cases(void)
{
	struct rt_buf b = RT_BUF_INIT;
	struct rt_filter *f;
	struct rt_filter_list *l;
	struct rt_value *v;

	/* empty filter / empty list */
	f = rt_filter_new();
	CHECK(rt_filter_is_empty(f));
	visible(f, f_excl, pydad, 3, &b);
	CHECK_STR(b.buf, "1 2 3");
	rt_filter_free(f);
	l = rt_filter_list_new();
	visible(l, l_excl, pydad, 3, &b);
	CHECK_STR(b.buf, "1 2 3");
	rt_filter_list_free(l);

	check_single("glob(timestamped-*.5)", timestamped, 8, "1.0.6 1.1.0 1.1.1 1.2.0 2.0.0 2.1.0");
	check_single("regex(timestamped-1.[1|2].*)", timestamped, 8, "1.0.5 1.0.6 2.0.0 2.1.0 2.1.5");
	check_single("range(timestamped-1.1+)", timestamped, 8, "1.0.5 1.0.6");
	check_single("before(timestamped:6999)", timestamped, 8, "2.1.0 2.1.5");
	check_single("glob(timestamped-*)", pydad, 3, "1 2 3");   /* other family */

	/* excludes + includes */
	{
		static const char *ex[] = { "glob(*.5)", NULL }, *in[] = { "range(timestamped-2)", NULL };
		v = pod(ex, in);
		f = rt_filter_from_value(v, NULL);
		visible(f, f_excl, timestamped, 8, &b);
		CHECK_STR(b.buf, "1.0.6 1.1.0 1.1.1 1.2.0 2.0.0 2.1.0 2.1.5");
		rt_filter_free(f);
		rt_value_free(v);
	}
	/* filter list: exclude *.0, and 2.* except pymum */
	{
		static const char *ex1[] = { "*.0", NULL }, *ex2[] = { "*-2.*", NULL },
				  *in2[] = { "pymum", NULL };
		struct rt_error e = RT_ERROR_INIT;
		v = rt_value_list();
		rt_list_push(v, pod(ex1, NULL));
		rt_list_push(v, pod(ex2, in2));
		l = rt_filter_list_from_value(v, &e);
		CHECK(l != NULL);
		visible(l, l_excl, timestamped, 8, &b);
		CHECK_STR(b.buf, "1.0.5 1.0.6 1.1.1");
		visible(l, l_excl, pymum, 3, &b);
		CHECK_STR(b.buf, "1 2 3");
		rt_filter_list_free(l);
		rt_value_free(v);
	}
	rt_buf_release(&b);
}

static void test_rules(void)
{
	static const struct { const char *in, *canon, *family; } canon[] = {
		{ "glob(foo-*)", "glob(foo-*)", "foo" }, { "foo-*", "glob(foo-*)", "foo" },
		{ "*.beta", "glob(*.beta)", NULL }, { "foo<2", "range(foo<2)", "foo" },
		{ "foo>=2", "range(foo-2+)", "foo" }, { "range(foo)", "range(foo)", "foo" },
		{ "regex(.*\\.beta$)", "regex(.*\\.beta$)", NULL }, { "before(1000)", "before(1000)", NULL },
		{ "after(foo:1000)", "after(foo:1000)", "foo" }, { "glob(foo-1-*)", "glob(foo-1-*)", "foo" },
	};
	static const struct { const char *in, *msg; } bad[] = {
		{ "bogus(x)", "invalid package filter 'bogus(x)': 'bogus' is not a filter type (glob, regex, range, before, after)" },
		{ "regex(a[)", "invalid package filter 'regex(a[)': missing terminating ] for character class at offset 2" },
		{ "range(foo-3+<2)", "invalid package filter 'range(foo-3+<2)': invalid package request 'foo-3+<2': invalid version range '3+<2': lower bound is greater than upper bound" },
		{ "before(abc)", "invalid package filter 'before(abc)': 'abc' is not an integer timestamp" },
		{ "after(foo:)", "invalid package filter 'after(foo:)': '' is not an integer timestamp" },
		{ "foo-1..2..3", "invalid package filter 'foo-1..2..3': invalid package request 'foo-1..2..3': invalid version range '1..2..3': syntax error" },
	};
	static const struct { const char *rule, *name, *ver; int64_t ts; int match; } m[] = {
		{ "regex(.*\\.beta$)", "foo", "1.beta", 0, 1 }, { "regex(.*\\.beta$)", "foo", "1.beta2", 0, 0 },
		{ "regex(oo)", "foo", "1", 0, 0 },   /* anchored at the start, like re.match */
		{ "regex(fo)", "foo", "1", 0, 1 },   /* ... but not at the end */
		{ "glob(foo-1.?)", "foo", "1.2", 0, 1 }, { "glob(foo-1.?)", "foo", "1.22", 0, 0 },
		{ "glob(foo-[12].*)", "foo", "2.0", 0, 1 }, { "glob(foo-[!12].*)", "foo", "2.0", 0, 0 },
		{ "glob(foo-1)", "foo", "1.0", 0, 0 },    /* whole-name match */
		{ "range(foo<2)", "foo", "1.5", 0, 1 }, { "range(foo<2)", "foo", "3", 0, 0 },
		{ "range(!foo-2)", "foo", "2.1", 0, 0 }, { "range(!foo-2)", "foo", "3", 0, 1 },
		{ "range(foo<2)", "bar", "3", 0, 1 },      /* another family never conflicts */
		{ "before(1000)", "foo", "1", 1000, 1 }, { "before(1000)", "foo", "1", 1001, 0 },
		{ "after(1000)", "foo", "1", 1001, 1 }, { "after(1000)", "foo", "1", 1000, 0 },
		{ "before(1000)", "foo", "1", 0, 0 },      /* untimestamped never matches */
		{ "after(1000)", "foo", "1", 0, 0 },
	};
	for (size_t i = 0; i < RT_ARRAY_LEN(canon); i++) {
		struct rt_filter_rule *r = rule(canon[i].in);
		struct rt_buf b = RT_BUF_INIT;
		const char *fam = rt_filter_rule_family(r);
		rt_filter_rule_format(r, &b);
		CHECK_STR(b.buf, canon[i].canon);
		CHECKF(canon[i].family ? fam && rt_streq(fam, canon[i].family) : !fam, "family of %s",
		       canon[i].in);
		rt_buf_release(&b);
		rt_filter_rule_free(r);
	}
	for (size_t i = 0; i < RT_ARRAY_LEN(bad); i++) {
		struct rt_error e = RT_ERROR_INIT;
		CHECK(rt_filter_rule_parse(bad[i].in, &e) == NULL);
		CHECK_STR(e.msg, bad[i].msg);
		rt_error_release(&e);
	}
	for (size_t i = 0; i < RT_ARRAY_LEN(m); i++) {
		struct rt_filter_rule *r = rule(m[i].rule);
		struct rt_version *v = rt_version_parse(m[i].ver, NULL);
		char qn[64];
		struct rt_filter_pkg p;
		snprintf(qn, sizeof(qn), "%s-%s", m[i].name, m[i].ver);
		p.name = m[i].name;
		p.version = v;
		p.qualified_name = qn;
		p.timestamp = m[i].ts;
		CHECKF(rt_filter_rule_match(r, &p) == m[i].match, "%s on %s (ts %lld)", m[i].rule, qn,
		       (long long)m[i].ts);
		rt_version_free(v);
		rt_filter_rule_free(r);
	}
}

static void test_bad_values(void)
{
	struct rt_error e = RT_ERROR_INIT;
	struct rt_value *v = rt_value_map(), *l;
	rt_map_set(v, "exclude", rt_value_str("foo"));
	CHECK(rt_filter_from_value(v, &e) == NULL);
	CHECK_STR(e.msg, "package_filter: unknown key 'exclude' (expected 'excludes' or 'includes')");
	rt_value_free(v);
	v = rt_value_map();
	rt_map_set(v, "excludes", rt_value_int(3));
	CHECK(rt_filter_from_value(v, &e) == NULL);
	CHECK_STR(e.msg, "package_filter: 'excludes' must be a string or a list of strings (got integer)");
	rt_value_free(v);
	v = rt_value_str("foo");
	CHECK(rt_filter_list_from_value(v, &e) == NULL);
	CHECK(strstr(e.msg, "must be a map or a list of maps") != NULL);
	rt_value_free(v);
	/* a single string instead of a list; null = no filter */
	v = rt_value_map();
	rt_map_set(v, "excludes", rt_value_str("foo-1"));
	l = rt_value_list();
	rt_list_push(l, v);
	{
		struct rt_filter_list *fl = rt_filter_list_from_value(l, &e);
		struct rt_version *ver = rt_version_parse("1.2", NULL);
		struct rt_filter_pkg p = { "foo", ver, "foo-1.2", 0 };
		CHECK(fl && rt_filter_list_excludes(fl, &p) != NULL);   /* range(foo-1) matches foo-1.2 */
		rt_filter_list_free(fl);
		rt_version_free(ver);
	}
	rt_value_free(l);
	v = rt_value_null();
	{
		struct rt_filter_list *fl = rt_filter_list_from_value(v, &e);
		CHECK(fl != NULL);
		rt_filter_list_free(fl);
	}
	rt_value_free(v);
	rt_error_release(&e);
}

int main(void)
{
	test_rez_cases();
	test_rules();
	test_bad_values();
	return tap_done();
}
