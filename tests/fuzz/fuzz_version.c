/* fuzz_version.c - libFuzzer target for versions, ranges and requests (runtime/version.h).
 * The input is parsed as a version, a range and a request. Invariants: each canonical form
 * parses again to an equal object with the same canonical form; set operations on the range
 * (with itself and its inverse) do not crash; a version is in a range built from it. */
#include "runtime/common.h"

#include <stdio.h>
#include "runtime/buf.h"
#include "runtime/version.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_range(const struct rt_range *r)
{
	struct rt_error err = RT_ERROR_INIT;
	char *s = rt_range_str(r);
	struct rt_range *again = rt_range_parse(s, &err), *inv, *x;
	if (!again) {
		fprintf(stderr, "canonical range '%s' does not parse: %s\n", s, rt_error_msg(&err));
		abort();
	}
	if (!rt_range_equal(r, again)) {
		char *t = rt_range_str(again);
		fprintf(stderr, "range '%s' reparses as '%s'\n", s, t);
		abort();
	}
	inv = rt_range_inverse(r);
	if (inv) {
		if (rt_range_intersects(r, inv))
			abort();
		x = rt_range_union(r, inv);
		if (x && !rt_range_is_any(x)) {
			fprintf(stderr, "range '%s' union its inverse is not any\n", s);
			abort();
		}
		rt_range_free(x);
		rt_range_free(inv);
	}
	x = rt_range_intersection(r, again);
	if (!x || !rt_range_equal(x, r))
		abort();
	rt_range_free(x);
	rt_range_free(again);
	free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rt_error err = RT_ERROR_INIT;
	char *s;
	struct rt_version *v;
	struct rt_range *r;
	struct rt_request *q;

	if (size > 4096)
		return 0;
	s = rt_xmemdupz(data, size);
	v = rt_version_parse(s, &err);
	rt_error_release(&err);
	if (v) {
		struct rt_version *again = rt_version_parse(rt_version_str(v), &err);
		if (!again || rt_version_cmp(v, again) != 0)
			abort();
		{
			struct rt_range *eq = rt_range_from_version(v, RT_RANGE_EQ);
			/* Not check_range: like Rez, a version may hold characters ('@') that a
			 * range's text may not, so "==" + version need not parse. */
			if (!rt_range_contains(eq, v))
				abort();
			rt_range_free(eq);
		}
		rt_version_free(again);
		rt_version_free(v);
	}
	r = rt_range_parse(s, &err);
	rt_error_release(&err);
	if (r) {
		check_range(r);
		rt_range_free(r);
	}
	q = rt_request_parse(s, &err);
	rt_error_release(&err);
	if (q) {
		char *t = rt_request_str(q);
		struct rt_request *again = rt_request_parse(t, &err);
		if (!again || !rt_request_equal(q, again)) {
			fprintf(stderr, "request '%s' -> '%s' does not reparse equal\n", s, t);
			abort();
		}
		rt_request_free(again);
		free(t);
		rt_request_free(q);
	}
	free(s);
	return 0;
}
