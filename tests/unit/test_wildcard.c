/* Unit tests for requirement wildcard expansion: every row and error case of the table in
 * packages-config-hooks.md §1.6 (from Rez's test_packages.py). */
#include "runtime/wildcard.h"
#include "runtime/version.h"
#include "runtime/error.h"
#include "tap.h"

#include <stdio.h>

/* The repository of the Rez test: pyfoo 3.0.0/3.1.0, pysplit 5/6/7, python
 * 2.5.2/2.6.0/2.6.8/2.7.0, base 1.0.0/2.0.0. */
static const char *const repo[][6] = {
	{ "pyfoo", "3.0.0", "3.1.0", NULL },
	{ "pysplit", "5", "6", "7", NULL },
	{ "python", "2.5.2", "2.6.0", "2.6.8", "2.7.0", NULL },
	{ "base", "1.0.0", "2.0.0", NULL },
	{ "broken", NULL },
};

static int calls;

static int list_versions(void *ctx, const char *family, rt_wildcard_each_fn each, void *each_ctx,
			 struct rt_error *err)
{
	calls++;
	if (rt_streq(family, "broken"))
		return rt_error(err, "cannot read family 'broken'");
	for (size_t i = 0; i < RT_ARRAY_LEN(repo); i++) {
		if (!rt_streq(repo[i][0], family))
			continue;
		for (size_t k = 1; repo[i][k]; k++) {
			struct rt_version *v = rt_version_parse(repo[i][k], NULL);
			each(each_ctx, v);
			rt_version_free(v);
		}
	}
	return 0;
}

static void test_table(void)
{
	static const char *const rows[][2] = {
		{ "pyfoo", "pyfoo" },
		{ "pyfoo-3", "pyfoo-3" },
		{ "pyfoo-3.0", "pyfoo-3.0" },
		{ "pyfoo-*", "pyfoo-3" },
		{ "pyfoo-**", "pyfoo-3.1.0" },
		{ "pysplit==**", "pysplit==7" },
		{ "python-*+<**", "python-2+<2.7.0" },
		{ "python-2.6.*+<**", "python-2.6.8+<2.7.0" },
		{ "python-2.5|**", "python-2.5|2.7.0" },
		{ "notexist-1.2.3", "notexist-1.2.3" },
		{ "pysplit-6.*", "pysplit-6" },
		{ "pyfoo-3.0.0.**", "pyfoo-3.0.0" },
		{ "python-55", "python-55" },
		{ "python-**|2.5", "python-2.5|2.7.0" },
		{ "python-2.*|**", "python-2.7" },
		/* verified example of the spec */
		{ "base-1.*", "base-1.0" },
		/* more: no match drops the wildcard; separators and prefixes are kept */
		{ "notexist-1.*", "notexist-1" },
		{ "notexist-**", "notexist" },
		{ "python@2.*", "python@2.7" },
		{ "!python-2.6.*", "!python-2.6.8" },
		{ "python>=2.6.*", "python-2.6.8+" },
		{ "python<**", "python<2.7.0" },
		{ "python-2.*.*", "python-2.7.0" },
		{ "python-2.5.*|2.6.*", "python-2.5.2|2.6.8" },
		/* a request without '*' is returned as written, not normalised */
		{ "python>=2", "python>=2" },
	};
	for (size_t i = 0; i < RT_ARRAY_LEN(rows); i++) {
		struct rt_error e = RT_ERROR_INIT;
		char *got = rt_wildcard_expand(rows[i][0], list_versions, NULL, &e);
		CHECKF(got && rt_streq(got, rows[i][1]), "%s -> %s (got %s)", rows[i][0], rows[i][1],
		       got ? got : rt_error_msg(&e));
		free(got);
		rt_error_release(&e);
	}
}

static void test_errors(void)
{
	static const char *const bad[] = {
		"python-*.**", "python-1.*.**", "python-1.*.1", "python-1.v*", "python-1.**.*",
		"python-1.**.1",
	};
	char want[256];
	for (size_t i = 0; i < RT_ARRAY_LEN(bad); i++) {
		struct rt_error e = RT_ERROR_INIT;
		CHECKF(rt_wildcard_expand(bad[i], list_versions, NULL, &e) == NULL, "%s rejected", bad[i]);
		snprintf(want, sizeof(want), "invalid wildcard request '%s': a wildcard must be a whole, "
			 "trailing version token ('*'), or end the version ('**')", bad[i]);
		CHECK_STR(e.msg, want);
		rt_error_release(&e);
	}
	{
		struct rt_error e = RT_ERROR_INIT;
		/* expansion makes an impossible range: reported with what it expanded to */
		CHECK(rt_wildcard_expand("python-**+<2.6", list_versions, NULL, &e) == NULL);
		CHECK_STR(e.msg, "invalid wildcard request 'python-**+<2.6' (expanded to "
			  "'python-2.7.0+<2.6'): invalid package request 'python-2.7.0+<2.6': invalid "
			  "version range '2.7.0+<2.6': lower bound is greater than upper bound");
		rt_error_release(&e);
		/* the listing callback's error is passed through */
		CHECK(rt_wildcard_expand("broken-*", list_versions, NULL, &e) == NULL);
		CHECK_STR(e.msg, "cannot read family 'broken'");
		rt_error_release(&e);
		CHECK(rt_wildcard_expand("foo-__rezwcS0__*", list_versions, NULL, &e) == NULL);
		rt_error_release(&e);
	}
	/* no '*': the repository is not even asked */
	calls = 0;
	{
		char *s = rt_wildcard_expand("python-2.6", list_versions, NULL, NULL);
		CHECK_STR(s, "python-2.6");
		CHECK(calls == 0);
		free(s);
	}
}

int main(void)
{
	test_table();
	test_errors();
	return tap_done();
}
