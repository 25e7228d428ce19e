/* build.c - the build sequence and the install (see build.h and docs/build.md). */
#define _GNU_SOURCE   /* renameat2 (RENAME_EXCHANGE) */
#include "runtime/build/build.h"
#include "runtime/build/fsutil.h"
#include "runtime/build/install.h"
#include "runtime/buf.h"
#include "runtime/config.h"
#include "runtime/context.h"
#include "runtime/file.h"
#include "runtime/json.h"
#include "runtime/luawrite.h"
#include "runtime/package.h"
#include "runtime/proc.h"
#include "runtime/sha1.h"
#include "runtime/shell.h"
#include "runtime/value.h"
#include "runtime/version.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <glob.h>
#include <signal.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Keys Rez does not install (package_build_only_keys, plus rez-lua's build_hooks). */
static const char *const build_only_keys[] = {
	"requires_rez_version", "build_system", "build_command", "preprocess",
	"pre_build_commands", "build_hooks", NULL
};
struct run {
	const struct rt_build_opts *o;
	struct rt_build_result *res;
	struct rt_build_devpkg dev;       /* building = false: what gets installed */
	int have_dev;
	const char *target;
	const char *name;
	const char *version;              /* "" for unversioned */
	char *src;                        /* absolute source directory */
	char *build_root;                 /* absolute build_directory */
	char *repo;                       /* install repository (absolute) */
	char *family_dir, *version_dir;
	const struct rt_value *variants;  /* the dev package's variants (RT_LIST) or NULL */
	size_t n_variants;
	const char *build_system;         /* custom, cmake, make */
};

/* ---- results ---- */

static struct rt_build_variant_result *add_result(struct rt_build_result *res, int index)
{
	struct rt_build_variant_result *r;
	res->variants = rt_xrealloc(res->variants, rt_st_mult(res->n + 1, sizeof(*r)));
	r = &res->variants[res->n++];
	memset(r, 0, sizeof(*r));
	r->index = index;
	return r;
}

void rt_build_result_release(struct rt_build_result *res)
{
	for (size_t i = 0; i < res->n; i++) {
		free(res->variants[i].subpath);
		free(res->variants[i].install_path);
	}
	free(res->variants);
	memset(res, 0, sizeof(*res));
}

/* ---- the build system ---- */

/* build_thread_count: an integer, or physical_cores / logical_cores (the online CPUs: the
 * physical count is not portable to find, and make -j only needs a sensible bound). */
static long long thread_count(const struct rt_config *cfg)
{
	const struct rt_value *v = rt_config_get(cfg, "build_thread_count");
	long n;
	if (v && v->type == RT_INT && v->u.i > 0)
		return v->u.i;
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? n : 1;
}

static int detect_build_system(struct run *r, struct rt_error *err)
{
	const struct rt_value *bc = rt_package_get(r->dev.package, "build_command");
	const struct rt_value *bs = rt_package_get(r->dev.package, "build_system");
	static const char *const known[] = { "custom", "cmake", "make", NULL };
	const char *found[3];
	size_t n = 0;
	char *p;

	if (r->o->build_system) {
		if (!rt_str_in_list(known, r->o->build_system))
			return rt_error(err, "unknown build system '%s' (choose from custom, cmake, make)",
					r->o->build_system);
		r->build_system = r->o->build_system;
		return 0;
	}
	if (bc && bc->type != RT_NULL) {
		r->build_system = "custom";
		return 0;
	}
	if (bs && rt_value_as_str(bs)) {
		if (!rt_str_in_list(known, rt_value_as_str(bs)))
			return rt_error(err, "%s:%d: attribute 'build_system': unknown build system '%s' "
					"(choose from custom, cmake, make)", r->dev.file, bs->line,
					rt_value_as_str(bs));
		r->build_system = rt_value_as_str(bs);
		return 0;
	}
	p = rt_xstrfmt("%s/CMakeLists.txt", r->src);
	if (access(p, F_OK) == 0)
		found[n++] = "cmake";
	free(p);
	p = rt_xstrfmt("%s/Makefile", r->src);
	/* a Makefile beside CMakeLists.txt: rez-lua's make builds in the source directory, so
	 * which one is meant is not clear (Rez takes cmake) */
	if (access(p, F_OK) == 0)
		found[n++] = "make";
	free(p);
	if (n == 0)
		return rt_error(err, "No build system is associated with the path %s", r->src);
	if (n > 1)
		return rt_error(err, "several build systems are associated with the path %s: %s, %s; "
				"choose one with -b/--build-system or the build_system attribute", r->src,
				found[0], found[1]);
	r->build_system = found[0];
	return 0;
}

/* Appends one `{placeholder}`-expanded string (Python str.format names; "{{" "}}" literal). */
static int expand_command(const char *tmpl, const struct rt_value *names, const char *file,
			  struct rt_buf *out, struct rt_error *err)
{
	for (const char *p = tmpl; *p; p++) {
		if (p[0] == '{' && p[1] == '{') {
			rt_buf_addch(out, '{');
			p++;
		} else if (p[0] == '}' && p[1] == '}') {
			rt_buf_addch(out, '}');
			p++;
		} else if (*p == '{') {
			const char *end = strchr(p, '}');
			char *key;
			const struct rt_value *v;
			if (!end)
				return rt_error(err, "%s: attribute 'build_command': unmatched '{' in '%s'",
						file, tmpl);
			key = rt_xmemdupz(p + 1, (size_t)(end - p - 1));
			v = rt_map_get(names, key);
			if (!v) {
				rt_error(err, "%s: attribute 'build_command': unknown placeholder '{%s}' "
					 "(known: root, install, build_path, install_path, name, "
					 "variant_index, version; write '{{' and '}}' for braces)", file, key);
				free(key);
				return -1;
			}
			free(key);
			rt_buf_adds(out, rt_value_as_str(v));
			p = end;
		} else if (*p == '}') {
			return rt_error(err, "%s: attribute 'build_command': single '}' in '%s' "
					"(write '}}' for a brace)", file, tmpl);
		} else {
			rt_buf_addch(out, *p);
		}
	}
	return 0;
}

static void strip(struct rt_buf *b)
{
	size_t s = 0, e = b->len;
	while (s < e && strchr(" \t\r\n", b->buf[s]))
		s++;
	while (e > s && strchr(" \t\r\n", b->buf[e - 1]))
		e--;
	memmove(b->buf, b->buf + s, e - s);
	rt_buf_setlen(b, e - s);
}

static int quote(const struct rt_build_opts *o, const char *s, struct rt_buf *out,
		 struct rt_error *err)
{
	return o->shell->quote_arg(s, strlen(s), out, err);
}

/* The commands of the build (each a shell command line) into `cmds` (RT_LIST). */
static int build_commands(struct run *r, const struct rt_build_variant *v,
			  const char *install_path, const struct rt_value *build_args,
			  struct rt_value *cmds, struct rt_error *err)
{
	const struct rt_build_opts *o = r->o;
	struct rt_buf line = RT_BUF_INIT;
	long long threads = thread_count(r->dev.config);
	int rc = -1;

	if (rt_streq(r->build_system, "custom")) {
		const struct rt_value *bc = rt_package_get(r->dev.package, "build_command");
		struct rt_value *names = rt_value_map();
		char idx[32];
		snprintf(idx, sizeof(idx), "%d", v->index);
		rt_map_set(names, "root", rt_value_str(r->src));
		rt_map_set(names, "install", rt_value_str(o->install ? "install" : ""));
		rt_map_set(names, "build_path", rt_value_str(v->build_path));
		rt_map_set(names, "install_path", rt_value_str(install_path));
		rt_map_set(names, "name", rt_value_str(r->name));
		rt_map_set(names, "variant_index", rt_value_str(v->index < 0 ? "" : idx));
		rt_map_set(names, "version", rt_value_str(r->version));
		if (!bc || bc->type == RT_NULL || (bc->type == RT_BOOL && !bc->u.b)) {
			rc = 0;            /* build_command = false: nothing to run */
		} else if (bc->type == RT_STR) {
			struct rt_buf t = RT_BUF_INIT;
			rt_buf_adds(&t, rt_value_as_str(bc));
			rc = 0;
			for (size_t i = 0; i < rt_list_len(build_args) && rc == 0; i++) {
				rt_buf_addch(&t, ' ');
				rc = quote(o, rt_value_as_str(rt_list_at(build_args, i)), &t, err);
			}
			if (rc == 0)
				rc = expand_command(t.buf, names, r->dev.file, &line, err);
			rt_buf_release(&t);
			strip(&line);
			if (rc == 0 && line.len)
				rt_list_push(cmds, rt_value_str(line.buf));
		} else if (bc->type == RT_LIST) {
			size_t n = rt_list_len(bc) + rt_list_len(build_args);
			rc = 0;
			for (size_t i = 0; i < n && rc == 0; i++) {
				const struct rt_value *e = i < rt_list_len(bc) ? rt_list_at(bc, i) :
					rt_list_at(build_args, i - rt_list_len(bc));
				struct rt_buf one = RT_BUF_INIT;
				if (!rt_value_as_str(e)) {
					rc = rt_error(err, "%s:%d: attribute 'build_command' must be a string, "
						      "a list of strings or false", r->dev.file, bc->line);
				} else {
					rc = expand_command(rt_value_as_str(e), names, r->dev.file, &one, err);
					if (rc == 0) {
						if (line.len)
							rt_buf_addch(&line, ' ');
						rc = quote(o, one.buf, &line, err);
					}
				}
				rt_buf_release(&one);
			}
			if (rc == 0 && line.len)
				rt_list_push(cmds, rt_value_str(line.buf));
		} else {
			rc = rt_error(err, "%s:%d: attribute 'build_command' must be a string, a list of "
				      "strings or false (got %s)", r->dev.file, bc->line,
				      rt_value_type_name(bc->type));
		}
		rt_value_free(names);
		goto out;
	}
	if (rt_streq(r->build_system, "cmake")) {
		const struct rt_value *cargs = rt_config_get(r->dev.config,
							     "plugins.build_system.cmake.cmake_args");
		const char *bt = o->build_target ? o->build_target : "Release";
		const char *bs = o->cmake_build_system ? o->cmake_build_system : "make";
		const char *gen = rt_streq(bs, "ninja") ? "Ninja" : "Unix Makefiles";
		struct rt_buf arg = RT_BUF_INIT;
		if (!rt_streq(bt, "Debug") && !rt_streq(bt, "Release") && !rt_streq(bt, "RelWithDebInfo"))
			return rt_error(err, "invalid build target '%s' (choose from Debug, Release, "
					"RelWithDebInfo)", bt);
		if (!rt_streq(bs, "make") && !rt_streq(bs, "ninja"))
			return rt_error(err, "invalid cmake build system '%s' (choose from make, ninja)", bs);
		rt_buf_adds(&line, "cmake ");
		rc = quote(o, r->src, &line, err);
		for (size_t i = 0; rc == 0 && cargs && cargs->type == RT_LIST && i < rt_list_len(cargs); i++) {
			rt_buf_addch(&line, ' ');
			rc = quote(o, rt_value_as_str(rt_list_at(cargs, i)) ? rt_value_as_str(rt_list_at(cargs, i)) : "", &line, err);
		}
		for (size_t i = 0; rc == 0 && i < rt_list_len(build_args); i++) {
			rt_buf_addch(&line, ' ');
			rc = quote(o, rt_value_as_str(rt_list_at(build_args, i)), &line, err);
		}
		const char *defs[5];
		char *d0 = rt_xstrfmt("-DCMAKE_INSTALL_PREFIX=%s", install_path);
		char *d2 = rt_xstrfmt("-DCMAKE_BUILD_TYPE=%s", bt);
		char *d3 = rt_xstrfmt("-DREZ_BUILD_TYPE=%s", r->target);
		char *d4 = rt_xstrfmt("-DREZ_BUILD_INSTALL=%d", o->install ? 1 : 0);
		defs[0] = d0; defs[1] = d2; defs[2] = d3; defs[3] = d4; defs[4] = "-G";
		for (size_t i = 0; rc == 0 && i < 5; i++) {
			rt_buf_addch(&line, ' ');
			rc = quote(o, defs[i], &line, err);
		}
		if (rc == 0) {
			rt_buf_addch(&line, ' ');
			rc = quote(o, gen, &line, err);
		}
		/* CMAKE_MODULE_PATH from the environment the packages built (a shell reference) */
		if (rc == 0 && !(o->shell->flags & RT_SHELL_WINDOWS))
			rt_buf_adds(&line, " \"-DCMAKE_MODULE_PATH=$CMAKE_MODULE_PATH\"");
		free(d0); free(d2); free(d3); free(d4);
		if (rc == 0)
			rt_list_push(cmds, rt_value_str(line.buf));
		if (rc == 0 && !o->configure_only) {
			const char *tool = rt_streq(bs, "ninja") ? "ninja" : "make";
			int has_j = 0;
			rt_buf_reset(&arg);
			rt_buf_adds(&arg, tool);
			for (size_t i = 0; rc == 0 && i < o->n_child_build_args; i++) {
				rt_buf_addch(&arg, ' ');
				has_j |= rt_starts_with(o->child_build_args[i], "-j");
				rc = quote(o, o->child_build_args[i], &arg, err);
			}
			if (!has_j)
				rt_buf_addf(&arg, " -j%lld", threads > 0 ? threads : 1);
			if (rc == 0)
				rt_list_push(cmds, rt_value_str(arg.buf));
			if (rc == 0 && o->install) {
				rt_buf_adds(&arg, " install");
				rt_list_push(cmds, rt_value_str(arg.buf));
			}
		}
		rt_buf_release(&arg);
		goto out;
	}
	/* make: build, then install with the variant install path as PREFIX */
	{
		int has_j = 0;
		/* a hand-written Makefile builds where it is (-C the source directory) */
		rt_buf_adds(&line, "make -C ");
		rc = quote(o, r->src, &line, err);
		for (size_t i = 0; rc == 0 && i < rt_list_len(build_args); i++) {
			const char *a = rt_value_as_str(rt_list_at(build_args, i));
			rt_buf_addch(&line, ' ');
			has_j |= rt_starts_with(a, "-j");
			rc = quote(o, a, &line, err);
		}
		if (!has_j)
			rt_buf_addf(&line, " -j%lld", threads > 0 ? threads : 1);
		if (rc == 0) {
			char *pre = rt_xstrfmt("PREFIX=%s", install_path);
			rt_buf_addch(&line, ' ');
			rc = quote(o, pre, &line, err);
			free(pre);
		}
		if (rc == 0)
			rt_list_push(cmds, rt_value_str(line.buf));
		if (rc == 0 && o->install) {
			rt_buf_adds(&line, " install");
			rt_list_push(cmds, rt_value_str(line.buf));
		}
	}
out:
	rt_buf_release(&line);
	return rc;
}

/* Runs `script` (the setup, then cd + command) with the build shell; streams its output.
 * Ctrl-C goes to the build command; its death by SIGINT then fails the build here, which
 * cleans up. Returns the exit status (128+N for a signal), or -1 with err set when it cannot
 * start. */
static int run_script(struct run *r, const char *path, const char *destdir, struct rt_error *err)
{
	char *argv[3], *env[1];
	int st;
	argv[0] = (char *)r->o->shell_exe;
	argv[1] = (char *)path;
	argv[2] = NULL;
	env[0] = destdir ? rt_xstrfmt("DESTDIR=%s", destdir) : NULL;
	st = rt_proc_run(argv, env, destdir ? 1 : 0, 0, "rez build");
	free(env[0]);
	if (st < 0)
		return rt_error(err, "cannot start the build shell: %s", strerror(errno));
	return st;
}

/* ---- the installed definition ---- */

/* Installed data from the developer package data: build-only keys and `base` dropped. */
static struct rt_value *installed_data(const struct rt_value *data)
{
	struct rt_value *out = rt_value_map();
	for (size_t i = 0; i < rt_map_len(data); i++) {
		const char *k = rt_map_key(data, i);
		const struct rt_value *v = rt_map_val(data, i);
		if (rt_str_in_list(build_only_keys, k) || rt_streq(k, "base") || v->type == RT_NULL)
			continue;
		rt_map_set(out, k, rt_value_copy(v));
	}
	return out;
}

/* ---- locking and clean-up (runtime/build/install.h) ---- */

static int lock_version(struct run *r, struct rt_error *err)
{
	return rt_install_lock(r->repo, r->name, r->version, err);
}

#define clean_stale rt_install_clean_stale
#define place rt_install_place
#define merge rt_install_merge

static void write_definition(const struct rt_value *data, struct rt_buf *out)
{
	rt_install_write_definition(data, "rez build", out);
}

static void shortlink(struct run *r, const char *subpath)
{
	if (rt_package_hashed_variants(r->dev.package))
		rt_install_shortlink(r->version_dir,
				     rt_config_str(r->dev.config, "variant_shortlinks_dirname"), subpath);
}



static char *expand_home(const char *p);

/* ---- one variant ---- */

static int write_text(const char *path, const struct rt_buf *b, struct rt_error *err)
{
	return rt_file_write_atomic(path, b->buf, b->len, 0644, 0, err);
}

static void module_rel(const char *name, struct rt_buf *out)
{
	for (const char *p = name; *p; p++)
		rt_buf_addch(out, *p == '.' ? '/' : *p);
}

void rt_build_include_sha1(const char *text, size_t len, char hex[41])
{
	size_t s = 0, e = len;
	while (s < e && strchr(" \t\r\n\v\f", text[s]))
		s++;
	while (e > s && strchr(" \t\r\n\v\f", text[e - 1]))
		e--;
	rt_sha1_hex(text + s, e - s, hex);
}

static int is_py_module(const char *path)
{
	size_t n = strlen(path);
	return n > 3 && rt_streq(path + n - 3, ".py");
}

/* Copies the @include modules to <version>/.rez/include with their .sha1 (of the stripped
 * text, as Rez). */
static int copy_includes(struct run *r, const char *base, struct rt_error *err)
{
	const struct rt_value *names = r->dev.includes, *files = r->dev.include_files;
	for (size_t i = 0; names && files && i < rt_list_len(names) && i < rt_list_len(files); i++) {
		struct rt_buf rel = RT_BUF_INIT, text = RT_BUF_INIT, sum = RT_BUF_INIT;
		const char *src = rt_value_as_str(rt_list_at(files, i));
		char *dst, hex[RT_SHA1_HEX_LEN + 1];
		int rc;
		module_rel(rt_value_as_str(rt_list_at(names, i)), &rel);
		if (rt_buf_read_file(&text, src, (size_t)16 << 20) < 0) {
			rt_error(err, "cannot read include module '%s': %s", src, strerror(errno));
			rt_buf_release(&rel);
			return -1;
		}
		rt_build_include_sha1(text.buf, text.len, hex);
		rt_buf_adds(&sum, hex);
		/* written whole: a reader never checks a half-copied module against its .sha1;
		 * a Python module keeps its .py so the loader reads it through pyread */
		dst = rt_xstrfmt("%s/.rez/include/%s%s", base, rel.buf,
				 is_py_module(src) ? ".py" : ".lua");
		{
			char *dir = rt_xstrdup(dst);
			*strrchr(dir, '/') = '\0';
			rc = rt_build_mkdirs(dir, err);
			free(dir);
		}
		if (rc == 0)
			rc = write_text(dst, &text, err);
		free(dst);
		if (rc == 0) {
			dst = rt_xstrfmt("%s/.rez/include/%s.sha1", base, rel.buf);
			rc = write_text(dst, &sum, err);
			free(dst);
		}
		rt_buf_release(&rel);
		rt_buf_release(&text);
		rt_buf_release(&sum);
		if (rc < 0)
			return -1;
	}
	return 0;
}

struct vstate {
	int index;
	struct rt_value *vreqs;          /* the variant's request strings (NULL: no variants) */
	struct rt_buf subpath, build_path, install_path, rxt, stage, payload;
	struct rt_build_devpkg vdev;
	int have_vdev;
	struct rt_context *ctx;
	struct rt_value *build_data;
	struct rt_value *vars;
	int created_final;               /* the final path did not exist before the build */
};

/* What the hooks and the payload maker see of the variant being built. */
static void variant_view(const struct run *r, const struct vstate *s, const char *install_path,
			 const char *context_file, struct rt_build_variant *bv)
{
	memset(bv, 0, sizeof(*bv));
	bv->index = s->index;
	bv->subpath = s->subpath.buf;
	bv->requires = s->vreqs;
	bv->source_root = r->src;
	bv->build_path = s->build_path.buf;
	bv->install_path = install_path;
	bv->context_file = context_file;
	bv->package = s->vdev.package->data;
}

static void vstate_release(struct run *r, struct vstate *s)
{
	rt_value_free(s->vreqs);
	rt_buf_release(&s->subpath);
	rt_buf_release(&s->build_path);
	rt_buf_release(&s->install_path);
	rt_buf_release(&s->rxt);
	if (s->stage.len)
		rt_build_rmtree(s->stage.buf, NULL);
	rt_buf_release(&s->stage);
	rt_buf_release(&s->payload);
	if (s->have_vdev)
		r->o->ops.unload(r->o->ops.ud, &s->vdev);
	rt_context_free(s->ctx);
	rt_value_free(s->build_data);
	rt_value_free(s->vars);
}

static void strlist_join(const struct rt_value *l, struct rt_buf *out, int names_only)
{
	for (size_t i = 0; l && i < rt_list_len(l); i++) {
		const char *s = rt_value_as_str(rt_list_at(l, i));
		if (i)
			rt_buf_addch(out, ' ');
		if (names_only) {
			struct rt_request *q = rt_request_parse(s, NULL);
			const char *n = q ? rt_request_name(q) : s;
			rt_buf_adds(out, n[0] == '~' || n[0] == '!' ? n + 1 : n);
			rt_request_free(q);
		} else {
			rt_buf_adds(out, s);
		}
	}
}

static void push_strs(struct rt_value *dst, const struct rt_value *l)
{
	for (size_t i = 0; l && l->type == RT_LIST && i < rt_list_len(l); i++)
		if (rt_value_as_str(rt_list_at(l, i)))
			rt_list_push(dst, rt_value_copy(rt_list_at(l, i)));
}

static void setvar(struct rt_value *m, const char *k, const char *v)
{
	rt_map_set(m, k, rt_value_str(v ? v : ""));
}

/* The artifacts and force_include of build_data into the payload. */
static int apply_build_data(struct run *r, struct vstate *s, struct rt_error *err)
{
	const struct rt_value *arts = rt_map_get(s->build_data, "artifacts");
	const struct rt_value *force = rt_map_get(s->build_data, "force_include");
	for (size_t i = 0; arts && arts->type == RT_LIST && i < rt_list_len(arts); i++) {
		const char *pat = rt_value_as_str(rt_list_at(arts, i));
		glob_t g;
		char *full;
		int grc;
		if (!pat || !rt_build_rel_safe(pat))
			return rt_error(err, "build_data.artifacts: pattern '%s' must be relative to the "
					"build path and stay below it", pat ? pat : "?");
		full = rt_xstrfmt("%s/%s", s->build_path.buf, pat);
		grc = glob(full, 0, NULL, &g);
		free(full);
		if (grc == 0) {
			for (size_t j = 0; j < g.gl_pathc; j++) {
				const char *m = g.gl_pathv[j] + s->build_path.len + 1;
				char *dst = rt_xstrfmt("%s/%s", s->payload.buf, m);
				int rc = rt_build_copy(g.gl_pathv[j], dst, err);
				free(dst);
				if (rc < 0) {
					globfree(&g);
					return -1;
				}
			}
			globfree(&g);
		}
	}
	for (size_t i = 0; force && force->type == RT_MAP && i < rt_map_len(force); i++) {
		const char *src = rt_map_key(force, i), *dstrel = rt_value_as_str(rt_map_val(force, i));
		char *from, *to;
		int rc;
		if (!dstrel || !rt_build_rel_safe(dstrel))
			return rt_error(err, "build_data.force_include: destination '%s' must be relative to "
					"the install path and stay below it", dstrel ? dstrel : "?");
		from = src[0] == '/' ? rt_xstrdup(src) : rt_xstrfmt("%s/%s", r->src, src);
		to = rt_xstrfmt("%s/%s", s->payload.buf, dstrel);
		rt_build_rmtree(to, NULL);
		rc = rt_build_copy(from, to, err);
		free(from);
		free(to);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* The install of a built variant: payload completed, tested, placed, definition merged. */
static int install_variant(struct run *r, struct vstate *s, struct rt_build_variant *bv,
			   struct rt_build_variant_result *vr, struct rt_error *err)
{
	const struct rt_build_opts *o = r->o;
	char *p;
	int lock = -1, rc = -1, idx, exists;
	struct rt_value *old = NULL, *fresh = NULL, *merged = NULL;
	struct rt_buf text = RT_BUF_INIT;
	char *deffile = rt_xstrfmt("%s/package.lua", r->version_dir);

	/* the payload: what the install step put under $DESTDIR, else what a command wrote to
	 * the final path directly (moved into the stage), else an empty directory */
	if (!rt_build_exists(s->payload.buf)) {
		if (s->created_final && rt_build_exists(s->install_path.buf)) {
			if (rt_build_mkdirs(s->stage.buf, err) < 0)
				goto out;
			p = rt_xstrdup(s->payload.buf);
			*strrchr(p, '/') = '\0';
			if (rt_build_mkdirs(p, err) < 0 || rename(s->install_path.buf, s->payload.buf) < 0) {
				if (!err || !err->msg)
					rt_error(err, "cannot stage '%s': %s", s->install_path.buf, strerror(errno));
				free(p);
				goto out;
			}
			free(p);
		} else if (rt_build_mkdirs(s->payload.buf, err) < 0) {
			goto out;
		}
	}
	if (apply_build_data(r, s, err) < 0)
		goto out;
	rc = 0;
	if (!o->make_payload) {   /* a bound package has no build context */
		p = rt_xstrfmt("%s/build.rxt", s->payload.buf);
		rc = rt_build_copy(s->rxt.buf, p, err);
		free(p);
	}
	if (rc == 0 && s->vreqs && !o->make_payload) {
		char *from = rt_xstrfmt("%s/variant.json", s->build_path.buf);
		p = rt_xstrfmt("%s/variant.json", s->payload.buf);
		rc = rt_build_copy(from, p, err);
		free(p);
		free(from);
	}
	if (rc < 0)
		goto out;
	rc = -1;
	if (o->hooks.pre_install_tests) {
		int n = o->hooks.pre_install_tests(o->hooks.ud, bv, s->payload.buf, err);
		if (n < 0)
			goto out;
		if (n > 0) {
			rt_error(err, "%d test%s failed; the installation has been cancelled", n,
				 n == 1 ? "" : "s");
			goto out;
		}
	}

	lock = lock_version(r, err);
	if (lock < 0)
		goto out;
	clean_stale(r->family_dir);
	clean_stale(r->repo);
	if (rt_build_exists(deffile)) {
		old = o->ops.load_definition(o->ops.ud, deffile, err);
		if (!old)
			goto out;
	}
	fresh = installed_data(r->dev.package->data);
	merged = merge(old, fresh, s->vreqs, o->release_data, deffile, &idx, &exists, err);
	if (!merged)
		goto out;
	write_definition(merged, &text);
	if (!s->subpath.len) {
		/* no variants: the payload is the whole version directory */
		char *def = rt_xstrfmt("%s/package.lua", s->payload.buf);
		rc = write_text(def, &text, err);
		free(def);
		if (rc == 0)
			rc = copy_includes(r, s->payload.buf, err);
		if (rc == 0)
			rc = place(s->payload.buf, r->version_dir, err);
		if (rc < 0)
			goto out;
		rc = -1;
	} else {
		p = rt_xstrdup(s->install_path.buf);
		*strrchr(p, '/') = '\0';
		if (rt_build_mkdirs(p, err) < 0) {
			free(p);
			goto out;
		}
		free(p);
		if (place(s->payload.buf, s->install_path.buf, err) < 0 ||
		    copy_includes(r, r->version_dir, err) < 0)
			goto out;
		shortlink(r, s->subpath.buf);
		if (write_text(deffile, &text, err) < 0)
			goto out;
	}
	p = rt_xstrfmt("%s/.building%s", r->family_dir, r->version);
	unlink(p);
	free(p);
	/* listings (and the package cache) key on the family directory's time stamp */
	utimes(r->family_dir, NULL);
	vr->outcome = RT_BUILD_INSTALLED;
	vr->install_path = rt_xstrdup(s->install_path.buf);
	r->res->n_installed++;
	rc = 0;
out:
	if (lock >= 0)
		close(lock);
	rt_value_free(old);
	rt_value_free(fresh);
	rt_value_free(merged);
	rt_buf_release(&text);
	free(deffile);
	return rc;
}

/* After a failed install: a version directory that holds nothing any more is removed,
 * and then its .building marker (under the lock, so a concurrent build keeps both). */
static void forget_version(struct run *r)
{
	int lock;
	if (!r->version[0])
		return;
	lock = lock_version(r, NULL);
	if (lock < 0)
		return;
	if (rmdir(r->version_dir) == 0 || errno == ENOENT) {
		char *marker = rt_xstrfmt("%s/.building%s", r->family_dir, r->version);
		unlink(marker);
		free(marker);
	}
	close(lock);
}

/* Is variant vreqs installed already, with unchanged package data? (release's skip) */
static int already_installed(struct run *r, const struct rt_value *vreqs)
{
	char *deffile = rt_xstrfmt("%s/package.lua", r->version_dir);
	struct rt_value *old = NULL, *fresh, *merged;
	struct rt_error e = RT_ERROR_INIT;
	int idx, exists = 0;
	if (rt_build_exists(deffile))
		old = r->o->ops.load_definition(r->o->ops.ud, deffile, &e);
	if (old) {
		fresh = installed_data(r->dev.package->data);
		merged = merge(old, fresh, vreqs, NULL, deffile, &idx, &exists, &e);
		rt_value_free(merged);
		rt_value_free(fresh);
	}
	rt_value_free(old);
	rt_error_release(&e);
	free(deffile);
	return exists;
}

static int build_variant(struct run *r, int index, size_t nth, size_t total,
			 struct rt_build_variant_result *vr, struct rt_error *err)
{
	const struct rt_build_opts *o = r->o;
	struct vstate s;
	struct rt_build_load how;
	struct rt_build_resolve rq;
	struct rt_build_script sc;
	struct rt_build_variant bv;
	struct rt_value *reqs = rt_value_list(), *cmds = rt_value_list(), *bargs = rt_value_list();
	struct rt_value *bobj = rt_value_map();
	struct rt_buf setup = RT_BUF_INIT, line = RT_BUF_INIT, scriptp = RT_BUF_INIT;
	const struct rt_value *paths;
	struct rt_value *nonlocal = NULL;
	char idxs[32];
	int rc = -1;

	memset(&s, 0, sizeof(s));
	rt_buf_init(&s.subpath, 0);
	rt_buf_init(&s.build_path, 0);
	rt_buf_init(&s.install_path, 0);
	rt_buf_init(&s.rxt, 0);
	rt_buf_init(&s.stage, 0);
	rt_buf_init(&s.payload, 0);
	s.index = index;
	if (index >= 0) {
		s.vreqs = rt_value_copy(rt_list_at(r->variants, (size_t)index));
		rt_package_variant_subpath(r->dev.package, (size_t)index, &s.subpath);
		if (!o->make_payload)
			printf("\nBuilding variant %d (%zu/%zu)...\n", index, nth, total);
	}
	vr->subpath = rt_xstrdup(s.subpath.buf);
	rt_buf_adds(&s.build_path, r->build_root);
	if (s.subpath.len)
		rt_buf_addf(&s.build_path, "/%s", s.subpath.buf);
	rt_buf_adds(&s.install_path, r->version_dir);
	if (s.subpath.len)
		rt_buf_addf(&s.install_path, "/%s", s.subpath.buf);
	rt_buf_addf(&s.rxt, "%s/build.rxt", s.build_path.buf);

	if (o->install && o->skip_existing && already_installed(r, s.vreqs)) {
		printf("Skipping variant %d: destination variant already exists (%s)\n", index,
		       s.install_path.buf);
		vr->outcome = RT_BUILD_EXISTS;
		rc = 0;
		goto out;
	}
	if (o->clean && rt_build_rmtree(s.build_path.buf, err) < 0)
		goto out;
	if (rt_build_mkdirs(s.build_path.buf, err) < 0)
		goto out;

	if (o->install && !o->hooks_only) {   /* --hooks-only installs nothing */
		char *marker;
		int fd, lock;
		if (rt_build_mkdirs(r->family_dir, err) < 0)
			goto out;
		/* marker and version directory appear together, under the version lock */
		lock = lock_version(r, err);
		if (lock < 0)
			goto out;
		marker = rt_xstrfmt("%s/.building%s", r->family_dir, r->version);
		if (r->version[0] && !rt_build_exists(r->version_dir)) {
			fd = open(marker, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
			if (fd < 0) {
				rt_error(err, "cannot write '%s': %s", marker, strerror(errno));
				free(marker);
				close(lock);
				goto out;
			}
			close(fd);
		}
		free(marker);
		/* the stage sits beside the destination (same file system: rename works) */
		if (s.subpath.len) {
			if (rt_build_mkdirs(r->version_dir, err) < 0) {
				close(lock);
				goto out;
			}
			rt_buf_addf(&s.stage, "%s/.rez-stage-%ld-%d", r->version_dir, (long)getpid(), index);
		} else {
			/* beside the version directory (the family's for an unversioned package) */
			char *parent = rt_xstrdup(r->version_dir);
			*strrchr(parent, '/') = '\0';
			rt_buf_addf(&s.stage, "%s/.rez-stage-%ld-%d", parent, (long)getpid(), index);
			free(parent);
		}
		clean_stale(r->repo);
		clean_stale(r->family_dir);
		clean_stale(r->version_dir);
		close(lock);
		rt_build_rmtree(s.stage.buf, NULL);
		rt_buf_addf(&s.payload, "%s%s", s.stage.buf, s.install_path.buf);
		s.created_final = !rt_build_exists(s.install_path.buf);
	}

	/* reload with building = true for this variant */
	how.building = 1;
	how.variant_index = index < 0 ? 0 : index;
	how.variant_requires = s.vreqs;
	if (o->ops.load(o->ops.ud, r->src, &how, &s.vdev, err) < 0)
		goto out;
	s.have_vdev = 1;
	if (o->make_payload && o->install) {
		/* rez bind: the caller makes the payload; it is installed as a build's is */
		variant_view(r, &s, s.install_path.buf, NULL, &bv);
		s.build_data = rt_value_map();
		if (rt_build_mkdirs(s.payload.buf, err) < 0 ||
		    o->make_payload(o->payload_ud, &bv, s.payload.buf, err) < 0)
			goto out;
		vr->outcome = RT_BUILD_BUILT;
		r->res->n_built++;
		if (install_variant(r, &s, &bv, vr, err) < 0)
			goto out;
		rc = 0;
		goto out;
	}
	push_strs(reqs, rt_package_get(s.vdev.package, "requires"));
	if (index >= 0) {
		const struct rt_value *vv = rt_package_get(s.vdev.package, "variants");
		if (vv && vv->type == RT_LIST && (size_t)index < rt_list_len(vv))
			push_strs(reqs, rt_list_at(vv, (size_t)index));
	}
	push_strs(reqs, rt_package_get(s.vdev.package, "build_requires"));
	push_strs(reqs, rt_package_get(s.vdev.package, "private_build_requires"));
	if (o->hooks.dependencies && o->hooks.dependencies(o->hooks.ud, reqs, err) < 0)
		goto out;

	paths = o->package_paths;
	if (!paths)
		paths = rt_config_path_list(s.vdev.config, "packages_path");
	if (!o->package_paths && rt_streq(r->target, "central")) {
		/* Rez's nonlocal_packages_path: packages_path without local_packages_path */
		const char *local = rt_config_str(s.vdev.config, "local_packages_path");
		char *lx = local ? expand_home(local) : NULL;
		nonlocal = rt_value_list();
		for (size_t i = 0; i < rt_list_len(paths); i++) {
			const char *p = rt_value_as_str(rt_list_at(paths, i));
			if (!lx || !rt_streq(p, lx))
				rt_list_push(nonlocal, rt_value_str(p));
		}
		free(lx);
		paths = nonlocal;
	}
	memset(&rq, 0, sizeof(rq));
	rq.requests = reqs;
	rq.package_paths = paths;
	rq.package_filter = NULL;
	rq.config = s.vdev.config;
	if (o->ops.resolve(o->ops.ud, &rq, &s.ctx, err) < 0)
		goto out;
	{
		/* the build path is scratch space: written whole, not synced (the installed copy
		 * is made later) */
		struct rt_buf j = RT_BUF_INIT;
		rc = rt_context_to_json(s.ctx, &j, err);
		if (rc == 0)
			rc = rt_file_write_atomic(s.rxt.buf, j.buf, j.len, 0644, RT_FILE_NOSYNC, err);
		rt_buf_release(&j);
		if (rc < 0)
			goto out;
		rc = -1;
	}
	if (s.ctx->status != RT_CTX_SOLVED) {
		rt_error(err, "The build environment could not be resolved%s%s",
			 s.ctx->failure_description ? ": " : "",
			 s.ctx->failure_description ? s.ctx->failure_description : "");
		goto out;
	}
	if (s.vreqs) {
		/* as Rez writes it: json.dump(..., indent=2) */
		struct rt_buf jt = RT_BUF_INIT;
		char *jp = rt_xstrfmt("%s/variant.json", s.build_path.buf);
		rc = 0;
		rt_buf_addf(&jt, "{\n  \"index\": %d,\n  \"data\": [", index);
		for (size_t i = 0; rc == 0 && i < rt_list_len(s.vreqs); i++) {
			rt_buf_adds(&jt, i ? ",\n    " : "\n    ");
			rc = rt_json_emit(rt_list_at(s.vreqs, i), 0, &jt, err);
		}
		rt_buf_adds(&jt, rt_list_len(s.vreqs) ? "\n  ]\n}" : "]\n}");
		if (rc == 0)
			rc = rt_file_write_atomic(jp, jt.buf, jt.len, 0644, RT_FILE_NOSYNC, err);
		free(jp);
		rt_buf_release(&jt);
		if (rc < 0)
			goto out;
		rc = -1;
	}

	variant_view(r, &s, o->install ? s.install_path.buf : NULL, s.rxt.buf, &bv);

	s.build_data = rt_value_map();
	rt_map_set(s.build_data, "artifacts", rt_value_list());
	rt_map_set(s.build_data, "force_include", rt_value_map());
	rt_map_set(s.build_data, "build_hooks", rt_value_list());
	rt_map_set(s.build_data, "env", rt_value_map());
	rt_map_set(s.build_data, "build_args", rt_value_list());
	if (o->hooks.initialize && o->hooks.initialize(o->hooks.ud, &bv, s.build_data, err) < 0)
		goto out;

	/* REZ_BUILD_* in Rez's order, then build_data.env */
	s.vars = rt_value_map();
	snprintf(idxs, sizeof(idxs), "%d", index < 0 ? 0 : index);
	setvar(s.vars, "REZ_BUILD_ENV", "1");
	setvar(s.vars, "REZ_BUILD_PATH", s.build_path.buf);
	{
		char t[32];
		snprintf(t, sizeof(t), "%lld", thread_count(s.vdev.config));
		setvar(s.vars, "REZ_BUILD_THREAD_COUNT", t);
	}
	setvar(s.vars, "REZ_BUILD_VARIANT_INDEX", idxs);
	rt_buf_reset(&line);
	strlist_join(s.vreqs, &line, 0);
	setvar(s.vars, "REZ_BUILD_VARIANT_REQUIRES", line.buf);
	setvar(s.vars, "REZ_BUILD_VARIANT_SUBPATH", s.subpath.buf);
	setvar(s.vars, "REZ_BUILD_PROJECT_VERSION", r->version);
	setvar(s.vars, "REZ_BUILD_PROJECT_NAME", r->name);
	{
		const struct rt_value *d = rt_package_get(r->dev.package, "description");
		rt_buf_reset(&line);
		if (d && rt_value_as_str(d))
			rt_buf_adds(&line, rt_value_as_str(d));
		strip(&line);
		setvar(s.vars, "REZ_BUILD_PROJECT_DESCRIPTION", line.buf);
	}
	setvar(s.vars, "REZ_BUILD_PROJECT_FILE", r->dev.file);
	setvar(s.vars, "REZ_BUILD_SOURCE_PATH", r->src);
	{
		struct rt_value *all = rt_value_list();
		for (size_t i = 0; i < s.ctx->requests.n; i++)
			rt_list_push(all, rt_value_str(s.ctx->requests.v[i]));
		for (size_t i = 0; i < s.ctx->implicits.n; i++)
			rt_list_push(all, rt_value_str(s.ctx->implicits.v[i]));
		rt_buf_reset(&line);
		strlist_join(all, &line, 0);
		setvar(s.vars, "REZ_BUILD_REQUIRES", line.buf);
		rt_buf_reset(&line);
		strlist_join(all, &line, 1);
		setvar(s.vars, "REZ_BUILD_REQUIRES_UNVERSIONED", line.buf);
		rt_value_free(all);
	}
	setvar(s.vars, "REZ_BUILD_TYPE", r->target);
	setvar(s.vars, "REZ_BUILD_INSTALL", o->install ? "1" : "0");
	setvar(s.vars, "REZ_BUILD_INSTALL_PATH", s.install_path.buf);
	{
		const struct rt_value *env = rt_map_get(s.build_data, "env");
		for (size_t i = 0; env && env->type == RT_MAP && i < rt_map_len(env); i++) {
			const char *v = rt_value_as_str(rt_map_val(env, i));
			if (!v) {
				rt_error(err, "build_data.env: value of '%s' must be a string", rt_map_key(env, i));
				goto out;
			}
			setvar(s.vars, rt_map_key(env, i), v);
		}
	}
	rt_map_set(bobj, "build_type", rt_value_str(r->target));
	rt_map_set(bobj, "install", rt_value_bool(o->install));
	rt_map_set(bobj, "build_path", rt_value_str(s.build_path.buf));
	rt_map_set(bobj, "install_path", rt_value_str(s.install_path.buf));

	memset(&sc, 0, sizeof(sc));
	sc.context = s.ctx;
	sc.config = s.vdev.config;
	sc.rxt_file = s.rxt.buf;
	sc.build_vars = s.vars;
	sc.dev = &s.vdev;
	sc.build_object = bobj;
	sc.interactive = o->scripts;
	if (o->ops.script(o->ops.ud, &sc, &setup, err) < 0)
		goto out;

	if (o->scripts) {
		/* build-env: the context plus a BUILD> prompt, in an interactive shell */
		struct rt_buf t = RT_BUF_INIT;
		char *rcpath = rt_xstrfmt("%s/build-env.rc", s.build_path.buf);
		char *envp = rt_xstrfmt("%s/build-env", s.build_path.buf);
		rt_buf_addbuf(&t, &setup);
		rt_buf_adds(&t, "\ncd ");
		rc = quote(o, s.build_path.buf, &t, err);
		rt_buf_adds(&t, "\nPS1='BUILD> '\n");
		if (rc == 0)
			rc = write_text(rcpath, &t, err);
		rt_buf_reset(&t);
		rt_buf_addf(&t, "#!/bin/sh\nexec ");
		if (rc == 0)
			rc = quote(o, o->shell_exe, &t, err);
		rt_buf_adds(&t, " --rcfile ");
		if (rc == 0)
			rc = quote(o, rcpath, &t, err);
		rt_buf_adds(&t, " -i\n");
		if (rc == 0)
			rc = rt_file_write_atomic(envp, t.buf, t.len, 0755, 0, err);
		if (rc == 0)
			printf("Build environment script written to %s\n", envp);
		rt_buf_release(&t);
		free(rcpath);
		free(envp);
		if (rc == 0) {
			vr->outcome = RT_BUILD_BUILT;
			r->res->n_built++;
		}
		goto out;
	}

	/* the commands */
	{
		const struct rt_value *extra = rt_map_get(s.build_data, "build_args");
		for (size_t i = 0; i < o->n_build_args; i++)
			rt_list_push(bargs, rt_value_str(o->build_args[i]));
		push_strs(bargs, extra);
	}
	if (build_commands(r, &bv, s.install_path.buf, bargs, cmds, err) < 0)
		goto out;
	rt_buf_addf(&scriptp, "%s/.rez-build%s", s.build_path.buf, o->shell->ext);
	for (size_t i = 0; !o->hooks_only && i < rt_list_len(cmds); i++) {
		const char *cmd = rt_value_as_str(rt_list_at(cmds, i));
		struct rt_buf t = RT_BUF_INIT;
		int st;
		printf("%s%s\n", rt_streq(r->build_system, "custom") ? "Running build command: " :
		       "Executing: ", cmd);
		rt_buf_addbuf(&t, &setup);
		rt_buf_adds(&t, "\ncd ");
		if (quote(o, s.build_path.buf, &t, err) < 0) {
			rt_buf_release(&t);
			goto out;
		}
		rt_buf_addf(&t, "\n%s\n", cmd);
		rc = rt_file_write_atomic(scriptp.buf, t.buf, t.len, 0644, RT_FILE_NOSYNC, err);
		rt_buf_release(&t);
		if (rc < 0)
			goto out;
		rc = -1;
		st = run_script(r, scriptp.buf, o->install ? s.stage.buf : NULL, err);
		if (st < 0)
			goto out;
		if (st != 0) {
			vr->exit_status = st;
			if (!r->res->exit_status)
				r->res->exit_status = st;
			rt_error(err, "The %s build system failed (exit status %d).", r->build_system, st);
			goto out;
		}
	}
	/* finalize sees what the build left plus install_path (docs/build-hooks.md) */
	rt_map_set(s.build_data, "install_path", rt_value_str(s.install_path.buf));
	if (o->hooks_only) {
		/* --hooks-only: nothing was built, so nothing is finalized or installed */
		vr->outcome = RT_BUILD_BUILT;
		r->res->n_built++;
		rc = 0;
		goto out;
	}
	if (o->hooks.finalize &&
	    o->hooks.finalize(o->hooks.ud, &bv, s.build_data,
			      o->install ? s.install_path.buf : s.build_path.buf, err) < 0)
		goto out;
	vr->outcome = RT_BUILD_BUILT;
	r->res->n_built++;
	if (o->install && install_variant(r, &s, &bv, vr, err) < 0)
		goto out;
	rc = 0;
out:
	if (rc < 0) {
		vr->outcome = RT_BUILD_FAILED;
		/* a direct write to a final path that did not exist is taken back */
		if (s.created_final && s.stage.len)
			rt_build_rmtree(s.install_path.buf, NULL);
	}
	vstate_release(r, &s);
	if (rc < 0 && o->install)
		forget_version(r);
	rt_value_free(reqs);
	rt_value_free(nonlocal);
	rt_value_free(cmds);
	rt_value_free(bargs);
	rt_value_free(bobj);
	rt_buf_release(&setup);
	rt_buf_release(&line);
	rt_buf_release(&scriptp);
	return rc;
}

/* ---- the run ---- */

static char *absolute(const char *base, const char *p)
{
	char *full = p[0] == '/' ? rt_xstrdup(p) : rt_xstrfmt("%s/%s", base, p);
	return full;
}

static char *expand_home(const char *p)
{
	const char *home = getenv("HOME");
	if (p[0] == '~' && (p[1] == '/' || !p[1]) && home)
		return rt_xstrfmt("%s%s", home, p + 1);
	return rt_xstrdup(p);
}

int rt_build_run(const struct rt_build_opts *o, struct rt_build_result *res,
		 struct rt_error *err)
{
	struct run r;
	struct rt_build_load how = { 0, 0, NULL };
	int *sel = NULL;
	size_t nsel = 0;
	int rc = -1;

	memset(res, 0, sizeof(*res));
	memset(&r, 0, sizeof(r));
	r.o = o;
	r.res = res;
	r.target = o->target_name ? o->target_name : "local";
	r.src = realpath(o->source_dir ? o->source_dir : ".", NULL);
	if (!r.src)
		return rt_error(err, "cannot open source directory '%s': %s",
				o->source_dir ? o->source_dir : ".", strerror(errno));
	if (o->ops.load(o->ops.ud, r.src, &how, &r.dev, err) < 0)
		goto out;
	r.have_dev = 1;
	r.name = r.dev.package->name;
	r.version = rt_version_str(r.dev.package->version);
	r.variants = rt_package_get(r.dev.package, "variants");
	r.n_variants = r.variants && r.variants->type == RT_LIST ? rt_list_len(r.variants) : 0;
	if (!r.n_variants)
		r.variants = NULL;
	if (detect_build_system(&r, err) < 0)
		goto out;
	{
		const char *bd = rt_config_str(r.dev.config, "build_directory");
		r.build_root = absolute(r.src, bd && *bd ? bd : "build");
	}
	{
		const char *pfx = o->prefix ? o->prefix :
			rt_config_str(r.dev.config, rt_streq(r.target, "central") ?
				      "release_packages_path" : "local_packages_path");
		char *e = expand_home(pfx ? pfx : "~/packages"), *cwd = getcwd(NULL, 0);
		r.repo = absolute(cwd ? cwd : ".", e);
		free(e);
		free(cwd);
	}
	if (!r.version[0] && o->install && !rt_config_bool(r.dev.config, "allow_unversioned_packages")) {
		rt_error(err, "Unversioned package is not allowed in current configuration.");
		goto out;
	}
	r.family_dir = rt_xstrfmt("%s/%s", r.repo, r.name);
	r.version_dir = r.version[0] ? rt_xstrfmt("%s/%s", r.family_dir, r.version) :
		rt_xstrdup(r.family_dir);

	/* variant selection: negative indices count from the end, duplicates collapse */
	if (o->n_variants) {
		struct rt_buf bad = RT_BUF_INIT;
		sel = rt_xcalloc(o->n_variants, sizeof(*sel));
		for (size_t i = 0; i < o->n_variants; i++) {
			long v = o->variants[i];
			if (v < 0)
				v += (long)r.n_variants;
			if (v < 0 || (size_t)v >= r.n_variants) {
				rt_buf_addf(&bad, "%s%d", bad.len ? ", " : "", o->variants[i]);
				continue;
			}
			int dup = 0;
			for (size_t j = 0; j < nsel; j++)
				dup |= sel[j] == (int)v;
			if (!dup)
				sel[nsel++] = (int)v;
		}
		if (bad.len) {
			rt_error(err, "The package does not contain the variants: [%s]", bad.buf);
			rt_buf_release(&bad);
			goto out;
		}
	}
	if (o->install) {
		struct stat st;
		if (rt_build_mkdirs(r.repo, err) < 0)
			goto out;
		if (stat(r.repo, &st) < 0 || access(r.repo, W_OK) < 0) {
			rt_error(err, "install path '%s' is not writable: %s", r.repo, strerror(errno));
			goto out;
		}
	}
	if ((o->clean || rt_streq(r.target, "central")) && o->hooks.clean &&
	    o->hooks.clean(o->hooks.ud, sel, nsel, err) < 0)
		goto out;

	if (!o->make_payload) {
		struct rt_buf q = RT_BUF_INIT;
		rt_package_qualified_name(r.dev.package, &q);
		printf("\n%s\nBuilding %s...\n%s\n", "--------------------------------------------------------------------------------",
		       q.buf, "--------------------------------------------------------------------------------");
		rt_buf_release(&q);
	}
	{
		size_t total = r.n_variants ? r.n_variants : 1, done = 0;
		for (size_t i = 0; i < total; i++) {
			int index = r.n_variants ? (int)i : -1, want = 1;
			struct rt_build_variant_result *vr = add_result(res, index);
			if (nsel) {
				want = 0;
				for (size_t j = 0; j < nsel; j++)
					want |= sel[j] == index;
			}
			if (!want) {
				vr->outcome = RT_BUILD_NOT_SELECTED;
				if (!o->make_payload)
					printf("\nSkipping variant %d (%zu/%zu)...\n", index, i + 1, total);
				continue;
			}
			if (build_variant(&r, index, i + 1, total, vr, err) < 0) {
				res->n_failed++;
				goto out;
			}
			done++;
		}
		if (!o->make_payload)
			printf("\nBuild Summary\n-------------\n\nAll %zu build(s) were successful.\n", done);
	}
	rc = 0;
out:
	fflush(stdout);
	if (r.have_dev)
		o->ops.unload(o->ops.ud, &r.dev);
	free(sel);
	free(r.src);
	free(r.build_root);
	free(r.repo);
	free(r.family_dir);
	free(r.version_dir);
	return rc;
}
