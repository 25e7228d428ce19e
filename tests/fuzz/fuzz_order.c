/* fuzz_order.c - libFuzzer target for package orderers (runtime/order.h): JSON text read as a
 * package_orderers value, written back (to_pod) and read again, then used to order a few
 * versions and ranges. Invalid settings are expected errors; crashes and leaks are not. */
#include "runtime/common.h"
#include "runtime/buf.h"
#include "runtime/json.h"
#include "runtime/order.h"
#include "runtime/value.h"
#include "runtime/version.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const vs[] = { "", "1", "1.0.5", "1.1", "2.0.0", "2.6.0", "10.a" };
	static const long long ts[] = { 0, 9000, 0, 3000, 1, 5000, 4000 };
	struct rt_error err = RT_ERROR_INIT;
	struct rt_value *v = rt_json_parse((const char *)data, size, "fuzz", &err), *pod;
	struct rt_order_list *l, *l2;
	const struct rt_version *ver[7];
	struct rt_version *own[7];
	struct rt_range *a = rt_range_parse("1+<2|3", NULL), *b = rt_range_parse("==2.6.0|5", NULL);

	l = v ? rt_order_list_from_value(v, "package_orderers", &err) : NULL;
	if (l) {
		struct rt_buf repr = RT_BUF_INIT;
		pod = rt_order_list_to_value(l);
		l2 = rt_order_list_from_value(pod, "pod", &err);
		rt_order_list_free(l2);
		rt_value_free(pod);
		for (size_t i = 0; i < 7; i++)
			ver[i] = own[i] = rt_version_parse(vs[6 - i], NULL);
		for (size_t f = 0; f < 3; f++) {
			static const char *const fams[] = { "python", "foo", "*" };
			const struct rt_order *o = rt_order_list_get(l, fams[f]);
			struct rt_order_keyer k;
			rt_order_repr(o, &repr);
			rt_order_keyer_init(&k, o, fams[f], ver, ts, 7);
			for (size_t i = 0; i < 7; i++)
				for (size_t j = 0; j < 7; j++)
					(void)rt_order_keyer_cmp(&k, ver[i], j == 6 ? NULL : ver[j]);
			(void)rt_order_keyer_range_cmp(&k, a, b);
			rt_order_keyer_release(&k);
		}
		for (size_t i = 0; i < 7; i++)
			rt_version_free(own[i]);
		rt_buf_release(&repr);
	}
	rt_order_list_free(l);
	rt_value_free(v);
	rt_range_free(a);
	rt_range_free(b);
	rt_error_release(&err);
	return 0;
}
