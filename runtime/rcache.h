/* rcache.h - whole resolves kept in the local package cache directory and in the shared cache
 * (Rez's `resolve_caching`), reused only after proving that nothing they read has changed.
 *
 * While a request is solved, runtime/resolve.c records in a trace every file-system object
 * the answer depended on, with its stamp taken *before* it was read:
 *   - for every family the solver listed, the family directory in every repository path
 *     (present with its stamp, or absent): a version added, removed or ignored anywhere, or the
 *     family appearing in an earlier path, changes one of them;
 *   - for every package whose data the solver used, its definition file and, unless that is
 *     a package.lua (no other kind can take its place), its version directory: a definition
 *     of a stronger kind appearing beside it changes the directory.
 * The entry stores those stamps with the resolved variants. A hit is used only when every
 * stamp still matches on this machine (one stat each); otherwise the request is solved again
 * and the entry replaced.
 *
 * Not stored (the trace is "tainted" or the stamps are too fresh):
 *   - a resolve that evaluated @late requirements (their value can depend on more than the
 *     definition file);
 *   - a resolve that read anything changed less than RT_PKGCACHE_RACY_NS before it was read:
 *     a second change within the file system's timestamp granularity could leave the same
 *     stamp (see pkgcache.h);
 *   - a resolve that did not succeed.
 *
 * Stamps are (mtime ns, ctime ns, inode, size), the package cache's.
 *
 * An entry also carries each resolved package's package-cache data (its "snapshot"): the
 * definition file it came from is among the stamps, so on a hit the snapshot is as current as
 * the record would be, and activating reads no family cache (rt_repo_preload). */
#ifndef RT_RCACHE_H
#define RT_RCACHE_H

#include "runtime/common.h"

struct rt_buf;
struct rt_context;
struct rt_rcache_trace;

struct rt_rcache_trace *rt_rcache_trace_new(void);
void rt_rcache_trace_free(struct rt_rcache_trace *t);
/* Stats `path` now and records its stamp (or its absence). Paths recorded twice are kept once. */
void rt_rcache_trace_path(struct rt_rcache_trace *t, const char *path);
/* The result depends on something the trace cannot validate: it will not be stored. */
void rt_rcache_trace_taint(struct rt_rcache_trace *t);

/* A resolved package's snapshot, carried in the entry so that activating a hit reads no
 * family cache: its definition file and package-cache data (rt_pkgcache_raw_data). Valid
 * whenever the entry is, as the definition file's stamp is among the entry's. */
struct rt_rcache_snapshot {
	const char *file;       /* NULL: none for this package */
	const void *data;
	size_t len;
};

/* The entry for a solved context: its trace, resolved variants and their snapshots (`snaps`:
 * one per ctx->pkgs, or NULL). Returns 0, or -1 when the context must not be cached (not
 * solved, tainted, racy). */
int rt_rcache_encode(const struct rt_rcache_trace *t, const struct rt_context *ctx,
		     const struct rt_rcache_snapshot *snaps, struct rt_buf *out);
/* Validates an entry against the file system and, when every stamp matches, appends its
 * resolved variants and ephemerals to ctx (which holds none yet) and, when `snaps` is not
 * NULL, sets it to a new array of one snapshot per variant added (pointing into `data`;
 * free the array). Returns 1 (hit), or 0: stale, malformed or from another format (ctx
 * untouched, *snaps NULL). */
int rt_rcache_apply(const void *data, size_t len, struct rt_context *ctx,
		    struct rt_rcache_snapshot **snaps);

/* The local store of entries: one file per key in `dir` (package_cache_dir/resolves), holding
 * the key itself and a checksum, written atomically. get: 1 and the entry appended to `entry`,
 * or 0 (none, or not intact). set: best effort. */
int rt_rcache_local_get(const char *dir, const void *key, size_t key_len, struct rt_buf *entry);
void rt_rcache_local_set(const char *dir, const void *key, size_t key_len, const void *entry,
			 size_t len);

#endif
