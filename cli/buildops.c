/* buildops.c - the front end's services for runtime/build (see buildops.h). */
#include "cli/buildops.h"
#include "cli/activate.h"
#include "cli/cli.h"
#include "cli/ctxinfo.h"
#include "interp/interp.h"
#include "interp/preprocess.h"
#include "interp/rex.h"
#include "runtime/buf.h"
#include "runtime/config.h"
#include "runtime/context.h"
#include "runtime/filter.h"
#include "runtime/order.h"
#include "runtime/package.h"
#include "runtime/repo.h"
#include "runtime/resolve.h"
#include "runtime/shell.h"
#include "runtime/value.h"
#include "runtime/version.h"

#include <stdio.h>

struct ops_state {
	const struct rt_build_opts *opts;
	struct rt_repo *repo;             /* over repo_paths, kept across variants */
	struct rt_value *repo_paths;
};

static void dev_message(void *ud, enum li_msg_level level, const char *msg)
{
	(void)ud;
	if (level == LI_MSG_WARNING)
		cli_warn("rez-build", "%s", msg);
	else
		printf("%s\n", msg);
}

/* The developer variant's @late request lists, replaced by their values for its build, as
 * Rez's build reads them: `requires` with `this` the package, build_requires and
 * private_build_requires with `this` the variant being built (which has no root). */
static int eval_dev_late(const struct rt_config *cfg, const struct rt_build_load *how,
			 struct rt_package *p, struct rt_error *err)
{
	static const char *const attrs[] = { "requires", "build_requires", "private_build_requires" };
	struct li_load_opts lo = LI_LOAD_OPTS_DEFAULT;
	lo.limits.max_instructions = rt_config_int(cfg, "sandbox_max_instructions");
	lo.limits.max_memory = (size_t)rt_config_int(cfg, "sandbox_max_memory");
	for (size_t i = 0; i < RT_ARRAY_LEN(attrs); i++) {
		const struct rt_value *fn = rt_package_get(p, attrs[i]);
		struct rt_value *v = NULL;
		int line;
		if (!fn || fn->type != RT_FUNC || !(fn->u.fn->flags & RT_FN_LATE))
			continue;
		line = fn->line;
		if (li_late_list(&lo, p, attrs[i], i == 0 ? RT_LATE_PACKAGE :
				 p->n_variants ? how->variant_index : -1, NULL, &v, err) < 0)
			return -1;
		if (rt_package_set_late_reqs(p, attrs[i], v, err) < 0) {
			rt_value_free(v);
			return -1;
		}
		v->line = line;
		rt_map_set(p->data, attrs[i], v);
		if (i == 0)
			p->late_evaluated = 1;
	}
	return 0;
}

static int op_load(void *ud, const char *source_dir, const struct rt_build_load *how,
		   struct rt_build_devpkg *out, struct rt_error *err)
{
	struct ops_state *st = ud;
	struct li_devpkg_opts o = LI_DEVPKG_OPTS_INIT;
	o.config = st->opts->config;
	o.msg = dev_message;
	if (li_devpkg_build_load(source_dir, &o, how, out, err) < 0)
		return -1;
	if (how->building && eval_dev_late(st->opts->config, how, out->package, err) < 0) {
		li_devpkg_build_unload(out);
		return -1;
	}
	return 0;
}

static void op_unload(void *ud, struct rt_build_devpkg *pkg)
{
	(void)ud;
	li_devpkg_build_unload(pkg);
}

/* A failed resolve as a DOT graph: the requests, and the failure. */
static void fail_graph(const struct rt_context *ctx)
{
	struct rt_buf lbl = RT_BUF_INIT;
	printf("digraph g {\n    \"request\" [shape=box];\n");
	for (size_t i = 0; i < ctx->requests.n; i++)
		printf("    \"request\" -> \"%s\";\n", ctx->requests.v[i]);
	for (const char *p = ctx->failure_description ? ctx->failure_description : "failed"; *p; p++) {
		if (*p == '"' || *p == '\\')
			rt_buf_addch(&lbl, '\\');
		if (*p == '\n')
			rt_buf_adds(&lbl, "\\n");
		else
			rt_buf_addch(&lbl, *p);
	}
	printf("    \"failure\" [shape=octagon, color=red, label=\"%s\"];\n", lbl.buf);
	printf("    \"request\" -> \"failure\" [style=dashed];\n}\n");
	rt_buf_release(&lbl);
}

static int op_resolve(void *ud, const struct rt_build_resolve *rq, struct rt_context **out,
		      struct rt_error *err)
{
	struct ops_state *st = ud;
	/* As Rez's build: the package's own config chooses only the search path and the package
	 * filter (already in rq); the solve itself (orderers, implicits, variant selection,
	 * short links) follows the global configuration, whatever the package's config says. */
	const struct rt_config *cfg = st->opts->config;
	struct rt_resolve_opts ro;
	struct rt_order_list *orderers = NULL;
	const char *vsm = rt_config_str(cfg, "variant_select_mode");
	struct rt_value *filter_value = NULL;
	struct rt_filter_list *filter = NULL;
	const struct rt_value *impl = rt_config_str_list(cfg, "implicit_packages");
	const struct rt_value *conf = rq->package_filter ? rq->package_filter :
		rt_config_get(rq->config, "package_filter");
	const char **reqs = NULL, **implicits = NULL;
	struct rt_buf line = RT_BUF_INIT;
	int rc = -1;

	if (!st->repo || !rt_value_equal(st->repo_paths, rq->package_paths)) {
		if (st->repo)
			rt_repo_free(st->repo);
		rt_value_free(st->repo_paths);
		st->repo_paths = rt_value_copy(rq->package_paths);
		st->repo = cli_repo_open(cfg, st->repo_paths, 0, err);
		if (!st->repo)
			return -1;
	}
	memset(&ro, 0, sizeof(ro));
	ro.solver = (struct rt_solver_options)RT_SOLVER_OPTIONS_INIT;
	ro.solver.building = 1;
	ro.solver.error_on_missing_variant_requires =
		rt_config_bool(cfg, "error_on_missing_variant_requires");
	if (vsm && rt_streq(vsm, "intersection_priority"))
		ro.solver.variant_select_mode = RT_VARIANT_SELECT_INTERSECTION_PRIORITY;
	if (!(orderers = cli_orderers(cfg, err)))
		goto out;
	ro.solver.orderers = orderers;
	ro.shortlinks_dirname = cli_shortlinks_dirname(cfg);
	reqs = rt_xcalloc(rt_list_len(rq->requests) + 1, sizeof(*reqs));
	for (size_t i = 0; i < rt_list_len(rq->requests); i++) {
		reqs[i] = rt_value_as_str(rt_list_at(rq->requests, i));
		if (i)
			rt_buf_addch(&line, ' ');
		if (st->opts->shell->quote_arg(reqs[i], strlen(reqs[i]), &line, err) < 0)
			goto out;
	}
	ro.requests = reqs;
	ro.n_requests = rt_list_len(rq->requests);
	if (impl) {
		implicits = rt_xcalloc(rt_list_len(impl) + 1, sizeof(*implicits));
		for (size_t i = 0; i < rt_list_len(impl); i++)
			implicits[i] = rt_value_as_str(rt_list_at(impl, i));
		ro.implicits = implicits;
		ro.n_implicits = rt_list_len(impl);
	}
	if (conf && (conf->type == RT_LIST ? rt_list_len(conf) > 0 : conf->type == RT_MAP)) {
		filter_value = rt_value_list();
		if (conf->type == RT_LIST)
			for (size_t i = 0; i < rt_list_len(conf); i++)
				rt_list_push(filter_value, rt_value_copy(rt_list_at(conf, i)));
		else
			rt_list_push(filter_value, rt_value_copy(conf));
		filter = rt_filter_list_from_value(filter_value, err);
		if (!filter)
			goto out;
	}
	ro.repo = st->repo;
	ro.filter = filter;
	ro.filter_value = filter_value;
	printf("\nResolving build environment: %s\n", line.buf);
	fflush(stdout);
	*out = rt_resolve(&ro, err);
	if (!*out)
		goto out;
	{
		struct cli_ctxinfo_opts io = { 0, 0, 0, rt_config_str(cfg, "local_packages_path") };
		cli_ctxinfo_print(*out, &io, stdout);
	}
	if ((*out)->status != RT_CTX_SOLVED && st->opts->fail_graph)
		fail_graph(*out);
	rc = 0;
out:
	rt_buf_release(&line);
	rt_filter_list_free(filter);
	rt_value_free(filter_value);
	rt_order_list_free(orderers);
	free(reqs);
	free(implicits);
	return rc;
}

struct post_ud {
	const struct rt_build_script *s;
};

/* pre_build_commands: `this` is the developer variant (no root), `build` the read-only
 * build object. */
static int run_pre_build(void *ud, struct li_rex *lx, struct rt_rex *rx, struct rt_error *err)
{
	const struct rt_build_script *s = ud;
	const struct rt_package *p = s->dev->package;
	const struct rt_value *fn = rt_package_get(p, "pre_build_commands");
	struct li_pkg pkg;
	(void)rx;
	if (li_rex_bind(lx, "build", s->build_object, err) < 0)
		return -1;
	if (!fn || fn->type != RT_FUNC)
		return 0;
	memset(&pkg, 0, sizeof(pkg));
	pkg.name = p->name;
	pkg.version = rt_version_str(p->version);
	pkg.ver = p->version;
	pkg.root = NULL;
	pkg.base = s->dev->root;
	pkg.uri = s->dev->file;
	pkg.variant_index = -1;
	pkg.data = p->data;
	return li_rex_run(lx, &pkg, fn->u.fn, "pre_build_commands", err);
}

static int op_script(void *ud, const struct rt_build_script *s, struct rt_buf *out,
		     struct rt_error *err)
{
	struct ops_state *st = ud;
	struct cli_activation a;
	memset(&a, 0, sizeof(a));
	a.shell = st->opts->shell;
	a.rxt_file = s->rxt_file;
	a.shell_vars = 1;
	a.interactive = s->interactive;
	a.repo = st->repo;
	a.pre_vars = s->build_vars;
	a.post = run_pre_build;
	a.post_ud = (void *)s;
	/* the build shell follows the global configuration, as Rez's does */
	return cli_activation_script(s->context, st->opts->config, &a, out, err);
}

static struct rt_value *op_load_definition(void *ud, const char *path, struct rt_error *err)
{
	struct ops_state *st = ud;
	struct li_load_opts lo = LI_LOAD_OPTS_DEFAULT;
	lo.limits.max_instructions = rt_config_int(st->opts->config, "sandbox_max_instructions");
	lo.limits.max_memory = (size_t)rt_config_int(st->opts->config, "sandbox_max_memory");
	return li_load_definition(path, &lo, err);
}

int cli_build_run(struct rt_build_opts *opts, struct rt_build_result *res, struct rt_error *err)
{
	struct ops_state st;
	struct rt_buf exe = RT_BUF_INIT;
	int rc;
	memset(&st, 0, sizeof(st));
	memset(res, 0, sizeof(*res));
	st.opts = opts;
	opts->shell = cli_pick_shell(opts->config, NULL, err);
	if (!opts->shell)
		return -1;
	{
		char *key = rt_xstrfmt("plugins.shell.%s.executable_fullpath", opts->shell->name);
		const char *conf = rt_config_get(opts->config, key) ? rt_config_str(opts->config, key) : NULL;
		free(key);
		if (conf && *conf)
			rt_buf_adds(&exe, conf);
		else if (rt_shell_which(opts->shell, &exe) < 0)
			return rt_error(err, "shell '%s' (%s) was not found on PATH", opts->shell->name,
					opts->shell->executable);
	}
	opts->shell_exe = exe.buf;
	opts->ops.ud = &st;
	opts->ops.load = op_load;
	opts->ops.unload = op_unload;
	opts->ops.resolve = op_resolve;
	opts->ops.script = op_script;
	opts->ops.load_definition = op_load_definition;
	rc = rt_build_run(opts, res, err);
	if (st.repo)
		rt_repo_free(st.repo);
	rt_value_free(st.repo_paths);
	opts->shell_exe = NULL;
	rt_buf_release(&exe);
	return rc;
}
