/* fuzz_rxt.c - libFuzzer target for the context (.rxt) reader (runtime/context.h).
 * Invariants: failure comes with a message; a context that loads is written back and loads
 * again to the same JSON. */
#include "runtime/common.h"

#include <stdio.h>
#include "runtime/buf.h"
#include "runtime/context.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rt_error err = RT_ERROR_INIT;
	struct rt_context *ctx = rt_context_from_json((const char *)data, size, "fuzz.rxt", &err);
	struct rt_buf a = RT_BUF_INIT, b = RT_BUF_INIT;

	if (!ctx) {
		if (!err.msg)
			abort();
		rt_error_release(&err);
		return 0;
	}
	if (rt_context_to_json(ctx, &a, &err) == 0) {
		struct rt_context *again = rt_context_from_json(a.buf, a.len, "again.rxt", &err);
		if (!again) {
			fprintf(stderr, "written context does not load: %s\n", rt_error_msg(&err));
			abort();
		}
		if (rt_context_to_json(again, &b, &err) < 0 || a.len != b.len ||
		    memcmp(a.buf, b.buf, a.len) != 0) {
			fprintf(stderr, "context changes when written twice\n");
			abort();
		}
		rt_context_free(again);
	} else {
		rt_error_release(&err);
	}
	rt_buf_release(&a);
	rt_buf_release(&b);
	rt_context_free(ctx);
	return 0;
}
