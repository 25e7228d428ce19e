/* cmd_view.c - `rez view PKG`: print the definition of the latest package matching PKG. */
#include "cli/cli.h"
#include "cli/pkgrepo.h"
#include "interp/interp.h"
#include "interp/preprocess.h"
#include "runtime/config.h"
#include "runtime/buf.h"
#include "runtime/package.h"
#include "runtime/repo.h"
#include "runtime/context.h"
#include "runtime/luawrite.h"
#include "runtime/value.h"
#include "runtime/version.h"
#include "runtime/yaml.h"

#include <stdio.h>

static const struct cli_opt view_opts[] = {
	{ 'f', "format", CLI_VALUE, "FORMAT", "format to print the package in: yaml (default), lua or py" },
	{ 'a', "all", CLI_FLAG, NULL, "show all package data, including release-related fields" },
	{ 'b', "brief", CLI_FLAG, NULL, "do not print extraneous info, such as the package uri" },
	{ 'c', "current", CLI_FLAG, NULL, "show the package resolved in the current context" },
	{ 0, "paths", CLI_VALUE, "PATHS", "colon-separated package search path (default: packages_path)" },
	{ 0, "dev", CLI_FLAG, NULL, "view the developer package in DIR (default: the current "
	  "directory) with preprocess functions applied" },
	{ 'v', "verbose", CLI_FLAG, NULL, "name the repositories searched and the file read (on stderr)" },
};

static const char usage[] =
	"usage: rez view [-f yaml|lua|py] [-a] [-b] [-c] [--paths PATHS] PKG\n"
	"       rez view --dev [-f yaml|lua|py] [-a] [-b] [DIR]\n\n"
	"Print the definition of the latest package matching PKG (e.g. 'foo', 'foo-1.2+'), or with\n"
	"--dev the developer package in DIR as `rez build` sees it (preprocessed).\n";

/* ---- function bodies ---- */
static struct rt_value *with_bodies(const struct rt_value *v)
{
	struct rt_value *c;
	switch (v->type) {
	case RT_FUNC:
		c = rt_value_str_take(rt_luawrite_func_body(v->u.fn));
		break;
	case RT_LIST:
		c = rt_value_list();
		for (size_t i = 0; i < rt_list_len(v); i++)
			rt_list_push(c, with_bodies(rt_list_at(v, i)));
		break;
	case RT_MAP:
		c = rt_value_map();
		for (size_t i = 0; i < rt_map_len(v); i++)
			rt_map_set(c, rt_map_key(v, i), with_bodies(rt_map_val(v, i)));
		break;
	default:
		c = rt_value_copy(v);
		break;
	}
	c->line = v->line;
	return c;
}

/* ---- -f py: Rez's Python form ---- */

static void py_quote(struct rt_buf *out, const char *s, size_t n)
{
	int dq = memchr(s, '\'', n) && !memchr(s, '"', n);
	char q = dq ? '"' : '\'';
	rt_buf_addch(out, q);
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch == '\\' || ch == (unsigned char)q)
			rt_buf_addf(out, "\\%c", ch);
		else if (ch == '\n')
			rt_buf_adds(out, "\\n");
		else if (ch == '\t')
			rt_buf_adds(out, "\\t");
		else if (ch < 32 || ch == 127)
			rt_buf_addf(out, "\\x%02x", ch);
		else
			rt_buf_addch(out, ch);
	}
	rt_buf_addch(out, q);
}

static void py_value(struct rt_buf *out, const struct rt_value *v)
{
	switch (v->type) {
	case RT_NULL: rt_buf_adds(out, "None"); break;
	case RT_BOOL: rt_buf_adds(out, v->u.b ? "True" : "False"); break;
	case RT_STR: py_quote(out, v->u.s.ptr, v->u.s.len); break;
	case RT_LIST:
		rt_buf_addch(out, '[');
		for (size_t i = 0; i < rt_list_len(v); i++) {
			if (i)
				rt_buf_adds(out, ", ");
			py_value(out, rt_list_at(v, i));
		}
		rt_buf_addch(out, ']');
		break;
	case RT_MAP:
		rt_buf_addch(out, '{');
		for (size_t i = 0; i < rt_map_len(v); i++) {
			if (i)
				rt_buf_adds(out, ", ");
			py_quote(out, rt_map_key(v, i), strlen(rt_map_key(v, i)));
			rt_buf_adds(out, ": ");
			py_value(out, rt_map_val(v, i));
		}
		rt_buf_addch(out, '}');
		break;
	case RT_FUNC: rt_buf_adds(out, "None"); break;
	default: rt_value_describe(v, out); break;
	}
}

/* A function read from a package.py is printed as its Python text (the lines its
 * translation spans, which are the def's lines); a Lua function cannot be shown in Python
 * and is named in a comment. */
static void py_item(struct rt_buf *out, const char *key, const struct rt_value *v)
{
	if (v->type == RT_FUNC) {
		const struct rt_func *fn = v->u.fn;
		struct rt_buf text = RT_BUF_INIT;
		int last = fn->first_line, line = 1;
		for (const char *c = fn->source; c && *c; c++)
			last += *c == '\n';
		size_t fl = fn->file ? strlen(fn->file) : 0;
		if (fl < 3 || !rt_streq(fn->file + fl - 3, ".py") ||
		    rt_buf_read_file(&text, fn->file, (size_t)16 << 20) < 0) {
			rt_buf_addf(out, "# %s: a Lua function (rez view -f lua shows it)\n", key);
			rt_buf_release(&text);
			return;
		}
		if (fn->flags & RT_FN_LATE)
			rt_buf_adds(out, "@late()\n");
		if (fn->n_includes) {
			rt_buf_adds(out, "@include(");
			for (size_t i = 0; i < fn->n_includes; i++) {
				if (i)
					rt_buf_adds(out, ", ");
				py_quote(out, fn->includes[i], strlen(fn->includes[i]));
			}
			rt_buf_adds(out, ")\n");
		}
		for (const char *l = text.buf; *l && line <= last; line++) {
			const char *nl = strchr(l, '\n');
			size_t len = nl ? (size_t)(nl - l) : strlen(l);
			if (line >= fn->first_line) {
				rt_buf_add(out, l, len);
				rt_buf_addch(out, '\n');
			}
			if (!nl)
				break;
			l = nl + 1;
		}
		rt_buf_release(&text);
		return;
	}
	rt_buf_addf(out, "%s = ", key);
	py_value(out, v);
	rt_buf_addch(out, '\n');
}

/* ---- the command ---- */

/* An evaluated @late request list as the value to show, or NULL to show v itself. */
static struct rt_value *late_value(const struct rt_package *p, const char *k,
				   const struct rt_value *v)
{
	/* only `requires` has one value per package (build lists are per variant, as Rez
	 * evaluates them, and show as their source, as Rez shows them) */
	const struct rt_reqlist *l = rt_streq(k, "requires") ? &p->requires : NULL;
	struct rt_value *out;
	if (!l || !p->late_evaluated || v->type != RT_FUNC)
		return NULL;
	out = rt_value_list();
	for (size_t i = 0; i < l->len; i++) {
		char *s = rt_request_str(l->items[i]);
		rt_list_push(out, rt_value_str(s));
		free(s);
	}
	return out;
}

/* The attributes to print, in Rez's order: known keys first, then the rest as defined.
 * With `evaluated`, @late request lists show the value the solver uses. */
static struct rt_value *ordered_items(const struct rt_package *p, int all, int evaluated)
{
	struct rt_value *items = rt_value_map();
	for (const char *const *k = rt_package_key_order; *k; k++) {
		const struct rt_value *v = rt_package_get(p, *k);
		struct rt_value *lv;
		if (!v || v->type == RT_NULL || (!all && rt_package_is_release_attr(*k)))
			continue;
		lv = evaluated ? late_value(p, *k, v) : NULL;
		rt_map_set(items, *k, lv ? lv : rt_value_copy(v));
	}
	for (size_t i = 0; i < rt_map_len(p->data); i++) {
		const char *k = rt_map_key(p->data, i);
		const struct rt_value *v = rt_map_val(p->data, i);
		if (rt_map_get(items, k) || v->type == RT_NULL || rt_streq(k, "base") ||
		    (!all && rt_package_is_release_attr(k)))
			continue;
		rt_map_set(items, k, rt_value_copy(v));
	}
	rt_map_set(items, "base", rt_value_str(p->base));
	return items;
}

/* lua: 0 YAML, 1 Lua, 2 Python */
static int print_package(const char *tool, const struct rt_package *p, int lua, int all)
{
	/* YAML (Rez's form) shows what resolving uses; --lua prints the definition itself. */
	struct rt_value *items = ordered_items(p, all, !lua);
	struct rt_buf out = RT_BUF_INIT;
	struct rt_error err = RT_ERROR_INIT;
	int rc = RT_EXIT_OK;

	for (size_t i = 0; i < rt_map_len(items); i++) {
		const char *k = rt_map_key(items, i);
		if (i)
			rt_buf_addch(&out, '\n');
		if (lua == 2) {
			py_item(&out, k, rt_map_val(items, i));
		} else if (lua) {
			rt_luawrite_item(&out, k, rt_map_val(items, i));
		} else {
			struct rt_value *one = rt_value_map();
			rt_map_set(one, k, with_bodies(rt_map_val(items, i)));
			if (rt_yaml_emit(one, &out, &err) < 0) {
				cli_error(tool, "%s", rt_error_msg(&err));
				rt_error_release(&err);
				rc = RT_EXIT_FAIL;
			}
			rt_value_free(one);
			if (rc)
				break;
		}
	}
	if (rc == RT_EXIT_OK)
		fwrite(out.buf, 1, out.len, stdout);
	rt_buf_release(&out);
	rt_value_free(items);
	return rc;
}

/* Preprocess messages: INFO lines as they are, warnings as warnings. */
static void dev_message(void *ud, enum li_msg_level level, const char *msg)
{
	if (level == LI_MSG_WARNING)
		cli_warn(ud, "%s", msg);
	else
		fprintf(stderr, "%s\n", msg);
}

/* rez view --dev [DIR]: the developer package, preprocessed (interp/preprocess.h). */
static int view_dev(const char *tool, const char *dir, size_t n_pos, int lua, int all,
		    int brief)
{
	struct li_devpkg_opts o = LI_DEVPKG_OPTS_INIT;
	struct rt_error err = RT_ERROR_INIT;
	struct li_devpkg *d;
	int rc;
	if (n_pos > 1) {
		cli_error(tool, "expected at most one directory with --dev");
		return RT_EXIT_USAGE;
	}
	o.config = cli_load_config(tool);
	if (!o.config)
		return RT_EXIT_FAIL;
	o.msg = dev_message;
	o.msg_ud = (void *)tool;
	d = li_devpkg_load(dir, &o, &err);
	if (!d) {
		cli_error(tool, "%s", rt_error_msg(&err));
		rt_error_release(&err);
		rt_config_free((struct rt_config *)o.config);
		return RT_EXIT_FAIL;
	}
	rt_map_del(d->package->data, "preprocess");   /* applied: build-only, as --view-pre */
	if (!brief)
		printf("URI:\n%s\n\nCONTENTS:\n", d->file);
	rc = print_package(tool, d->package, lua, all);
	li_devpkg_free(d);
	rt_config_free((struct rt_config *)o.config);
	return rc;
}

int cli_cmd_view(int argc, char **argv)
{
	const char *tool = cli_tool_name(argv[0]);
	const size_t n_opts = RT_ARRAY_LEN(view_opts);
	struct cli_args args;
	struct rt_error err = RT_ERROR_INIT;
	struct rt_request *req = NULL;
	struct rt_repo *repo = NULL;
	const struct rt_repo_entry *e = NULL;
	const struct rt_package *p;
	const char *format;
	int help = 0, rc = RT_EXIT_FAIL;

	if (cli_parse(view_opts, n_opts, argc, argv, &args, &help, usage, &err) < 0) {
		cli_error(tool, "%s", rt_error_msg(&err));
		rt_error_release(&err);
		return RT_EXIT_USAGE;
	}
	if (help) {
		cli_args_release(&args);
		return RT_EXIT_OK;
	}
	format = cli_get(view_opts, n_opts, &args, "format")->value;
	if (format && !rt_streq(format, "yaml") && !rt_streq(format, "lua") && !rt_streq(format, "py")) {
		cli_error(tool, "invalid format '%s' (choose from yaml, lua, py)", format);
		rc = RT_EXIT_USAGE;
		goto out;
	}
	if (cli_get(view_opts, n_opts, &args, "dev")->count) {
		rc = view_dev(tool, args.n_pos ? args.pos[0] : ".", args.n_pos,
			      !format || rt_streq(format, "yaml") ? 0 : rt_streq(format, "py") ? 2 : 1,
			      cli_get(view_opts, n_opts, &args, "all")->count > 0,
			      cli_get(view_opts, n_opts, &args, "brief")->count > 0);
		goto out;
	}
	if (args.n_pos != 1) {
		cli_error(tool, "expected exactly one package (PKG)");
		fputs(usage, stderr);
		rc = RT_EXIT_USAGE;
		goto out;
	}
	req = rt_request_parse(args.pos[0], &err);
	if (!req)
		goto fail;
	if (cli_get(view_opts, n_opts, &args, "current")->count) {
		/* The version resolved in the current context, from the context's repositories. */
		const char *rxt = getenv("REZ_RXT_FILE");
		struct rt_context *ctx;
		const struct rt_context_pkg *cp = NULL;
		struct rt_buf paths = RT_BUF_INIT;
		if (!rxt || !*rxt) {
			cli_error(tool, "not in a resolved environment context");
			goto out;
		}
		ctx = rt_context_load(rxt, &err);
		if (!ctx)
			goto fail;
		for (size_t i = 0; i < ctx->n_pkgs; i++)
			if (rt_streq(ctx->pkgs[i].name, rt_request_name(req)))
				cp = &ctx->pkgs[i];
		if (!cp) {
			cli_error(tool, "package '%s' is not in the current context", rt_request_name(req));
			rt_context_free(ctx);
			goto out;
		}
		rt_buf_adds(&paths, cp->location);
		repo = cli_open_repo(paths.buf, 0, &err);
		rt_buf_release(&paths);
		if (repo) {
			char *spec = rt_xstrfmt("==%s", cp->version);
			struct rt_range *exact = rt_range_parse(spec, &err);
			free(spec);
			if (exact)
				e = rt_repo_latest(repo, cp->name, exact, &err);
			rt_range_free(exact);
		}
		rt_context_free(ctx);
		if (!repo || (!e && err.msg))
			goto fail;
		if (!e) {
			cli_error(tool, "package '%s' of the current context is no longer in its repository",
				  rt_request_name(req));
			goto out;
		}
	} else {
		repo = cli_open_repo(cli_get(view_opts, n_opts, &args, "paths")->value, 0, &err);
		if (!repo)
			goto fail;
		e = rt_repo_latest(repo, rt_request_name(req), rt_request_range(req), &err);
		if (!e) {
			if (err.msg)
				goto fail;
			puts("no matches found");
			goto out;
		}
	}
	if (cli_get(view_opts, n_opts, &args, "verbose")->count) {
		const char *file = rt_repo_definition_file(repo, e, NULL);
		cli_print_repo_paths(repo, stderr);
		fprintf(stderr, "reading: %s\n", file ? file : e->dir);
	}
	p = rt_repo_load(repo, e, &err);
	if (!p)
		goto fail;
	if (!cli_get(view_opts, n_opts, &args, "brief")->count) {
		const char *file = rt_repo_definition_file(repo, e, NULL);
		printf("URI:\n%s\n\nCONTENTS:\n", file ? file : e->dir);
	}
	rc = print_package(tool, p,
			   !format || rt_streq(format, "yaml") ? 0 : rt_streq(format, "py") ? 2 : 1,
			   cli_get(view_opts, n_opts, &args, "all")->count > 0);
	goto out;
fail:
	cli_error(tool, "%s", rt_error_msg(&err));
	rt_error_release(&err);
	rc = RT_EXIT_FAIL;
out:
	rt_error_release(&err);
	rt_request_free(req);
	rt_repo_free(repo);
	cli_args_release(&args);
	return rc;
}
