/* fuzz_hookformat.c - libFuzzer target for the release hooks' text builders: Python-style
 * formatting (hk_format) and $VAR expansion (hk_expandvars). Input: a template line, then
 * an optional JSON namespace. Invariants: text without braces formats to itself, text
 * without '$' expands to itself, and neither ever reads outside the input. */
#include "hooks/release/release.h"
#include "runtime/buf.h"
#include "runtime/json.h"
#include "runtime/value.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *nl = memchr(data, '\n', size);
	size_t tlen = nl ? (size_t)(nl - (const char *)data) : size;
	char *tmpl = rt_xmemdupz(data, tlen);
	struct rt_value *ns = NULL, *env = rt_value_map();
	struct rt_buf a = RT_BUF_INIT, b = RT_BUF_INIT, c = RT_BUF_INIT;

	if (nl)
		ns = rt_json_parse(nl + 1, size - tlen - 1, "fuzz", NULL);
	if (!ns || ns->type != RT_MAP) {
		rt_value_free(ns);
		ns = rt_value_map();
		rt_map_set(ns, "package", rt_value_map());
		rt_map_set(rt_map_get(ns, "package"), "name", rt_value_str("foo"));
		rt_map_set(ns, "variants", rt_value_list());
		rt_list_push(rt_map_get(ns, "variants"), rt_value_int(1));
		rt_list_push(rt_map_get(ns, "variants"), rt_value_null());
	}
	rt_map_set(env, "FOO", rt_value_str("bar"));
	hk_format(tmpl, ns, 1, &a);
	hk_format(tmpl, ns, 0, &b);
	hk_expandvars(tmpl, env, &c);
	if (!strpbrk(tmpl, "{}") && (!rt_streq(a.buf, tmpl) || !rt_streq(b.buf, tmpl)))
		__builtin_trap();
	if (!strchr(tmpl, '$') && !rt_streq(c.buf, tmpl))
		__builtin_trap();
	rt_buf_release(&a);
	rt_buf_release(&b);
	rt_buf_release(&c);
	rt_value_free(ns);
	rt_value_free(env);
	free(tmpl);
	return 0;
}
