/* cmd_suite.c - `rez suite`: a directory of saved contexts (contexts/NAME.rxt) and suite.yaml,
 * whose tools are exposed through wrapper scripts in <suite>/bin (Rez's Suite and Wrapper).
 *
 * suite.yaml has Rez's layout (contexts: NAME: {name, priority, prefix_char, tool_aliases,
 * hidden_tools (a !!set), prefix, suffix}), so Rez and rez-lua read each other's suites.
 * Every change rewrites the whole suite into a directory beside it and swaps the two with one
 * rename (RENAME_EXCHANGE), so a killed command leaves the old suite or the new one, never a
 * suite that fails to load; a staging directory left by a killed process is removed by the
 * next save.
 *
 * A wrapper is a /bin/sh script that runs `rez suite ++wrapper "$0" CONTEXT TOOL PREFIX
 * ARGS...` with this rez binary: the tool runs in its context through the context's shell
 * (as Rez's execute_shell), with Rez's `+`-prefixed wrapper options (cli_suite_wrapper). */
#define _GNU_SOURCE   /* renameat2 (RENAME_EXCHANGE) */
#include "cli/activate.h"
#include "cli/cli.h"
#include "cli/ctxinfo.h"
#include "runtime/buf.h"
#include "runtime/build/fsutil.h"
#include "runtime/config.h"
#include "runtime/context.h"
#include "runtime/file.h"
#include "runtime/repo.h"
#include "runtime/shell.h"
#include "runtime/value.h"
#include "runtime/version.h"
#include "runtime/yaml.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <strings.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct cli_opt suite_opts[] = {
	{ 'l', "list", CLI_FLAG, NULL, "list visible suites (those whose bin directory is on PATH)" },
	{ 't', "tools", CLI_FLAG, NULL, "print a list of the executables available in the suite" },
	{ 0, "which", CLI_VALUE, "TOOL", "print path to the tool in the suite, if it exists" },
	{ 0, "validate", CLI_FLAG, NULL, "validate the suite" },
	{ 0, "create", CLI_FLAG, NULL, "create an empty suite at DIR" },
	{ 'c', "context", CLI_VALUE, "NAME", "specify a context name (only used when using a "
	  "context-specific option, such as --add)" },
	{ 'i', "interactive", CLI_FLAG, NULL, "enter an interactive shell in the given context" },
	{ 'a', "add", CLI_VALUE, "RXT", "add a context to the suite" },
	{ 'P', "prefix-char", CLI_VALUE, "CHAR", "set the char used to access rez options via a "
	  "suite tool for the context being added (default: suite_alias_prefix_char, '+'); the "
	  "empty string disables them (only with --add)" },
	{ 'r', "remove", CLI_VALUE, "NAME", "remove a context from the suite" },
	{ 'd', "description", CLI_VALUE, "DESC", "set the description of a context in the suite" },
	{ 'p', "prefix", CLI_VALUE, "PREFIX", "set the prefix of a context in the suite" },
	{ 's', "suffix", CLI_VALUE, "SUFFIX", "set the suffix of a context in the suite" },
	{ 0, "hide", CLI_VALUE, "TOOL", "hide a tool of a context in the suite" },
	{ 0, "unhide", CLI_VALUE, "TOOL", "unhide a tool of a context in the suite" },
	{ 0, "alias", CLI_MULTI, "TOOL ALIAS", "create an alias for a tool in the suite" },
	{ 0, "unalias", CLI_VALUE, "TOOL", "remove an alias for a tool in the suite" },
	{ 'b', "bump", CLI_VALUE, "NAME", "bump a context, making its tools higher priority than "
	  "others" },
	{ 0, "find-request", CLI_VALUE, "PKG", "find the contexts that contain the given package "
	  "in the request" },
	{ 0, "find-resolve", CLI_VALUE, "PKG", "find the contexts that contain the given package "
	  "in the resolve ('!foo': those without foo)" },
	{ 'v', "verbose", CLI_FLAG, NULL, "verbose mode" },
};
#define N_OPTS RT_ARRAY_LEN(suite_opts)
#define OPT(name) cli_get(suite_opts, N_OPTS, &args, name)

static const char usage[] =
	"usage: rez suite [-h] [-l] [-t] [--which TOOL] [--validate] [--create] [-c NAME] [-i]\n"
	"                 [-a RXT] [-P CHAR] [-r NAME] [-d DESC] [-p PREFIX] [-s SUFFIX]\n"
	"                 [--hide TOOL] [--unhide TOOL] [--alias TOOL ALIAS] [--unalias TOOL]\n"
	"                 [-b NAME] [--find-request PKG] [--find-resolve PKG] [-v] [DIR]\n\n"
	"Manage a suite or print information about an existing suite: a directory of saved\n"
	"contexts whose tools are on one PATH entry, DIR/bin.\n";

/* ---- the suite in memory ---- */

struct sctx {
	char *name;
	struct rt_value *aliases;    /* RT_MAP tool -> alias */
	struct rt_value *hidden;     /* RT_LIST of tool names */
	long long priority;
	char *prefix_char;           /* NULL: null (suite_alias_prefix_char applies) */
	char *prefix, *suffix;       /* NULL: not set */
	char *description;           /* NULL: not set */
	struct rt_context *ctx;      /* loaded on demand */
};

struct tool {
	char *alias, *name;
	size_t ctx;                  /* index into suite.c */
	struct rt_buf pkgs;          /* qualified names of the providers, space-separated */
	size_t n_pkgs;               /* >1: in conflict within its context */
};

struct tools {
	struct tool *v;
	size_t n, cap;
};

struct suite {
	char *path;                  /* where it was loaded from (real path), or NULL */
	struct sctx *c;
	size_t n, cap;
	long long next_priority;
	const struct rt_config *cfg;
	int have_tools;
	struct tools visible, hidden, conflicts;
};

static void tools_release(struct tools *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->v[i].alias);
		free(t->v[i].name);
		rt_buf_release(&t->v[i].pkgs);
	}
	free(t->v);
	memset(t, 0, sizeof(*t));
}

static void flush_tools(struct suite *s)
{
	tools_release(&s->visible);
	tools_release(&s->hidden);
	tools_release(&s->conflicts);
	s->have_tools = 0;
}

static void sctx_release(struct sctx *c)
{
	free(c->name);
	rt_value_free(c->aliases);
	rt_value_free(c->hidden);
	free(c->prefix_char);
	free(c->prefix);
	free(c->suffix);
	free(c->description);
	rt_context_free(c->ctx);
}

static void suite_release(struct suite *s)
{
	for (size_t i = 0; i < s->n; i++)
		sctx_release(&s->c[i]);
	free(s->c);
	free(s->path);
	flush_tools(s);
	memset(s, 0, sizeof(*s));
}

static struct sctx *find_ctx(struct suite *s, const char *name, struct rt_error *err)
{
	for (size_t i = 0; i < s->n; i++)
		if (rt_streq(s->c[i].name, name))
			return &s->c[i];
	if (err)
		rt_error(err, "No such context: '%s'", name);
	return NULL;
}

static char *ctx_path(const char *suite_path, const char *name)
{
	return rt_xstrfmt("%s/contexts/%s.rxt", suite_path, name);
}

static const struct rt_context *load_ctx(struct suite *s, struct sctx *c, struct rt_error *err)
{
	char *p;
	if (c->ctx)
		return c->ctx;
	if (!s->path) {
		rt_error(err, "context '%s' is not loaded", c->name);
		return NULL;
	}
	p = ctx_path(s->path, c->name);
	c->ctx = rt_context_load(p, err);
	free(p);
	return c->ctx;
}

/* A context name is a file name in contexts/, a tool alias one in bin/. */
static int check_name(const char *what, const char *name, struct rt_error *err)
{
	if (!*name || rt_streq(name, ".") || rt_streq(name, "..") || strchr(name, '/') ||
	    name[0] == '.')
		return rt_error(err, "invalid %s '%s': it must be a file name (not empty, no '/', "
				"not starting with '.')", what, name);
	return 0;
}

/* ---- suite.yaml ---- */

static int yerr(struct rt_error *err, const char *file, const struct rt_value *v, const char *what)
{
	return rt_error(err, "%s:%d: not a valid suite: %s", file, v ? v->line : 0, what);
}

/* Rez writes hidden_tools as a Python set (`!!set`): a mapping to nulls. rez-lua's YAML
 * reader knows no such tag, so it is dropped from the text (the mapping stays). */
static void drop_set_tags(struct rt_buf *b)
{
	char *p = b->buf;
	while ((p = strstr(p, ": !!set"))) {
		memmove(p + 1, p + 7, b->len - (size_t)(p + 7 - b->buf) + 1);
		b->len -= 6;
		p++;
	}
}

static int str_or_null(const struct rt_value *v, char **out)
{
	*out = NULL;
	if (!v || v->type == RT_NULL)
		return 0;
	if (v->type != RT_STR)
		return -1;
	*out = rt_xstrdup(rt_value_as_str(v));
	return 0;
}

static int suite_load(const char *dir, const struct rt_config *cfg, struct suite *s,
		      struct rt_error *err)
{
	struct rt_buf text = RT_BUF_INIT;
	struct rt_value *doc = NULL;
	const struct rt_value *cs;
	char *file = NULL;
	struct stat st;
	int rc = -1;

	memset(s, 0, sizeof(*s));
	s->cfg = cfg;
	s->next_priority = 1;
	s->path = realpath(dir, NULL);
	if (!s->path)
		return rt_error(err, "cannot open suite '%s': %s", dir, strerror(errno));
	file = rt_xstrfmt("%s/suite.yaml", s->path);
	if (stat(file, &st) < 0 || !S_ISREG(st.st_mode)) {
		rt_error(err, "Not a suite: '%s' (no suite.yaml)", dir);
		goto out;
	}
	if (rt_buf_read_file(&text, file, (size_t)16 << 20) < 0) {
		rt_error(err, "cannot read '%s': %s", file, strerror(errno));
		goto out;
	}
	drop_set_tags(&text);
	doc = rt_yaml_parse(text.buf, text.len, file, err);
	if (!doc)
		goto out;
	cs = doc->type == RT_MAP ? rt_map_get(doc, "contexts") : NULL;
	if (!cs || (cs->type != RT_MAP && cs->type != RT_NULL)) {
		yerr(err, file, cs ? cs : doc, "'contexts' must be a mapping");
		goto out;
	}
	for (size_t i = 0; cs->type == RT_MAP && i < rt_map_len(cs); i++) {
		const struct rt_value *d = rt_map_val(cs, i), *v;
		struct sctx *c;
		if (d->type != RT_MAP) {
			rt_error(err, "%s:%d: not a valid suite: context '%s' must be a mapping", file,
				 d->line, rt_map_key(cs, i));
			goto out;
		}
		s->c = rt_xgrow(s->c, sizeof(*s->c), s->n + 1, &s->cap);
		c = &s->c[s->n++];
		memset(c, 0, sizeof(*c));
		c->name = rt_xstrdup(rt_map_key(cs, i));
		if (check_name("context name", c->name, err) < 0)
			goto out;
		v = rt_map_get(d, "priority");
		if (!v || v->type != RT_INT) {
			yerr(err, file, v ? v : d, "'priority' must be an integer");
			goto out;
		}
		c->priority = v->u.i;
		if (c->priority >= s->next_priority)
			s->next_priority = c->priority + 1;
		if (str_or_null(rt_map_get(d, "prefix_char"), &c->prefix_char) < 0 ||
		    str_or_null(rt_map_get(d, "prefix"), &c->prefix) < 0 ||
		    str_or_null(rt_map_get(d, "suffix"), &c->suffix) < 0 ||
		    str_or_null(rt_map_get(d, "description"), &c->description) < 0) {
			yerr(err, file, d, "'prefix_char', 'prefix', 'suffix' and 'description' must be "
			     "strings");
			goto out;
		}
		c->aliases = rt_value_map();
		v = rt_map_get(d, "tool_aliases");
		for (size_t k = 0; v && v->type == RT_MAP && k < rt_map_len(v); k++) {
			const char *a = rt_value_as_str(rt_map_val(v, k));
			if (!a || check_name("tool alias", a, err) < 0) {
				if (!a)
					yerr(err, file, rt_map_val(v, k), "a tool alias must be a string");
				goto out;
			}
			rt_map_set(c->aliases, rt_map_key(v, k), rt_value_str(a));
		}
		if (v && v->type != RT_MAP && v->type != RT_NULL) {
			yerr(err, file, v, "'tool_aliases' must be a mapping");
			goto out;
		}
		c->hidden = rt_value_list();
		v = rt_map_get(d, "hidden_tools");
		if (v && v->type == RT_MAP) {
			for (size_t k = 0; k < rt_map_len(v); k++)
				rt_list_push(c->hidden, rt_value_str(rt_map_key(v, k)));
		} else if (v && v->type == RT_LIST) {
			for (size_t k = 0; k < rt_list_len(v); k++) {
				const char *t = rt_value_as_str(rt_list_at(v, k));
				if (!t) {
					yerr(err, file, rt_list_at(v, k), "'hidden_tools' must hold tool names");
					goto out;
				}
				rt_list_push(c->hidden, rt_value_str(t));
			}
		} else if (v && v->type != RT_NULL) {
			yerr(err, file, v, "'hidden_tools' must be a set of tool names");
			goto out;
		}
	}
	rc = 0;
out:
	rt_value_free(doc);
	rt_buf_release(&text);
	free(file);
	if (rc < 0)
		suite_release(s);
	return rc;
}

/* A YAML scalar: written through the emitter so quoting is right. */
static void yaml_str(struct rt_buf *out, const char *s)
{
	struct rt_value *v = rt_value_str(s);
	struct rt_buf t = RT_BUF_INIT;
	if (rt_yaml_emit(v, &t, NULL) == 0) {
		while (t.len && t.buf[t.len - 1] == '\n')
			t.buf[--t.len] = '\0';
		if (rt_starts_with(t.buf, "--- "))
			rt_buf_adds(out, t.buf + 4);
		else
			rt_buf_addbuf(out, &t);
	} else {
		rt_buf_add_pyrepr(out, s);
	}
	rt_buf_release(&t);
	rt_value_free(v);
}

static int cmp_cstr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* "    key: value\n" (nothing when value is NULL and !null_ok; "null" when value is NULL). */
static void yaml_field(struct rt_buf *out, const char *key, const char *value, int null_ok)
{
	if (!value && !null_ok)
		return;
	rt_buf_addf(out, "    %s: ", key);
	if (value)
		yaml_str(out, value);
	else
		rt_buf_adds(out, "null");
	rt_buf_addch(out, '\n');
}

/* "    key:" then "      k: v" per entry (v NULL: null), or " {}" when empty; tag before. */
static void yaml_mapping(struct rt_buf *out, const char *key, const char *tag,
			 const struct rt_value *keys_or_map)
{
	int is_map = keys_or_map->type == RT_MAP;
	size_t n = is_map ? rt_map_len(keys_or_map) : rt_list_len(keys_or_map);
	rt_buf_addf(out, "    %s:%s", key, tag);
	if (!n)
		rt_buf_adds(out, " {}");
	for (size_t k = 0; k < n; k++) {
		rt_buf_adds(out, "\n      ");
		yaml_str(out, is_map ? rt_map_key(keys_or_map, k) :
			 rt_value_as_str(rt_list_at(keys_or_map, k)));
		rt_buf_adds(out, ": ");
		if (is_map)
			yaml_str(out, rt_value_as_str(rt_map_val(keys_or_map, k)));
		else
			rt_buf_adds(out, "null");
	}
	rt_buf_addch(out, '\n');
}

/* suite.yaml as Rez writes it (keys sorted, hidden_tools a !!set). */
static void suite_yaml(const struct suite *s, struct rt_buf *out)
{
	const char **names = rt_xcalloc(s->n + 1, sizeof(*names));
	for (size_t i = 0; i < s->n; i++)
		names[i] = s->c[i].name;
	qsort(names, s->n, sizeof(*names), cmp_cstr);
	rt_buf_adds(out, s->n ? "contexts:\n" : "contexts: {}\n");
	for (size_t i = 0; i < s->n; i++) {
		const struct sctx *c = NULL;
		char prio[32];
		for (size_t j = 0; j < s->n; j++)
			if (rt_streq(s->c[j].name, names[i]))
				c = &s->c[j];
		rt_buf_adds(out, "  ");
		yaml_str(out, c->name);
		rt_buf_adds(out, ":\n");
		yaml_field(out, "description", c->description, 0);
		yaml_mapping(out, "hidden_tools", " !!set", c->hidden);
		yaml_field(out, "name", c->name, 0);
		yaml_field(out, "prefix", c->prefix, 0);
		yaml_field(out, "prefix_char", c->prefix_char, 1);
		snprintf(prio, sizeof(prio), "%lld", c->priority);
		rt_buf_addf(out, "    priority: %s\n", prio);
		yaml_field(out, "suffix", c->suffix, 0);
		yaml_mapping(out, "tool_aliases", "", c->aliases);
	}
	free(names);
}

/* ---- tools ---- */

struct ctx_tools_acc {
	const struct rt_context *ctx;
	struct rt_value *out;        /* RT_LIST of [tool, qualified package name] */
};

static int request_names_has(const struct rt_context *ctx, const char *name)
{
	for (size_t i = 0; i < ctx->requests.n; i++) {
		struct rt_request *q = rt_request_parse(ctx->requests.v[i], NULL);
		int hit = q && !rt_request_is_conflict(q) && rt_streq(rt_request_name(q), name);
		rt_request_free(q);
		if (hit)
			return 1;
	}
	return 0;
}

static int on_ctx_tools(void *ud, size_t i, const struct rt_value *v)
{
	struct ctx_tools_acc *a = ud;
	struct rt_buf qn = RT_BUF_INIT;
	/* Rez's get_tools(request_only=True): packages the context asked for by name */
	if (!v || v->type != RT_LIST || !request_names_has(a->ctx, a->ctx->pkgs[i].name))
		return 0;
	rt_context_pkg_qualified_name(&a->ctx->pkgs[i], &qn);
	for (size_t k = 0; k < rt_list_len(v); k++) {
		const char *t = rt_value_as_str(rt_list_at(v, k));
		struct rt_value *row;
		if (!t)
			continue;
		row = rt_value_list();
		rt_list_push(row, rt_value_str(t));
		rt_list_push(row, rt_value_str(qn.buf));
		rt_list_push(a->out, row);
	}
	rt_buf_release(&qn);
	return 0;
}

/* The tools of one context: RT_LIST of [tool, package] (new), or NULL with err set. */
static struct rt_value *context_tools(struct suite *s, struct sctx *c, struct rt_error *err)
{
	struct ctx_tools_acc a;
	const struct rt_context *ctx = load_ctx(s, c, err);
	if (!ctx)
		return NULL;
	a.ctx = ctx;
	a.out = rt_value_list();
	if (cli_context_attr(ctx, s->cfg, "tools", on_ctx_tools, &a, err) < 0) {
		rt_value_free(a.out);
		return NULL;
	}
	return a.out;
}

static struct tool *tools_add(struct tools *t, const char *alias, const char *name, size_t ctx,
			      const char *pkg)
{
	struct tool *e;
	t->v = rt_xgrow(t->v, sizeof(*t->v), t->n + 1, &t->cap);
	e = &t->v[t->n++];
	e->alias = rt_xstrdup(alias);
	e->name = rt_xstrdup(name);
	e->ctx = ctx;
	rt_buf_init(&e->pkgs, 0);
	rt_buf_adds(&e->pkgs, pkg);
	e->n_pkgs = 1;
	return e;
}

static int in_strlist(const struct rt_value *l, const char *s)
{
	for (size_t i = 0; l && i < rt_list_len(l); i++)
		if (rt_streq(rt_value_as_str(rt_list_at(l, i)), s))
			return 1;
	return 0;
}

/* Rez's _update_tools: contexts from the highest priority down; the first context to claim
 * an alias wins, later ones are conflicts; hidden tools are set aside. */
static int update_tools(struct suite *s, struct rt_error *err)
{
	size_t *order;
	if (s->have_tools)
		return 0;
	order = rt_xcalloc(s->n + 1, sizeof(*order));
	for (size_t i = 0; i < s->n; i++)
		order[i] = i;
	for (size_t i = 1; i < s->n; i++)
		for (size_t j = i; j > 0 && s->c[order[j - 1]].priority < s->c[order[j]].priority; j--) {
			size_t t = order[j];
			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	for (size_t oi = 0; oi < s->n; oi++) {
		size_t ci = order[oi];
		struct sctx *c = &s->c[ci];
		struct rt_value *ts = context_tools(s, c, err);
		if (!ts) {
			free(order);
			flush_tools(s);
			return -1;
		}
		for (size_t k = 0; k < rt_list_len(ts); k++) {
			const char *name = rt_value_as_str(rt_list_at(rt_list_at(ts, k), 0));
			const char *pkg = rt_value_as_str(rt_list_at(rt_list_at(ts, k), 1));
			const struct rt_value *av = rt_map_get(c->aliases, name);
			char *alias = av ? rt_xstrdup(rt_value_as_str(av)) :
				rt_xstrfmt("%s%s%s", c->prefix ? c->prefix : "", name,
					   c->suffix ? c->suffix : "");
			struct tool *ex = NULL;
			if (in_strlist(c->hidden, name)) {
				tools_add(&s->hidden, alias, name, ci, pkg);
				free(alias);
				continue;
			}
			for (size_t j = 0; j < s->visible.n; j++)
				if (rt_streq(s->visible.v[j].alias, alias))
					ex = &s->visible.v[j];
			if (ex && ex->ctx == ci) {
				rt_buf_addf(&ex->pkgs, " %s", pkg);
				ex->n_pkgs++;
			} else if (ex) {
				tools_add(&s->conflicts, alias, name, ci, pkg);
			} else {
				tools_add(&s->visible, alias, name, ci, pkg);
			}
			free(alias);
		}
		rt_value_free(ts);
	}
	free(order);
	s->have_tools = 1;
	return 0;
}

static int validate_tool(struct suite *s, struct sctx *c, const char *tool, struct rt_error *err)
{
	struct rt_value *ts = context_tools(s, c, err);
	int found = 0;
	if (!ts)
		return -1;
	for (size_t k = 0; k < rt_list_len(ts); k++)
		found |= rt_streq(rt_value_as_str(rt_list_at(rt_list_at(ts, k), 0)), tool);
	rt_value_free(ts);
	if (!found)
		return rt_error(err, "No such tool '%s' in context '%s'", tool, c->name);
	return 0;
}

/* ---- saving ---- */

/* Single-quoted for /bin/sh. */
static void sh_quote(struct rt_buf *out, const char *s)
{
	rt_buf_addch(out, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			rt_buf_adds(out, "'\\''");
		else
			rt_buf_addch(out, *s);
	}
	rt_buf_addch(out, '\'');
}

static int write_wrapper(const char *path, const char *rez, const struct sctx *c,
			 const struct tool *t, struct rt_error *err)
{
	struct rt_buf b = RT_BUF_INIT;
	char *pc = c->prefix_char ? rt_xstrfmt("=%s", c->prefix_char) : rt_xstrdup("null");
	int rc;
	rt_buf_adds(&b, "#!/bin/sh\n# rez-lua suite wrapper: runs tool ");
	sh_quote(&b, t->name);
	rt_buf_adds(&b, " in context ");
	sh_quote(&b, c->name);
	rt_buf_adds(&b, " of the suite above this bin directory\nexec ");
	sh_quote(&b, rez);
	rt_buf_adds(&b, " suite ++wrapper \"$0\" ");
	sh_quote(&b, c->name);
	rt_buf_addch(&b, ' ');
	sh_quote(&b, t->name);
	rt_buf_addch(&b, ' ');
	sh_quote(&b, pc);
	rt_buf_adds(&b, " \"$@\"\n");
	rc = rt_file_write_atomic(path, b.buf, b.len, 0755, RT_FILE_NOSYNC, err);
	rt_buf_release(&b);
	free(pc);
	return rc;
}

/* Staging directories are .NAME.rez-suite-PID beside the suite: one whose process is gone
 * was left by a killed command. */
static void clean_stale(const char *parent, const char *base)
{
	DIR *d = opendir(parent);
	struct dirent *de;
	char *pfx = rt_xstrfmt(".%s.rez-suite-", base);
	while (d && (de = readdir(d))) {
		long pid;
		char *p;
		if (!rt_starts_with(de->d_name, pfx))
			continue;
		pid = strtol(de->d_name + strlen(pfx), NULL, 10);
		if (pid > 0 && (kill((pid_t)pid, 0) == 0 || errno != ESRCH))
			continue;
		p = rt_xstrfmt("%s/%s", parent, de->d_name);
		rt_build_rmtree(p, NULL);
		free(p);
	}
	if (d)
		closedir(d);
	free(pfx);
}

/* Writes the whole suite to `dir`: a new suite (create: dir must not exist) or over the one it
 * was loaded from. Everything is written into a staging directory beside dir, then put in
 * place with one rename. */
static int suite_save(struct suite *s, const char *dir, int create, struct rt_error *err)
{
	char *target = NULL, *parent = NULL, *stage = NULL, *p = NULL, *rez = NULL;
	const char *base, *self = cli_self_dir();
	struct rt_buf y = RT_BUF_INIT;
	int rc = -1;

	if (!self)
		return rt_error(err, "cannot find the rez binary for the wrappers");
	rez = rt_xstrfmt("%s/rez", self);
	if (create) {
		char *cwd = getcwd(NULL, 0);
		struct stat st;
		target = dir[0] == '/' ? rt_xstrdup(dir) : rt_xstrfmt("%s/%s", cwd ? cwd : ".", dir);
		free(cwd);
		while (strlen(target) > 1 && target[strlen(target) - 1] == '/')
			target[strlen(target) - 1] = '\0';
		if (lstat(target, &st) == 0) {
			rt_error(err, "Cannot save, path exists: '%s'", dir);
			goto out;
		}
	} else {
		target = rt_xstrdup(s->path);
	}
	parent = rt_xstrdup(target);
	*strrchr(parent, '/') = '\0';
	if (!*parent) {
		free(parent);
		parent = rt_xstrdup("/");
	}
	{
		struct stat st;
		if (stat(parent, &st) < 0 || !S_ISDIR(st.st_mode)) {
			rt_error(err, "cannot create suite '%s': directory '%s' does not exist", dir, parent);
			goto out;
		}
	}
	base = strrchr(target, '/') + 1;
	if (!*base) {
		rt_error(err, "invalid suite path '%s'", dir);
		goto out;
	}
	clean_stale(parent, base);
	stage = rt_xstrfmt("%s/.%s.rez-suite-%ld", rt_streq(parent, "/") ? "" : parent, base,
			   (long)getpid());
	rt_build_rmtree(stage, NULL);
	p = rt_xstrfmt("%s/contexts", stage);
	if (rt_build_mkdirs(p, err) < 0)
		goto out;
	free(p);
	p = rt_xstrfmt("%s/bin", stage);
	if (rt_build_mkdirs(p, err) < 0)
		goto out;
	free(p);
	p = NULL;
	for (size_t i = 0; i < s->n; i++) {
		struct sctx *c = &s->c[i];
		struct rt_context *ctx;
		if (!load_ctx(s, c, err))
			goto out;
		ctx = c->ctx;
		free(ctx->parent_suite_path);
		free(ctx->suite_context_name);
		ctx->parent_suite_path = rt_xstrdup(target);
		ctx->suite_context_name = rt_xstrdup(c->name);
		p = ctx_path(stage, c->name);
		if (rt_context_save(ctx, p, err) < 0)
			goto out;
		free(p);
		p = NULL;
	}
	if (update_tools(s, err) < 0)
		goto out;
	for (size_t i = 0; i < s->visible.n; i++) {
		const struct tool *t = &s->visible.v[i];
		if (check_name("tool name", t->alias, NULL) < 0) {
			/* a tool named "a/b" cannot be a file in bin/: left out, said once */
			cli_warn("rez-suite", "context '%s': tool '%s' has no wrapper: its name cannot "
				 "be a file name (alias it)", s->c[t->ctx].name, t->alias);
			continue;
		}
		p = rt_xstrfmt("%s/bin/%s", stage, t->alias);
		if (write_wrapper(p, rez, &s->c[t->ctx], t, err) < 0)
			goto out;
		free(p);
		p = NULL;
	}
	suite_yaml(s, &y);
	p = rt_xstrfmt("%s/suite.yaml", stage);
	if (rt_file_write_atomic(p, y.buf, y.len, 0644, 0, err) < 0)
		goto out;
	/* the swap: a reader sees the old suite or the new one */
	if (create) {
		if (rename(stage, target) < 0) {
			rt_error(err, errno == EEXIST || errno == ENOTEMPTY ?
				 "Cannot save, path exists: '%s'" : "cannot create suite '%s': %s", dir,
				 strerror(errno));
			goto out;
		}
	} else {
		if (renameat2(AT_FDCWD, stage, AT_FDCWD, target, RENAME_EXCHANGE) < 0) {
			rt_error(err, "cannot replace suite '%s': %s", target, strerror(errno));
			goto out;
		}
		/* the old suite is now at the staging name */
	}
	if (!create)
		rt_build_rmtree(stage, NULL);
	{
		/* a suite is found again under its new path */
		free(s->path);
		s->path = rt_xstrdup(target);
	}
	rc = 0;
out:
	if (rc < 0 && stage)
		rt_build_rmtree(stage, NULL);
	rt_buf_release(&y);
	free(p);
	free(stage);
	free(parent);
	free(target);
	free(rez);
	return rc;
}

/* ---- printing ---- */

static void print_info(struct suite *s, int verbose, struct rt_error *err, int *failed)
{
	const char **names;
	struct cli_table t = { NULL, 0, 3, 0 };
	char **cells;
	if (!s->n) {
		puts("Suite is empty.");
		return;
	}
	names = rt_xcalloc(s->n + 1, sizeof(*names));
	for (size_t i = 0; i < s->n; i++)
		names[i] = s->c[i].name;
	qsort(names, s->n, sizeof(*names), cmp_cstr);
	printf("Suite contains %zu contexts:\n", s->n);
	if (!verbose) {
		for (size_t i = 0; i < s->n; i++)
			printf("%s%s", i ? " " : "", names[i]);
		putchar('\n');
		free(names);
		return;
	}
	if (update_tools(s, err) < 0) {
		*failed = 1;
		free(names);
		return;
	}
	cells = rt_xcalloc(s->n * 3 + 1, sizeof(*cells));
	{
		const char *h[] = { "NAME", "VISIBLE TOOLS", "PATH" }, *u[] = { "----", "-------------", "----" };
		cli_table_add(&t, h);
		cli_table_add(&t, u);
	}
	for (size_t i = 0; i < s->n; i++) {
		size_t ci = (size_t)(find_ctx(s, names[i], NULL) - s->c), ntools = 0, npk = 0;
		const char *row[3];
		struct rt_value *pk = rt_value_list();
		for (size_t k = 0; k < s->visible.n; k++) {
			if (s->visible.v[k].ctx != ci)
				continue;
			ntools++;
			if (!in_strlist(pk, s->visible.v[k].pkgs.buf)) {
				rt_list_push(pk, rt_value_str(s->visible.v[k].pkgs.buf));
				npk++;
			}
		}
		rt_value_free(pk);
		cells[i * 3] = rt_xstrdup(names[i]);
		cells[i * 3 + 1] = ntools ? rt_xstrfmt("%zu tools from %zu packages", ntools, npk) :
			rt_xstrdup("no tools");
		cells[i * 3 + 2] = s->path ? ctx_path(s->path, names[i]) : rt_xstrdup("-");
		row[0] = cells[i * 3];
		row[1] = cells[i * 3 + 1];
		row[2] = cells[i * 3 + 2];
		cli_table_add(&t, row);
	}
	putchar('\n');
	cli_table_print(&t, stdout);
	cli_table_release(&t);
	for (size_t i = 0; i < s->n * 3; i++)
		free(cells[i]);
	free(cells);
	free(names);
}

static int cmp_tool(const void *a, const void *b)
{
	const struct tool *x = *(const struct tool *const *)a, *y = *(const struct tool *const *)b;
	return strcasecmp(x->alias, y->alias);
}

/* Rez's print_tools: per context (sorted), its tools by alias; -v adds hidden tools and
 * those another context's tool shadows. */
static int print_tools(struct suite *s, const char *only, int verbose, struct rt_error *err)
{
	const char **names;
	struct cli_table t = { NULL, 0, 5, 0 };
	struct rt_value *keep = rt_value_list();
	size_t nn = 0, rows = 0;
	if (only && !find_ctx(s, only, err)) {
		rt_value_free(keep);
		return -1;
	}
	if (update_tools(s, err) < 0) {
		rt_value_free(keep);
		return -1;
	}
	names = rt_xcalloc(s->n + 1, sizeof(*names));
	for (size_t i = 0; i < s->n; i++)
		if (!only || rt_streq(s->c[i].name, only))
			names[nn++] = s->c[i].name;
	qsort(names, nn, sizeof(*names), cmp_cstr);
	{
		const char *h[] = { "TOOL", "ALIASING", "PACKAGE", "CONTEXT", "" };
		const char *u[] = { "----", "--------", "-------", "-------", "" };
		cli_table_add(&t, h);
		cli_table_add(&t, u);
	}
	for (size_t i = 0; i < nn; i++) {
		size_t ci = (size_t)(find_ctx(s, names[i], NULL) - s->c), ne = 0;
		const struct tool **es = rt_xcalloc(s->visible.n + s->hidden.n + s->conflicts.n + 1,
						    sizeof(*es));
		const char *marks[3] = { NULL, "(hidden)", "(not visible)" };
		int *kind = rt_xcalloc(s->visible.n + s->hidden.n + s->conflicts.n + 1, sizeof(*kind));
		const struct tools *lists[3] = { &s->visible, &s->hidden, &s->conflicts };
		for (int l = 0; l < (verbose ? 3 : 1); l++)
			for (size_t k = 0; k < lists[l]->n; k++)
				if (lists[l]->v[k].ctx == ci)
					es[ne++] = &lists[l]->v[k];
		if (ne) {
			/* stable sort by alias, keeping which list each came from */
			for (size_t a = 0; a < ne; a++) {
				for (int l = 0; l < 3; l++)
					if (es[a] >= lists[l]->v && es[a] < lists[l]->v + lists[l]->n)
						kind[a] = l;
			}
			for (size_t a = 1; a < ne; a++)
				for (size_t b = a; b > 0 && cmp_tool(&es[b - 1], &es[b]) > 0; b--) {
					const struct tool *tt = es[b];
					int tk = kind[b];
					es[b] = es[b - 1];
					kind[b] = kind[b - 1];
					es[b - 1] = tt;
					kind[b - 1] = tk;
				}
			if (rows) {
				const char *blank[] = { "", "", "", "", "" };
				cli_table_add(&t, blank);
			}
			for (size_t a = 0; a < ne; a++) {
				const struct tool *e = es[a];
				const char *row[5];
				struct rt_buf pk = RT_BUF_INIT, msg = RT_BUF_INIT;
				if (e->n_pkgs > 1) {
					rt_buf_adds(&msg, "(in conflict)");
					if (verbose) {
						for (const char *c = e->pkgs.buf; *c; c++)
							rt_buf_adds(&pk, *c == ' ' ? ", " : (char[2]){ *c, 0 });
					} else {
						rt_buf_add(&pk, e->pkgs.buf, strcspn(e->pkgs.buf, " "));
						rt_buf_addf(&pk, " (+%zu more)", e->n_pkgs - 1);
					}
				} else {
					rt_buf_addbuf(&pk, &e->pkgs);
				}
				if (!rt_streq(e->name, e->alias))
					rt_buf_adds(&msg, msg.len ? " (aliased)" : "(aliased)");
				if (marks[kind[a]]) {
					rt_buf_reset(&msg);
					rt_buf_adds(&msg, marks[kind[a]]);
				}
				rt_list_push(keep, rt_value_str(pk.buf));
				rt_list_push(keep, rt_value_str(msg.buf));
				row[0] = e->alias;
				row[1] = rt_streq(e->name, e->alias) ? "-" : e->name;
				row[2] = rt_value_as_str(rt_list_at(keep, rt_list_len(keep) - 2));
				row[3] = s->c[ci].name;
				row[4] = rt_value_as_str(rt_list_at(keep, rt_list_len(keep) - 1));
				cli_table_add(&t, row);
				rows++;
				rt_buf_release(&pk);
				rt_buf_release(&msg);
			}
		}
		free(es);
		free(kind);
	}
	if (rows)
		cli_table_print(&t, stdout);
	else
		puts("No tools available.");
	cli_table_release(&t);
	rt_value_free(keep);
	free(names);
	return 0;
}

/* ---- the wrappers ---- */

/* Runs this rez binary with argv (`rez env ...`, `rez context ...`) and returns its status. */
static int run_self(char *const *argv, size_t n)
{
	const char *self = cli_self_dir();
	char *exe, **av;
	if (!self) {
		cli_error("rez-suite", "cannot find the rez binary");
		return RT_EXIT_FAIL;
	}
	exe = rt_xstrfmt("%s/rez", self);
	av = rt_xcalloc(n + 2, sizeof(*av));
	av[0] = exe;
	for (size_t i = 0; i < n; i++)
		av[i + 1] = argv[i];
	fflush(stdout);
	execv(exe, av);
	cli_error("rez-suite", "cannot run '%s': %s", exe, strerror(errno));
	free(av);
	free(exe);
	return RT_EXIT_FAIL;
}

struct wopts {
	int about, interactive, versions, stdin_, strict, no_local, peek, verbose, quiet, help;
	int patch;                   /* ++patch given */
	struct rt_strlist patch_reqs;
	struct rt_strlist command;   /* ++command words */
	int has_command;
	struct rt_strlist tool_args;
};

struct wopt {
	char short_name;
	const char *names;           /* long names, '|'-separated */
	int kind;                    /* 0 flag, 1 count, 2 nargs '*', 3 nargs '+' */
	const char *help;
};

static const struct wopt wrapper_opts[] = {
	{ 'h', "help", 0, "show this help message and exit" },
	{ 'a', "about", 0, "print information about the tool" },
	{ 'i', "interactive", 0, "launch an interactive shell within the tool's configured environment" },
	{ 'p', "patch", 2, "run the tool in a patched environment" },
	{ 0, "versions", 0, "list versions of package providing this tool" },
	{ 0, "command", 3, "read commands from string, rather than executing the tool" },
	{ 0, "stdin", 0, "read commands from standard input, rather than executing the tool" },
	{ 0, "strict", 0, "strict patching. Ignored if ++patch is not present" },
	{ 0, "nl|no-local", 0, "don't load local packages when patching" },
	{ 0, "peek", 0, "diff against the tool's context and a re-resolved copy - this shows how "
	  "'stale' the context is" },
	{ 0, "verbose", 1, "verbose mode, repeat for more verbosity" },
	{ 0, "quiet", 0, "hide welcome message when entering interactive mode" },
	{ 0, "no-rez-args", 0, "pass all args to the tool, even if they start with the prefix char" },
};

static void wrapper_usage(FILE *f, const char *tool, char pc, int full)
{
	fprintf(f, "usage: %s [%ch] [%ca] [%ci] [%cp [PKG ...]] [%c%cversions] [%c%ccommand COMMAND "
		"[ARG ...]] [%c%cstdin] [%c%cstrict] [%c%cnl] [%c%cpeek] [%c%cverbose] [%c%cquiet] "
		"[%c%cno-rez-args]\n", tool, pc, pc, pc, pc, pc, pc, pc, pc, pc, pc, pc, pc, pc, pc, pc,
		pc, pc, pc, pc, pc, pc, pc);
	if (!full)
		return;
	fprintf(f, "\noptions:\n");
	for (size_t i = 0; i < RT_ARRAY_LEN(wrapper_opts); i++) {
		const struct wopt *o = &wrapper_opts[i];
		struct rt_buf n = RT_BUF_INIT;
		if (o->short_name)
			rt_buf_addf(&n, "%c%c, ", pc, o->short_name);
		for (const char *p = o->names; *p; ) {
			size_t k = strcspn(p, "|");
			rt_buf_addf(&n, "%c%c%.*s", pc, pc, (int)k, p);
			p += k;
			if (*p) {
				p++;
				rt_buf_adds(&n, ", ");
			}
		}
		fprintf(f, "  %-24s %s\n", n.buf, o->help);
		rt_buf_release(&n);
	}
}

/* The option `arg` names (without its prefix chars): exact long name, else a unique
 * prefix of one (argparse's abbreviations). -1: none; -2: ambiguous. */
static int match_long(const char *name, size_t len)
{
	int found = -1;
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < RT_ARRAY_LEN(wrapper_opts); i++)
			for (const char *p = wrapper_opts[i].names; *p; ) {
				size_t k = strcspn(p, "|");
				if (pass == 0 ? (k == len && !memcmp(p, name, len)) :
				    (k > len && !memcmp(p, name, len))) {
					if (pass == 0)
						return (int)i;
					if (found >= 0 && found != (int)i)
						return -2;
					found = (int)i;
				}
				p += k;
				if (*p)
					p++;
			}
	}
	return found;
}

/* Is `a` option-like for the wrapper's parser (argparse: starts with the prefix char and is
 * not just that char, and has no space unless it names an option)? */
static int optionlike(const char *a, char pc)
{
	return a[0] == pc && a[1] && !strchr(a, ' ');
}

/* Rez's wrapper parser (argparse.parse_known_args with prefix_chars = pc): our options are
 * taken from anywhere before a "--"; everything else goes to the tool, in order. Returns 0,
 * or 2 after printing a usage error. */
static int parse_wrapper_args(const char *tool, char pc, int argc, char **argv, struct wopts *w)
{
	int i;
	for (i = 0; i < argc; i++) {
		const char *a = argv[i];
		int oi = -1;
		const char *val = NULL;
		if (rt_streq(a, "--")) {
			for (; i < argc; i++)
				rt_strlist_push(&w->tool_args, argv[i]);
			break;
		}
		if (!optionlike(a, pc)) {
			rt_strlist_push(&w->tool_args, a);
			continue;
		}
		if (a[1] == pc) {
			const char *nm = a + 2, *eq = strchr(nm, '=');
			size_t len = eq ? (size_t)(eq - nm) : strlen(nm);
			oi = len ? match_long(nm, len) : -1;
			if (oi == -2) {
				wrapper_usage(stderr, tool, pc, 0);
				fprintf(stderr, "%s: error: ambiguous option: %s\n", tool, a);
				return 2;
			}
			if (oi < 0) {
				rt_strlist_push(&w->tool_args, a);
				continue;
			}
			val = eq ? eq + 1 : NULL;
		} else {
			for (size_t k = 0; k < RT_ARRAY_LEN(wrapper_opts); k++)
				if (wrapper_opts[k].short_name == a[1])
					oi = (int)k;
			if (oi < 0) {
				rt_strlist_push(&w->tool_args, a);
				continue;
			}
			if (a[2]) {
				/* +ai: flags given together, as argparse allows */
				for (const char *c = a + 2; *c; c++) {
					int ok = 0;
					for (size_t k = 0; k < RT_ARRAY_LEN(wrapper_opts); k++)
						ok |= wrapper_opts[k].short_name == *c && wrapper_opts[k].kind == 0;
					if (!ok || wrapper_opts[oi].kind != 0) {
						wrapper_usage(stderr, tool, pc, 0);
						fprintf(stderr, "%s: error: argument %c%c: ignored explicit argument "
							"'%s'\n", tool, pc, a[1], a + 2);
						return 2;
					}
				}
			}
		}
		if (val && wrapper_opts[oi].kind < 2) {
			wrapper_usage(stderr, tool, pc, 0);
			fprintf(stderr, "%s: error: argument %c%c%s: ignored explicit argument '%s'\n",
				tool, pc, pc, wrapper_opts[oi].names, val);
			return 2;
		}
		for (const char *c = a[1] == pc ? "" : a + 1; ; c++) {
			const char *nm = wrapper_opts[oi].names;
			if (rt_starts_with(nm, "help")) w->help = 1;
			else if (rt_streq(nm, "about")) w->about = 1;
			else if (rt_streq(nm, "interactive")) w->interactive = 1;
			else if (rt_streq(nm, "versions")) w->versions = 1;
			else if (rt_streq(nm, "stdin")) w->stdin_ = 1;
			else if (rt_streq(nm, "strict")) w->strict = 1;
			else if (rt_streq(nm, "nl|no-local")) w->no_local = 1;
			else if (rt_streq(nm, "peek")) w->peek = 1;
			else if (rt_streq(nm, "verbose")) w->verbose++;
			else if (rt_streq(nm, "quiet")) w->quiet = 1;
			else if (rt_streq(nm, "no-rez-args")) {
				/* everything else goes to the tool, this one word excepted */
				struct wopts fresh;
				memset(&fresh, 0, sizeof(fresh));
				rt_strlist_release(&w->tool_args);
				rt_strlist_release(&w->patch_reqs);
				rt_strlist_release(&w->command);
				*w = fresh;
				for (int k = 0; k < argc; k++)
					if (k != i)
						rt_strlist_push(&w->tool_args, argv[k]);
				return 0;
			} else if (rt_streq(nm, "patch") || rt_streq(nm, "command")) {
				struct rt_strlist *dst = nm[0] == 'p' ? &w->patch_reqs : &w->command;
				if (nm[0] == 'p') {
					w->patch = 1;
					rt_strlist_release(dst);
				} else {
					w->has_command = 1;
					rt_strlist_release(dst);
				}
				if (val)
					rt_strlist_push(dst, val);
				while (i + 1 < argc && !rt_streq(argv[i + 1], "--") && !optionlike(argv[i + 1], pc))
					rt_strlist_push(dst, argv[++i]);
				if (nm[0] == 'c' && !dst->n) {
					wrapper_usage(stderr, tool, pc, 0);
					fprintf(stderr, "%s: error: argument %c%ccommand: expected at least one "
						"argument\n", tool, pc, pc);
					return 2;
				}
			}
			if (!*c || !c[1])
				break;
			for (size_t k = 0; k < RT_ARRAY_LEN(wrapper_opts); k++)
				if (wrapper_opts[k].short_name == c[1])
					oi = (int)k;
		}
	}
	return 0;
}

static void wopts_release(struct wopts *w)
{
	rt_strlist_release(&w->patch_reqs);
	rt_strlist_release(&w->command);
	rt_strlist_release(&w->tool_args);
}

struct which_acc {
	const char *tool;
	struct rt_strlist pkgs;      /* qualified names of the packages providing it */
	struct rt_strlist names;     /* their family names */
	const struct rt_context *ctx;
};

static int on_which(void *ud, size_t i, const struct rt_value *v)
{
	struct which_acc *a = ud;
	if (!v || v->type != RT_LIST)
		return 0;
	for (size_t k = 0; k < rt_list_len(v); k++)
		if (rt_value_as_str(rt_list_at(v, k)) && rt_streq(rt_value_as_str(rt_list_at(v, k)), a->tool)) {
			struct rt_buf q = RT_BUF_INIT;
			rt_context_pkg_qualified_name(&a->ctx->pkgs[i], &q);
			rt_strlist_push(&a->pkgs, q.buf);
			rt_strlist_push(&a->names, a->ctx->pkgs[i].name);
			rt_buf_release(&q);
			break;
		}
	return 0;
}

static void print_conflicting(const struct which_acc *a)
{
	printf("Packages (in conflict):");
	for (size_t i = 0; i < a->pkgs.n; i++)
		printf(" %s", a->pkgs.v[i]);
	putchar('\n');
}

/* ++versions: every version of the family providing the tool, the context's marked. */
static int print_versions(const struct rt_context *ctx, const struct rt_config *cfg,
			  const struct which_acc *a, struct rt_error *err)
{
	struct rt_value *paths;
	struct rt_repo *repo;
	const struct rt_repo_entry *const *es;
	const char *local = rt_config_str(cfg, "local_packages_path");
	const char *mine = NULL;
	struct cli_table t = { NULL, 0, 3, 0 };
	struct rt_value *keep = rt_value_list();
	size_t n = 0;
	if (a->pkgs.n > 1) {
		print_conflicting(a);
		rt_value_free(keep);
		return 1;
	}
	if (!a->pkgs.n) {
		rt_value_free(keep);
		return 0;
	}
	for (size_t i = 0; i < ctx->n_pkgs; i++)
		if (rt_streq(ctx->pkgs[i].name, a->names.v[0]))
			mine = ctx->pkgs[i].version;
	paths = rt_value_list();
	for (size_t i = 0; i < ctx->package_paths.n; i++)
		rt_list_push(paths, rt_value_str(ctx->package_paths.v[i]));
	repo = cli_repo_open(cfg, paths, 0, err);
	rt_value_free(paths);
	if (!repo || rt_repo_versions(repo, a->names.v[0], &es, &n, err) < 0) {
		if (repo)
			rt_repo_free(repo);
		rt_value_free(keep);
		return -1;
	}
	for (size_t i = n; i-- > 0; ) {
		const char *vs = rt_version_str(es[i]->version);
		int is_local = local && rt_streq(es[i]->repo_path, local);
		const char *row[3];
		rt_list_push(keep, rt_value_str_take(rt_xstrfmt("%s %s%s%s", mine && rt_streq(vs, mine) ?
			"*" : " ", a->names.v[0], *vs ? "-" : "", vs)));
		row[0] = rt_value_as_str(rt_list_at(keep, rt_list_len(keep) - 1));
		row[1] = es[i]->dir;
		row[2] = is_local ? "(local)" : "";
		cli_table_add(&t, row);
	}
	cli_table_print(&t, stdout);
	cli_table_release(&t);
	rt_value_free(keep);
	rt_repo_free(repo);
	return 0;
}

/* os.path.dirname, with "." for "" */
static char *dir_of(const char *p)
{
	const char *slash = strrchr(p, '/');
	if (!slash)
		return rt_xstrdup(".");
	if (slash == p)
		return rt_xstrdup("/");
	return rt_xmemdupz(p, (size_t)(slash - p));
}

/* `rez suite ++wrapper SCRIPT CONTEXT TOOL PREFIX ARGS...`: what a wrapper runs. */
static int run_wrapper(int argc, char **argv)
{
	const char *tool_tag = "rez-suite";
	struct rt_error err = RT_ERROR_INIT;
	struct rt_config *cfg = NULL;
	struct rt_context *ctx = NULL;
	struct wopts w;
	struct rt_buf cmd = RT_BUF_INIT;
	char *suite = NULL, *rxt = NULL, *script;
	const char *cname, *tname, *pcs;
	int rc = RT_EXIT_FAIL;

	memset(&w, 0, sizeof(w));
	if (argc < 6) {
		cli_error(tool_tag, "++wrapper: expected SCRIPT CONTEXT TOOL PREFIX_CHAR [ARGS...]");
		return RT_EXIT_USAGE;
	}
	script = argv[2];
	cname = argv[3];
	tname = argv[4];
	pcs = argv[5];
	{
		/* the suite is the directory above the wrapper's bin/ (os.path.dirname twice) */
		char *bin = dir_of(script), *abs;
		suite = dir_of(bin);
		free(bin);
		abs = realpath(suite, NULL);
		if (abs) {
			free(suite);
			suite = abs;
		}
	}
	cfg = cli_load_config(tool_tag);
	if (!cfg)
		goto out;
	if (rt_streq(pcs, "null"))
		pcs = rt_config_str(cfg, "suite_alias_prefix_char");
	else if (pcs[0] == '=')
		pcs++;
	rxt = ctx_path(suite, cname);
	ctx = rt_context_load(rxt, &err);
	if (!ctx) {
		cli_error(tname, "%s", rt_error_msg(&err));
		goto out;
	}
	if (pcs && *pcs) {
		int prc = parse_wrapper_args(tname, pcs[0], argc - 6, argv + 6, &w);
		if (prc) {
			rc = prc;
			goto out;
		}
	} else {
		for (int i = 6; i < argc; i++)
			rt_strlist_push(&w.tool_args, argv[i]);
	}
	if (w.help) {
		wrapper_usage(stdout, tname, pcs[0], 1);
		rc = RT_EXIT_OK;
		goto out;
	}
	if (w.about || w.versions) {
		struct which_acc a;
		memset(&a, 0, sizeof(a));
		a.tool = tname;
		a.ctx = ctx;
		if (cli_context_attr(ctx, cfg, "tools", on_which, &a, &err) < 0) {
			cli_error(tname, "%s", rt_error_msg(&err));
		} else if (w.about) {
			printf("Tool:     %s\n", tname);
			printf("Path:     %s/bin/%s\n", suite, tname);
			printf("Suite:    %s\n", suite);
			printf("Context:  %s ('%s')\n", rxt, cname);
			if (a.pkgs.n > 1)
				print_conflicting(&a);
			else if (a.pkgs.n)
				printf("Package:  %s\n", a.pkgs.v[0]);
			rc = RT_EXIT_OK;
		} else {
			int vr = print_versions(ctx, cfg, &a, &err);
			if (vr < 0)
				cli_error(tname, "%s", rt_error_msg(&err));
			rc = vr < 0 ? RT_EXIT_FAIL : vr;
		}
		rt_strlist_release(&a.pkgs);
		rt_strlist_release(&a.names);
		goto out;
	}
	if (w.peek) {
		/* a fresh resolve of the same request, compared: `rez context --fetch` */
		char *av[] = { (char *)"context", (char *)"--fetch", rxt };
		rc = run_self(av, 3);
		goto out;
	}
	if (w.patch) {
		/* the patched resolve is `rez env --input RXT --patch`'s */
		struct rt_strlist av = { NULL, 0, 0 };
		rt_strlist_push(&av, "env");
		rt_strlist_push(&av, "--input");
		rt_strlist_push(&av, rxt);
		rt_strlist_push(&av, "--patch");
		if (w.strict)
			rt_strlist_push(&av, "--strict");
		if (w.no_local)
			rt_strlist_push(&av, "--no-local");
		if (w.quiet || !w.interactive)
			rt_strlist_push(&av, "--quiet");
		for (int v = 0; v < w.verbose; v++)
			rt_strlist_push(&av, "-v");
		if (w.stdin_)
			rt_strlist_push(&av, "--stdin");
		for (size_t i = 0; i < w.patch_reqs.n; i++)
			rt_strlist_push(&av, w.patch_reqs.v[i]);
		if (w.has_command || !w.interactive) {
			rt_strlist_push(&av, "--");
			if (w.has_command) {
				for (size_t i = 0; i < w.command.n; i++)
					rt_strlist_push(&av, w.command.v[i]);
			} else {
				rt_strlist_push(&av, tname);
				for (size_t i = 0; i < w.tool_args.n; i++)
					rt_strlist_push(&av, w.tool_args.v[i]);
			}
		}
		rc = run_self(av.v, av.n);
		rt_strlist_release(&av);
		goto out;
	}
	{
		const struct rt_shell *sh = cli_pick_shell(cfg, NULL, &err);
		struct cli_shell_run r;
		if (!sh) {
			cli_error(tname, "%s", rt_error_msg(&err));
			goto out;
		}
		memset(&r, 0, sizeof(r));
		r.shell = sh;
		if (w.stdin_) {
			/* as Rez: only when something is waiting on stdin */
			fd_set fds;
			struct timeval tv = { 0, 0 };
			FD_ZERO(&fds);
			FD_SET(0, &fds);
			if (select(1, &fds, NULL, NULL, &tv) <= 0)
				w.stdin_ = 0;
		}
		if (w.has_command) {
			if (rt_shell_join(sh, (const char *const *)w.command.v, w.command.n, &cmd, &err) < 0) {
				cli_error(tname, "%s", rt_error_msg(&err));
				goto out;
			}
			r.command = cmd.buf;
		} else if (!w.interactive && !w.stdin_) {
			const char **words = rt_xcalloc(w.tool_args.n + 2, sizeof(*words));
			int jr;
			words[0] = tname;
			for (size_t i = 0; i < w.tool_args.n; i++)
				words[i + 1] = w.tool_args.v[i];
			jr = rt_shell_join(sh, words, w.tool_args.n + 1, &cmd, &err);
			free(words);
			if (jr < 0) {
				cli_error(tname, "%s", rt_error_msg(&err));
				goto out;
			}
			r.command = cmd.buf;
		}
		r.stdin_mode = w.stdin_ && !r.command;
		r.quiet = w.quiet || r.command != NULL;
		if (w.interactive && !r.command) {
			/* the prompt names the context, as Rez's */
			char *key = rt_xstrfmt("plugins.shell.%s.prompt", sh->name);
			if (rt_config_get(cfg, key))
				rt_config_override(cfg, key, rt_value_str_take(rt_xstrfmt("%s>", cname)), NULL);
			free(key);
		}
		rc = cli_shell_run(tname, cfg, ctx, &r, &err);
		if (rc < 0) {
			cli_error(tname, "%s", rt_error_msg(&err));
			rc = RT_EXIT_FAIL;
		}
	}
out:
	wopts_release(&w);
	rt_buf_release(&cmd);
	rt_context_free(ctx);
	if (cfg)
		rt_config_free(cfg);
	rt_error_release(&err);
	free(suite);
	free(rxt);
	return rc;
}

/* ---- the command ---- */

static int find_contexts(struct suite *s, const char *in_request, const char *in_resolve,
			 struct rt_error *err)
{
	struct rt_request *rq = NULL;
	const char **names = rt_xcalloc(s->n + 1, sizeof(*names));
	size_t nn = 0;
	if (in_resolve) {
		rq = rt_request_parse(in_resolve, err);
		if (!rq) {
			free(names);
			return -1;
		}
	}
	for (size_t i = 0; i < s->n; i++) {
		const struct rt_context *ctx = load_ctx(s, &s->c[i], err);
		int keep = 1;
		if (!ctx) {
			free(names);
			rt_request_free(rq);
			return -1;
		}
		if (in_request)
			keep = request_names_has(ctx, in_request);
		if (keep && rq) {
			const struct rt_context_pkg *p = NULL;
			for (size_t k = 0; k < ctx->n_pkgs; k++)
				if (rt_streq(ctx->pkgs[k].name, rt_request_name(rq)))
					p = &ctx->pkgs[k];
			if (p) {
				struct rt_version *v = rt_version_parse(p->version, NULL);
				const struct rt_range *r = rt_request_range(rq);
				int overlap = v && (!r || rt_range_contains(r, v));
				rt_version_free(v);
				keep = rt_request_is_conflict(rq) ? !overlap : overlap;
			} else {
				keep = rt_request_is_conflict(rq);
			}
		}
		if (keep)
			names[nn++] = s->c[i].name;
	}
	for (size_t i = 0; i < nn; i++)
		printf("%s\n", names[i]);
	free(names);
	rt_request_free(rq);
	return 0;
}

/* `rez suite --list`: suites whose bin directory is on PATH. */
static void list_visible(void)
{
	struct rt_value *v = cli_visible_suites();
	for (size_t i = 0; i < rt_list_len(v); i++)
		printf("%s\n", rt_value_as_str(rt_list_at(v, i)));
	if (!rt_list_len(v))
		puts("No visible suites.");
	rt_value_free(v);
}

int cli_cmd_suite(int argc, char **argv)
{
	const char *tool = cli_tool_name(argv[0]);
	struct cli_args args;
	struct rt_error err = RT_ERROR_INIT;
	struct rt_config *cfg = NULL;
	struct suite s;
	const char *cname, *dir;
	int rc = RT_EXIT_FAIL, save = 0, verbose;
	static const char *const context_needed[] = { "add", "prefix", "suffix", "hide", "unhide",
		"alias", "unalias", "interactive", "description", NULL };

	memset(&s, 0, sizeof(s));
	if (argc >= 2 && rt_streq(argv[1], "++wrapper"))
		return run_wrapper(argc, argv);
	if (cli_parse_args(suite_opts, N_OPTS, argc, argv, &args, usage, tool, &rc))
		return rc;
	verbose = OPT("verbose")->count;
	cname = OPT("context")->value;
	for (const char *const *k = context_needed; *k; k++) {
		const struct cli_optval *v = OPT(*k);
		if ((v->count || v->value || v->n_values) && !cname) {
			cli_error(tool, "--context must be supplied when using --%s", *k);
			rc = RT_EXIT_USAGE;
			goto out;
		}
	}
	if (OPT("alias")->count && OPT("alias")->n_values != 2) {
		cli_error(tool, "--alias needs two values: TOOL ALIAS");
		rc = RT_EXIT_USAGE;
		goto out;
	}
	if (OPT("list")->count) {
		list_visible();
		rc = RT_EXIT_OK;
		goto out;
	}
	if (args.n_pos != 1) {
		cli_error(tool, args.n_pos ? "expected one DIR" : "DIR required.");
		rc = RT_EXIT_USAGE;
		goto out;
	}
	dir = args.pos[0];
	cfg = cli_load_config(tool);
	if (!cfg)
		goto out;
	if (OPT("create")->count) {
		s.cfg = cfg;
		s.next_priority = 1;
		if (verbose)
			printf("create empty suite at '%s'...\n", dir);
		if (suite_save(&s, dir, 1, &err) < 0)
			goto fail;
		rc = RT_EXIT_OK;
		goto out;
	}
	if (suite_load(dir, cfg, &s, &err) < 0)
		goto fail;
	if (OPT("interactive")->count) {
		struct sctx *c = find_ctx(&s, cname, &err);
		struct cli_shell_run r;
		const struct rt_shell *sh;
		if (!c || !load_ctx(&s, c, &err))
			goto fail;
		sh = cli_pick_shell(cfg, NULL, &err);
		if (!sh)
			goto fail;
		memset(&r, 0, sizeof(r));
		r.shell = sh;
		rc = cli_shell_run(tool, cfg, c->ctx, &r, &err);
		if (rc < 0)
			goto fail;
		goto out;
	} else if (OPT("validate")->count) {
		for (size_t i = 0; i < s.n; i++) {
			char *p = ctx_path(s.path, s.c[i].name);
			struct rt_context *ctx = rt_context_load(p, &err);
			free(p);
			if (!ctx || ctx->status != RT_CTX_SOLVED) {
				fprintf(stderr, "The suite is invalid:\nError in context '%s': %s\n",
					s.c[i].name, ctx ? "the context is not a successful resolve" :
					rt_error_msg(&err));
				rt_context_free(ctx);
				goto out;
			}
			rt_context_free(ctx);
		}
		if (update_tools(&s, &err) < 0) {
			fprintf(stderr, "The suite is invalid:\n%s\n", rt_error_msg(&err));
			goto out;
		}
		puts("The suite is valid.");
	} else if (OPT("find-request")->value || OPT("find-resolve")->value) {
		if (find_contexts(&s, OPT("find-request")->value, OPT("find-resolve")->value, &err) < 0)
			goto fail;
	} else if (OPT("tools")->count) {
		if (print_tools(&s, cname, verbose, &err) < 0)
			goto fail;
	} else if (OPT("add")->value) {
		struct rt_context *ctx;
		struct sctx *c;
		if (verbose)
			printf("loading context at '%s'...\n", OPT("add")->value);
		ctx = rt_context_load(OPT("add")->value, &err);
		if (!ctx)
			goto fail;
		if (find_ctx(&s, cname, NULL)) {
			rt_context_free(ctx);
			rt_error(&err, "Context already in suite: '%s'", cname);
			goto fail;
		}
		if (ctx->status != RT_CTX_SOLVED) {
			rt_context_free(ctx);
			rt_error(&err, "Context is not resolved: '%s'", cname);
			goto fail;
		}
		if (check_name("context name", cname, &err) < 0) {
			rt_context_free(ctx);
			goto fail;
		}
		if (verbose)
			printf("adding context '%s'...\n", cname);
		s.c = rt_xgrow(s.c, sizeof(*s.c), s.n + 1, &s.cap);
		c = &s.c[s.n++];
		memset(c, 0, sizeof(*c));
		c->name = rt_xstrdup(cname);
		c->aliases = rt_value_map();
		c->hidden = rt_value_list();
		c->priority = s.next_priority++;
		c->prefix_char = OPT("prefix-char")->value ? rt_xstrdup(OPT("prefix-char")->value) : NULL;
		c->ctx = ctx;
		if (c->prefix_char && strlen(c->prefix_char) > 1) {
			rt_error(&err, "--prefix-char must be one character or empty (got '%s')",
				 c->prefix_char);
			goto fail;
		}
		save = 1;
	} else if (OPT("remove")->value) {
		struct sctx *c = find_ctx(&s, OPT("remove")->value, &err);
		if (!c)
			goto fail;
		if (verbose)
			printf("removing context '%s'...\n", c->name);
		{
			size_t i = (size_t)(c - s.c);
			sctx_release(c);
			memmove(&s.c[i], &s.c[i + 1], (s.n - i - 1) * sizeof(*s.c));
			s.n--;
		}
		save = 1;
	} else if (OPT("bump")->value) {
		struct sctx *c = find_ctx(&s, OPT("bump")->value, &err);
		if (!c)
			goto fail;
		if (verbose)
			printf("bumping context '%s'...\n", c->name);
		c->priority = s.next_priority++;
		save = 1;
	} else if (OPT("prefix")->value || OPT("suffix")->value || OPT("description")->value) {
		struct sctx *c = find_ctx(&s, cname, &err);
		if (!c)
			goto fail;
		if (OPT("prefix")->value) {
			free(c->prefix);
			c->prefix = rt_xstrdup(OPT("prefix")->value);
		} else if (OPT("suffix")->value) {
			free(c->suffix);
			c->suffix = rt_xstrdup(OPT("suffix")->value);
		} else {
			free(c->description);
			c->description = rt_xstrdup(OPT("description")->value);
		}
		save = 1;
	} else if (OPT("hide")->value || OPT("unhide")->value) {
		struct sctx *c = find_ctx(&s, cname, &err);
		const char *t = OPT("hide")->value ? OPT("hide")->value : OPT("unhide")->value;
		if (!c)
			goto fail;
		if (verbose)
			printf("%shiding tool '%s' in context '%s'...\n", OPT("hide")->value ? "" : "un", t,
			       cname);
		if (OPT("hide")->value && !in_strlist(c->hidden, t)) {
			if (validate_tool(&s, c, t, &err) < 0)
				goto fail;
			rt_list_push(c->hidden, rt_value_str(t));
		} else if (!OPT("hide")->value) {
			struct rt_value *nh = rt_value_list();
			for (size_t i = 0; i < rt_list_len(c->hidden); i++)
				if (!rt_streq(rt_value_as_str(rt_list_at(c->hidden, i)), t))
					rt_list_push(nh, rt_value_copy(rt_list_at(c->hidden, i)));
			rt_value_free(c->hidden);
			c->hidden = nh;
		}
		save = 1;
	} else if (OPT("alias")->count) {
		struct sctx *c = find_ctx(&s, cname, &err);
		const char *t = OPT("alias")->values[0], *al = OPT("alias")->values[1];
		const struct rt_value *ex;
		if (!c)
			goto fail;
		ex = rt_map_get(c->aliases, t);
		if (ex) {
			rt_error(&err, "Tool '%s' in context '%s' is already aliased to '%s'", t, cname,
				 rt_value_as_str(ex));
			goto fail;
		}
		if (check_name("tool alias", al, &err) < 0 || validate_tool(&s, c, t, &err) < 0)
			goto fail;
		if (verbose)
			printf("aliasing tool '%s' as '%s' in context '%s'...\n", t, al, cname);
		rt_map_set(c->aliases, t, rt_value_str(al));
		save = 1;
	} else if (OPT("unalias")->value) {
		struct sctx *c = find_ctx(&s, cname, &err);
		if (!c)
			goto fail;
		if (verbose)
			printf("unaliasing tool '%s' in context '%s'...\n", OPT("unalias")->value, cname);
		rt_map_del(c->aliases, OPT("unalias")->value);
		save = 1;
	} else if (OPT("which")->value) {
		if (update_tools(&s, &err) < 0)
			goto fail;
		rc = RT_EXIT_FAIL;
		for (size_t i = 0; i < s.visible.n; i++)
			if (rt_streq(s.visible.v[i].alias, OPT("which")->value)) {
				printf("%s/bin/%s\n", s.path, s.visible.v[i].alias);
				rc = RT_EXIT_OK;
			}
		goto out;
	} else if (cname) {
		struct sctx *c = find_ctx(&s, cname, &err);
		struct cli_ctxinfo_opts io = { verbose, 0, 0, rt_config_str(cfg, "local_packages_path") };
		if (!c || !load_ctx(&s, c, &err))
			goto fail;
		cli_ctxinfo_print(c->ctx, &io, stdout);
	} else {
		int failed = 0;
		print_info(&s, verbose, &err, &failed);
		if (failed)
			goto fail;
	}
	if (save) {
		flush_tools(&s);
		if (verbose)
			printf("saving suite to '%s'...\n", dir);
		if (suite_save(&s, dir, 0, &err) < 0)
			goto fail;
	}
	rc = RT_EXIT_OK;
	goto out;
fail:
	cli_error(tool, "%s", rt_error_msg(&err));
	rc = RT_EXIT_FAIL;
out:
	suite_release(&s);
	if (cfg)
		rt_config_free(cfg);
	rt_error_release(&err);
	cli_args_release(&args);
	return rc;
}
