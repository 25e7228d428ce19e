/* context.h - a resolved context: what was asked for, what was resolved, and when.
 *
 * This module holds the data and its `.rxt` file form (JSON with Rez's field names, so a
 * context written by rez-lua reads like Rez's, serialize_version 4.9). Resolving and running
 * commands live elsewhere (runtime/solver.h, runtime/rex.h); a context records enough to
 * re-run commands later: the resolved variants with their repository locations and roots.
 *
 * Ownership: a context owns every string and array in it; rt_context_free releases it all.
 * Fill one by hand (tests) or through the resolver glue; strings are malloc'd copies. */
#ifndef RT_CONTEXT_H
#define RT_CONTEXT_H

#include "runtime/common.h"
#include "runtime/error.h"

struct rt_buf;
struct rt_value;

struct rt_strlist {
	char **v;
	size_t n, cap;
};

void rt_strlist_push(struct rt_strlist *l, const char *s);
void rt_strlist_release(struct rt_strlist *l);

struct rt_context_pkg {
	char *name;
	char *version;         /* as written ("" for unversioned packages) */
	int variant_index;     /* -1: the package has no variants */
	char *location;        /* repository path the package came from */
	char *base;            /* package directory */
	char *root;            /* variant directory (base for variant-less packages) */
	char *uri;             /* definition file, plus "[index]" as Rez writes it */
};

enum rt_context_status { RT_CTX_SOLVED, RT_CTX_FAILED, RT_CTX_ABORTED };

struct rt_context {
	struct rt_strlist requests;       /* explicit requests, canonical (ephemerals included) */
	struct rt_strlist implicits;      /* implicit package requests appended to them */
	struct rt_strlist package_paths;  /* repositories searched, in order */
	struct rt_strlist ephemerals;     /* resolved ephemeral requests (".foo-1") */
	struct rt_context_pkg *pkgs;      /* resolved variants in resolve (command) order */
	size_t n_pkgs, cap_pkgs;
	struct rt_value *package_filter;  /* as configured (list of {excludes, includes}); may be NULL */
	struct rt_value *package_orderers; /* Rez's to_pod list (runtime/order.h); NULL: none */
	enum rt_context_status status;
	char *failure_description;        /* NULL unless status is failed */
	long long created;                /* epoch seconds the context was made */
	long long timestamp;              /* packages released after this were ignored */
	long long requested_timestamp;    /* 0: none requested */
	int building, testing;
	char *user, *host, *platform, *arch, *os;
	char *rez_version;                /* version of rez-lua that made it */
	double solve_time, load_time;
	long long num_loaded_packages;
	char *rxt_path;                   /* file it was loaded from / saved to, or NULL */
	int from_cache;                   /* resolved from the resolve cache (runtime/rcache.h) */
	char *parent_suite_path;          /* the suite holding this context (rez suite), or NULL */
	char *suite_context_name;         /* its name in that suite, or NULL */
};

struct rt_context *rt_context_new(void);
void rt_context_free(struct rt_context *ctx);
/* Appends a resolved variant (copies every string; NULL strings become ""). */
struct rt_context_pkg *rt_context_add_pkg(struct rt_context *ctx, const char *name,
					  const char *version, int variant_index,
					  const char *location, const char *base,
					  const char *root, const char *uri);
/* Fills created/timestamp/user/host/platform/arch/os/rez_version from this machine. */
void rt_context_stamp(struct rt_context *ctx);
const char *rt_context_status_name(enum rt_context_status s);
/* "name-version" of a resolved package (a pointer into a static-lifetime buffer owned by
 * the caller: written into out). */
void rt_context_pkg_qualified_name(const struct rt_context_pkg *p, struct rt_buf *out);

/* JSON in Rez's .rxt form: sorted keys, 4-space indent. */
int rt_context_to_json(const struct rt_context *ctx, struct rt_buf *out, struct rt_error *err);
/* Parses a .rxt text. A file that is not a context (not JSON, no serialize_version, wrong
 * field types) or is from a newer major format gets a clear error naming `name`. */
struct rt_context *rt_context_from_json(const char *text, size_t len, const char *name,
					struct rt_error *err);
/* Writes atomically (runtime/file.h). Path "-" writes to stdout. */
int rt_context_save(const struct rt_context *ctx, const char *path, struct rt_error *err);
/* Path "-" reads stdin. */
struct rt_context *rt_context_load(const char *path, struct rt_error *err);


#endif
