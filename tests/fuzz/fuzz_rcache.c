/* fuzz_rcache.c - libFuzzer target for the shared resolve cache's entry reader
 * (runtime/rcache.h): an entry comes from a memcached server, so it is untrusted bytes.
 * Invariant: a rejected entry leaves the context untouched; an accepted one adds exactly the
 * variants it lists. The paths it names are stat'ed, nothing else is touched. */
#include "runtime/common.h"
#include "runtime/buf.h"
#include "runtime/context.h"
#include "runtime/rcache.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rt_context *ctx = rt_context_new();
	if (!rt_rcache_apply(data, size, ctx) && (ctx->n_pkgs || ctx->ephemerals.n))
		abort();
	rt_context_free(ctx);
	return 0;
}
