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
	struct rt_rcache_snapshot *snaps = NULL;
	if (!rt_rcache_apply(data, size, ctx, &snaps) && (ctx->n_pkgs || ctx->ephemerals.n || snaps))
		abort();
	/* every snapshot lies inside the entry, its file a string there */
	for (size_t i = 0; snaps && i < ctx->n_pkgs; i++)
		if (snaps[i].file && ((const uint8_t *)snaps[i].data < data ||
				      (const uint8_t *)snaps[i].data + snaps[i].len > data + size ||
				      strlen(snaps[i].file) == 0))
			abort();
	free(snaps);
	rt_context_free(ctx);
	return 0;
}
