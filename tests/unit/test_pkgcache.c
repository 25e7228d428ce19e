/* test_pkgcache.c - the package cache: validity, invalidation, corruption, concurrency, and
 * identical results with and without it. Works in a fresh temporary directory. */
#include "runtime/common.h"
#include "interp/interp.h"
#include "runtime/buf.h"
#include "runtime/context.h"
#include "runtime/package.h"
#include "runtime/pkgcache.h"
#include "runtime/repo.h"
#include "runtime/resolve.h"
#include "runtime/value.h"
#include "runtime/version.h"
#include "tap.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char root[256];
static char repo_dir[300], cache_dir[300];
static int n_evals;
static struct rt_pkg_loader inner;

static struct rt_value *counting_load(void *ud, const char *path, struct rt_error *err)
{
	(void)ud;
	n_evals++;
	return inner.load(inner.ud, path, err);
}

static struct rt_buf warnings = RT_BUF_INIT;
static int n_warnings;

static void on_warn(void *ud, const char *msg)
{
	(void)ud;
	n_warnings++;
	rt_buf_addf(&warnings, "%s\n", msg);
}

static void write_text(const char *rel, const char *text)
{
	char *path = rt_xstrfmt("%s/%s", repo_dir, rel), *slash = strrchr(path, '/');
	char *cmd;
	FILE *f;
	*slash = '\0';
	cmd = rt_xstrfmt("mkdir -p '%s'", path);
	CHECK(system(cmd) == 0);
	free(cmd);
	*slash = '/';
	f = fopen(path, "w");
	CHECK(f != NULL);
	if (f) {
		fputs(text, f);
		fclose(f);
	}
	free(path);
}

/* Runs a shell command (taken). */
static void run_sh(char *cmd)
{
	CHECKF(system(cmd) == 0, "%s", cmd);
	free(cmd);
}

/* Past the racy window, so what is read next is written to the cache. */
static void settle(void)
{
	struct timespec ts = { 0, (long)(RT_PKGCACHE_RACY_NS + 50000000LL) };
	nanosleep(&ts, NULL);
}

static struct rt_repo *open_repo(int cached)
{
	struct rt_pkg_loader l = { counting_load, NULL, NULL };
	const char *paths[1];
	struct rt_error err = RT_ERROR_INIT;
	struct rt_repo *r;
	paths[0] = repo_dir;
	r = rt_repo_new(paths, 1, &l, 1, &err);
	CHECK(r != NULL);
	if (cached) {
		struct rt_pkgcache_opts o = { cache_dir, on_warn, NULL, NULL, 0, 0 };
		rt_repo_set_cache(r, rt_pkgcache_new(&o));
	}
	rt_error_release(&err);
	return r;
}

/* Every package of the repository summarised, one line each, as text. */
static void describe(struct rt_repo *r, struct rt_buf *out)
{
	const char *const *fams;
	size_t nf;
	struct rt_error err = RT_ERROR_INIT;
	CHECK(rt_repo_families(r, &fams, &nf, &err) == 0);
	for (size_t i = 0; i < nf; i++) {
		const struct rt_repo_entry *const *es;
		size_t ne;
		CHECK(rt_repo_versions(r, fams[i], &es, &ne, &err) == 0);
		for (size_t j = 0; j < ne; j++) {
			const struct rt_pkg_summary *s = rt_repo_summary(r, es[j], &err);
			CHECKF(s != NULL, "%s", rt_error_msg(&err));
			if (!s)
				continue;
			rt_buf_addf(out, "%s-%s %s flags=%u ts=%lld req=", fams[i], s->version,
				    strrchr(s->file, '/') + 1, s->flags, s->timestamp);
			for (size_t k = 0; k < s->requires.n; k++)
				rt_buf_addf(out, "%s,", s->requires.v[k]);
			rt_buf_adds(out, " breq=");
			for (size_t k = 0; k < s->build_requires.n; k++)
				rt_buf_addf(out, "%s,", s->build_requires.v[k]);
			rt_buf_adds(out, " pbreq=");
			for (size_t k = 0; k < s->private_build_requires.n; k++)
				rt_buf_addf(out, "%s,", s->private_build_requires.v[k]);
			rt_buf_adds(out, " tools=");
			for (size_t k = 0; k < s->tools.n; k++)
				rt_buf_addf(out, "%s,", s->tools.v[k]);
			for (size_t v = 0; v < s->n_variants; v++) {
				rt_buf_addf(out, " v%zu=", v);
				for (size_t k = 0; k < s->variants[v].n; k++)
					rt_buf_addf(out, "%s,", s->variants[v].v[k]);
			}
			rt_buf_addch(out, '\n');
		}
	}
	rt_error_release(&err);
}

/* One pass with the cache: returns the evaluations it needed; checks it matches a pass
 * without the cache. */
static int pass(const char *what)
{
	struct rt_buf with = RT_BUF_INIT, without = RT_BUF_INIT;
	struct rt_repo *r;
	int evals;
	n_evals = 0;
	r = open_repo(1);
	describe(r, &with);
	rt_repo_free(r);
	evals = n_evals;
	r = open_repo(0);
	describe(r, &without);
	rt_repo_free(r);
	CHECKF(rt_streq(with.buf, without.buf), "%s: cached and uncached agree:\n%s---\n%s", what,
	       with.buf, without.buf);
	rt_buf_release(&with);
	rt_buf_release(&without);
	return evals;
}

static char *cache_file(const char *family)
{
	struct rt_pkgcache_opts o = { cache_dir, NULL, NULL, NULL, 0, 0 };
	struct rt_pkgcache *c = rt_pkgcache_new(&o);
	char *rd = rt_pkgcache_repo_dir(c, repo_dir), *f = rt_xstrfmt("%s/%s.rzc", rd, family);
	free(rd);
	rt_pkgcache_free(c);
	return f;
}

static void setup_repo(void)
{
	write_text("foo/1.0/package.lua", "name = 'foo'\nversion = '1.0'\nrequires = {'bar-1+'}\n"
		   "function commands()\n  env.FOO = 'x'\nend\n");
	write_text("foo/1.1/package.lua", "name = 'foo'\nversion = '1.1'\nrequires = {'bar-1+<2', '~baz'}\n"
		   "build_requires = {'cmake-3'}\nprivate_build_requires = {'gcc'}\n"
		   "tools = {'foo', 'foo-admin'}\ntimestamp = 1700000000\n"
		   "function pre_commands()\nend\nfunction commands()\n  env.FOO = 'y'\nend\n");
	write_text("bar/1.0/package.lua", "name = 'bar'\nversion = '1.0'\n"
		   "variants = {{'python-2.7'}, {'python-3'}}\n"
		   "@early\nfunction description()\n  return 'bar ' .. this.version\nend\n");
	write_text("baz/2/package.lua", "name = 'baz'\nversion = '2'\n"
		   "@late\nfunction requires()\n  return {'bar'}\nend\n"
		   "@late\nfunction tools()\n  return {'b'}\nend\n");
	write_text("qux/package.yaml", "name: qux\nrequires: [foo]\ncommands: |\n  env.QUX = '1'\n");
	write_text("python/2.7/package.lua", "name = 'python'\nversion = '2.7'\n");
	write_text("python/3/package.lua", "name = 'python'\nversion = '3'\n");
}

static void test_invalidation(void)
{
	char *f;
	struct stat st;
	struct timespec times[2];

	setup_repo();
	settle();
	CHECK(pass("cold") == 7);
	CHECK(pass("warm") == 0);
	f = cache_file("foo");
	CHECK(stat(f, &st) == 0);
	free(f);

	/* Edit one package: only it is evaluated again. */
	write_text("foo/1.1/package.lua", "name = 'foo'\nversion = '1.1'\nrequires = {'bar-1'}\n");
	CHECK(pass("edited (racy)") == 1);   /* just changed: evaluated, not yet written */
	settle();
	CHECK(pass("edited") == 1);
	CHECK(pass("edited, warm") == 0);

	/* Same size, mtime put back: the ctime still shows the change. */
	{
		char *p = rt_xstrfmt("%s/foo/1.0/package.lua", repo_dir);
		CHECK(stat(p, &st) == 0);
		write_text("foo/1.0/package.lua", "name = 'foo'\nversion = '1.0'\nrequires = {'bar-2+'}\n"
			   "function commands()\n  env.FOO = 'x'\nend\n");
		times[0] = st.st_atim;
		times[1] = st.st_mtim;
		CHECK(utimensat(AT_FDCWD, p, times, 0) == 0);
		free(p);
		settle();
		CHECK(pass("same size, same mtime") == 1);
		CHECK(pass("same size, warm") == 0);
	}

	/* Touch without change: evaluated again, same result. */
	run_sh(rt_xstrfmt("touch '%s/bar/1.0/package.lua'", repo_dir));
	settle();
	CHECK(pass("touched") == 1);
	CHECK(pass("touched, warm") == 0);

	/* A new version: listed, and only it is evaluated. */
	write_text("foo/1.2/package.lua", "name = 'foo'\nversion = '1.2'\n");
	settle();
	CHECK(pass("added") == 1);
	CHECK(pass("added, warm") == 0);

	/* A removed version disappears from the listing. */
	run_sh(rt_xstrfmt("rm -r '%s/foo/1.0'", repo_dir));
	settle();
	CHECK(pass("removed") == 0);
	{
		struct rt_repo *r = open_repo(1);
		const struct rt_repo_entry *const *es;
		size_t n;
		CHECK(rt_repo_versions(r, "foo", &es, &n, NULL) == 0);
		CHECK(n == 2);
		CHECK(n == 2 && rt_streq(rt_version_str(es[0]->version), "1.1"));
		rt_repo_free(r);
	}

	/* An ignored version disappears too (the family directory changed). */
	write_text("foo/.ignore1.2", "");
	settle();
	CHECK(pass("ignored") == 0);
	{
		struct rt_repo *r = open_repo(1);
		const struct rt_repo_entry *const *es;
		size_t n;
		CHECK(rt_repo_versions(r, "foo", &es, &n, NULL) == 0);
		CHECK(n == 1);
		rt_repo_free(r);
	}

	/* package.lua appearing beside a cached package.yaml wins. */
	write_text("qux/package.lua", "name = 'qux'\nrequires = {'bar'}\n");
	settle();
	CHECK(pass("lua beside yaml") == 1);
	CHECK(pass("lua beside yaml, warm") == 0);
	CHECK(n_warnings == 0);
}

static void test_late(void)
{
	struct rt_repo *r = open_repo(1);
	const struct rt_repo_entry *e = rt_repo_latest(r, "baz", NULL, NULL);
	const struct rt_pkg_summary *s = e ? rt_repo_summary(r, e, NULL) : NULL;
	CHECK(s != NULL);
	if (s) {
		CHECK(s->flags & RT_PKGSUM_LATE_REQUIRES);
		CHECK(s->flags & RT_PKGSUM_LATE_TOOLS);
		CHECK(s->requires.n == 0);
	}
	e = rt_repo_latest(r, "foo", NULL, NULL);
	s = e ? rt_repo_summary(r, e, NULL) : NULL;
	CHECK(s && !(s->flags & RT_PKGSUM_LATE_REQUIRES));
	rt_repo_free(r);
}

/* Damages the cache file of `family` with `how`, then checks one warning and a rebuild. */
static void corrupt(const char *family, const char *what, void (*damage)(const char *path))
{
	char *f = cache_file(family);
	damage(f);
	n_warnings = 0;
	rt_buf_reset(&warnings);
	CHECKF(pass(what) >= 1, "%s: the damaged family is evaluated again", what);
	CHECKF(n_warnings == 1, "%s: one warning (got %d: %s)", what, n_warnings, warnings.buf);
	CHECKF(strstr(warnings.buf, "is corrupt") && strstr(warnings.buf, f), "%s: %s", what,
	       warnings.buf);
	n_warnings = 0;
	CHECKF(pass(what) == 0, "%s: rebuilt", what);
	CHECK(n_warnings == 0);
	free(f);
}

static void truncate_half(const char *path)
{
	struct stat st;
	CHECK(stat(path, &st) == 0);
	CHECK(truncate(path, st.st_size / 2) == 0);
}

static void truncate_header(const char *path)
{
	CHECK(truncate(path, 10) == 0);
}

static void garbage(const char *path)
{
	FILE *f = fopen(path, "w");
	CHECK(f != NULL);
	if (f) {
		for (int i = 0; i < 500; i++)
			fputc((i * 7919) & 0xff, f);
		fclose(f);
	}
}

static void patch_byte(const char *path, long off, int val)
{
	int fd = open(path, O_RDWR);
	unsigned char b = 0;
	CHECK(fd >= 0);
	if (fd < 0)
		return;
	if (off < 0)
		off += lseek(fd, 0, SEEK_END);
	CHECK(pread(fd, &b, 1, off) == 1);
	b ^= (unsigned char)val;      /* always a change */
	CHECK(pwrite(fd, &b, 1, off) == 1);
	close(fd);
}

static void wrong_format(const char *path) { patch_byte(path, 8, 99); }
static void flip_payload(const char *path) { patch_byte(path, -3, 'Z'); }
static void bad_magic(const char *path) { patch_byte(path, 0, 'X'); }

static void empty_file(const char *path)
{
	CHECK(truncate(path, 0) == 0);
}

static void test_corruption(void)
{
	corrupt("foo", "truncated", truncate_half);
	corrupt("bar", "header only", truncate_header);
	corrupt("python", "garbage", garbage);
	{
		/* Another version's format is not damage: rebuilt silently. */
		char *f = cache_file("foo");
		wrong_format(f);
		n_warnings = 0;
		CHECK(pass("wrong format version") >= 1);
		CHECKF(n_warnings == 0, "other format: no warning (got %d)", n_warnings);
		CHECK(pass("wrong format version") == 0);
		free(f);
	}
	corrupt("bar", "checksum", flip_payload);
	corrupt("qux", "bad magic", bad_magic);
	corrupt("baz", "empty", empty_file);
}

static void test_unwritable(void)
{
	/* A cache directory under a regular file can never be created, even by root. */
	char *blocker = rt_xstrfmt("%s/blocker", root);
	char *saved = rt_xstrdup(cache_dir);
	FILE *f = fopen(blocker, "w");
	CHECK(f != NULL);
	if (f)
		fclose(f);
	snprintf(cache_dir, sizeof(cache_dir), "%s/cache", blocker);
	n_warnings = 0;
	rt_buf_reset(&warnings);
	CHECK(pass("unwritable") == 6);   /* nothing cached: every package evaluated */
	CHECKF(n_warnings == 1, "one warning per repository object (got %d: %s)", n_warnings,
	       warnings.buf);
	CHECK(strstr(warnings.buf, "cannot write the package cache") != NULL);
	snprintf(cache_dir, sizeof(cache_dir), "%s", saved);
	n_warnings = 0;
	free(saved);
	free(blocker);
}

/* Writers rewrite a family's file over and over while readers read it: a reader sees a
 * complete file every time (no corruption warning), whose records are right. */
static void test_concurrency(void)
{
	enum { WRITERS = 3, READERS = 2, ROUNDS = 40 };
	pid_t pids[WRITERS + READERS];
	struct rt_buf want = RT_BUF_INIT;
	int ok = 1;
	{
		struct rt_repo *r = open_repo(0);
		describe(r, &want);
		rt_repo_free(r);
	}
	fflush(stdout);
	for (int p = 0; p < WRITERS + READERS; p++) {
		pids[p] = fork();
		if (pids[p] < 0) {
			CHECK(0);
			return;
		}
		if (pids[p] == 0) {
			int bad = 0;
			/* The verdict is the exit status; the children's own check lines are noise. */
			if (!freopen("/dev/null", "w", stdout))
				_exit(1);
			for (int round = 0; round < ROUNDS && !bad; round++) {
				struct rt_repo *r = open_repo(1);
				struct rt_buf got = RT_BUF_INIT;
				n_warnings = 0;
				rt_buf_reset(&warnings);
				describe(r, &got);
				if (p < WRITERS) {
					/* Force a rewrite of every family: store each package again. */
					struct rt_pkgcache_opts o = { cache_dir, on_warn, NULL, NULL, 0, 0 };
					struct rt_pkgcache *c = rt_pkgcache_new(&o);
					const char *const *fams;
					size_t nf;
					rt_repo_families(r, &fams, &nf, NULL);
					for (size_t i = 0; i < nf; i++) {
						const struct rt_repo_entry *const *es;
						size_t ne;
						char *fd = rt_xstrfmt("%s/%s", repo_dir, fams[i]);
						struct rt_pkgcache_stamp ds;
						struct rt_pkgcache_family *cf;
						rt_pkgcache_stamp_path(fd, &ds);
						cf = rt_pkgcache_family(c, repo_dir, fams[i], &ds);
						rt_repo_versions(r, fams[i], &es, &ne, NULL);
						for (size_t j = 0; j < ne; j++) {
							const struct rt_package *pkg = rt_repo_load(r, es[j], NULL);
							char *file = NULL;
							struct rt_pkgcache_stamp st;
							if (pkg && rt_pkgcache_stamp_definition(es[j]->dir, &file, &st) == 0)
								rt_pkgcache_store(cf, rt_version_str(es[j]->version),
										  file, &st, rt_pkgcache_now_ns(), pkg, NULL);
							free(file);
						}
						free(fd);
					}
					rt_pkgcache_flush(c);
					rt_pkgcache_free(c);
				}
				rt_repo_free(r);
				if (n_warnings || !rt_streq(got.buf, want.buf)) {
					fprintf(stderr, "process %d round %d: %s\n", p, round, warnings.buf);
					bad = 1;
				}
				rt_buf_release(&got);
			}
			_exit(bad);
		}
	}
	for (int p = 0; p < WRITERS + READERS; p++) {
		int status;
		if (waitpid(pids[p], &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
			ok = 0;
	}
	CHECKF(ok, "every process saw complete, correct cache files");
	{
		/* No temporary files left behind. */
		char *cmd = rt_xstrfmt("test -z \"$(find '%s' -name '*.tmp*')\"", cache_dir);
		CHECK(system(cmd) == 0);
		free(cmd);
	}
	rt_buf_release(&want);
}

/* A resolve gives the same context with and without the cache. */
static void test_resolve_same(void)
{
	const char *reqs[] = { "foo", "qux" };
	struct rt_buf a = RT_BUF_INIT, b = RT_BUF_INIT;
	for (int cached = 0; cached < 2; cached++) {
		struct rt_repo *r = open_repo(cached);
		struct rt_resolve_opts ro;
		struct rt_error err = RT_ERROR_INIT;
		struct rt_context *ctx;
		struct rt_buf *out = cached ? &b : &a;
		memset(&ro, 0, sizeof(ro));
		ro.solver = (struct rt_solver_options)RT_SOLVER_OPTIONS_INIT;
		ro.requests = reqs;
		ro.n_requests = 2;
		ro.repo = r;
		ctx = rt_resolve(&ro, &err);
		CHECKF(ctx != NULL, "%s", rt_error_msg(&err));
		if (ctx) {
			CHECK(ctx->status == RT_CTX_SOLVED);
			for (size_t i = 0; i < ctx->n_pkgs; i++)
				rt_buf_addf(out, "%s %s %d %s %s %s %s\n", ctx->pkgs[i].name,
					    ctx->pkgs[i].version, ctx->pkgs[i].variant_index,
					    ctx->pkgs[i].location, ctx->pkgs[i].base, ctx->pkgs[i].root,
					    ctx->pkgs[i].uri);
			rt_context_free(ctx);
		}
		rt_error_release(&err);
		rt_repo_free(r);
	}
	CHECKF(a.len > 0 && rt_streq(a.buf, b.buf), "same resolve:\n%s---\n%s", a.buf, b.buf);
	rt_buf_release(&a);
	rt_buf_release(&b);
}

/* Deep equality including what rt_value_equal leaves out: lines and every function field. */
static int same_tree(const struct rt_value *a, const struct rt_value *b)
{
	if (a->type != b->type || a->line != b->line || !rt_value_equal(a, b))
		return 0;
	switch (a->type) {
	case RT_LIST:
		for (size_t i = 0; i < rt_list_len(a); i++)
			if (!same_tree(rt_list_at(a, i), rt_list_at(b, i)))
				return 0;
		return 1;
	case RT_MAP:
		for (size_t i = 0; i < rt_map_len(a); i++)
			if (!rt_streq(rt_map_key(a, i), rt_map_key(b, i)) ||
			    !same_tree(rt_map_val(a, i), rt_map_val(b, i)))
				return 0;
		return 1;
	case RT_FUNC: {
		const struct rt_func *x = a->u.fn, *y = b->u.fn;
		if (!rt_streq(x->file, y->file) || x->first_line != y->first_line ||
		    x->n_includes != y->n_includes)
			return 0;
		for (size_t i = 0; i < x->n_includes; i++)
			if (!rt_streq(x->includes[i], y->includes[i]))
				return 0;
		return 1;
	}
	default:
		return 1;
	}
}

/* Loads every package through rt_repo_load with the cache and checks each equals a fresh
 * evaluation (data, lines, functions). Returns the evaluations the cached pass needed. */
static int full_pass(const char *what)
{
	struct rt_repo *fresh = open_repo(0), *cached;
	const char *const *fams;
	size_t nf;
	int evals, n_pkgs = 0;
	n_evals = 0;
	cached = open_repo(1);
	CHECK(rt_repo_families(cached, &fams, &nf, NULL) == 0);
	for (size_t i = 0; i < nf; i++) {
		const struct rt_repo_entry *const *es, *const *fs;
		size_t ne, nfe;
		CHECK(rt_repo_versions(cached, fams[i], &es, &ne, NULL) == 0);
		CHECK(rt_repo_versions(fresh, fams[i], &fs, &nfe, NULL) == 0 && nfe == ne);
		for (size_t j = 0; j < ne && j < nfe; j++) {
			struct rt_error err = RT_ERROR_INIT;
			const struct rt_package *a = rt_repo_load(cached, es[j], &err);
			int saved = n_evals;
			const struct rt_package *b = rt_repo_load(fresh, fs[j], NULL);
			n_evals = saved;
			CHECKF(a && b, "%s: %s", what, rt_error_msg(&err));
			rt_error_release(&err);
			if (!a || !b)
				continue;
			n_pkgs++;
			CHECKF(same_tree(a->data, b->data) && rt_streq(a->file, b->file) &&
			       rt_streq(a->name, b->name) && rt_version_cmp(a->version, b->version) == 0,
			       "%s: %s-%s loaded from the cache equals a fresh evaluation", what,
			       fams[i], rt_version_str(a->version));
			/* What the resolver sees agrees too. */
			{
				const struct rt_pkg_summary *s = rt_repo_summary(cached, es[j], NULL);
				struct rt_pkg_summary *t = rt_pkg_summary_new(b, rt_version_str(b->version),
									      b->file);
				CHECKF(s && rt_pkg_summary_equal(s, t), "%s: summary of %s", what, fams[i]);
				rt_pkg_summary_free(t);
			}
		}
	}
	CHECK(n_pkgs > 0);
	evals = n_evals;
	rt_repo_free(cached);
	rt_repo_free(fresh);
	return evals;
}

static const char ext_v1[] =
	"name = 'ext'\nversion = '1.0'\n"
	"description = [[\n    two\n      lines\n]]\n"
	"authors = {'a', 'b'}\n"
	"data = {f = 1.5, t = true, no = false, l = {1, -2, 'three', {}}, s = 'a\\0b',\n"
	"        big = -9007199254740993, m = {k = {'v'}}}\n"
	"@early\nfunction help()\n  return 'see ' .. this.name\nend\n"
	"@late\nfunction requires()\n  return {'bar'}\nend\n"
	"@include('util', 'more')\nfunction commands()\n  env.EXT = util.x\nend\n"
	"function post_commands()\n  env.EXT_POST = '1'\nend\n"
	"zz = 5\n";

/* Breaks the last value of the last record's data (ext's `zz = 5`: its final byte is the
 * varint 10) so it runs past the end, and fixes the checksum: only the data is bad. */
static void damage_data(const char *path)
{
	struct rt_buf sb = RT_BUF_INIT;
	FILE *f;
	CHECK(rt_buf_read_file(&sb, path, 1 << 20) == 0);
	CHECK(sb.len > 40);
	if (sb.len <= 40) {
		rt_buf_release(&sb);
		return;
	}
	CHECKF((unsigned char)sb.buf[sb.len - 1] == 10, "last byte is zz's value (%d)",
	       sb.buf[sb.len - 1]);
	sb.buf[sb.len - 1] = (char)0x8a;
	{
		uint64_t h = rt_pkgcache_checksum(sb.buf + 32, sb.len - 32);
		for (int i = 0; i < 8; i++)
			sb.buf[24 + i] = (char)(h >> (8 * i));
	}
	f = fopen(path, "w");
	CHECK(f != NULL);
	if (f) {
		CHECK(fwrite(sb.buf, 1, sb.len, f) == sb.len);
		fclose(f);
	}
	rt_buf_release(&sb);
}

static void test_full_data(void)
{
	char *f;
	write_text("ext/1.0/package.lua", ext_v1);
	settle();
	n_warnings = 0;
	CHECK(full_pass("full, cold") >= 1);
	CHECK(full_pass("full, warm") == 0);
	CHECK(pass("summaries after full loads") == 0);
	/* Summaries first, then full loads, all from the cache. */
	{
		struct rt_repo *r = open_repo(1);
		struct rt_buf sb = RT_BUF_INIT;
		const struct rt_repo_entry *e;
		n_evals = 0;
		describe(r, &sb);
		e = rt_repo_latest(r, "ext", NULL, NULL);
		CHECK(e && rt_repo_load(r, e, NULL) != NULL);
		CHECK(n_evals == 0);
		rt_buf_release(&sb);
		rt_repo_free(r);
	}

	/* An edit invalidates the full record too. */
	{
		char *text = rt_xstrfmt("%s", ext_v1);
		char *p = strstr(text, "env.EXT_POST = '1'");
		CHECK(p != NULL);
		if (p)
			p[16] = '2';
		write_text("ext/1.0/package.lua", text);
		free(text);
	}
	settle();
	CHECK(full_pass("full, edited") == 1);
	CHECK(full_pass("full, edited, warm") == 0);
	{
		struct rt_repo *r = open_repo(1);
		const struct rt_repo_entry *e = rt_repo_latest(r, "ext", NULL, NULL);
		const struct rt_package *pkg = e ? rt_repo_load(r, e, NULL) : NULL;
		const struct rt_value *pc = pkg ? rt_package_get(pkg, "post_commands") : NULL;
		const struct rt_value *c = pkg ? rt_package_get(pkg, "commands") : NULL;
		CHECK(pc && pc->type == RT_FUNC && strstr(pc->u.fn->source, "'2'"));
		CHECK(c && c->type == RT_FUNC && c->u.fn->n_includes == 2 && c->line > 0 &&
		      c->u.fn->first_line > 0);
		rt_repo_free(r);
	}
	CHECK(n_warnings == 0);

	/* Damaged data with a good checksum: one warning, evaluated again, then rebuilt. */
	f = cache_file("ext");
	damage_data(f);
	n_warnings = 0;
	rt_buf_reset(&warnings);
	CHECK(full_pass("full, bad data") == 1);
	CHECKF(n_warnings == 1 && strstr(warnings.buf, "is corrupt") && strstr(warnings.buf, f),
	       "one warning for bad data (got %d: %s)", n_warnings, warnings.buf);
	n_warnings = 0;
	CHECK(full_pass("full, bad data, rebuilt") == 0);
	CHECK(n_warnings == 0);
	free(f);
}

static void test_default_dir(void)
{
	char *d;
	char *old_xdg = getenv("XDG_CACHE_HOME") ? rt_xstrdup(getenv("XDG_CACHE_HOME")) : NULL;
	setenv("XDG_CACHE_HOME", "/x/cache", 1);
	d = rt_pkgcache_default_dir();
	CHECK_STR(d, "/x/cache/rez-lua/packages");
	free(d);
	setenv("XDG_CACHE_HOME", "relative", 1);
	setenv("HOME", "/home/u", 1);
	d = rt_pkgcache_default_dir();
	CHECK_STR(d, "/home/u/.cache/rez-lua/packages");
	free(d);
	if (old_xdg)
		setenv("XDG_CACHE_HOME", old_xdg, 1);
	else
		unsetenv("XDG_CACHE_HOME");
	free(old_xdg);
}

/* Every single-bit change, and every truncation, of a payload changes its checksum (what
 * catches a torn or damaged file). */
static void test_checksum(void)
{
	unsigned char b[67];
	uint64_t h0;
	int changed = 1;
	for (size_t i = 0; i < sizeof(b); i++)
		b[i] = (unsigned char)(i * 37 + 11);
	h0 = rt_pkgcache_checksum(b, sizeof(b));
	for (size_t i = 0; i < sizeof(b); i++)
		for (int bit = 0; bit < 8; bit++) {
			b[i] ^= (unsigned char)(1 << bit);
			changed &= rt_pkgcache_checksum(b, sizeof(b)) != h0;
			b[i] ^= (unsigned char)(1 << bit);
		}
	for (size_t n = 0; n < sizeof(b); n++)
		changed &= rt_pkgcache_checksum(b, n) != h0;
	CHECK(changed);
	CHECK(rt_pkgcache_checksum(b, sizeof(b)) == h0);
}

int main(void)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(root, sizeof(root), "%s/pkgcache-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(root)) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(repo_dir, sizeof(repo_dir), "%s/repo", root);
	snprintf(cache_dir, sizeof(cache_dir), "%s/cache", root);
	inner = li_package_loader(NULL);

	test_checksum();
	test_invalidation();
	test_late();
	test_corruption();
	test_unwritable();
	test_concurrency();
	test_resolve_same();
	test_full_data();
	test_default_dir();

	run_sh(rt_xstrfmt("rm -rf '%s'", root));
	rt_buf_release(&warnings);
	return tap_done();
}
