/* Unit tests for runtime/build (rt_build_run) through its hooks: build_data (artifacts,
 * force_include, env, build_args), hooks-only mode, the dependencies / clean / initialize /
 * finalize callbacks, pre-install tests cancelling an install, release data stored in the
 * installed definition, and paths escaping the install rejected. The services from the
 * layers above are minimal here: the definition loaded by the interp layer, an empty solved
 * build context, a bash script that exports the build variables. Real builds end to end are
 * in tests/build/. */
#include "runtime/common.h"
#include "interp/load.h"
#include "interp/preprocess.h"
#include "runtime/build/build.h"
#include "runtime/buf.h"
#include "runtime/config.h"
#include "runtime/context.h"
#include "runtime/package.h"
#include "runtime/shell.h"
#include "runtime/shells/shells.h"
#include "runtime/value.h"
#include "tap.h"

#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct rt_config *config;

static int t_load(void *ud, const char *dir, const struct rt_build_load *how,
		  struct rt_build_devpkg *out, struct rt_error *err)
{
	struct li_devpkg_opts o = LI_DEVPKG_OPTS_INIT;
	(void)ud;
	o.config = config;
	return li_devpkg_build_load(dir, &o, how, out, err);
}

static void t_unload(void *ud, struct rt_build_devpkg *p)
{
	(void)ud;
	li_devpkg_build_unload(p);
}

static struct rt_value *last_requests;

static int t_resolve(void *ud, const struct rt_build_resolve *r, struct rt_context **out,
		     struct rt_error *err)
{
	(void)ud;
	(void)err;
	rt_value_free(last_requests);
	last_requests = rt_value_copy(r->requests);
	*out = rt_context_new();
	for (size_t i = 0; i < rt_list_len(r->requests); i++)
		rt_strlist_push(&(*out)->requests, rt_value_as_str(rt_list_at(r->requests, i)));
	(*out)->status = RT_CTX_SOLVED;
	(*out)->building = 1;
	return 0;
}

static int t_script(void *ud, const struct rt_build_script *s, struct rt_buf *out,
		    struct rt_error *err)
{
	(void)ud;
	for (size_t i = 0; i < rt_map_len(s->build_vars); i++) {
		rt_buf_addf(out, "export %s=", rt_map_key(s->build_vars, i));
		if (rt_shell_bash.quote_arg(rt_value_as_str(rt_map_val(s->build_vars, i)),
					    strlen(rt_value_as_str(rt_map_val(s->build_vars, i))), out,
					    err) < 0)
			return -1;
		rt_buf_addch(out, '\n');
	}
	return 0;
}

static struct rt_value *t_load_def(void *ud, const char *path, struct rt_error *err)
{
	(void)ud;
	return li_load_definition(path, NULL, err);
}

/* ---- hooks ---- */

struct calls {
	int deps, clean, init, fin, tests;
	int fail_tests;              /* pre_install_tests returns this */
	int no_payload;              /* hooks-only: the command did not run */
	const char *artifact;        /* artifacts pattern to set */
	char fin_path[512];
};

static int h_deps(void *ud, struct rt_value *reqs, struct rt_error *err)
{
	struct calls *c = ud;
	(void)err;
	c->deps++;
	rt_list_push(reqs, rt_value_str("extra_dep-1"));
	return 0;
}

static int h_clean(void *ud, const int *idx, size_t n, struct rt_error *err)
{
	struct calls *c = ud;
	(void)idx;
	(void)n;
	(void)err;
	c->clean++;
	return 0;
}

static int h_init(void *ud, const struct rt_build_variant *v, struct rt_value *bd,
		  struct rt_error *err)
{
	struct calls *c = ud;
	struct rt_value *fi = rt_value_map(), *env = rt_value_map(), *args = rt_value_list(),
			*arts = rt_value_list();
	(void)err;
	c->init++;
	CHECK(v->build_path && v->context_file && v->package);
	rt_list_push(arts, rt_value_str(c->artifact));
	rt_map_set(bd, "artifacts", arts);
	rt_map_set(fi, "extra.txt", rt_value_str("share/extra.txt"));
	rt_map_set(bd, "force_include", fi);
	rt_map_set(env, "HOOK_VAR", rt_value_str("from hook"));
	rt_map_set(bd, "env", env);
	rt_list_push(args, rt_value_str("hook-arg"));
	rt_map_set(bd, "build_args", args);
	return 0;
}

static int h_fin(void *ud, const struct rt_build_variant *v, struct rt_value *bd,
		 const char *artifact_path, struct rt_error *err)
{
	struct calls *c = ud;
	(void)v;
	(void)bd;
	(void)err;
	c->fin++;
	snprintf(c->fin_path, sizeof(c->fin_path), "%s", artifact_path);
	return 0;
}

static int h_tests(void *ud, const struct rt_build_variant *v, const char *staged,
		   struct rt_error *err)
{
	struct calls *c = ud;
	char *p = rt_xstrfmt("%s/out/a.txt", staged);
	(void)v;
	(void)err;
	c->tests++;
	CHECKF(c->no_payload || access(p, F_OK) == 0, "pre-install tests see the staged payload (%s)",
	       p);
	free(p);
	return c->fail_tests;
}

static char *slurp(const char *path)
{
	struct rt_buf b = RT_BUF_INIT;
	if (rt_buf_read_file(&b, path, 1 << 20) < 0) {
		rt_buf_release(&b);
		return rt_xstrdup("");
	}
	return rt_buf_detach(&b, NULL);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static int run(const char *src, const char *repo, struct calls *c, int hooks_only,
	       const struct rt_value *release, struct rt_error *err)
{
	struct rt_build_opts o;
	struct rt_build_result res;
	struct rt_buf exe = RT_BUF_INIT;
	int rc;
	memset(&o, 0, sizeof(o));
	o.source_dir = src;
	o.install = 1;
	o.prefix = repo;
	o.clean = 1;
	o.target_name = "local";
	o.hooks_only = hooks_only;
	o.release_data = release;
	o.config = config;
	o.shell = &rt_shell_bash;
	rt_shell_which(&rt_shell_bash, &exe);
	o.shell_exe = exe.buf;
	o.package_paths = NULL;
	o.hooks = (struct rt_build_hooks){ c, h_deps, h_clean, h_init, h_fin, h_tests };
	o.ops = (struct rt_build_ops){ NULL, t_load, t_unload, t_resolve, t_script, t_load_def };
	rc = rt_build_run(&o, &res, err);
	rt_build_result_release(&res);
	rt_buf_release(&exe);
	return rc;
}

int main(void)
{
	struct rt_config_opts co = RT_CONFIG_OPTS_INIT;
	struct rt_error err = RT_ERROR_INIT;
	char tmpl[] = "/tmp/rez-test-build.XXXXXX", *dir, *src, *repo, *p, *text;
	struct calls c;
	struct rt_value *release;
	struct rt_config *cfg;

	co.no_env = 1;
	co.no_home = 1;
	co.files = (const char *const[]){ NULL };
	cfg = rt_config_load(&co, &err);
	CHECKF(cfg != NULL, "config: %s", rt_error_msg(&err));
	if (!cfg)
		return tap_done();
	config = cfg;
	dir = mkdtemp(tmpl);
	src = rt_xstrfmt("%s/src", dir);
	repo = rt_xstrfmt("%s/repo", dir);
	mkdir(src, 0755);
	p = rt_xstrfmt("%s/package.lua", src);
	write_file(p, "name = \"bd\"\nversion = \"1.0\"\nbuild_command = \"sh {root}/build.sh\"\n");
	free(p);
	p = rt_xstrfmt("%s/build.sh", src);
	write_file(p, "mkdir -p out\necho \"$HOOK_VAR\" > out/a.txt\necho \"$@\" > out/args.txt\n"
		      "echo x > out/b.log\n");
	free(p);
	p = rt_xstrfmt("%s/extra.txt", src);
	write_file(p, "forced\n");
	free(p);

	/* build_data: artifacts copied, force_include applied, env and args passed */
	memset(&c, 0, sizeof(c));
	c.artifact = "out/*.txt";
	CHECK(run(src, repo, &c, 0, NULL, &err) == 0);
	CHECK_STR(err.msg, NULL);
	CHECK(c.deps == 1 && c.clean == 1 && c.init == 1 && c.fin == 1 && c.tests == 1);
	CHECK(last_requests && rt_list_len(last_requests) == 1 &&
	      rt_streq(rt_value_as_str(rt_list_at(last_requests, 0)), "extra_dep-1"));
	p = rt_xstrfmt("%s/bd/1.0", repo);
	CHECK_STR(c.fin_path, p);
	free(p);
	p = rt_xstrfmt("%s/bd/1.0/out/a.txt", repo);
	text = slurp(p);
	CHECK_STR(text, "from hook\n");
	free(text);
	free(p);
	p = rt_xstrfmt("%s/bd/1.0/out/args.txt", repo);
	text = slurp(p);
	CHECK_STR(text, "hook-arg\n");
	free(text);
	free(p);
	p = rt_xstrfmt("%s/bd/1.0/out/b.log", repo);
	CHECKF(access(p, F_OK) != 0, "files the patterns do not match are not installed");
	free(p);
	p = rt_xstrfmt("%s/bd/1.0/share/extra.txt", repo);
	text = slurp(p);
	CHECK_STR(text, "forced\n");
	free(text);
	free(p);

	/* pre-install tests failing: the install is cancelled, the previous one stays */
	c.fail_tests = 2;
	CHECK(run(src, repo, &c, 0, NULL, &err) == -1);
	CHECK_STR(rt_error_msg(&err), "2 tests failed; the installation has been cancelled");
	rt_error_release(&err);
	p = rt_xstrfmt("%s/bd/1.0/package.lua", repo);
	CHECK(access(p, F_OK) == 0);
	free(p);
	c.fail_tests = 0;

	/* patterns escaping the build path are rejected */
	c.artifact = "../*";
	CHECK(run(src, repo, &c, 0, NULL, &err) == -1);
	CHECK(strstr(rt_error_msg(&err), "must be relative to the build path") != NULL);
	rt_error_release(&err);
	c.artifact = "out/*.txt";

	/* hooks only: the build command does not run */
	p = rt_xstrfmt("%s/build/out", src);
	c.no_payload = 1;
	CHECK(run(src, repo, &c, 1, NULL, &err) == 0);
	c.no_payload = 0;
	CHECKF(access(p, F_OK) != 0, "hooks-only mode ran the build command");
	free(p);

	/* release data is stored in a new package's definition */
	release = rt_value_map();
	rt_map_set(release, "release_message", rt_value_str("first release"));
	rt_map_set(release, "revision", rt_value_str("abc123"));
	p = rt_xstrfmt("%s/rel", repo);
	CHECK(run(src, p, &c, 0, release, &err) == 0);
	free(p);
	p = rt_xstrfmt("%s/rel/bd/1.0/package.lua", repo);
	text = slurp(p);
	CHECK(strstr(text, "release_message = \"first release\"") != NULL);
	CHECK(strstr(text, "revision = \"abc123\"") != NULL);
	free(text);
	free(p);
	rt_value_free(release);

	p = rt_xstrfmt("rm -rf '%s'", dir);
	CHECK(system(p) == 0);
	free(p);
	free(src);
	free(repo);
	rt_value_free(last_requests);
	rt_config_free(cfg);
	return tap_done();
}
