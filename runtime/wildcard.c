/* wildcard.c - expansion of `*` / `**` version wildcards in requirements. */
#include "runtime/common.h"
#include "runtime/wildcard.h"
#include "runtime/buf.h"
#include "runtime/error.h"
#include "runtime/version.h"

/* Wildcards are first replaced by placeholder tokens so that the request parses as an
 * ordinary one; the range machinery then hands us each bound version to rewrite. A
 * placeholder is "__rezwc" + 'S' (for '*') or 'D' (for '**') + index + "__". */
#define PH_PREFIX "__rezwc"

struct expanded {
	struct rt_version *from, *to;
};

struct wctx {
	rt_wildcard_list_fn list;
	void *list_ctx;
	const char *family;
	struct expanded *cache;
	size_t ncache, alloc;
};

/* 0: not a placeholder, '*' or 'D' ("**"). */
static int placeholder_kind(const char *tok)
{
	size_t n = strlen(PH_PREFIX);
	if (strncmp(tok, PH_PREFIX, n) != 0)
		return 0;
	if (tok[n] == 'S')
		return '*';
	if (tok[n] == 'D')
		return 'D';
	return 0;
}

struct latest {
	const struct rt_range *range;
	struct rt_version *best;
};

static void latest_each(void *p, const struct rt_version *v)
{
	struct latest *l = p;
	if (!rt_range_contains(l->range, v))
		return;
	if (!l->best || rt_version_cmp(v, l->best) > 0) {
		rt_version_free(l->best);
		l->best = rt_version_copy(v);
	}
}

/* Rez's expand_version: *out = NULL when `v` holds no (valid) trailing wildcard. */
static int expand_version(struct wctx *w, const struct rt_version *v, struct rt_version **out,
			  struct rt_error *err)
{
	size_t n = rt_version_ntokens(v), rank = n;
	int found = 0;
	struct rt_version *prefix;
	struct rt_range *fam;
	struct latest l = { NULL, NULL };

	*out = NULL;
	while (n > 0) {
		int k = placeholder_kind(rt_version_token(v, n - 1));
		if (!k)
			break;
		n--;
		if (k == 'D') {
			if (found)
				return 0;   /* "**" before "*": left as is, rejected at re-parse */
			found = 1;
			rank = 0;
			break;
		}
		found = 1;
	}
	if (!found)
		return 0;
	prefix = rt_version_trim(v, n);
	fam = rt_range_from_version(prefix, RT_RANGE_FAMILY);
	l.range = fam;
	if (w->list(w->list_ctx, w->family, latest_each, &l, err) < 0) {
		rt_version_free(l.best);
		rt_range_free(fam);
		rt_version_free(prefix);
		return -1;
	}
	rt_range_free(fam);
	if (!l.best) {
		*out = prefix;
		return 0;
	}
	rt_version_free(prefix);
	if (rank) {
		*out = rt_version_trim(l.best, rank);
		rt_version_free(l.best);
	} else {
		*out = l.best;
	}
	return 0;
}

/* Rez's visit_version: a family range "1.*" is held as 1.*+<next(1.*); its upper bound
 * becomes next() of whatever the lower bound expanded to. */
static int visit(void *ctx, const struct rt_version *v, struct rt_version **repl,
		 struct rt_error *err)
{
	struct wctx *w = ctx;
	struct rt_version *to;

	for (size_t i = 0; i < w->ncache; i++) {
		struct rt_version *nx = rt_version_next(w->cache[i].from);
		int hit = nx && rt_version_cmp(nx, v) == 0;
		rt_version_free(nx);
		if (hit) {
			*repl = rt_version_next(w->cache[i].to);
			return *repl ? 0 : 1;   /* next("") is infinity */
		}
	}
	if (expand_version(w, v, &to, err) < 0)
		return -1;
	if (!to)
		return 0;
	w->cache = rt_xgrow(w->cache, sizeof(*w->cache), w->ncache + 1, &w->alloc);
	w->cache[w->ncache].from = rt_version_copy(v);
	w->cache[w->ncache].to = to;
	w->ncache++;
	*repl = rt_version_copy(to);
	return 0;
}

/* Replaces "**" then "*" with numbered placeholders. */
static void add_placeholders(const char *s, struct rt_buf *out)
{
	unsigned n = 0;
	for (const char *p = s; *p; p++) {
		if (p[0] == '*' && p[1] == '*') {
			rt_buf_addf(out, PH_PREFIX "D%u__", n++);
			p++;
		} else if (*p == '*') {
			rt_buf_addf(out, PH_PREFIX "S%u__", n++);
		} else {
			rt_buf_addch(out, *p);
		}
	}
}

/* Puts the wildcards back (placeholders may remain when they could not be expanded). */
static void remove_placeholders(const char *s, struct rt_buf *out)
{
	size_t plen = strlen(PH_PREFIX);
	for (const char *p = s; *p;) {
		if (strncmp(p, PH_PREFIX, plen) == 0 && (p[plen] == 'S' || p[plen] == 'D')) {
			const char *q = p + plen + 1;
			while (*q >= '0' && *q <= '9')
				q++;
			if (q[0] == '_' && q[1] == '_') {
				rt_buf_adds(out, p[plen] == 'S' ? "*" : "**");
				p = q + 2;
				continue;
			}
		}
		rt_buf_addch(out, *p++);
	}
}

char *rt_wildcard_expand(const char *request, rt_wildcard_list_fn list, void *ctx,
			 struct rt_error *err)
{
	struct rt_buf ph = RT_BUF_INIT, txt = RT_BUF_INIT, back = RT_BUF_INIT;
	struct rt_error e = RT_ERROR_INIT;
	struct wctx w = { list, ctx, NULL, NULL, 0, 0 };
	struct rt_range *range = NULL, *expanded = NULL;
	struct rt_request *final = NULL;
	char *name = NULL, *result = NULL;
	const char *p, *name_end, *rs;
	char sep = 0;

	if (!strchr(request, '*'))
		return rt_xstrdup(request);
	if (strstr(request, PH_PREFIX)) {
		rt_error(err, "invalid wildcard request '%s': reserved text '" PH_PREFIX "'", request);
		return NULL;
	}
	add_placeholders(request, &ph);

	/* split like a request: [!~]name[sep]range */
	p = ph.buf;
	if (*p == '!' || *p == '~')
		rt_buf_addch(&txt, *p++);
	name_end = p + strcspn(p, "-@#=<>");
	name = rt_xmemdupz(p, (size_t)(name_end - p));
	w.family = name;
	rs = name_end;
	if (*rs == '-' || *rs == '@' || *rs == '#')
		sep = *rs++;
	rt_buf_adds(&txt, name);
	if (*name_end) {
		range = rt_range_parse_lenient(rs, &e);
		if (!range)
			goto bad_syntax;
		if (rt_range_visit_versions(range, visit, &w, &expanded, err) < 0)
			goto out;
		if (!rt_range_is_any(expanded)) {
			/* printed like a request: no separator before an operator */
			char *rstr = rt_range_str(expanded);
			if (rstr[0] != '=' && rstr[0] != '<' && rstr[0] != '>')
				rt_buf_addch(&txt, sep ? sep : '-');
			rt_buf_adds(&txt, rstr);
			free(rstr);
		}
	}
	remove_placeholders(txt.buf, &back);
	final = rt_request_parse(back.buf, &e);
	if (!final) {
		if (strchr(back.buf, '*'))
			goto bad_syntax;
		rt_error(err, "invalid wildcard request '%s' (expanded to '%s'): %s", request, back.buf,
			 rt_error_msg(&e));
		goto out;
	}
	result = rt_request_str(final);
	goto out;

bad_syntax:
	rt_error(err, "invalid wildcard request '%s': a wildcard must be a whole, trailing version "
		 "token ('*'), or end the version ('**')", request);
out:
	for (size_t i = 0; i < w.ncache; i++) {
		rt_version_free(w.cache[i].from);
		rt_version_free(w.cache[i].to);
	}
	free(w.cache);
	rt_request_free(final);
	rt_range_free(range);
	rt_range_free(expanded);
	rt_error_release(&e);
	rt_buf_release(&ph);
	rt_buf_release(&txt);
	rt_buf_release(&back);
	free(name);
	return result;
}
