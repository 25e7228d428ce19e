/* pkgcache.h - the package cache: what resolving needs from each package, kept on disk so that
 * a resolve evaluates no Lua for packages that did not change.
 *
 * What is cached, per package (struct rt_pkg_summary): its version, definition file, requires,
 * build_requires, private_build_requires, variants and tools as canonical request strings,
 * the `timestamp` attribute, and flags: which of those lists are @late and not evaluated
 * (an @late `requires`, evaluated outside a context for the package as Rez's solver reads
 * it, is cached as its value; @late build_requires and private_build_requires are never
 * stored, since Rez evaluates them per variant and only when building; otherwise the
 * caller must load and evaluate the package for them) and whether pre_commands / commands /
 * post_commands are defined, and whether variants are hashed. Early bindings are already evaluated in the data a loader
 * returns, so their results are cached like any other value. Each record also holds the
 * package's whole data (the map the loader returned: functions kept as source, with their
 * files, lines and includes, and every value's `line`), decoded only when asked for
 * (rt_pkgcache_data), so activating a context evaluates no Lua either. Per family directory,
 * the list of its version directories is cached too, so listing a family reads no directory.
 *
 * Layout: one file per (repository path, family):
 *     DIR/<basename>-<16 hex digits of FNV-1a(repository path)>/<family>.rzc
 * DIR is `package_cache_dir`, else $XDG_CACHE_HOME/rez-lua/packages, else
 * ~/.cache/rez-lua/packages (rt_pkgcache_default_dir). One file per family keeps the cost of
 * a resolve proportional to the families it touches, not to the repository's size, and lets
 * concurrent writers of different families never contend.
 *
 * File format (integers little-endian, strings as u32 length + bytes, no NUL):
 *     "RZLPKGC\n"  u32 format (RT_PKGCACHE_FORMAT)  u32 0  u64 payload length  u64 checksum
 *     payload: str repository path, str family,
 *              u8 listing valid, stamp of the family directory, u8 unversioned package,
 *              u32 n + n str (version directory names),
 *              u32 n + n records: str version, u8 kind (1 package.lua, 2 package.yaml),
 *                  stamp of the definition, u32 flags, i64 timestamp, requires,
 *                  build_requires, private_build_requires, tools (u32 n + n str each),
 *                  u32 n variants + each as a list, u32 length + data (below)
 *     stamp: i64 mtime ns, i64 ctime ns, u64 inode, u64 size.
 *     data: one value, written as: u8 type, varint zigzag(line), then by type: bool u8;
 *           int varint zigzag; float u64 bits; string varint length + bytes; list varint n +
 *           n values; map varint n + n (string key, value); function: name, source, file as
 *           varint length+1 + bytes (0: the record's definition file), varint
 *           zigzag(first_line), varint flags, varint n + n include names. Varints are
 *           LEB128 (7 bits a byte, low first).
 *
 * Validity: a cached listing is used when the family directory's stamp (mtime, ctime, inode)
 * is unchanged (adding, removing or ignoring a version changes it); a record is used when its
 * definition file's stamp (mtime, ctime, inode, size) is unchanged, and, for package.yaml,
 * when no package.lua has appeared beside it. Entries whose file or directory changed less
 * than RT_PKGCACHE_RACY_NS before they were read are kept in memory but not written: a second
 * change within the filesystem's timestamp granularity could otherwise go unnoticed (git's
 * "racily clean" problem).
 *
 * Concurrency: files are written whole to a temporary file in the same directory and renamed
 * over the old one (no fsync: a file torn by a crash fails its checksum and is rebuilt), so a
 * reader sees the old file or the new one; two writers of the same family race harmlessly,
 * the last rename wins and the other's new records are evaluated again next time.
 *
 * Shared cache: with memcached servers configured (memcached_uri), a family's file is also kept
 * there under its repository path and family name, so a node whose local cache is cold starts
 * from another node's work instead of evaluating definitions. Validity is decided here, on this
 * machine, by the same stamps as for a local file: an entry from another node can save work,
 * never change a result.
 *
 * Errors are never fatal: a corrupt file (bad magic, truncated, checksum mismatch, malformed
 * payload, a record's data that does not decode) is reported through the `warn` callback,
 * ignored and rewritten (for bad data: that record is evaluated again); a file in another
 * rez-lua version's format is rewritten without a warning (upgrades are not damage);
 * an unwritable cache directory is reported once per cache object and the cache then works in
 * memory only. Nothing here prints.
 *
 * Ownership: the cache owns every family object and summary it returns (borrowed, valid until
 * rt_pkgcache_free). Calling sequence (runtime/repo.c does this):
 *     c = rt_pkgcache_new(&opts);
 *     fam = rt_pkgcache_family(c, repo_path, family, &dir_stamp);
 *     if (!rt_pkgcache_listing(fam, &names, &n, &unversioned)) { scan; rt_pkgcache_set_listing(...); }
 *     s = rt_pkgcache_lookup(fam, version, dir);   data = s ? rt_pkgcache_data(fam, version) : NULL;
 *     if (!data) { rt_pkgcache_stamp_definition(dir, &st, &kind); load; s = rt_pkgcache_store(...); }
 *     rt_pkgcache_flush(c);   rt_pkgcache_free(c); */
#ifndef RT_PKGCACHE_H
#define RT_PKGCACHE_H

#include "runtime/common.h"
#include "runtime/error.h"

#include <stdint.h>

struct rt_package;

#define RT_PKGCACHE_FORMAT 5
#define RT_PKGCACHE_FORMAT_STR "5"
#define RT_PKGCACHE_RACY_NS 100000000LL   /* 100 ms */

struct rt_memcache;

/* What a family's entry in the shared cache may give (Rez's cache_listdir and
 * cache_package_files). */
enum {
	RT_PKGCACHE_SHARE_LISTING = 1 << 0,
	RT_PKGCACHE_SHARE_RECORDS = 1 << 1
};

struct rt_pkgcache_opts {
	const char *dir;                /* cache root; NULL: rt_pkgcache_default_dir() */
	void (*warn)(void *ud, const char *msg);   /* may be NULL: warnings are dropped */
	void *warn_ud;
	/* The shared cache (runtime/memcache.h), taken over by the cache (freed with it, or at
	 * once when rt_pkgcache_new returns NULL); NULL: none. A family whose local file is
	 * missing, corrupt or in another format is read from it (the same bytes as the file,
	 * validated the same way), and a family changed by this process is offered to it when
	 * flushed. */
	struct rt_memcache *shared;
	unsigned share_flags;           /* RT_PKGCACHE_SHARE_* */
	size_t shared_min_compress_len; /* memcached_package_file_min_compress_len */
};

struct rt_pkgcache_stamp {
	int64_t mtime_ns, ctime_ns;
	uint64_t ino, size;
};

enum {
	RT_PKGSUM_LATE_REQUIRES = 1 << 0,
	RT_PKGSUM_LATE_BUILD_REQUIRES = 1 << 1,
	RT_PKGSUM_LATE_PRIVATE_BUILD_REQUIRES = 1 << 2,
	RT_PKGSUM_LATE_TOOLS = 1 << 3,
	RT_PKGSUM_HAS_PRE_COMMANDS = 1 << 4,
	RT_PKGSUM_HAS_COMMANDS = 1 << 5,
	RT_PKGSUM_HAS_POST_COMMANDS = 1 << 6,
	RT_PKGSUM_HASHED_VARIANTS = 1 << 7,    /* variant roots are SHA-1 directories */
	RT_PKGSUM_LATE_EVALUATED = 1 << 8      /* request lists hold evaluated @late values */
};

struct rt_strv {
	char **v;
	size_t n;
};

struct rt_pkg_summary {
	char *version;              /* the version directory's name; "" when unversioned */
	char *file;                 /* full path of the definition file */
	long long timestamp;        /* `timestamp` attribute; 0 when absent */
	unsigned flags;             /* RT_PKGSUM_* */
	struct rt_strv requires, build_requires, private_build_requires, tools;
	struct rt_strv *variants;   /* n_variants lists of request strings */
	size_t n_variants;
};

/* A summary of a loaded package (lists formatted canonically; @late request lists are their
 * evaluated values when pkg->late_evaluated, else left empty with their flag set); `file` is copied. Free with rt_pkg_summary_free. */
struct rt_pkg_summary *rt_pkg_summary_new(const struct rt_package *pkg, const char *version,
					  const char *file);
void rt_pkg_summary_free(struct rt_pkg_summary *s);
/* 1 when both describe the same package data (for tests and checks). */
int rt_pkg_summary_equal(const struct rt_pkg_summary *a, const struct rt_pkg_summary *b);

struct rt_pkgcache;
struct rt_pkgcache_family;

/* The cache root used when none is configured (new string), or NULL when neither
 * $XDG_CACHE_HOME nor $HOME is set. */
char *rt_pkgcache_default_dir(void);

/* NULL when opts->dir is NULL and there is no default directory (the caller then runs
 * without a cache). opts->dir is copied. */
struct rt_pkgcache *rt_pkgcache_new(const struct rt_pkgcache_opts *opts);
void rt_pkgcache_free(struct rt_pkgcache *c);
/* The shared cache the cache was given (borrowed), or NULL. */
struct rt_memcache *rt_pkgcache_shared(const struct rt_pkgcache *c);
/* The cache's root directory (borrowed), or NULL for a NULL cache. */
const char *rt_pkgcache_dir(const struct rt_pkgcache *c);
/* The directory holding the files of `repo_path` (new string). */
char *rt_pkgcache_repo_dir(const struct rt_pkgcache *c, const char *repo_path);

struct stat;
/* The stamp of a stat result. */
void rt_pkgcache_stamp_of(const struct stat *st, struct rt_pkgcache_stamp *out);
/* Stamp of a file or directory; -1 (errno set) when it cannot be stat'ed. */
int rt_pkgcache_stamp_path(const char *path, struct rt_pkgcache_stamp *st);
/* The definition file of package directory `dir` (package.lua preferred) and its stamp;
 * *file is a new string. Returns 0, or -1 when there is none. */
int rt_pkgcache_stamp_definition(const char *dir, char **file, struct rt_pkgcache_stamp *st);

/* The cache of one family of one repository path, read from disk on first use. `dir_stamp`
 * is the family directory's current stamp. Never NULL. */
struct rt_pkgcache_family *rt_pkgcache_family(struct rt_pkgcache *c, const char *repo_path,
					      const char *family,
					      const struct rt_pkgcache_stamp *dir_stamp);
/* 1 and the cached version directory names (borrowed) when the listing is valid; else 0. */
int rt_pkgcache_listing(struct rt_pkgcache_family *f, const char *const **names, size_t *n,
			int *unversioned);
/* Records the listing just scanned (names copied). */
void rt_pkgcache_set_listing(struct rt_pkgcache_family *f, const char *const *names, size_t n,
			     int unversioned);
/* The valid record of `version` (directory `dir`), or NULL when there is none or it is stale
 * (the definition file changed). Stats the definition file. */
const struct rt_pkg_summary *rt_pkgcache_lookup(struct rt_pkgcache_family *f, const char *version,
						const char *dir);
/* The data of the valid record of `version` (call rt_pkgcache_lookup first): a new tree the
 * caller owns, or NULL when there is no valid record or its data does not decode (then a
 * warning is given and the record is dropped, so the caller evaluates and stores again). */
struct rt_value *rt_pkgcache_data(struct rt_pkgcache_family *f, const char *version);
/* The encoded data of the record of `version` (rt_pkgcache_decode_data's input), borrowed
 * until the family is next changed or freed: 1 when the record was validated against its
 * definition file in this process (rt_pkgcache_lookup, or stored here), else 0. */
int rt_pkgcache_raw_data(struct rt_pkgcache_family *f, const char *version, const void **data,
			 size_t *len);
/* Records `pkg` (loaded from `file`, whose stamp `st` was taken before it was read, at
 * `read_ns` on CLOCK_REALTIME) as the record of `version`, replacing any other; returns the
 * new summary. `data` is what the loader returned (encoded, not kept); NULL: pkg->data.
 * Summaries returned earlier for `version` stay valid until rt_pkgcache_free. */
const struct rt_pkg_summary *rt_pkgcache_store(struct rt_pkgcache_family *f, const char *version,
					       const char *file, const struct rt_pkgcache_stamp *st,
					       int64_t read_ns, const struct rt_package *pkg,
					       const struct rt_value *data);
/* Writes every family changed since it was read. Returns the number of files written, or -1
 * when one could not be written (reported through warn, once per cache). */
int rt_pkgcache_flush(struct rt_pkgcache *c);

/* The decoder of one record's data (the "data" encoding above), on its own for tests and
 * fuzzing: a new RT_MAP, or NULL when the bytes are not exactly one encoded map. `file`
 * names the definition file of functions stored without one. */
struct rt_value *rt_pkgcache_decode_data(const void *p, size_t len, const char *file);

/* The checksum of a cache file's payload (the header's u64): eight bytes a step (a warm
 * resolve checksums every file it reads; FNV-1a's byte a step was 6 % of a 176-package
 * `rez env`). It detects torn and damaged files, not forgeries: a cache file is as trusted as
 * the cache directory. */
uint64_t rt_pkgcache_checksum(const void *p, size_t len);

/* CLOCK_REALTIME in nanoseconds, the clock file stamps are compared with. */
int64_t rt_pkgcache_now_ns(void);

#endif
