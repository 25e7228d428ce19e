/* filter.c - package filter rules, filters and filter lists (Rez's package_filter.py). */
#include "runtime/common.h"
#include "runtime/filter.h"
#include "runtime/buf.h"
#include "runtime/error.h"
#include "runtime/value.h"
#include "runtime/version.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <errno.h>
#include <fnmatch.h>

enum rule_kind { RULE_GLOB, RULE_REGEX, RULE_RANGE, RULE_BEFORE, RULE_AFTER };

static const char *const kind_names[] = { "glob", "regex", "range", "before", "after" };

struct rt_filter_rule {
	enum rule_kind kind;
	char *txt;                     /* glob/regex pattern */
	char *family;                  /* NULL = any family */
	struct rt_request *req;        /* range */
	pcre2_code *re;                /* regex */
	pcre2_match_data *md;
	pcre2_general_context *gc;     /* allocates through rt_xmalloc: never NULL */
	pcre2_compile_context *cc;
	int64_t timestamp;             /* before/after */
};

/* Rez's relative costs: cheap text rules first, timestamp rules (which need the package
 * loaded) last; family-specific rules count a tenth towards a filter's cost. */
static int rule_cost(const struct rt_filter_rule *r)
{
	return r->kind == RULE_BEFORE || r->kind == RULE_AFTER ? 1000 : 10;
}

static void *pcre_alloc(PCRE2_SIZE n, void *ctx)
{
	return rt_xmalloc(n ? n : 1);
}

static void pcre_free(void *p, void *ctx)
{
	free(p);
}

static int is_name_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '.';
}

/* The family a glob/regex is tied to: a leading package name followed by '-', '@' or '#'.
 * (Rez takes everything up to the last such separator before any '*' or '?', which ties
 * "foo-1-*" to a family "foo-1" that never exists; the leading name is what was meant.) */
static char *pattern_family(const char *s)
{
	size_t n = 0;
	char *name;
	while (is_name_char((unsigned char)s[n]))
		n++;
	if (!n || (s[n] != '-' && s[n] != '@' && s[n] != '#'))
		return NULL;
	name = rt_xmemdupz(s, n);
	if (!rt_name_is_valid(name)) {
		free(name);
		return NULL;
	}
	return name;
}

static int parse_timestamp(const char *s, int64_t *out)
{
	char *end;
	long long v;
	if (!*s)
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end || end == s)
		return -1;
	*out = v;
	return 0;
}

void rt_filter_rule_free(struct rt_filter_rule *r)
{
	if (!r)
		return;
	free(r->txt);
	free(r->family);
	rt_request_free(r->req);
	pcre2_match_data_free(r->md);
	pcre2_code_free(r->re);
	pcre2_compile_context_free(r->cc);
	pcre2_general_context_free(r->gc);
	free(r);
}

/* "label(body)" with no parentheses inside body; else the whole text is the body. */
static int split_label(const char *txt, char **label, char **body)
{
	const char *open = strchr(txt, '('), *close;
	size_t len = strlen(txt);
	if (!open || open == txt || len < 2 || txt[len - 1] != ')')
		return 0;
	close = txt + len - 1;
	if (close == open + 1)
		return 0;
	for (const char *p = open + 1; p < close; p++)
		if (*p == '(' || *p == ')')
			return 0;
	*label = rt_xmemdupz(txt, (size_t)(open - txt));
	*body = rt_xmemdupz(open + 1, (size_t)(close - open - 1));
	return 1;
}

struct rt_filter_rule *rt_filter_rule_parse(const char *txt, struct rt_error *err)
{
	struct rt_filter_rule *r;
	char *label = NULL, *body = NULL;
	size_t k;

	if (!split_label(txt, &label, &body)) {
		body = rt_xstrdup(txt);
		label = rt_xstrdup(strchr(txt, '*') ? "glob" : "range");
	}
	for (k = 0; k < RT_ARRAY_LEN(kind_names); k++)
		if (rt_streq(label, kind_names[k]))
			break;
	if (k == RT_ARRAY_LEN(kind_names)) {
		rt_error(err, "invalid package filter '%s': '%s' is not a filter type "
			 "(glob, regex, range, before, after)", txt, label);
		free(label);
		free(body);
		return NULL;
	}
	r = rt_xcalloc(1, sizeof(*r));
	r->kind = (enum rule_kind)k;
	switch (r->kind) {
	case RULE_GLOB:
		r->family = pattern_family(body);
		r->txt = body;
		body = NULL;
		break;
	case RULE_REGEX: {
		int code;
		PCRE2_SIZE off;
		r->family = pattern_family(body);
		r->gc = pcre2_general_context_create(pcre_alloc, pcre_free, NULL);
		r->cc = pcre2_compile_context_create(r->gc);
		r->re = pcre2_compile((PCRE2_SPTR)body, PCRE2_ZERO_TERMINATED, PCRE2_ANCHORED | PCRE2_UTF,
				      &code, &off, r->cc);
		if (!r->re) {
			PCRE2_UCHAR msg[256];
			pcre2_get_error_message(code, msg, sizeof(msg));
			rt_error(err, "invalid package filter '%s': %s at offset %zu", txt, (char *)msg,
				 (size_t)off);
			goto fail;
		}
		r->md = pcre2_match_data_create_from_pattern(r->re, r->gc);
		r->txt = body;
		body = NULL;
		break;
	}
	case RULE_RANGE: {
		struct rt_error e = RT_ERROR_INIT;
		r->req = rt_request_parse(body, &e);
		if (!r->req) {
			rt_error(err, "invalid package filter '%s': %s", txt, rt_error_msg(&e));
			rt_error_release(&e);
			goto fail;
		}
		r->family = rt_xstrdup(rt_request_name(r->req));
		break;
	}
	case RULE_BEFORE:
	case RULE_AFTER: {
		char *colon = strchr(body, ':');
		const char *num = body;
		if (colon) {
			*colon = '\0';
			if (!rt_name_is_valid(body)) {
				rt_error(err, "invalid package filter '%s': bad package name '%s'", txt, body);
				goto fail;
			}
			r->family = rt_xstrdup(body);
			num = colon + 1;
		}
		if (parse_timestamp(num, &r->timestamp) < 0) {
			rt_error(err, "invalid package filter '%s': '%s' is not an integer timestamp", txt,
				 num);
			goto fail;
		}
		break;
	}
	}
	free(label);
	free(body);
	return r;
fail:
	free(label);
	free(body);
	rt_filter_rule_free(r);
	return NULL;
}

int rt_filter_rule_match(const struct rt_filter_rule *r, const struct rt_filter_pkg *pkg)
{
	switch (r->kind) {
	case RULE_GLOB:
		/* Python's fnmatch: '*' crosses '/', no backslash escapes */
		return fnmatch(r->txt, pkg->qualified_name, FNM_NOESCAPE) == 0;
	case RULE_REGEX: {
		int rc = pcre2_match(r->re, (PCRE2_SPTR)pkg->qualified_name, PCRE2_ZERO_TERMINATED, 0,
				     0, r->md, NULL);
		return rc >= 0;
	}
	case RULE_RANGE:
		if (!rt_streq(rt_request_name(r->req), pkg->name))
			return 1;   /* Rez: no conflict with another family */
		return !rt_request_conflicts_with_version(r->req, pkg->version);
	case RULE_BEFORE:
		return pkg->timestamp && pkg->timestamp <= r->timestamp;
	case RULE_AFTER:
		return pkg->timestamp && pkg->timestamp > r->timestamp;
	}
	return 0;
}

const char *rt_filter_rule_family(const struct rt_filter_rule *r)
{
	return r->family;
}

void rt_filter_rule_format(const struct rt_filter_rule *r, struct rt_buf *out)
{
	rt_buf_adds(out, kind_names[r->kind]);
	rt_buf_addch(out, '(');
	switch (r->kind) {
	case RULE_GLOB:
	case RULE_REGEX:
		rt_buf_adds(out, r->txt);
		break;
	case RULE_RANGE:
		rt_request_format(r->req, out);
		break;
	case RULE_BEFORE:
	case RULE_AFTER:
		if (r->family)
			rt_buf_addf(out, "%s:", r->family);
		rt_buf_addf(out, "%lld", (long long)r->timestamp);
		break;
	}
	rt_buf_addch(out, ')');
}

/* ---- filters ---- */

struct rules {
	struct rt_filter_rule **v;    /* sorted by cost, stable */
	size_t n, alloc;
};

struct rt_filter {
	struct rules excl, incl;
	double cost;
};

static void rules_add(struct rules *rs, struct rt_filter_rule *r)
{
	size_t i = rs->n;
	rs->v = rt_xgrow(rs->v, sizeof(*rs->v), rs->n + 1, &rs->alloc);
	while (i > 0 && rule_cost(rs->v[i - 1]) > rule_cost(r)) {
		rs->v[i] = rs->v[i - 1];
		i--;
	}
	rs->v[i] = r;
	rs->n++;
}

static void rules_release(struct rules *rs)
{
	for (size_t i = 0; i < rs->n; i++)
		rt_filter_rule_free(rs->v[i]);
	free(rs->v);
}

/* Family-specific rules first, then rules for any family; each group in cost order. */
static const struct rt_filter_rule *rules_match(const struct rules *rs,
						const struct rt_filter_pkg *pkg)
{
	for (size_t i = 0; i < rs->n; i++)
		if (rs->v[i]->family && rt_streq(rs->v[i]->family, pkg->name) &&
		    rt_filter_rule_match(rs->v[i], pkg))
			return rs->v[i];
	for (size_t i = 0; i < rs->n; i++)
		if (!rs->v[i]->family && rt_filter_rule_match(rs->v[i], pkg))
			return rs->v[i];
	return NULL;
}

struct rt_filter *rt_filter_new(void)
{
	return rt_xcalloc(1, sizeof(struct rt_filter));
}

void rt_filter_free(struct rt_filter *f)
{
	if (!f)
		return;
	rules_release(&f->excl);
	rules_release(&f->incl);
	free(f);
}

void rt_filter_add_exclusion(struct rt_filter *f, struct rt_filter_rule *rule)
{
	rules_add(&f->excl, rule);
	f->cost += rule->family ? rule_cost(rule) / 10.0 : rule_cost(rule);
}

void rt_filter_add_inclusion(struct rt_filter *f, struct rt_filter_rule *rule)
{
	rules_add(&f->incl, rule);
}

const struct rt_filter_rule *rt_filter_excludes(const struct rt_filter *f,
						const struct rt_filter_pkg *pkg)
{
	const struct rt_filter_rule *ex;
	if (!f->excl.n)
		return NULL;
	ex = rules_match(&f->excl, pkg);
	if (ex && rules_match(&f->incl, pkg))
		ex = NULL;
	return ex;
}

int rt_filter_is_empty(const struct rt_filter *f)
{
	return f->excl.n == 0;
}

static int add_rules(struct rt_filter *f, const struct rt_value *v, const char *key,
		     struct rt_error *err)
{
	size_t n = 1;
	if (!v || v->type == RT_NULL)
		return 0;
	if (v->type == RT_LIST)
		n = rt_list_len(v);
	else if (v->type != RT_STR)
		return rt_error(err, "package_filter: '%s' must be a string or a list of strings "
				"(got %s)", key, rt_value_type_name(v->type));
	for (size_t i = 0; i < n; i++) {
		const struct rt_value *it = v->type == RT_LIST ? rt_list_at(v, i) : v;
		struct rt_filter_rule *r;
		if (it->type != RT_STR)
			return rt_error(err, "package_filter: '%s' must be a list of strings (item %zu "
					"is %s)", key, i + 1, rt_value_type_name(it->type));
		r = rt_filter_rule_parse(rt_value_as_str(it), err);
		if (!r)
			return -1;
		if (key[0] == 'e')
			rt_filter_add_exclusion(f, r);
		else
			rt_filter_add_inclusion(f, r);
	}
	return 0;
}

struct rt_filter *rt_filter_from_value(const struct rt_value *v, struct rt_error *err)
{
	struct rt_filter *f;
	if (!v || v->type != RT_MAP) {
		rt_error(err, "package_filter: a filter must be a map with 'excludes' and/or "
			 "'includes' (got %s)", v ? rt_value_type_name(v->type) : "nothing");
		return NULL;
	}
	for (size_t i = 0; i < rt_map_len(v); i++) {
		const char *k = rt_map_key(v, i);
		if (!rt_streq(k, "excludes") && !rt_streq(k, "includes")) {
			rt_error(err, "package_filter: unknown key '%s' (expected 'excludes' or "
				 "'includes')", k);
			return NULL;
		}
	}
	f = rt_filter_new();
	if (add_rules(f, rt_map_get(v, "excludes"), "excludes", err) < 0 ||
	    add_rules(f, rt_map_get(v, "includes"), "includes", err) < 0) {
		rt_filter_free(f);
		return NULL;
	}
	return f;
}

static struct rt_value *rules_to_value(const struct rules *rs)
{
	struct rt_value *l = rt_value_list();
	for (size_t i = 0; i < rs->n; i++) {
		struct rt_buf b = RT_BUF_INIT;
		rt_filter_rule_format(rs->v[i], &b);
		rt_list_push(l, rt_value_str_take(rt_buf_detach(&b, NULL)));
	}
	return l;
}

struct rt_value *rt_filter_to_value(const struct rt_filter *f)
{
	struct rt_value *m = rt_value_map();
	if (f->excl.n)
		rt_map_set(m, "excludes", rules_to_value(&f->excl));
	if (f->incl.n)
		rt_map_set(m, "includes", rules_to_value(&f->incl));
	return m;
}

/* ---- filter lists ---- */

struct rt_filter_list {
	struct rt_filter **v;         /* sorted by cost, stable: cheap filters are tried first */
	size_t n, alloc;
};

struct rt_filter_list *rt_filter_list_new(void)
{
	return rt_xcalloc(1, sizeof(struct rt_filter_list));
}

void rt_filter_list_free(struct rt_filter_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		rt_filter_free(l->v[i]);
	free(l->v);
	free(l);
}

void rt_filter_list_add(struct rt_filter_list *l, struct rt_filter *f)
{
	size_t i = l->n;
	l->v = rt_xgrow(l->v, sizeof(*l->v), l->n + 1, &l->alloc);
	while (i > 0 && l->v[i - 1]->cost > f->cost) {
		l->v[i] = l->v[i - 1];
		i--;
	}
	l->v[i] = f;
	l->n++;
}

const struct rt_filter_rule *rt_filter_list_excludes(const struct rt_filter_list *l,
						     const struct rt_filter_pkg *pkg)
{
	for (size_t i = 0; i < l->n; i++) {
		const struct rt_filter_rule *r = rt_filter_excludes(l->v[i], pkg);
		if (r)
			return r;
	}
	return NULL;
}

struct rt_filter_list *rt_filter_list_from_value(const struct rt_value *v, struct rt_error *err)
{
	struct rt_filter_list *l = rt_filter_list_new();
	size_t n;

	if (!v || v->type == RT_NULL)
		return l;
	if (v->type == RT_MAP) {
		struct rt_filter *f = rt_filter_from_value(v, err);
		if (!f)
			goto fail;
		rt_filter_list_add(l, f);
		return l;
	}
	if (v->type != RT_LIST) {
		rt_error(err, "package_filter: must be a map or a list of maps (got %s)",
			 rt_value_type_name(v->type));
		goto fail;
	}
	n = rt_list_len(v);
	for (size_t i = 0; i < n; i++) {
		struct rt_filter *f = rt_filter_from_value(rt_list_at(v, i), err);
		if (!f)
			goto fail;
		rt_filter_list_add(l, f);
	}
	return l;
fail:
	rt_filter_list_free(l);
	return NULL;
}
