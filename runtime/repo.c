/* repo.c - filesystem package repositories (see repo.h). */
#include "runtime/common.h"
#include "runtime/repo.h"
#include "runtime/buf.h"
#include "runtime/package.h"
#include "runtime/pkgcache.h"
#include "runtime/value.h"
#include "runtime/version.h"

#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>

/* One package directory; the public part comes first so entries can be handed out as
 * struct rt_repo_entry pointers. */
struct entry {
	struct rt_repo_entry pub;
	struct rt_version *version;
	char *dir;
	char *file;                    /* resolved definition file (NULL until looked up) */
	struct rt_package *pkg;        /* cached load */
	char *error;                   /* cached load error */
	struct rt_pkgcache_family *cfam;   /* its family's package cache, or NULL */
	const struct rt_pkg_summary *sum;  /* rt_repo_summary's answer (cfam's or own_sum) */
	struct rt_pkg_summary *own_sum;
	size_t seq;                        /* order found: earlier repository paths first */
};

struct family {
	char *name;
	int scanned;
	/* lazy_family's look-up, reused by the scan that follows: paths before `found_at` had no
	 * such directory, and found_st is the stat of the one that had. */
	int looked_up;
	size_t found_at;
	struct stat found_st;
	struct entry **entries;
	const struct rt_repo_entry **pub;   /* same order, for rt_repo_versions */
	size_t n, cap;
};

struct rt_repo {
	char **paths;
	size_t n_paths;
	struct rt_pkg_loader loader;
	int families_scanned;
	struct family *fams;              /* sorted by name */
	size_t n_fams, cap_fams;
	const char **names;               /* fams[i].name, for rt_repo_families */
	/* Families looked up by name before any full listing (a resolve): found with one stat
	 * per repository path instead of listing every family directory. Sorted by name; each
	 * is moved into fams if a full listing happens later. */
	struct family **lazy;
	size_t n_lazy, cap_lazy;
	struct rt_pkgcache *cache;        /* NULL: none */
	struct preload *preloads;         /* rt_repo_preload's snapshots, in the order given */
	size_t n_preloads, cap_preloads, next_preload;
};

struct preload {
	char *family, *version, *repo_path, *dir, *file;
	void *data;
	size_t len;
	struct rt_package *pkg;           /* built on first use */
	int unusable;                     /* does not decode or load: the repository decides */
};

static int is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

struct rt_repo *rt_repo_new(const char *const *paths, size_t n, const struct rt_pkg_loader *loader,
			    int strict, struct rt_error *err)
{
	struct rt_repo *r = rt_xcalloc(1, sizeof(*r));
	r->paths = rt_xcalloc(n ? n : 1, sizeof(char *));
	r->loader = *loader;
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		int missing = stat(paths[i], &st) < 0;
		if (missing || !S_ISDIR(st.st_mode)) {
			if (!strict)
				continue;
			rt_error(err, "%s: package repository %s", paths[i],
				 missing ? "does not exist" : "is not a directory");
			rt_repo_free(r);
			return NULL;
		}
		r->paths[r->n_paths++] = rt_xstrdup(paths[i]);
	}
	return r;
}

static void entry_free(struct entry *e)
{
	rt_version_free(e->version);
	free(e->dir);
	free(e->file);
	rt_package_free(e->pkg);
	free(e->error);
	rt_pkg_summary_free(e->own_sum);
	free(e);
}

static void family_release(struct family *f)
{
	for (size_t j = 0; j < f->n; j++)
		entry_free(f->entries[j]);
	free(f->entries);
	free(f->pub);
	free(f->name);
}

void rt_repo_free(struct rt_repo *r)
{
	if (!r)
		return;
	rt_repo_flush_cache(r);
	rt_pkgcache_free(r->cache);
	for (size_t i = 0; i < r->n_paths; i++)
		free(r->paths[i]);
	free(r->paths);
	for (size_t i = 0; i < r->n_fams; i++)
		family_release(&r->fams[i]);
	free(r->fams);
	for (size_t i = 0; i < r->n_lazy; i++) {
		if (r->lazy[i])
			family_release(r->lazy[i]);
		free(r->lazy[i]);
	}
	free(r->lazy);
	free(r->names);
	for (size_t i = 0; i < r->n_preloads; i++) {
		struct preload *pl = &r->preloads[i];
		free(pl->family);
		free(pl->version);
		free(pl->repo_path);
		free(pl->dir);
		free(pl->file);
		free(pl->data);
		rt_package_free(pl->pkg);
	}
	free(r->preloads);
	free(r);
}

size_t rt_repo_n_paths(const struct rt_repo *r) { return r->n_paths; }
const char *rt_repo_path(const struct rt_repo *r, size_t i) { return r->paths[i]; }

/* ---- families ---- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_family(const void *a, const void *b)
{
	return strcmp(((const struct family *)a)->name, ((const struct family *)b)->name);
}

static struct family *find_family(struct rt_repo *r, const char *name)
{
	struct family key;
	key.name = (char *)name;
	return r->n_fams ? bsearch(&key, r->fams, r->n_fams, sizeof(*r->fams), cmp_family) : NULL;
}

/* Subdirectory names of dir (not starting with '.'), unsorted; NULL with err on failure. */
static char **list_subdirs(const char *dir, size_t *n, struct rt_error *err)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t cap = 0;
	*n = 0;
	if (!d) {
		rt_error(err, "%s: cannot read directory: %s", dir, strerror(errno));
		return NULL;
	}
	while ((de = readdir(d))) {
		char *path;
		int isdir;
		if (de->d_name[0] == '.')
			continue;
		if (de->d_type == DT_DIR) {
			isdir = 1;
		} else if (de->d_type == DT_UNKNOWN || de->d_type == DT_LNK) {
			path = rt_xstrfmt("%s/%s", dir, de->d_name);
			isdir = is_dir(path);
			free(path);
		} else {
			isdir = 0;
		}
		if (!isdir)
			continue;
		names = rt_xgrow(names, sizeof(char *), *n + 1, &cap);
		names[(*n)++] = rt_xstrdup(de->d_name);
	}
	closedir(d);
	if (!names)
		names = rt_xcalloc(1, sizeof(char *));
	return names;
}

static void free_names(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

static int scan_families(struct rt_repo *r, struct rt_error *err)
{
	char **all = NULL;
	size_t n_all = 0, cap = 0;

	if (r->families_scanned)
		return 0;
	for (size_t i = 0; i < r->n_paths; i++) {
		size_t n;
		char **names = list_subdirs(r->paths[i], &n, err);
		if (!names) {
			free_names(all, n_all);
			return -1;
		}
		for (size_t j = 0; j < n; j++) {
			if (!rt_name_is_valid(names[j])) {
				free(names[j]);
				continue;
			}
			all = rt_xgrow(all, sizeof(char *), n_all + 1, &cap);
			all[n_all++] = names[j];
		}
		free(names);
	}
	if (n_all)
		qsort(all, n_all, sizeof(char *), cmp_str);
	for (size_t i = 0; i < n_all; i++) {
		if (r->n_fams && rt_streq(r->fams[r->n_fams - 1].name, all[i])) {
			free(all[i]);
			continue;
		}
		r->fams = rt_xgrow(r->fams, sizeof(*r->fams), r->n_fams + 1, &r->cap_fams);
		memset(&r->fams[r->n_fams], 0, sizeof(*r->fams));
		r->fams[r->n_fams++].name = all[i];
	}
	free(all);
	/* Families already looked up one by one keep their scanned versions and entries. */
	for (size_t j = 0; j < r->n_lazy; j++) {
		struct family *f = find_family(r, r->lazy[j]->name);
		if (!f)
			continue;
		free(f->name);
		*f = *r->lazy[j];
		free(r->lazy[j]);
		r->lazy[j] = NULL;
	}
	r->names = rt_xcalloc(r->n_fams ? r->n_fams : 1, sizeof(char *));
	for (size_t i = 0; i < r->n_fams; i++)
		r->names[i] = r->fams[i].name;
	r->families_scanned = 1;
	return 0;
}

int rt_repo_families(struct rt_repo *r, const char *const **names, size_t *n,
		     struct rt_error *err)
{
	if (scan_families(r, err) < 0)
		return -1;
	*names = r->names;
	*n = r->n_fams;
	return 0;
}

/* ---- versions ---- */

static int has_definition(const char *dir)
{
	char *a = rt_xstrfmt("%s/package.lua", dir), *b = rt_xstrfmt("%s/package.yaml", dir);
	char *c = rt_xstrfmt("%s/package.py", dir);
	int r = exists(a) || exists(c) || exists(b);
	free(a);
	free(b);
	free(c);
	return r;
}

static void add_entry(struct family *f, const char *repo_path, const char *dir,
		      struct rt_version *v, struct rt_pkgcache_family *cfam)
{
	struct entry *e;
	/* Duplicates (the same version in a later path) are dropped after sorting. */
	e = rt_xcalloc(1, sizeof(*e));
	e->seq = f->n;
	e->version = v;
	e->dir = rt_xstrdup(dir);
	e->pub.family = f->name;
	e->pub.version = e->version;
	e->pub.dir = e->dir;
	e->pub.repo_path = repo_path;
	e->cfam = cfam;
	f->entries = rt_xgrow(f->entries, sizeof(*f->entries), f->n + 1, &f->cap);
	f->entries[f->n++] = e;
}

static int cmp_entry(const void *a, const void *b)
{
	const struct entry *x = *(struct entry *const *)a, *y = *(struct entry *const *)b;
	int c = rt_version_cmp(x->version, y->version);
	return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

static int scan_family(struct rt_repo *r, struct family *f, struct rt_error *err)
{
	if (f->scanned)
		return 0;
	for (size_t i = 0; i < r->n_paths; i++) {
		char *fdir = rt_xstrfmt("%s/%s", r->paths[i], f->name);
		char **names;
		size_t n, kept = 0;
		int unversioned;
		struct stat st;
		struct rt_pkgcache_family *cf = NULL;
		if (f->looked_up && i <= f->found_at) {
			if (i < f->found_at) {
				free(fdir);
				continue;
			}
			st = f->found_st;
		} else if (stat(fdir, &st) < 0 || !S_ISDIR(st.st_mode)) {
			free(fdir);
			continue;
		}
		if (r->cache) {
			const char *const *cached;
			struct rt_pkgcache_stamp ds;
			rt_pkgcache_stamp_of(&st, &ds);
			cf = rt_pkgcache_family(r->cache, r->paths[i], f->name, &ds);
			if (rt_pkgcache_listing(cf, &cached, &n, &unversioned)) {
				if (unversioned)
					add_entry(f, r->paths[i], fdir, rt_version_parse("", NULL), cf);
				for (size_t j = 0; j < n; j++) {
					char *vdir = rt_xstrfmt("%s/%s", fdir, cached[j]);
					struct rt_version *v = rt_version_parse(cached[j], NULL);
					if (v)
						add_entry(f, r->paths[i], vdir, v, cf);
					free(vdir);
				}
				free(fdir);
				continue;
			}
		}
		unversioned = has_definition(fdir);
		if (unversioned)
			add_entry(f, r->paths[i], fdir, rt_version_parse("", NULL), cf);
		names = list_subdirs(fdir, &n, err);
		if (!names) {
			free(fdir);
			return -1;
		}
		for (size_t j = 0; j < n; j++) {
			char *ignore = rt_xstrfmt("%s/.ignore%s", fdir, names[j]);
			char *building = rt_xstrfmt("%s/.building%s", fdir, names[j]);
			struct rt_version *v = exists(ignore) ? NULL : rt_version_parse(names[j], NULL);
			/* rez build -i in progress (or interrupted) on a new version: not a package
			 * until its definition is written */
			if (v && exists(building)) {
				char *vdir = rt_xstrfmt("%s/%s", fdir, names[j]);
				if (!has_definition(vdir)) {
					rt_version_free(v);
					v = NULL;
				}
				free(vdir);
			}
			free(ignore);
			free(building);
			if (v && !rt_version_is_empty(v)) {
				char *vdir = rt_xstrfmt("%s/%s", fdir, names[j]);
				add_entry(f, r->paths[i], vdir, v, cf);
				free(vdir);
				/* The names kept, for the cache: reuse the array's front. */
				if (kept != j) {
					char *t = names[kept];
					names[kept] = names[j];
					names[j] = t;
				}
				kept++;
			} else if (v) {
				rt_version_free(v);
			}
		}
		if (cf)
			rt_pkgcache_set_listing(cf, (const char *const *)names, kept, unversioned);
		free_names(names, n);
		free(fdir);
	}
	if (f->n > 1) {
		size_t kept = 1;
		qsort(f->entries, f->n, sizeof(*f->entries), cmp_entry);
		/* Equal versions sort by path order: the first of each run shadows the rest. */
		for (size_t i = 1; i < f->n; i++) {
			if (rt_version_cmp(f->entries[i]->version, f->entries[kept - 1]->version) == 0)
				entry_free(f->entries[i]);
			else
				f->entries[kept++] = f->entries[i];
		}
		f->n = kept;
	}
	f->pub = rt_xcalloc(f->n ? f->n : 1, sizeof(*f->pub));
	for (size_t i = 0; i < f->n; i++)
		f->pub[i] = &f->entries[i]->pub;
	f->scanned = 1;
	f->looked_up = 0;
	return 0;
}

/* A family by name without listing the repository: one stat per repository path. */
static struct family *lazy_family(struct rt_repo *r, const char *name)
{
	size_t lo = 0, hi = r->n_lazy;
	struct family *f;
	struct stat st;
	size_t at = 0;
	int found = 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = r->lazy[mid] ? strcmp(r->lazy[mid]->name, name) : -1;
		if (c == 0)
			return r->lazy[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!rt_name_is_valid(name))
		return NULL;
	for (; at < r->n_paths && !found; at++) {
		char *dir = rt_xstrfmt("%s/%s", r->paths[at], name);
		found = stat(dir, &st) == 0 && S_ISDIR(st.st_mode);
		free(dir);
	}
	if (!found)
		return NULL;
	f = rt_xcalloc(1, sizeof(*f));
	f->name = rt_xstrdup(name);
	f->looked_up = 1;
	f->found_at = at - 1;
	f->found_st = st;
	r->lazy = rt_xgrow(r->lazy, sizeof(*r->lazy), r->n_lazy + 1, &r->cap_lazy);
	memmove(r->lazy + lo + 1, r->lazy + lo, (r->n_lazy - lo) * sizeof(*r->lazy));
	r->lazy[lo] = f;
	r->n_lazy++;
	return f;
}

int rt_repo_versions(struct rt_repo *r, const char *family,
		     const struct rt_repo_entry *const **entries, size_t *n, struct rt_error *err)
{
	struct family *f;
	static const struct rt_repo_entry *const none[1] = { NULL };
	f = r->families_scanned ? find_family(r, family) : lazy_family(r, family);
	if (!f) {
		*entries = none;
		*n = 0;
		return 0;
	}
	if (scan_family(r, f, err) < 0)
		return -1;
	*entries = f->pub;
	*n = f->n;
	return 0;
}

const struct rt_repo_entry *rt_repo_latest(struct rt_repo *r, const char *family,
					   const struct rt_range *range, struct rt_error *err)
{
	const struct rt_repo_entry *const *es;
	size_t n;
	if (rt_repo_versions(r, family, &es, &n, err) < 0)
		return NULL;
	for (size_t i = n; i-- > 0;)
		if (!range || rt_range_contains(range, es[i]->version))
			return es[i];
	return NULL;
}

/* ---- loading ---- */

const char *rt_repo_definition_file(struct rt_repo *r, const struct rt_repo_entry *pe,
				    struct rt_error *err)
{
	struct entry *e = (struct entry *)pe;
	static const char *const names[] = { "package.lua", "package.py", "package.yaml" };
	if (e->file)
		return e->file;
	for (size_t i = 0; i < RT_ARRAY_LEN(names); i++) {
		char *path = rt_xstrfmt("%s/%s", e->dir, names[i]);
		if (exists(path)) {
			e->file = path;
			return path;
		}
		free(path);
	}
	rt_error(err, "%s: no package definition file (package.lua, package.py or package.yaml)",
		 e->dir);
	return NULL;
}

/* Fills in a package's @late `requires`: from its fresh cache record when that holds it,
 * else by evaluating it through the loader with `this` the package (as Rez's solver reads
 * it). The build lists wait for rt_repo_late_variant. */
static int eval_late_reqs(struct rt_repo *r, struct entry *e, struct rt_package *p,
			  struct rt_error *err)
{
	const struct rt_pkg_summary *sum = e->sum;
	const struct rt_value *fn = rt_package_get(p, "requires");
	int from_sum = sum && !(sum->flags & RT_PKGSUM_LATE_REQUIRES);
	struct rt_value *v = NULL;
	int rc;

	if (!p->late_requires || !fn || fn->type != RT_FUNC || (!from_sum && !r->loader.late))
		return 0;
	if (fn->u.fn->n_includes)
		p->late_volatile = 1;
	if (from_sum) {
		v = rt_value_list();
		for (size_t j = 0; j < sum->requires.n; j++)
			rt_list_push(v, rt_value_str(sum->requires.v[j]));
	} else if (r->loader.late(r->loader.ud, p, "requires", RT_LATE_PACKAGE, NULL, &v,
				  err) < 0) {
		return -1;
	}
	rc = rt_package_set_late_reqs(p, "requires", v, err);
	rt_value_free(v);
	if (rc < 0)
		return -1;
	p->late_evaluated = 1;
	return 0;
}

int rt_repo_late_variant(struct rt_repo *r, const struct rt_package *pkg, const char *attr,
			 int index, struct rt_value **out, struct rt_error *err)
{
	struct rt_buf root = RT_BUF_INIT;
	int rc;
	*out = NULL;
	if (!r->loader.late)
		return rt_error(err, "%s: @late '%s' cannot be evaluated here", pkg->file, attr);
	rt_buf_adds(&root, pkg->base);
	if (index >= 0 && (size_t)index < pkg->n_variants) {
		rt_buf_addch(&root, '/');
		rt_package_variant_subpath(pkg, (size_t)index, &root);
	}
	rc = r->loader.late(r->loader.ud, pkg, attr, index, root.buf, out, err);
	rt_buf_release(&root);
	return rc;
}

const struct rt_package *rt_repo_load(struct rt_repo *r, const struct rt_repo_entry *pe,
				      struct rt_error *err)
{
	struct entry *e = (struct entry *)pe;
	struct rt_error le = RT_ERROR_INIT;
	const char *file;
	struct rt_value *data = NULL, *loaded = NULL;   /* loaded: to store in the cache */
	struct rt_package *p;
	struct rt_pkgcache_stamp st;
	int64_t read_ns = 0;
	int stamped = 0;

	if (e->pkg)
		return e->pkg;
	if (e->error) {
		rt_error(err, "%s", e->error);
		return NULL;
	}
	if (e->cfam) {
		const char *version = rt_version_str(e->version);
		const struct rt_pkg_summary *s = rt_pkgcache_lookup(e->cfam, version, e->dir);
		data = s ? rt_pkgcache_data(e->cfam, version) : NULL;
		if (data) {
			if (!e->file)
				e->file = rt_xstrdup(s->file);
			if (!e->sum)
				e->sum = s;
		} else {
			char *path;
			/* Stamp first, then read: a change in between makes the record stale, not
			 * wrong. */
			read_ns = rt_pkgcache_now_ns();
			if (rt_pkgcache_stamp_definition(e->dir, &path, &st) == 0) {
				free(e->file);
				e->file = path;
				stamped = 1;
			}
		}
	}
	file = rt_repo_definition_file(r, pe, &le);
	if (!file)
		goto fail;
	if (!data) {
		data = r->loader.load(r->loader.ud, file, &le);
		if (!data)
			goto fail;
		/* rt_package_new normalises what it is given: keep the loader's own result. */
		if (stamped)
			loaded = rt_value_copy(data);
	}
	p = rt_package_new(data, file, e->dir, &le);
	if (!p)
		goto fail;
	if (!rt_streq(p->name, e->pub.family)) {
		const struct rt_value *nv = rt_package_get(p, "name");
		rt_error(&le, "%s:%d: attribute 'name' is '%s' but the package is in directory '%s'",
			 file, nv && nv->line > 0 ? nv->line : 1, p->name, e->pub.family);
		rt_package_free(p);
		goto fail;
	}
	if (rt_version_cmp(p->version, e->version) != 0) {
		const struct rt_value *vv = rt_package_get(p, "version");
		rt_error(&le, "%s:%d: attribute 'version' is '%s' but the package is in directory "
			 "'%s'", file, vv && vv->line > 0 ? vv->line : 1, rt_version_str(p->version),
			 rt_version_is_empty(e->version) ? e->pub.family : rt_version_str(e->version));
		rt_package_free(p);
		goto fail;
	}
	if (p->late_requires && eval_late_reqs(r, e, p, &le) < 0) {
		rt_package_free(p);
		goto fail;
	}
	e->pkg = p;
	if (loaded) {
		/* Replaces any stale record; its summary stays valid for those holding it. */
		e->sum = rt_pkgcache_store(e->cfam, rt_version_str(e->version), p->file, &st, read_ns,
					   p, loaded);
		rt_value_free(loaded);
	}
	return p;
fail:
	rt_value_free(loaded);
	e->error = rt_xstrdup(rt_error_msg(&le));
	rt_error_move(err, &le);
	return NULL;
}

/* ---- snapshots of resolved packages ---- */

void rt_repo_preload(struct rt_repo *r, const char *family, const char *version,
		     const char *repo_path, const char *dir, const char *file, const void *data,
		     size_t len)
{
	struct preload *pl;
	r->preloads = rt_xgrow(r->preloads, sizeof(*r->preloads), r->n_preloads + 1,
			       &r->cap_preloads);
	pl = &r->preloads[r->n_preloads++];
	memset(pl, 0, sizeof(*pl));
	pl->family = rt_xstrdup(family);
	pl->version = rt_xstrdup(version);
	pl->repo_path = rt_xstrdup(repo_path);
	pl->dir = rt_xstrdup(dir);
	pl->file = rt_xstrdup(file);
	pl->data = rt_xmemdupz(data, len);
	pl->len = len;
}

int rt_repo_entry_snapshot(struct rt_repo *r, const struct rt_repo_entry *pe, const char **file,
			   const void **data, size_t *len)
{
	struct entry *e = (struct entry *)pe;
	(void)r;
	if (!e->cfam || !e->file || (e->sum && (e->sum->flags & RT_PKGSUM_LATE_REQUIRES)))
		return 0;
	*file = e->file;
	return rt_pkgcache_raw_data(e->cfam, rt_version_str(e->version), data, len);
}

/* The snapshot of family-version from repo_path, built into a package; NULL: none usable.
 * Contexts load their packages in the order they were preloaded: the search starts after the
 * last one found. */
static const struct rt_package *load_preloaded(struct rt_repo *r, const char *family,
					       const char *version, const char *repo_path)
{
	struct preload *pl = NULL;
	struct rt_error le = RT_ERROR_INIT;
	struct rt_value *data;
	for (size_t k = 0; k < r->n_preloads && !pl; k++) {
		struct preload *c = &r->preloads[(r->next_preload + k) % r->n_preloads];
		if (rt_streq(c->family, family) && rt_streq(c->version, version) &&
		    (!repo_path || !*repo_path || rt_streq(c->repo_path, repo_path))) {
			pl = c;
			r->next_preload = (size_t)(c - r->preloads) + 1;
		}
	}
	if (!pl || pl->unusable)
		return NULL;
	if (pl->pkg)
		return pl->pkg;
	data = rt_pkgcache_decode_data(pl->data, pl->len, pl->file);
	pl->pkg = data ? rt_package_new(data, pl->file, pl->dir, &le) : NULL;
	/* The checks rt_repo_load makes; anything unusual goes the long way round. */
	if (pl->pkg && (pl->pkg->late_requires || !rt_streq(pl->pkg->name, family) ||
			!rt_streq(rt_version_str(pl->pkg->version), version))) {
		rt_package_free(pl->pkg);
		pl->pkg = NULL;
	}
	rt_error_release(&le);
	pl->unusable = !pl->pkg;
	return pl->pkg;
}

const struct rt_package *rt_repo_load_resolved(struct rt_repo *r, const char *family,
					       const char *version, const char *repo_path,
					       struct rt_error *err)
{
	const struct rt_repo_entry *const *entries;
	const struct rt_package *p = load_preloaded(r, family, version, repo_path);
	size_t n;
	if (p)
		return p;
	if (rt_repo_versions(r, family, &entries, &n, err) < 0)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (rt_streq(rt_version_str(entries[i]->version), version) &&
		    (!repo_path || !*repo_path || rt_streq(entries[i]->repo_path, repo_path)))
			return rt_repo_load(r, entries[i], err);
	rt_error(err, "package '%s%s%s' of the context was not found in %s", family,
		 version[0] ? "-" : "", version, repo_path && *repo_path ? repo_path :
		 "the repositories");
	return NULL;
}

/* ---- the package cache ---- */

void rt_repo_set_cache(struct rt_repo *r, struct rt_pkgcache *cache)
{
	if (r->cache && r->cache != cache) {
		rt_pkgcache_flush(r->cache);
		rt_pkgcache_free(r->cache);
	}
	r->cache = cache;
}

struct rt_pkgcache *rt_repo_cache(const struct rt_repo *r)
{
	return r->cache;
}

const struct rt_pkg_summary *rt_repo_summary(struct rt_repo *r, const struct rt_repo_entry *pe,
					     struct rt_error *err)
{
	struct entry *e = (struct entry *)pe;
	const char *version = rt_version_str(e->version);
	const struct rt_package *pkg;

	if (e->sum)
		return e->sum;
	if (e->cfam && !e->pkg && !e->error) {
		e->sum = rt_pkgcache_lookup(e->cfam, version, e->dir);
		if (e->sum) {
			if (!e->file)
				e->file = rt_xstrdup(e->sum->file);
			return e->sum;
		}
	}
	/* With a cache, loading stores the record and sets e->sum. */
	pkg = rt_repo_load(r, pe, err);
	if (!pkg)
		return NULL;
	if (e->sum)
		return e->sum;
	e->own_sum = rt_pkg_summary_new(pkg, version, pkg->file);
	e->sum = e->own_sum;
	return e->sum;
}

void rt_repo_flush_cache(struct rt_repo *r)
{
	if (r->cache)
		rt_pkgcache_flush(r->cache);
}
