/* cmd_search.c - `rez search [PATTERN]`: list package families, packages or variants. */
#include "cli/cli.h"
#include "interp/bind.h"
#include "interp/late.h"
#include "interp/state.h"
#include "cli/pkgrepo.h"
#include "runtime/buf.h"
#include "runtime/package.h"
#include "runtime/repo.h"
#include "runtime/value.h"
#include "runtime/version.h"

#include <fnmatch.h>
#include <strings.h>
#include <stdio.h>

static const struct cli_opt search_opts[] = {
	{ 't', "type", CLI_VALUE, "TYPE", "type of resource to search for: family, package, variant "
	  "or auto (default)" },
	{ 0, "nl|no-local", CLI_FLAG, NULL, "don't search local packages" },
	{ 0, "validate", CLI_FLAG, NULL, "validate each resource that is found" },
	{ 0, "paths", CLI_VALUE, "PATHS", "colon-separated package search path (default: packages_path)" },
	{ 'f', "format", CLI_VALUE, "FORMAT", "format package output, e.g. '{name} {version}'" },
	{ 0, "no-newlines", CLI_FLAG, NULL, "print results on one line, separated by spaces" },
	{ 'l', "latest", CLI_FLAG, NULL, "only show the latest package of each family" },
	{ 'e', "errors", CLI_FLAG, NULL, "only print packages that contain errors" },
	{ 0, "nw|no-warnings", CLI_FLAG, NULL, "suppress warnings" },
	{ 0, "before", CLI_VALUE, "TIME", "only packages released before TIME (epoch, or -N[smhd] ago)" },
	{ 0, "after", CLI_VALUE, "TIME", "only packages released after TIME (epoch, or -N[smhd] ago)" },
	{ 'v', "verbose", CLI_FLAG, NULL, "name the repositories searched (on stderr)" },
	CLI_OPT_GROUP("beyond Rez (as Lmod's spider and keyword)"),
	{ 0, "tool", CLI_VALUE, "NAME", "only packages whose tools include NAME (which package provides mayapy)" },
	{ 'k', "keyword", CLI_VALUE, "TEXT", "only packages whose name, description or tools contain TEXT "
	  "(any case)" },
};

static const char usage[] =
	"usage: rez search [-t TYPE] [--nl] [--validate] [--paths PATHS] [-f FORMAT]\n"
	"                  [--no-newlines] [-l] [-e] [--nw] [--before T] [--after T] [PATTERN]\n\n"
	"Search for packages. PATTERN is a glob on family names, optionally followed by a\n"
	"version range: 'py*', 'foo-1.2+'.\n";

enum type { T_AUTO, T_FAMILY, T_PACKAGE, T_VARIANT };

/* The fields --format knows; an abbreviation stands for the one field it starts. */
static const char *const fields[] = {
	"pre_commands", "tools", "uuid", "build_requires", "version", "timestamp",
	"release_message", "private_build_requires", "revision", "description", "base",
	"authors", "variants", "commands", "name", "changelog", "post_commands", "requires",
	"root", "index", "uri", "num_variants", "qualified_name", NULL
};

static const char *expand_field(const char *f, size_t len)
{
	const char *found = NULL;
	for (const char *const *p = fields; *p; p++) {
		if (strlen(*p) == len && memcmp(*p, f, len) == 0)
			return *p;
		if (strlen(*p) > len && memcmp(*p, f, len) == 0) {
			if (found)
				return NULL;      /* ambiguous */
			found = *p;
		}
	}
	return found;
}

struct result {
	const struct rt_repo_entry *e;
	long index;            /* variant index, -1 for none */
	char *error;           /* load error (with --errors / --validate) */
};

static void value_text(struct rt_buf *out, const struct rt_value *v)
{
	if (v->type == RT_STR) {
		rt_buf_add(out, v->u.s.ptr, v->u.s.len);
	} else if (v->type == RT_LIST) {
		for (size_t i = 0; i < rt_list_len(v); i++) {
			if (i)
				rt_buf_addch(out, ' ');
			value_text(out, rt_list_at(v, i));
		}
	} else if (v->type == RT_FUNC) {
		rt_buf_adds(out, v->u.fn->source);
	} else {
		rt_value_describe(v, out);
	}
}

/* Case-insensitive substring. */
static int contains_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (; *hay; hay++)
		if (!strncasecmp(hay, needle, n))
			return 1;
	return !n;
}

static int eval_late(const struct rt_package *p, const struct result *r, const struct rt_value *fn,
		     struct rt_value **out, struct rt_error *err);

/* --tool / --keyword: does package p match? -1 with err set when its @late tools fail. */
static int matches_query(const struct rt_package *p, const struct rt_repo_entry *e,
			 const char *tool_name, const char *keyword, struct rt_error *err)
{
	const struct rt_value *tools = rt_package_get(p, "tools"), *desc;
	struct rt_value *late = NULL;
	int hit = 0;
	if (tools && tools->type == RT_FUNC && (tools->u.fn->flags & RT_FN_LATE)) {
		struct result r = { e, -1, NULL };
		if (eval_late(p, &r, tools, &late, err) < 0)
			return -1;
		tools = late;
	}
	if (tool_name) {
		for (size_t i = 0; tools && tools->type == RT_LIST && i < rt_list_len(tools) && !hit; i++)
			hit = rt_value_as_str(rt_list_at(tools, i)) &&
			      rt_streq(rt_value_as_str(rt_list_at(tools, i)), tool_name);
		if (!hit)
			goto out;
	}
	if (keyword) {
		desc = rt_package_get(p, "description");
		hit = contains_ci(p->name, keyword) ||
		      (desc && rt_value_as_str(desc) && contains_ci(rt_value_as_str(desc), keyword));
		for (size_t i = 0; tools && tools->type == RT_LIST && i < rt_list_len(tools) && !hit; i++)
			hit = rt_value_as_str(rt_list_at(tools, i)) &&
			      contains_ci(rt_value_as_str(rt_list_at(tools, i)), keyword);
	}
out:
	rt_value_free(late);
	return hit;
}

static void qualified(struct rt_buf *out, const struct result *r, enum type t)
{
	rt_buf_adds(out, r->e->family);
	if (!rt_version_is_empty(r->e->version))
		rt_buf_addf(out, "-%s", rt_version_str(r->e->version));
	if (t == T_VARIANT) {
		if (r->index >= 0)
			rt_buf_addf(out, "[%ld]", r->index);
		else
			rt_buf_adds(out, "[]");
	}
}

static int eval_late(const struct rt_package *p, const struct result *r, const struct rt_value *fn,
		     struct rt_value **out, struct rt_error *err)
{
	struct li_limits lim = LI_LIMITS_DEFAULT;
	struct li_late_bindings b;
	struct li_pkg lp;
	lua_State *L = li_state_new(&lim, err);
	int rc;
	if (!L)
		return -1;
	memset(&lp, 0, sizeof(lp));
	lp.name = p->name;
	lp.version = rt_version_str(p->version);
	lp.ver = p->version;
	lp.root = p->base;
	lp.base = p->base;
	lp.uri = p->file;
	lp.variant_index = (int)r->index;
	lp.data = p->data;
	b.this = &lp;
	b.context = NULL;
	rc = li_late_eval(L, fn->u.fn, &b, out, err);
	li_state_close(L);
	return rc;
}

/* Expands one {field}; returns 0, or -1 when the field is unknown (left as written). */
static int field_text(struct rt_buf *out, struct rt_repo *repo, const struct result *r,
		      enum type t, const char *field, struct rt_error *err)
{
	const struct rt_package *p;
	if (rt_streq(field, "name")) {
		rt_buf_adds(out, r->e->family);
		return 0;
	}
	if (rt_streq(field, "version")) {
		rt_buf_adds(out, rt_version_str(r->e->version));
		return 0;
	}
	if (rt_streq(field, "qualified_name")) {
		qualified(out, r, t);
		return 0;
	}
	if (rt_streq(field, "base")) {
		rt_buf_adds(out, r->e->dir);
		return 0;
	}
	if (rt_streq(field, "index")) {
		if (r->index >= 0)
			rt_buf_addf(out, "%ld", r->index);
		else
			rt_buf_adds(out, "None");
		return 0;
	}
	p = rt_repo_load(repo, r->e, err);
	if (!p)
		return -2;
	if (rt_streq(field, "uri")) {
		rt_buf_adds(out, p->file);
		if (t == T_VARIANT)
			rt_buf_addf(out, "[%ld]", r->index >= 0 ? r->index : 0);
	} else if (rt_streq(field, "root")) {
		rt_buf_adds(out, p->base);
		if (r->index >= 0 && (size_t)r->index < p->n_variants) {
			const struct rt_reqlist *l = &p->variants[r->index];
			for (size_t i = 0; i < l->len; i++) {
				rt_buf_addch(out, '/');
				rt_request_format(l->items[i], out);
			}
		}
	} else if (rt_streq(field, "num_variants")) {
		rt_buf_addf(out, "%zu", p->n_variants);
	} else {
		const struct rt_value *v = rt_package_get(p, field);
		if (v && v->type == RT_FUNC && (v->u.fn->flags & RT_FN_LATE)) {
			/* a @late attribute shows its value, evaluated outside a context as Rez does */
			struct rt_value *val = NULL;
			if (eval_late(p, r, v, &val, err) < 0)
				return -2;
			value_text(out, val);
			rt_value_free(val);
		} else if (v) {
			value_text(out, v);
		} else {
			rt_buf_adds(out, "None");
		}
	}
	return 0;
}

static int format_result(struct rt_buf *out, struct rt_repo *repo, const struct result *r,
			 enum type t, const char *fmt, struct rt_error *err)
{
	for (const char *p = fmt; *p;) {
		if (p[0] == '\\' && p[1] == 'n') {
			rt_buf_addch(out, '\n');
			p += 2;
		} else if (*p == '{') {
			const char *close = strchr(p, '}');
			const char *field = close ? expand_field(p + 1, (size_t)(close - p - 1)) : NULL;
			int rc = field ? field_text(out, repo, r, t, field, err) : -1;
			if (rc == -2)
				return -1;
			if (rc < 0) {
				size_t n = close ? (size_t)(close - p + 1) : strlen(p);
				rt_buf_add(out, p, n);
				p += n;
			} else {
				p = close + 1;
			}
		} else {
			rt_buf_addch(out, *p++);
		}
	}
	return 0;
}

int cli_cmd_search(int argc, char **argv)
{
	const char *tool = cli_tool_name(argv[0]);
	const size_t n_opts = RT_ARRAY_LEN(search_opts);
	struct cli_args args;
	struct rt_error err = RT_ERROR_INIT;
	struct rt_repo *repo = NULL;
	struct rt_range *range = NULL;
	char *name_glob = NULL;
	const char *type_s, *fmt, *tool_name, *keyword;
	enum type type = T_AUTO;
	const char *const *fams;
	size_t n_fams;
	const char **matched = NULL;
	size_t n_matched = 0;
	struct result *res = NULL;
	size_t n_res = 0, cap_res = 0;
	int help = 0, rc = RT_EXIT_FAIL, latest, errors_only, validate, one_line;
	long long before = 0, after = 0;
	struct rt_buf out = RT_BUF_INIT;

	if (cli_parse(search_opts, n_opts, argc, argv, &args, &help, usage, &err) < 0) {
		cli_error(tool, "%s", rt_error_msg(&err));
		rt_error_release(&err);
		return RT_EXIT_USAGE;
	}
	if (help) {
		cli_args_release(&args);
		return RT_EXIT_OK;
	}
	type_s = cli_get(search_opts, n_opts, &args, "type")->value;
	if (type_s) {
		if (rt_streq(type_s, "family"))
			type = T_FAMILY;
		else if (rt_streq(type_s, "package"))
			type = T_PACKAGE;
		else if (rt_streq(type_s, "variant"))
			type = T_VARIANT;
		else if (!rt_streq(type_s, "auto")) {
			cli_error(tool, "invalid type '%s' (choose from family, package, variant, auto)",
				  type_s);
			rc = RT_EXIT_USAGE;
			goto out;
		}
	}
	if (args.n_pos > 1) {
		cli_error(tool, "expected at most one PATTERN");
		rc = RT_EXIT_USAGE;
		goto out;
	}
	tool_name = cli_get(search_opts, n_opts, &args, "tool")->value;
	keyword = cli_get(search_opts, n_opts, &args, "keyword")->value;
	fmt = cli_get(search_opts, n_opts, &args, "format")->value;
	latest = cli_get(search_opts, n_opts, &args, "latest")->count > 0;
	errors_only = cli_get(search_opts, n_opts, &args, "errors")->count > 0;
	validate = cli_get(search_opts, n_opts, &args, "validate")->count > 0;
	one_line = cli_get(search_opts, n_opts, &args, "no-newlines")->count > 0;
	if ((cli_get(search_opts, n_opts, &args, "before")->value &&
	     cli_parse_time(cli_get(search_opts, n_opts, &args, "before")->value, &before, &err) < 0) ||
	    (cli_get(search_opts, n_opts, &args, "after")->value &&
	     cli_parse_time(cli_get(search_opts, n_opts, &args, "after")->value, &after, &err) < 0)) {
		cli_error(tool, "%s", rt_error_msg(&err));
		rt_error_release(&err);
		rc = RT_EXIT_USAGE;
		goto out;
	}

	/* PATTERN = name glob, then optionally a range after '-' (or starting with = < >). */
	{
		const char *pat = args.n_pos ? args.pos[0] : "*";
		size_t n = strcspn(pat, "-@#=<>");
		name_glob = rt_xmemdupz(pat, n);
		if (!*name_glob) {
			free(name_glob);
			name_glob = rt_xstrdup("*");
		}
		if (pat[n]) {
			const char *rs = strchr("-@#", pat[n]) ? pat + n + 1 : pat + n;
			range = rt_range_parse(rs, &err);
			if (!range)
				goto fail;
		}
	}

	repo = cli_open_repo(cli_get(search_opts, n_opts, &args, "paths")->value,
			     cli_get(search_opts, n_opts, &args, "no-local")->count > 0, &err);
	if (!repo || rt_repo_families(repo, &fams, &n_fams, &err) < 0)
		goto fail;
	if (cli_get(search_opts, n_opts, &args, "verbose")->count)
		cli_print_repo_paths(repo, stderr);
	matched = rt_xcalloc(n_fams ? n_fams : 1, sizeof(*matched));
	for (size_t i = 0; i < n_fams; i++)
		if (fnmatch(name_glob, fams[i], 0) == 0)
			matched[n_matched++] = fams[i];
	/* --latest and --format are about packages: a family has neither (Rez lists families
	 * and ignores them when no pattern is given) */
	if (type == T_AUTO)
		type = (range || n_matched == 1 || latest || fmt) ? T_PACKAGE : T_FAMILY;
	if ((errors_only || before || after || tool_name || keyword) && type == T_FAMILY)
		type = T_PACKAGE;     /* errors, release times, tools and descriptions belong to packages */

	for (size_t i = 0; i < n_matched; i++) {
		const struct rt_repo_entry *const *es;
		size_t n;
		if (type == T_FAMILY) {
			struct result r = { NULL, -1, NULL };
			/* A family is listed when it has a package in range (any, without one). */
			if (range && !rt_repo_latest(repo, matched[i], range, &err)) {
				if (err.msg)
					goto fail;
				continue;
			}
			res = rt_xgrow(res, sizeof(*res), n_res + 1, &cap_res);
			res[n_res] = r;
			res[n_res++].error = rt_xstrdup(matched[i]);   /* family name */
			continue;
		}
		if (rt_repo_versions(repo, matched[i], &es, &n, &err) < 0)
			goto fail;
		for (size_t j = n; j-- > 0;) {
			const struct rt_package *p = NULL;
			char *error = NULL;
			if (range && !rt_range_contains(range, es[j]->version))
				continue;
			if (tool_name || keyword) {
				struct rt_error le = RT_ERROR_INIT;
				const struct rt_package *qp = rt_repo_load(repo, es[j], &le);
				int m = qp ? matches_query(qp, es[j], tool_name, keyword, &le) : 0;
				rt_error_release(&le);   /* a package that does not load matches nothing */
				if (m <= 0)
					continue;
			}
			if (before || after) {
				/* An unreleased package (no timestamp) is neither before nor after. */
				struct rt_error le = RT_ERROR_INIT;
				const struct rt_package *tp = rt_repo_load(repo, es[j], &le);
				const struct rt_value *ts = tp ? rt_package_get(tp, "timestamp") : NULL;
				long long t = ts && ts->type == RT_INT ? ts->u.i : 0;
				rt_error_release(&le);
				if (!t || (before && t >= before) || (after && t <= after))
					continue;
			}
			if (type == T_VARIANT || errors_only || validate) {
				struct rt_error le = RT_ERROR_INIT;
				p = rt_repo_load(repo, es[j], &le);
				if (!p)
					error = rt_xstrdup(rt_error_msg(&le));
				rt_error_release(&le);
			}
			if (errors_only && !error)
				goto next;
			if (type == T_VARIANT && p && p->n_variants) {
				for (size_t k = p->n_variants; k-- > 0;) {
					res = rt_xgrow(res, sizeof(*res), n_res + 1, &cap_res);
					res[n_res].e = es[j];
					res[n_res].index = (long)k;
					res[n_res++].error = NULL;
				}
			} else {
				res = rt_xgrow(res, sizeof(*res), n_res + 1, &cap_res);
				res[n_res].e = es[j];
				res[n_res].index = -1;
				res[n_res++].error = error;
				error = NULL;
			}
			free(error);
next:
			if (latest)
				break;
		}
	}
	if (n_res == 0) {
		fprintf(stderr, "No matching %s found.\n",
			type == T_FAMILY ? "package families" : type == T_VARIANT ? "variants" : "packages");
		rc = RT_EXIT_FAIL;
		goto out;
	}

	/* Results were gathered newest first per family: print oldest first. */
	for (size_t i = 0; i < n_res;) {
		size_t j = i;
		while (j < n_res && (type == T_FAMILY || res[j].e->family == res[i].e->family))
			j++;
		if (type != T_FAMILY)
			for (size_t a = i, b = j - 1; a < b; a++, b--) {
				struct result t = res[a];
				res[a] = res[b];
				res[b] = t;
			}
		i = type == T_FAMILY ? n_res : j;
	}
	for (size_t i = 0; i < n_res; i++) {
		const struct result *r = &res[i];
		if (i)
			rt_buf_addch(&out, one_line ? ' ' : '\n');
		if (type == T_FAMILY) {
			rt_buf_adds(&out, r->error);
		} else if (fmt) {
			if (format_result(&out, repo, r, type, fmt, &err) < 0)
				goto fail;
		} else {
			qualified(&out, r, type);
			if (r->error)
				rt_buf_addf(&out, " (%s)", r->error);
		}
	}
	rt_buf_addch(&out, '\n');
	fwrite(out.buf, 1, out.len, stdout);
	rc = RT_EXIT_OK;
	goto out;
fail:
	cli_error(tool, "%s", rt_error_msg(&err));
	rt_error_release(&err);
	rc = RT_EXIT_FAIL;
out:
	for (size_t i = 0; i < n_res; i++)
		free(res[i].error);
	free(res);
	free(matched);
	free(name_glob);
	rt_range_free(range);
	rt_repo_free(repo);
	rt_buf_release(&out);
	rt_error_release(&err);
	cli_args_release(&args);
	return rc;
}
