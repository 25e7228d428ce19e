/* Unit tests for versions, ranges and requests: every case of Rez's test_version.py, plus
 * the sort order, printing and error cases of the spec (§9). */
#include "runtime/version.h"
#include "runtime/buf.h"
#include "runtime/error.h"
#include "tap.h"

#include <stdio.h>

static struct rt_version *V(const char *s)
{
	struct rt_error e = RT_ERROR_INIT;
	struct rt_version *v = rt_version_parse(s, &e);
	if (!v) {
		fprintf(stderr, "unexpected: %s\n", rt_error_msg(&e));
		rt_error_release(&e);
		abort();
	}
	return v;
}

static struct rt_range *R(const char *s)
{
	struct rt_error e = RT_ERROR_INIT;
	struct rt_range *r = rt_range_parse(s, &e);
	if (!r) {
		fprintf(stderr, "unexpected: %s\n", rt_error_msg(&e));
		rt_error_release(&e);
		abort();
	}
	return r;
}

static struct rt_request *Q(const char *s)
{
	struct rt_error e = RT_ERROR_INIT;
	struct rt_request *r = rt_request_parse(s, &e);
	if (!r) {
		fprintf(stderr, "unexpected: %s\n", rt_error_msg(&e));
		rt_error_release(&e);
		abort();
	}
	return r;
}

/* NULL-tolerant range equality (Rez compares None == None). */
static int req_eq(const struct rt_range *a, const struct rt_range *b)
{
	if (!a || !b)
		return !a && !b;
	return rt_range_equal(a, b);
}

/* ---- versions ---- */

static void test_misc(void)
{
	struct rt_version *v = V("1.2.12");
	CHECK(rt_version_ntokens(v) == 3);
	CHECK_STR(rt_version_token(v, 0), "1");
	CHECK_STR(rt_version_token(v, 1), "2");
	CHECK_STR(rt_version_token(v, 2), "12");
	CHECK(rt_version_token(v, 3) == NULL);
	CHECK_STR(rt_version_str(v), "1.2.12");
	rt_version_free(v);
}

static void check_lt(const char *a, const char *b)
{
	struct rt_version *x = V(a), *y = V(b);
	CHECKF(rt_version_cmp(x, y) < 0, "'%s' < '%s'", a, b);
	CHECKF(rt_version_cmp(y, x) > 0, "'%s' > '%s'", b, a);
	rt_version_free(x);
	rt_version_free(y);
}

static void check_veq(const char *a, const char *b)
{
	struct rt_version *x = V(a), *y = V(b);
	CHECKF(rt_version_cmp(x, y) == 0 && rt_version_cmp(y, x) == 0, "'%s' == '%s'", a, b);
	CHECKF(rt_version_hash(x) == rt_version_hash(y), "hash '%s' == hash '%s'", a, b);
	rt_version_free(x);
	rt_version_free(y);
}

static void check_ordered(const char *const *items, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			check_lt(items[i], items[j]);
}

static void test_token_comparisons(void)
{
	static const char *lt[][2] = {
		{ "3", "4" }, { "01", "1" }, { "beta", "1" }, { "alpha3", "alpha4" },
		{ "alpha", "alpha3" }, { "gamma33", "33gamma" },
	};
	for (size_t i = 0; i < RT_ARRAY_LEN(lt); i++)
		check_lt(lt[i][0], lt[i][1]);
}

static void test_version_comparisons(void)
{
	static const char *eq[][2] = { { "", "" }, { "1", "1" }, { "1.2", "1-2" }, { "1.2-3", "1-2.3" } };
	static const char *ascending[] = {
		"", "0.0.0", "1", "2", "2.alpha1", "2.alpha2", "2.beta", "2.0", "2.0.8.8", "2.1", "2.1.0",
	};
	/* the verified sort of the spec (§9.1) */
	static const char *spec_sort[] = {
		"", "A", "_", "a", "01", "1", "1.a", "1.alpha", "1.beta", "1.rc1", "1.rc2", "1.rc10",
		"1.0", "1.0.alpha", "1.0.0", "1.0_", "1.0a", "1.1", "1.9", "1.10", "1_", "1a", "2",
	};
	for (size_t i = 0; i < RT_ARRAY_LEN(eq); i++)
		check_veq(eq[i][0], eq[i][1]);
	check_ordered(ascending, RT_ARRAY_LEN(ascending));
	check_ordered(spec_sort, RT_ARRAY_LEN(spec_sort));
	/* set behaviour = equality + hash */
	check_veq("1.0", "1.0");
	check_lt("1.0", "1.0alpha");
	/* numbers beyond 64 bits compare by value, then by string */
	check_lt("99999999999999999999", "100000000000000000000");
	check_lt("0100000000000000000000", "100000000000000000000");
	check_lt("18446744073709551615", "18446744073709551616");
	check_veq("123456789012345678901234567890", "123456789012345678901234567890");
}

/* Deterministic stand-in for the random strict-weak-ordering tests. */
static uint32_t rng_state = 12345;
static uint32_t rng(void)
{
	rng_state = rng_state * 1103515245u + 12345u;
	return (rng_state >> 16) & 0x7fff;
}

static void random_token(char *out)
{
	static const char chars[] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
	for (int i = 0; i < 8; i++)
		out[i] = chars[rng() % (sizeof(chars) - 1)];
	out[8] = '\0';
}

static void random_version(struct rt_buf *b)
{
	int n = (int)(rng() % 7);
	rt_buf_reset(b);
	for (int i = 0; i < n; i++) {
		char t[9];
		random_token(t);
		if (i)
			rt_buf_addch(b, '.');
		rt_buf_adds(b, t);
	}
}

static void check_strict_weak(const struct rt_version *a, const struct rt_version *b)
{
	int ab = rt_version_cmp(a, b), ba = rt_version_cmp(b, a);
	CHECK(rt_version_cmp(a, a) == 0 && rt_version_cmp(b, b) == 0);
	CHECKF((ab < 0) == (ba > 0) && (ab == 0) == (ba == 0), "'%s' vs '%s'",
	       rt_version_str(a), rt_version_str(b));
}

static void test_strict_weak_ordering(void)
{
	struct rt_buf b = RT_BUF_INIT;
	for (int i = 0; i < 100; i++) {
		char t1[9], t2[9];
		struct rt_version *x, *y;
		random_token(t1);
		random_token(t2);
		x = V(t1);
		y = V(t2);
		check_strict_weak(x, x);
		check_strict_weak(x, y);
		rt_version_free(x);
		rt_version_free(y);
		random_version(&b);
		x = V(b.buf);
		random_version(&b);
		y = V(b.buf);
		check_strict_weak(x, y);
		rt_version_free(x);
		rt_version_free(y);
	}
	rt_buf_release(&b);
}

static void test_next_trim(void)
{
	static const char *next[][2] = {
		{ "1.2", "1.2_" }, { "1", "1_" }, { "1.a", "1.a_" }, { "1-beta2", "1-beta2_" },
		{ "_", "__" },
	};
	struct rt_version *v, *w;
	for (size_t i = 0; i < RT_ARRAY_LEN(next); i++) {
		v = V(next[i][0]);
		w = rt_version_next(v);
		CHECK_STR(rt_version_str(w), next[i][1]);
		CHECK(rt_version_cmp(v, w) < 0);
		rt_version_free(v);
		rt_version_free(w);
	}
	v = V("");
	CHECK(rt_version_is_empty(v) && rt_version_next(v) == NULL);
	rt_version_free(v);

	v = V("1.2-3.4");
	w = rt_version_trim(v, 2);
	CHECK_STR(rt_version_str(w), "1.2");
	rt_version_free(w);
	w = rt_version_trim(v, 3);
	CHECK_STR(rt_version_str(w), "1.2-3");
	rt_version_free(w);
	w = rt_version_trim(v, 9);
	CHECK_STR(rt_version_str(w), "1.2-3.4");
	rt_version_free(w);
	w = rt_version_trim(v, 0);
	CHECK(rt_version_is_empty(w));
	CHECK_STR(rt_version_str(w), "");
	rt_version_free(w);
	w = rt_version_copy(v);
	CHECK(rt_version_cmp(v, w) == 0);
	CHECK_STR(rt_version_str(w), "1.2-3.4");
	rt_version_free(w);
	rt_version_free(v);
}

static void test_invalid_versions(void)
{
	static const char *bad[][2] = {
		{ "1..2", "invalid version '1..2': two separators in a row" },
		{ ".1", "invalid version '.1': starts with a separator" },
		{ "1.", "invalid version '1.': ends with a separator" },
		{ "1 2", "invalid version '1 2': invalid character" },
		{ "1.*", "invalid version '1.*': two separators in a row" },
	};
	for (size_t i = 0; i < RT_ARRAY_LEN(bad); i++) {
		struct rt_error e = RT_ERROR_INIT;
		CHECK(rt_version_parse(bad[i][0], &e) == NULL);
		CHECK_STR(e.msg, bad[i][1]);
		rt_error_release(&e);
	}
	{
		/* any single printable separator is accepted by the version parser */
		struct rt_version *v = V("1+2");
		CHECK(rt_version_ntokens(v) == 2);
		rt_version_free(v);
	}
}

/* ---- ranges ---- */

static char *replace_seps(const char *s)
{
	/* a.replace('.', '-').replace('--', '..') */
	struct rt_buf b = RT_BUF_INIT;
	for (const char *p = s; *p; p++) {
		if (p[0] == '.' && p[1] == '.') {
			rt_buf_adds(&b, "..");
			p++;
		} else {
			rt_buf_addch(&b, *p == '.' ? '-' : *p);
		}
	}
	return rt_buf_detach(&b, NULL);
}

/* Rez's _eq(a, b) with all its side checks. */
static void range_eq(const char *a, const char *b)
{
	struct rt_range *ra = R(a), *rb = R(b), *t, *u, *inv_a, *inv_b;
	char *s, *a_;
	const char *p;

	CHECKF(rt_range_equal(ra, rb), "'%s' == '%s'", a, b);
	CHECK(rt_range_is_superset(ra, ra));
	CHECKF(rt_range_is_superset(ra, rb), "'%s' superset of '%s'", a, b);
	s = rt_range_str(ra);
	t = R(s);
	CHECKF(rt_range_equal(t, ra), "'%s' reparses", s);
	rt_range_free(t);
	free(s);
	s = rt_range_str(rb);
	t = R(s);
	CHECKF(rt_range_equal(t, ra), "'%s' reparses", s);
	rt_range_free(t);
	free(s);

	a_ = replace_seps(a);
	t = R(a_);
	CHECKF(rt_range_equal(t, ra), "'%s' == '%s'", a_, a);
	rt_range_free(t);
	free(a_);

	/* union of the '|' parts */
	u = NULL;
	p = a;
	for (;;) {
		const char *e = strchr(p, '|');
		char *part = e ? rt_xmemdupz(p, (size_t)(e - p)) : rt_xstrdup(p);
		struct rt_range *x = R(part), *y;
		if (u) {
			y = rt_range_union(u, x);
			rt_range_free(u);
			rt_range_free(x);
			u = y;
		} else {
			u = x;
		}
		free(part);
		if (!e)
			break;
		p = e + 1;
	}
	CHECKF(rt_range_equal(u, ra), "union of parts of '%s'", a);
	rt_range_free(u);

	t = rt_range_union(ra, rb);
	CHECK(rt_range_equal(t, ra));
	rt_range_free(t);
	CHECK(rt_range_subtract(ra, rb) == NULL);
	CHECK(rt_range_subtract(rb, ra) == NULL);
	u = rt_range_any();
	t = rt_range_intersection(u, ra);
	CHECKF(t && rt_range_equal(t, ra), "any & '%s'", a);
	rt_range_free(t);
	rt_range_free(u);
	u = rt_range_span(rb);
	t = rt_range_intersection(u, ra);
	CHECKF(t && rt_range_equal(t, ra), "span('%s') & '%s'", b, a);
	rt_range_free(t);
	rt_range_free(u);

	inv_a = rt_range_inverse(ra);
	inv_b = rt_range_inverse(rb);
	CHECKF(req_eq(inv_a, inv_b), "~'%s' == ~'%s'", a, b);
	if (inv_a) {
		t = rt_range_inverse(inv_a);
		CHECKF(t && rt_range_equal(t, ra), "~~'%s'", a);
		rt_range_free(t);
		t = rt_range_union(ra, inv_a);
		CHECKF(rt_range_is_any(t), "'%s' | ~'%s' is any", a, a);
		rt_range_free(t);
		CHECK(rt_range_intersection(ra, inv_a) == NULL);
	}
	rt_range_free(inv_a);
	rt_range_free(inv_b);

	/* split and re-join */
	u = NULL;
	for (size_t i = 0; i < rt_range_nbounds(ra); i++) {
		struct rt_range *x = rt_range_bound_at(ra, i), *y;
		if (u) {
			y = rt_range_union(u, x);
			rt_range_free(u);
			rt_range_free(x);
			u = y;
		} else {
			u = x;
		}
	}
	CHECK(rt_range_equal(u, rb));
	rt_range_free(u);
	rt_range_free(ra);
	rt_range_free(rb);
}

static void range_and(const char *a, const char *b, const char *c)
{
	struct rt_range *ra = R(a), *rb = R(b), *rc = c ? R(c) : NULL;
	struct rt_range *ab = rt_range_intersection(ra, rb), *ba = rt_range_intersection(rb, ra);
	struct rt_range *aorb = rt_range_union(ra, rb);
	struct rt_range *asub = rt_range_subtract(ra, rb), *bsub = rt_range_subtract(rb, ra);
	struct rt_range *parts[3] = { ab, asub, bsub }, *u = NULL;

	CHECKF(req_eq(ab, rc), "'%s' & '%s' == '%s'", a, b, c ? c : "None");
	CHECKF(req_eq(ba, rc), "'%s' & '%s' == '%s'", b, a, c ? c : "None");
	CHECK(rt_range_intersects(ra, rb) == (c != NULL));
	for (int i = 0; i < 3; i++) {
		struct rt_range *y;
		if (!parts[i])
			continue;
		if (!u) {
			u = rt_range_copy(parts[i]);
			continue;
		}
		y = rt_range_union(u, parts[i]);
		rt_range_free(u);
		u = y;
	}
	CHECKF(u && rt_range_equal(u, aorb), "'%s' | '%s' pieces", a, b);
	rt_range_free(u);
	for (int i = 0; i < 3; i++)
		rt_range_free(parts[i]);
	rt_range_free(ba);
	rt_range_free(aorb);
	rt_range_free(ra);
	rt_range_free(rb);
	rt_range_free(rc);
}

static void range_inv(const char *a, const char *b)
{
	struct rt_range *ra = R(a), *rb = R(b), *x, *y, *u;
	x = rt_range_inverse(ra);
	y = rt_range_inverse(rb);
	CHECKF(x && rt_range_equal(x, rb), "~'%s' == '%s'", a, b);
	CHECKF(y && rt_range_equal(y, ra), "~'%s' == '%s'", b, a);
	u = rt_range_union(ra, rb);
	CHECK(rt_range_is_any(u));
	CHECK(rt_range_intersection(ra, rb) == NULL);
	rt_range_free(u);
	rt_range_free(x);
	rt_range_free(y);
	rt_range_free(ra);
	rt_range_free(rb);
}

static void test_version_range(void)
{
	static const char *eq[][2] = {
		/* simple cases */
		{ "", "" }, { "1", "1" }, { "1.0.0", "1.0.0" }, { "3+<3_", "3" }, { "_+<__", "_" },
		{ "1.2+<=2.0", "1.2..2.0" }, { "10+,<20", "10+<20" }, { "1+<1.0", "1+<1.0" },
		{ ">=2", "2+" }, { ">=1.21.1,<1.23", ">=1.21.1<1.23" }, { ">1.21.1,<1.23", ">1.21.1<1.23" },
		{ ">1.21.1<1.23", ">1.21.1<1.23" }, { ">1.21.1,<=1.23", ">1.21.1<=1.23" },
		/* descending, comma required */
		{ "<1.23,>=1.21.1", ">=1.21.1<1.23" }, { "<1.23,>1.21.1", ">1.21.1<1.23" },
		/* optimised cases */
		{ "3|3", "3" }, { "3|1", "1|3" }, { "5|3|1", "1|3|5" }, { "1|1_", "1+<1__" },
		{ "1|1_|1__", "1+,<1___" }, { "|", "" }, { "||", "||||||||" }, { "1|1_+", "1+" },
		{ "<1|1", "<1_" }, { "1+<3|3+<5", "1+<5" }, { ">4<6|1+<3", "1+<3|>4,<6" },
		{ "4+<6|1+<3|", "" }, { "4|2+", "2+" }, { "3|<5", "<5" }, { "<3|>3", ">3|<3" },
		{ "3+|<3", "" }, { "3+|<4", "" }, { "2+<=6|3+<5", "2..6" }, { "3+,<5|2+<=6", "2+<=6" },
		{ "2|2+", "2+" }, { "2|2.1+", "2+" }, { "2|<2.1", "<2_" }, { "3..3", "==3" },
		{ ">=3,<=3", "==3" },
		/* odd (but valid) cases */
		{ ">", ">" }, { "+", "" }, { ">=", "" }, { "<=", "==" }, { "..", "==" }, { "+<=", "==" },
	};
	static const char *and[][3] = {
		{ "3", "3", "3" }, { "1", "==1", "==1" }, { "", "==1", "==1" }, { "3", "4", NULL },
		{ "<3", "5+", NULL }, { "4+<6", "6+<8", NULL }, { "2+", "<=4", "2..4" },
		{ "1", "1.0", "1.0" }, { "4..6", "6+<8", "==6" },
	};
	static const char *inv[][2] = { { "3+", "<3" }, { "<=3", ">3" }, { "3.5", "<3.5|3.5_+" } };
	static const char *invalid_range[] = { "4+<2", ">3<3", ">3<=3", "3+<3" };
	static const char *invalid_syntax[] = {
		"<", "><", ">3>4", "<3<4", "<4>3", ",<4", "4+,", "1>=", "+1", "4<", "1+<2<3",
		/* accepted by Rez's regex by accident; rejected here (docs/versions.md) */
		"4,>2", "4+,>2", "<3,<2",
		/* wildcards are not ranges; neither are other separators */
		"1.*", "**", "1_2+3", "1..2..3", "1...2", "1.-2", "1-", "=1", "==1==2",
	};
	struct rt_range *r, *r2, *r3;
	struct rt_version *v;

	for (size_t i = 0; i < RT_ARRAY_LEN(eq); i++)
		range_eq(eq[i][0], eq[i][1]);
	for (size_t i = 0; i < RT_ARRAY_LEN(and); i++)
		range_and(and[i][0], and[i][1], and[i][2]);
	for (size_t i = 0; i < RT_ARRAY_LEN(inv); i++)
		range_inv(inv[i][0], inv[i][1]);
	r = rt_range_any();
	CHECK(rt_range_inverse(r) == NULL);
	rt_range_free(r);

	for (size_t i = 0; i < RT_ARRAY_LEN(invalid_range); i++) {
		struct rt_error e = RT_ERROR_INIT;
		CHECKF(rt_range_parse(invalid_range[i], &e) == NULL, "'%s' rejected", invalid_range[i]);
		CHECK(e.msg && strstr(e.msg, "lower bound is greater than upper bound"));
		rt_error_release(&e);
		/* lenient parsing (wildcard expansion) keeps them */
		r = rt_range_parse_lenient(invalid_range[i], NULL);
		CHECK(r != NULL);
		rt_range_free(r);
	}
	for (size_t i = 0; i < RT_ARRAY_LEN(invalid_syntax); i++) {
		struct rt_error e = RT_ERROR_INIT;
		CHECKF(rt_range_parse(invalid_syntax[i], &e) == NULL, "'%s' rejected", invalid_syntax[i]);
		CHECKF(e.msg && strstr(e.msg, invalid_syntax[i]), "message names '%s'", invalid_syntax[i]);
		rt_error_release(&e);
	}
	{
		struct rt_error e = RT_ERROR_INIT;
		CHECK(rt_range_parse("3+<2", &e) == NULL);
		CHECK_STR(e.msg, "invalid version range '3+<2': lower bound is greater than upper bound");
		rt_error_release(&e);
		CHECK(rt_range_parse("1|3+<2|5", &e) == NULL);
		CHECK_STR(e.msg, "invalid version range '1|3+<2|5': lower bound is greater than upper bound");
		rt_error_release(&e);
		CHECK(rt_range_parse("1|2.*", &e) == NULL);
		CHECK_STR(e.msg, "invalid version range '1|2.*': syntax error in '2.*'");
		rt_error_release(&e);
		CHECK(rt_range_parse("<>3", &e) == NULL);
		CHECK_STR(e.msg, "invalid version range '<>3': syntax error");
		rt_error_release(&e);
	}

	/* simple logic */
	r = R("");
	CHECK(rt_range_is_any(r));
	rt_range_free(r);
	r = R("2+<4");
	CHECK(rt_range_lower_bounded(r) && rt_range_upper_bounded(r));
	rt_range_free(r);
	r = R("2+");
	CHECK(rt_range_lower_bounded(r) && !rt_range_upper_bounded(r));
	rt_range_free(r);
	r = R("<2");
	CHECK(!rt_range_lower_bounded(r) && rt_range_upper_bounded(r));
	rt_range_free(r);

	/* ranges from versions */
	{
		static const struct { enum rt_range_op op; const char *want; } ops[] = {
			{ RT_RANGE_EQ, "==3" }, { RT_RANGE_GT, ">3" }, { RT_RANGE_GE, "3+" },
			{ RT_RANGE_LT, "<3" }, { RT_RANGE_LE, "<=3" }, { RT_RANGE_FAMILY, "3" },
		};
		struct rt_version *vs[3];
		v = V("3");
		for (size_t i = 0; i < RT_ARRAY_LEN(ops); i++) {
			r = rt_range_from_version(v, ops[i].op);
			r2 = R(ops[i].want);
			CHECKF(rt_range_equal(r, r2), "from_version op %d", (int)ops[i].op);
			rt_range_free(r);
			rt_range_free(r2);
		}
		vs[0] = v;
		vs[1] = V("6.0");
		vs[2] = V("4");
		r = rt_range_from_versions((const struct rt_version *const *)vs, 3);
		r2 = R("==3|==4|==6.0");
		CHECK(rt_range_equal(r, r2));
		rt_range_free(r);
		rt_range_free(r2);
		rt_version_free(vs[1]);
		rt_version_free(vs[2]);

		vs[1] = V("2");
		vs[2] = V("4");
		r = rt_range_from_version(vs[1], RT_RANGE_GE);
		r2 = rt_range_from_version(vs[2], RT_RANGE_LE);
		r3 = rt_range_intersection(r, r2);
		{
			char *s = rt_range_str(r3);
			range_eq(s, "2..4");
			free(s);
		}
		rt_range_free(r);
		rt_range_free(r2);
		rt_range_free(r3);
		rt_version_free(vs[1]);
		rt_version_free(vs[2]);
		rt_version_free(v);
	}

	/* "set behaviour": equality and ordering of ranges */
	{
		struct rt_range *a = R("1+<=2.5"), *b = R("1..2.5"), *c = R(">=5"), *d = R(">6.1.0"),
				*e = R("3.2");
		CHECK(rt_range_equal(a, b) && rt_range_cmp(a, b) == 0);
		CHECK(!rt_range_equal(b, c) && !rt_range_equal(c, d) && !rt_range_equal(d, e));
		CHECK(rt_range_cmp(b, e) < 0 && rt_range_cmp(e, c) < 0 && rt_range_cmp(c, d) < 0);
		rt_range_free(a);
		rt_range_free(b);
		rt_range_free(c);
		rt_range_free(d);
		rt_range_free(e);
	}
}

static void test_range_printing(void)
{
	static const char *fmt[][2] = {
		{ "", "" }, { ">=1.2", "1.2+" }, { "1+<2", "1+<2" }, { ">=1<2", "1+<2" },
		{ ">=1,<2", "1+<2" }, { ">1<=5", ">1<=5" }, { "1+<=5", "1..5" }, { "1..5", "1..5" },
		{ "<=4,>2", ">2<=4" }, { "3+<6|4+<8", "3+<8" }, { "1|1.5", "1" }, { "1|", "" },
		{ "==1.2", "==1.2" }, { "==", "==" }, { "<=2", "<=2" }, { "<2", "<2" }, { ">", ">" },
		{ "1.2", "1.2" }, { "6|5|4", "4|5|6" }, { "1.0-1", "1.0-1" }, { "+<2", "<2" },
		{ "><=2", "><=2" }, { "1<2", "1+<2" }, { ">1,<=5", ">1<=5" }, { "<4,>=2", "2+<4" },
		{ "1|1_", "1+<1__" }, { "5|3|1", "1|3|5" },
	};
	for (size_t i = 0; i < RT_ARRAY_LEN(fmt); i++) {
		struct rt_range *r = R(fmt[i][0]);
		char *s = rt_range_str(r);
		CHECK_STR(s, fmt[i][1]);
		free(s);
		rt_range_free(r);
	}
}

static void test_containment(void)
{
	static const struct { const char *v, *r; int in; } vin[] = {
		{ "3", "3+", 1 }, { "5", "3..5", 1 }, { "5_", "3..5", 0 }, { "3.0.0", "3+", 1 },
		{ "3.0.0", "3.1+", 0 }, { "3", "<1|5|6|8|7|3|60+", 1 }, { "3", "<1|5|6|8|7|==3|60+", 1 },
		/* spec §9.2 family range */
		{ "1.2", "1.2", 1 }, { "1.2.0", "1.2", 1 }, { "1.2.99.x", "1.2", 1 }, { "1.20", "1.2", 0 },
		{ "1.2a", "1.2", 0 }, { "1.2A", "1.2", 1 }, { "1.2", "==1.2", 1 }, { "1.2.0", "==1.2", 0 },
		{ "", "==", 1 }, { "1", "==", 0 }, { "", "", 1 }, { "", ">", 0 },
	};
	static const struct { const char *a, *b; int in; } rin[] = {
		{ "2.1+<4", "<4", 1 }, { "2.1..4", "<4", 0 }, { "3", "3", 1 }, { "==3", "3", 1 },
		{ "3.5+<3_", "3", 1 }, { "3", "4+<6", 0 }, { "3+<10", "4+<6", 0 },
	};
	static const struct { const char *r; int count; } entries[] = {
		{ "", 7 }, { "0+", 7 }, { "5+", 5 }, { "6+", 4 }, { "50+", 0 }, { ">5", 4 }, { "5", 1 },
		{ "6", 0 }, { "<5", 2 }, { "<6", 3 }, { "<50", 7 }, { "<=5", 3 }, { "<1", 0 },
		{ "2|9+", 5 }, { "3+<6|12+<13.5", 3 }, { "<1|20+", 0 }, { ">0<20", 7 },
	};
	static const char *numbers[] = { "2", "3", "5", "10", "11", "13", "14" };
	struct rt_version *vs[7];
	struct rt_range *composite;

	for (size_t i = 0; i < RT_ARRAY_LEN(vin); i++) {
		struct rt_version *v = V(vin[i].v);
		struct rt_range *r = R(vin[i].r);
		CHECKF(rt_range_contains(r, v) == vin[i].in, "'%s' in '%s' is %d", vin[i].v, vin[i].r,
		       vin[i].in);
		rt_range_free(r);
		rt_version_free(v);
	}
	for (size_t i = 0; i < RT_ARRAY_LEN(rin); i++) {
		struct rt_range *a = R(rin[i].a), *b = R(rin[i].b);
		CHECKF(rt_range_is_superset(b, a) == rin[i].in, "'%s' in '%s'", rin[i].a, rin[i].b);
		rt_range_free(a);
		rt_range_free(b);
	}

	for (size_t i = 0; i < 7; i++)
		vs[i] = V(numbers[i]);
	composite = rt_range_from_versions((const struct rt_version *const *)vs, 7);
	for (size_t i = 0; i < RT_ARRAY_LEN(entries); i++) {
		struct rt_range *r = R(entries[i].r), *ir;
		int count = 0, icount = 0;
		for (size_t k = 0; k < 7; k++)
			count += rt_range_contains(r, vs[k]);
		CHECKF(count == entries[i].count, "'%s' contains %d of the versions (got %d)",
		       entries[i].r, entries[i].count, count);
		CHECK(rt_range_intersects(composite, r) == (entries[i].count != 0));
		CHECK(rt_range_intersects(r, composite) == (entries[i].count != 0));
		ir = rt_range_intersection(composite, r);
		CHECK((ir != NULL) == (entries[i].count != 0));
		if (ir) {
			/* the intersection holds exactly the matching versions */
			for (size_t k = 0; k < 7; k++) {
				int in = rt_range_contains(ir, vs[k]);
				icount += in;
				CHECK(in == rt_range_contains(r, vs[k]));
			}
			CHECK(icount == entries[i].count);
			CHECK(rt_range_nbounds(ir) == (size_t)entries[i].count);
			CHECK(rt_range_is_superset(composite, ir));
		}
		CHECK(rt_range_is_superset(r, composite) == (entries[i].count == 7));
		rt_range_free(ir);
		rt_range_free(r);
	}
	rt_range_free(composite);
	for (size_t i = 0; i < 7; i++)
		rt_version_free(vs[i]);

	/* many bounds: binary search path */
	{
		struct rt_range *r = R("1|3|5|7|9|11|13|15|17|19");
		for (int k = 0; k <= 20; k++) {
			char s[8];
			struct rt_version *v;
			snprintf(s, sizeof(s), "%d", k);
			v = V(s);
			CHECKF(rt_range_contains(r, v) == (k % 2 == 1), "%d in odd range", k);
			rt_version_free(v);
		}
		rt_range_free(r);
	}
}

/* ---- requests ---- */

static void test_request_parse_print(void)
{
	static const char *fmt[][2] = {
		{ "foo", "foo" }, { "foo-1.2", "foo-1.2" }, { "foo>=1", "foo-1+" }, { "foo<2", "foo<2" },
		{ "foo==1.2", "foo==1.2" }, { "foo@1", "foo@1" }, { "foo#1", "foo#1" },
		{ "foo-1+<2", "foo-1+<2" }, { "base-<=2,>=1", "base-1..2" }, { "!foo-1", "!foo-1" },
		{ "!foo", "!foo" }, { "~foo-1+", "~foo-1+" }, { "~foo", "~foo" }, { ".foo-1", ".foo-1" },
		{ "foo-", "foo" }, { "foo->2", "foo>2" }, { "foo-3|1", "foo-1|3" }, { "a.b_c-1", "a.b_c-1" },
		{ "foo-==1", "foo==1" }, { "foo-1|", "foo" }, { "foo>1", "foo>1" },
	};
	static const char *bad[][2] = {
		{ "", "invalid package request '': bad package name ''" },
		{ "foo-1.*", "invalid package request 'foo-1.*': invalid version range '1.*': syntax error" },
		{ "foo-**", "invalid package request 'foo-**': invalid version range '**': syntax error" },
		{ "foo-3+<2", "invalid package request 'foo-3+<2': invalid version range '3+<2': lower bound is greater than upper bound" },
		{ "fo o", "invalid package request 'fo o': bad package name 'fo o'" },
		{ "foo..bar", "invalid package request 'foo..bar': bad package name 'foo..bar'" },
		{ "!", "invalid package request '!': bad package name ''" },
		{ "-1", "invalid package request '-1': bad package name ''" },
		{ "foo.", "invalid package request 'foo.': bad package name 'foo.'" },
	};
	for (size_t i = 0; i < RT_ARRAY_LEN(fmt); i++) {
		struct rt_request *r = Q(fmt[i][0]), *c;
		char *s = rt_request_str(r), *s2;
		CHECK_STR(s, fmt[i][1]);
		c = rt_request_copy(r);
		s2 = rt_request_str(c);
		CHECK_STR(s2, s);
		CHECK(rt_request_equal(r, c));
		free(s2);
		free(s);
		rt_request_free(c);
		rt_request_free(r);
	}
	for (size_t i = 0; i < RT_ARRAY_LEN(bad); i++) {
		struct rt_error e = RT_ERROR_INIT;
		CHECKF(rt_request_parse(bad[i][0], &e) == NULL, "'%s' rejected", bad[i][0]);
		CHECK_STR(e.msg, bad[i][1]);
		rt_error_release(&e);
	}
	{
		struct rt_request *r = Q("~foo-1+");
		struct rt_range *lt1 = R("<1"), *ge1 = R("1+");
		CHECK(rt_request_is_weak(r) && rt_request_is_conflict(r) && !rt_request_is_ephemeral(r));
		CHECK_STR(rt_request_name(r), "foo");
		CHECK(rt_range_equal(rt_request_range(r), ge1));
		CHECK(rt_range_equal(rt_request_effective_range(r), lt1));
		rt_range_free(lt1);
		rt_range_free(ge1);
		rt_request_free(r);
		r = Q("~foo");
		CHECK(rt_request_effective_range(r) == NULL);
		rt_request_free(r);
		r = Q(".foo.bar-1");
		CHECK(rt_request_is_ephemeral(r) && !rt_request_is_conflict(r));
		CHECK_STR(rt_request_name(r), ".foo.bar");
		rt_request_free(r);
		r = Q("!foo-2");
		CHECK(rt_request_is_conflict(r) && !rt_request_is_weak(r));
		rt_request_free(r);
	}
	CHECK(rt_name_is_valid("foo") && rt_name_is_valid("foo.bar") && rt_name_is_valid("_1"));
	CHECK(!rt_name_is_valid("") && !rt_name_is_valid(".foo") && !rt_name_is_valid("foo-bar") &&
	      !rt_name_is_valid("a..b") && !rt_name_is_valid("a."));
}

static void test_conflicts_with(void)
{
	static const struct { const char *req, *ver; int conflicts; } cv[] = {
		{ "foo-1", "1.5", 0 }, { "foo-1", "2", 1 }, { "!foo-1", "1.5", 1 }, { "!foo-1", "2", 0 },
		{ "!foo", "2", 1 }, { "foo", "2", 0 }, { "~foo-1+", "0.5", 1 }, { "~foo-1+", "1.5", 0 },
		{ "~foo", "3", 0 },
	};
	static const struct { const char *a, *b; int conflicts; } cr[] = {
		{ "foo-1", "foo-2", 1 }, { "foo-1", "foo-1.5", 0 }, { "foo-1", "bar-2", 0 },
		{ "!foo-1", "foo-1.5", 1 }, { "!foo-1", "foo-1+", 0 }, { "foo-1.5", "!foo-1", 1 },
		{ "!foo-1", "!foo-2", 0 }, { "~foo", "foo-1", 0 }, { "~bah-5+", "bah-2", 1 },
	};
	for (size_t i = 0; i < RT_ARRAY_LEN(cv); i++) {
		struct rt_request *r = Q(cv[i].req);
		struct rt_version *v = V(cv[i].ver);
		CHECKF(rt_request_conflicts_with_version(r, v) == cv[i].conflicts, "'%s' vs %s",
		       cv[i].req, cv[i].ver);
		rt_version_free(v);
		rt_request_free(r);
	}
	for (size_t i = 0; i < RT_ARRAY_LEN(cr); i++) {
		struct rt_request *a = Q(cr[i].a), *b = Q(cr[i].b);
		CHECKF(rt_request_conflicts_with(a, b) == cr[i].conflicts, "'%s' vs '%s'", cr[i].a,
		       cr[i].b);
		rt_request_free(a);
		rt_request_free(b);
	}
}

/* Rez's RequirementList: merge by name keeping first-seen order, or stop at a conflict. */
struct reqlist {
	struct rt_request *req[8];
	size_t n;
	struct rt_request *conflict[2];
};

static void reqlist_build(struct reqlist *l, const char *const *reqs)
{
	memset(l, 0, sizeof(*l));
	for (size_t i = 0; reqs[i]; i++) {
		struct rt_request *r = Q(reqs[i]);
		size_t k;
		for (k = 0; k < l->n; k++)
			if (rt_streq(rt_request_name(l->req[k]), rt_request_name(r)))
				break;
		if (k == l->n) {
			l->req[l->n++] = r;
			continue;
		}
		{
			struct rt_request *m = rt_request_merged(l->req[k], r);
			if (!m) {
				l->conflict[0] = rt_request_copy(l->req[k]);
				l->conflict[1] = r;
				return;
			}
			rt_request_free(l->req[k]);
			rt_request_free(r);
			l->req[k] = m;
		}
	}
}

static void reqlist_release(struct reqlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		rt_request_free(l->req[i]);
	rt_request_free(l->conflict[0]);
	rt_request_free(l->conflict[1]);
}

static void test_requirement_list(void)
{
	static const char *const cases[][2][5] = {
		{ { "foo" }, { "foo" } },
		{ { "foo", "bah" }, { "foo", "bah" } },
		{ { "bah", "foo" }, { "bah", "foo" } },
		{ { "foo-4+", "foo-4.5" }, { "foo-4.5" } },
		{ { "bah-2.4", "foo", "bah-2.4.1+" }, { "bah-2.4.1+<2.4_", "foo" } },
		{ { "foo-2+", "!foo-4+" }, { "foo-2+<4" } },
		{ { "!bah-1", "!bah-3" }, { "!bah-1|3" } },
		{ { "!bah-5", "foo-2.3", "!bah-5.6+" }, { "!bah-5+", "foo-2.3" } },
		{ { "~bah-4", "foo", "bah<4.2" }, { "bah-4+<4.2", "foo" } },
		{ { "~bah", "!foo", "bah<4.2" }, { "bah<4.2", "!foo" } },
		{ { "~bah-3+", "~bah-5" }, { "~bah-5" } },
	};
	static const char *const confl[][5] = {
		{ "foo-1", "foo-2", NULL, NULL, "foo-1|foo-2" },
		{ "foo-2", "foo-1", NULL, NULL, "foo-2|foo-1" },
		{ "foo", "~bah-5+", "bah-2", NULL, "~bah-5+|bah-2" },
		{ "foo", "~bah-5+", "bah-7..12", "bah-2", "bah-7..12|bah-2" },
	};
	for (size_t i = 0; i < RT_ARRAY_LEN(cases); i++) {
		struct reqlist l;
		size_t nexp = 0;
		reqlist_build(&l, cases[i][0]);
		CHECKF(l.conflict[0] == NULL, "case %zu has no conflict", i);
		while (cases[i][1][nexp])
			nexp++;
		CHECKF(l.n == nexp, "case %zu: %zu requests", i, nexp);
		for (size_t k = 0; k < l.n && k < nexp; k++) {
			struct rt_request *want = Q(cases[i][1][k]);
			char *got = rt_request_str(l.req[k]);
			CHECKF(rt_request_equal(l.req[k], want), "case %zu: '%s' == '%s'", i, got,
			       cases[i][1][k]);
			CHECK_STR(got, cases[i][1][k]);
			free(got);
			rt_request_free(want);
		}
		reqlist_release(&l);
	}
	for (size_t i = 0; i < RT_ARRAY_LEN(confl); i++) {
		struct reqlist l;
		const char *reqs[5] = { confl[i][0], confl[i][1], confl[i][2], confl[i][3], NULL };
		char want[64], *a, *b;
		reqlist_build(&l, reqs);
		CHECKF(l.conflict[0] != NULL, "conflict case %zu", i);
		if (l.conflict[0]) {
			a = rt_request_str(l.conflict[0]);
			b = rt_request_str(l.conflict[1]);
			snprintf(want, sizeof(want), "%s|%s", a, b);
			CHECK_STR(want, confl[i][4]);
			free(a);
			free(b);
		}
		reqlist_release(&l);
	}
}

/* Property test over random strings: whatever parses must print to a string that parses
 * back to an equal range, and a range and its inverse must split every version. */
static void test_random_ranges(void)
{
	static const char alpha[] = "0123._-+<>=,|a";
	static const char *probe[] = { "", "0", "1", "1.0", "1_", "2", "3.a", "10", "a", "_", "0.1" };
	struct rt_version *pv[RT_ARRAY_LEN(probe)];
	int parsed = 0, bad = 0;
	struct rt_range *prev = NULL;
	char pstr[12] = "";

	for (size_t k = 0; k < RT_ARRAY_LEN(probe); k++)
		pv[k] = V(probe[k]);
	for (int i = 0; i < 20000; i++) {
		char s[12];
		int n = (int)(rng() % 10);
		struct rt_range *r, *r2, *inv;
		char *str;
		for (int k = 0; k < n; k++)
			s[k] = alpha[rng() % (sizeof(alpha) - 1)];
		s[n] = '\0';
		r = rt_range_parse(s, NULL);
		if (!r)
			continue;
		parsed++;
		str = rt_range_str(r);
		r2 = rt_range_parse(str, NULL);
		if (!r2 || !rt_range_equal(r, r2)) {
			bad++;
			CHECKF(0, "'%s' prints as '%s' which does not parse back", s, str);
		}
		inv = rt_range_inverse(r);
		for (size_t k = 0; k < RT_ARRAY_LEN(probe); k++) {
			int in = rt_range_contains(r, pv[k]);
			int out = inv ? rt_range_contains(inv, pv[k]) : 0;
			if (in == out) {
				bad++;
				CHECKF(0, "'%s' and its inverse disagree on '%s'", s, probe[k]);
			}
		}
		if (prev) {
			/* set operations agree with containment */
			struct rt_range *and = rt_range_intersection(prev, r), *or = rt_range_union(prev, r);
			for (size_t k = 0; k < RT_ARRAY_LEN(probe); k++) {
				int a = rt_range_contains(prev, pv[k]), b = rt_range_contains(r, pv[k]);
				if ((and ? rt_range_contains(and, pv[k]) : 0) != (a && b) ||
				    rt_range_contains(or, pv[k]) != (a || b)) {
					bad++;
					CHECKF(0, "'%s' and '%s' set ops disagree on '%s'", pstr, s, probe[k]);
				}
			}
			if ((and != NULL) != rt_range_intersects(prev, r) ||
			    rt_range_is_superset(or, r) != 1 || rt_range_is_superset(or, prev) != 1 ||
			    (and && (!rt_range_is_superset(r, and) || !rt_range_is_superset(prev, and)))) {
				bad++;
				CHECKF(0, "'%s' and '%s': intersects/superset disagree", pstr, s);
			}
			rt_range_free(and);
			rt_range_free(or);
			rt_range_free(prev);
		}
		prev = r;
		memcpy(pstr, s, sizeof(s));
		rt_range_free(inv);
		rt_range_free(r2);
		free(str);
	}
	rt_range_free(prev);
	CHECKF(parsed > 500 && bad == 0, "%d random ranges parsed, %d bad", parsed, bad);
	for (size_t k = 0; k < RT_ARRAY_LEN(probe); k++)
		rt_version_free(pv[k]);
}

int main(void)
{
	test_misc();
	test_token_comparisons();
	test_version_comparisons();
	test_strict_weak_ordering();
	test_next_trim();
	test_invalid_versions();
	test_version_range();
	test_range_printing();
	test_containment();
	test_request_parse_print();
	test_conflicts_with();
	test_requirement_list();
	test_random_ranges();
	return tap_done();
}
