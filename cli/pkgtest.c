/* pkgtest.c - running a package's tests (see pkgtest.h). */
#include "cli/pkgtest.h"
#include "cli/activate.h"
#include "cli/cli.h"
#include "cli/ctxinfo.h"
#include "interp/bind.h"
#include "interp/late.h"
#include "interp/rex.h"
#include "interp/state.h"
#include "runtime/build/build.h"
#include "runtime/build/fsutil.h"
#include "runtime/buf.h"
#include "runtime/config.h"
#include "runtime/context.h"
#include "runtime/file.h"
#include "runtime/filter.h"
#include "runtime/luawrite.h"
#include "runtime/order.h"
#include "runtime/package.h"
#include "runtime/repo.h"
#include "runtime/resolve.h"
#include "runtime/shell.h"
#include "runtime/value.h"
#include "runtime/version.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <time.h>

/* One variant of the package under test (index -1: the package itself, or its only "variant"
 * when it has none), as `this` and the command formatter see it. */
struct variant {
	int index;
	char *root, *uri;
	struct rt_strlist reqs;           /* the variant's own requirements */
	struct li_pkg lp;
	struct rt_value *late;            /* evaluated @late attributes */
	struct cli_pkgtest *owner;
};

struct result {
	char *name, *variant, *description;
	const char *status;
};

struct cached_context {
	char *key;
	struct rt_context *ctx;
};

struct cli_pkgtest {
	struct cli_pkgtest_opts o;
	const struct rt_package *pkg;
	char *version_req;                /* "foo==1.0" or "foo" */
	struct variant pkgv;              /* the package (late `tests` for names) */
	struct variant *vars;             /* the variants (one with index -1 when none) */
	size_t n_vars;
	const struct rt_shell *shell;
	lua_State *L;
	struct rt_value *filter_value;
	struct rt_filter_list *filter;
	struct cached_context *ctxs;
	size_t n_ctxs, cap_ctxs;
	struct result *results;
	size_t n_results, cap_results;
	int stopped;
	long long timestamp;
};

/* ---- the package's attributes, @late ones evaluated with `this` = the variant ---- */

static const struct rt_value *get_attr(void *ud, const char *attr, struct rt_error *err)
{
	struct variant *v = ud;
	const struct rt_value *raw = rt_package_get(v->owner->pkg, attr), *cached;
	struct li_late_bindings b = { &v->lp, NULL };
	struct rt_value *out = NULL;
	if (!raw || raw->type != RT_FUNC || !(raw->u.fn->flags & RT_FN_LATE))
		return raw;
	cached = rt_map_get(v->late, attr);
	if (cached)
		return cached;
	if (li_late_eval(v->owner->L, raw->u.fn, &b, &out, err) < 0)
		return NULL;
	if (out->line <= 0)
		out->line = raw->u.fn->first_line;    /* errors point at the late function */
	if (rt_streq(attr, "tests") && rt_package_check_tests(raw->u.fn->file, out, err) < 0) {
		rt_value_free(out);
		return NULL;
	}
	rt_map_set(v->late, attr, out);
	return out;
}

static void variant_init(struct cli_pkgtest *t, struct variant *v, int index)
{
	const struct rt_package *p = t->pkg;
	struct rt_buf b = RT_BUF_INIT;
	v->owner = t;
	v->index = index;
	v->late = rt_value_map();
	rt_resolve_variant_root(p, index, &b);
	v->root = rt_buf_detach(&b, NULL);
	v->uri = index < 0 ? rt_xstrfmt("%s[]", p->file) : rt_xstrfmt("%s[%d]", p->file, index);
	if (index >= 0) {
		for (size_t i = 0; i < p->variants[index].len; i++) {
			char *s = rt_request_str(p->variants[index].items[i]);
			rt_strlist_push(&v->reqs, s);
			free(s);
		}
	}
	v->lp.name = p->name;
	v->lp.version = rt_version_str(p->version);
	v->lp.ver = p->version;
	v->lp.root = v->root;
	v->lp.base = p->base;
	v->lp.uri = v->uri;
	v->lp.variant_index = index;
	v->lp.data = p->data;
	v->lp.get_attr = get_attr;
	v->lp.ud = v;
}

static void variant_release(struct variant *v)
{
	free(v->root);
	free(v->uri);
	rt_strlist_release(&v->reqs);
	rt_value_free(v->late);
}

/* The variant's `tests` map (NULL: none). -1 on an error evaluating it. */
static int tests_of(struct variant *v, const struct rt_value **out, struct rt_error *err)
{
	const struct rt_value *tv;
	rt_error_release(err);
	tv = get_attr(v, "tests", err);
	if (!tv && err && err->msg)
		return -1;
	*out = tv && tv->type == RT_MAP ? tv : NULL;
	return 0;
}

/* ---- one test's declaration on one variant ---- */

enum { ON_VARIANTS_FALSE, ON_VARIANTS_TRUE, ON_VARIANTS_REQUIRES };

struct test_info {
	const struct rt_value *command;   /* RT_STR or RT_LIST of strings */
	struct rt_strlist requires;       /* name==version, test requires, --extra-packages */
	int on_variants;
	const struct rt_value *filter;    /* ON_VARIANTS_REQUIRES: the value list */
};

static int falsy(const struct rt_value *v)
{
	return !v || v->type == RT_NULL || (v->type == RT_BOOL && !v->u.b) ||
	       (v->type == RT_STR && !v->u.s.len) || (v->type == RT_LIST && !rt_list_len(v)) ||
	       (v->type == RT_MAP && !rt_map_len(v));
}

/* 1 with *ti filled (release it), 0 when the variant does not declare the test, -1 error. */
static int test_info(struct cli_pkgtest *t, struct variant *v, const char *name,
		     struct test_info *ti, struct rt_error *err)
{
	const struct rt_value *tests, *e, *x;
	memset(ti, 0, sizeof(*ti));
	if (tests_of(v, &tests, err) < 0)
		return -1;
	e = tests ? rt_map_get(tests, name) : NULL;
	if (falsy(e))
		return 0;
	ti->command = e->type == RT_MAP ? rt_map_get(e, "command") : e;
	rt_strlist_push(&ti->requires, t->version_req);
	x = e->type == RT_MAP ? rt_map_get(e, "requires") : NULL;
	for (size_t i = 0; x && x->type == RT_LIST && i < rt_list_len(x); i++)
		rt_strlist_push(&ti->requires, rt_value_as_str(rt_list_at(x, i)));
	for (size_t i = 0; i < t->o.n_extra_packages; i++)
		rt_strlist_push(&ti->requires, t->o.extra_packages[i]);
	x = e->type == RT_MAP ? rt_map_get(e, "on_variants") : NULL;
	if (x && x->type == RT_MAP) {
		ti->on_variants = ON_VARIANTS_REQUIRES;
		ti->filter = rt_map_get(x, "value");
	} else {
		ti->on_variants = x && x->type == RT_BOOL && x->u.b ? ON_VARIANTS_TRUE : ON_VARIANTS_FALSE;
	}
	return 1;
}

static int has_run_on(const struct rt_value *entry, const char *tag)
{
	const struct rt_value *r = entry && entry->type == RT_MAP ? rt_map_get(entry, "run_on") : NULL;
	if (!r || r->type == RT_NULL)
		return rt_streq(tag, "default");   /* an empty list has no tag, as in Rez */
	if (r->type == RT_STR)
		return rt_streq(r->u.s.ptr, tag);
	for (size_t i = 0; r->type == RT_LIST && i < rt_list_len(r); i++)
		if (rt_streq(rt_value_as_str(rt_list_at(r, i)), tag))
			return 1;
	return 0;
}

/* ---- on_variants = {type = "requires", value = {...}} (Rez's RequirementList rule) ---- */

struct reqlist {
	struct rt_request **v;
	size_t n;
};

static void reqlist_release(struct reqlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		rt_request_free(l->v[i]);
	free(l->v);
	l->n = 0;
	l->v = NULL;
}

/* Adds r (taken) merging it into the request of the same name; -1 when they conflict. */
static int reqlist_add(struct reqlist *l, struct rt_request *r)
{
	for (size_t i = 0; i < l->n; i++) {
		if (rt_streq(rt_request_name(l->v[i]), rt_request_name(r))) {
			struct rt_request *m = rt_request_merged(l->v[i], r);
			rt_request_free(r);
			if (!m)
				return -1;
			rt_request_free(l->v[i]);
			l->v[i] = m;
			return 0;
		}
	}
	l->v = rt_xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
	l->v[l->n++] = r;
	return 0;
}

static int is_conflict(const struct rt_request *r)
{
	return rt_request_is_conflict(r) || rt_request_is_weak(r);
}

/* The variant is selected when its requirements plus the filter merge without conflict and,
 * conflict requests left out, equal its own requirements. */
static int on_variant_requires(const struct variant *v, const struct rt_value *filter,
			       struct rt_error *err)
{
	struct reqlist all = { NULL, 0 }, mine = { NULL, 0 };
	int ok = 1;
	size_t a, b;
	for (size_t i = 0; ok == 1 && i < v->reqs.n + (filter ? rt_list_len(filter) : 0); i++) {
		const char *s = i < v->reqs.n ? v->reqs.v[i] : rt_value_as_str(rt_list_at(filter, i - v->reqs.n));
		struct rt_request *r = rt_request_parse(s ? s : "", err);
		if (!r) {
			ok = -1;
			break;
		}
		if (reqlist_add(&all, r) < 0)
			ok = 0;
	}
	for (size_t i = 0; ok == 1 && i < v->reqs.n; i++) {
		struct rt_request *r = rt_request_parse(v->reqs.v[i], err);
		if (!r) {
			ok = -1;
			break;
		}
		if (is_conflict(r))
			rt_request_free(r);
		else
			reqlist_add(&mine, r);
	}
	for (a = 0, b = 0; ok == 1; a++, b++) {
		while (a < all.n && is_conflict(all.v[a]))
			a++;
		if (a == all.n || b == mine.n) {
			ok = a == all.n && b == mine.n;
			break;
		}
		if (!rt_request_equal(all.v[a], mine.v[b]))
			ok = 0;
	}
	reqlist_release(&all);
	reqlist_release(&mine);
	return ok;
}

/* ---- test environments ---- */

/* POSIX-shell quoting for the progress lines (Rez prints them with shlex.quote). */
static void sh_quote(const char *s, struct rt_buf *out)
{
	const char *p = s;
	for (; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      strchr("@%+=:,./-_", *p)))
			break;
	if (*s && !*p) {
		rt_buf_adds(out, s);
		return;
	}
	rt_buf_addch(out, '\'');
	for (p = s; *p; p++) {
		if (*p == '\'')
			rt_buf_adds(out, "'\"'\"'");
		else
			rt_buf_addch(out, *p);
	}
	rt_buf_addch(out, '\'');
}

static struct rt_context *resolve_env(struct cli_pkgtest *t, const struct rt_strlist *reqs,
				      struct rt_error *err)
{
	const struct rt_config *cfg = t->o.cfg;
	const struct rt_value *impl = rt_config_str_list(cfg, "implicit_packages");
	const char *vsm = rt_config_str(cfg, "variant_select_mode");
	const char **implicits = NULL;
	struct rt_resolve_opts ro;
	struct rt_context *ctx;
	struct rt_order_list *orderers;

	memset(&ro, 0, sizeof(ro));
	ro.solver = (struct rt_solver_options)RT_SOLVER_OPTIONS_INIT;
	if (impl) {
		implicits = rt_xcalloc(rt_list_len(impl) + 1, sizeof(*implicits));
		for (size_t i = 0; i < rt_list_len(impl); i++)
			implicits[i] = rt_value_as_str(rt_list_at(impl, i));
		ro.n_implicits = rt_list_len(impl);
	}
	ro.requests = (const char *const *)reqs->v;
	ro.n_requests = reqs->n;
	ro.implicits = implicits;
	ro.repo = t->o.repo;
	ro.filter = t->filter;
	ro.filter_value = t->filter_value;
	ro.timestamp = t->timestamp;
	if (vsm && rt_streq(vsm, "intersection_priority"))
		ro.solver.variant_select_mode = RT_VARIANT_SELECT_INTERSECTION_PRIORITY;
	ro.solver.error_on_missing_variant_requires =
		rt_config_bool(cfg, "error_on_missing_variant_requires");
	/* Rez's test contexts use the global orderers (never a package's own config) */
	if (!(orderers = cli_orderers(cfg, err))) {
		free(implicits);
		return NULL;
	}
	ro.solver.orderers = orderers;
	ro.shortlinks_dirname = cli_shortlinks_dirname(cfg);
	ctx = rt_resolve(&ro, err);
	rt_order_list_free(orderers);
	free(implicits);
	if (!ctx)
		return NULL;
	ctx->testing = 1;
	if (t->o.redirect_root && ctx->status == RT_CTX_SOLVED) {
		/* A staged install: the tested package's files are not where the repository says. */
		for (size_t i = 0; i < ctx->n_pkgs; i++)
			if (rt_streq(ctx->pkgs[i].name, t->pkg->name)) {
				free(ctx->pkgs[i].root);
				ctx->pkgs[i].root = rt_xstrdup(t->o.redirect_root);
				free(ctx->pkgs[i].base);
				ctx->pkgs[i].base = rt_xstrdup(t->o.redirect_base ? t->o.redirect_base :
							       t->o.redirect_root);
			}
	}
	return ctx;
}

/* Does the current context satisfy every request (resolved packages in range)? */
static int current_meets(const struct rt_context *ctx, const struct rt_strlist *reqs)
{
	for (size_t i = 0; i < reqs->n; i++) {
		struct rt_request *r = rt_request_parse(reqs->v[i], NULL);
		const struct rt_context_pkg *p = NULL;
		int ok;
		if (!r)
			return 0;
		for (size_t k = 0; k < ctx->n_pkgs && !p; k++)
			if (rt_streq(ctx->pkgs[k].name, rt_request_name(r)))
				p = &ctx->pkgs[k];
		if (!p) {
			ok = 0;
		} else {
			struct rt_version *ver = rt_version_parse(p->version, NULL);
			ok = ver && !rt_request_conflicts_with_version(r, ver);
			rt_version_free(ver);
		}
		rt_request_free(r);
		if (!ok)
			return 0;
	}
	return 1;
}

/* The test environment for `reqs`: cached per identical request. Returns the context (a
 * failed one included) or NULL with err set when it could not be made (an unknown family,
 * a bad request); with --inplace, the current context or NULL with err unset when it does not
 * meet the requests. */
static const struct rt_context *get_context(struct cli_pkgtest *t, const struct rt_strlist *reqs,
					    int quiet, struct rt_error *err)
{
	struct rt_buf key = RT_BUF_INIT;
	struct rt_context *ctx = NULL;
	if (t->o.current)
		return current_meets(t->o.current, reqs) ? t->o.current : NULL;
	for (size_t i = 0; i < reqs->n; i++)
		rt_buf_addf(&key, "%s\n", reqs->v[i]);
	for (size_t i = 0; i < t->n_ctxs && !ctx; i++)
		if (rt_streq(t->ctxs[i].key, key.buf))
			ctx = t->ctxs[i].ctx;
	if (!ctx) {
		if (t->o.verbose && !quiet) {
			struct rt_buf line = RT_BUF_INIT;
			for (size_t i = 0; i < reqs->n; i++) {
				if (i)
					rt_buf_addch(&line, ' ');
				sh_quote(reqs->v[i], &line);
			}
			fprintf(t->o.out, "Resolving test environment: %s\n\n", line.buf);
			rt_buf_release(&line);
		}
		ctx = resolve_env(t, reqs, err);
		if (!ctx) {
			rt_buf_release(&key);
			return NULL;
		}
		t->ctxs = rt_xgrow(t->ctxs, sizeof(*t->ctxs), t->n_ctxs + 1, &t->cap_ctxs);
		t->ctxs[t->n_ctxs].key = rt_buf_detach(&key, NULL);
		t->ctxs[t->n_ctxs++].ctx = ctx;
	}
	rt_buf_release(&key);
	if (ctx->status != RT_CTX_SOLVED && !quiet) {
		struct cli_ctxinfo_opts io = { 0, 0, 0, rt_config_str(t->o.cfg, "local_packages_path") };
		fflush(t->o.out);
		cli_ctxinfo_print(ctx, &io, stderr);
	}
	return ctx;
}

static const struct rt_context_pkg *resolved_pkg(const struct rt_context *ctx, const char *name)
{
	for (size_t i = 0; i < ctx->n_pkgs; i++)
		if (rt_streq(ctx->pkgs[i].name, name))
			return &ctx->pkgs[i];
	return NULL;
}

/* Rez's _get_target_variants: a test that is not per-variant runs on the variant a resolve
 * of its request prefers; otherwise (or when none resolves) on every variant. */
static int target_variants(struct cli_pkgtest *t, const char *name, size_t *first, size_t *n,
			   struct rt_error *err)
{
	for (size_t i = 0; i < t->n_vars; i++) {
		struct test_info ti;
		int rc = test_info(t, &t->vars[i], name, &ti, err);
		if (rc < 0)
			return -1;
		if (rc == 0)
			continue;
		if (ti.on_variants == ON_VARIANTS_FALSE) {
			struct rt_error e = RT_ERROR_INIT;
			const struct rt_context *ctx = get_context(t, &ti.requires, 1, &e);
			const struct rt_context_pkg *p = ctx && ctx->status == RT_CTX_SOLVED ?
				resolved_pkg(ctx, t->pkg->name) : NULL;
			rt_error_release(&e);
			rt_strlist_release(&ti.requires);
			if (p && p->variant_index == t->vars[i].index) {
				*first = i;
				*n = 1;
				return 0;
			}
			continue;
		}
		rt_strlist_release(&ti.requires);
	}
	*first = 0;
	*n = t->n_vars;
	return 0;
}

/* ---- commands ---- */

static void add_scalar(const struct rt_value *v, struct rt_buf *out)
{
	switch (v->type) {
	case RT_NULL: break;
	case RT_BOOL: rt_buf_adds(out, v->u.b ? "True" : "False"); break;
	case RT_INT: rt_buf_addf(out, "%lld", v->u.i); break;
	case RT_FLOAT: rt_buf_addf(out, "%.17g", v->u.f); break;
	case RT_STR: rt_buf_add(out, v->u.s.ptr, v->u.s.len); break;
	default: rt_value_describe(v, out); break;
	}
}

static const struct rt_value empty_list = { RT_LIST, 0, { 0 } };

/* Appends the value of field `f` of the variant; 0 when it has no such field. */
static int variant_field(struct variant *v, const char *f, struct rt_buf *out, struct rt_error *err)
{
	const struct rt_package *p = v->owner->pkg;
	const struct rt_value *x;
	if (rt_streq(f, "name")) {
		rt_buf_adds(out, p->name);
	} else if (rt_streq(f, "version")) {
		rt_buf_adds(out, rt_version_str(p->version));
	} else if (rt_streq(f, "root")) {
		rt_buf_adds(out, v->owner->o.redirect_root ? v->owner->o.redirect_root : v->root);
	} else if (rt_streq(f, "base")) {
		rt_buf_adds(out, v->owner->o.redirect_root ?
			    (v->owner->o.redirect_base ? v->owner->o.redirect_base : v->owner->o.redirect_root) :
			    p->base);
	} else if (rt_streq(f, "index")) {
		if (v->index >= 0)
			rt_buf_addf(out, "%d", v->index);
	} else if (rt_streq(f, "uri")) {
		rt_buf_adds(out, v->uri);
	} else if (rt_streq(f, "qualified_package_name") || rt_streq(f, "qualified_name")) {
		rt_package_qualified_name(p, out);
		if (rt_streq(f, "qualified_name"))
			v->index >= 0 ? rt_buf_addf(out, "[%d]", v->index) : rt_buf_adds(out, "[]");
	} else {
		rt_error_release(err);
		x = get_attr(v, f, err);
		if (!x && err && err->msg)
			return -1;
		if (!x && rt_streq(f, "requires") && v->reqs.n)
			x = &empty_list;
		if (!x)
			return 0;
		if (x->type == RT_MAP || x->type == RT_FUNC)
			return 0;
		if (x->type != RT_LIST) {
			add_scalar(x, out);
			return 1;
		}
		/* Lists print as their items separated by spaces (a variant's requires include
		 * the variant's own). */
		for (size_t i = 0; i < rt_list_len(x); i++) {
			if (i)
				rt_buf_addch(out, ' ');
			add_scalar(rt_list_at(x, i), out);
		}
		for (size_t i = 0; rt_streq(f, "requires") && i < v->reqs.n; i++)
			rt_buf_addf(out, "%s%s", i || rt_list_len(x) ? " " : "", v->reqs.v[i]);
	}
	return 1;
}

/* Rez's Variant.format: "{field}" becomes the variant's field; unknown fields stay as
 * written; "{{" and "}}" are braces. */
static int format_variant(struct variant *v, const char *s, struct rt_buf *out, struct rt_error *err)
{
	while (*s) {
		const char *close;
		if ((s[0] == '{' && s[1] == '{') || (s[0] == '}' && s[1] == '}')) {
			rt_buf_addch(out, s[0]);
			s += 2;
			continue;
		}
		if (*s != '{' || !(close = strchr(s + 1, '}'))) {
			rt_buf_addch(out, *s++);
			continue;
		}
		{
			char *f = rt_xmemdupz(s + 1, (size_t)(close - s - 1));
			size_t mark = out->len;
			int rc = 0;
			int ident = *f && !(*f >= '0' && *f <= '9');
			for (const char *c = f; *c && ident; c++)
				ident = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
					(*c >= '0' && *c <= '9') || *c == '_';
			if (ident)
				rc = variant_field(v, f, out, err);
			free(f);
			if (rc < 0)
				return -1;
			if (!rc) {
				rt_buf_setlen(out, mark);
				rt_buf_add(out, s, (size_t)(close - s + 1));
			}
			s = close + 1;
		}
	}
	return 0;
}

/* The command line to run: formatted, joined in the test shell's quoting, extra args added. */
static int command_line(struct cli_pkgtest *t, struct variant *v, const struct rt_value *cmd,
			const char *const *extra, size_t n_extra, struct rt_buf *out,
			struct rt_error *err)
{
	struct rt_buf one = RT_BUF_INIT;
	char **argv;
	size_t argc = 0, n = (cmd->type == RT_LIST ? rt_list_len(cmd) : 0) + n_extra;
	int rc = -1;
	argv = rt_xcalloc(n + 1, sizeof(*argv));
	if (cmd->type == RT_STR) {
		if (format_variant(v, cmd->u.s.ptr, out, err) < 0)
			goto out;
	} else {
		for (size_t i = 0; i < rt_list_len(cmd); i++) {
			rt_buf_reset(&one);
			if (format_variant(v, rt_value_as_str(rt_list_at(cmd, i)), &one, err) < 0)
				goto out;
			argv[argc++] = rt_xstrdup(one.buf);
		}
	}
	for (size_t i = 0; i < n_extra; i++)
		argv[argc++] = rt_xstrdup(extra[i]);
	if (cmd->type == RT_STR && argc)
		rt_buf_addch(out, ' ');
	if (argc && rt_shell_join(t->shell, (const char *const *)argv, argc, out, err) < 0)
		goto out;
	rc = 0;
out:
	for (size_t i = 0; i < argc; i++)
		free(argv[i]);
	free(argv);
	rt_buf_release(&one);
	return rc;
}

/* ---- running ---- */

static void add_result(struct cli_pkgtest *t, const char *name, const struct variant *v,
		       const char *status, const char *description)
{
	struct result *r;
	t->results = rt_xgrow(t->results, sizeof(*t->results), t->n_results + 1, &t->cap_results);
	r = &t->results[t->n_results++];
	r->name = rt_xstrdup(name);
	r->variant = rt_xstrdup(t->o.redirect_root ? t->o.redirect_root : v->root);
	r->status = status;
	r->description = rt_xstrdup(description);
}

struct pre_test {
	const char *test_name;
	const char *pkg_name;
};

/* The tested package's pre_test_commands, before the context's own actions. */
static int run_pre_test(void *ud, struct li_rex *lx, const struct li_pkg *resolve, size_t n,
			struct rt_error *err)
{
	struct pre_test *pt = ud;
	for (size_t i = 0; i < n; i++) {
		const struct rt_value *fn;
		if (!rt_streq(resolve[i].name, pt->pkg_name))
			continue;
		fn = resolve[i].data ? rt_map_get(resolve[i].data, "pre_test_commands") : NULL;
		if (!fn || fn->type != RT_FUNC)
			return 0;
		return li_rex_run_test(lx, &resolve[i], fn->u.fn, pt->test_name, err);
	}
	return 0;
}

/* Records a failure; returns 1 when the run must stop (--stop-on-fail). */
static int failed(struct cli_pkgtest *t, const char *name, const struct variant *v,
		  const char *description, int code, int *exitcode)
{
	add_result(t, name, v, "failed", description);
	if (!*exitcode)
		*exitcode = code;
	if (t->o.stop_on_fail) {
		t->stopped = 1;
		return 1;
	}
	return 0;
}

/* Runs the test on one variant. 1: stop (stop-on-fail, or a success of a once-per-package
 * test), 0: go on, -1: error. */
static int run_on_variant(struct cli_pkgtest *t, const char *name, struct variant *v,
			  const char *const *extra, size_t n_extra, int *exitcode,
			  struct rt_error *err)
{
	struct test_info ti;
	struct rt_buf cmd = RT_BUF_INIT, msg = RT_BUF_INIT;
	struct rt_error e = RT_ERROR_INIT;
	const struct rt_context *ctx;
	const struct rt_context_pkg *rp;
	int rc = test_info(t, v, name, &ti, err), ret = 0;
	if (rc < 0)
		return -1;
	if (rc == 0) {
		add_result(t, name, v, "skipped", "The test is not declared in this variant");
		return 0;
	}
	if (t->o.verbose > 1)
		fprintf(t->o.out, "\nRunning test: %s\nPackage: %s\n%s\n\n", name, v->uri,
			"--------------------------------------------------------------------------------");
	else if (t->o.verbose)
		fprintf(t->o.out, "\nRunning test: %s\n%s\n\n", name,
			"--------------------------------------------------------------------------------");
	if (ti.on_variants == ON_VARIANTS_REQUIRES) {
		int sel = on_variant_requires(v, ti.filter, err);
		if (sel < 0) {
			ret = -1;
			goto out;
		}
		if (!sel) {
			static const char reason[] = "Test skipped as specified by on_variants 'requires' filter";
			fflush(t->o.out);
			fprintf(stderr, "%s\n", reason);
			add_result(t, name, v, "skipped", reason);
			goto out;
		}
	}
	for (size_t i = 0; i < v->reqs.n; i++)
		rt_strlist_push(&ti.requires, v->reqs.v[i]);
	fflush(t->o.out);
	ctx = get_context(t, &ti.requires, 0, &e);
	if (!ctx || ctx->status != RT_CTX_SOLVED) {
		if (e.msg)
			rt_buf_addf(&msg, "The test environment failed to resolve: %s", e.msg);
		else if (!ctx)
			rt_buf_adds(&msg, "The current environment does not meet test requirements");
		else
			rt_buf_adds(&msg, "The test environment failed to resolve");
		fflush(t->o.out);
		cli_error(t->o.tool, "%s", msg.buf);
		ret = failed(t, name, v, msg.buf, -1, exitcode);
		goto out;
	}
	rp = resolved_pkg(ctx, t->pkg->name);
	if (!rp || rp->variant_index != v->index) {
		fflush(t->o.out);
		cli_warn(t->o.tool, "Could not resolve environment for this variant (%s). This is a "
			 "known issue and will be fixed once 'explicit variant selection' is added "
			 "to rez.", v->uri);
		add_result(t, name, v, "skipped", "Could not resolve to variant (known issue)");
		goto out;
	}
	if (command_line(t, v, ti.command, extra, n_extra, &cmd, err) < 0) {
		ret = -1;
		goto out;
	}
	if (t->o.verbose) {
		if (t->o.verbose > 1) {
			struct cli_ctxinfo_opts io = { 0, 0, 0,
				rt_config_str(t->o.cfg, "local_packages_path") };
			cli_ctxinfo_print(ctx, &io, t->o.out);
			fputc('\n', t->o.out);
		}
		fprintf(t->o.out, "Running test command: %s\n", cmd.buf);
	}
	if (t->o.dry_run) {
		add_result(t, name, v, "skipped", "Dry run mode");
		goto out;
	}
	{
		struct pre_test pt = { name, t->pkg->name };
		struct cli_shell_run r;
		int status;
		memset(&r, 0, sizeof(r));
		r.shell = t->shell;
		r.repo = t->o.repo;
		r.command = cmd.buf;
		r.quiet = 1;
		r.pre_actions = run_pre_test;
		r.pre_actions_ud = &pt;
		fflush(t->o.out);
		status = cli_shell_run(t->o.tool, t->o.cfg, ctx, &r, &e);
		fflush(t->o.out);
		if (status < 0) {
			cli_error(t->o.tool, "%s", e.msg);
			ret = failed(t, name, v, e.msg, -1, exitcode);
		} else if (status) {
			cli_warn(t->o.tool, "Test command exited with code %d", status);
			rt_buf_addf(&msg, "Test failed with exit code %d", status);
			ret = failed(t, name, v, msg.buf, status, exitcode);
		} else {
			add_result(t, name, v, "success", "Test succeeded");
			/* Once per package: the first variant that passes is enough. */
			ret = ti.on_variants == ON_VARIANTS_FALSE;
		}
	}
out:
	rt_strlist_release(&ti.requires);
	rt_buf_release(&cmd);
	rt_buf_release(&msg);
	rt_error_release(&e);
	return ret;
}

int cli_pkgtest_run(struct cli_pkgtest *t, const char *name, const char *const *extra_args,
		    size_t n_extra_args, int *exitcode, struct rt_error *err)
{
	const struct rt_value *tests;
	size_t first, n;
	if (tests_of(&t->pkgv, &tests, err) < 0)
		return -1;
	if (!tests || !rt_map_get(tests, name))
		return rt_error(err, "Test '%s' not found in package %s", name, t->pkg->file);
	if (t->o.current) {
		const struct rt_context_pkg *p = resolved_pkg(t->o.current, t->pkg->name);
		first = 0;
		n = 0;
		for (size_t i = 0; p && i < t->n_vars; i++)
			if (t->vars[i].index == p->variant_index) {
				first = i;
				n = 1;
			}
	} else if (target_variants(t, name, &first, &n, err) < 0) {
		return -1;
	}
	for (size_t i = first; i < first + n; i++) {
		int rc = run_on_variant(t, name, &t->vars[i], extra_args, n_extra_args, exitcode, err);
		if (rc < 0)
			return -1;
		if (rc > 0)
			break;
	}
	return 0;
}

/* ---- setup and results ---- */

struct cli_pkgtest *cli_pkgtest_new(const struct cli_pkgtest_opts *opts,
				    const struct rt_package *pkg, struct rt_error *err)
{
	struct cli_pkgtest *t = rt_xcalloc(1, sizeof(*t));
	const struct rt_value *conf = rt_config_get(opts->cfg, "package_filter");
	struct li_limits lim = LI_LIMITS_DEFAULT;
	struct rt_buf b = RT_BUF_INIT;

	t->o = *opts;
	if (!t->o.out)
		t->o.out = stdout;
	t->pkg = pkg;
	/* One timestamp for the whole run: packages released meanwhile are not picked up. */
	t->timestamp = (long long)time(NULL);
	rt_buf_adds(&b, pkg->name);
	if (!rt_version_is_empty(pkg->version))
		rt_buf_addf(&b, "==%s", rt_version_str(pkg->version));
	t->version_req = rt_buf_detach(&b, NULL);
	variant_init(t, &t->pkgv, -1);
	t->n_vars = pkg->n_variants ? pkg->n_variants : 1;
	t->vars = rt_xcalloc(t->n_vars, sizeof(*t->vars));
	for (size_t i = 0; i < t->n_vars; i++)
		variant_init(t, &t->vars[i], pkg->n_variants ? (int)i : -1);
	if (opts->redirect_root) {
		/* A staged install tests only the variant being installed. */
		size_t keep = t->n_vars;
		for (size_t i = 0; i < t->n_vars; i++)
			if (t->vars[i].index == opts->variant_index)
				keep = i;
		if (keep == t->n_vars) {
			rt_error(err, "variant %d of '%s' is not in its definition", opts->variant_index,
				 pkg->file);
			goto fail;
		}
		for (size_t i = 0; i < t->n_vars; i++)
			if (i != keep)
				variant_release(&t->vars[i]);
		if (keep) {
			t->vars[0] = t->vars[keep];
			t->vars[0].lp.ud = &t->vars[0];
		}
		t->n_vars = 1;
	}
	lim.max_instructions = rt_config_int(opts->cfg, "sandbox_max_instructions");
	lim.max_memory = (size_t)rt_config_int(opts->cfg, "sandbox_max_memory");
	lim.trusted = rt_config_bool(opts->cfg, "sandbox_trusted");
	t->L = li_state_new(&lim, err);
	if (!t->L)
		goto fail;
	t->shell = cli_pick_shell(opts->cfg, NULL, err);
	if (!t->shell)
		goto fail;
	if (conf && (conf->type == RT_LIST ? rt_list_len(conf) > 0 : conf->type == RT_MAP)) {
		t->filter_value = rt_value_list();
		if (conf->type == RT_LIST)
			for (size_t i = 0; i < rt_list_len(conf); i++)
				rt_list_push(t->filter_value, rt_value_copy(rt_list_at(conf, i)));
		else
			rt_list_push(t->filter_value, rt_value_copy(conf));
		t->filter = rt_filter_list_from_value(t->filter_value, err);
		if (!t->filter)
			goto fail;
	}
	return t;
fail:
	cli_pkgtest_free(t);
	return NULL;
}

void cli_pkgtest_free(struct cli_pkgtest *t)
{
	if (!t)
		return;
	variant_release(&t->pkgv);
	for (size_t i = 0; i < t->n_vars; i++)
		variant_release(&t->vars[i]);
	free(t->vars);
	for (size_t i = 0; i < t->n_ctxs; i++) {
		free(t->ctxs[i].key);
		rt_context_free(t->ctxs[i].ctx);
	}
	free(t->ctxs);
	for (size_t i = 0; i < t->n_results; i++) {
		free(t->results[i].name);
		free(t->results[i].variant);
		free(t->results[i].description);
	}
	free(t->results);
	rt_filter_list_free(t->filter);
	rt_value_free(t->filter_value);
	if (t->L)
		li_state_close(t->L);
	free(t->version_req);
	free(t);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int cli_pkgtest_names(struct cli_pkgtest *t, const char *run_on, struct rt_strlist *out,
		      struct rt_error *err)
{
	const struct rt_value *tests;
	size_t start = out->n;
	if (tests_of(&t->pkgv, &tests, err) < 0)
		return -1;
	for (size_t i = 0; tests && i < rt_map_len(tests); i++)
		if (!run_on || has_run_on(rt_map_val(tests, i), run_on))
			rt_strlist_push(out, rt_map_key(tests, i));
	if (out->n - start > 1)
		qsort(out->v + start, out->n - start, sizeof(*out->v), cmp_str);
	return 0;
}

int cli_pkgtest_stopped(const struct cli_pkgtest *t)
{
	return t->stopped;
}

void cli_pkgtest_counts(const struct cli_pkgtest *t, size_t *n_tests, size_t *n_success,
			size_t *n_failed, size_t *n_skipped)
{
	*n_tests = t->n_results;
	*n_success = *n_failed = *n_skipped = 0;
	for (size_t i = 0; i < t->n_results; i++) {
		const char *s = t->results[i].status;
		if (rt_streq(s, "success"))
			(*n_success)++;
		else if (rt_streq(s, "failed"))
			(*n_failed)++;
		else
			(*n_skipped)++;
	}
}

void cli_pkgtest_print_summary(const struct cli_pkgtest *t, FILE *f)
{
	struct cli_table tab = { NULL, 0, 4, 0 };
	static const char *const head[] = { "Test", "Status", "Variant", "Description" };
	static const char *const rule[] = { "----", "------", "-------", "-----------" };
	size_t n, ok, bad, skip;
	cli_pkgtest_counts(t, &n, &ok, &bad, &skip);
	fprintf(f, "Test results:\n%s\n",
		"--------------------------------------------------------------------------------");
	fprintf(f, "%zu succeeded, %zu failed, %zu skipped\n\n", ok, bad, skip);
	cli_table_add(&tab, head);
	cli_table_add(&tab, rule);
	for (size_t i = 0; i < t->n_results; i++) {
		const char *row[4] = { t->results[i].name, t->results[i].status,
				       t->results[i].variant, t->results[i].description };
		cli_table_add(&tab, row);
	}
	cli_table_print(&tab, f);
	cli_table_release(&tab);
}

const char *cli_pkgtest_uri(const struct cli_pkgtest *t)
{
	return t->pkg->file;
}

/* ---- tests while installing ---- */

void cli_pkgtest_install_init(struct cli_pkgtest_install *pi, const char *tool,
			      const struct rt_config *cfg, const char *run_on)
{
	pi->tool = tool;
	pi->cfg = cfg;
	pi->run_on = run_on;
	pi->ran_once = rt_xcalloc(1, sizeof(*pi->ran_once));
}

void cli_pkgtest_install_release(struct cli_pkgtest_install *pi)
{
	if (pi->ran_once)
		rt_strlist_release(pi->ran_once);
	free(pi->ran_once);
	pi->ran_once = NULL;
}

static int listed(const struct rt_strlist *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (rt_streq(l->v[i], s))
			return 1;
	return 0;
}

/* A test with on_variants false (or absent) runs once per package. */
static int once_per_package(const struct rt_value *entry)
{
	const struct rt_value *ov = entry && entry->type == RT_MAP ? rt_map_get(entry, "on_variants") : NULL;
	return !ov || (ov->type == RT_BOOL && !ov->u.b);
}

/* Can `tests` (the developer package's value) hold a test to run now? A literal table is
 * checked (run_on tag, once-per-package tests already run); a late one may. */
static int may_have_tests(const struct cli_pkgtest_install *pi, const struct rt_value *tests)
{
	if (!tests || tests->type == RT_NULL)
		return 0;
	if (tests->type != RT_MAP)
		return tests->type == RT_FUNC;
	for (size_t i = 0; i < rt_map_len(tests); i++) {
		const struct rt_value *e = rt_map_val(tests, i);
		if (has_run_on(e, pi->run_on) &&
		    !(once_per_package(e) && listed(pi->ran_once, rt_map_key(tests, i))))
			return 1;
	}
	return 0;
}

/* Writes the variant's definition into a new temporary repository; *dir is its path. */
static int temp_repository(const struct cli_pkgtest_install *pi, const struct rt_value *pkg,
			   const char *name, const char *version, char **dir, struct rt_error *err)
{
	const char *tmp = rt_config_str(pi->cfg, "tmpdir");
	struct rt_buf path = RT_BUF_INIT, text = RT_BUF_INIT;
	int rc = -1;
	rt_buf_addf(&path, "%s/rez_pkgtest_XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(path.buf)) {
		rt_error(err, "cannot create a directory in '%s': %s", tmp && *tmp ? tmp : "/tmp",
			 strerror(errno));
		rt_buf_release(&path);
		return -1;
	}
	*dir = rt_xstrdup(path.buf);
	rt_buf_addf(&path, "/%s%s%s", name, *version ? "/" : "", version);
	for (size_t i = 0; i < rt_map_len(pkg); i++)
		rt_luawrite_item(&text, rt_map_key(pkg, i), rt_map_val(pkg, i));
	if (rt_build_mkdirs(path.buf, err) == 0) {
		rt_buf_adds(&path, "/package.lua");
		rc = rt_file_write_atomic(path.buf, text.buf, text.len, 0644, RT_FILE_NOSYNC, err);
	}
	rt_buf_release(&path);
	rt_buf_release(&text);
	return rc;
}

/* The package from the temporary repository (not a same-version one further down). */
static const struct rt_package *temp_package(struct rt_repo *repo, const char *dir,
					     const char *name, struct rt_error *err)
{
	const struct rt_repo_entry *const *entries;
	size_t n;
	if (rt_repo_versions(repo, name, &entries, &n, err) < 0)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (rt_streq(entries[i]->repo_path, dir))
			return rt_repo_load(repo, entries[i], err);
	rt_error(err, "the definition written to '%s' was not found", dir);
	return NULL;
}

int cli_pkgtest_pre_install(void *ud, const struct rt_build_variant *v, const char *staged_root,
			    struct rt_error *err)
{
	struct cli_pkgtest_install *pi = ud;
	const char *name = rt_value_as_str(rt_map_get(v->package, "name"));
	const char *version = rt_value_as_str(rt_map_get(v->package, "version"));
	struct rt_strlist names = { NULL, 0, 0 }, run = { NULL, 0, 0 };
	struct rt_value *paths = NULL;
	struct rt_repo *repo = NULL;
	struct cli_pkgtest *t = NULL;
	struct cli_pkgtest_opts o;
	const struct rt_package *pkg;
	const struct rt_value *tests;
	char *dir = NULL, *base = NULL;
	size_t sub = v->subpath ? strlen(v->subpath) : 0, rlen = strlen(staged_root);
	int rc = -1, exitcode = 0;

	if (!name)
		return rt_error(err, "the package being installed has no name");
	if (!may_have_tests(pi, rt_map_get(v->package, "tests")))
		return 0;      /* the common case: no temporary repository, nothing written */
	if (temp_repository(pi, v->package, name, version ? version : "", &dir, err) < 0)
		goto out;
	paths = cli_package_paths(pi->cfg, NULL, 0);
	{
		/* the temporary repository first: its variant is the one tested */
		struct rt_value *all = rt_value_list();
		rt_list_push(all, rt_value_str(dir));
		for (size_t i = 0; i < rt_list_len(paths); i++)
			rt_list_push(all, rt_value_copy(rt_list_at(paths, i)));
		rt_value_free(paths);
		paths = all;
	}
	repo = cli_repo_open(pi->cfg, paths, 0, err);
	if (!repo)
		goto out;
	/* no package cache: it would keep a file per temporary repository forever */
	rt_repo_set_cache(repo, NULL);
	if (!(pkg = temp_package(repo, dir, name, err)))
		goto out;
	/* the package base of the staged payload: its root minus the variant's subpath */
	if (sub && rlen > sub && staged_root[rlen - sub - 1] == '/' &&
	    rt_streq(staged_root + rlen - sub, v->subpath))
		base = rt_xmemdupz(staged_root, rlen - sub - 1);
	else
		base = rt_xstrdup(staged_root);
	memset(&o, 0, sizeof(o));
	o.tool = pi->tool;
	o.cfg = pi->cfg;
	o.repo = repo;
	o.stop_on_fail = 1;
	o.verbose = 1;
	o.out = stdout;
	o.redirect_root = staged_root;
	o.redirect_base = base;
	o.variant_index = v->index;
	t = cli_pkgtest_new(&o, pkg, err);
	if (!t || cli_pkgtest_names(t, pi->run_on, &names, err) < 0 ||
	    tests_of(&t->pkgv, &tests, err) < 0)
		goto out;
	for (size_t i = 0; i < names.n; i++) {
		if (!(once_per_package(rt_map_get(tests, names.v[i])) && listed(pi->ran_once, names.v[i])))
			rt_strlist_push(&run, names.v[i]);
	}
	for (size_t i = 0; i < run.n && !t->stopped; i++) {
		if (cli_pkgtest_run(t, run.v[i], NULL, 0, &exitcode, err) < 0)
			goto out;
		if (!listed(pi->ran_once, run.v[i]))
			rt_strlist_push(pi->ran_once, run.v[i]);
	}
	if (t->n_results) {
		size_t n, ok, bad, skip;
		printf("\n");
		cli_pkgtest_print_summary(t, stdout);
		cli_pkgtest_counts(t, &n, &ok, &bad, &skip);
		if (bad)
			printf("\n");
		fflush(stdout);
		rc = (int)bad;
	} else {
		rc = 0;
	}
out:
	cli_pkgtest_free(t);
	rt_strlist_release(&names);
	rt_strlist_release(&run);
	if (repo)
		rt_repo_free(repo);
	rt_value_free(paths);
	if (dir)
		rt_build_rmtree(dir, NULL);
	free(dir);
	free(base);
	return rc;
}
