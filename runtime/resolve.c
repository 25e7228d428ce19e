/* resolve.c - requests to contexts over filesystem repositories (see resolve.h). */
#include "runtime/resolve.h"
#include "runtime/buf.h"
#include "runtime/context.h"
#include "runtime/filter.h"
#include "runtime/order.h"
#include "runtime/json.h"
#include "runtime/memcache.h"
#include "runtime/package.h"
#include "runtime/pkgcache.h"
#include "runtime/rcache.h"
#include "runtime/repo.h"
#include "runtime/value.h"
#include "runtime/version.h"

#include <dirent.h>
#include <limits.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

struct source {
	const struct rt_resolve_opts *opts;
	size_t loaded;
	struct rt_rcache_trace *trace;   /* what the answer depends on; NULL: not cached */
};

/* Records the version directory and definition file of an entry before its data is read. */
static void trace_entry(struct source *s, const struct rt_repo_entry *e)
{
	struct rt_error ignored = RT_ERROR_INIT;
	const char *file;
	if (!s->trace)
		return;
	file = rt_repo_definition_file(s->opts->repo, e, &ignored);
	if (file) {
		/* The directory's stamp catches a definition of a stronger kind appearing beside
		 * this one; nothing is stronger than package.lua, so its own stamp is enough. */
		if (!rt_ends_with(file, "/package.lua"))
			rt_rcache_trace_path(s->trace, e->dir);
		rt_rcache_trace_path(s->trace, file);
	} else {
		rt_rcache_trace_path(s->trace, e->dir);
		rt_rcache_trace_taint(s->trace);   /* the load fails and says why */
	}
	rt_error_release(&ignored);
}

static int list_family(void *ud, const char *family, struct rt_solver_sink *sink,
		       struct rt_error *err)
{
	struct source *s = ud;
	const struct rt_repo_entry *const *entries;
	size_t n;
	if (s->trace) {
		struct rt_buf dir = RT_BUF_INIT;
		for (size_t i = 0; i < rt_repo_n_paths(s->opts->repo); i++) {
			rt_buf_reset(&dir);
			rt_buf_addf(&dir, "%s/%s", rt_repo_path(s->opts->repo, i), family);
			rt_rcache_trace_path(s->trace, dir.buf);
		}
		rt_buf_release(&dir);
	}
	if (rt_repo_versions(s->opts->repo, family, &entries, &n, err) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (rt_solver_add_package(sink, rt_version_str(entries[i]->version),
					  (void *)entries[i], err) < 0)
			return -1;
	return 0;
}

static void free_strs(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* The request strings of an evaluated late list `v` (taken). */
static int strs_of_late(const struct rt_package *pkg, const char *attr, struct rt_value *v,
			char ***out, size_t *n, struct rt_error *err)
{
	*out = NULL;
	*n = 0;
	if (!v || v->type != RT_LIST) {
		rt_value_free(v);
		return rt_error(err, "%s: @late '%s' must return a list of strings", pkg->file, attr);
	}
	*out = rt_xcalloc(rt_list_len(v) + 1, sizeof(char *));
	for (size_t i = 0; i < rt_list_len(v); i++) {
		const char *str = rt_value_as_str(rt_list_at(v, i));
		if (!str) {
			for (size_t j = 0; j < *n; j++)
				free((*out)[j]);
			free(*out);
			*out = NULL;
			*n = 0;
			rt_error(err, "%s: @late '%s' must return a list of strings (item %zu is a %s)",
				 pkg->file, attr, i + 1, rt_value_type_name(rt_list_at(v, i)->type));
			rt_value_free(v);
			return -1;
		}
		(*out)[(*n)++] = rt_xstrdup(str);
	}
	rt_value_free(v);
	return 0;
}

/* Request strings of a parsed list, or of a late attribute evaluated by the caller. */
static int reqs_of(struct source *s, const struct rt_package *pkg, const char *attr,
		   const struct rt_reqlist *parsed, int late, char ***out, size_t *n,
		   struct rt_error *err)
{
	struct rt_buf sb = RT_BUF_INIT;
	*out = NULL;
	*n = 0;
	if (late && !pkg->late_evaluated) {
		struct rt_value *v = NULL;
		if (!s->opts->late_requires)
			return rt_error(err, "%s: @late '%s' cannot be evaluated here", pkg->file, attr);
		if (s->opts->late_requires(s->opts->late_ud, pkg, attr, &v, err) < 0)
			return -1;
		return strs_of_late(pkg, attr, v, out, n, err);
	}
	*out = rt_xcalloc(parsed->len + 1, sizeof(char *));
	for (size_t i = 0; i < parsed->len; i++) {
		rt_buf_reset(&sb);
		rt_request_format(parsed->items[i], &sb);
		(*out)[(*n)++] = rt_xstrdup(sb.buf);
	}
	rt_buf_release(&sb);
	return 0;
}

/* The late build_requires of variant `index` (-1: the package has no variants). */
static int late_variant_reqs(struct source *s, const struct rt_package *pkg, int index,
			     char ***out, size_t *n, struct rt_error *err)
{
	struct rt_value *v = NULL;
	*out = NULL;
	*n = 0;
	if (rt_repo_late_variant(s->opts->repo, pkg, "build_requires", index, &v, err) < 0)
		return -1;
	return strs_of_late(pkg, "build_requires", v, out, n, err);
}

static int load_package(void *ud, const char *family, void *handle, struct rt_solver_sink *sink,
			struct rt_error *err)
{
	struct source *s = ud;
	const struct rt_repo_entry *e = handle;
	const struct rt_pkg_summary *sum;
	const struct rt_package *pkg;
	char **reqs;
	size_t n;
	(void)family;
	trace_entry(s, e);
	sum = rt_repo_summary(s->opts->repo, e, err);
	if (!sum)
		return -1;
	s->loaded++;
	if (s->trace && (sum->flags & RT_PKGSUM_LATE_EVALUATED))
		rt_rcache_trace_taint(s->trace);   /* late code may read more than its file */
	/* Rez reads build_requires only when building, so a late one costs nothing otherwise */
	if (!(sum->flags & RT_PKGSUM_LATE_REQUIRES) &&
	    !(s->opts->solver.building && (sum->flags & RT_PKGSUM_LATE_BUILD_REQUIRES))) {
		/* The cacheable case: no Lua runs. */
		rt_solver_set_requires(sink, (const char *const *)sum->requires.v, sum->requires.n);
		rt_solver_set_build_requires(sink, (const char *const *)sum->build_requires.v,
					     sum->build_requires.n);
		for (size_t v = 0; v < sum->n_variants; v++)
			rt_solver_add_variant(sink, (int)v, (const char *const *)sum->variants[v].v,
					      sum->variants[v].n);
		return 0;
	}
	if (s->trace)
		rt_rcache_trace_taint(s->trace);   /* late code may read more than its file */
	pkg = rt_repo_load(s->opts->repo, e, err);
	if (!pkg)
		return -1;
	if (reqs_of(s, pkg, "requires", &pkg->requires, pkg->late_requires, &reqs, &n, err) < 0)
		return -1;
	rt_solver_set_requires(sink, (const char *const *)reqs, n);
	free_strs(reqs, n);
	/* a late build_requires: once per variant, `this` the variant (Rez's Variant reads it
	 * through its own wrapper; `requires` through the parent package's) */
	if (!pkg->late_build_requires) {
		if (reqs_of(s, pkg, "build_requires", &pkg->build_requires, 0, &reqs, &n, err) < 0)
			return -1;
		rt_solver_set_build_requires(sink, (const char *const *)reqs, n);
		free_strs(reqs, n);
	} else if (s->opts->solver.building && !pkg->n_variants) {
		if (late_variant_reqs(s, pkg, -1, &reqs, &n, err) < 0)
			return -1;
		rt_solver_set_build_requires(sink, (const char *const *)reqs, n);
		free_strs(reqs, n);
	}
	for (size_t v = 0; v < pkg->n_variants; v++) {
		if (reqs_of(s, pkg, "variants", &pkg->variants[v], 0, &reqs, &n, err) < 0)
			return -1;
		rt_solver_add_variant(sink, (int)v, (const char *const *)reqs, n);
		free_strs(reqs, n);
		if (pkg->late_build_requires && s->opts->solver.building) {
			if (late_variant_reqs(s, pkg, (int)v, &reqs, &n, err) < 0)
				return -1;
			rt_solver_set_variant_build_requires(sink, (const char *const *)reqs, n);
			free_strs(reqs, n);
		}
	}
	return 0;
}

static int filter_pkg(void *ud, const char *family, const struct rt_version *version, void *handle,
		      struct rt_error *err)
{
	struct source *s = ud;
	const struct rt_repo_entry *e = handle;
	struct rt_filter_pkg fp;
	struct rt_buf qn = RT_BUF_INIT;
	long long ts = 0;
	int excluded = 0;

	if (s->opts->timestamp || s->opts->filter) {
		/* Timestamps live in the definition (and the package cache). */
		const struct rt_pkg_summary *sum;
		trace_entry(s, e);
		sum = rt_repo_summary(s->opts->repo, e, err);
		if (!sum)
			return -1;
		ts = sum->timestamp;
	}
	if (s->opts->timestamp && ts > s->opts->timestamp)
		return 1;
	if (!s->opts->filter)
		return 0;
	rt_buf_adds(&qn, family);
	if (!rt_version_is_empty(version))
		rt_buf_addf(&qn, "-%s", rt_version_str(version));
	fp.name = family;
	fp.version = version;
	fp.qualified_name = qn.buf;
	fp.timestamp = ts;
	excluded = rt_filter_list_excludes(s->opts->filter, &fp) != NULL;
	rt_buf_release(&qn);
	return excluded;
}

/* Lexically normalised path (Python's os.path.normpath on POSIX). */
static void normpath(const char *p, struct rt_buf *out)
{
	const char **seg = NULL;
	size_t *len = NULL, n = 0, cap = 0, cap2 = 0;
	int abs = *p == '/';

	while (*p) {
		size_t l;
		while (*p == '/')
			p++;
		l = strcspn(p, "/");
		if (!l)
			break;
		if (l == 1 && p[0] == '.') {
			/* nothing */
		} else if (l == 2 && p[0] == '.' && p[1] == '.' &&
			   (abs || (n && !(len[n - 1] == 2 && !strncmp(seg[n - 1], "..", 2))))) {
			if (n)
				n--;
		} else {
			seg = rt_xgrow(seg, sizeof(*seg), n + 1, &cap);
			len = rt_xgrow(len, sizeof(*len), n + 1, &cap2);
			seg[n] = p;
			len[n++] = l;
		}
		p += l;
	}
	rt_buf_reset(out);
	if (abs)
		rt_buf_addch(out, '/');
	for (size_t i = 0; i < n; i++) {
		if (i)
			rt_buf_addch(out, '/');
		rt_buf_add(out, seg[i], len[i]);
	}
	if (!out->len)
		rt_buf_addch(out, '.');
	free(seg);
	free(len);
}

/* Rez's find_matching_symlink: a link in <base>/<dirname> whose target (relative to that
 * directory) is <base>/<hash>; appends "/<dirname>/<name>" to root. -1 when none. */
static int find_shortlink(const char *base, const char *dirname, const char *hash,
			  struct rt_buf *root)
{
	struct rt_buf dir = RT_BUF_INIT, want = RT_BUF_INIT, tmp = RT_BUF_INIT, got = RT_BUF_INIT;
	DIR *d;
	struct dirent *de;
	int rc = -1;

	rt_buf_addf(&dir, "%s/%s", base, dirname);
	rt_buf_addf(&tmp, "%s/%s", base, hash);
	normpath(tmp.buf, &want);
	if (!(d = opendir(dir.buf)))
		goto out;
	while (rc < 0 && (de = readdir(d))) {
		char target[PATH_MAX];
		ssize_t n;
		rt_buf_reset(&tmp);
		rt_buf_addf(&tmp, "%s/%s", dir.buf, de->d_name);
		n = readlink(tmp.buf, target, sizeof(target) - 1);
		if (n < 0)
			continue;
		target[n] = '\0';
		rt_buf_reset(&tmp);
		if (target[0] == '/')
			rt_buf_adds(&tmp, target);
		else
			rt_buf_addf(&tmp, "%s/%s", dir.buf, target);
		normpath(tmp.buf, &got);
		if (rt_streq(got.buf, want.buf)) {
			rt_buf_addf(root, "/%s/%s", dirname, de->d_name);
			rc = 0;
		}
	}
	closedir(d);
out:
	rt_buf_release(&dir);
	rt_buf_release(&want);
	rt_buf_release(&tmp);
	rt_buf_release(&got);
	return rc;
}

/* For soft_timestamp orderers: the package's `timestamp`, from the package cache. */
static int pkg_timestamp(void *ud, const char *family, void *handle, long long *ts,
			 struct rt_error *err)
{
	struct source *s = ud;
	const struct rt_pkg_summary *sum;
	(void)family;
	trace_entry(s, handle);
	sum = rt_repo_summary(s->opts->repo, handle, err);
	if (!sum)
		return -1;
	*ts = sum->timestamp;
	return 0;
}

void rt_resolve_variant_root(const struct rt_package *pkg, int index, struct rt_buf *out)
{
	rt_buf_adds(out, pkg->base);
	if (index < 0 || (size_t)index >= pkg->n_variants)
		return;
	rt_buf_addch(out, '/');
	rt_package_variant_subpath(pkg, (size_t)index, out);
}

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The identity of a resolve in the shared cache: everything besides the repositories' contents
 * that can change its answer. */
static void resolve_key(const struct rt_resolve_opts *opts, struct rt_buf *key)
{
	struct utsname u;
	struct rt_error ignored = RT_ERROR_INIT;
	rt_buf_addf(key, "rez-lua resolve 1\n%s\n", REZ_LUA_VERSION);
	if (uname(&u) == 0)
		rt_buf_addf(key, "%s %s\n", u.sysname, u.machine);
	for (size_t i = 0; i < opts->n_requests; i++)
		rt_buf_addf(key, "R %s\n", opts->requests[i]);
	for (size_t i = 0; i < opts->n_implicits; i++)
		rt_buf_addf(key, "I %s\n", opts->implicits[i]);
	for (size_t i = 0; i < rt_repo_n_paths(opts->repo); i++)
		rt_buf_addf(key, "P %s\n", rt_repo_path(opts->repo, i));
	rt_buf_adds(key, "F ");
	if (opts->filter_value && rt_json_emit(opts->filter_value, 0, key, &ignored) < 0)
		rt_buf_adds(key, "?");
	rt_error_release(&ignored);
	if (opts->filter && !opts->filter_value)
		rt_buf_addf(key, "%p", (const void *)opts->filter);   /* unnamed filter: never shared */
	rt_buf_addf(key, "\nT %lld\nB %d\nV %d\nE %d\nM %ld\n", opts->timestamp,
		    opts->solver.building, (int)opts->solver.variant_select_mode,
		    opts->solver.error_on_missing_variant_requires, opts->solver.max_fails);
	if (rt_order_list_len(opts->solver.orderers)) {
		struct rt_value *o = rt_order_list_to_value(opts->solver.orderers);
		rt_buf_adds(key, "O ");
		if (rt_json_emit(o, 0, key, &ignored) < 0)
			rt_buf_adds(key, "?");
		rt_error_release(&ignored);
		rt_buf_addch(key, '\n');
		rt_value_free(o);
	}
	if (opts->shortlinks_dirname)
		rt_buf_addf(key, "S %s\n", opts->shortlinks_dirname);
	if (opts->cache_key_extra)
		rt_buf_addf(key, "X %s\n", opts->cache_key_extra);
}

/* What every context of a request holds, solved, failed or from the cache. */
/* Appends req's canonical form (req itself if it does not parse; callers check first). */
static void push_canonical(struct rt_strlist *l, const char *req)
{
	struct rt_request *r = rt_package_request_parse(req, NULL);
	char *c;
	if (!r) {
		rt_strlist_push(l, req);
		return;
	}
	c = rt_request_str(r);
	rt_strlist_push(l, c);
	free(c);
	rt_request_free(r);
}

static struct rt_context *context_head(const struct rt_resolve_opts *opts)
{
	struct rt_context *ctx = rt_context_new();
	rt_context_stamp(ctx);
	if (opts->timestamp)
		ctx->requested_timestamp = opts->timestamp;
	/* Canonically (fa>=1 as fa-1+), as Rez keeps parsed requests: this is what
	 * REZ_USED_REQUEST, the summary and the .rxt file show. rt_resolve checked them. */
	for (size_t i = 0; i < opts->n_requests; i++)
		push_canonical(&ctx->requests, opts->requests[i]);
	for (size_t i = 0; i < opts->n_implicits; i++)
		push_canonical(&ctx->implicits, opts->implicits[i]);
	for (size_t i = 0; i < rt_repo_n_paths(opts->repo); i++)
		rt_strlist_push(&ctx->package_paths, rt_repo_path(opts->repo, i));
	if (opts->filter_value)
		ctx->package_filter = rt_value_copy(opts->filter_value);
	if (rt_order_list_len(opts->solver.orderers))
		ctx->package_orderers = rt_order_list_to_value(opts->solver.orderers);
	ctx->building = opts->solver.building;
	return ctx;
}

#define RESOLVE_NS "rsv1"

struct rt_context *rt_resolve(const struct rt_resolve_opts *opts, struct rt_error *err)
{
	struct source s = { opts, 0, NULL };
	struct rt_solver_source src;
	struct rt_solver_options sopt = opts->solver;
	struct rt_solver_result res = RT_SOLVER_RESULT_INIT;
	struct rt_context *ctx = NULL;
	struct rt_buf searched = RT_BUF_INIT, root = RT_BUF_INIT, uri = RT_BUF_INIT;
	const char **all;
	size_t n_all = opts->n_requests + opts->n_implicits;
	double t0 = now_seconds();
	struct rt_pkgcache *pc = opts->resolve_caching ? rt_repo_cache(opts->repo) : NULL;
	struct rt_memcache *shared = rt_pkgcache_shared(pc);
	char *local = pc ? rt_xstrfmt("%s/resolves", rt_pkgcache_dir(pc)) : NULL;
	struct rt_buf key = RT_BUF_INIT, entry = RT_BUF_INIT;
	struct rt_rcache_snapshot *snaps = NULL;

	/* Rez's PackageRequest rules before anything is solved (or looked up) */
	for (size_t i = 0; i < opts->n_requests + opts->n_implicits; i++) {
		const char *r = i < opts->n_requests ? opts->requests[i]
						     : opts->implicits[i - opts->n_requests];
		struct rt_request *pr = rt_package_request_parse(r, err);
		if (!pr) {
			free(local);
			return NULL;
		}
		rt_request_free(pr);
	}

	if (local) {
		resolve_key(opts, &key);
		for (int from = 0; from < 2; from++) {
			rt_buf_reset(&entry);
			if (from == 0 ? !rt_rcache_local_get(local, key.buf, key.len, &entry) :
			    !rt_memcache_get(shared, RESOLVE_NS, key.buf, key.len, &entry))
				continue;
			ctx = context_head(opts);
			if (rt_rcache_apply(entry.buf, entry.len, ctx, &snaps)) {
				/* Activation reads these instead of 176 family caches. */
				for (size_t i = 0; i < ctx->n_pkgs; i++)
					if (snaps[i].file)
						rt_repo_preload(opts->repo, ctx->pkgs[i].name,
								ctx->pkgs[i].version,
								ctx->pkgs[i].location, ctx->pkgs[i].base,
								snaps[i].file, snaps[i].data,
								snaps[i].len);
				free(snaps);
				snaps = NULL;
				ctx->status = RT_CTX_SOLVED;
				ctx->solve_time = now_seconds() - t0;
				ctx->from_cache = 1;
				if (from == 1)   /* keep it here too */
					rt_rcache_local_set(local, key.buf, key.len, entry.buf, entry.len);
				goto hit;
			}
			rt_context_free(ctx);
			ctx = NULL;
		}
		s.trace = rt_rcache_trace_new();
	}

	for (size_t i = 0; i < rt_repo_n_paths(opts->repo); i++)
		rt_buf_addf(&searched, "%s%s", i ? "; " : "", rt_repo_path(opts->repo, i));
	src.ctx = &s;
	src.list_family = list_family;
	src.load_package = load_package;
	src.searched = searched.buf;
	sopt.filter = (opts->filter || opts->timestamp) ? filter_pkg : NULL;
	sopt.filter_ctx = &s;
	sopt.timestamp = pkg_timestamp;
	sopt.timestamp_ctx = &s;

	all = rt_xcalloc(n_all + 1, sizeof(*all));
	for (size_t i = 0; i < opts->n_requests; i++)
		all[i] = opts->requests[i];
	for (size_t i = 0; i < opts->n_implicits; i++)
		all[opts->n_requests + i] = opts->implicits[i];

	if (rt_solve(&src, all, n_all, &sopt, &res, err) < 0)
		goto out;
	if (opts->stats)
		*opts->stats = res.stats;

	ctx = context_head(opts);
	ctx->status = res.status == RT_SOLVER_SOLVED ? RT_CTX_SOLVED :
		      res.status == RT_SOLVER_ABORTED ? RT_CTX_ABORTED : RT_CTX_FAILED;
	if (res.status != RT_SOLVER_SOLVED) {
		struct rt_buf d = RT_BUF_INIT;
		rt_buf_adds(&d, res.failure ? res.failure : "no solution");
		if (res.failure_chain && *res.failure_chain)
			rt_buf_addf(&d, "\n%s", res.failure_chain);
		ctx->failure_description = rt_buf_detach(&d, NULL);
	} else {
		for (size_t i = 0; i < res.nvariants; i++) {
			const struct rt_solver_variant *v = &res.variants[i];
			const struct rt_repo_entry *e = v->pkg;
			const struct rt_pkg_summary *sum;
			/* the time limit covers the whole resolve (the solver checks its own loops):
			 * over it, the context is the aborted one, with no package half-listed */
			if (opts->solver.time_limit >= 0 && (i & 255) == 255 &&
			    now_seconds() - t0 > opts->solver.time_limit) {
				rt_context_free(ctx);
				ctx = context_head(opts);
				ctx->status = RT_CTX_ABORTED;
				ctx->failure_description = rt_xstrdup("time limit exceeded");
				break;
			}
			sum = rt_repo_summary(opts->repo, e, err);
			if (!sum) {
				rt_context_free(ctx);
				ctx = NULL;
				goto out;
			}
			/* As rt_resolve_variant_root, from the summary: no evaluation. */
			rt_buf_reset(&root);
			rt_buf_adds(&root, e->dir);
			if (v->index >= 0 && (size_t)v->index < sum->n_variants) {
				const struct rt_strv *vr = &sum->variants[v->index];
				if (sum->flags & RT_PKGSUM_HASHED_VARIANTS) {
					char hex[41];
					rt_package_variant_hash((const char *const *)vr->v, vr->n, hex);
					if (!opts->shortlinks_dirname ||
					    find_shortlink(e->dir, opts->shortlinks_dirname, hex, &root) < 0)
						rt_buf_addf(&root, "/%s", hex);
				} else {
					for (size_t j = 0; j < vr->n; j++)
						rt_buf_addf(&root, "/%s", vr->v[j]);
				}
			}
			rt_buf_reset(&uri);
			rt_buf_adds(&uri, sum->file);
			if (v->index >= 0)
				rt_buf_addf(&uri, "[%d]", v->index);
			else
				rt_buf_adds(&uri, "[]");
			rt_context_add_pkg(ctx, v->family, rt_version_str(v->version), v->index,
					   e->repo_path, e->dir, root.buf, uri.buf);
			if (s.trace) {
				struct rt_rcache_snapshot *sn;
				if (!snaps)
					snaps = rt_xcalloc(res.nvariants, sizeof(*snaps));
				sn = &snaps[ctx->n_pkgs - 1];
				if (!rt_repo_entry_snapshot(opts->repo, e, &sn->file, &sn->data, &sn->len))
					sn->file = NULL;
			}
		}
		for (size_t i = 0; ctx->status == RT_CTX_SOLVED && i < res.nephemerals; i++)
			rt_strlist_push(&ctx->ephemerals, res.ephemerals[i]);
	}
	/* Now, not at exit: a shell started from this context may run for hours. */
	rt_repo_flush_cache(opts->repo);
	ctx->num_loaded_packages = (long long)s.loaded;
	ctx->solve_time = now_seconds() - t0;
	ctx->load_time = 0;
	rt_buf_reset(&entry);
	if (s.trace && ctx->status == RT_CTX_SOLVED &&
	    rt_rcache_encode(s.trace, ctx, snaps, &entry) == 0) {
		rt_rcache_local_set(local, key.buf, key.len, entry.buf, entry.len);
		rt_memcache_set(shared, RESOLVE_NS, key.buf, key.len, entry.buf, entry.len,
				opts->resolve_min_compress_len);
	}
out:
	free(snaps);
	rt_rcache_trace_free(s.trace);
	free(all);
	rt_buf_release(&searched);
	rt_buf_release(&root);
	rt_buf_release(&uri);
hit:
	free(local);
	rt_buf_release(&key);
	rt_buf_release(&entry);
	rt_solver_result_release(&res);
	return ctx;
}
