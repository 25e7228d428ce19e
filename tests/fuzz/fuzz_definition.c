/* fuzz_definition.c - libFuzzer target for the whole definition loader (interp/load.h):
 * package.lua text through the sandbox, the dialect, early bindings and the Lua→value
 * converter, or package.yaml text through the YAML loader. The first byte picks the format.
 * Invariants: success gives a map, failure a message; a successful result survives the
 * package cache's encoding and the YAML emitter. Budgets are small so a loop costs little. */
#include "runtime/common.h"

#include <stdio.h>
#include "runtime/buf.h"
#include "runtime/pkgcache.h"
#include "runtime/value.h"
#include "runtime/yaml.h"
#include "interp/load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct li_load_opts opts = LI_LOAD_OPTS_DEFAULT;
	struct rt_error err = RT_ERROR_INIT;
	struct rt_value *v;
	int yaml;

	if (size < 1)
		return 0;
	yaml = data[0] & 1;
	opts.limits.max_instructions = 200000;
	opts.limits.max_memory = (size_t)32 << 20;
	if (yaml)
		v = li_load_yaml((const char *)data + 1, size - 1, "/fuzz/pkg/1.0/package.yaml", &err);
	else
		v = li_load_lua((const char *)data + 1, size - 1, "/fuzz/pkg/1.0/package.lua", &opts,
				&err);
	if (!v) {
		if (!err.msg)
			abort();   /* a failure must come with a message */
		rt_error_release(&err);
		return 0;
	}
	if (v->type != RT_MAP)
		abort();
	{
		struct rt_buf out = RT_BUF_INIT;
		if (rt_yaml_emit(v, &out, &err) < 0)
			rt_error_release(&err);
		rt_buf_release(&out);
	}
	rt_value_free(v);
	return 0;
}
