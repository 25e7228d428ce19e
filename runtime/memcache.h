/* memcache.h - the shared cache: memcached servers (`memcached_uri`) that hold what one rez
 * process computed, so that every other workstation and farm node can reuse it.
 *
 * What goes in is decided by the callers (runtime/pkgcache.c: per-family package records and
 * listings; the resolve cache: whole resolves). This module only moves opaque byte strings
 * under a namespaced identity and guarantees three things:
 *   - an entry read back is exactly the bytes written for that identity: each value carries its
 *     full identity (not just the hashed key) and a checksum of its payload, so a hash
 *     collision, another program's key, a truncated or corrupt value is a miss, never data;
 *   - failure is never an error: a server that is down, slow (every operation is bounded by
 *     `timeout_ms`), full or evicting gives a miss (get) or nothing (set); after a few failures
 *     the client stops talking to the servers for the rest of the process, so a dead cache
 *     costs at most a few timeouts per command. One warning per process goes to `warn`;
 *   - keys are spread over the servers by consistent hashing (ketama), so adding or losing one
 *     server moves only its share of the keys; a server that fails is ejected.
 * Values above `min_compress_len` bytes (0: never) are compressed with zlib, as Rez's
 * `memcached_*_min_compress_len` settings mean.
 *
 * Nothing here prints. Ownership: rt_memcache_new copies what it is given. */
#ifndef RT_MEMCACHE_H
#define RT_MEMCACHE_H

#include "runtime/common.h"
#include "runtime/error.h"

struct rt_buf;
struct rt_memcache;

#define RT_MEMCACHE_DEFAULT_TIMEOUT_MS 20
#define RT_MEMCACHE_DEFAULT_PORT 11211

struct rt_memcache_opts {
	const char *const *servers;   /* "host", "host:port" or "[v6addr]:port" */
	size_t n_servers;
	int timeout_ms;               /* per operation (connect, send, receive); <= 0: default */
	void (*warn)(void *ud, const char *msg);   /* at most once per client; may be NULL */
	void *warn_ud;
};

/* NULL with err set when a server entry cannot be parsed; NULL with err untouched when there
 * are no servers (memcached is simply not configured). */
struct rt_memcache *rt_memcache_new(const struct rt_memcache_opts *opts, struct rt_error *err);
void rt_memcache_free(struct rt_memcache *m);

/* 1 and the stored bytes in *out (appended) when the entry `ns`/`id` exists and is intact;
 * 0 on a miss or any failure. */
int rt_memcache_get(struct rt_memcache *m, const char *ns, const void *id, size_t id_len,
		    struct rt_buf *out);
/* Stores `data` as the entry `ns`/`id` (best effort: failures are counted, not returned). */
void rt_memcache_set(struct rt_memcache *m, const char *ns, const void *id, size_t id_len,
		     const void *data, size_t len, size_t min_compress_len);

/* Administration (rez memcache); these report failure, as the user asked for them. */
/* Every server's statistics as "server\tname\tvalue\n" lines appended to out. Returns the
 * number of servers that answered. */
int rt_memcache_stats(struct rt_memcache *m, struct rt_buf *out);
int rt_memcache_reset_stats(struct rt_memcache *m, struct rt_error *err);
int rt_memcache_flush(struct rt_memcache *m, struct rt_error *err);
/* Number of configured servers and the i'th as "host:port". */
size_t rt_memcache_n_servers(const struct rt_memcache *m);
const char *rt_memcache_server(const struct rt_memcache *m, size_t i);

/* Operation counters of this client (for -v and tests). */
struct rt_memcache_counts {
	unsigned long gets, hits, sets, failures;
	int disabled;                 /* 1 once the client gave up on the servers */
};
void rt_memcache_counts(const struct rt_memcache *m, struct rt_memcache_counts *out);

#endif
