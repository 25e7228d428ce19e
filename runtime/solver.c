/* solver.c - Rez's solver (solver.py) in C: scopes, phases, extract/intersect/reduce, split.
 *
 * Object model (all refcounted except where noted, so phases can share what did not change):
 *   sym      an interned name; names are compared by pointer. Owns the family cache entry.
 *   family   the packages of one family, listed lazily, sorted latest first (owned by sym).
 *   pkg      one package; its variants are loaded on first use, already in preference order.
 *   req      a requirement in Rez's internal form (weak = conflict with the inverse range).
 *   entry    some variants of one package (Rez's _PackageEntry).
 *   body     the candidate entries of a scope plus lazily computed facts (Rez's slice).
 *   scope    a body plus the families already extracted from it, or a conflict/ephemeral
 *            request (Rez's _PackageScope).
 *   phase    the scopes of one branch of the search (Rez's _ResolvePhase); not shared.
 *
 * Variants are sorted once, when their package is loaded: Rez sorts lazily, but its sort key
 * is a total order that only depends on the request, so every subset it sorts later comes out
 * in the same relative order. */
#include "runtime/common.h"
#include "runtime/solver.h"
#include "runtime/buf.h"
#include "runtime/order.h"
#include "runtime/version.h"

#include <stddef.h>
#include <time.h>

struct solver;
struct family;
struct req;

/* ================================================================ names */

struct sym {
	struct sym *next;            /* hash chain */
	struct family *fam;          /* NULL until the family is listed */
	/* When the name is a requirement string: its parsed form (one reference), so strings
	 * shared by many packages (every version of a family usually has the same requires)
	 * are parsed once per solve */
	struct req *req;
	/* Scratch slot for O(1) per-name lookups inside one function call; every user resets
	 * it to 0 before returning (the solver is not reentrant, and each solve has its own
	 * names). */
	size_t tmp;
	char s[];
};

struct symtab {
	struct sym **slots;
	size_t cap, n;
};

static struct sym *sym_of(const char *name)
{
	return (struct sym *)(void *)(name - offsetof(struct sym, s));
}

static size_t str_hash(const char *s)
{
	size_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static const char *intern(struct symtab *t, const char *s)
{
	size_t h = str_hash(s), len;
	struct sym *y;

	if (t->cap) {
		for (y = t->slots[h & (t->cap - 1)]; y; y = y->next)
			if (rt_streq(y->s, s))
				return y->s;
	}
	if (t->n * 2 >= t->cap) {
		size_t ncap = t->cap ? t->cap * 2 : 64, i;
		struct sym **ns = rt_xcalloc(ncap, sizeof(*ns));
		for (i = 0; i < t->cap; i++) {
			struct sym *next;
			for (y = t->slots[i]; y; y = next) {
				size_t k = str_hash(y->s) & (ncap - 1);
				next = y->next;
				y->next = ns[k];
				ns[k] = y;
			}
		}
		free(t->slots);
		t->slots = ns;
		t->cap = ncap;
	}
	len = strlen(s);
	y = rt_xmalloc(rt_st_add(sizeof(*y), rt_st_add(len, 1)));
	memcpy(y->s, s, len + 1);
	y->fam = NULL;
	y->req = NULL;
	y->tmp = 0;
	y->next = t->slots[h & (t->cap - 1)];
	t->slots[h & (t->cap - 1)] = y;
	t->n++;
	return y->s;
}

/* ---- a map from interned name (compared by pointer) to an index ----
 * Open addressing with linear probing; the key array is NULL-terminated by empty slots. */
struct pmap {
	const char **key;
	size_t *val;
	size_t cap, n;
};

static size_t ptr_hash(const void *p)
{
	uint64_t x = (uint64_t)(uintptr_t)p;
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	return (size_t)x;
}

/* The value stored for k plus one, or 0 when k is absent. */
static size_t pmap_get(const struct pmap *m, const char *k)
{
	size_t i;
	if (!m->cap)
		return 0;
	for (i = ptr_hash(k) & (m->cap - 1); m->key[i]; i = (i + 1) & (m->cap - 1))
		if (m->key[i] == k)
			return m->val[i] + 1;
	return 0;
}

static void pmap_put(struct pmap *m, const char *k, size_t v)
{
	size_t i;
	if (rt_st_mult(m->n + 1, 2) > m->cap) {
		struct pmap g;
		g.cap = m->cap ? rt_st_mult(m->cap, 2) : 16;
		g.n = 0;
		g.key = rt_xcalloc(g.cap, sizeof(*g.key));
		g.val = rt_xcalloc(g.cap, sizeof(*g.val));
		for (i = 0; i < m->cap; i++)
			if (m->key[i])
				pmap_put(&g, m->key[i], m->val[i]);
		free(m->key);
		free(m->val);
		*m = g;
	}
	for (i = ptr_hash(k) & (m->cap - 1); m->key[i]; i = (i + 1) & (m->cap - 1))
		if (m->key[i] == k) {
			m->val[i] = v;
			return;
		}
	m->key[i] = k;
	m->val[i] = v;
	m->n++;
}

static void pmap_release(struct pmap *m)
{
	free(m->key);
	free(m->val);
	memset(m, 0, sizeof(*m));
}

/* Sets of interned names: a plain array, indexed by a pmap once it holds more than a few
 * (a package may require 100,000 families: every lookup must stay O(1)). */
#define NAMES_SMALL 8

struct names {
	const char **v;
	size_t n, cap;
	struct pmap idx;             /* name -> position, when n > NAMES_SMALL */
};

static void names_reindex(struct names *ns)
{
	size_t i;
	pmap_release(&ns->idx);
	if (ns->n > NAMES_SMALL)
		for (i = 0; i < ns->n; i++)
			pmap_put(&ns->idx, ns->v[i], i);
}

/* Position of name in ns, or SIZE_MAX. */
static size_t names_pos(const struct names *ns, const char *name)
{
	size_t i;
	if (ns->idx.cap) {
		i = pmap_get(&ns->idx, name);
		return i ? i - 1 : SIZE_MAX;
	}
	for (i = 0; i < ns->n; i++)
		if (ns->v[i] == name)
			return i;
	return SIZE_MAX;
}

static int names_has(const struct names *ns, const char *name)
{
	return names_pos(ns, name) != SIZE_MAX;
}

static void names_add(struct names *ns, const char *name)
{
	if (names_has(ns, name))
		return;
	ns->v = rt_xgrow(ns->v, sizeof(*ns->v), ns->n + 1, &ns->cap);
	ns->v[ns->n++] = name;
	if (ns->idx.cap)
		pmap_put(&ns->idx, name, ns->n - 1);
	else if (ns->n > NAMES_SMALL)
		names_reindex(ns);
}

static void names_copy(struct names *dst, const struct names *src)
{
	dst->n = 0;
	if (src->n) {
		dst->v = rt_xgrow(dst->v, sizeof(*dst->v), src->n, &dst->cap);
		memcpy(dst->v, src->v, src->n * sizeof(*src->v));
	}
	dst->n = src->n;
	names_reindex(dst);
}

/* Keeps the names of `ns` that are also in `other`. */
static void names_retain(struct names *ns, const struct names *other)
{
	size_t i, k = 0;
	for (i = 0; i < ns->n; i++)
		if (names_has(other, ns->v[i]))
			ns->v[k++] = ns->v[i];
	if (k != ns->n) {
		ns->n = k;
		names_reindex(ns);
	}
}

static int name_strcmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void names_sort(struct names *ns)
{
	if (ns->n > 1)
		qsort(ns->v, ns->n, sizeof(*ns->v), name_strcmp);
	names_reindex(ns);
}

static void names_release(struct names *ns)
{
	free(ns->v);
	pmap_release(&ns->idx);
	ns->v = NULL;
	ns->n = ns->cap = 0;
}

/* ================================================================ requirements */

struct req {
	unsigned refs;
	const char *name;            /* interned */
	struct rt_range *range;      /* NULL only for a weak requirement with no effect */
	unsigned char conflict, weak;
	char *str;                   /* formatted on first use */
};

static struct req *req_new(const char *name, struct rt_range *range, int conflict, int weak)
{
	struct req *r = rt_xcalloc(1, sizeof(*r));
	r->refs = 1;
	r->name = name;
	r->range = range;
	r->conflict = (unsigned char)conflict;
	r->weak = (unsigned char)weak;
	return r;
}

static struct req *req_ref(struct req *r)
{
	r->refs++;
	return r;
}

static void req_unref(struct req *r)
{
	if (!r || --r->refs)
		return;
	rt_range_free(r->range);
	free(r->str);
	free(r);
}

static struct req *req_from_request(struct symtab *t, const struct rt_request *rq)
{
	const char *name = intern(t, rt_request_name(rq));
	const struct rt_range *written = rt_request_range(rq);

	if (rt_request_is_weak(rq)) {
		/* "~foo-1" is "!foo" on everything outside 1; "~foo" has no effect at all */
		struct rt_range *inv = rt_range_is_any(written) ? NULL : rt_range_inverse(written);
		return req_new(name, inv, 1, 1);
	}
	return req_new(name, rt_range_copy(written), rt_request_is_conflict(rq), 0);
}

static const char *req_str(struct req *r)
{
	struct rt_buf sb = RT_BUF_INIT, rs = RT_BUF_INIT;
	if (r->str)
		return r->str;
	rt_buf_adds(&sb, r->weak ? "~" : r->conflict ? "!" : "");
	rt_buf_adds(&sb, r->name);
	if (r->weak || !r->range) {
		struct rt_range *shown = r->range ? rt_range_inverse(r->range) : NULL;
		if (shown)
			rt_range_format(shown, &rs);
		rt_range_free(shown);
	} else {
		rt_range_format(r->range, &rs);
	}
	if (rs.len) {
		if (rs.buf[0] != '=' && rs.buf[0] != '<' && rs.buf[0] != '>')
			rt_buf_addch(&sb, '-');
		rt_buf_addbuf(&sb, &rs);
	}
	rt_buf_release(&rs);
	r->str = rt_buf_detach(&sb, NULL);
	return r->str;
}

static int sign(long d)
{
	return (d > 0) - (d < 0);
}

/* Rez's default orderer sorts requirement ranges bound by bound (rt_range_cmp), a configured
 * one by its own keys (keyer); a no-effect weak requirement (no range) sorts first. */
static int range_key_cmp(const struct rt_order_keyer *keyer, const struct rt_range *a,
			 const struct rt_range *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	if (keyer)
		return rt_order_keyer_range_cmp(keyer, a, b);
	return sign(rt_range_cmp(a, b));
}

/* Rez's Requirement.conflicts_with(Requirement). */
static int req_conflicts_with(const struct req *a, const struct req *b)
{
	if (a->name != b->name || !a->range || !b->range)
		return 0;
	if (a->conflict)
		return b->conflict ? 0 : rt_range_is_superset(a->range, b->range);
	if (b->conflict)
		return rt_range_is_superset(b->range, a->range);
	return !rt_range_intersects(a->range, b->range);
}

/* Rez's Requirement.merged: a new reference, or NULL when a and b cannot both hold. */
static struct req *req_merged(struct req *a, struct req *b)
{
	struct rt_range *r;
	if (!a->range)
		return req_ref(b);
	if (!b->range)
		return req_ref(a);
	if (a->conflict && b->conflict) {
		r = rt_range_union(a->range, b->range);
		return req_new(a->name, r, 1, a->weak && b->weak && !rt_range_is_any(r));
	}
	if (a->conflict) {
		if (!(r = rt_range_subtract(b->range, a->range)))
			return NULL;
		return req_new(b->name, r, b->conflict, b->weak);
	}
	if (b->conflict)
		r = rt_range_subtract(a->range, b->range);
	else
		r = rt_range_intersection(a->range, b->range);
	return r ? req_new(a->name, r, a->conflict, a->weak) : NULL;
}

/* ---- Rez's RequirementList: requirements merged per family, in first-mention order ---- */

struct reqlist {
	struct req **v;
	size_t n, cap;
	struct req *conflict[2];     /* the first pair that could not be merged */
	struct pmap idx;             /* name -> position, when n > NAMES_SMALL */
};

static struct req *reqlist_get(const struct reqlist *l, const char *name)
{
	size_t i;
	if (l->idx.cap) {
		i = pmap_get(&l->idx, name);
		return i ? l->v[i - 1] : NULL;
	}
	for (i = 0; i < l->n; i++)
		if (l->v[i]->name == name)
			return l->v[i];
	return NULL;
}

static void reqlist_release(struct reqlist *l)
{
	size_t i;
	for (i = 0; i < l->n; i++)
		req_unref(l->v[i]);
	free(l->v);
	req_unref(l->conflict[0]);
	req_unref(l->conflict[1]);
	pmap_release(&l->idx);
	memset(l, 0, sizeof(*l));
}

/* ---- merging many requirements on one family at once ----
 * Merging one by one costs the size of the merged range at every step, and a definition can
 * list 100,000 requirements on one family ("!foo-1", "!foo-2", ... grow the merged range at
 * each): quadratic. A family with more than MERGE_BATCH requirements is merged in one go:
 * the conflicts before its first plain requirement are one union, that requirement minus
 * them, intersected with the later plain ones, minus the union of the later conflicts. The
 * versions are the same as one by one, and so is the range written (ranges merged from
 * maximal disjoint bounds stay maximal and disjoint). Only when the result is empty is the
 * step at which the one-by-one merge fails searched for (by halving), as its pair is the
 * conflict Rez reports. */
#define MERGE_BATCH 16

/* x (taken over) minus the union of n ranges; NULL when nothing is left. */
static struct rt_range *subtract_union(struct rt_range *x, const struct rt_range **r, size_t n)
{
	struct rt_range *u = rt_range_union_many(r, n), *t = rt_range_subtract(x, u);
	rt_range_free(u);
	rt_range_free(x);
	return t;
}

/* The merge of the first L requirements reqs[idx[0..L)] of one family (L >= 1): a new
 * reference, or NULL when no version is left. */
static struct req *merge_prefix(struct req *const *reqs, const size_t *idx, size_t L,
				const struct rt_range **scratch)
{
	struct req *plain = NULL, *last_null = NULL, *only = NULL;
	struct rt_range *x, *t, *u;
	size_t j, p = L, nc = 0, nonnull = 0;
	int allweak = 1;

	for (j = 0; j < L && !plain; j++) {
		struct req *r = reqs[idx[j]];
		if (!r->range) {
			last_null = r;
			continue;
		}
		nonnull++;
		only = r;
		if (!r->conflict) {
			plain = r;
			p = j;
		} else {
			scratch[nc++] = r->range;
			allweak &= r->weak;
		}
	}
	if (!plain) {
		if (!nonnull)
			return req_ref(last_null);
		if (nonnull == 1)
			return req_ref(only);
		u = rt_range_union_many(scratch, nc);
		return req_new(only->name, u, 1, allweak && !rt_range_is_any(u));
	}
	x = rt_range_copy(plain->range);
	if (nc && !(x = subtract_union(x, scratch, nc)))
		return NULL;
	nc = 0;
	for (j = p + 1; j < L; j++) {
		struct req *r = reqs[idx[j]];
		if (!r->range)
			continue;
		if (r->conflict) {
			scratch[nc++] = r->range;
			continue;
		}
		t = rt_range_intersection(x, r->range);
		rt_range_free(x);
		if (!(x = t))
			return NULL;
	}
	if (nc && !(x = subtract_union(x, scratch, nc)))
		return NULL;
	return req_new(plain->name, x, 0, 0);
}

/* The merge of one family's m requirements; NULL when they cannot all hold, with *fail the
 * index in reqs of the first one that cannot and *before the merge of those before it. */
static struct req *merge_batch(struct req *const *reqs, const size_t *idx, size_t m,
			       size_t *fail, struct req **before)
{
	const struct rt_range **scratch = rt_xcalloc(m + 1, sizeof(*scratch));
	struct req *r = merge_prefix(reqs, idx, m, scratch), *t;
	size_t lo = 2, hi = m;

	*fail = SIZE_MAX;
	*before = NULL;
	if (!r) {
		/* prefixes only lose versions once a plain requirement is in: find the first
		 * empty one (a single requirement is never empty) */
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if ((t = merge_prefix(reqs, idx, mid, scratch))) {
				req_unref(t);
				lo = mid + 1;
			} else {
				hi = mid;
			}
		}
		*before = merge_prefix(reqs, idx, lo - 1, scratch);
		*fail = idx[lo - 1];
	}
	free(scratch);
	return r;
}

struct famgroup {
	size_t count, fill;
	size_t *members;             /* only for a family merged in one go */
	struct req *result, *before;
	size_t fail;
};

/* Builds `out` (zeroed) from reqs, merged per family in first-mention order, one by one as
 * Rez does (or in one go, see MERGE_BATCH). On a conflict the list stays empty, as in Rez,
 * and the conflict is the first pair, in reqs' order, that could not be merged. */
static void reqlist_build(struct reqlist *out, struct req *const *reqs, size_t n)
{
	struct famgroup *g = NULL;
	size_t *slot = rt_xcalloc(n + 1, sizeof(*slot)), ng = 0, capg = 0, i, k;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < n; i++) {             /* tmp: group + 1 */
		struct sym *y = sym_of(reqs[i]->name);
		if (!y->tmp) {
			g = rt_xgrow(g, sizeof(*g), ng + 1, &capg);
			memset(&g[ng], 0, sizeof(g[ng]));
			y->tmp = ++ng;
		}
		slot[i] = y->tmp - 1;
		g[slot[i]].count++;
	}
	for (i = 0; i < n; i++)
		sym_of(reqs[i]->name)->tmp = 0;
	for (k = 0; k < ng; k++)
		if (g[k].count > MERGE_BATCH)
			g[k].members = rt_xcalloc(g[k].count, sizeof(*g[k].members));
	for (i = 0; i < n; i++)
		if (g[slot[i]].members)
			g[slot[i]].members[g[slot[i]].fill++] = i;
	for (k = 0; k < ng; k++)
		if (g[k].members)
			g[k].result = merge_batch(reqs, g[k].members, g[k].count, &g[k].fail,
						  &g[k].before);

	for (i = 0; i < n; i++) {
		struct sym *y = sym_of(reqs[i]->name);   /* tmp: position + 1 in out */
		struct famgroup *fg = &g[slot[i]];
		if (fg->members) {
			if (fg->fail == i) {
				out->conflict[0] = fg->before;
				out->conflict[1] = req_ref(reqs[i]);
				fg->before = NULL;
				break;
			}
			if (!y->tmp) {
				/* a family that fails later keeps a stand-in: the list is emptied */
				out->v = rt_xgrow(out->v, sizeof(*out->v), out->n + 1, &out->cap);
				out->v[out->n++] = req_ref(fg->result ? fg->result : reqs[i]);
				y->tmp = out->n;
			}
			continue;
		}
		if (!y->tmp) {
			out->v = rt_xgrow(out->v, sizeof(*out->v), out->n + 1, &out->cap);
			out->v[out->n++] = req_ref(reqs[i]);
			y->tmp = out->n;
		} else {
			struct req *m = req_merged(out->v[y->tmp - 1], reqs[i]);
			if (!m) {
				out->conflict[0] = req_ref(out->v[y->tmp - 1]);
				out->conflict[1] = req_ref(reqs[i]);
				break;
			}
			req_unref(out->v[y->tmp - 1]);
			out->v[y->tmp - 1] = m;
		}
	}
	for (k = 0; k < out->n; k++)
		sym_of(out->v[k]->name)->tmp = 0;
	for (k = 0; k < ng; k++) {
		free(g[k].members);
		req_unref(g[k].result);
		req_unref(g[k].before);
	}
	free(g);
	free(slot);
	if (out->conflict[0]) {
		for (k = 0; k < out->n; k++)
			req_unref(out->v[k]);
		out->n = 0;
	}
	if (out->n > NAMES_SMALL)
		for (k = 0; k < out->n; k++)
			pmap_put(&out->idx, out->v[k]->name, k);
}

static void reqlist_format(const struct reqlist *l, struct rt_buf *sb)
{
	size_t i;
	if (l->conflict[0]) {
		rt_buf_addf(sb, "%s <--!--> %s", req_str(l->conflict[0]), req_str(l->conflict[1]));
		return;
	}
	for (i = 0; i < l->n; i++)
		rt_buf_addf(sb, "%s%s", i ? " " : "", req_str(l->v[i]));
}

/* ================================================================ families, packages */

struct vkey_item {
	long i;                      /* -(position in the request); 0 for additional requirements */
	const struct rt_range *range;
	const char *name;
	const struct rt_order_keyer *keyer;   /* the family's orderer; NULL: the default */
};

struct variant {
	struct pkg *pkg;
	int index;
	struct reqlist requires;
	struct names names;          /* non-conflict families required */
	struct names fams;           /* all families required, conflicts included */
	struct vkey_item *key;       /* sort key, freed once sorted */
	size_t nrequested, nadditional;
};

enum { PKG_UNLOADED, PKG_FILTERED, PKG_LOADED };

struct entry;

struct pkg {
	struct family *fam;
	struct rt_version *version;
	void *handle;
	size_t order;                /* position in which the source added it */
	int state;
	struct variant *variants;
	size_t nvariants;
	struct entry *all;           /* every variant, in preference order (once loaded) */
};

struct family {
	const char *name;
	struct pkg *pkgs;            /* preferred first: latest first unless an orderer says */
	size_t npkgs;
	int has_keyer;               /* an orderer applies to the family */
	struct rt_order_keyer keyer;
};

struct entry {
	unsigned refs;
	struct pkg *pkg;
	size_t n;
	struct variant *v[];
};

static struct entry *entry_new(struct pkg *pkg, size_t n)
{
	struct entry *e = rt_xmalloc(rt_st_add(sizeof(*e), rt_st_mult(n, sizeof(e->v[0]))));
	e->refs = 1;
	e->pkg = pkg;
	e->n = n;
	return e;
}

static struct entry *entry_ref(struct entry *e)
{
	e->refs++;
	return e;
}

static void entry_unref(struct entry *e)
{
	if (e && !--e->refs)
		free(e);
}

/* ---- the sink the source callbacks write into ---- */

struct strvec {
	char **v;
	size_t n, cap;
};

static void strvec_set(struct strvec *sv, const char *const *s, size_t n)
{
	size_t i;
	for (i = 0; i < sv->n; i++)
		free(sv->v[i]);
	sv->n = 0;
	sv->v = rt_xgrow(sv->v, sizeof(*sv->v), n, &sv->cap);
	for (i = 0; i < n; i++)
		sv->v[sv->n++] = rt_xstrdup(s[i]);
}

static void strvec_release(struct strvec *sv)
{
	size_t i;
	for (i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	memset(sv, 0, sizeof(*sv));
}

struct sink_variant {
	int index;
	struct strvec reqs;
	int own_build;               /* build_requires of its own (late, per variant) */
	struct strvec build_requires;
};

struct rt_solver_sink {
	/* list_family */
	struct pkg *pkgs;
	size_t npkgs, cappkgs;
	/* load_package */
	struct strvec requires, build_requires;
	struct sink_variant *variants;
	size_t nvariants, capvariants;
};

int rt_solver_add_package(struct rt_solver_sink *sink, const char *version, void *pkg,
			  struct rt_error *err)
{
	struct rt_version *v = rt_version_parse(version, err);
	struct pkg *p;
	if (!v)
		return -1;
	sink->pkgs = rt_xgrow(sink->pkgs, sizeof(*sink->pkgs), sink->npkgs + 1, &sink->cappkgs);
	p = &sink->pkgs[sink->npkgs];
	memset(p, 0, sizeof(*p));
	p->version = v;
	p->handle = pkg;
	p->order = sink->npkgs++;
	return 0;
}

void rt_solver_set_requires(struct rt_solver_sink *sink, const char *const *reqs, size_t n)
{
	strvec_set(&sink->requires, reqs, n);
}

void rt_solver_set_build_requires(struct rt_solver_sink *sink, const char *const *reqs, size_t n)
{
	strvec_set(&sink->build_requires, reqs, n);
}

void rt_solver_add_variant(struct rt_solver_sink *sink, int index, const char *const *reqs,
			   size_t n)
{
	struct sink_variant *sv;
	sink->variants = rt_xgrow(sink->variants, sizeof(*sink->variants), sink->nvariants + 1,
				  &sink->capvariants);
	sv = &sink->variants[sink->nvariants++];
	memset(sv, 0, sizeof(*sv));
	sv->index = index;
	strvec_set(&sv->reqs, reqs, n);
}

void rt_solver_set_variant_build_requires(struct rt_solver_sink *sink, const char *const *reqs,
					  size_t n)
{
	struct sink_variant *sv = &sink->variants[sink->nvariants - 1];
	sv->own_build = 1;
	strvec_set(&sv->build_requires, reqs, n);
}

static void sink_release(struct rt_solver_sink *sink)
{
	size_t i;
	for (i = 0; i < sink->npkgs; i++)
		rt_version_free(sink->pkgs[i].version);
	free(sink->pkgs);
	strvec_release(&sink->requires);
	strvec_release(&sink->build_requires);
	for (i = 0; i < sink->nvariants; i++) {
		strvec_release(&sink->variants[i].reqs);
		strvec_release(&sink->variants[i].build_requires);
	}
	free(sink->variants);
	memset(sink, 0, sizeof(*sink));
}

/* ================================================================ the solver */

enum phase_status { PH_PENDING, PH_SOLVED, PH_EXHAUSTED, PH_FAILED, PH_CYCLIC };

struct body;
struct scope;
struct phase;

struct solver {
	const struct rt_solver_source *src;
	struct rt_solver_options opt;
	struct rt_error *err;
	struct symtab syms;
	struct family **fams;        /* every family listed, for freeing */
	size_t nfams, capfams;
	struct reqlist request;      /* the merged request */
	struct phase **stack;
	size_t nstack, capstack;
	/* failed phases popped off the stack: only the first and last descriptions are kept */
	size_t nfailed;
	char *first_fail, *first_chain, *last_fail, *last_chain;
	int callback_failed;
	char *abort_reason;
	struct timespec start;
	/* The time limit is checked inside every loop that can run long, not only between solve
	 * steps (one step over a 100,000-requirement package is long): `ticks` counts loop
	 * iterations so the clock is read once per 256; once over, `timed_out` stays set and
	 * every check fails, so the solve unwinds through the ordinary error paths. */
	unsigned ticks;
	int timed_out;
	struct rt_solver_stats stats;
};

static double elapsed(const struct solver *s)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - s->start.tv_sec) +
		(double)(now.tv_nsec - s->start.tv_nsec) / 1e9;
}

#define TIME_LIMIT_MSG "time limit exceeded"   /* Rez's abort reason */

/* One loop iteration: 0, or -1 (err set) once the time limit has passed. */
static int time_check(struct solver *s)
{
	if (!s->timed_out) {
		if (s->opt.time_limit < 0 || (++s->ticks & 255u))
			return 0;
		if (elapsed(s) <= s->opt.time_limit)
			return 0;
		s->timed_out = 1;
	}
	if (s->err && !s->err->msg)
		rt_error(s->err, TIME_LIMIT_MSG);
	return -1;
}

static int missing_family_error(struct solver *s, const char *name)
{
	if (s->src->searched)
		return rt_error(s->err, "package family not found: %s (searched: %s)", name,
				s->src->searched);
	return rt_error(s->err, "package family not found: %s", name);
}

static int pkg_order_cmp(const void *pa, const void *pb)
{
	const struct pkg *a = pa, *b = pb;
	int c = rt_version_cmp(b->version, a->version);
	if (c)
		return c;
	return (a->order > b->order) - (a->order < b->order);
}

static struct family *family_get(struct solver *s, const char *name, int *missing);
static const struct rt_order_keyer *sort_keyer;

static int keyed_pkg_cmp(const void *pa, const void *pb)
{
	const struct pkg *a = pa, *b = pb;
	int c = rt_order_keyer_cmp(sort_keyer, b->version, a->version);   /* preferred first */
	if (c)
		return c;
	return (a->order > b->order) - (a->order < b->order);
}

/* Puts a family's packages in its orderer's preference order (Rez's sort_versions with
 * reverse=True; ties keep the latest-first listing order). */
static int order_family(struct solver *s, struct family *f)
{
	const struct rt_order *o = rt_order_list_get(s->opt.orderers, f->name);
	const struct rt_version **vs = NULL;
	long long *ts = NULL;
	size_t i;

	if (!o)
		return 0;
	if (rt_order_needs_timestamps(o, f->name)) {
		vs = rt_xcalloc(f->npkgs, sizeof(*vs));
		ts = rt_xcalloc(f->npkgs, sizeof(*ts));
		for (i = 0; i < f->npkgs; i++) {
			vs[i] = f->pkgs[i].version;
			if (s->opt.timestamp &&
			    s->opt.timestamp(s->opt.timestamp_ctx, f->name, f->pkgs[i].handle, &ts[i],
					     s->err) < 0) {
				free(vs);
				free(ts);
				return -1;
			}
		}
	}
	rt_order_keyer_init(&f->keyer, o, f->name, vs, ts, f->npkgs);
	f->has_keyer = 1;
	free(vs);
	free(ts);
	for (i = 0; i < f->npkgs; i++)
		f->pkgs[i].order = i;
	sort_keyer = &f->keyer;   /* the solver is not reentrant (see struct sym) */
	qsort(f->pkgs, f->npkgs, sizeof(*f->pkgs), keyed_pkg_cmp);
	sort_keyer = NULL;
	return 0;
}

/* The keyer for requirement ranges of `name` (NULL: the default order). Lists the family when
 * an orderer applies to it; a family that cannot be listed keys by default (its absence is
 * reported where it is needed). */
static const struct rt_order_keyer *keyer_for(struct solver *s, const char *name)
{
	struct rt_error e = RT_ERROR_INIT, *saved = s->err;
	struct family *f;
	int missing;

	if (!rt_order_list_get(s->opt.orderers, name))
		return NULL;
	s->err = &e;
	f = family_get(s, name, &missing);
	s->err = saved;
	rt_error_release(&e);
	return f && f->has_keyer ? &f->keyer : NULL;
}

/* The family of `name`, listed on first use; NULL (err set) on error or when it has no
 * package, with *missing set in the latter case. */
static struct family *family_get(struct solver *s, const char *name, int *missing)
{
	struct sym *y = sym_of(name);
	struct rt_solver_sink sink;
	struct family *f;
	size_t i, k;

	*missing = 0;
	if (y->fam && y->fam->npkgs)
		return y->fam;
	if (y->fam) {
		*missing = 1;
		missing_family_error(s, name);
		return NULL;
	}
	memset(&sink, 0, sizeof(sink));
	if (s->src->list_family(s->src->ctx, name, &sink, s->err) < 0) {
		if (!s->err || !s->err->msg)
			rt_error(s->err, "cannot list package family '%s'", name);
		sink_release(&sink);
		return NULL;
	}
	s->stats.families_listed++;
	f = rt_xcalloc(1, sizeof(*f));
	f->name = name;
	if (sink.npkgs) {
		qsort(sink.pkgs, sink.npkgs, sizeof(*sink.pkgs), pkg_order_cmp);
		f->pkgs = rt_xcalloc(sink.npkgs, sizeof(*f->pkgs));
		for (i = 0, k = 0; i < sink.npkgs; i++) {
			/* same version in a later repository: shadowed */
			if (k && !rt_version_cmp(f->pkgs[k - 1].version, sink.pkgs[i].version)) {
				rt_version_free(sink.pkgs[i].version);
				continue;
			}
			f->pkgs[k] = sink.pkgs[i];
			f->pkgs[k].fam = f;
			f->pkgs[k].state = PKG_UNLOADED;
			k++;
		}
		f->npkgs = k;
		sink.npkgs = 0;
		if (order_family(s, f) < 0) {
			sink_release(&sink);
			y->fam = f;
			s->fams = rt_xgrow(s->fams, sizeof(*s->fams), s->nfams + 1, &s->capfams);
			s->fams[s->nfams++] = f;
			return NULL;
		}
	}
	sink_release(&sink);
	y->fam = f;
	s->fams = rt_xgrow(s->fams, sizeof(*s->fams), s->nfams + 1, &s->capfams);
	s->fams[s->nfams++] = f;
	if (!f->npkgs) {
		*missing = 1;
		missing_family_error(s, name);
		return NULL;
	}
	return f;
}

static void pkg_format(const struct pkg *p, struct rt_buf *sb)
{
	const char *v = rt_version_str(p->version);
	rt_buf_adds(sb, p->fam->name);
	if (*v)
		rt_buf_addf(sb, "-%s", v);
}

/* Rez's variant sort key (_PackageEntry.sort), compared as Python compares the tuples. */
static int vkey_items_cmp(const struct vkey_item *a, size_t na, const struct vkey_item *b,
			  size_t nb, int additional)
{
	size_t i;
	int c;
	for (i = 0; i < na && i < nb; i++) {
		if (!additional && a[i].i != b[i].i)
			return a[i].i < b[i].i ? -1 : 1;
		if ((c = range_key_cmp(a[i].keyer, a[i].range, b[i].range)))
			return c;
		if (additional && (c = strcmp(a[i].name, b[i].name)))
			return sign(c);
	}
	return (na > nb) - (na < nb);
}

static int variant_key_cmp(const struct variant *a, const struct variant *b, int intersection)
{
	int c;
	if (intersection && a->nrequested != b->nrequested)
		return a->nrequested < b->nrequested ? -1 : 1;
	if ((c = vkey_items_cmp(a->key, a->nrequested, b->key, b->nrequested, 0)))
		return c;
	if (a->nadditional != b->nadditional)      /* -len(additional): fewer is greater */
		return a->nadditional > b->nadditional ? -1 : 1;
	if ((c = vkey_items_cmp(a->key + a->nrequested, a->nadditional,
				b->key + b->nrequested, b->nadditional, 1)))
		return c;
	return (a->index > b->index) - (a->index < b->index);
}

/* Preferred first (Rez sorts with reverse=True). The key is a total order (the index breaks
 * ties), so any sort gives Rez's order; a merge sort, as a package may have 10,000 variants. */
static void sort_variants(struct variant **v, size_t n, int intersection)
{
	struct variant **tmp;
	size_t width, i;

	if (n < 2)
		return;
	tmp = rt_xcalloc(n, sizeof(*tmp));
	for (width = 1; width < n; width *= 2) {
		for (i = 0; i < n; i += 2 * width) {
			size_t lo = i, mid = i + width < n ? i + width : n;
			size_t hi = i + 2 * width < n ? i + 2 * width : n, a = lo, b = mid, k = lo;
			while (a < mid && b < hi)
				tmp[k++] = variant_key_cmp(v[a], v[b], intersection) >= 0 ? v[a++] : v[b++];
			while (a < mid)
				tmp[k++] = v[a++];
			while (b < hi)
				tmp[k++] = v[b++];
		}
		memcpy(v, tmp, n * sizeof(*v));
	}
	free(tmp);
}

static void variant_make_key(struct solver *s, struct variant *v)
{
	struct names seen = { 0 };
	size_t i, n = 0;

	v->key = rt_xcalloc(v->requires.n + 1, sizeof(*v->key));
	for (i = 0; i < s->request.n; i++) {
		struct req *rq = s->request.v[i], *r;
		if (rq->conflict || !(r = reqlist_get(&v->requires, rq->name)))
			continue;
		v->key[n].i = -(long)i;
		v->key[n].range = r->range;
		v->key[n].name = r->name;
		v->key[n].keyer = s->opt.orderers ? keyer_for(s, r->name) : NULL;
		n++;
		names_add(&seen, r->name);
	}
	v->nrequested = n;
	for (i = 0; i < v->requires.n; i++) {
		struct req *r = v->requires.v[i];
		if (r->conflict || names_has(&seen, r->name))
			continue;
		v->key[n].range = r->range;
		v->key[n].name = r->name;
		v->key[n].keyer = s->opt.orderers ? keyer_for(s, r->name) : NULL;
		n++;
	}
	v->nadditional = n - v->nrequested;
	names_release(&seen);
}

static int parse_reqs(struct solver *s, const struct pkg *p, const struct strvec *sv,
		      struct req ***out, size_t *n, size_t *cap)
{
	size_t i;
	for (i = 0; i < sv->n; i++) {
		struct rt_error perr = RT_ERROR_INIT;
		struct sym *y = sym_of(intern(&s->syms, sv->v[i]));
		struct rt_request *rq;
		if (y->req) {
			*out = rt_xgrow(*out, sizeof(**out), *n + 1, cap);
			(*out)[(*n)++] = req_ref(y->req);
			continue;
		}
		rq = rt_request_parse(sv->v[i], &perr);
		if (!rq) {
			struct rt_buf sb = RT_BUF_INIT;
			pkg_format(p, &sb);
			rt_error(s->err, "package '%s': invalid requirement '%s': %s", sb.buf,
				 sv->v[i], rt_error_msg(&perr));
			rt_buf_release(&sb);
			rt_error_release(&perr);
			return -1;
		}
		*out = rt_xgrow(*out, sizeof(**out), *n + 1, cap);
		y->req = req_from_request(&s->syms, rq);
		(*out)[(*n)++] = req_ref(y->req);
		rt_request_free(rq);
	}
	return 0;
}

static int pkg_load(struct solver *s, struct pkg *p)
{
	struct rt_solver_sink sink;
	struct req **reqs = NULL;
	size_t nreqs = 0, capreqs = 0, nbase, i, k, nvar;
	int ret = -1;

	memset(&sink, 0, sizeof(sink));
	if (s->src->load_package(s->src->ctx, p->fam->name, p->handle, &sink, s->err) < 0) {
		if (!s->err || !s->err->msg) {
			struct rt_buf sb = RT_BUF_INIT;
			pkg_format(p, &sb);
			rt_error(s->err, "cannot load package '%s'", sb.buf);
			rt_buf_release(&sb);
		}
		goto out;
	}
	s->stats.packages_loaded++;
	if (parse_reqs(s, p, &sink.requires, &reqs, &nreqs, &capreqs) < 0)
		goto out;
	nbase = nreqs;
	nvar = sink.nvariants ? sink.nvariants : 1;
	p->variants = rt_xcalloc(nvar, sizeof(*p->variants));
	for (k = 0; k < nvar; k++) {
		struct variant *v = &p->variants[k];
		nreqs = nbase;
		if (time_check(s) < 0)
			goto out_variants;
		v->pkg = p;
		v->index = sink.nvariants ? sink.variants[k].index : -1;
		if (sink.nvariants &&
		    parse_reqs(s, p, &sink.variants[k].reqs, &reqs, &nreqs, &capreqs) < 0)
			goto out_variants;
		if (s->opt.building &&
		    parse_reqs(s, p, sink.nvariants && sink.variants[k].own_build ?
			       &sink.variants[k].build_requires : &sink.build_requires,
			       &reqs, &nreqs, &capreqs) < 0)
			goto out_variants;
		reqlist_build(&v->requires, reqs, nreqs);
		p->nvariants = k + 1;
		for (i = nbase; i < nreqs; i++)
			req_unref(reqs[i]);
		nreqs = nbase;
		if (v->requires.conflict[0]) {
			struct rt_buf sb = RT_BUF_INIT;
			pkg_format(p, &sb);
			if (v->index >= 0)
				rt_buf_addf(&sb, "[%d]", v->index);
			else
				rt_buf_adds(&sb, "[]");
			rt_buf_adds(&sb, "' has an internal requirements conflict: ");
			reqlist_format(&v->requires, &sb);
			rt_error(s->err, "package '%s", sb.buf);
			rt_buf_release(&sb);
			goto out_variants;
		}
		for (i = 0; i < v->requires.n; i++) {
			struct req *r = v->requires.v[i];
			names_add(&v->fams, r->name);
			if (!r->conflict)
				names_add(&v->names, r->name);
		}
		variant_make_key(s, v);
	}
	p->all = entry_new(p, p->nvariants);
	for (k = 0; k < p->nvariants; k++)
		p->all->v[k] = &p->variants[k];
	sort_variants(p->all->v, p->all->n,
		      s->opt.variant_select_mode == RT_VARIANT_SELECT_INTERSECTION_PRIORITY);
	for (k = 0; k < p->nvariants; k++) {
		free(p->variants[k].key);
		p->variants[k].key = NULL;
	}
	p->state = PKG_LOADED;
	ret = 0;
	goto out;
out_variants:
	for (i = nbase; i < nreqs; i++)
		req_unref(reqs[i]);
	nreqs = nbase;
out:
	for (i = 0; i < nreqs; i++)
		req_unref(reqs[i]);
	free(reqs);
	sink_release(&sink);
	return ret;
}

static void pkg_release(struct pkg *p)
{
	size_t k;
	for (k = 0; k < p->nvariants; k++) {
		struct variant *v = &p->variants[k];
		reqlist_release(&v->requires);
		names_release(&v->names);
		names_release(&v->fams);
		free(v->key);
	}
	free(p->variants);
	entry_unref(p->all);
	rt_version_free(p->version);
}

/* ================================================================ bodies (Rez's slices) */

struct body {
	unsigned refs;
	const char *name;
	struct entry **e;
	size_t n;
	size_t len;                  /* number of variants */
	/* Rez keeps a slice in repository listing order until its first split sorts it; only
	 * the order reductions are reported in shows it (see reduction_description) */
	int sorted;
	struct rt_range *range;      /* exact versions, computed on demand */
	int have_common;
	struct names common;         /* families every variant requires, by name */
	struct famset *famreq;       /* families any variant mentions, or more (see famset) */
};

/* The families a body's candidates mention (Rez's fam_requires). Only ever used to skip
 * reductions that cannot remove anything, so a superset is as good: a body made from a
 * larger one (split, narrowed, reduced) shares its parent's set while it keeps more than
 * half of the variants the set was computed for. A resolve that tries 10,000 variants one
 * at a time then computes the set a few times, not once per step (10^8 insertions). */
struct famset {
	unsigned refs;
	size_t len;                  /* the variants it was computed for */
	struct names n;
};

static void famset_unref(struct famset *f)
{
	if (f && !--f->refs) {
		names_release(&f->n);
		free(f);
	}
}

static struct body *body_new(const char *name, struct entry **e, size_t n)
{
	struct body *b = rt_xcalloc(1, sizeof(*b));
	size_t i;
	b->refs = 1;
	b->name = name;
	b->e = rt_xcalloc(n, sizeof(*b->e));
	for (i = 0; i < n; i++) {
		b->e[i] = entry_ref(e[i]);
		b->len += e[i]->n;
	}
	b->n = n;
	return b;
}

static struct body *body_ref(struct body *b)
{
	b->refs++;
	return b;
}

static void body_unref(struct body *b)
{
	size_t i;
	if (!b || --b->refs)
		return;
	for (i = 0; i < b->n; i++)
		entry_unref(b->e[i]);
	free(b->e);
	rt_range_free(b->range);
	names_release(&b->common);
	famset_unref(b->famreq);
	free(b);
}

/* A body made from `parent`'s candidates (see struct famset). */
static void body_inherit(struct body *b, const struct body *parent)
{
	if (parent->famreq && b->len * 2 > parent->famreq->len) {
		b->famreq = parent->famreq;
		b->famreq->refs++;
	}
}

/* Rez's VersionRange.from_versions: "==v1|==v2|..." */
static const struct rt_range *body_range(struct body *b)
{
	const struct rt_version **vs;
	size_t i;
	if (b->range)
		return b->range;
	vs = rt_xcalloc(b->n, sizeof(*vs));
	for (i = 0; i < b->n; i++)
		vs[i] = b->e[i]->pkg->version;
	b->range = rt_range_from_versions_desc(vs, b->n);   /* candidates are latest first */
	free(vs);
	if (!b->range)
		RT_BUG("solver: empty candidate list for '%s'", b->name);
	return b->range;
}

/* The families every candidate requires (Rez's common_fams). */
static const struct names *body_common(struct body *b)
{
	size_t i, j;
	if (b->have_common)
		return &b->common;
	names_copy(&b->common, &b->e[0]->v[0]->names);
	for (i = 0; i < b->n && b->common.n; i++)
		for (j = 0; j < b->e[i]->n && b->common.n; j++)
			names_retain(&b->common, &b->e[i]->v[j]->names);
	/* Rez extracts the common families in name order: sorted once here, a scope's
	 * extracted families are always a prefix of this list (see struct scope) */
	names_sort(&b->common);
	b->have_common = 1;
	return &b->common;
}

static const struct names *body_fam_requires(struct body *b)
{
	size_t i, j, k;
	if (b->famreq)
		return &b->famreq->n;
	b->famreq = rt_xcalloc(1, sizeof(*b->famreq));
	b->famreq->refs = 1;
	b->famreq->len = b->len;
	for (i = 0; i < b->n; i++)
		for (j = 0; j < b->e[i]->n; j++) {
			const struct variant *v = b->e[i]->v[j];
			for (k = 0; k < v->fams.n; k++)
				names_add(&b->famreq->n, v->fams.v[k]);
		}
	return &b->famreq->n;
}

/* The candidates of family `name` in `range` (Rez's PackageVariantCache.get_variant_slice).
 * Returns 0 with *out (NULL when nothing is in range), or -1 (err set; *missing when the
 * family does not exist). */
static int get_body(struct solver *s, const char *name, const struct rt_range *range,
		    struct body **out, int *missing)
{
	struct family *f = family_get(s, name, missing);
	struct entry **es = NULL;
	size_t n = 0, cap = 0, i;

	*out = NULL;
	if (!f)
		return -1;
	for (i = 0; i < f->npkgs; i++) {
		struct pkg *p = &f->pkgs[i];
		if (time_check(s) < 0) {
			free(es);
			return -1;
		}
		if (p->state == PKG_FILTERED || !rt_range_contains(range, p->version))
			continue;
		if (p->state == PKG_UNLOADED) {
			if (s->opt.filter) {
				int ex = s->opt.filter(s->opt.filter_ctx, name, p->version, p->handle,
						       s->err);
				if (ex < 0) {
					free(es);
					return -1;
				}
				if (ex) {
					p->state = PKG_FILTERED;
					continue;
				}
			}
			if (pkg_load(s, p) < 0) {
				free(es);
				return -1;
			}
		}
		es = rt_xgrow(es, sizeof(*es), n + 1, &cap);
		es[n++] = p->all;
	}
	if (n)
		*out = body_new(name, es, n);
	free(es);
	return 0;
}

/* ================================================================ scopes */

struct scope {
	unsigned refs;
	const char *name;
	struct body *b;              /* NULL for conflict and ephemeral scopes */
	/* The families extracted so far: always the first `nextracted` of b->common (Rez
	 * extracts in name order, and a new body starts with none extracted) */
	size_t nextracted;
	struct req *request;         /* for a variant scope: name + exact versions of b */
	int ephemeral;
};

static struct scope *scope_ref(struct scope *sc)
{
	sc->refs++;
	return sc;
}

static void scope_unref(struct scope *sc)
{
	if (!sc || --sc->refs)
		return;
	body_unref(sc->b);
	req_unref(sc->request);
	free(sc);
}

static int scope_is_conflict(const struct scope *sc)
{
	return sc->request->conflict;
}

/* A scope on body b (taken over), not yet extracted from (Rez's _copy + _update). */
static struct scope *scope_on_body(const struct scope *proto, struct body *b)
{
	struct scope *sc = rt_xcalloc(1, sizeof(*sc));
	sc->refs = 1;
	sc->name = proto->name;
	sc->ephemeral = proto->ephemeral;
	sc->b = b;
	sc->request = req_new(sc->name, rt_range_copy(body_range(b)), 0, 0);
	return sc;
}

/* Rez's _PackageScope(request): 0 with *out, or -1 (err set; *missing as get_body). */
static int scope_new(struct solver *s, struct req *r, struct scope **out, int *missing)
{
	struct scope proto, *sc;
	struct body *b;

	*out = NULL;
	*missing = 0;
	memset(&proto, 0, sizeof(proto));
	proto.name = r->name;
	proto.ephemeral = r->name[0] == '.';
	if (r->conflict || proto.ephemeral) {
		sc = rt_xcalloc(1, sizeof(*sc));
		*sc = proto;
		sc->refs = 1;
		sc->request = req_ref(r);
		*out = sc;
		return 0;
	}
	if (get_body(s, r->name, r->range, &b, missing) < 0)
		return -1;
	if (!b)
		return rt_error(s->err, "package could not be found: %s", req_str(r));
	*out = scope_on_body(&proto, b);
	return 0;
}

static int scope_is_solved(const struct scope *sc)
{
	if (scope_is_conflict(sc) || sc->ephemeral)
		return 1;
	if (sc->b->len != 1)
		return 0;
	return body_common(sc->b)->n <= sc->nextracted;
}

static const struct variant *scope_solved_variant(const struct scope *sc)
{
	return sc->b && scope_is_solved(sc) ? sc->b->e[0]->v[0] : NULL;
}

static void scope_format(struct scope *sc, struct rt_buf *sb)
{
	const struct variant *v;
	if (!sc->b) {
		rt_buf_adds(sb, req_str(sc->request));
		return;
	}
	v = sc->b->e[0]->v[0];
	if (sc->b->len == 1) {
		pkg_format(v->pkg, sb);
		if (v->index >= 0)
			rt_buf_addf(sb, "[%d]", v->index);
		else
			rt_buf_adds(sb, "[]");
		return;
	}
	rt_buf_addf(sb, "%s[", sc->name);
	rt_buf_adds(sb, req_str(sc->request) + strlen(sc->name));
	rt_buf_addf(sb, "(%zu)]", sc->b->len);
}

/* Extracts one common dependency: a new scope and the extracted requirement, or NULLs.
 * `ranges` is scratch space. */
static struct scope *scope_extract(struct scope *sc, struct req **extracted,
				   const struct rt_range ***ranges, size_t *capranges)
{
	const char *fam;
	const struct rt_range *last = NULL;
	struct scope *nsc;
	size_t i, j, nr = 0;

	*extracted = NULL;
	if (scope_is_conflict(sc) || sc->ephemeral)
		return NULL;
	if (body_common(sc->b)->n <= sc->nextracted)
		return NULL;
	fam = sc->b->common.v[sc->nextracted];      /* the first in name order not extracted */
	/* Rez unions the distinct ranges at once; so do we (one sort, not one per variant) */
	for (i = 0; i < sc->b->n; i++)
		for (j = 0; j < sc->b->e[i]->n; j++) {
			const struct req *r = reqlist_get(&sc->b->e[i]->v[j]->requires, fam);
			if (last && (last == r->range || rt_range_equal(last, r->range)))
				continue;
			last = r->range;
			*ranges = rt_xgrow(*ranges, sizeof(**ranges), nr + 1, capranges);
			(*ranges)[nr++] = r->range;
		}
	nsc = rt_xcalloc(1, sizeof(*nsc));
	nsc->refs = 1;
	nsc->name = sc->name;
	nsc->ephemeral = sc->ephemeral;
	nsc->b = body_ref(sc->b);
	nsc->nextracted = sc->nextracted + 1;
	nsc->request = req_ref(sc->request);
	*extracted = req_new(fam, rt_range_union_many(*ranges, nr), 0, 0);
	return nsc;
}

/* Rez's _PackageScope.intersect: 0 with *out = sc (unchanged, new reference), a narrowed or
 * widened copy, or NULL when nothing is left; -1 on error. */
static int scope_intersect(struct solver *s, struct scope *sc, const struct rt_range *range,
			   struct scope **out)
{
	struct body *b = NULL;
	int missing;

	*out = NULL;
	if (sc->ephemeral) {
		struct rt_range *ir;
		struct scope *nsc;
		if (!sc->request->range)
			ir = rt_range_copy(range);
		else if (scope_is_conflict(sc))
			ir = rt_range_subtract(range, sc->request->range);
		else
			ir = rt_range_intersection(range, sc->request->range);
		if (!ir)
			return 0;
		if (sc->request->range && rt_range_equal(ir, sc->request->range)) {
			rt_range_free(ir);
			*out = scope_ref(sc);
			return 0;
		}
		nsc = rt_xcalloc(1, sizeof(*nsc));
		nsc->refs = 1;
		nsc->name = sc->name;
		nsc->ephemeral = 1;
		nsc->request = req_new(sc->name, ir, 0, 0);
		*out = nsc;
		return 0;
	}
	if (scope_is_conflict(sc)) {
		if (!sc->request->range) {
			if (get_body(s, sc->name, range, &b, &missing) < 0)
				return -1;
		} else {
			struct rt_range *nr = rt_range_subtract(range, sc->request->range);
			int ret = 0;
			if (nr)
				ret = get_body(s, sc->name, nr, &b, &missing);
			rt_range_free(nr);
			if (ret < 0)
				return -1;
		}
	} else if (rt_range_is_any(range)) {
		*out = scope_ref(sc);
		return 0;
	} else {
		struct entry **es = rt_xcalloc(sc->b->n, sizeof(*es));
		size_t i, n = 0;
		for (i = 0; i < sc->b->n; i++)
			if (rt_range_contains(range, sc->b->e[i]->pkg->version))
				es[n++] = sc->b->e[i];
		if (n == sc->b->n) {
			free(es);
			*out = scope_ref(sc);
			return 0;
		}
		if (n) {
			b = body_new(sc->name, es, n);
			b->sorted = sc->b->sorted;
			body_inherit(b, sc->b);
		}
		free(es);
	}
	if (b)
		*out = scope_on_body(sc, b);
	return 0;
}

struct reduction {
	const struct variant *v;
	struct req *dep;             /* borrowed from the variant */
	size_t entry;                /* index of its entry in the body */
};

struct reductions {
	struct reduction *v;
	size_t n, cap;
	int sorted;                  /* the reduced body was sorted (see struct body) */
};

/* Rez's _PackageScope.reduce_by: *out = sc (new reference) when nothing was removed, a copy
 * without the conflicting variants, or NULL when all were (then `reds` says why). */
/* Does dep conflict with r? Remembered per dep (a requirement string is parsed once per
 * solve, so variants that share one share the object): as Rez caches its conflict tests,
 * 10,000 variants over 200 versions of a family test 200 ranges, not 10,000. */
static int dep_conflicts(struct pmap *tests, struct req *dep, const struct req *r)
{
	size_t t = pmap_get(tests, (const char *)(void *)dep);
	if (!t) {
		t = (size_t)req_conflicts_with(dep, r) + 1;
		pmap_put(tests, (const char *)(void *)dep, t - 1);
		return (int)(t - 1);
	}
	return (int)(t - 1);
}

static void scope_reduce_by(struct solver *s, struct scope *sc, struct req *r,
			    struct scope **out, struct reductions *reds)
{
	struct pmap tests;
	struct entry **es;
	size_t i, j, n = 0, nred = 0;
	struct body *b;

	reds->n = 0;
	*out = sc;
	if (scope_is_conflict(sc) || sc->ephemeral || !r->range) {
		scope_ref(sc);
		return;
	}
	if (!names_has(body_fam_requires(sc->b), r->name)) {
		scope_ref(sc);
		return;
	}
	memset(&tests, 0, sizeof(tests));
	es = rt_xcalloc(sc->b->n, sizeof(*es));
	for (i = 0; i < sc->b->n; i++) {
		struct entry *e = sc->b->e[i], *ne = NULL;
		size_t kept = 0;
		for (j = 0; j < e->n; j++) {
			struct req *dep = reqlist_get(&e->v[j]->requires, r->name);
			if (dep && dep_conflicts(&tests, dep, r)) {
				reds->v = rt_xgrow(reds->v, sizeof(*reds->v), reds->n + 1, &reds->cap);
				reds->v[reds->n].v = e->v[j];
				reds->v[reds->n].dep = dep;
				reds->v[reds->n].entry = i;
				reds->n++;
				nred++;
				if (!ne) {
					ne = entry_new(e->pkg, e->n);
					memcpy(ne->v, e->v, j * sizeof(e->v[0]));
					kept = j;
				}
			} else if (ne) {
				ne->v[kept++] = e->v[j];
			}
		}
		if (!ne) {
			es[n++] = entry_ref(e);
		} else if (kept) {
			ne->n = kept;
			es[n++] = ne;
		} else {
			entry_unref(ne);
		}
	}
	if (!nred) {
		for (i = 0; i < n; i++)
			entry_unref(es[i]);
		free(es);
		pmap_release(&tests);
		scope_ref(sc);
		return;
	}
	s->stats.num_reductions++;
	if (!n) {
		*out = NULL;
		reds->sorted = sc->b->sorted;
	} else {
		b = body_new(sc->name, es, n);
		b->sorted = sc->b->sorted;
		body_inherit(b, sc->b);
		*out = scope_on_body(sc, b);
	}
	for (i = 0; i < n; i++)
		entry_unref(es[i]);
	free(es);
	pmap_release(&tests);
}

static void variant_names_and(struct names *fams, const struct variant *v)
{
	names_retain(fams, &v->names);
}

/* Rez's _PackageVariantSlice.split: the preferred candidates first. */
static void scope_split(struct scope *sc, struct scope **first, struct scope **second)
{
	struct body *b = sc->b;
	struct names fams = { 0 };
	size_t pi = 0, pn = 1, i, j, k, nfirst, nsecond;
	struct entry **e1, **e2;
	int found = 0;

	if (b->len > 2) {
		const struct variant *v0 = b->e[0]->v[0];
		const struct names *common = body_common(b);
		for (i = 0; i < v0->names.n; i++)
			if (names_pos(common, v0->names.v[i]) >= sc->nextracted)
				names_add(&fams, v0->names.v[i]);
	}
	if (fams.n) {
		for (i = 0; i < b->n && !found; i++)
			for (j = 0; j < b->e[i]->n; j++) {
				variant_names_and(&fams, b->e[i]->v[j]);
				if (!fams.n) {
					found = 1;
					break;
				}
				pi = i;
				pn = j + 1;
			}
		if (!found)
			RT_BUG("solver: common family still in scope '%s' being split", sc->name);
	}
	names_release(&fams);

	e1 = rt_xcalloc(b->n + 1, sizeof(*e1));
	e2 = rt_xcalloc(b->n + 1, sizeof(*e2));
	for (k = 0; k < pi; k++)
		e1[k] = entry_ref(b->e[k]);
	nfirst = pi;
	nsecond = 0;
	if (pn >= b->e[pi]->n) {
		e1[nfirst++] = entry_ref(b->e[pi]);
	} else {
		struct entry *a = entry_new(b->e[pi]->pkg, pn);
		struct entry *c = entry_new(b->e[pi]->pkg, b->e[pi]->n - pn);
		memcpy(a->v, b->e[pi]->v, pn * sizeof(a->v[0]));
		memcpy(c->v, b->e[pi]->v + pn, c->n * sizeof(c->v[0]));
		e1[nfirst++] = a;
		e2[nsecond++] = c;
	}
	for (k = pi + 1; k < b->n; k++)
		e2[nsecond++] = entry_ref(b->e[k]);
	*first = scope_on_body(sc, body_new(sc->name, e1, nfirst));
	*second = scope_on_body(sc, body_new(sc->name, e2, nsecond));
	body_inherit((*first)->b, b);
	body_inherit((*second)->b, b);
	(*first)->b->sorted = (*second)->b->sorted = 1;
	for (k = 0; k < nfirst; k++)
		entry_unref(e1[k]);
	for (k = 0; k < nsecond; k++)
		entry_unref(e2[k]);
	free(e1);
	free(e2);
}

/* ================================================================ phases */

/* A set of scope indexes: insertion order plus a membership flag per index. */
struct idxset {
	size_t *v;
	size_t n, cap;
	unsigned char *in;
	size_t capin;
};

static int idx_has(const struct idxset *is, size_t i)
{
	return i < is->capin && is->in[i];
}

static void idx_add(struct idxset *is, size_t i)
{
	if (idx_has(is, i))
		return;
	if (i >= is->capin) {
		size_t old = is->capin;
		is->in = rt_xgrow(is->in, 1, i + 1, &is->capin);
		memset(is->in + old, 0, is->capin - old);
	}
	is->in[i] = 1;
	is->v = rt_xgrow(is->v, sizeof(*is->v), is->n + 1, &is->cap);
	is->v[is->n++] = i;
}

static void idx_clear(struct idxset *is)
{
	size_t k;
	for (k = 0; k < is->n; k++)
		is->in[is->v[k]] = 0;
	is->n = 0;
}

static void idx_release(struct idxset *is)
{
	free(is->v);
	free(is->in);
	memset(is, 0, sizeof(*is));
}

struct phase {
	enum phase_status status;
	struct scope **scopes;
	size_t n;
	struct idxset changed;       /* scopes others must be reduced against */
	char *failure;               /* description of a failed/cyclic phase */
	char *chain;
};

static struct phase *phase_new(enum phase_status st)
{
	struct phase *ph = rt_xcalloc(1, sizeof(*ph));
	ph->status = st;
	return ph;
}

static void phase_add_scope(struct phase *ph, struct scope *sc, size_t *cap)
{
	if (ph->n == *cap)
		ph->scopes = rt_xgrow(ph->scopes, sizeof(*ph->scopes), ph->n + 1, cap);
	ph->scopes[ph->n++] = sc;
}

static void phase_free(struct phase *ph)
{
	size_t i;
	if (!ph)
		return;
	for (i = 0; i < ph->n; i++)
		scope_unref(ph->scopes[i]);
	free(ph->scopes);
	idx_release(&ph->changed);
	free(ph->failure);
	free(ph->chain);
	free(ph);
}

static int phase_is_solved(const struct phase *ph)
{
	size_t i;
	for (i = 0; i < ph->n; i++)
		if (!scope_is_solved(ph->scopes[i]))
			return 0;
	return 1;
}

/* (src family, extracted requirement) pairs of one phase solve, for failure chains. */
struct extraction {
	const char *src;
	struct scope *scope;         /* the scope it came from */
	struct req *req;
};

struct extractions {
	struct extraction *v;
	size_t n, cap;
	size_t *slot;                /* hash of (src, req name) -> index + 1 */
	size_t capslot;
};

static size_t extraction_hash(const char *src, const char *name)
{
	return ptr_hash(src) * 31u + ptr_hash(name);
}

static void extractions_add(struct extractions *ex, struct scope *sc, struct req *r)
{
	size_t i, h;
	if (rt_st_mult(ex->n + 1, 2) > ex->capslot) {
		size_t ncap = ex->capslot ? rt_st_mult(ex->capslot, 2) : 16, k;
		free(ex->slot);
		ex->slot = rt_xcalloc(ncap, sizeof(*ex->slot));
		ex->capslot = ncap;
		for (k = 0; k < ex->n; k++) {
			for (h = extraction_hash(ex->v[k].src, ex->v[k].req->name) & (ncap - 1);
			     ex->slot[h]; h = (h + 1) & (ncap - 1))
				;
			ex->slot[h] = k + 1;
		}
	}
	for (h = extraction_hash(sc->name, r->name) & (ex->capslot - 1); ex->slot[h];
	     h = (h + 1) & (ex->capslot - 1)) {
		i = ex->slot[h] - 1;
		if (ex->v[i].src == sc->name && ex->v[i].req->name == r->name) {
			/* a later extraction of the same pair replaces the earlier one in place */
			scope_unref(ex->v[i].scope);
			req_unref(ex->v[i].req);
			ex->v[i].scope = scope_ref(sc);
			ex->v[i].req = req_ref(r);
			return;
		}
	}
	ex->slot[h] = ex->n + 1;
	ex->v = rt_xgrow(ex->v, sizeof(*ex->v), ex->n + 1, &ex->cap);
	i = ex->n++;
	ex->v[i].src = sc->name;
	ex->v[i].scope = scope_ref(sc);
	ex->v[i].req = req_ref(r);
}

static void extractions_release(struct extractions *ex)
{
	size_t i;
	for (i = 0; i < ex->n; i++) {
		scope_unref(ex->v[i].scope);
		req_unref(ex->v[i].req);
	}
	free(ex->v);
	free(ex->slot);
}

/* "pyfoo-3.1.0 requires python-2.6" lines for every family in `fams`: who asked for it. */
static char *failure_chain(struct solver *s, const struct extractions *ex, const char **fams,
			   size_t nfams)
{
	struct rt_buf sb = RT_BUF_INIT;
	size_t f, i;

	for (f = 0; f < nfams; f++) {
		for (i = 0; i < s->request.n; i++)
			if (s->request.v[i]->name == fams[f])
				rt_buf_addf(&sb, "request: %s\n", req_str(s->request.v[i]));
		for (i = 0; i < ex->n; i++) {
			if (ex->v[i].req->name != fams[f])
				continue;
			scope_format(ex->v[i].scope, &sb);
			rt_buf_addf(&sb, " requires %s\n", req_str(ex->v[i].req));
		}
	}
	if (!sb.len) {
		rt_buf_release(&sb);
		return NULL;
	}
	rt_buf_setlen(&sb, sb.len - 1);
	return rt_buf_detach(&sb, NULL);
}

static char *conflict_description(struct req *a, struct req *b)
{
	return rt_xstrfmt("The following package conflicts occurred: (%s <--!--> %s)", req_str(a),
			  req_str(b));
}

/* Rez lists the reductions in slice order: latest version first once the slice was sorted,
 * else repository listing order, for which we take oldest first (the order packages are
 * usually installed in, so what os.listdir gives on most filesystems). */
static char *reduction_description(const struct reductions *reds, struct req *by)
{
	struct rt_buf sb = RT_BUF_INIT;
	size_t *order = rt_xcalloc(reds->n + 1, sizeof(*order)), no = 0, i, k, start, end;

	if (reds->sorted) {
		for (i = 0; i < reds->n; i++)
			order[no++] = i;
	} else {
		/* entry groups backwards, variants in order within a group */
		for (end = reds->n; end > 0; end = start) {
			for (start = end; start > 0 && reds->v[start - 1].entry == reds->v[end - 1].entry;
			     start--)
				;
			for (i = start; i < end; i++)
				order[no++] = i;
		}
	}
	rt_buf_adds(&sb, "A package was completely reduced:");
	for (k = 0; k < no; k++) {
		const struct variant *v = reds->v[order[k]].v;
		rt_buf_adds(&sb, " (");
		pkg_format(v->pkg, &sb);
		if (v->index >= 0)
			rt_buf_addf(&sb, "[%d]", v->index);
		else
			rt_buf_adds(&sb, "[]");
		rt_buf_addf(&sb, " (dep(%s) <--!--> %s))", req_str(reds->v[order[k]].dep), req_str(by));
	}
	free(order);
	return rt_buf_detach(&sb, NULL);
}

/* ---- reductions ----
 *
 * Rez keeps a stack of (x, y) pairs, "reduce scope x by scope y's request": every existing
 * scope against the changed and the added ones, every added or widened scope against all,
 * sorted and popped from the end (x, then y, descending); when x is reduced, (j, x) for every
 * other j goes on top. A pair only does something when y's family is one that x's candidates
 * mention (x's fam_requires, which only shrinks while reducing), so only those pairs are
 * visited, in Rez's order: a row's columns come from x's fam_requires, and a pushed column's
 * rows from an index of which scope mentions which family, built when a first scope is
 * reduced. The work grows with the requirements, not with the square of the scopes (100,000
 * tiny families made that 10^10 pairs). */
struct colframe {
	size_t col, cur;
};

struct reducer {
	struct phase *ph;
	size_t n;
	struct pmap at;              /* family -> scope index */
	size_t *start, *rows;        /* scopes mentioning scope c's family: rows[start[c]..start[c+1]) */
	struct colframe *stack;
	size_t nstack, capstack;
};

static int scope_reducible(const struct scope *sc)
{
	return !scope_is_conflict(sc) && !sc->ephemeral;
}

static void reducer_build_rows(struct reducer *r)
{
	size_t n = r->n, j, k, c, pass;
	size_t *fill = rt_xcalloc(n + 1, sizeof(*fill));

	r->start = rt_xcalloc(n + 2, sizeof(*r->start));
	/* pass 0 counts each column's rows (in start[c + 1]), pass 1 fills them in ascending
	 * row order, so each column's rows come out sorted */
	for (pass = 0; pass < 2; pass++) {
		if (pass) {
			for (c = 0; c < n; c++)
				r->start[c + 1] += r->start[c];
			r->rows = rt_xcalloc(r->start[n] + 1, sizeof(*r->rows));
			memcpy(fill, r->start, n * sizeof(*fill));
		}
		for (j = 0; j < n; j++) {
			struct scope *sc = r->ph->scopes[j];
			const struct names *fr;
			if (!scope_reducible(sc))
				continue;
			fr = body_fam_requires(sc->b);
			for (k = 0; k < fr->n; k++) {
				if (!(c = pmap_get(&r->at, fr->v[k])) || --c == j)
					continue;
				if (pass)
					r->rows[fill[c]++] = j;
				else
					r->start[c + 1]++;
			}
		}
	}
	free(fill);
}

static int size_cmp(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return (x > y) - (x < y);
}

/* Row x's columns that can reduce it, ascending: all of them, or the changed and added ones. */
static size_t row_columns(struct reducer *r, size_t x, int all, size_t prev_n,
			  const struct idxset *changed, size_t **cols, size_t *capcols)
{
	struct scope *sc = r->ph->scopes[x];
	const struct names *fr;
	size_t k, c, m = 0;

	if (!scope_reducible(sc))
		return 0;
	fr = body_fam_requires(sc->b);
	if (!all && rt_st_add(changed->n, r->n - prev_n) < fr->n) {
		/* fewer changed and added scopes than families: test those */
		*cols = rt_xgrow(*cols, sizeof(**cols), changed->n + r->n - prev_n + 1, capcols);
		for (k = 0; k < changed->n; k++)
			if ((c = changed->v[k]) < prev_n && c != x &&
			    names_has(fr, r->ph->scopes[c]->name))
				(*cols)[m++] = c;
		for (c = prev_n; c < r->n; c++)
			if (c != x && names_has(fr, r->ph->scopes[c]->name))
				(*cols)[m++] = c;
	} else {
		*cols = rt_xgrow(*cols, sizeof(**cols), fr->n + 1, capcols);
		for (k = 0; k < fr->n; k++) {
			if (!(c = pmap_get(&r->at, fr->v[k])) || --c == x)
				continue;
			if (all || c >= prev_n || idx_has(changed, c))
				(*cols)[m++] = c;
		}
	}
	qsort(*cols, m, sizeof(**cols), size_cmp);
	return m;
}

/* Rez's reduction loop of _ResolvePhase.solve: 0 (ph->status PH_FAILED on a total
 * reduction), or -1 on error (the time limit). */
static int phase_reduce(struct solver *s, struct phase *ph, size_t prev_n,
			const struct idxset *changed, const struct idxset *widened,
			const struct extractions *ex, struct reductions *reds)
{
	struct reducer r;
	size_t *cols = NULL, capcols = 0, ncols = 0, row, rowx = 0, i;
	int ret = 0;

	memset(&r, 0, sizeof(r));
	r.ph = ph;
	r.n = row = ph->n;
	for (i = 0; i < ph->n; i++)
		pmap_put(&r.at, ph->scopes[i]->name, i);
	for (;;) {
		size_t x, y;
		struct scope *nsc;
		if (time_check(s) < 0) {
			ret = -1;
			break;
		}
		if (r.nstack) {
			struct colframe *f = &r.stack[r.nstack - 1];
			if (f->cur == r.start[f->col]) {
				r.nstack--;
				continue;
			}
			x = r.rows[--f->cur];
			y = f->col;
		} else if (ncols) {
			x = rowx;
			y = cols[--ncols];
		} else if (row > 0) {
			rowx = --row;
			ncols = row_columns(&r, rowx, rowx >= prev_n || idx_has(widened, rowx), prev_n,
					    changed, &cols, &capcols);
			continue;
		} else {
			break;
		}
		scope_reduce_by(s, ph->scopes[x], ph->scopes[y]->request, &nsc, reds);
		if (!nsc) {
			struct req *by = ph->scopes[y]->request;
			const char *fams[2];
			fams[0] = ph->scopes[x]->name;
			fams[1] = by->name;
			ph->failure = reduction_description(reds, by);
			ph->chain = failure_chain(s, ex, fams, 2);
			ph->status = PH_FAILED;
			break;
		}
		if (nsc == ph->scopes[x]) {
			scope_unref(nsc);
			continue;
		}
		scope_unref(ph->scopes[x]);
		ph->scopes[x] = nsc;
		/* every other scope must reduce by x again */
		if (!r.start)
			reducer_build_rows(&r);
		r.stack = rt_xgrow(r.stack, sizeof(*r.stack), r.nstack + 1, &r.capstack);
		r.stack[r.nstack].col = x;
		r.stack[r.nstack].cur = r.start[x + 1];
		r.nstack++;
	}
	pmap_release(&r.at);
	free(r.start);
	free(r.rows);
	free(r.stack);
	free(cols);
	return ret;
}

/* Rez's _ResolvePhase.solve: a new phase (solved, exhausted or failed), or NULL on error. */
static struct phase *phase_solve(struct solver *s, const struct phase *in)
{
	struct phase *ph = phase_new(PH_PENDING);
	size_t cap = 0, i, j;
	struct idxset changed = { 0 }, widened = { 0 };
	struct extractions ex = { 0 };
	struct reductions reds = { 0 };
	struct reqlist merged;
	struct req **extracted = NULL;
	size_t nextracted = 0, capextracted = 0;
	size_t *at = NULL, capat = 0;        /* per scope: merged index + 1, or 0 */
	unsigned char *taken = NULL;         /* per merged requirement: a scope matched it */
	size_t captaken = 0;
	const struct rt_range **ranges = NULL;   /* scratch for scope_extract */
	size_t capranges = 0;

	memset(&merged, 0, sizeof(merged));
	for (i = 0; i < in->n; i++)
		phase_add_scope(ph, scope_ref(in->scopes[i]), &cap);
	for (i = 0; i < in->changed.n; i++)
		idx_add(&changed, in->changed.v[i]);

	for (;;) {
		size_t prev_n = ph->n, n;
		idx_clear(&widened);

		for (;;) {
			size_t nloop = ph->n;
			for (i = 0; i < nextracted; i++)
				req_unref(extracted[i]);
			nextracted = 0;
			for (i = 0; i < nloop; i++) {
				for (;;) {
					struct req *r;
					struct scope *nsc;
					if (time_check(s) < 0)
						goto error;
					nsc = scope_extract(ph->scopes[i], &r, &ranges, &capranges);
					if (!nsc)
						break;
					extracted = rt_xgrow(extracted, sizeof(*extracted),
							     nextracted + 1, &capextracted);
					extracted[nextracted++] = r;
					extractions_add(&ex, ph->scopes[i], r);
					s->stats.num_extractions++;
					scope_unref(ph->scopes[i]);
					ph->scopes[i] = nsc;
				}
			}
			if (!nextracted)
				break;

			reqlist_release(&merged);
			reqlist_build(&merged, extracted, nextracted);
			if (merged.conflict[0]) {
				const char *f = merged.conflict[0]->name;
				ph->failure = conflict_description(merged.conflict[0],
								   merged.conflict[1]);
				ph->chain = failure_chain(s, &ex, &f, 1);
				ph->status = PH_FAILED;
				goto done;
			}

			/* which scope each merged requirement is for, looked up before anything can
			 * load a package (loading uses sym->tmp too) */
			at = rt_xgrow(at, sizeof(*at), ph->n, &capat);
			taken = rt_xgrow(taken, sizeof(*taken), merged.n, &captaken);
			for (i = 0; i < merged.n; i++) {
				sym_of(merged.v[i]->name)->tmp = i + 1;
				taken[i] = 0;
			}
			for (i = 0; i < ph->n; i++)
				at[i] = sym_of(ph->scopes[i]->name)->tmp;
			for (i = 0; i < merged.n; i++)
				sym_of(merged.v[i]->name)->tmp = 0;
			for (i = 0; i < ph->n; i++) {
				struct scope *sc = ph->scopes[i], *nsc;
				struct req *er;
				if (!at[i])
					continue;
				if (time_check(s) < 0)
					goto error;
				er = merged.v[at[i] - 1];
				taken[at[i] - 1] = 1;
				if (scope_intersect(s, sc, er->range, &nsc) < 0)
					goto error;
				if (!nsc) {
					const char *f = er->name;
					ph->failure = conflict_description(er, sc->request);
					ph->chain = failure_chain(s, &ex, &f, 1);
					ph->status = PH_FAILED;
					goto done;
				}
				if (nsc != sc) {
					/* a conflict scope that now holds packages widened: it must
					 * be reduced against every other scope */
					if (scope_is_conflict(sc) && !scope_is_conflict(nsc))
						idx_add(&widened, i);
					ph->scopes[i] = nsc;
					idx_add(&changed, i);
					s->stats.num_intersections++;
				}
				scope_unref(sc);
			}

			for (i = 0; i < merged.n; i++) {
				struct req *r = merged.v[i];
				struct scope *nsc;
				int missing;
				if (taken[i])
					continue;
				if (time_check(s) < 0 || scope_new(s, r, &nsc, &missing) < 0) {
					struct rt_buf who = RT_BUF_INIT;
					if (s->timed_out || !missing)
						goto error;
					for (j = 0; j < ex.n; j++)
						if (ex.v[j].req->name == r->name)
							rt_buf_addf(&who, "%s%s", who.len ? ", " : "",
								    ex.v[j].src);
					if (!who.len)
						goto error;
					if (s->src->searched)
						rt_buf_addf(&who, " (searched: %s)", s->src->searched);
					rt_error(s->err, "package family not found: %s, was required by: %s",
						 r->name, who.buf);
					rt_buf_release(&who);
					if (s->opt.error_on_missing_variant_requires)
						goto error;
					ph->failure = rt_xstrdup(rt_error_msg(s->err));
					rt_error_release(s->err);
					ph->status = PH_FAILED;
					goto done;
				}
				phase_add_scope(ph, nsc, &cap);
			}
		}

		n = ph->n;
		if (n == prev_n && !changed.n && !widened.n)
			break;
		if (!s->opt.optimised) {
			idx_clear(&changed);
			for (i = 0; i < n; i++)
				idx_add(&changed, i);
			prev_n = n;
		}

		/* existing scopes reduce against changed and added ones; added and widened
		 * scopes against all */
		if (phase_reduce(s, ph, prev_n, &changed, &widened, &ex, &reds) < 0)
			goto error;
		if (ph->status == PH_FAILED)
			goto done;
		idx_clear(&changed);
	}
	ph->status = phase_is_solved(ph) ? PH_SOLVED : PH_EXHAUSTED;
done:
	idx_clear(&ph->changed);
	for (i = 0; i < nextracted; i++)
		req_unref(extracted[i]);
	free(extracted);
	reqlist_release(&merged);
	idx_release(&changed);
	idx_release(&widened);
	extractions_release(&ex);
	free(reds.v);
	free(at);
	free(taken);
	free(ranges);
	return ph;
error:
	ph->status = PH_FAILED;
	for (i = 0; i < nextracted; i++)
		req_unref(extracted[i]);
	free(extracted);
	reqlist_release(&merged);
	idx_release(&changed);
	idx_release(&widened);
	extractions_release(&ex);
	free(reds.v);
	free(at);
	free(taken);
	free(ranges);
	phase_free(ph);
	return NULL;
}

/* Rez's _ResolvePhase.split on an exhausted phase: the preferred phase and the rest. */
static void phase_split(const struct phase *ph, struct phase **first, struct phase **second)
{
	struct phase *a = phase_new(PH_PENDING), *b = phase_new(PH_PENDING);
	size_t capa = 0, capb = 0, i, split_i = ph->n;

	for (i = 0; i < ph->n; i++) {
		struct scope *sc = ph->scopes[i];
		if (split_i == ph->n && !scope_is_conflict(sc) && !sc->ephemeral && sc->b->len > 1) {
			struct scope *x, *y;
			scope_split(sc, &x, &y);
			phase_add_scope(a, x, &capa);
			phase_add_scope(b, y, &capb);
			split_i = i;
			continue;
		}
		phase_add_scope(a, scope_ref(sc), &capa);
		phase_add_scope(b, scope_ref(sc), &capb);
	}
	if (split_i == ph->n)
		RT_BUG("solver: exhausted phase with nothing to split");
	idx_add(&a->changed, split_i);
	idx_add(&b->changed, split_i);
	*first = a;
	*second = b;
}

/* ---- finalising a solved phase: cycles and Rez's dependency order ---- */

struct graph {
	size_t n;
	struct scope **node;         /* borrowed */
	size_t **adj;                /* adjacency lists, requirement order */
	size_t *nadj;
};

/* Node index of family `name`, or g->n; nodes keep their index + 1 in sym->tmp while the
 * graph lives (graph_release clears it). */
static size_t graph_find(const struct graph *g, const char *name)
{
	size_t t = sym_of(name)->tmp;
	return t ? t - 1 : g->n;
}

static void graph_release(struct graph *g)
{
	size_t i;
	for (i = 0; i < g->n; i++) {
		sym_of(g->node[i]->name)->tmp = 0;
		free(g->adj[i]);
	}
	free(g->adj);
	free(g->nadj);
	free(g->node);
}

/* Depth-first search for a cycle; fills path with the cycle's nodes, returns its length. */
static size_t find_cycle(const struct graph *g, size_t *path)
{
	/* iterative DFS: colour 0 = new, 1 = on the stack, 2 = done */
	unsigned char *colour = rt_xcalloc(g->n ? g->n : 1, 1);
	size_t *stack = rt_xcalloc(g->n ? g->n : 1, sizeof(*stack));
	size_t *edge = rt_xcalloc(g->n ? g->n : 1, sizeof(*edge));
	size_t root, depth, len = 0;

	for (root = 0; root < g->n && !len; root++) {
		if (colour[root])
			continue;
		depth = 0;
		stack[depth++] = root;
		colour[root] = 1;
		edge[root] = 0;
		while (depth && !len) {
			size_t u = stack[depth - 1];
			if (edge[u] < g->nadj[u]) {
				size_t w = g->adj[u][edge[u]++];
				if (colour[w] == 1) {
					size_t k = depth;
					while (stack[k - 1] != w)
						k--;
					for (; k - 1 < depth; k++)
						path[len++] = stack[k - 1];
				} else if (!colour[w]) {
					colour[w] = 1;
					edge[w] = 0;
					stack[depth++] = w;
				}
			} else {
				colour[u] = 2;
				depth--;
			}
		}
	}
	free(colour);
	free(stack);
	free(edge);
	return len;
}

/* Rez's _get_dependency_order: request order, then the others alphabetically, with every
 * node moved after what it (transitively) depends on. Writes node indexes to `order`.
 *
 * Rez walks its list from the head: when the head depends on a node still in the list, the
 * first such node moves to the front, else the head is placed. As the graph has no cycle
 * (checked before), what sits in front of the list's original remainder is a chain of
 * dependents, so "the first remaining dependency of x" is the first in list order of x's
 * unplaced transitive dependencies; and once a node is placed so are all of its
 * dependencies. That makes it a depth-first walk in which each node's unplaced reach is
 * computed once, sorted by list position and consumed in order — no n x n reachability
 * matrix and no list moves (100,000 packages made both quadratic). */
struct dep_frame {
	size_t node;
	size_t *reach;               /* unplaced transitive dependencies, by list position */
	size_t nreach, cur;
};

static const size_t *dep_pos_for_sort;   /* the solver is not reentrant (see struct sym) */

static int dep_pos_cmp(const void *a, const void *b)
{
	size_t x = dep_pos_for_sort[*(const size_t *)a], y = dep_pos_for_sort[*(const size_t *)b];
	return (x > y) - (x < y);
}

static int scope_name_cmp(const void *a, const void *b)
{
	return strcmp((*(struct scope *const *)a)->name, (*(struct scope *const *)b)->name);
}

/* x's unplaced transitive dependencies (x excluded), sorted by list position. `mark` holds
 * a stamp per node. */
static size_t dep_reach(const struct graph *g, size_t x, const unsigned char *placed,
			const size_t *pos, size_t *mark, size_t stamp, size_t *todo, size_t **out)
{
	size_t ntodo = 0, n = 0, k;
	size_t *r = NULL, cap = 0;

	todo[ntodo++] = x;
	mark[x] = stamp;
	while (ntodo) {
		size_t u = todo[--ntodo];
		for (k = 0; k < g->nadj[u]; k++) {
			size_t w = g->adj[u][k];
			/* a placed node's dependencies are all placed: no need to go through it */
			if (mark[w] == stamp || placed[w])
				continue;
			mark[w] = stamp;
			todo[ntodo++] = w;
			r = rt_xgrow(r, sizeof(*r), n + 1, &cap);
			r[n++] = w;
		}
	}
	dep_pos_for_sort = pos;
	if (n > 1)
		qsort(r, n, sizeof(*r), dep_pos_cmp);
	dep_pos_for_sort = NULL;
	*out = r;
	return n;
}

static size_t dependency_order(struct solver *s, const struct graph *g, size_t *order)
{
	size_t n = g->n, i, norder = 0, nlist = 0, nrest = 0, stamp = 0, nstack = 0, capstack = 0;
	size_t *list = rt_xcalloc(s->request.n + n + 1, sizeof(*list));
	size_t *pos = rt_xcalloc(n + 1, sizeof(*pos));
	size_t *mark = rt_xcalloc(n + 1, sizeof(*mark));
	size_t *todo = rt_xcalloc(n + 1, sizeof(*todo));
	unsigned char *placed = rt_xcalloc(n + 1, 1), *listed = rt_xcalloc(n + 1, 1);
	struct scope **rest = rt_xcalloc(n + 1, sizeof(*rest));
	struct dep_frame *stack = NULL;

	/* the list: request names first (those that are not nodes are skipped), then the
	 * remaining nodes sorted by name */
	for (i = 0; i < s->request.n; i++) {
		size_t x = graph_find(g, s->request.v[i]->name);
		if (x < n && !listed[x]) {
			listed[x] = 1;
			list[nlist++] = x;
		}
	}
	for (i = 0; i < n; i++)
		if (!listed[i])
			rest[nrest++] = g->node[i];
	qsort(rest, nrest, sizeof(*rest), scope_name_cmp);
	for (i = 0; i < nrest; i++)
		list[nlist++] = graph_find(g, rest[i]->name);
	for (i = 0; i < nlist; i++)
		pos[list[i]] = i;

	for (i = 0; i < nlist; i++) {
		if (placed[list[i]])
			continue;
		stack = rt_xgrow(stack, sizeof(*stack), nstack + 1, &capstack);
		stack[nstack].node = list[i];
		stack[nstack].cur = 0;
		stack[nstack].nreach = dep_reach(g, list[i], placed, pos, mark, ++stamp, todo,
						 &stack[nstack].reach);
		nstack++;
		while (nstack) {
			struct dep_frame *f = &stack[nstack - 1];
			size_t d;
			while (f->cur < f->nreach && placed[f->reach[f->cur]])
				f->cur++;
			if (f->cur == f->nreach) {
				placed[f->node] = 1;
				order[norder++] = f->node;
				free(f->reach);
				nstack--;
				continue;
			}
			d = f->reach[f->cur];
			stack = rt_xgrow(stack, sizeof(*stack), nstack + 1, &capstack);
			f = &stack[nstack];
			f->node = d;
			f->cur = 0;
			f->nreach = dep_reach(g, d, placed, pos, mark, ++stamp, todo, &f->reach);
			nstack++;
		}
	}
	free(stack);
	free(list);
	free(pos);
	free(mark);
	free(todo);
	free(placed);
	free(listed);
	free(rest);
	return norder;
}

/* Rez's _ResolvePhase.finalise: a cyclic phase, or the solved phase in resolve order. */
static struct phase *phase_finalise(struct solver *s, const struct phase *ph)
{
	struct graph g;
	struct phase *out;
	size_t i, k, *buf, *seen, len, cap = 0;

	memset(&g, 0, sizeof(g));
	g.node = rt_xcalloc(ph->n + 1, sizeof(*g.node));
	for (i = 0; i < ph->n; i++)
		if (!scope_is_conflict(ph->scopes[i]) && graph_find(&g, ph->scopes[i]->name) == g.n) {
			g.node[g.n++] = ph->scopes[i];
			sym_of(ph->scopes[i]->name)->tmp = g.n;
		}
	g.adj = rt_xcalloc(g.n + 1, sizeof(*g.adj));
	g.nadj = rt_xcalloc(g.n + 1, sizeof(*g.nadj));
	seen = rt_xcalloc(g.n + 1, sizeof(*seen));   /* node + 1 whose edge to it exists */
	for (i = 0; i < g.n; i++) {
		const struct variant *v = scope_solved_variant(g.node[i]);
		if (!v)
			continue;
		g.adj[i] = rt_xcalloc(v->requires.n + 1, sizeof(*g.adj[i]));
		for (k = 0; k < v->requires.n; k++) {
			const struct req *r = v->requires.v[k];
			size_t w;
			if (r->conflict)
				continue;
			w = graph_find(&g, r->name);
			if (w == g.n)
				RT_BUG("solver: solved variant requires unknown family '%s'", r->name);
			if (seen[w] != i + 1) {
				seen[w] = i + 1;
				g.adj[i][g.nadj[i]++] = w;
			}
		}
	}
	free(seen);

	buf = rt_xcalloc(g.n + 1, sizeof(*buf));
	if ((len = find_cycle(&g, buf))) {
		struct rt_buf sb = RT_BUF_INIT;
		rt_buf_adds(&sb, "A cyclic dependency was detected: ");
		for (k = 0; k <= len; k++) {
			if (k)
				rt_buf_adds(&sb, " --> ");
			pkg_format(scope_solved_variant(g.node[buf[k % len]])->pkg, &sb);
		}
		out = phase_new(PH_CYCLIC);
		for (i = 0; i < ph->n; i++)
			if (!scope_is_conflict(ph->scopes[i]))
				phase_add_scope(out, scope_ref(ph->scopes[i]), &cap);
		out->failure = rt_buf_detach(&sb, NULL);
	} else {
		len = dependency_order(s, &g, buf);
		out = phase_new(PH_SOLVED);
		for (k = 0; k < len; k++)
			phase_add_scope(out, scope_ref(g.node[buf[k]]), &cap);
	}
	free(buf);
	graph_release(&g);
	return out;
}

/* ================================================================ the search loop */

enum solver_status { ST_SOLVED, ST_FAILED, ST_UNSOLVED };

static struct phase *top(const struct solver *s)
{
	return s->stack[s->nstack - 1];
}

/* Rez's Solver.status. */
static enum solver_status solver_status(const struct solver *s)
{
	enum phase_status st;
	if (s->request.conflict[0] || s->callback_failed)
		return ST_FAILED;
	st = top(s)->status;
	if (st == PH_CYCLIC)
		return ST_FAILED;
	if (s->nstack > 1)
		return st == PH_SOLVED ? ST_SOLVED : ST_UNSOLVED;
	if (st == PH_PENDING || st == PH_EXHAUSTED)
		return ST_UNSOLVED;
	return st == PH_SOLVED ? ST_SOLVED : ST_FAILED;
}

static size_t num_fails(const struct solver *s)
{
	enum phase_status st = top(s)->status;
	return s->nfailed + (st == PH_FAILED || st == PH_CYCLIC);
}

static void push(struct solver *s, struct phase *ph)
{
	s->stack = rt_xgrow(s->stack, sizeof(*s->stack), s->nstack + 1, &s->capstack);
	s->stack[s->nstack++] = ph;
}

static struct phase *pop(struct solver *s)
{
	if (!s->nstack)
		RT_BUG("solver: phase stack underflow");
	return s->stack[--s->nstack];
}

/* A failed phase leaves the stack: keep what the failure description may need. */
static void record_failed(struct solver *s, struct phase *ph)
{
	s->nfailed++;
	if (!s->first_fail) {
		s->first_fail = ph->failure ? ph->failure : rt_xstrdup("");
		s->first_chain = ph->chain;
	} else {
		free(s->last_fail);
		free(s->last_chain);
		s->last_fail = ph->failure ? ph->failure : rt_xstrdup("");
		s->last_chain = ph->chain;
	}
	ph->failure = ph->chain = NULL;
	phase_free(ph);
}

static void trace_phase(struct solver *s, int level, const char *what, const struct phase *ph)
{
	struct rt_buf sb = RT_BUF_INIT;
	rt_buf_addf(&sb, "%s", what);
	for (size_t i = 0; ph && i < ph->n; i++) {
		rt_buf_adds(&sb, i ? " " : ": ");
		scope_format(ph->scopes[i], &sb);
	}
	s->opt.trace(s->opt.trace_ud, level, sb.buf);
	rt_buf_release(&sb);
}

static int solve_step(struct solver *s)
{
	struct phase *ph = pop(s), *np;

	if (ph->status == PH_FAILED) {
		record_failed(s, ph);
		ph = pop(s);
	}
	if (ph->status == PH_EXHAUSTED) {
		struct phase *a, *b;
		phase_split(ph, &a, &b);
		if (s->opt.trace) {
			trace_phase(s, 1, "split: trying", a);
			trace_phase(s, 2, "split: kept for later", b);
		}
		phase_free(ph);
		push(s, b);
		ph = a;
	}
	if (s->opt.trace) {
		char *m = rt_xstrfmt("solve step %zu, %zu phase(s) waiting", s->stats.num_solves + 1, s->nstack);
		trace_phase(s, 2, m, ph);
		free(m);
	}
	np = phase_solve(s, ph);
	phase_free(ph);
	if (!np)
		return -1;
	s->stats.num_solves++;
	if (s->opt.trace && np->status == PH_FAILED) {
		char *m = rt_xstrfmt("phase failed (failure %zu): %s", s->nfailed + 1,
				     np->failure ? np->failure : "");
		s->opt.trace(s->opt.trace_ud, 1, m);
		free(m);
	} else if (s->opt.trace) {
		trace_phase(s, 1, np->status == PH_SOLVED ? "solved" : np->status == PH_EXHAUSTED ?
			    "reduced (exhausted, needs a split)" : "reduced", np);
	}
	if (np->status == PH_SOLVED) {
		struct phase *fin = phase_finalise(s, np);
		phase_free(np);
		np = fin;
	}
	push(s, np);
	return 0;
}

/* Rez's ResolvedContext.Callback (max_fails, time_limit): 0 to stop. */
static int keep_going(struct solver *s)
{
	size_t fails = num_fails(s);
	if (s->opt.max_fails >= 0 && fails >= (size_t)s->opt.max_fails) {
		if (fails) {
			s->abort_reason = rt_xstrfmt("fail limit reached: aborted after %zu failures",
						     fails);
			s->callback_failed = 1;
			return 0;
		}
	}
	if (s->opt.time_limit >= 0 && elapsed(s) > s->opt.time_limit) {
		s->abort_reason = rt_xstrdup(TIME_LIMIT_MSG);
		return 0;
	}
	return 1;
}

/* ================================================================ results */

static void fill_variant(struct rt_solver_variant *out, const struct variant *v)
{
	size_t i;
	out->family = rt_xstrdup(v->pkg->fam->name);
	out->version = rt_version_copy(v->pkg->version);
	out->index = v->index;
	out->pkg = v->pkg->handle;
	out->nrequires = v->requires.n;
	out->requires = rt_xcalloc(v->requires.n + 1, sizeof(*out->requires));
	for (i = 0; i < v->requires.n; i++)
		out->requires[i] = rt_xstrdup(req_str(v->requires.v[i]));
}

static void fill_result(struct solver *s, enum solver_status st, struct rt_solver_result *out)
{
	struct phase *t = top(s);
	size_t i;

	out->stats = s->stats;
	out->stats.num_fails = num_fails(s);
	if (st == ST_SOLVED) {
		out->status = RT_SOLVER_SOLVED;
		out->variants = rt_xcalloc(t->n + 1, sizeof(*out->variants));
		out->ephemerals = rt_xcalloc(t->n + 1, sizeof(*out->ephemerals));
		for (i = 0; i < t->n; i++) {
			struct scope *sc = t->scopes[i];
			const struct variant *v = scope_solved_variant(sc);
			if (v)
				fill_variant(&out->variants[out->nvariants++], v);
			else if (sc->ephemeral && !scope_is_conflict(sc))
				out->ephemerals[out->nephemerals++] = rt_xstrdup(req_str(sc->request));
		}
		return;
	}
	if (st == ST_UNSOLVED) {
		out->status = RT_SOLVER_ABORTED;
		out->failure = rt_xstrdup(s->abort_reason ? s->abort_reason : "solve aborted");
		return;
	}
	out->status = RT_SOLVER_FAILED;
	out->cyclic = t->status == PH_CYCLIC;
	{
		/* Rez's _get_failed_phase: the first failure, unless the last one is cyclic or
		 * the fail limit stopped the solve */
		int top_failed = t->status == PH_FAILED || t->status == PH_CYCLIC;
		const char *desc, *chain;
		if (out->cyclic || s->callback_failed) {
			desc = top_failed ? t->failure : s->last_fail ? s->last_fail : s->first_fail;
			chain = top_failed ? t->chain : s->last_fail ? s->last_chain : s->first_chain;
		} else {
			desc = s->first_fail ? s->first_fail : t->failure;
			chain = s->first_fail ? s->first_chain : t->chain;
		}
		if (!desc || !*desc)
			desc = "Solver failed with unknown reason.";
		if (s->callback_failed && s->abort_reason)
			out->failure = rt_xstrfmt("%s:\n%s", s->abort_reason, desc);
		else
			out->failure = rt_xstrdup(desc);
		out->failure_chain = chain ? rt_xstrdup(chain) : NULL;
	}
}

void rt_solver_result_release(struct rt_solver_result *res)
{
	size_t i, k;
	for (i = 0; i < res->nvariants; i++) {
		struct rt_solver_variant *v = &res->variants[i];
		free(v->family);
		rt_version_free(v->version);
		for (k = 0; k < v->nrequires; k++)
			free(v->requires[k]);
		free(v->requires);
	}
	free(res->variants);
	for (i = 0; i < res->nephemerals; i++)
		free(res->ephemerals[i]);
	free(res->ephemerals);
	free(res->failure);
	free(res->failure_chain);
	memset(res, 0, sizeof(*res));
	res->status = RT_SOLVER_FAILED;
}

void rt_solver_variant_format(const struct rt_solver_variant *v, struct rt_buf *out)
{
	const char *ver = rt_version_str(v->version);
	rt_buf_adds(out, v->family);
	if (*ver)
		rt_buf_addf(out, "-%s", ver);
	if (v->index >= 0)
		rt_buf_addf(out, "[%d]", v->index);
	else
		rt_buf_adds(out, "[]");
}

static void solver_release(struct solver *s)
{
	size_t i, k;
	while (s->nstack)
		phase_free(pop(s));
	free(s->stack);
	reqlist_release(&s->request);
	for (i = 0; i < s->nfams; i++) {
		for (k = 0; k < s->fams[i]->npkgs; k++)
			pkg_release(&s->fams[i]->pkgs[k]);
		rt_order_keyer_release(&s->fams[i]->keyer);
		free(s->fams[i]->pkgs);
		free(s->fams[i]);
	}
	free(s->fams);
	for (i = 0; i < s->syms.cap; i++) {
		struct sym *y, *next;
		for (y = s->syms.slots[i]; y; y = next) {
			next = y->next;
			req_unref(y->req);
			free(y);
		}
	}
	free(s->syms.slots);
	free(s->first_fail);
	free(s->first_chain);
	free(s->last_fail);
	free(s->last_chain);
	free(s->abort_reason);
}

int rt_solve(const struct rt_solver_source *src, const char *const *requests, size_t nrequests,
	     const struct rt_solver_options *opt, struct rt_solver_result *out,
	     struct rt_error *err)
{
	struct rt_solver_options defaults = RT_SOLVER_OPTIONS_INIT;
	struct rt_error lerr = RT_ERROR_INIT;
	struct solver s;
	struct req **reqs;
	struct phase *ph;
	size_t i, cap = 0;
	int ret = -1;

	memset(&s, 0, sizeof(s));
	s.src = src;
	s.opt = opt ? *opt : defaults;
	s.err = &lerr;     /* never NULL inside: some messages are kept as failure text */
	clock_gettime(CLOCK_MONOTONIC, &s.start);

	reqs = rt_xcalloc(nrequests + 1, sizeof(*reqs));
	for (i = 0; i < nrequests; i++) {
		struct rt_error perr = RT_ERROR_INIT;
		struct rt_request *rq = rt_request_parse(requests[i], &perr);
		if (!rq) {
			/* The parser's message already names the request. */
			rt_error_move(&lerr, &perr);
			while (i-- > 0)
				req_unref(reqs[i]);
			free(reqs);
			goto out;
		}
		reqs[i] = req_from_request(&s.syms, rq);
		rt_request_free(rq);
	}
	reqlist_build(&s.request, reqs, nrequests);
	for (i = 0; i < nrequests; i++)
		req_unref(reqs[i]);
	free(reqs);

	ph = phase_new(PH_PENDING);
	if (s.request.conflict[0]) {
		ph->status = PH_FAILED;
		ph->failure = conflict_description(s.request.conflict[0], s.request.conflict[1]);
		ph->chain = rt_xstrfmt("request: %s\nrequest: %s", req_str(s.request.conflict[0]),
				       req_str(s.request.conflict[1]));
	} else {
		for (i = 0; i < s.request.n; i++) {
			struct scope *sc;
			int missing;
			if (scope_new(&s, s.request.v[i], &sc, &missing) < 0) {
				phase_free(ph);
				goto out;
			}
			phase_add_scope(ph, sc, &cap);
			idx_add(&ph->changed, i);
		}
	}
	push(&s, ph);

	while (solver_status(&s) == ST_UNSOLVED) {
		if (solve_step(&s) < 0)
			goto out;
		if (solver_status(&s) == ST_UNSOLVED && !keep_going(&s))
			break;
	}
	s.stats.solve_time = elapsed(&s);
	fill_result(&s, solver_status(&s), out);
	ret = 0;
out:
	if (ret < 0 && s.timed_out) {
		/* The time limit passed inside a step: aborted, as between steps; whatever the
		 * step had built is dropped (it never leaves the solver). */
		rt_error_release(&lerr);
		out->status = RT_SOLVER_ABORTED;
		out->failure = rt_xstrdup(TIME_LIMIT_MSG);
		out->stats = s.stats;
		out->stats.num_fails = s.nfailed;
		out->stats.solve_time = elapsed(&s);
		ret = 0;
	}
	if (ret < 0) {
		out->stats = s.stats;
		out->stats.solve_time = elapsed(&s);
		if (!lerr.msg)
			rt_error(&lerr, "solve failed");
		if (err)
			rt_error_move(err, &lerr);
	}
	rt_error_release(&lerr);
	solver_release(&s);
	return ret;
}
