/* package.c - Rez's package attribute schema over the rt_value data model (see package.h). */
#include "runtime/common.h"
#include "runtime/package.h"
#include "runtime/buf.h"
#include "runtime/value.h"
#include "runtime/version.h"
#include "runtime/sha1.h"

const char *const rt_package_key_order[] = {
	"name", "version", "description", "authors", "tools", "has_plugins", "plugin_for",
	"requires", "build_requires", "private_build_requires", "variants", "commands",
	"pre_commands", "post_commands", "help", "config", "uuid", "timestamp", "release_message",
	"changelog", "vcs", "revision", "previous_version", "previous_revision", NULL
};

static const char *const release_attrs[] = {
	"timestamp", "revision", "changelog", "release_message", "previous_version",
	"previous_revision", "vcs", NULL
};

int rt_package_is_release_attr(const char *attr)
{
	for (const char *const *p = release_attrs; *p; p++)
		if (rt_streq(*p, attr))
			return 1;
	return 0;
}

/* ---- the schema table ---- */

enum kind {
	K_NAME, K_VERSION, K_STR, K_OPT_STR, K_STR_LIST, K_REQ_LIST, K_VARIANTS, K_BOOL,
	K_OPT_BOOL, K_INT, K_MAP, K_HELP, K_TESTS, K_COMMANDS, K_VERSION_STR, K_ANY,
	K_BUILD_COMMAND, K_PREPROCESS
};

struct attr_rule {
	const char *name;
	enum kind kind;
	int late;             /* may be a @late function */
};

static const struct attr_rule schema[] = {
	{ "name", K_NAME, 0 },
	{ "version", K_VERSION, 0 },
	{ "description", K_STR, 0 },
	{ "authors", K_STR_LIST, 0 },
	{ "requires", K_REQ_LIST, 1 },
	{ "build_requires", K_REQ_LIST, 1 },
	{ "private_build_requires", K_REQ_LIST, 1 },
	{ "variants", K_VARIANTS, 0 },
	{ "hashed_variants", K_BOOL, 0 },
	{ "tools", K_STR_LIST, 1 },
	{ "help", K_HELP, 1 },
	{ "has_plugins", K_BOOL, 1 },
	{ "plugin_for", K_STR_LIST, 1 },
	{ "uuid", K_STR, 0 },
	{ "config", K_MAP, 0 },
	{ "relocatable", K_OPT_BOOL, 1 },
	{ "cachable", K_OPT_BOOL, 1 },
	{ "tests", K_TESTS, 1 },
	{ "pre_commands", K_COMMANDS, 0 },
	{ "commands", K_COMMANDS, 0 },
	{ "post_commands", K_COMMANDS, 0 },
	{ "pre_build_commands", K_COMMANDS, 0 },
	{ "pre_test_commands", K_COMMANDS, 0 },
	{ "timestamp", K_INT, 0 },
	{ "revision", K_ANY, 0 },
	{ "previous_revision", K_ANY, 0 },
	{ "changelog", K_STR, 0 },
	{ "release_message", K_OPT_STR, 0 },
	{ "previous_version", K_VERSION_STR, 0 },
	{ "vcs", K_STR, 0 },
	{ "base", K_STR, 0 },
	{ "format_version", K_INT, 0 },
	{ "build_command", K_BUILD_COMMAND, 0 },
	{ "build_system", K_STR, 0 },
	{ "preprocess", K_PREPROCESS, 0 },
	{ "requires_rez_version", K_VERSION_STR, 0 },
};

static const char *const expectation[] = {
	[K_NAME] = "a string",
	[K_VERSION] = "a string",
	[K_STR] = "a string",
	[K_OPT_STR] = "a string or nil",
	[K_STR_LIST] = "a list of strings",
	[K_REQ_LIST] = "a list of strings",
	[K_VARIANTS] = "a list of lists of strings",
	[K_BOOL] = "a boolean",
	[K_OPT_BOOL] = "a boolean or nil",
	[K_INT] = "an integer",
	[K_MAP] = "a table of named values",
	[K_HELP] = "a string or a list of {label, url} string pairs",
	[K_TESTS] = "a table of named tests",
	[K_COMMANDS] = "a function or a string of Lua code",
	[K_VERSION_STR] = "a version string",
	[K_ANY] = "any value",
	[K_BUILD_COMMAND] = "a string, a list of strings or false",
	[K_PREPROCESS] = "a function",
};

static const struct attr_rule *find_rule(const char *name)
{
	for (size_t i = 0; i < RT_ARRAY_LEN(schema); i++)
		if (rt_streq(schema[i].name, name))
			return &schema[i];
	return NULL;
}

/* Type names as a package author thinks of them (Lua and YAML alike). */
static const char *type_name(const struct rt_value *v)
{
	switch (v->type) {
	case RT_NULL: return "nil";
	case RT_BOOL: return "boolean";
	case RT_INT:
	case RT_FLOAT: return "number";
	case RT_STR: return "string";
	case RT_LIST: return "list";
	case RT_MAP: return "table";
	case RT_FUNC: return "function";
	}
	return "?";
}

static int is_str_list(const struct rt_value *v, const struct rt_value **bad)
{
	if (v->type != RT_LIST) {
		*bad = NULL;
		return 0;
	}
	for (size_t i = 0; i < rt_list_len(v); i++)
		if (rt_list_at(v, i)->type != RT_STR) {
			*bad = rt_list_at(v, i);
			return 0;
		}
	return 1;
}

/* "attribute 'x' must be <expectation> (got ...)" where ... names v or the bad element. */
static int type_error(struct rt_error *err, const char *file, const char *attr,
		      const struct rt_value *v, const struct rt_value *bad, const char *what)
{
	int line = v->line > 0 ? v->line : 1;
	if (bad)
		return rt_error(err, "%s:%d: attribute '%s' must be %s (got a list containing a %s)",
				file, line, attr, what, type_name(bad));
	return rt_error(err, "%s:%d: attribute '%s' must be %s (got %s)", file, line, attr, what,
			type_name(v));
}

/* An empty Lua table reads as an empty list; where a map is expected it is one. */
static void empty_list_to_map(struct rt_value *data, const char *attr)
{
	struct rt_value *v = rt_map_get(data, attr);
	if (v && v->type == RT_LIST && rt_list_len(v) == 0) {
		struct rt_value *m = rt_value_map();
		m->line = v->line;
		rt_map_set(data, attr, m);
	}
}

static int check_tests(const char *file, const struct rt_value *v, struct rt_error *err)
{
	const struct rt_value *bad;
	int line = v->line > 0 ? v->line : 1;
	for (size_t i = 0; i < rt_map_len(v); i++) {
		const char *tname = rt_map_key(v, i);
		const struct rt_value *t = rt_map_val(v, i), *x;
		if (t->type == RT_STR || is_str_list(t, &bad))
			continue;
		if (t->type != RT_MAP)
			return rt_error(err, "%s:%d: test '%s' in attribute 'tests' must be a string, a "
					"list of strings or a table with a 'command' (got %s)", file,
					line, tname, type_name(t));
		x = rt_map_get(t, "command");
		if (!x)
			return rt_error(err, "%s:%d: test '%s' in attribute 'tests' has no 'command'",
					file, line, tname);
		if (x->type != RT_STR && !is_str_list(x, &bad))
			return rt_error(err, "%s:%d: 'command' of test '%s' must be a string or a list "
					"of strings (got %s)", file, line, tname, type_name(x));
		x = rt_map_get(t, "requires");
		if (x && !is_str_list(x, &bad))
			return rt_error(err, "%s:%d: 'requires' of test '%s' must be a list of strings "
					"(got %s)", file, line, tname, type_name(bad ? bad : x));
		x = rt_map_get(t, "run_on");
		if (x && x->type != RT_STR && !is_str_list(x, &bad))
			return rt_error(err, "%s:%d: 'run_on' of test '%s' must be a string or a list "
					"of strings (got %s)", file, line, tname, type_name(x));
		x = rt_map_get(t, "on_variants");
		if (x && x->type != RT_BOOL) {
			const struct rt_value *ty = x->type == RT_MAP ? rt_map_get(x, "type") : NULL;
			const struct rt_value *val = x->type == RT_MAP ? rt_map_get(x, "value") : NULL;
			if (!ty || !rt_streq(rt_value_as_str(ty) ? rt_value_as_str(ty) : "", "requires") ||
			    !val || !is_str_list(val, &bad))
				return rt_error(err, "%s:%d: 'on_variants' of test '%s' must be a boolean "
						"or {type = 'requires', value = {...}}", file, line,
						tname);
		}
	}
	return 0;
}

/* Checks one known attribute's value. */
static int check_attr(const char *file, const struct attr_rule *r, const struct rt_value *v,
		      struct rt_error *err)
{
	const struct rt_value *bad = NULL;
	const char *what = expectation[r->kind];

	if (v->type == RT_FUNC) {
		unsigned fl = v->u.fn->flags;
		if (fl & RT_FN_LATE) {
			if (!r->late && r->kind != K_ANY)
				return rt_error(err, "%s:%d: attribute '%s' cannot be a late binding "
						"function", file, v->line > 0 ? v->line : 1, r->name);
			return 0;
		}
		if ((r->kind == K_COMMANDS && (fl & RT_FN_COMMANDS)) ||
		    (r->kind == K_PREPROCESS && (fl & RT_FN_PREPROCESS)))
			return 0;
		return type_error(err, file, r->name, v, NULL, what);
	}
	switch (r->kind) {
	case K_NAME:
	case K_STR:
		if (v->type != RT_STR)
			return type_error(err, file, r->name, v, NULL, what);
		return 0;
	case K_VERSION:
		if (v->type == RT_NULL || (v->type == RT_BOOL && !v->u.b) || v->type == RT_STR)
			return 0;
		return type_error(err, file, r->name, v, NULL, what);
	case K_OPT_STR:
		if (v->type != RT_STR && v->type != RT_NULL)
			return type_error(err, file, r->name, v, NULL, what);
		return 0;
	case K_STR_LIST:
	case K_REQ_LIST:
		if (!is_str_list(v, &bad))
			return type_error(err, file, r->name, v, bad, what);
		return 0;
	case K_VARIANTS:
		if (v->type != RT_LIST)
			return type_error(err, file, r->name, v, NULL, what);
		for (size_t i = 0; i < rt_list_len(v); i++)
			if (!is_str_list(rt_list_at(v, i), &bad))
				return type_error(err, file, r->name, v,
						  bad ? bad : rt_list_at(v, i), what);
		return 0;
	case K_BOOL:
		if (v->type != RT_BOOL)
			return type_error(err, file, r->name, v, NULL, what);
		return 0;
	case K_OPT_BOOL:
		if (v->type != RT_BOOL && v->type != RT_NULL)
			return type_error(err, file, r->name, v, NULL, what);
		return 0;
	case K_INT:
		if (v->type != RT_INT)
			return type_error(err, file, r->name, v, NULL, what);
		return 0;
	case K_MAP:
		if (v->type != RT_MAP)
			return type_error(err, file, r->name, v, NULL, what);
		return 0;
	case K_HELP:
		if (v->type == RT_STR)
			return 0;
		if (v->type != RT_LIST)
			return type_error(err, file, r->name, v, NULL, what);
		for (size_t i = 0; i < rt_list_len(v); i++) {
			const struct rt_value *e = rt_list_at(v, i);
			if (!is_str_list(e, &bad) || rt_list_len(e) != 2)
				return type_error(err, file, r->name, v, bad ? bad : e, what);
		}
		return 0;
	case K_TESTS:
		if (v->type != RT_MAP)
			return type_error(err, file, r->name, v, NULL, what);
		return check_tests(file, v, err);
	case K_COMMANDS:
	case K_PREPROCESS:
		return type_error(err, file, r->name, v, NULL, what);
	case K_VERSION_STR:
		if (v->type != RT_STR) {
			return type_error(err, file, r->name, v, NULL, what);
		} else {
			struct rt_error e = RT_ERROR_INIT;
			struct rt_version *ver = rt_version_parse(v->u.s.ptr, &e);
			if (!ver) {
				rt_error(err, "%s:%d: attribute '%s': %s", file, v->line > 0 ? v->line : 1,
					 r->name, rt_error_msg(&e));
				rt_error_release(&e);
				return -1;
			}
			rt_version_free(ver);
		}
		return 0;
	case K_ANY:
		return 0;
	case K_BUILD_COMMAND:
		if (v->type == RT_STR || (v->type == RT_BOOL && !v->u.b) || is_str_list(v, &bad))
			return 0;
		return type_error(err, file, r->name, v, bad, what);
	}
	return 0;
}

/* ---- normalisation ---- */

/* Rez's textwrap.dedent + strip for description/changelog. */
static char *dedent_strip(const char *s)
{
	struct rt_buf out = RT_BUF_INIT;
	size_t common = (size_t)-1;
	const char *p = s, *start, *end;

	/* The common leading whitespace of all non-blank lines. */
	while (*p) {
		size_t ind = 0;
		while (p[ind] == ' ' || p[ind] == '\t')
			ind++;
		p += ind;
		if (*p && *p != '\n' && ind < common)
			common = ind;
		while (*p && *p != '\n')
			p++;
		if (*p)
			p++;
	}
	if (common == (size_t)-1)
		common = 0;
	for (p = s; *p;) {
		const char *le = strchr(p, '\n');
		size_t len = le ? (size_t)(le - p) : strlen(p), ind = 0;
		while (ind < len && (p[ind] == ' ' || p[ind] == '\t'))
			ind++;
		if (ind < len)   /* non-blank: drop the common indent */
			rt_buf_add(&out, p + common, len - common);
		if (le)
			rt_buf_addch(&out, '\n');
		p += len + (le ? 1 : 0);
	}
	start = out.buf;
	end = out.buf + out.len;
	while (start < end && strchr(" \t\r\n\f\v", *start))
		start++;
	while (end > start && strchr(" \t\r\n\f\v", end[-1]))
		end--;
	{
		char *r = rt_xmemdupz(start, (size_t)(end - start));
		rt_buf_release(&out);
		return r;
	}
}

static void normalise_text(struct rt_value *data, const char *attr)
{
	struct rt_value *v = rt_map_get(data, attr);
	if (v && v->type == RT_STR && !memchr(v->u.s.ptr, '\0', v->u.s.len)) {
		int line = v->line;
		struct rt_value *n = rt_value_str_take(dedent_strip(v->u.s.ptr));
		n->line = line;
		rt_map_set(data, attr, n);
	}
}

/* ---- building the package ---- */

void rt_reqlist_release(struct rt_reqlist *l)
{
	for (size_t i = 0; i < l->len; i++)
		rt_request_free(l->items[i]);
	free(l->items);
	l->items = NULL;
	l->len = 0;
}

static int parse_reqs(const char *file, const char *attr, const struct rt_value *list,
		      struct rt_reqlist *out, struct rt_error *err)
{
	out->items = rt_xcalloc(rt_list_len(list) ? rt_list_len(list) : 1, sizeof(*out->items));
	for (size_t i = 0; i < rt_list_len(list); i++) {
		struct rt_error e = RT_ERROR_INIT;
		const struct rt_value *s = rt_list_at(list, i);
		struct rt_request *r = rt_package_request_parse(s->u.s.ptr, &e);
		if (!r) {
			rt_error(err, "%s:%d: attribute '%s': %s", file,
				 list->line > 0 ? list->line : 1, attr, rt_error_msg(&e));
			rt_error_release(&e);
			return -1;
		}
		out->items[out->len++] = r;
	}
	return 0;
}

static char *dir_of(const char *file)
{
	const char *slash = strrchr(file, '/');
	if (!slash)
		return rt_xstrdup(".");
	if (slash == file)
		return rt_xstrdup("/");
	return rt_xmemdupz(file, (size_t)(slash - file));
}

struct rt_package *rt_package_new(struct rt_value *data, const char *file, const char *base,
				  struct rt_error *err)
{
	struct rt_package *p;
	const struct rt_value *v;
	struct rt_error e = RT_ERROR_INIT;

	if (!data || data->type != RT_MAP) {
		rt_error(err, "%s: a package definition must be a table of attributes", file);
		rt_value_free(data);
		return NULL;
	}
	p = rt_xcalloc(1, sizeof(*p));
	p->data = data;
	p->file = rt_xstrdup(file);
	p->base = base ? rt_xstrdup(base) : dir_of(file);

	empty_list_to_map(data, "config");
	empty_list_to_map(data, "tests");
	for (size_t i = 0; i < rt_map_len(data); i++) {
		const struct attr_rule *r = find_rule(rt_map_key(data, i));
		if (r && check_attr(file, r, rt_map_val(data, i), err) < 0)
			goto fail;
	}

	v = rt_map_get(data, "name");
	if (!v) {
		rt_error(err, "%s: missing attribute 'name'", file);
		goto fail;
	}
	if (!rt_name_is_valid(v->u.s.ptr) || rt_streq(v->u.s.ptr, "__pycache__")) {
		rt_error(err, "%s:%d: attribute 'name': invalid package name '%s'", file,
			 v->line > 0 ? v->line : 1, v->u.s.ptr);
		goto fail;
	}
	p->name = rt_xstrdup(v->u.s.ptr);

	v = rt_map_get(data, "version");
	p->version = rt_version_parse(v && v->type == RT_STR ? v->u.s.ptr : "", &e);
	if (!p->version) {
		rt_error(err, "%s:%d: attribute 'version': %s", file,
			 v && v->line > 0 ? v->line : 1, rt_error_msg(&e));
		rt_error_release(&e);
		goto fail;
	}

	normalise_text(data, "description");
	normalise_text(data, "changelog");

#define REQS(field)                                                                          \
	v = rt_map_get(data, #field);                                                         \
	if (v && v->type == RT_FUNC)                                                          \
		p->late_##field = 1;                                                          \
	else if (v && parse_reqs(file, #field, v, &p->field, err) < 0)                        \
		goto fail;
	REQS(requires)
	REQS(build_requires)
	REQS(private_build_requires)
#undef REQS

	v = rt_map_get(data, "variants");
	if (v && v->type == RT_LIST) {
		p->variants = rt_xcalloc(rt_list_len(v) ? rt_list_len(v) : 1, sizeof(*p->variants));
		for (size_t i = 0; i < rt_list_len(v); i++) {
			p->n_variants++;
			if (parse_reqs(file, "variants", rt_list_at(v, i), &p->variants[i], err) < 0)
				goto fail;
		}
	}

	v = rt_map_get(data, "tools");
	if (v && v->type == RT_FUNC) {
		p->late_tools = 1;
	} else if (v) {
		p->tools = rt_xcalloc(rt_list_len(v) ? rt_list_len(v) : 1, sizeof(char *));
		for (size_t i = 0; i < rt_list_len(v); i++)
			p->tools[p->n_tools++] = rt_xstrdup(rt_list_at(v, i)->u.s.ptr);
	}
	return p;
fail:
	rt_package_free(p);
	return NULL;
}

void rt_package_free(struct rt_package *p)
{
	if (!p)
		return;
	free(p->name);
	if (p->version)
		rt_version_free(p->version);
	free(p->file);
	free(p->base);
	rt_value_free(p->data);
	rt_reqlist_release(&p->requires);
	rt_reqlist_release(&p->build_requires);
	rt_reqlist_release(&p->private_build_requires);
	for (size_t i = 0; i < p->n_variants; i++)
		rt_reqlist_release(&p->variants[i]);
	free(p->variants);
	for (size_t i = 0; i < p->n_tools; i++)
		free(p->tools[i]);
	free(p->tools);
	free(p);
}

const struct rt_value *rt_package_get(const struct rt_package *p, const char *attr)
{
	return rt_map_get(p->data, attr);
}

void rt_package_qualified_name(const struct rt_package *p, struct rt_buf *out)
{
	rt_buf_adds(out, p->name);
	if (!rt_version_is_empty(p->version)) {
		rt_buf_addch(out, '-');
		rt_buf_adds(out, rt_version_str(p->version));
	}
}

/* Python's repr() of a str, for ASCII text (requirement strings are ASCII: names and version
 * tokens are [A-Za-z0-9_.]). Bytes >= 0x80 are kept, as Python keeps printable non-ASCII. */
static void py_repr_str(struct rt_buf *out, const char *s)
{
	char q = strchr(s, '\'') && !strchr(s, '"') ? '"' : '\'';

	rt_buf_addch(out, q);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == q || *p == '\\')
			rt_buf_addf(out, "\\%c", *p);
		else if (*p == '\n')
			rt_buf_adds(out, "\\n");
		else if (*p == '\r')
			rt_buf_adds(out, "\\r");
		else if (*p == '\t')
			rt_buf_adds(out, "\\t");
		else if (*p < 0x20 || *p == 0x7f)
			rt_buf_addf(out, "\\x%02x", *p);
		else
			rt_buf_addch(out, *p);
	}
	rt_buf_addch(out, q);
}

void rt_package_variant_hash(const char *const *reqs, size_t n, char hex[41])
{
	struct rt_buf b = RT_BUF_INIT;

	rt_buf_addch(&b, '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			rt_buf_adds(&b, ", ");
		py_repr_str(&b, reqs[i]);
	}
	rt_buf_addch(&b, ']');
	rt_sha1_hex(b.buf, b.len, hex);
	rt_buf_release(&b);
}

void rt_package_hashed_variant_subpath(const struct rt_package *p, size_t index,
				       struct rt_buf *out)
{
	const struct rt_reqlist *l;
	char **strs, hex[41];

	if (index >= p->n_variants)
		return;
	l = &p->variants[index];
	strs = rt_xcalloc(l->len + 1, sizeof(*strs));
	for (size_t i = 0; i < l->len; i++)
		strs[i] = rt_request_str(l->items[i]);
	rt_package_variant_hash((const char *const *)strs, l->len, hex);
	rt_buf_adds(out, hex);
	for (size_t i = 0; i < l->len; i++)
		free(strs[i]);
	free(strs);
}

int rt_package_hashed_variants(const struct rt_package *p)
{
	const struct rt_value *h = rt_package_get(p, "hashed_variants");
	return h && h->type == RT_BOOL && h->u.b;
}

void rt_package_variant_subpath(const struct rt_package *p, size_t index, struct rt_buf *out)
{
	if (index >= p->n_variants)
		return;
	if (rt_package_hashed_variants(p)) {
		rt_package_hashed_variant_subpath(p, index, out);
		return;
	}
	for (size_t i = 0; i < p->variants[index].len; i++) {
		if (i)
			rt_buf_addch(out, '/');
		rt_request_format(p->variants[index].items[i], out);
	}
}

int rt_package_set_late_reqs(struct rt_package *p, const char *attr, const struct rt_value *v,
			     struct rt_error *err)
{
	const struct rt_value *fn = rt_package_get(p, attr);
	int line = fn && fn->line > 0 ? fn->line : 1;
	struct rt_reqlist *l = rt_streq(attr, "requires") ? &p->requires :
			       rt_streq(attr, "build_requires") ? &p->build_requires :
			       rt_streq(attr, "private_build_requires") ? &p->private_build_requires :
			       NULL;
	struct rt_reqlist tmp = { NULL, 0 };

	if (!l)
		return rt_error(err, "%s: '%s' is not a late request list", p->file, attr);
	if (!v || v->type != RT_LIST)
		return rt_error(err, "%s:%d: @late '%s' must return a list of strings (got %s)",
				p->file, line, attr, rt_value_type_name(v ? v->type : RT_NULL));
	for (size_t i = 0; i < rt_list_len(v); i++)
		if (rt_list_at(v, i)->type != RT_STR)
			return rt_error(err, "%s:%d: @late '%s' must return a list of strings "
					"(item %zu is a %s)", p->file, line, attr, i + 1,
					rt_value_type_name(rt_list_at(v, i)->type));
	if (parse_reqs(p->file, attr, v, &tmp, err) < 0) {
		rt_reqlist_release(&tmp);
		return -1;
	}
	rt_reqlist_release(l);
	*l = tmp;
	return 0;
}
