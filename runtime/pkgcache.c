/* pkgcache.c - the on-disk package cache (see pkgcache.h). */
#include "runtime/common.h"
#include "runtime/pkgcache.h"
#include "runtime/memcache.h"
#include "runtime/file.h"
#include "runtime/buf.h"
#include "runtime/package.h"
#include "runtime/value.h"
#include "runtime/version.h"

#include <ctype.h>
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#define MAGIC "RZLPKGC\n"
#define HEADER_LEN 32
#define MAX_FILE ((size_t)64 << 20)

enum { KIND_LUA = 1, KIND_YAML = 2, KIND_PY = 3 };

static const char *const def_names[] = { NULL, "package.lua", "package.yaml", "package.py" };
/* When several definition files exist, the first of these is the package's. */
static const int def_order[] = { KIND_LUA, KIND_PY, KIND_YAML };

struct record {
	struct rt_pkg_summary *sum;
	struct rt_pkgcache_stamp st;
	int kind;
	int persist;       /* written to disk (not racy) */
	int checked;       /* validated against the file system in this process */
	int valid;
	/* The summary's fields after version, kind and stamp (flags ... variants), still encoded:
	 * decoded on first use (record_fill), as most records a process reads are never looked
	 * at (activating reads one version of each family). NULL once decoded. The bytes were
	 * checked when the file was read, so decoding them cannot fail. */
	const unsigned char *lazy, *lazy_end;
	const unsigned char *data;   /* the encoded package data (see the header) */
	size_t data_len;
	int owns_data;               /* else it points into the family's file buffer */
};

struct rt_pkgcache_family {
	struct rt_pkgcache *cache;
	char *repo_path, *name, *path;   /* path: the cache file */
	struct rt_pkgcache_stamp dir_stamp;
	int listing_valid;                /* the listing matches dir_stamp */
	int listing_persist;
	int unversioned;
	char **names;
	size_t n_names;
	struct record *recs;              /* sorted by version string */
	size_t n_recs, cap_recs;
	int dirty;
	int share;                        /* changed here: offer it to the shared cache too */
	char *file_buf;                   /* the file read, which records' data point into */
	/* Summaries of replaced records: callers may still hold them (see rt_pkgcache_store). */
	struct rt_pkg_summary **retired;
	size_t n_retired, cap_retired;
};

struct rt_pkgcache {
	char *dir;
	void (*warn)(void *ud, const char *msg);
	void *warn_ud;
	struct rt_memcache *shared;       /* owned; NULL: no shared cache */
	unsigned share_flags;             /* RT_PKGCACHE_SHARE_* */
	size_t shared_min_compress_len;
	struct rt_pkgcache_family **fams;
	size_t n_fams, cap_fams;
	/* fams by (repository, family): index + 1 per slot, open addressing; a resolve can reach
	 * 100,000 families, and a linear search per family made that quadratic */
	size_t *fam_slots;
	size_t cap_fam_slots;
	int write_failed;                 /* reported once */
};

static void warnf(struct rt_pkgcache *c, const char *fmt, ...) RT_PRINTF(2, 3);
static void warnf(struct rt_pkgcache *c, const char *fmt, ...)
{
	struct rt_buf sb = RT_BUF_INIT;
	va_list ap;
	if (!c->warn)
		return;
	va_start(ap, fmt);
	rt_buf_vaddf(&sb, fmt, ap);
	va_end(ap);
	c->warn(c->warn_ud, sb.buf);
	rt_buf_release(&sb);
}


int64_t rt_pkgcache_now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* ---- summaries ---- */

static void strv_from_reqlist(struct rt_strv *out, const struct rt_reqlist *l, struct rt_buf *sb)
{
	out->n = l->len;
	out->v = rt_xcalloc(l->len + 1, sizeof(char *));
	for (size_t i = 0; i < l->len; i++) {
		rt_buf_reset(sb);
		rt_request_format(l->items[i], sb);
		out->v[i] = rt_xstrdup(sb->buf);
	}
}

static void strv_from_strs(struct rt_strv *out, char *const *v, size_t n)
{
	out->n = n;
	out->v = rt_xcalloc(n + 1, sizeof(char *));
	for (size_t i = 0; i < n; i++)
		out->v[i] = rt_xstrdup(v[i]);
}

static void strv_release(struct rt_strv *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

static int has_code(const struct rt_package *pkg, const char *attr)
{
	const struct rt_value *v = rt_package_get(pkg, attr);
	return v && v->type == RT_FUNC;
}

struct rt_pkg_summary *rt_pkg_summary_new(const struct rt_package *pkg, const char *version,
					  const char *file)
{
	struct rt_pkg_summary *s = rt_xcalloc(1, sizeof(*s));
	struct rt_buf sb = RT_BUF_INIT;
	const struct rt_value *ts = rt_package_get(pkg, "timestamp");
	s->version = rt_xstrdup(version);
	s->file = rt_xstrdup(file);
	s->timestamp = ts && ts->type == RT_INT ? ts->u.i : 0;
	/* an evaluated late list that uses @include modules may change without its file */
	unsigned late = pkg->late_evaluated && !pkg->late_volatile ? 0 : 1;
	/* late build lists are evaluated per variant and only when building: never stored */
	s->flags = (late && pkg->late_requires ? RT_PKGSUM_LATE_REQUIRES : 0) |
		   (pkg->late_build_requires ? RT_PKGSUM_LATE_BUILD_REQUIRES : 0) |
		   (pkg->late_private_build_requires ? RT_PKGSUM_LATE_PRIVATE_BUILD_REQUIRES : 0) |
		   (rt_package_hashed_variants(pkg) ? RT_PKGSUM_HASHED_VARIANTS : 0) |
		   (pkg->late_evaluated ? RT_PKGSUM_LATE_EVALUATED : 0) |
		   (pkg->late_tools ? RT_PKGSUM_LATE_TOOLS : 0) |
		   (has_code(pkg, "pre_commands") ? RT_PKGSUM_HAS_PRE_COMMANDS : 0) |
		   (has_code(pkg, "commands") ? RT_PKGSUM_HAS_COMMANDS : 0) |
		   (has_code(pkg, "post_commands") ? RT_PKGSUM_HAS_POST_COMMANDS : 0);
	strv_from_reqlist(&s->requires, &pkg->requires, &sb);
	strv_from_reqlist(&s->build_requires, &pkg->build_requires, &sb);
	strv_from_reqlist(&s->private_build_requires, &pkg->private_build_requires, &sb);
	strv_from_strs(&s->tools, pkg->tools, pkg->n_tools);
	s->n_variants = pkg->n_variants;
	s->variants = rt_xcalloc(pkg->n_variants + 1, sizeof(*s->variants));
	for (size_t i = 0; i < pkg->n_variants; i++)
		strv_from_reqlist(&s->variants[i], &pkg->variants[i], &sb);
	rt_buf_release(&sb);
	return s;
}

void rt_pkg_summary_free(struct rt_pkg_summary *s)
{
	if (!s)
		return;
	free(s->version);
	free(s->file);
	strv_release(&s->requires);
	strv_release(&s->build_requires);
	strv_release(&s->private_build_requires);
	strv_release(&s->tools);
	for (size_t i = 0; i < s->n_variants; i++)
		strv_release(&s->variants[i]);
	free(s->variants);
	free(s);
}

static int strv_equal(const struct rt_strv *a, const struct rt_strv *b)
{
	if (a->n != b->n)
		return 0;
	for (size_t i = 0; i < a->n; i++)
		if (!rt_streq(a->v[i], b->v[i]))
			return 0;
	return 1;
}

int rt_pkg_summary_equal(const struct rt_pkg_summary *a, const struct rt_pkg_summary *b)
{
	if (!rt_streq(a->version, b->version) || !rt_streq(a->file, b->file) ||
	    a->timestamp != b->timestamp || a->flags != b->flags ||
	    !strv_equal(&a->requires, &b->requires) ||
	    !strv_equal(&a->build_requires, &b->build_requires) ||
	    !strv_equal(&a->private_build_requires, &b->private_build_requires) ||
	    !strv_equal(&a->tools, &b->tools) || a->n_variants != b->n_variants)
		return 0;
	for (size_t i = 0; i < a->n_variants; i++)
		if (!strv_equal(&a->variants[i], &b->variants[i]))
			return 0;
	return 1;
}

/* ---- stamps ---- */

void rt_pkgcache_stamp_of(const struct stat *st, struct rt_pkgcache_stamp *out)
{
	out->mtime_ns = (int64_t)st->st_mtim.tv_sec * 1000000000LL + st->st_mtim.tv_nsec;
	out->ctime_ns = (int64_t)st->st_ctim.tv_sec * 1000000000LL + st->st_ctim.tv_nsec;
	out->ino = (uint64_t)st->st_ino;
	out->size = (uint64_t)st->st_size;
}

int rt_pkgcache_stamp_path(const char *path, struct rt_pkgcache_stamp *out)
{
	struct stat st;
	if (stat(path, &st) < 0)
		return -1;
	rt_pkgcache_stamp_of(&st, out);
	return 0;
}

static int stamp_eq(const struct rt_pkgcache_stamp *a, const struct rt_pkgcache_stamp *b)
{
	return a->mtime_ns == b->mtime_ns && a->ctime_ns == b->ctime_ns && a->ino == b->ino &&
	       a->size == b->size;
}

/* A directory's size says nothing useful (and differs between file systems): not compared. */
static int dir_stamp_eq(const struct rt_pkgcache_stamp *a, const struct rt_pkgcache_stamp *b)
{
	return a->mtime_ns == b->mtime_ns && a->ctime_ns == b->ctime_ns && a->ino == b->ino;
}

/* Changed so recently that another change in the same timestamp tick could follow unseen. */
static int is_racy(const struct rt_pkgcache_stamp *st, int64_t read_ns)
{
	return st->mtime_ns >= read_ns - RT_PKGCACHE_RACY_NS ||
	       st->ctime_ns >= read_ns - RT_PKGCACHE_RACY_NS;
}

int rt_pkgcache_stamp_definition(const char *dir, char **file, struct rt_pkgcache_stamp *st)
{
	for (size_t i = 0; i < RT_ARRAY_LEN(def_order); i++) {
		char *path = rt_xstrfmt("%s/%s", dir, def_names[def_order[i]]);
		if (rt_pkgcache_stamp_path(path, st) == 0) {
			*file = path;
			return 0;
		}
		free(path);
	}
	*file = NULL;
	return -1;
}

/* ---- the cache object ---- */

char *rt_pkgcache_default_dir(void)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	/* The XDG spec says a relative $XDG_CACHE_HOME is invalid and must be ignored. */
	if (xdg && xdg[0] == '/')
		return rt_xstrfmt("%s/rez-lua/packages", xdg);
	if (home && *home)
		return rt_xstrfmt("%s/.cache/rez-lua/packages", home);
	return NULL;
}

struct rt_pkgcache *rt_pkgcache_new(const struct rt_pkgcache_opts *opts)
{
	struct rt_pkgcache *c;
	char *dir = opts->dir && *opts->dir ? rt_xstrdup(opts->dir) : rt_pkgcache_default_dir();
	if (!dir) {
		rt_memcache_free(opts->shared);
		return NULL;
	}
	c = rt_xcalloc(1, sizeof(*c));
	c->dir = dir;
	c->warn = opts->warn;
	c->warn_ud = opts->warn_ud;
	c->shared = opts->shared;
	c->share_flags = opts->share_flags;
	c->shared_min_compress_len = opts->shared_min_compress_len;
	return c;
}

static void record_release(struct record *r)
{
	rt_pkg_summary_free(r->sum);
	if (r->owns_data)
		free((void *)r->data);
}

static void family_free(struct rt_pkgcache_family *f)
{
	for (size_t i = 0; i < f->n_names; i++)
		free(f->names[i]);
	free(f->names);
	for (size_t i = 0; i < f->n_recs; i++)
		record_release(&f->recs[i]);
	free(f->recs);
	for (size_t i = 0; i < f->n_retired; i++)
		rt_pkg_summary_free(f->retired[i]);
	free(f->retired);
	free(f->file_buf);
	free(f->repo_path);
	free(f->name);
	free(f->path);
	free(f);
}

void rt_pkgcache_free(struct rt_pkgcache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n_fams; i++)
		family_free(c->fams[i]);
	free(c->fams);
	free(c->fam_slots);
	free(c->dir);
	rt_memcache_free(c->shared);
	free(c);
}

struct rt_memcache *rt_pkgcache_shared(const struct rt_pkgcache *c)
{
	return c ? c->shared : NULL;
}

const char *rt_pkgcache_dir(const struct rt_pkgcache *c)
{
	return c ? c->dir : NULL;
}

char *rt_pkgcache_repo_dir(const struct rt_pkgcache *c, const char *repo_path)
{
	struct rt_buf sb = RT_BUF_INIT;
	const char *base = strrchr(repo_path, '/');
	base = base && base[1] ? base + 1 : repo_path;
	rt_buf_addf(&sb, "%s/", c->dir);
	/* The base name only helps a human find the directory: keep it file-name safe. */
	for (const char *p = base; *p && p - base < 40; p++)
		rt_buf_addch(&sb, (isalnum((unsigned char)*p) || *p == '.' || *p == '_' || *p == '-')
				  && !(p == base && *p == '.') ? *p : '_');
	rt_buf_addf(&sb, "-%016llx", (unsigned long long)rt_fnv1a(repo_path, strlen(repo_path), RT_FNV1A_INIT));
	return rt_buf_detach(&sb, NULL);
}

/* ---- reading ---- */

struct reader {
	const unsigned char *p, *end;
	int bad;
};

static uint64_t get_u64(struct reader *r)
{
	uint64_t v = 0;
	if (r->bad || r->end - r->p < 8) {
		r->bad = 1;
		return 0;
	}
	for (int i = 7; i >= 0; i--)
		v = v << 8 | r->p[i];
	r->p += 8;
	return v;
}

static uint32_t get_u32(struct reader *r)
{
	uint32_t v = 0;
	if (r->bad || r->end - r->p < 4) {
		r->bad = 1;
		return 0;
	}
	for (int i = 3; i >= 0; i--)
		v = v << 8 | r->p[i];
	r->p += 4;
	return v;
}

static unsigned get_u8(struct reader *r)
{
	if (r->bad || r->p >= r->end) {
		r->bad = 1;
		return 0;
	}
	return *r->p++;
}

/* A new string, or NULL (and r->bad) when the length runs past the end. */
static char *get_str(struct reader *r)
{
	uint32_t n = get_u32(r);
	char *s;
	if (r->bad || (uint64_t)(r->end - r->p) < n) {
		r->bad = 1;
		return NULL;
	}
	if (memchr(r->p, '\0', n)) {
		r->bad = 1;
		return NULL;
	}
	s = rt_xmemdupz(r->p, n);
	r->p += n;
	return s;
}

/* A count of items each at least `min` bytes long: bounded by what is left, so a corrupt
 * count cannot make us allocate gigabytes. */
static size_t get_count(struct reader *r, size_t min)
{
	uint32_t n = get_u32(r);
	if (r->bad || (uint64_t)n * min > (uint64_t)(r->end - r->p)) {
		r->bad = 1;
		return 0;
	}
	return n;
}

/* u32 length + bytes, borrowed from the buffer; NULL (and r->bad) when it runs past the end. */
static const unsigned char *get_bytes(struct reader *r, size_t *len)
{
	const unsigned char *p;
	*len = get_count(r, 1);
	if (r->bad)
		return NULL;
	p = r->p;
	r->p += *len;
	return p;
}

static void get_stamp(struct reader *r, struct rt_pkgcache_stamp *st)
{
	st->mtime_ns = (int64_t)get_u64(r);
	st->ctime_ns = (int64_t)get_u64(r);
	st->ino = get_u64(r);
	st->size = get_u64(r);
}

static void get_strv(struct reader *r, struct rt_strv *out)
{
	size_t n = get_count(r, 4);
	out->v = rt_xcalloc(n + 1, sizeof(char *));
	out->n = 0;
	for (size_t i = 0; i < n && !r->bad; i++) {
		char *s = get_str(r);
		if (!s)
			break;
		out->v[out->n++] = s;
	}
}

/* Skips what get_strv reads, checking it the same way. */
static void skip_strv(struct reader *r)
{
	size_t n = get_count(r, 4);
	for (size_t i = 0; i < n && !r->bad; i++) {
		uint32_t len = get_u32(r);
		if (r->bad || (uint64_t)(r->end - r->p) < len || memchr(r->p, '\0', len)) {
			r->bad = 1;
			return;
		}
		r->p += len;
	}
}

/* The summary fields after the stamp: flags, timestamp, four request lists, variants. The
 * skipping and the decoding pass accept exactly the same bytes. */
static void skip_summary(struct reader *r)
{
	size_t n;
	(void)get_u32(r);
	(void)get_u64(r);
	for (int i = 0; i < 4; i++)
		skip_strv(r);
	n = get_count(r, 4);
	for (size_t v = 0; v < n && !r->bad; v++)
		skip_strv(r);
}

static void get_summary(struct reader *r, struct rt_pkg_summary *s)
{
	s->flags = get_u32(r);
	s->timestamp = (long long)get_u64(r);
	get_strv(r, &s->requires);
	get_strv(r, &s->build_requires);
	get_strv(r, &s->private_build_requires);
	get_strv(r, &s->tools);
	s->n_variants = get_count(r, 4);
	s->variants = rt_xcalloc(s->n_variants + 1, sizeof(*s->variants));
	for (size_t v = 0; v < s->n_variants; v++)
		get_strv(r, &s->variants[v]);
}

/* Decodes a record's summary fields if still encoded (see struct record). */
static void record_fill(struct record *rec)
{
	struct reader r = { rec->lazy, rec->lazy_end, 0 };
	if (!rec->lazy)
		return;
	get_summary(&r, rec->sum);
	if (r.bad || r.p != r.end)
		RT_BUG("package cache record changed after it was checked");
	rec->lazy = rec->lazy_end = NULL;
}

/* ---- package data: encoding and decoding ---- */

#define MAX_DEPTH 1000    /* deeper than any definition; bounds recursion on bad input */

static void put_varint(struct rt_buf *sb, uint64_t v)
{
	unsigned char b[10];
	size_t n = 0;
	do {
		b[n] = (unsigned char)(v & 0x7f);
		v >>= 7;
		if (v)
			b[n] |= 0x80;
		n++;
	} while (v);
	rt_buf_add(sb, b, n);
}

static uint64_t zigzag(long long v)
{
	return v < 0 ? ~((uint64_t)v << 1) : (uint64_t)v << 1;
}

static long long unzigzag(uint64_t v)
{
	return v & 1 ? (long long)~(v >> 1) : (long long)(v >> 1);
}

static void put_bytes_v(struct rt_buf *sb, const char *s, size_t n)
{
	put_varint(sb, n);
	rt_buf_add(sb, s, n);
}

static void encode_value(struct rt_buf *sb, const struct rt_value *v, const char *file)
{
	rt_buf_addch(sb, (int)v->type);
	put_varint(sb, zigzag(v->line));
	switch (v->type) {
	case RT_NULL:
		break;
	case RT_BOOL:
		rt_buf_addch(sb, v->u.b != 0);
		break;
	case RT_INT:
		put_varint(sb, zigzag(v->u.i));
		break;
	case RT_FLOAT: {
		uint64_t bits;
		memcpy(&bits, &v->u.f, sizeof(bits));
		put_varint(sb, bits);
		break;
	}
	case RT_STR:
		put_bytes_v(sb, v->u.s.ptr, v->u.s.len);
		break;
	case RT_LIST:
		put_varint(sb, v->u.list.len);
		for (size_t i = 0; i < v->u.list.len; i++)
			encode_value(sb, v->u.list.items[i], file);
		break;
	case RT_MAP:
		put_varint(sb, v->u.map.len);
		for (size_t i = 0; i < v->u.map.len; i++) {
			put_bytes_v(sb, v->u.map.keys[i], strlen(v->u.map.keys[i]));
			encode_value(sb, v->u.map.vals[i], file);
		}
		break;
	case RT_FUNC: {
		const struct rt_func *fn = v->u.fn;
		put_bytes_v(sb, fn->name, strlen(fn->name));
		put_bytes_v(sb, fn->source, strlen(fn->source));
		/* Nearly always the definition file itself: not repeated per function. */
		if (rt_streq(fn->file, file)) {
			put_varint(sb, 0);
		} else {
			size_t n = strlen(fn->file);
			put_varint(sb, (uint64_t)n + 1);
			rt_buf_add(sb, fn->file, n);
		}
		put_varint(sb, zigzag(fn->first_line));
		put_varint(sb, fn->flags);
		put_varint(sb, fn->n_includes);
		for (size_t i = 0; i < fn->n_includes; i++)
			put_bytes_v(sb, fn->includes[i], strlen(fn->includes[i]));
		break;
	}
	}
}

static uint64_t get_varint(struct reader *r)
{
	uint64_t v = 0;
	for (int shift = 0; shift < 64; shift += 7) {
		unsigned b = get_u8(r);
		if (r->bad)
			return 0;
		v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			return v;
	}
	r->bad = 1;
	return 0;
}

/* A count of items each at least `min` bytes long, bounded by what is left. */
static size_t get_varcount(struct reader *r, size_t min)
{
	uint64_t n = get_varint(r);
	if (r->bad || n > (uint64_t)(r->end - r->p) / min) {
		r->bad = 1;
		return 0;
	}
	return (size_t)n;
}

/* varint length + bytes as a new NUL-terminated string; with `text`, NUL bytes are bad. */
static char *get_vstr(struct reader *r, size_t n, int text)
{
	char *s;
	if (r->bad || n > (size_t)(r->end - r->p) || (text && memchr(r->p, '\0', n))) {
		r->bad = 1;
		return NULL;
	}
	s = rt_xmemdupz(r->p, n);
	r->p += n;
	return s;
}

static int int_in_range(long long v)
{
	return v >= -2147483647LL - 1 && v <= 2147483647LL;
}

static struct rt_value *decode_value(struct reader *r, const char *file, int depth)
{
	unsigned type = get_u8(r);
	long long line = unzigzag(get_varint(r));
	struct rt_value *v = NULL;
	if (r->bad || depth > MAX_DEPTH || !int_in_range(line)) {
		r->bad = 1;
		return NULL;
	}
	switch (type) {
	case RT_NULL:
		v = rt_value_null();
		break;
	case RT_BOOL: {
		unsigned b = get_u8(r);
		if (b > 1)
			r->bad = 1;
		v = rt_value_bool((int)b);
		break;
	}
	case RT_INT:
		v = rt_value_int(unzigzag(get_varint(r)));
		break;
	case RT_FLOAT: {
		uint64_t bits = get_varint(r);
		double d;
		memcpy(&d, &bits, sizeof(d));
		v = rt_value_float(d);
		break;
	}
	case RT_STR: {
		size_t n = get_varcount(r, 1);
		if (r->bad || n > (size_t)(r->end - r->p)) {
			r->bad = 1;
			return NULL;
		}
		v = rt_value_strn((const char *)r->p, n);
		r->p += n;
		break;
	}
	case RT_LIST: {
		size_t n = get_varcount(r, 2);
		v = rt_value_list();
		for (size_t i = 0; i < n && !r->bad; i++) {
			struct rt_value *item = decode_value(r, file, depth + 1);
			if (item)
				rt_list_push(v, item);
		}
		break;
	}
	case RT_MAP: {
		size_t n = get_varcount(r, 3);
		v = rt_value_map();
		for (size_t i = 0; i < n && !r->bad; i++) {
			char *key = get_vstr(r, get_varcount(r, 1), 1);
			struct rt_value *val = key ? decode_value(r, file, depth + 1) : NULL;
			/* Keys are unique in what we wrote: a repeat means damage. */
			if (val && rt_map_get(v, key))
				r->bad = 1;
			if (val && !r->bad)
				rt_map_set(v, key, val);
			else
				rt_value_free(val);
			free(key);
		}
		break;
	}
	case RT_FUNC: {
		struct rt_func *fn = rt_xcalloc(1, sizeof(*fn));
		uint64_t flen;
		long long first;
		size_t n;
		v = rt_value_func(fn);
		fn->name = get_vstr(r, get_varcount(r, 1), 1);
		fn->source = get_vstr(r, get_varcount(r, 1), 1);
		flen = get_varint(r);
		if (r->bad)
			break;
		if (flen == 0) {
			fn->file = rt_xstrdup(file);
		} else if (flen - 1 > (uint64_t)(r->end - r->p)) {
			r->bad = 1;
			break;
		} else {
			fn->file = get_vstr(r, (size_t)(flen - 1), 1);
		}
		first = unzigzag(get_varint(r));
		fn->first_line = int_in_range(first) ? (int)first : 0;
		if (!int_in_range(first))
			r->bad = 1;
		fn->flags = (unsigned)get_varint(r);
		n = get_varcount(r, 1);
		if (r->bad)
			break;
		fn->includes = rt_xcalloc(n + 1, sizeof(char *));
		for (size_t i = 0; i < n && !r->bad; i++) {
			char *m = get_vstr(r, get_varcount(r, 1), 1);
			if (m)
				fn->includes[fn->n_includes++] = m;
		}
		break;
	}
	default:
		r->bad = 1;
		return NULL;
	}
	if (r->bad) {
		rt_value_free(v);
		return NULL;
	}
	v->line = (int)line;
	return v;
}

/* The package data encoded in `p` (one map filling it exactly), or NULL when damaged. */
static struct rt_value *decode_data(const unsigned char *p, size_t len, const char *file)
{
	struct reader r = { p, p + len, 0 };
	struct rt_value *v = decode_value(&r, file, 0);
	if (v && (r.p != r.end || v->type != RT_MAP)) {
		rt_value_free(v);
		v = NULL;
	}
	return v;
}

struct rt_value *rt_pkgcache_decode_data(const void *p, size_t len, const char *file)
{
	return decode_data(p, len, file);
}

/* Each 8-byte little-endian word goes through FNV-1a-64's xor and multiply (a bijection of the
 * state, so any single changed word changes the result) and a rotation that carries the high
 * bits down; the tail is padded with zeros and the length mixed in last, with a final
 * avalanche (MurmurHash3's fmix64). */
uint64_t rt_pkgcache_checksum(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t h = 0xcbf29ce484222325ULL, w;
	size_t i = 0;
	for (; i + 8 <= len; i += 8) {
		memcpy(&w, p + i, 8);
		w = le64toh(w);
		h = (h ^ w) * 0x100000001b3ULL;
		h = (h << 29) | (h >> 35);
	}
	w = 0;
	for (int k = 0; i + (size_t)k < len; k++)
		w |= (uint64_t)p[i + (size_t)k] << (8 * k);
	h = (h ^ w) * 0x100000001b3ULL;
	h ^= (uint64_t)len;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

static int cmp_rec(const void *a, const void *b)
{
	return strcmp(((const struct record *)a)->sum->version,
		      ((const struct record *)b)->sum->version);
}

/* Parses the payload into f (listing and records); returns 0, or -1 with *why set. */
static int parse_payload(struct rt_pkgcache_family *f, const unsigned char *p, size_t len,
			 const char **why)
{
	struct reader r = { p, p + len, 0 };
	char *repo = get_str(&r), *name = get_str(&r);
	size_t n;
	int ok = repo && name && rt_streq(repo, f->repo_path) && rt_streq(name, f->name);
	free(repo);
	free(name);
	if (!ok) {
		*why = r.bad ? "malformed" : "written for another repository or family";
		return -1;
	}
	{
		struct rt_pkgcache_stamp ds;
		int valid = (int)get_u8(&r);
		get_stamp(&r, &ds);
		f->unversioned = (int)get_u8(&r);
		n = get_count(&r, 4);
		f->names = rt_xcalloc(n + 1, sizeof(char *));
		for (size_t i = 0; i < n && !r.bad; i++) {
			char *s = get_str(&r);
			if (s)
				f->names[f->n_names++] = s;
		}
		f->listing_valid = valid && !r.bad && dir_stamp_eq(&ds, &f->dir_stamp);
		f->listing_persist = f->listing_valid;
	}
	n = get_count(&r, 8);
	for (size_t i = 0; i < n && !r.bad; i++) {
		struct record rec;
		struct rt_pkg_summary *s = rt_xcalloc(1, sizeof(*s));
		memset(&rec, 0, sizeof(rec));
		rec.sum = s;
		s->version = get_str(&r);
		rec.kind = (int)get_u8(&r);
		get_stamp(&r, &rec.st);
		rec.lazy = r.p;
		skip_summary(&r);
		rec.lazy_end = r.p;
		rec.data = get_bytes(&r, &rec.data_len);
		if (r.bad || !s->version || (rec.kind != KIND_LUA && rec.kind != KIND_YAML &&
					     rec.kind != KIND_PY)) {
			r.bad = 1;
			record_release(&rec);
			break;
		}
		rec.persist = 1;
		f->recs = rt_xgrow(f->recs, sizeof(*f->recs), f->n_recs + 1, &f->cap_recs);
		f->recs[f->n_recs++] = rec;
	}
	if (!r.bad && r.p != r.end)
		r.bad = 1;
	if (r.bad) {
		*why = "malformed";
		return -1;
	}
	if (f->n_recs > 1)
		qsort(f->recs, f->n_recs, sizeof(*f->recs), cmp_rec);
	for (size_t i = 1; i < f->n_recs; i++)
		if (rt_streq(f->recs[i - 1].sum->version, f->recs[i].sum->version)) {
			*why = "malformed";
			return -1;
		}
	return 0;
}

static void family_reset(struct rt_pkgcache_family *f)
{
	for (size_t i = 0; i < f->n_names; i++)
		free(f->names[i]);
	free(f->names);
	f->names = NULL;
	f->n_names = 0;
	for (size_t i = 0; i < f->n_recs; i++)
		record_release(&f->recs[i]);
	f->n_recs = 0;
	f->listing_valid = f->listing_persist = f->unversioned = 0;
	free(f->file_buf);
	f->file_buf = NULL;
}

static int read_all(int fd, struct rt_buf *sb, size_t size)
{
	rt_buf_grow(sb, size);
	while (sb->len < size) {
		ssize_t n = read(fd, sb->buf + sb->len, size - sb->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		rt_buf_setlen(sb, sb->len + (size_t)n);
	}
	return 0;
}

/* Takes a whole cache file's bytes (from disk or the shared cache) into f. Returns 0, or -1
 * with *why set (NULL: another rez-lua version's format, which is not damage). */
static int family_decode(struct rt_pkgcache_family *f, struct rt_buf *sb, const char **why)
{
	struct reader r;
	uint32_t format;
	uint64_t len, sum;
	*why = NULL;
	if (sb->len < HEADER_LEN) {
		*why = "truncated";
		return -1;
	}
	if (memcmp(sb->buf, MAGIC, 8) != 0) {
		*why = "bad magic";
		return -1;
	}
	r = (struct reader){ (const unsigned char *)sb->buf + 8,
			     (const unsigned char *)sb->buf + HEADER_LEN, 0 };
	format = get_u32(&r);
	(void)get_u32(&r);
	len = get_u64(&r);
	sum = get_u64(&r);
	if (format != RT_PKGCACHE_FORMAT)
		return -1;
	if (len != sb->len - HEADER_LEN)
		*why = "truncated";
	else if (rt_pkgcache_checksum(sb->buf + HEADER_LEN, (size_t)len) != sum)
		*why = "checksum mismatch";
	else if (parse_payload(f, (const unsigned char *)sb->buf + HEADER_LEN, (size_t)len, why) < 0)
		family_reset(f);
	else {
		f->file_buf = rt_buf_detach(sb, NULL);   /* the records' data live in it */
		return 0;
	}
	return -1;
}

/* The identity of a family's entry in the shared cache: repository path and family name
 * (both are checked again inside the payload). */
static void shared_id(const struct rt_pkgcache_family *f, struct rt_buf *id)
{
	struct utsname u;
	/* @early code may look at the platform: nodes of another kind keep their own entries. */
	if (uname(&u) == 0)
		rt_buf_addf(id, "%s %s", u.sysname, u.machine);
	rt_buf_addch(id, '\0');
	rt_buf_adds(id, f->repo_path);
	rt_buf_addch(id, '\0');
	rt_buf_adds(id, f->name);
}

#define SHARED_NS "pkgc" RT_PKGCACHE_FORMAT_STR

/* Fills a family that has no usable local file from the shared cache; 1 when it did. What
 * comes from there is validated exactly like a local file (stamps of this machine's view of
 * the repository), so another node's entry is only ever a head start, never an answer. */
static int family_read_shared(struct rt_pkgcache_family *f)
{
	struct rt_pkgcache *c = f->cache;
	struct rt_buf id = RT_BUF_INIT, sb = RT_BUF_INIT;
	const char *why;
	int ok = 0;
	if (!c->shared || !(c->share_flags & (RT_PKGCACHE_SHARE_LISTING | RT_PKGCACHE_SHARE_RECORDS)))
		return 0;
	shared_id(f, &id);
	if (rt_memcache_get(c->shared, SHARED_NS, id.buf, id.len, &sb) &&
	    family_decode(f, &sb, &why) == 0) {
		ok = 1;
		if (!(c->share_flags & RT_PKGCACHE_SHARE_LISTING))
			f->listing_valid = f->listing_persist = 0;
		if (!(c->share_flags & RT_PKGCACHE_SHARE_RECORDS)) {
			for (size_t i = 0; i < f->n_recs; i++)
				record_release(&f->recs[i]);
			f->n_recs = 0;
		}
		f->dirty = 1;      /* keep a local copy */
	}
	rt_buf_release(&id);
	rt_buf_release(&sb);
	return ok;
}

static void family_read(struct rt_pkgcache_family *f)
{
	struct rt_buf sb = RT_BUF_INIT;
	struct stat st;
	const char *why = NULL;
	int fd = open(f->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno != ENOENT && errno != ENOTDIR)
			warnf(f->cache, "cannot read package cache file '%s': %s (ignored)", f->path,
			      strerror(errno));
		family_read_shared(f);
		return;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size > MAX_FILE)
		why = "not a regular file of a sensible size";
	else if (read_all(fd, &sb, (size_t)st.st_size) < 0)
		why = "unreadable";
	else if (family_decode(f, &sb, &why) < 0 && !why)
		f->dirty = 1;   /* another rez-lua version's format: rebuilt without a warning */
	close(fd);
	rt_buf_release(&sb);
	if (why) {
		warnf(f->cache, "package cache file '%s' is corrupt (%s): ignored and rebuilt",
		      f->path, why);
		f->dirty = 1;
	}
	if (f->dirty)
		family_read_shared(f);
}

static size_t fam_slot_hash(const char *repo_path, const char *family)
{
	return (size_t)rt_fnv1a(family, strlen(family),
				rt_fnv1a(repo_path, strlen(repo_path) + 1, RT_FNV1A_INIT));
}

/* The slot of (repo_path, family) in c->fam_slots: its entry, or the empty slot for it. */
static size_t fam_slot_find(const struct rt_pkgcache *c, const char *repo_path, const char *family)
{
	size_t mask = c->cap_fam_slots - 1, i = fam_slot_hash(repo_path, family) & mask;
	for (; c->fam_slots[i]; i = (i + 1) & mask) {
		const struct rt_pkgcache_family *f = c->fams[c->fam_slots[i] - 1];
		if (rt_streq(f->name, family) && rt_streq(f->repo_path, repo_path))
			break;
	}
	return i;
}

struct rt_pkgcache_family *rt_pkgcache_family(struct rt_pkgcache *c, const char *repo_path,
					      const char *family,
					      const struct rt_pkgcache_stamp *dir_stamp)
{
	struct rt_pkgcache_family *f;
	char *rdir;
	if (c->cap_fam_slots) {
		size_t at = c->fam_slots[fam_slot_find(c, repo_path, family)];
		if (at)
			return c->fams[at - 1];
	}
	f = rt_xcalloc(1, sizeof(*f));
	f->cache = c;
	f->repo_path = rt_xstrdup(repo_path);
	f->name = rt_xstrdup(family);
	f->dir_stamp = *dir_stamp;
	rdir = rt_pkgcache_repo_dir(c, repo_path);
	f->path = rt_xstrfmt("%s/%s.rzc", rdir, family);
	free(rdir);
	family_read(f);
	c->fams = rt_xgrow(c->fams, sizeof(*c->fams), c->n_fams + 1, &c->cap_fams);
	c->fams[c->n_fams++] = f;
	if (rt_st_mult(c->n_fams, 2) > c->cap_fam_slots) {
		free(c->fam_slots);
		c->cap_fam_slots = c->cap_fam_slots ? rt_st_mult(c->cap_fam_slots, 2) : 64;
		c->fam_slots = rt_xcalloc(c->cap_fam_slots, sizeof(*c->fam_slots));
		for (size_t i = 0; i < c->n_fams; i++)
			c->fam_slots[fam_slot_find(c, c->fams[i]->repo_path, c->fams[i]->name)] = i + 1;
	} else {
		c->fam_slots[fam_slot_find(c, repo_path, family)] = c->n_fams;
	}
	return f;
}

int rt_pkgcache_listing(struct rt_pkgcache_family *f, const char *const **names, size_t *n,
			int *unversioned)
{
	if (!f->listing_valid)
		return 0;
	*names = (const char *const *)f->names;
	*n = f->n_names;
	*unversioned = f->unversioned;
	return 1;
}

void rt_pkgcache_set_listing(struct rt_pkgcache_family *f, const char *const *names, size_t n,
			     int unversioned)
{
	for (size_t i = 0; i < f->n_names; i++)
		free(f->names[i]);
	free(f->names);
	f->names = rt_xcalloc(n + 1, sizeof(char *));
	for (size_t i = 0; i < n; i++)
		f->names[i] = rt_xstrdup(names[i]);
	f->n_names = n;
	f->unversioned = unversioned;
	f->listing_valid = 1;
	f->listing_persist = !is_racy(&f->dir_stamp, rt_pkgcache_now_ns());
	f->dirty = f->share = 1;
}

static struct record *find_rec(struct rt_pkgcache_family *f, const char *version, size_t *pos)
{
	size_t lo = 0, hi = f->n_recs;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(f->recs[mid].sum->version, version);
		if (c == 0)
			return &f->recs[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (pos)
		*pos = lo;
	return NULL;
}

const struct rt_pkg_summary *rt_pkgcache_lookup(struct rt_pkgcache_family *f, const char *version,
						const char *dir)
{
	struct record *rec = find_rec(f, version, NULL);
	if (!rec)
		return NULL;
	if (!rec->checked) {
		struct rt_pkgcache_stamp st;
		char *path = rt_xstrfmt("%s/%s", dir, def_names[rec->kind]);
		rec->valid = rt_pkgcache_stamp_path(path, &st) == 0 && stamp_eq(&st, &rec->st);
		/* A file that wins over the record's (package.lua over package.py over
		 * package.yaml) appearing makes the record stale. */
		for (size_t i = 0; rec->valid && def_order[i] != rec->kind; i++) {
			char *better = rt_xstrfmt("%s/%s", dir, def_names[def_order[i]]);
			struct stat lst;
			rec->valid = lstat(better, &lst) < 0;
			free(better);
		}
		rec->checked = 1;
		if (rec->valid && (!rec->sum->file || !rt_streq(rec->sum->file, path))) {
			free(rec->sum->file);
			rec->sum->file = path;
			path = NULL;
		}
		free(path);
	}
	if (!rec->valid)
		return NULL;
	record_fill(rec);
	return rec->sum;
}

struct rt_value *rt_pkgcache_data(struct rt_pkgcache_family *f, const char *version)
{
	struct record *rec = find_rec(f, version, NULL);
	struct rt_value *v;
	if (!rec || !rec->checked || !rec->valid)
		return NULL;
	v = decode_data(rec->data, rec->data_len, rec->sum->file);
	if (!v) {
		/* The checksum matched, so this is a bug or a deliberate edit: drop the record. */
		warnf(f->cache, "package cache file '%s' is corrupt (bad data for version '%s'): "
		      "ignored and rebuilt", f->path, version);
		rec->valid = 0;
		f->dirty = 1;
	}
	return v;
}

int rt_pkgcache_raw_data(struct rt_pkgcache_family *f, const char *version, const void **data,
			 size_t *len)
{
	struct record *rec = f ? find_rec(f, version, NULL) : NULL;
	if (!rec || !rec->checked || !rec->valid || !rec->data)
		return 0;
	*data = rec->data;
	*len = rec->data_len;
	return 1;
}

const struct rt_pkg_summary *rt_pkgcache_store(struct rt_pkgcache_family *f, const char *version,
					       const char *file, const struct rt_pkgcache_stamp *st,
					       int64_t read_ns, const struct rt_package *pkg,
					       const struct rt_value *data)
{
	struct rt_buf enc = RT_BUF_INIT;
	size_t pos = 0;
	struct record *rec = find_rec(f, version, &pos);
	const char *base = strrchr(file, '/');
	base = base ? base + 1 : file;
	if (!rec) {
		f->recs = rt_xgrow(f->recs, sizeof(*f->recs), f->n_recs + 1, &f->cap_recs);
		memmove(f->recs + pos + 1, f->recs + pos, (f->n_recs - pos) * sizeof(*f->recs));
		f->n_recs++;
		rec = &f->recs[pos];
	} else {
		f->retired = rt_xgrow(f->retired, sizeof(*f->retired), f->n_retired + 1,
				      &f->cap_retired);
		f->retired[f->n_retired++] = rec->sum;
		rec->sum = NULL;
		record_release(rec);
	}
	memset(rec, 0, sizeof(*rec));
	rec->sum = rt_pkg_summary_new(pkg, version, file);
	encode_value(&enc, data ? data : pkg->data, file);
	rec->data = (const unsigned char *)rt_buf_detach(&enc, &rec->data_len);
	rec->owns_data = 1;
	rec->st = *st;
	rec->kind = rt_streq(base, def_names[KIND_YAML]) ? KIND_YAML
		: rt_streq(base, def_names[KIND_PY]) ? KIND_PY : KIND_LUA;
	rec->checked = rec->valid = 1;
	rec->persist = !is_racy(st, read_ns);
	f->dirty = f->share = 1;
	return rec->sum;
}

/* ---- writing ---- */

static void put_u64(struct rt_buf *sb, uint64_t v)
{
	unsigned char b[8];
	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)(v >> (8 * i));
	rt_buf_add(sb, b, 8);
}

static void put_u32(struct rt_buf *sb, uint32_t v)
{
	unsigned char b[4];
	for (int i = 0; i < 4; i++)
		b[i] = (unsigned char)(v >> (8 * i));
	rt_buf_add(sb, b, 4);
}

static void put_str(struct rt_buf *sb, const char *s)
{
	size_t n = strlen(s);
	put_u32(sb, (uint32_t)n);
	rt_buf_add(sb, s, n);
}

static void put_stamp(struct rt_buf *sb, const struct rt_pkgcache_stamp *st)
{
	put_u64(sb, (uint64_t)st->mtime_ns);
	put_u64(sb, (uint64_t)st->ctime_ns);
	put_u64(sb, st->ino);
	put_u64(sb, st->size);
}

static void put_strv(struct rt_buf *sb, const struct rt_strv *v)
{
	put_u32(sb, (uint32_t)v->n);
	for (size_t i = 0; i < v->n; i++)
		put_str(sb, v->v[i]);
}

static void serialize(struct rt_pkgcache_family *f, struct rt_buf *out)
{
	struct rt_buf p = RT_BUF_INIT;
	size_t n = 0;
	put_str(&p, f->repo_path);
	put_str(&p, f->name);
	rt_buf_addch(&p, f->listing_valid && f->listing_persist);
	put_stamp(&p, &f->dir_stamp);
	rt_buf_addch(&p, f->unversioned);
	put_u32(&p, (uint32_t)f->n_names);
	for (size_t i = 0; i < f->n_names; i++)
		put_str(&p, f->names[i]);
	/* Records not looked at by this process are kept as they were read: they are validated
	 * when read, like every record (dropping them made the next resolve evaluate them). */
	for (size_t i = 0; i < f->n_recs; i++)
		n += f->recs[i].persist && (f->recs[i].valid || !f->recs[i].checked);
	put_u32(&p, (uint32_t)n);
	for (size_t i = 0; i < f->n_recs; i++) {
		struct record *rec = &f->recs[i];
		const struct rt_pkg_summary *s = rec->sum;
		if (!rec->persist || (!rec->valid && rec->checked))
			continue;
		record_fill(rec);
		put_str(&p, s->version);
		rt_buf_addch(&p, rec->kind);
		put_stamp(&p, &rec->st);
		put_u32(&p, s->flags);
		put_u64(&p, (uint64_t)s->timestamp);
		put_strv(&p, &s->requires);
		put_strv(&p, &s->build_requires);
		put_strv(&p, &s->private_build_requires);
		put_strv(&p, &s->tools);
		put_u32(&p, (uint32_t)s->n_variants);
		for (size_t v = 0; v < s->n_variants; v++)
			put_strv(&p, &s->variants[v]);
		put_u32(&p, (uint32_t)rec->data_len);
		rt_buf_add(&p, rec->data, rec->data_len);
	}
	rt_buf_add(out, MAGIC, 8);
	put_u32(out, RT_PKGCACHE_FORMAT);
	put_u32(out, 0);
	put_u64(out, p.len);
	put_u64(out, rt_pkgcache_checksum(p.buf, p.len));
	rt_buf_addbuf(out, &p);
	rt_buf_release(&p);
}

int rt_pkgcache_flush(struct rt_pkgcache *c)
{
	struct rt_buf sb = RT_BUF_INIT;
	int written = 0;
	char *made = NULL;     /* the repository directory last created */
	if (c->write_failed)
		return -1;
	for (size_t i = 0; i < c->n_fams; i++) {
		struct rt_pkgcache_family *f = c->fams[i];
		char *rdir;
		if (!f->dirty)
			continue;
		rdir = rt_pkgcache_repo_dir(c, f->repo_path);
		if ((!made || !rt_streq(made, rdir)) && rt_file_mkdirs(rdir) < 0) {
			warnf(c, "cannot write the package cache in '%s': %s (continuing without it)",
			      rdir, strerror(errno));
			free(rdir);
			c->write_failed = 1;
			break;
		}
		free(made);
		made = rdir;
		rt_buf_reset(&sb);
		serialize(f, &sb);
		/* No fsync (see the header): a torn file fails its checksum and is rebuilt. */
		if (rt_file_write_atomic(f->path, sb.buf, sb.len, 0666, RT_FILE_NOSYNC, NULL) < 0) {
			warnf(c, "cannot write the package cache file '%s': %s (continuing without it)",
			      f->path, strerror(errno));
			c->write_failed = 1;
			break;
		}
		f->dirty = 0;
		written++;
		if (f->share && c->shared) {
			struct rt_buf id = RT_BUF_INIT;
			shared_id(f, &id);
			rt_memcache_set(c->shared, SHARED_NS, id.buf, id.len, sb.buf, sb.len,
					c->shared_min_compress_len);
			rt_buf_release(&id);
		}
		f->share = 0;
	}
	free(made);
	rt_buf_release(&sb);
	return c->write_failed ? -1 : written;
}
