/* buildhooks.c - build hooks wired into rt_build_run's callbacks (see buildhooks.h). */
#include "runtime/common.h"
#include "cli/buildhooks.h"
#include "hooks/build/buildhooks.h"
#include "interp/preprocess.h"
#include "runtime/config.h"
#include "runtime/package.h"
#include "runtime/value.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

struct cli_buildhooks {
	struct hk_build *hk;
	struct li_devpkg *dev;
	char *root, *build_dir, *file;
	int hooks_only;
	struct rt_build_hooks prev;   /* the callbacks set before ours (called through) */
};

static void to_hk(const struct rt_build_variant *v, struct hk_build_variant *out)
{
	memset(out, 0, sizeof(*out));
	out->index = v->index;
	out->subpath = v->subpath;
	out->requires = v->requires;
	out->build_path = v->build_path;
	out->install_path = v->install_path;
	out->package = v->package;
}

static int cb_dependencies(void *ud, struct rt_value *reqs, struct rt_error *err)
{
	struct cli_buildhooks *bh = ud;
	if (bh->prev.dependencies && bh->prev.dependencies(bh->prev.ud, reqs, err) < 0)
		return -1;
	return hk_build_dependencies(bh->hk, reqs, err);
}

static int cb_clean(void *ud, const int *indices, size_t n, struct rt_error *err)
{
	struct cli_buildhooks *bh = ud;
	int *all = NULL, rc;
	if (bh->prev.clean && bh->prev.clean(bh->prev.ud, indices, n, err) < 0)
		return -1;
	if (n == 0) {
		/* no --variants: every variant is built (-1 stands for a package without any) */
		const struct rt_value *vs = bh->dev ? rt_package_get(bh->dev->package, "variants")
						    : NULL;
		size_t nv = vs && vs->type == RT_LIST ? rt_list_len(vs) : 0;
		all = rt_xcalloc(nv ? nv : 1, sizeof(*all));
		for (size_t i = 0; i < nv; i++)
			all[i] = (int)i;
		if (!nv)
			all[0] = -1;
		indices = all;
		n = nv ? nv : 1;
	}
	rc = hk_build_clean(bh->hk, indices, n, err);
	free(all);
	return rc;
}

static int cb_initialize(void *ud, const struct rt_build_variant *v, struct rt_value *build_data,
			 struct rt_error *err)
{
	struct cli_buildhooks *bh = ud;
	struct hk_build_variant hv;
	if (bh->prev.initialize && bh->prev.initialize(bh->prev.ud, v, build_data, err) < 0)
		return -1;
	to_hk(v, &hv);
	return hk_build_initialize(bh->hk, &hv, build_data, err);
}

static int cb_finalize(void *ud, const struct rt_build_variant *v, struct rt_value *build_data,
		       const char *artifact_path, struct rt_error *err)
{
	struct cli_buildhooks *bh = ud;
	struct hk_build_variant hv;
	if (bh->prev.finalize &&
	    bh->prev.finalize(bh->prev.ud, v, build_data, artifact_path, err) < 0)
		return -1;
	if (bh->hooks_only)
		return 0;   /* nothing was built: there is nothing to finalize */
	to_hk(v, &hv);
	return hk_build_finalize(bh->hk, &hv, build_data, artifact_path, err);
}

static int cb_pre_install_tests(void *ud, const struct rt_build_variant *v,
				const char *staged_root, struct rt_error *err)
{
	struct cli_buildhooks *bh = ud;
	return bh->prev.pre_install_tests(bh->prev.ud, v, staged_root, err);
}

static char *absolute(const char *base, const char *p)
{
	char real[PATH_MAX];
	if (p[0] == '/')
		return rt_xstrdup(p);
	if (realpath(base, real))
		return rt_xstrfmt("%s/%s", real, p);
	return rt_xstrfmt("%s/%s", base, p);
}

int cli_buildhooks_attach(struct rt_build_opts *opts, int no_hooks, struct cli_buildhooks **out,
			  struct rt_error *err)
{
	struct cli_buildhooks *bh;
	struct li_devpkg_opts lo = LI_DEVPKG_OPTS_INIT;
	struct hk_build_opts ho;
	const char *bd;
	char real[PATH_MAX];

	*out = NULL;
	if (hk_build_env_switches(&opts->hooks_only, &no_hooks, err) < 0)
		return -1;
	if (opts->hooks_only && no_hooks)
		return rt_error(err, "--hooks-only and --no-hooks cannot be used together "
				"(REZ_BUILD_HOOKS_ONLY, REZ_BUILD_NO_HOOKS)");
	bh = rt_xcalloc(1, sizeof(*bh));
	bh->hooks_only = opts->hooks_only;
	memset(&ho, 0, sizeof(ho));
	if (!no_hooks) {
		/* the package's build_hooks and configuration, as `rez build` sees them */
		lo.config = opts->config;
		lo.building = 1;
		bh->dev = li_devpkg_load(opts->source_dir ? opts->source_dir : ".", &lo, err);
		if (!bh->dev) {
			cli_buildhooks_free(bh);
			return -1;
		}
		ho.cfg = bh->dev->config;
		ho.package = bh->dev->package->data;
		bh->file = rt_xstrdup(realpath(bh->dev->file, real) ? real : bh->dev->file);
		ho.package_file = bh->file;
	}
	bh->root = rt_xstrdup(realpath(bh->dev ? bh->dev->root : ".", real) ? real : ".");
	bd = rt_config_str(bh->dev ? bh->dev->config : opts->config, "build_directory");
	bh->build_dir = absolute(bh->root, bd && *bd ? bd : "build");
	ho.source_root = bh->root;
	ho.build_dir = bh->build_dir;
	ho.target_name = opts->target_name ? opts->target_name : "local";
	ho.install = opts->install;
	ho.no_hooks = no_hooks;
	bh->hk = hk_build_new(&ho, err);
	if (!bh->hk) {
		cli_buildhooks_free(bh);
		return -1;
	}
	bh->prev = opts->hooks;
	opts->hooks.ud = bh;
	opts->hooks.dependencies = cb_dependencies;
	opts->hooks.clean = cb_clean;
	opts->hooks.initialize = cb_initialize;
	opts->hooks.finalize = cb_finalize;
	opts->hooks.pre_install_tests = bh->prev.pre_install_tests ? cb_pre_install_tests : NULL;
	*out = bh;
	return 0;
}

void cli_buildhooks_free(struct cli_buildhooks *bh)
{
	if (!bh)
		return;
	hk_build_free(bh->hk);
	li_devpkg_free(bh->dev);
	free(bh->root);
	free(bh->build_dir);
	free(bh->file);
	free(bh);
}
