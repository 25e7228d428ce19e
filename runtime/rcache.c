/* rcache.c - validated whole-resolve entries (see rcache.h). */
#include "runtime/rcache.h"
#include "runtime/buf.h"
#include "runtime/context.h"
#include "runtime/file.h"
#include "runtime/pkgcache.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <sys/stat.h>

static const char MAGIC[8] = { 'R', 'Z', 'L', 'R', 'S', 'V', '2', '\n' };

struct item {
	char *path;
	struct rt_pkgcache_stamp st;
	int present;
};

struct rt_rcache_trace {
	struct item *items;
	size_t n, cap;
	int tainted;
	int64_t newest_ns;     /* latest mtime/ctime seen */
	/* open-addressing index over items (index + 1, 0 empty), so a path is recorded once */
	size_t *slots, nslots;
};


struct rt_rcache_trace *rt_rcache_trace_new(void)
{
	return rt_xcalloc(1, sizeof(struct rt_rcache_trace));
}

void rt_rcache_trace_free(struct rt_rcache_trace *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++)
		free(t->items[i].path);
	free(t->items);
	free(t->slots);
	free(t);
}

void rt_rcache_trace_taint(struct rt_rcache_trace *t)
{
	t->tainted = 1;
}

static void reindex(struct rt_rcache_trace *t)
{
	free(t->slots);
	t->nslots = t->nslots ? t->nslots * 2 : 64;
	t->slots = rt_xcalloc(t->nslots, sizeof(*t->slots));
	for (size_t i = 0; i < t->n; i++) {
		size_t j = (size_t)rt_fnv1a(t->items[i].path, strlen(t->items[i].path), RT_FNV1A_INIT) & (t->nslots - 1);
		while (t->slots[j])
			j = (j + 1) & (t->nslots - 1);
		t->slots[j] = i + 1;
	}
}

static void stamp_now(const char *path, struct rt_pkgcache_stamp *st, int *present)
{
	*present = rt_pkgcache_stamp_path(path, st) == 0;
	if (!*present)
		memset(st, 0, sizeof(*st));
}

void rt_rcache_trace_path(struct rt_rcache_trace *t, const char *path)
{
	size_t j;
	struct item *it;
	if (t->n * 2 >= t->nslots)
		reindex(t);
	j = (size_t)rt_fnv1a(path, strlen(path), RT_FNV1A_INIT) & (t->nslots - 1);
	while (t->slots[j]) {
		if (rt_streq(t->items[t->slots[j] - 1].path, path))
			return;
		j = (j + 1) & (t->nslots - 1);
	}
	t->items = rt_xgrow(t->items, sizeof(*t->items), t->n + 1, &t->cap);
	it = &t->items[t->n];
	it->path = rt_xstrdup(path);
	stamp_now(path, &it->st, &it->present);
	if (it->present) {
		if (it->st.mtime_ns > t->newest_ns)
			t->newest_ns = it->st.mtime_ns;
		if (it->st.ctime_ns > t->newest_ns)
			t->newest_ns = it->st.ctime_ns;
	}
	t->slots[j] = ++t->n;
}

/* ---- encoding: little-endian integers, strings as u32 length + bytes ---- */

static void put_u32(struct rt_buf *b, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		rt_buf_addch(b, (int)((v >> (8 * i)) & 0xff));
}

static void put_u64(struct rt_buf *b, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		rt_buf_addch(b, (int)((v >> (8 * i)) & 0xff));
}

static void put_str(struct rt_buf *b, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	put_u32(b, (uint32_t)n);
	rt_buf_add(b, s ? s : "", n);
}

static void put_stamp(struct rt_buf *b, const struct rt_pkgcache_stamp *st)
{
	put_u64(b, (uint64_t)st->mtime_ns);
	put_u64(b, (uint64_t)st->ctime_ns);
	put_u64(b, st->ino);
	put_u64(b, st->size);
}

int rt_rcache_encode(const struct rt_rcache_trace *t, const struct rt_context *ctx,
		     const struct rt_rcache_snapshot *snaps, struct rt_buf *out)
{
	if (t->tainted || ctx->status != RT_CTX_SOLVED ||
	    t->newest_ns > rt_pkgcache_now_ns() - RT_PKGCACHE_RACY_NS)
		return -1;
	rt_buf_add(out, MAGIC, sizeof(MAGIC));
	put_u32(out, (uint32_t)t->n);
	for (size_t i = 0; i < t->n; i++) {
		put_str(out, t->items[i].path);
		rt_buf_addch(out, t->items[i].present);
		put_stamp(out, &t->items[i].st);
	}
	put_u32(out, (uint32_t)ctx->n_pkgs);
	for (size_t i = 0; i < ctx->n_pkgs; i++) {
		const struct rt_context_pkg *p = &ctx->pkgs[i];
		put_str(out, p->name);
		put_str(out, p->version);
		put_u32(out, (uint32_t)(int32_t)p->variant_index);
		put_str(out, p->location);
		put_str(out, p->base);
		put_str(out, p->root);
		put_str(out, p->uri);
	}
	put_u32(out, (uint32_t)ctx->ephemerals.n);
	for (size_t i = 0; i < ctx->ephemerals.n; i++)
		put_str(out, ctx->ephemerals.v[i]);
	put_u64(out, (uint64_t)ctx->num_loaded_packages);
	for (size_t i = 0; i < ctx->n_pkgs; i++) {
		const struct rt_rcache_snapshot *sn = snaps && snaps[i].file ? &snaps[i] : NULL;
		rt_buf_addch(out, sn != NULL);
		if (sn) {
			/* with its NUL, so that a hit can lend it out in place */
			put_u32(out, (uint32_t)(strlen(sn->file) + 1));
			rt_buf_add(out, sn->file, strlen(sn->file) + 1);
			put_u32(out, (uint32_t)sn->len);
			rt_buf_add(out, sn->data, sn->len);
		}
	}
	return 0;
}

struct reader {
	const unsigned char *p, *end;
	int bad;
};

static uint64_t get_n(struct reader *r, int bytes)
{
	uint64_t v = 0;
	if (r->bad || r->end - r->p < bytes) {
		r->bad = 1;
		return 0;
	}
	for (int i = bytes - 1; i >= 0; i--)
		v = (v << 8) | r->p[i];
	r->p += bytes;
	return v;
}

/* A string borrowed from the entry: (pointer, length); copies are made only on a hit. */
static const char *get_str(struct reader *r, size_t *len)
{
	const char *s;
	*len = (size_t)get_n(r, 4);
	if (r->bad || (size_t)(r->end - r->p) < *len) {
		r->bad = 1;
		*len = 0;
		return "";
	}
	s = (const char *)r->p;
	r->p += *len;
	return s;
}

static char *dup_str(struct reader *r)
{
	size_t n;
	const char *s = get_str(r, &n);
	if (memchr(s, '\0', n))
		r->bad = 1;
	return rt_xmemdupz(s, n);
}

int rt_rcache_apply(const void *data, size_t len, struct rt_context *ctx,
		    struct rt_rcache_snapshot **snaps)
{
	struct reader r = { data, (const unsigned char *)data + len, 0 };
	struct rt_rcache_snapshot *sn = NULL;
	struct rt_context_pkg *pkgs = NULL;
	size_t n_items, n_pkgs, n_eph, done = 0;
	char **eph = NULL;
	if (snaps)
		*snaps = NULL;
	if (len < sizeof(MAGIC) || memcmp(data, MAGIC, sizeof(MAGIC)) != 0)
		return 0;
	r.p += sizeof(MAGIC);
	n_items = (size_t)get_n(&r, 4);
	for (size_t i = 0; i < n_items && !r.bad; i++) {
		size_t n;
		const char *s = get_str(&r, &n);
		int present = (int)get_n(&r, 1), now_present;
		struct rt_pkgcache_stamp want, have;
		char *path;
		want.mtime_ns = (int64_t)get_n(&r, 8);
		want.ctime_ns = (int64_t)get_n(&r, 8);
		want.ino = get_n(&r, 8);
		want.size = get_n(&r, 8);
		if (r.bad || !n || memchr(s, '\0', n))
			return 0;
		path = rt_xmemdupz(s, n);
		stamp_now(path, &have, &now_present);
		free(path);
		if (now_present != present ||
		    (present && (have.mtime_ns != want.mtime_ns || have.ctime_ns != want.ctime_ns ||
				 have.ino != want.ino || have.size != want.size)))
			return 0;    /* something it read has changed: solve again */
	}
	n_pkgs = (size_t)get_n(&r, 4);
	if (r.bad || n_pkgs > (size_t)(r.end - r.p))
		return 0;
	pkgs = rt_xcalloc(n_pkgs ? n_pkgs : 1, sizeof(*pkgs));
	for (; done < n_pkgs && !r.bad; done++) {
		struct rt_context_pkg *p = &pkgs[done];
		p->name = dup_str(&r);
		p->version = dup_str(&r);
		p->variant_index = (int)(int32_t)(uint32_t)get_n(&r, 4);
		p->location = dup_str(&r);
		p->base = dup_str(&r);
		p->root = dup_str(&r);
		p->uri = dup_str(&r);
		if (p->variant_index < -1)
			r.bad = 1;
	}
	n_eph = (size_t)get_n(&r, 4);
	if (!r.bad && n_eph <= (size_t)(r.end - r.p)) {
		eph = rt_xcalloc(n_eph + 1, sizeof(*eph));
		for (size_t i = 0; i < n_eph && !r.bad; i++)
			eph[i] = dup_str(&r);
	} else {
		r.bad = 1;
		n_eph = 0;
	}
	{
		uint64_t loaded = get_n(&r, 8);
		sn = rt_xcalloc(n_pkgs ? n_pkgs : 1, sizeof(*sn));
		for (size_t i = 0; i < n_pkgs && !r.bad; i++) {
			size_t n;
			const char *file;
			if (!get_n(&r, 1))
				continue;
			file = get_str(&r, &n);
			if (n < 2 || file[n - 1] != '\0' || memchr(file, '\0', n - 1)) {
				r.bad = 1;
				break;
			}
			sn[i].file = file;
			sn[i].len = (size_t)get_n(&r, 4);
			if (r.bad || (size_t)(r.end - r.p) < sn[i].len) {
				r.bad = 1;
				break;
			}
			sn[i].data = r.p;
			r.p += sn[i].len;
		}
		if (!r.bad && r.p == r.end) {
			for (size_t i = 0; i < n_pkgs; i++) {
				struct rt_context_pkg *p = &pkgs[i];
				rt_context_add_pkg(ctx, p->name, p->version, p->variant_index, p->location,
						   p->base, p->root, p->uri);
			}
			for (size_t i = 0; i < n_eph; i++)
				rt_strlist_push(&ctx->ephemerals, eph[i]);
			ctx->num_loaded_packages = (long long)loaded;
		} else {
			r.bad = 1;
		}
	}
	for (size_t i = 0; i < done; i++) {
		free(pkgs[i].name);
		free(pkgs[i].version);
		free(pkgs[i].location);
		free(pkgs[i].base);
		free(pkgs[i].root);
		free(pkgs[i].uri);
	}
	free(pkgs);
	for (size_t i = 0; eph && i < n_eph; i++)
		free(eph[i]);
	free(eph);
	if (!r.bad && snaps)
		*snaps = sn;
	else
		free(sn);
	return !r.bad;
}

/* ---- the local store: one file per key ---- */

static const char FILE_MAGIC[8] = { 'R', 'Z', 'L', 'R', 'S', 'V', 'F', '1' };
#define MAX_LOCAL_FILE (64u << 20)


static char *local_path(const char *dir, const void *key, size_t key_len)
{
	return rt_xstrfmt("%s/%016llx%016llx.rsv", dir,
			  (unsigned long long)rt_fnv1a(key, key_len, RT_FNV1A_INIT),
			  (unsigned long long)rt_fnv1a(key, key_len, 0x84222325cbf29ce4ULL));
}

int rt_rcache_local_get(const char *dir, const void *key, size_t key_len, struct rt_buf *entry)
{
	char *path = local_path(dir, key, key_len);
	struct rt_buf sb = RT_BUF_INIT;
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC), ok = 0;
	free(path);
	if (fd < 0)
		return 0;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size <= MAX_LOCAL_FILE) {
		size_t size = (size_t)st.st_size;
		rt_buf_grow(&sb, size);
		while (sb.len < size) {
			ssize_t n = read(fd, sb.buf + sb.len, size - sb.len);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				break;
			rt_buf_setlen(&sb, sb.len + (size_t)n);
		}
		if (sb.len == size && size >= 8 + 4 + 16) {
			struct reader r = { (const unsigned char *)sb.buf + 8,
					    (const unsigned char *)sb.buf + size, 0 };
			size_t klen = (size_t)get_n(&r, 4);
			if (!memcmp(sb.buf, FILE_MAGIC, 8) && !r.bad && klen == key_len &&
			    (size_t)(r.end - r.p) >= klen + 16 && !memcmp(r.p, key, klen)) {
				uint64_t elen, sum;
				r.p += klen;
				elen = get_n(&r, 8);
				sum = get_n(&r, 8);
				if (!r.bad && elen == (uint64_t)(r.end - r.p) &&
				    rt_fnv1a(r.p, (size_t)elen, RT_FNV1A_INIT) == sum) {
					rt_buf_add(entry, r.p, (size_t)elen);
					ok = 1;
				}
			}
		}
	}
	close(fd);
	rt_buf_release(&sb);
	return ok;
}

void rt_rcache_local_set(const char *dir, const void *key, size_t key_len, const void *entry,
			 size_t len)
{
	struct rt_buf sb = RT_BUF_INIT;
	char *d = rt_xstrdup(dir), *path;
	if (rt_file_mkdirs(d) < 0) {
		free(d);
		return;   /* a cache: not being able to write it is not an error */
	}
	free(d);
	path = local_path(dir, key, key_len);
	rt_buf_add(&sb, FILE_MAGIC, 8);
	put_u32(&sb, (uint32_t)key_len);
	rt_buf_add(&sb, key, key_len);
	put_u64(&sb, len);
	put_u64(&sb, rt_fnv1a(entry, len, RT_FNV1A_INIT));
	rt_buf_add(&sb, entry, len);
	(void)rt_file_write_atomic(path, sb.buf, sb.len, 0666, RT_FILE_NOSYNC, NULL);
	free(path);
	rt_buf_release(&sb);
}
