/* Package orderers: the cases of Rez 3.4's tests/test_packages_order.py (reorder results,
 * repr, pod round trips, the list's lookup), on the same families and timestamps
 * (rez/data/tests: python, pymum, pysplit from solver/packages; timestamped from
 * packages/py_packages). */
#include "runtime/common.h"
#include "runtime/buf.h"
#include "runtime/json.h"
#include "runtime/order.h"
#include "runtime/sha1.h"
#include "runtime/value.h"
#include "runtime/version.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>

struct fam {
	const char *name;
	const char *versions[9];     /* latest first */
	long long ts[9];
};

static const struct fam fams[] = {
	{ "python", { "2.7.0", "2.6.8", "2.6.0", "2.5.2" }, { 0 } },
	{ "pymum", { "3", "2", "1" }, { 0 } },
	{ "pysplit", { "7", "6", "5" }, { 0 } },
	{ "timestamped", { "2.1.5", "2.1.0", "2.0.0", "1.2.0", "1.1.1", "1.1.0", "1.0.6", "1.0.5" },
	  { 8000, 7000, 6000, 5000, 4000, 3000, 2000, 1000 } },
	{ "missing_package", { NULL }, { 0 } },
};

static const struct fam *fam_of(const char *name)
{
	for (size_t i = 0; i < RT_ARRAY_LEN(fams); i++)
		if (rt_streq(fams[i].name, name))
			return &fams[i];
	return NULL;
}

static struct rt_order_list *list_of(const char *json)
{
	struct rt_error err = RT_ERROR_INIT;
	struct rt_value *v = rt_json_parse(json, strlen(json), "test", &err);
	struct rt_order_list *l = v ? rt_order_list_from_value(v, "package_orderers", &err) : NULL;
	CHECKF(l != NULL, "%s: %s", json, err.msg ? err.msg : "");
	rt_error_release(&err);
	rt_value_free(v);
	return l;
}

/* Rez's orderer.reorder(descending) over a family, as "v v v" (the orderer given as the
 * first of a one-item list, so per_family's default applies as in reorder()). */
static void reorder(const char *json, const char *family, const char *want)
{
	struct rt_order_list *l = list_of(json);
	const struct fam *f = fam_of(family);
	const struct rt_version *vs[9];
	struct rt_version *own[9];
	struct rt_order_keyer k;
	struct rt_buf got = RT_BUF_INIT;
	size_t n = 0;

	if (!l || !f)
		return;
	for (; n < 9 && f->versions[n]; n++)
		vs[n] = own[n] = rt_version_parse(f->versions[n], NULL);
	rt_order_keyer_init(&k, rt_order_list_at(l, 0), family, vs, f->ts, n);
	/* stable insertion sort, preferred (greater key) first */
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && rt_order_keyer_cmp(&k, vs[j - 1], vs[j]) < 0; j--) {
			const struct rt_version *t = vs[j];
			vs[j] = vs[j - 1];
			vs[j - 1] = t;
		}
	for (size_t i = 0; i < n; i++)
		rt_buf_addf(&got, "%s%s", i ? " " : "", rt_version_str(vs[i]));
	CHECKF(rt_streq(got.buf, want), "%s on %s: got '%s', want '%s'", json, family, got.buf,
	       want);
	rt_order_keyer_release(&k);
	for (size_t i = 0; i < n; i++)
		rt_version_free(own[i]);
	rt_buf_release(&got);
	rt_order_list_free(l);
}

static void test_reorder(void)
{
	/* TestSortedOrder */
	reorder("[{\"type\":\"sorted\",\"descending\":false}]", "pymum", "1 2 3");
	reorder("[{\"type\":\"sorted\",\"descending\":true}]", "pymum", "3 2 1");
	/* TestVersionSplitPackageOrder */
	reorder("[{\"type\":\"version_split\",\"first_version\":\"2.6.0\"}]", "python",
		"2.6.0 2.5.2 2.7.0 2.6.8");
	/* TestTimestampPackageOrder */
	reorder("[{\"type\":\"soft_timestamp\",\"timestamp\":3001}]", "timestamped",
		"1.1.0 1.0.6 1.0.5 1.1.1 1.2.0 2.0.0 2.1.0 2.1.5");
	reorder("[{\"type\":\"soft_timestamp\",\"timestamp\":3001,\"rank\":3}]", "timestamped",
		"1.1.1 1.1.0 1.0.6 1.0.5 1.2.0 2.0.0 2.1.5 2.1.0");
	reorder("[{\"type\":\"soft_timestamp\",\"timestamp\":7001,\"rank\":3}]", "timestamped",
		"2.1.5 2.1.0 2.0.0 1.2.0 1.1.1 1.1.0 1.0.6 1.0.5");
	reorder("[{\"type\":\"soft_timestamp\",\"timestamp\":4001,\"rank\":3}]", "timestamped",
		"1.1.1 1.1.0 1.0.6 1.0.5 1.2.0 2.0.0 2.1.5 2.1.0");
	reorder("[{\"type\":\"soft_timestamp\",\"timestamp\":3001}]", "pymum", "3 2 1");
	reorder("[{\"type\":\"soft_timestamp\",\"timestamp\":9999999999,\"rank\":3}]", "timestamped",
		"2.1.5 2.1.0 2.0.0 1.2.0 1.1.1 1.1.0 1.0.6 1.0.5");
	reorder("[{\"type\":\"soft_timestamp\",\"timestamp\":0,\"rank\":3}]", "timestamped",
		"1.0.6 1.0.5 1.1.1 1.1.0 1.2.0 2.0.0 2.1.5 2.1.0");
	/* TestPerFamilyOrder.test_reorder */
	{
		const char *pf = "[{\"type\":\"per_family\",\"orderers\":["
				 "{\"type\":\"no_order\",\"packages\":[\"pysplit\"]},"
				 "{\"type\":\"version_split\",\"first_version\":\"2.6.0\",\"packages\":[\"python\"]},"
				 "{\"type\":\"soft_timestamp\",\"timestamp\":3001,\"rank\":3,\"packages\":[\"timestamped\"]}],"
				 "\"default_order\":{\"type\":\"sorted\",\"descending\":false}}]";
		reorder(pf, "pysplit", "7 6 5");
		reorder(pf, "python", "2.6.0 2.5.2 2.7.0 2.6.8");
		reorder(pf, "timestamped", "1.1.1 1.1.0 1.0.6 1.0.5 1.2.0 2.0.0 2.1.5 2.1.0");
		reorder(pf, "pymum", "1 2 3");
	}
	reorder("[{\"type\":\"per_family\",\"orderers\":[{\"type\":\"no_order\",\"packages\":[\"missing_package\"]}]}]",
		"missing_package", "");
	reorder("[{\"type\":\"per_family\",\"orderers\":[]}]", "pymum", "3 2 1");
	reorder("[{\"type\":\"no_order\"}]", "pymum", "3 2 1");
	/* the old [type, {data}] form (TestPackageOrderPublic.test_from_pod_old_style) */
	reorder("[[\"version_split\", {\"first_version\": \"2.6.0\"}]]", "python",
		"2.6.0 2.5.2 2.7.0 2.6.8");
}

static void repr_is(const char *json, const char *want)
{
	struct rt_order_list *l = list_of(json);
	struct rt_buf b = RT_BUF_INIT;
	if (!l)
		return;
	rt_order_repr(rt_order_list_at(l, 0), &b);
	CHECK_STR(b.buf, want);
	rt_buf_release(&b);
	rt_order_list_free(l);
}

static void test_repr(void)
{
	char hex[41];
	repr_is("[{\"type\":\"no_order\"}]", "NullPackageOrder({})");
	repr_is("[{\"type\":\"sorted\",\"descending\":true}]", "SortedOrder(True)");
	repr_is("[{\"type\":\"version_split\",\"first_version\":\"1,2,3\"}]",
		"VersionSplitPackageOrder(1,2,3)");
	repr_is("[{\"type\":\"soft_timestamp\",\"timestamp\":1,\"rank\":2}]",
		"TimestampPackageOrder((1, 2))");
	repr_is("[{\"type\":\"per_family\",\"orderers\":[{\"type\":\"version_split\","
		"\"first_version\":\"2.6.0\",\"packages\":[\"family1\"]}]}]",
		"PerFamilyOrder(([('family1', '2.6.0')], 'None'))");
	/* TestNullPackageOrder.test_sha1: sha1(repr) */
	rt_sha1_hex("NullPackageOrder({})", strlen("NullPackageOrder({})"), hex);
	CHECK_STR(hex, "bf7c2fa4e6bd198c02adeea2c3a382cf57242051");
}

/* to_pod then from_pod gives an equal orderer list (compared through to_pod again). */
static void pod_roundtrip(const char *json)
{
	struct rt_order_list *l = list_of(json), *l2;
	struct rt_value *v1, *v2;
	struct rt_error err = RT_ERROR_INIT;
	if (!l)
		return;
	v1 = rt_order_list_to_value(l);
	l2 = rt_order_list_from_value(v1, "pod", &err);
	CHECKF(l2 != NULL, "%s", err.msg ? err.msg : "");
	v2 = l2 ? rt_order_list_to_value(l2) : NULL;
	CHECKF(v2 && rt_value_equal(v1, v2), "pod round trip of %s", json);
	rt_value_free(v1);
	rt_value_free(v2);
	rt_order_list_free(l);
	rt_order_list_free(l2);
	rt_error_release(&err);
}

static void test_pod(void)
{
	pod_roundtrip("[{\"type\":\"no_order\"}]");
	pod_roundtrip("[{\"type\":\"sorted\",\"descending\":true}]");
	pod_roundtrip("[{\"type\":\"version_split\",\"first_version\":\"1.2.3\"}]");
	pod_roundtrip("[{\"type\":\"soft_timestamp\",\"timestamp\":3001,\"rank\":3}]");
	pod_roundtrip("[{\"type\":\"per_family\",\"orderers\":[{\"type\":\"no_order\",\"packages\":[\"foo\"]}],"
		      "\"default_order\":{\"type\":\"no_order\"}}]");
	pod_roundtrip("[{\"type\":\"per_family\",\"orderers\":[{\"type\":\"no_order\",\"packages\":[\"foo\"]}]}]");
	/* TestPackageOrdererList.test_pod */
	pod_roundtrip("[{\"type\":\"version_split\",\"first_version\":\"2.6.0\"},"
		      "{\"type\":\"per_family\",\"orderers\":[],\"default_order\":{\"type\":\"sorted\",\"descending\":false}}]");
}

static void test_list(void)
{
	struct rt_order_list *l = list_of(
		"[{\"type\":\"per_family\",\"orderers\":[{\"packages\":[\"python\"],"
		"\"type\":\"version_split\",\"first_version\":\"2.9.9\"}]},"
		"{\"type\":\"sorted\",\"descending\":false,\"packages\":\"python\"},"
		"{\"type\":\"no_order\"}]");
	struct rt_error err = RT_ERROR_INIT;
	struct rt_order_list *none;
	if (l) {
		/* earlier orderers win; then the first for "*" */
		CHECK(rt_order_list_get(l, "python") == rt_order_list_at(l, 0));
		CHECK(rt_order_list_get(l, "foo") == rt_order_list_at(l, 2));
	}
	rt_order_list_free(l);
	/* an empty setting: the default for everyone */
	none = rt_order_list_from_value(NULL, "package_orderers", &err);
	CHECK(none && rt_order_list_len(none) == 0 && !rt_order_list_get(none, "python"));
	rt_order_list_free(none);
	/* errors name the setting and item */
	{
		struct rt_value *v = rt_json_parse("[{\"type\":\"custom\"}]", 19, "t", &err);
		CHECK(!rt_order_list_from_value(v, "package_orderers", &err));
		CHECK_STR(err.msg, "package_orderers[1]: unknown orderer type 'custom' (Rez 3.4 has "
			  "no_order, sorted, per_family, version_split and soft_timestamp)");
		rt_value_free(v);
		v = rt_json_parse("[{\"type\":\"version_split\"}]", 26, "t", &err);
		CHECK(!rt_order_list_from_value(v, "package_orderers", &err));
		CHECK_STR(err.msg, "package_orderers[1]: version_split needs 'first_version', a "
			  "version string");
		rt_value_free(v);
	}
	rt_error_release(&err);
}

/* Variant sort keys: ranges compared bound by bound under an orderer. */
static void test_ranges(void)
{
	struct rt_order_list *l = list_of("[{\"type\":\"version_split\",\"first_version\":\"2.6\"}]");
	struct rt_order_keyer k;
	struct rt_range *a = rt_range_parse("2.7", NULL), *b = rt_range_parse("2.5", NULL);
	rt_order_keyer_init(&k, rt_order_list_at(l, 0), "python", NULL, NULL, 0);
	/* 2.5's bounds are within the split, so it is preferred; by default 2.7 is */
	CHECK(rt_order_keyer_range_cmp(&k, b, a) > 0);
	CHECK(rt_range_cmp(a, b) > 0);
	rt_order_keyer_release(&k);
	rt_range_free(a);
	rt_range_free(b);
	rt_order_list_free(l);
}

int main(void)
{
	test_reorder();
	test_repr();
	test_pod();
	test_list();
	test_ranges();
	return tap_done();
}
