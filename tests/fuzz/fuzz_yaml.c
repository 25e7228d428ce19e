/* fuzz_yaml.c - libFuzzer target for the YAML loader (runtime/yaml.h), which reads
 * package.yaml files and configuration. Invariants: failure comes with a message; a mapping
 * (what package.yaml and configuration files hold, and what the emitter is used for) that
 * parses and can be emitted parses back to an equal tree. A document that is a bare scalar
 * is not round-tripped: libyaml's emitter does not keep every such plain scalar. */
#include "runtime/common.h"

#include <stdio.h>
#include <stdlib.h>
#include "runtime/buf.h"
#include "runtime/value.h"
#include "runtime/yaml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rt_error err = RT_ERROR_INIT;
	struct rt_buf out = RT_BUF_INIT;
	struct rt_value *v = rt_yaml_parse((const char *)data, size, "fuzz.yaml", &err), *again;

	if (!v) {
		if (!err.msg)
			abort();
		rt_error_release(&err);
		return 0;
	}
	if (v->type == RT_MAP && rt_yaml_emit(v, &out, &err) == 0) {
		again = rt_yaml_parse(out.buf, out.len, "emitted.yaml", &err);
		if (!again) {
			fprintf(stderr, "emitted YAML does not parse: %s\n%s\n", rt_error_msg(&err),
				out.buf);
			abort();
		}
		if (!rt_value_equal(v, again)) {
			fprintf(stderr, "emitted YAML parses to another tree:\n%s\n", out.buf);
			abort();
		}
		rt_value_free(again);
	} else {
		rt_error_release(&err);
	}
	rt_buf_release(&out);
	rt_value_free(v);
	return 0;
}
