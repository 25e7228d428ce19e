/* order.c - package orderers (see order.h). */
#include "runtime/common.h"
#include "runtime/order.h"
#include "runtime/buf.h"
#include "runtime/value.h"
#include "runtime/version.h"

#include <stdlib.h>

enum kind { NO_ORDER, SORTED, PER_FAMILY, VERSION_SPLIT, SOFT_TIMESTAMP };

static const char *const type_names[] = {
	[NO_ORDER] = "no_order", [SORTED] = "sorted", [PER_FAMILY] = "per_family",
	[VERSION_SPLIT] = "version_split", [SOFT_TIMESTAMP] = "soft_timestamp",
};

/* One group of a per_family orderer: an orderer and the families it serves. */
struct group {
	struct rt_order *order;
	char **fams;
	size_t nfams;
};

struct rt_order {
	enum kind kind;
	char **packages;               /* sorted; {"*"} when not given */
	size_t npackages;
	int descending;                /* sorted */
	struct rt_version *first;      /* version_split */
	long long timestamp;           /* soft_timestamp */
	long long rank;
	struct group *groups;          /* per_family */
	size_t ngroups;
	struct rt_order *default_order;
};

struct rt_order_list {
	struct rt_order **v;
	size_t n;
};

static void order_free(struct rt_order *o)
{
	if (!o)
		return;
	for (size_t i = 0; i < o->npackages; i++)
		free(o->packages[i]);
	free(o->packages);
	rt_version_free(o->first);
	for (size_t i = 0; i < o->ngroups; i++) {
		order_free(o->groups[i].order);
		for (size_t j = 0; j < o->groups[i].nfams; j++)
			free(o->groups[i].fams[j]);
		free(o->groups[i].fams);
	}
	free(o->groups);
	order_free(o->default_order);
	free(o);
}

static int str_qsort_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A string or a list of strings into a sorted array; NULL/null gives {"*"}. */
static int read_names(const struct rt_value *v, const char *what, const char *key,
		      char ***out, size_t *n, int star_default, struct rt_error *err)
{
	*out = NULL;
	*n = 0;
	if (!v || v->type == RT_NULL) {
		if (star_default) {
			*out = rt_xcalloc(1, sizeof(char *));
			(*out)[(*n)++] = rt_xstrdup("*");
		}
		return 0;
	}
	if (v->type == RT_STR) {
		*out = rt_xcalloc(1, sizeof(char *));
		(*out)[(*n)++] = rt_xstrdup(v->u.s.ptr);
		return 0;
	}
	if (v->type != RT_LIST)
		return rt_error(err, "%s: '%s' must be a string or a list of strings", what, key);
	*out = rt_xcalloc(rt_list_len(v) + 1, sizeof(char *));
	for (size_t i = 0; i < rt_list_len(v); i++) {
		const char *s = rt_value_as_str(rt_list_at(v, i));
		if (!s) {
			for (size_t j = 0; j < *n; j++)
				free((*out)[j]);
			free(*out);
			*out = NULL;
			*n = 0;
			return rt_error(err, "%s: '%s' must be a string or a list of strings", what,
					key);
		}
		(*out)[(*n)++] = rt_xstrdup(s);
	}
	qsort(*out, *n, sizeof(char *), str_qsort_cmp);
	return 0;
}

static struct rt_order *order_from_value(const struct rt_value *v, const char *what, int depth,
					 struct rt_error *err);

static int read_per_family(struct rt_order *o, const struct rt_value *v, const char *what,
			   int depth, struct rt_error *err)
{
	const struct rt_value *list = rt_map_get(v, "orderers"), *def;
	struct rt_buf sub = RT_BUF_INIT;

	if (!list || list->type != RT_LIST)
		return rt_error(err, "%s: per_family needs 'orderers', a list", what);
	o->groups = rt_xcalloc(rt_list_len(list) + 1, sizeof(*o->groups));
	for (size_t i = 0; i < rt_list_len(list); i++) {
		const struct rt_value *item = rt_list_at(list, i);
		struct group *g = &o->groups[o->ngroups];
		rt_buf_reset(&sub);
		rt_buf_addf(&sub, "%s.orderers[%zu]", what, i + 1);
		if (item->type != RT_MAP || !rt_map_get(item, "packages")) {
			rt_error(err, "%s: needs 'packages'", sub.buf);
			goto fail;
		}
		if (read_names(rt_map_get(item, "packages"), sub.buf, "packages", &g->fams,
			       &g->nfams, 0, err) < 0)
			goto fail;
		g->order = order_from_value(item, sub.buf, depth + 1, err);
		o->ngroups++;
		if (!g->order)
			goto fail;
		/* Rez's from_pod drops the group's `packages` from the inner orderer. */
		for (size_t j = 0; j < g->order->npackages; j++)
			free(g->order->packages[j]);
		g->order->packages[0] = rt_xstrdup("*");
		g->order->npackages = 1;
	}
	def = rt_map_get(v, "default_order");
	if (def && def->type != RT_NULL && !(def->type == RT_MAP && rt_map_len(def) == 0)) {
		rt_buf_reset(&sub);
		rt_buf_addf(&sub, "%s.default_order", what);
		if (!(o->default_order = order_from_value(def, sub.buf, depth + 1, err)))
			goto fail;
	}
	/* The families it serves: every group's, sorted (Rez's PackageOrder(list(order_dict))). */
	for (size_t i = 0; i < o->ngroups; i++)
		o->npackages += o->groups[i].nfams;
	o->packages = rt_xcalloc(o->npackages + 1, sizeof(char *));
	o->npackages = 0;
	for (size_t i = 0; i < o->ngroups; i++)
		for (size_t j = 0; j < o->groups[i].nfams; j++)
			o->packages[o->npackages++] = rt_xstrdup(o->groups[i].fams[j]);
	qsort(o->packages, o->npackages, sizeof(char *), str_qsort_cmp);
	rt_buf_release(&sub);
	return 0;
fail:
	rt_buf_release(&sub);
	return -1;
}

static struct rt_order *order_from_value(const struct rt_value *v, const char *what, int depth,
					 struct rt_error *err)
{
	struct rt_order *o;
	const struct rt_value *data = v, *t, *f;
	const char *type = NULL;

	if (depth > 16) {
		rt_error(err, "%s: orderers nested too deeply", what);
		return NULL;
	}
	/* old style: [type, {data}] */
	if (v->type == RT_LIST && rt_list_len(v) == 2 && rt_list_at(v, 0)->type == RT_STR &&
	    rt_list_at(v, 1)->type == RT_MAP) {
		type = rt_list_at(v, 0)->u.s.ptr;
		data = rt_list_at(v, 1);
	} else if (v->type == RT_MAP) {
		t = rt_map_get(v, "type");
		type = rt_value_as_str(t);
		if (!type) {
			rt_error(err, "%s: an orderer needs 'type', a string", what);
			return NULL;
		}
	} else {
		rt_error(err, "%s: an orderer must be a table with 'type'", what);
		return NULL;
	}
	o = rt_xcalloc(1, sizeof(*o));
	o->kind = (enum kind)RT_ARRAY_LEN(type_names);
	for (size_t i = 0; i < RT_ARRAY_LEN(type_names); i++)
		if (rt_streq(type, type_names[i]))
			o->kind = (enum kind)i;
	switch (o->kind) {
	case NO_ORDER:
		break;
	case SORTED:
		f = rt_map_get(data, "descending");
		if (!f || f->type != RT_BOOL) {
			rt_error(err, "%s: sorted needs 'descending', a boolean", what);
			goto fail;
		}
		o->descending = f->u.b;
		break;
	case VERSION_SPLIT: {
		struct rt_error e = RT_ERROR_INIT;
		f = rt_map_get(data, "first_version");
		if (!rt_value_as_str(f)) {
			rt_error(err, "%s: version_split needs 'first_version', a version string", what);
			goto fail;
		}
		if (!(o->first = rt_version_parse(f->u.s.ptr, &e))) {
			rt_error(err, "%s: 'first_version': %s", what, rt_error_msg(&e));
			rt_error_release(&e);
			goto fail;
		}
		break;
	}
	case SOFT_TIMESTAMP:
		f = rt_map_get(data, "timestamp");
		if (!f || f->type != RT_INT) {
			rt_error(err, "%s: soft_timestamp needs 'timestamp', an integer (epoch seconds)",
				 what);
			goto fail;
		}
		o->timestamp = f->u.i;
		f = rt_map_get(data, "rank");
		if (f && f->type != RT_NULL) {
			if (f->type != RT_INT || f->u.i < 0) {
				rt_error(err, "%s: 'rank' must be a non-negative integer", what);
				goto fail;
			}
			o->rank = f->u.i;
		}
		break;
	case PER_FAMILY:
		if (read_per_family(o, data, what, depth, err) < 0)
			goto fail;
		return o;
	default:
		rt_error(err, "%s: unknown orderer type '%s' (Rez 3.4 has no_order, sorted, "
			 "per_family, version_split and soft_timestamp)", what, type);
		goto fail;
	}
	if (read_names(rt_map_get(data, "packages"), what, "packages", &o->packages,
		       &o->npackages, 1, err) < 0)
		goto fail;
	return o;
fail:
	order_free(o);
	return NULL;
}

struct rt_order_list *rt_order_list_from_value(const struct rt_value *v, const char *what,
					       struct rt_error *err)
{
	struct rt_order_list *l = rt_xcalloc(1, sizeof(*l));
	struct rt_buf sub = RT_BUF_INIT;
	const struct rt_value *one = NULL;
	size_t n;

	if (!v || v->type == RT_NULL)
		return l;
	/* Rez's setting also takes a single orderer (a dict) */
	if (v->type == RT_MAP) {
		one = v;
		n = 1;
	} else if (v->type == RT_LIST) {
		n = rt_list_len(v);
	} else {
		rt_error(err, "%s: must be a list of orderers", what);
		rt_order_list_free(l);
		return NULL;
	}
	l->v = rt_xcalloc(n + 1, sizeof(*l->v));
	for (size_t i = 0; i < n; i++) {
		rt_buf_reset(&sub);
		rt_buf_addf(&sub, "%s[%zu]", what, i + 1);
		l->v[i] = order_from_value(one ? one : rt_list_at(v, i), sub.buf, 0, err);
		if (!l->v[i]) {
			rt_buf_release(&sub);
			rt_order_list_free(l);
			return NULL;
		}
		l->n++;
	}
	rt_buf_release(&sub);
	return l;
}

void rt_order_list_free(struct rt_order_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		order_free(l->v[i]);
	free(l->v);
	free(l);
}

size_t rt_order_list_len(const struct rt_order_list *l)
{
	return l ? l->n : 0;
}

const struct rt_order *rt_order_list_at(const struct rt_order_list *l, size_t i)
{
	return l && i < l->n ? l->v[i] : NULL;
}

static struct rt_value *names_value(char *const *v, size_t n)
{
	struct rt_value *l = rt_value_list();
	for (size_t i = 0; i < n; i++)
		rt_list_push(l, rt_value_str(v[i]));
	return l;
}

/* Rez's to_pod(orderer): "type" first, then the orderer's own keys. */
static struct rt_value *order_to_value(const struct rt_order *o)
{
	struct rt_value *m = rt_value_map();
	rt_map_set(m, "type", rt_value_str(type_names[o->kind]));
	switch (o->kind) {
	case NO_ORDER:
		break;
	case SORTED:
		rt_map_set(m, "descending", rt_value_bool(o->descending));
		break;
	case VERSION_SPLIT:
		rt_map_set(m, "first_version", rt_value_str(rt_version_str(o->first)));
		break;
	case SOFT_TIMESTAMP:
		rt_map_set(m, "timestamp", rt_value_int(o->timestamp));
		rt_map_set(m, "rank", rt_value_int(o->rank));
		break;
	case PER_FAMILY: {
		struct rt_value *list = rt_value_list();
		for (size_t i = 0; i < o->ngroups; i++) {
			struct rt_value *g = order_to_value(o->groups[i].order);
			rt_map_set(g, "packages", names_value(o->groups[i].fams, o->groups[i].nfams));
			rt_list_push(list, g);
		}
		rt_map_set(m, "orderers", list);
		if (o->default_order)
			rt_map_set(m, "default_order", order_to_value(o->default_order));
		return m;
	}
	}
	rt_map_set(m, "packages", names_value(o->packages, o->npackages));
	return m;
}

struct rt_value *rt_order_list_to_value(const struct rt_order_list *l)
{
	struct rt_value *v = rt_value_list();
	for (size_t i = 0; l && i < l->n; i++)
		rt_list_push(v, order_to_value(l->v[i]));
	return v;
}

static int serves(const struct rt_order *o, const char *family)
{
	for (size_t i = 0; i < o->npackages; i++)
		if (rt_streq(o->packages[i], family))
			return 1;
	return 0;
}

const struct rt_order *rt_order_list_get(const struct rt_order_list *l, const char *family)
{
	/* earlier orderers win, a family's own before "*" */
	for (size_t i = 0; l && i < l->n; i++)
		if (serves(l->v[i], family))
			return l->v[i];
	for (size_t i = 0; l && i < l->n; i++)
		if (serves(l->v[i], "*"))
			return l->v[i];
	return NULL;
}

struct fam_str {
	const char *fam;
	char *str;
};

static int fam_str_cmp(const void *pa, const void *pb)
{
	const struct fam_str *a = pa, *b = pb;
	int c = strcmp(a->fam, b->fam);
	return c ? c : strcmp(a->str, b->str);
}

/* Rez's str(orderer). */
static void order_str(const struct rt_order *o, struct rt_buf *out)
{
	switch (o->kind) {
	case NO_ORDER:
		rt_buf_adds(out, "{}");
		break;
	case SORTED:
		rt_buf_adds(out, o->descending ? "True" : "False");
		break;
	case VERSION_SPLIT:
		rt_buf_adds(out, rt_version_str(o->first));
		break;
	case SOFT_TIMESTAMP:
		rt_buf_addf(out, "(%lld, %lld)", o->timestamp, o->rank);
		break;
	case PER_FAMILY: {
		/* str((sorted((family, str(orderer))), str(default_order))) */
		struct fam_str *items;
		size_t n = 0;
		struct rt_buf one = RT_BUF_INIT;
		for (size_t i = 0; i < o->ngroups; i++)
			n += o->groups[i].nfams;
		items = rt_xcalloc(n + 1, sizeof(*items));
		n = 0;
		for (size_t i = 0; i < o->ngroups; i++)
			for (size_t j = 0; j < o->groups[i].nfams; j++) {
				rt_buf_reset(&one);
				order_str(o->groups[i].order, &one);
				items[n].fam = o->groups[i].fams[j];
				items[n++].str = rt_xstrdup(one.buf);
			}
		qsort(items, n, sizeof(*items), fam_str_cmp);
		rt_buf_adds(out, "([");
		for (size_t i = 0; i < n; i++) {
			rt_buf_adds(out, i ? ", (" : "(");
			rt_buf_add_pyrepr(out, items[i].fam);
			rt_buf_adds(out, ", ");
			rt_buf_add_pyrepr(out, items[i].str);
			rt_buf_addch(out, ')');
			free(items[i].str);
		}
		rt_buf_adds(out, "], ");
		rt_buf_reset(&one);
		if (o->default_order)
			order_str(o->default_order, &one);
		else
			rt_buf_adds(&one, "None");
		rt_buf_add_pyrepr(out, one.buf);
		rt_buf_addch(out, ')');
		rt_buf_release(&one);
		free(items);
		break;
	}
	}
}

void rt_order_repr(const struct rt_order *o, struct rt_buf *out)
{
	static const char *const class_names[] = {
		[NO_ORDER] = "NullPackageOrder", [SORTED] = "SortedOrder",
		[PER_FAMILY] = "PerFamilyOrder", [VERSION_SPLIT] = "VersionSplitPackageOrder",
		[SOFT_TIMESTAMP] = "TimestampPackageOrder",
	};
	if (!o) {
		rt_buf_adds(out, "SortedOrder(True)");
		return;
	}
	rt_buf_addf(out, "%s(", class_names[o->kind]);
	order_str(o, out);
	rt_buf_addch(out, ')');
}

/* The orderer that keys `family`: per_family delegates (NULL: sorted descending). */
static const struct rt_order *leaf_of(const struct rt_order *o, const char *family)
{
	while (o && o->kind == PER_FAMILY) {
		const struct rt_order *next = o->default_order;
		for (size_t i = 0; i < o->ngroups; i++)
			for (size_t j = 0; j < o->groups[i].nfams; j++)
				if (rt_streq(o->groups[i].fams[j], family))
					next = o->groups[i].order;
		o = next;
	}
	return o;
}

int rt_order_needs_timestamps(const struct rt_order *o, const char *family)
{
	const struct rt_order *leaf = leaf_of(o, family);
	return leaf && leaf->kind == SOFT_TIMESTAMP;
}

/* Rez's _calc_first_after, over versions latest first. */
static struct rt_version *first_after(const struct rt_order *o,
				      const struct rt_version *const *v, const long long *ts,
				      size_t n)
{
	const struct rt_version *after = NULL;
	struct rt_version *trimmed;
	size_t i;

	if (!n)
		return NULL;
	for (i = 0; i < n; i++) {
		if (!ts[i])
			continue;
		if (ts[i] > o->timestamp)
			after = v[i];
		else
			break;
	}
	if (i == n)
		i = n - 1;   /* as Python's loop variable after a loop that did not break */
	if (!o->rank)
		return after ? rt_version_copy(after) : NULL;
	/* with a rank: back up to the oldest newer version that differs above the rank */
	trimmed = rt_version_trim(v[i], (size_t)o->rank - 1);
	for (size_t j = i; j-- > 0;) {
		struct rt_version *t = rt_version_trim(v[j], (size_t)o->rank - 1);
		int same = rt_version_cmp(t, trimmed) == 0;
		rt_version_free(t);
		if (!same) {
			rt_version_free(trimmed);
			return rt_version_copy(v[j]);
		}
	}
	rt_version_free(trimmed);
	return NULL;
}

void rt_order_keyer_init(struct rt_order_keyer *k, const struct rt_order *o, const char *family,
			 const struct rt_version *const *versions, const long long *timestamps,
			 size_t n)
{
	k->leaf = leaf_of(o, family);
	k->first_after = NULL;
	if (k->leaf && k->leaf->kind == SOFT_TIMESTAMP && versions && timestamps)
		k->first_after = first_after(k->leaf, versions, timestamps, n);
}

void rt_order_keyer_release(struct rt_order_keyer *k)
{
	rt_version_free(k->first_after);
	k->first_after = NULL;
}

static int sgn(int c)
{
	return (c > 0) - (c < 0);
}

/* Versions with NULL as infinity. */
static int vcmp(const struct rt_version *a, const struct rt_version *b)
{
	if (!a || !b)
		return (a == NULL) - (b == NULL);
	return sgn(rt_version_cmp(a, b));
}

/* Versions from token `from` on, compared as Python compares the token lists. */
static int tail_cmp(const struct rt_version *a, const struct rt_version *b, size_t from)
{
	size_t na = rt_version_ntokens(a), nb = rt_version_ntokens(b);
	for (size_t i = from; i < na && i < nb; i++) {
		struct rt_version *x = rt_version_parse(rt_version_token(a, i), NULL);
		struct rt_version *y = rt_version_parse(rt_version_token(b, i), NULL);
		int c = x && y ? rt_version_cmp(x, y) : strcmp(rt_version_token(a, i),
							       rt_version_token(b, i));
		rt_version_free(x);
		rt_version_free(y);
		if (c)
			return sgn(c);
	}
	return (na > nb) - (na < nb);
}

int rt_order_keyer_cmp(const struct rt_order_keyer *k, const struct rt_version *a,
		       const struct rt_version *b)
{
	const struct rt_order *o = k->leaf;
	int ba, bb, c;

	if (!o)
		return vcmp(a, b);
	switch (o->kind) {
	case NO_ORDER:
		return 0;
	case SORTED:
		return o->descending ? vcmp(a, b) : -vcmp(a, b);
	case VERSION_SPLIT:
		ba = a && rt_version_cmp(a, o->first) <= 0;
		bb = b && rt_version_cmp(b, o->first) <= 0;
		return ba != bb ? ba - bb : vcmp(a, b);
	case SOFT_TIMESTAMP:
		ba = !k->first_after || (a && rt_version_cmp(a, k->first_after) < 0);
		bb = !k->first_after || (b && rt_version_cmp(b, k->first_after) < 0);
		if (ba != bb)
			return ba - bb;
		if (ba)
			return vcmp(a, b);
		/* both released after: ascending above the rank, descending within it */
		if (o->rank && a && b) {
			struct rt_version *ta = rt_version_trim(a, (size_t)o->rank - 1);
			struct rt_version *tb = rt_version_trim(b, (size_t)o->rank - 1);
			c = -sgn(rt_version_cmp(ta, tb));
			rt_version_free(ta);
			rt_version_free(tb);
			return c ? c : tail_cmp(a, b, (size_t)o->rank - 1);
		}
		return -vcmp(a, b);
	case PER_FAMILY:
		break;
	}
	return vcmp(a, b);
}

int rt_order_keyer_range_cmp(const struct rt_order_keyer *k, const struct rt_range *a,
			     const struct rt_range *b)
{
	size_t na = rt_range_nbounds(a), nb = rt_range_nbounds(b);
	for (size_t i = 0; i < na && i < nb; i++) {
		const struct rt_version *alo, *ahi, *blo, *bhi;
		int ali, ahii, bli, bhii, c;
		rt_range_bound_parts(a, i, &alo, &ali, &ahi, &ahii);
		rt_range_bound_parts(b, i, &blo, &bli, &bhi, &bhii);
		if ((c = rt_order_keyer_cmp(k, alo, blo)))
			return c;
		if (ali != bli)      /* -2 inclusive < -1 exclusive */
			return ali ? -1 : 1;
		if ((c = rt_order_keyer_cmp(k, ahi, bhi)))
			return c;
		if (ahii != bhii)    /* 1 exclusive < 2 inclusive */
			return ahii ? 1 : -1;
	}
	return (na > nb) - (na < nb);
}
