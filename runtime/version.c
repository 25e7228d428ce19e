/* version.c - Rez versions, version ranges and requests (semantics of src/rez/version/). */
#include "runtime/common.h"
#include "runtime/version.h"
#include "runtime/buf.h"
#include "runtime/error.h"

#include <limits.h>

/* ======================================================================================
 * Versions
 *
 * A version is one position-independent blob (offsets, no pointers), so that copying it is
 * one malloc + memcpy and ranges can embed versions inline. Layout:
 *
 *     struct rt_version | struct vtok[ntok] | pad to 8 | struct vsub[nsub] | text | tokstrs
 *
 * `text` is the string as written (NUL-terminated); `tokstrs` holds each token as its own
 * NUL-terminated string for rt_version_token(). Subtokens are precomputed at parse time so
 * that rt_version_cmp never allocates and never re-scans characters it does not need.
 * ====================================================================================== */

struct rt_version {
	uint32_t size;        /* bytes of the whole blob, a multiple of 8 */
	uint32_t len;         /* strlen(text) */
	uint32_t ntok;
	uint32_t nsub;
};

struct vtok {
	uint32_t sub;         /* index of the first subtoken */
	uint32_t nsub;
	uint32_t str;         /* blob offset of the NUL-terminated token string */
	uint32_t len;
	uint32_t pos;         /* offset of the token inside text */
};

/* A run of digits ("numeric") or of non-digits ("alpha", which includes '_'). */
struct vsub {
	uint64_t n;           /* value when numeric and siglen <= 19 */
	uint32_t str;         /* blob offset of the subtoken characters */
	uint32_t len;
	uint32_t siglen;      /* numeric: length without leading zeros */
	uint32_t numeric;
};

/* Longest version string accepted: far beyond any real version, small enough for uint32. */
#define VERSION_MAX_LEN 65536u

#define ALIGN8(x) (((x) + 7u) & ~(size_t)7u)

static inline const struct vtok *vtoks(const struct rt_version *v)
{
	return (const struct vtok *)((const char *)v + sizeof(*v));
}

static inline size_t vsubs_off(uint32_t ntok)
{
	return ALIGN8(sizeof(struct rt_version) + (size_t)ntok * sizeof(struct vtok));
}

static inline const struct vsub *vsubs(const struct rt_version *v)
{
	return (const struct vsub *)((const char *)v + vsubs_off(v->ntok));
}

static inline const char *vtext(const struct rt_version *v)
{
	return (const char *)v + vsubs_off(v->ntok) + (size_t)v->nsub * sizeof(struct vsub);
}

static inline const char *vat(const struct rt_version *v, uint32_t off)
{
	return (const char *)v + off;
}

/* The empty version, used for unbounded lower bounds; all-zero bytes after the header make
 * its text "". */
static const union {
	struct rt_version v;
	uint64_t raw[4];
} empty_version = { .v = { sizeof(struct rt_version) + 8, 0, 0, 0 } };
#define EMPTY (&empty_version.v)

static int is_tok_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* Builds the blob for s[0..len); returns NULL (and a message in `why`) when s is not a
 * version. */
static struct rt_version *version_build(const char *s, size_t len, const char **why)
{
	uint32_t ntok = 0, nsub = 0;
	size_t i, size, subs_at, text_at, tok_at;
	struct rt_version *v;
	struct vtok *toks;
	struct vsub *subs;
	char *blob;

	if (len > VERSION_MAX_LEN) {
		*why = "too long";
		return NULL;
	}
	/* Pass 1: validate and count. */
	for (i = 0; i < len;) {
		if (!is_tok_char((unsigned char)s[i])) {
			*why = i == 0 ? "starts with a separator" : "two separators in a row";
			return NULL;
		}
		ntok++;
		while (i < len && is_tok_char((unsigned char)s[i])) {
			int d = is_digit((unsigned char)s[i]);
			nsub++;
			while (i < len && is_tok_char((unsigned char)s[i]) && is_digit((unsigned char)s[i]) == d)
				i++;
		}
		if (i < len) {
			unsigned char c = (unsigned char)s[i];
			if (c < 0x21 || c > 0x7e) {
				*why = "invalid character";
				return NULL;
			}
			if (++i == len) {
				*why = "ends with a separator";
				return NULL;
			}
		}
	}

	subs_at = vsubs_off(ntok);
	text_at = subs_at + (size_t)nsub * sizeof(struct vsub);
	tok_at = text_at + len + 1;
	size = ALIGN8(tok_at + len + ntok);   /* token strings: at most len chars + ntok NULs */
	blob = rt_xcalloc(1, size);
	v = (struct rt_version *)blob;
	v->size = (uint32_t)size;
	v->len = (uint32_t)len;
	v->ntok = ntok;
	v->nsub = nsub;
	toks = (struct vtok *)(blob + sizeof(*v));
	subs = (struct vsub *)(blob + subs_at);
	memcpy(blob + text_at, s, len);

	/* Pass 2: fill tokens and subtokens. */
	ntok = nsub = 0;
	for (i = 0; i < len;) {
		struct vtok *t = &toks[ntok++];
		size_t start = i;
		t->sub = nsub;
		t->pos = (uint32_t)i;
		t->str = (uint32_t)tok_at;
		while (i < len && is_tok_char((unsigned char)s[i])) {
			struct vsub *st = &subs[nsub++];
			size_t j = i;
			int d = is_digit((unsigned char)s[i]);
			while (j < len && is_tok_char((unsigned char)s[j]) && is_digit((unsigned char)s[j]) == d)
				j++;
			st->str = (uint32_t)(tok_at + (i - start));
			st->len = (uint32_t)(j - i);
			st->numeric = (uint32_t)d;
			if (d) {
				size_t k = i;
				while (k < j - 1 && s[k] == '0')
					k++;
				st->siglen = (uint32_t)(j - k);
				if (st->siglen <= 19) {
					uint64_t n = 0;
					for (; k < j; k++)
						n = n * 10 + (uint64_t)(s[k] - '0');
					st->n = n;
				}
			}
			i = j;
		}
		t->nsub = nsub - t->sub;
		t->len = (uint32_t)(i - start);
		memcpy(blob + tok_at, s + start, t->len);
		tok_at += t->len + 1;
		if (i < len)
			i++;   /* the separator */
	}
	return v;
}

struct rt_version *rt_version_parse(const char *s, struct rt_error *err)
{
	const char *why = NULL;
	struct rt_version *v = version_build(s, strlen(s), &why);
	if (!v)
		rt_error(err, "invalid version '%s': %s", s, why);
	return v;
}

struct rt_version *rt_version_copy(const struct rt_version *v)
{
	struct rt_version *c = rt_xmalloc(v->size);
	memcpy(c, v, v->size);
	return c;
}

void rt_version_free(struct rt_version *v)
{
	if (v != EMPTY)
		free(v);
}

static inline int sub_cmp(const struct rt_version *va, const struct vsub *a,
			  const struct rt_version *vb, const struct vsub *b)
{
	const char *sa, *sb;
	int c;

	if (a->numeric != b->numeric)
		return a->numeric ? 1 : -1;   /* alpha < numeric */
	sa = vat(va, a->str);
	sb = vat(vb, b->str);
	if (a->numeric) {
		if (a->siglen != b->siglen)
			return a->siglen < b->siglen ? -1 : 1;
		if (a->siglen <= 19) {
			if (a->n != b->n)
				return a->n < b->n ? -1 : 1;
		} else {
			c = memcmp(sa + (a->len - a->siglen), sb + (b->len - b->siglen), a->siglen);
			if (c)
				return c;
		}
		/* equal values: the string decides, so "01" < "1" */
	}
	c = memcmp(sa, sb, a->len < b->len ? a->len : b->len);
	if (c)
		return c < 0 ? -1 : 1;
	return (a->len > b->len) - (a->len < b->len);
}

static inline int tok_cmp(const struct rt_version *va, const struct vtok *a,
			  const struct rt_version *vb, const struct vtok *b)
{
	const struct vsub *sa = vsubs(va) + a->sub, *sb = vsubs(vb) + b->sub;
	uint32_t n = a->nsub < b->nsub ? a->nsub : b->nsub;
	for (uint32_t i = 0; i < n; i++) {
		int c = sub_cmp(va, &sa[i], vb, &sb[i]);
		if (c)
			return c;
	}
	return (a->nsub > b->nsub) - (a->nsub < b->nsub);
}

int rt_version_cmp(const struct rt_version *a, const struct rt_version *b)
{
	const struct vtok *ta, *tb;
	uint32_t n;

	if (a == b)
		return 0;
	ta = vtoks(a);
	tb = vtoks(b);
	n = a->ntok < b->ntok ? a->ntok : b->ntok;
	for (uint32_t i = 0; i < n; i++) {
		int c = tok_cmp(a, &ta[i], b, &tb[i]);
		if (c)
			return c;
	}
	return (a->ntok > b->ntok) - (a->ntok < b->ntok);
}

uint64_t rt_version_hash(const struct rt_version *v)
{
	/* FNV-1a over the token strings: separators do not count, like equality */
	uint64_t h = 1469598103934665603ull;
	const struct vtok *t = vtoks(v);
	for (uint32_t i = 0; i < v->ntok; i++) {
		const unsigned char *s = (const unsigned char *)vat(v, t[i].str);
		for (uint32_t k = 0; k <= t[i].len; k++)
			h = (h ^ s[k]) * 1099511628211ull;
	}
	return h;
}

const char *rt_version_str(const struct rt_version *v)
{
	return vtext(v);
}

size_t rt_version_ntokens(const struct rt_version *v)
{
	return v->ntok;
}

const char *rt_version_token(const struct rt_version *v, size_t i)
{
	if (i >= v->ntok)
		return NULL;
	return vat(v, vtoks(v)[i].str);
}

int rt_version_is_empty(const struct rt_version *v)
{
	return v->ntok == 0;
}

/* Appending '_' to the last token is exactly Rez's next(): an alpha last subtoken grows by
 * '_', a numeric one is followed by a new '_' subtoken. */
struct rt_version *rt_version_next(const struct rt_version *v)
{
	struct rt_buf b = RT_BUF_INIT;
	struct rt_version *n;
	const char *why = NULL;

	if (!v->ntok)
		return NULL;
	rt_buf_add(&b, vtext(v), v->len);
	rt_buf_addch(&b, '_');
	n = version_build(b.buf, b.len, &why);
	rt_buf_release(&b);
	if (!n)
		RT_BUG("next of a valid version is invalid: %s", why);
	return n;
}

struct rt_version *rt_version_trim(const struct rt_version *v, size_t n)
{
	const struct vtok *t;
	const char *why = NULL;
	struct rt_version *r;

	if (n >= v->ntok)
		return rt_version_copy(v);
	if (n == 0)
		return version_build("", 0, &why);
	t = &vtoks(v)[n - 1];
	r = version_build(vtext(v), t->pos + t->len, &why);
	if (!r)
		RT_BUG("trim of a valid version is invalid: %s", why);
	return r;
}

/* ======================================================================================
 * Ranges
 *
 * A range is a sorted list of bounds (lower, upper), kept in one blob with its versions
 * inline (so copy = memcpy). Operations work on `struct bref` arrays pointing into their
 * inputs and pack the result once.
 * ====================================================================================== */

struct bref {
	const struct rt_version *lo;   /* never NULL; EMPTY for "no lower bound" */
	const struct rt_version *hi;   /* NULL = infinity (then hi_inc is 1) */
	unsigned char lo_inc, hi_inc;
};

struct pbound {
	size_t lo, hi;                 /* blob offsets; hi == 0 = infinity */
	unsigned char lo_inc, hi_inc;
};

struct rt_range {
	size_t size;
	size_t n;
};

static inline const struct pbound *rbounds(const struct rt_range *r)
{
	return (const struct pbound *)((const char *)r + sizeof(*r));
}

static inline struct bref range_bref(const struct rt_range *r, size_t i)
{
	const struct pbound *p = &rbounds(r)[i];
	struct bref b;
	b.lo = (const struct rt_version *)((const char *)r + p->lo);
	b.hi = p->hi ? (const struct rt_version *)((const char *)r + p->hi) : NULL;
	b.lo_inc = p->lo_inc;
	b.hi_inc = p->hi_inc;
	return b;
}

static struct bref *range_brefs(const struct rt_range *r, struct bref *out)
{
	for (size_t i = 0; i < r->n; i++)
		out[i] = range_bref(r, i);
	return out;
}

static struct rt_range *range_pack(const struct bref *b, size_t n)
{
	size_t size = ALIGN8(sizeof(struct rt_range) + rt_st_mult(n, sizeof(struct pbound)));
	size_t at;
	struct rt_range *r;
	struct pbound *p;

	for (size_t i = 0; i < n; i++) {
		size = rt_st_add(size, b[i].lo->size);
		if (b[i].hi)
			size = rt_st_add(size, b[i].hi->size);
	}
	r = rt_xcalloc(1, size);
	r->size = size;
	r->n = n;
	p = (struct pbound *)((char *)r + sizeof(*r));
	at = ALIGN8(sizeof(struct rt_range) + n * sizeof(struct pbound));
	for (size_t i = 0; i < n; i++) {
		p[i].lo = at;
		memcpy((char *)r + at, b[i].lo, b[i].lo->size);
		at += b[i].lo->size;
		p[i].lo_inc = b[i].lo_inc;
		p[i].hi_inc = b[i].hi_inc;
		if (b[i].hi) {
			p[i].hi = at;
			memcpy((char *)r + at, b[i].hi, b[i].hi->size);
			at += b[i].hi->size;
		}
	}
	return r;
}

/* ---- bound primitives (Rez's _LowerBound / _UpperBound / _Bound) ---- */

/* Version compare where NULL is infinity. */
static inline int vcmp_inf(const struct rt_version *a, const struct rt_version *b)
{
	if (!a || !b)
		return (a == NULL) - (b == NULL);
	return rt_version_cmp(a, b);
}

/* Lower bounds: by version, then inclusive before exclusive. */
static int lower_cmp(const struct bref *a, const struct bref *b)
{
	int c = rt_version_cmp(a->lo, b->lo);
	if (c)
		return c;
	return (int)b->lo_inc - (int)a->lo_inc;
}

/* Upper bounds: by version, then exclusive before inclusive. */
static int upper_cmp(const struct bref *a, const struct bref *b)
{
	int c = vcmp_inf(a->hi, b->hi);
	if (c)
		return c;
	return (int)a->hi_inc - (int)b->hi_inc;
}

static int bound_cmp(const struct bref *a, const struct bref *b)
{
	int c = lower_cmp(a, b);
	return c ? c : upper_cmp(a, b);
}

static int bound_qsort_cmp(const void *a, const void *b)
{
	return bound_cmp(a, b);
}

/* Is (lo, hi) non-empty? */
static int bound_valid(const struct bref *b)
{
	int c = vcmp_inf(b->lo, b->hi);
	return c < 0 || (c == 0 && b->lo_inc && b->hi_inc);
}

static int bound_is_any(const struct bref *b)
{
	return b->lo->ntok == 0 && b->lo_inc && !b->hi;
}

/* -1: v is below the bound, 1: above, 0: inside. */
static int bound_containment(const struct bref *b, const struct rt_version *v)
{
	int c = rt_version_cmp(v, b->lo);
	if (c < 0 || (c == 0 && !b->lo_inc))
		return -1;
	if (b->hi) {
		c = rt_version_cmp(v, b->hi);
		if (c > 0 || (c == 0 && !b->hi_inc))
			return 1;
	}
	return 0;
}

static int bound_contains_bound(const struct bref *a, const struct bref *b)
{
	return lower_cmp(a, b) <= 0 && upper_cmp(a, b) >= 0;
}

static int bound_intersection(const struct bref *a, const struct bref *b, struct bref *out)
{
	const struct bref *l = lower_cmp(a, b) >= 0 ? a : b;
	const struct bref *u = upper_cmp(a, b) <= 0 ? a : b;
	out->lo = l->lo;
	out->lo_inc = l->lo_inc;
	out->hi = u->hi;
	out->hi_inc = u->hi_inc;
	return bound_valid(out);
}

static int bound_equal(const struct bref *a, const struct bref *b)
{
	return bound_cmp(a, b) == 0 && a->lo_inc == b->lo_inc && a->hi_inc == b->hi_inc;
}

static void bound_format(const struct bref *b, struct rt_buf *out)
{
	const struct rt_version *lo = b->lo, *hi = b->hi;

	if (!hi) {
		if (lo->ntok)
			rt_buf_addf(out, b->lo_inc ? "%s+" : ">%s", vtext(lo));
		else if (!b->lo_inc)
			rt_buf_addch(out, '>');
		return;
	}
	if (rt_version_cmp(lo, hi) == 0) {
		rt_buf_addf(out, "==%s", vtext(lo));
		return;
	}
	if (b->lo_inc && b->hi_inc) {
		if (lo->ntok)
			rt_buf_addf(out, "%s..%s", vtext(lo), vtext(hi));
		else
			rt_buf_addf(out, "<=%s", vtext(hi));
		return;
	}
	if (b->lo_inc && !b->hi_inc && lo->ntok) {
		/* lo+<next(lo) is the "family" range, printed as the bare version */
		struct rt_version *nx = rt_version_next(lo);
		int fam = rt_version_cmp(nx, hi) == 0;
		rt_version_free(nx);
		if (fam) {
			rt_buf_adds(out, vtext(lo));
			return;
		}
	}
	if (lo->ntok)
		rt_buf_addf(out, b->lo_inc ? "%s+" : ">%s", vtext(lo));
	else if (!b->lo_inc)
		rt_buf_addch(out, '>');
	rt_buf_addf(out, b->hi_inc ? "<=%s" : "<%s", vtext(hi));
}

/* Sorts and merges overlapping or touching bounds in place; returns the new count. Same
 * rule as Rez: a bound starts a new group when it begins above the running upper bound, or
 * exactly at it with both the bound's lower and the previous bound's upper exclusive. */
static size_t bounds_union(struct bref *b, size_t n)
{
	size_t out = 0, start = 0;
	struct bref upper;

	if (n < 2)
		return n;
	qsort(b, n, sizeof(*b), bound_qsort_cmp);
	upper = b[0];
	for (size_t i = 1; i < n; i++) {
		int c = vcmp_inf(b[i].lo, upper.hi);
		if (c > 0 || (c == 0 && !b[i].lo_inc && !b[i - 1].hi_inc)) {
			b[out].lo = b[start].lo;
			b[out].lo_inc = b[start].lo_inc;
			b[out].hi = upper.hi;
			b[out].hi_inc = upper.hi_inc;
			out++;
			start = i;
			upper = b[i];
		} else if (upper_cmp(&b[i], &upper) > 0) {
			upper = b[i];
		}
	}
	b[out].lo = b[start].lo;
	b[out].lo_inc = b[start].lo_inc;
	b[out].hi = upper.hi;
	b[out].hi_inc = upper.hi_inc;
	return out + 1;
}

/* ---- parsing ---- */

enum lexeme { LX_VER, LX_EQEQ, LX_DOTDOT, LX_GT, LX_GE, LX_LT, LX_LE, LX_PLUS, LX_COMMA };

struct lex {
	enum lexeme kind;
	const char *s;        /* LX_VER: the version text */
	size_t len;
};

/* Versions inside ranges use only '.' and '-' between tokens (Rez's range grammar). */
static size_t scan_version(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len && is_tok_char((unsigned char)s[i]))
		i++;
	while (i + 1 < len && (s[i] == '.' || s[i] == '-') && is_tok_char((unsigned char)s[i + 1])) {
		i++;
		while (i < len && is_tok_char((unsigned char)s[i]))
			i++;
	}
	return i;
}

/* Splits one '|'-part into at most 6 lexemes; -1 on a character that cannot start one. */
static int lex_part(const char *s, size_t len, struct lex *lx, size_t *nlx)
{
	size_t i = 0, n = 0;
	while (i < len) {
		struct lex *l;
		if (n == 6)
			return -1;
		l = &lx[n++];
		l->s = s + i;
		l->len = 1;
		if (is_tok_char((unsigned char)s[i])) {
			l->kind = LX_VER;
			l->len = scan_version(s + i, len - i);
		} else if (s[i] == '=' && i + 1 < len && s[i + 1] == '=') {
			l->kind = LX_EQEQ;
			l->len = 2;
		} else if (s[i] == '.' && i + 1 < len && s[i + 1] == '.') {
			l->kind = LX_DOTDOT;
			l->len = 2;
		} else if (s[i] == '>' || s[i] == '<') {
			int eq = i + 1 < len && s[i + 1] == '=';
			l->kind = s[i] == '>' ? (eq ? LX_GE : LX_GT) : (eq ? LX_LE : LX_LT);
			l->len = eq ? 2 : 1;
		} else if (s[i] == '+') {
			l->kind = LX_PLUS;
		} else if (s[i] == ',') {
			l->kind = LX_COMMA;
		} else {
			return -1;
		}
		i += l->len;
	}
	*nlx = n;
	return 0;
}

/* Owned versions created while parsing, freed once the result is packed. */
struct vpool {
	struct rt_version **v;
	size_t n, alloc;
};

static const struct rt_version *pool_add(struct vpool *p, struct rt_version *v)
{
	p->v = rt_xgrow(p->v, sizeof(*p->v), p->n + 1, &p->alloc);
	p->v[p->n++] = v;
	return v;
}

static void pool_release(struct vpool *p)
{
	for (size_t i = 0; i < p->n; i++)
		rt_version_free(p->v[i]);
	free(p->v);
	p->v = NULL;
	p->n = p->alloc = 0;
}

static const struct rt_version *lex_version(struct vpool *p, const struct lex *l)
{
	const char *why = NULL;
	struct rt_version *v;
	if (!l)
		return EMPTY;
	v = version_build(l->s, l->len, &why);
	if (!v)
		RT_BUG("range lexer produced an invalid version: %s", why);
	return pool_add(p, v);
}

enum part_status { PART_OK, PART_SYNTAX, PART_EMPTY_UPPER, PART_INVERTED };

/* Parses one non-empty '|'-separated part into *b (versions owned by `pool`).
 *
 *   V            family: V <= v < next(V)
 *   ==[V]        exactly V
 *   [V]..[V]     inclusive both ends
 *   L[[,]U]      ascending: L is >[V], >=[V], V+, +, or V (only when U follows);
 *                U is <V or <=[V]; the comma needs a version in L
 *   U,L          descending: <V or <=V, then a comma, then >[V] or >=[V]
 *
 * Rez's regex also accepts some accidental descending forms ("4,>2" read as "<=4,>2",
 * "<3,<2" read as "2+<3"); they are rejected here on purpose. */
static enum part_status parse_part(const char *s, size_t len, struct vpool *pool,
				   struct bref *b, int check_bounds)
{
	struct lex lx[6];
	size_t n = 0, i = 0;
	const struct lex *lov = NULL, *hiv = NULL;
	int has_lo = 0, lo_inc = 1, has_hi = 0, hi_inc = 1;

	if (lex_part(s, len, lx, &n) < 0 || n == 0)
		return PART_SYNTAX;

	if (n == 1 && lx[0].kind == LX_VER) {
		b->lo = lex_version(pool, &lx[0]);
		b->lo_inc = 1;
		b->hi = pool_add(pool, rt_version_next(b->lo));
		b->hi_inc = 0;
		return PART_OK;
	}
	if (lx[0].kind == LX_EQEQ) {
		if (n > 2 || (n == 2 && lx[1].kind != LX_VER))
			return PART_SYNTAX;
		b->lo = b->hi = lex_version(pool, n == 2 ? &lx[1] : NULL);
		b->lo_inc = b->hi_inc = 1;
		return PART_OK;
	}
	/* inclusive "a..b" */
	for (size_t k = 0; k < n; k++) {
		if (lx[k].kind != LX_DOTDOT)
			continue;
		if (k > 1 || (k == 1 && lx[0].kind != LX_VER) || n - k > 2 ||
		    (n - k == 2 && lx[k + 1].kind != LX_VER))
			return PART_SYNTAX;
		has_lo = has_hi = 1;
		lov = k == 1 ? &lx[0] : NULL;
		hiv = n - k == 2 ? &lx[k + 1] : NULL;
		goto build;
	}

	/* ascending: lower part */
	if (lx[i].kind == LX_GT || lx[i].kind == LX_GE) {
		has_lo = 1;
		lo_inc = lx[i].kind == LX_GE;
		i++;
		if (i < n && lx[i].kind == LX_VER)
			lov = &lx[i++];
	} else if (lx[i].kind == LX_VER) {
		has_lo = 1;
		lov = &lx[i++];
		if (i < n && lx[i].kind == LX_PLUS)
			i++;
		else if (i == n)
			return PART_SYNTAX;   /* (bare V handled above) */
	} else if (lx[i].kind == LX_PLUS) {
		has_lo = 1;
		i++;
	}
	if (i < n) {
		size_t u = i;
		if (lx[u].kind == LX_COMMA) {
			if (!lov)
				goto descending;
			u++;
		}
		if (u < n && lx[u].kind == LX_LT && u + 1 < n && lx[u + 1].kind == LX_VER) {
			has_hi = 1;
			hi_inc = 0;
			hiv = &lx[u + 1];
			u += 2;
		} else if (u < n && lx[u].kind == LX_LE) {
			has_hi = 1;
			u++;
			if (u < n && lx[u].kind == LX_VER)
				hiv = &lx[u++];
		} else {
			goto descending;
		}
		if (u != n)
			goto descending;
	}
	goto build;

descending:
	/* <V,>[V] | <=V,>[V] | <V,>=[V] | <=V,>=[V] */
	if (n < 4 || n > 5 || (lx[0].kind != LX_LT && lx[0].kind != LX_LE) || lx[1].kind != LX_VER ||
	    lx[2].kind != LX_COMMA || (lx[3].kind != LX_GT && lx[3].kind != LX_GE) ||
	    (n == 5 && lx[4].kind != LX_VER))
		return PART_SYNTAX;
	has_hi = has_lo = 1;
	hi_inc = lx[0].kind == LX_LE;
	hiv = &lx[1];
	lo_inc = lx[3].kind == LX_GE;
	lov = n == 5 ? &lx[4] : NULL;

build:
	b->lo = has_lo ? lex_version(pool, lov) : EMPTY;
	b->lo_inc = has_lo ? (unsigned char)lo_inc : 1;
	if (has_hi) {
		b->hi = lex_version(pool, hiv);
		b->hi_inc = (unsigned char)hi_inc;
		if (!hi_inc && b->hi->ntok == 0)
			return PART_EMPTY_UPPER;
	} else {
		b->hi = NULL;
		b->hi_inc = 1;
	}
	if (check_bounds && !bound_valid(b))
		return PART_INVERTED;
	return PART_OK;
}

static struct rt_range *range_parse(const char *s, int check_bounds, struct rt_error *err)
{
	struct vpool pool = { NULL, 0, 0 };
	struct bref *b = NULL;
	size_t n = 0, alloc = 0;
	int any = 0;
	const char *p = s;
	struct rt_range *r = NULL;

	for (;;) {
		const char *e = strchr(p, '|');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len == 0) {
			any = 1;   /* OR with "any" is any; the other parts must still be valid */
		} else {
			enum part_status st;
			b = rt_xgrow(b, sizeof(*b), n + 1, &alloc);
			st = parse_part(p, len, &pool, &b[n], check_bounds);
			if (st != PART_OK) {
				const char *why = st == PART_INVERTED ?
					"lower bound is greater than upper bound" :
					st == PART_EMPTY_UPPER ? "nothing is lower than the empty version" :
					"syntax error";
				if ((e || p != s) && st == PART_SYNTAX)
					rt_error(err, "invalid version range '%s': syntax error in '%.*s'",
						 s, (int)len, p);
				else
					rt_error(err, "invalid version range '%s': %s", s, why);
				goto out;
			}
			n++;
		}
		if (!e)
			break;
		p = e + 1;
	}
	if (any || n == 0) {
		r = rt_range_any();
	} else {
		n = bounds_union(b, n);
		r = range_pack(b, n);
	}
out:
	free(b);
	pool_release(&pool);
	return r;
}

struct rt_range *rt_range_parse(const char *s, struct rt_error *err)
{
	return range_parse(s, 1, err);
}

struct rt_range *rt_range_parse_lenient(const char *s, struct rt_error *err)
{
	return range_parse(s, 0, err);
}

struct rt_range *rt_range_any(void)
{
	struct bref b = { EMPTY, NULL, 1, 1 };
	return range_pack(&b, 1);
}

struct rt_range *rt_range_copy(const struct rt_range *r)
{
	struct rt_range *c = rt_xmalloc(r->size);
	memcpy(c, r, r->size);
	return c;
}

void rt_range_free(struct rt_range *r)
{
	free(r);
}

void rt_range_format(const struct rt_range *r, struct rt_buf *out)
{
	for (size_t i = 0; i < r->n; i++) {
		struct bref b = range_bref(r, i);
		if (i)
			rt_buf_addch(out, '|');
		bound_format(&b, out);
	}
}

char *rt_range_str(const struct rt_range *r)
{
	struct rt_buf b = RT_BUF_INIT;
	rt_range_format(r, &b);
	return rt_buf_detach(&b, NULL);
}

int rt_range_is_any(const struct rt_range *r)
{
	struct bref b;
	if (r->n != 1)
		return 0;
	b = range_bref(r, 0);
	return bound_is_any(&b);
}

size_t rt_range_nbounds(const struct rt_range *r)
{
	return r->n;
}

int rt_range_lower_bounded(const struct rt_range *r)
{
	struct bref b = range_bref(r, 0);
	return !(b.lo->ntok == 0 && b.lo_inc);
}

int rt_range_upper_bounded(const struct rt_range *r)
{
	struct bref b = range_bref(r, r->n - 1);
	return b.hi != NULL;
}

int rt_range_contains(const struct rt_range *r, const struct rt_version *v)
{
	size_t lo = 0, hi = r->n;

	/* bounds are sorted and disjoint: containment is -1...-1 0? 1...1 from the right */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		struct bref b = range_bref(r, mid);
		int c = bound_containment(&b, v);
		if (c == 0)
			return 1;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}

int rt_range_intersects(const struct rt_range *a, const struct rt_range *b)
{
	size_t i = 0, j = 0;
	while (i < a->n && j < b->n) {
		struct bref x = range_bref(a, i), y = range_bref(b, j), z;
		if (bound_intersection(&x, &y, &z))
			return 1;
		if (upper_cmp(&x, &y) < 0)
			i++;
		else
			j++;
	}
	return 0;
}

struct rt_range *rt_range_intersection(const struct rt_range *a, const struct rt_range *b)
{
	struct bref *out = rt_xmalloc(rt_st_mult(rt_st_add(a->n, b->n), sizeof(*out)));
	size_t n = 0;
	struct rt_range *r = NULL;

	/* Pairwise, in a-major order, like Rez (the result is not re-merged). Sorted disjoint
	 * inputs give at most n+m pieces; a two-pointer walk finds them in the same order. */
	for (size_t i = 0, j = 0; i < a->n && j < b->n;) {
		struct bref x = range_bref(a, i), y = range_bref(b, j);
		if (bound_intersection(&x, &y, &out[n]))
			n++;
		if (upper_cmp(&x, &y) < 0)
			i++;
		else
			j++;
	}
	if (n)
		r = range_pack(out, n);
	free(out);
	return r;
}

struct rt_range *rt_range_union(const struct rt_range *a, const struct rt_range *b)
{
	struct bref *v = rt_xmalloc(rt_st_mult(rt_st_add(a->n, b->n), sizeof(*v)));
	struct rt_range *r;
	size_t n;

	range_brefs(a, v);
	range_brefs(b, v + a->n);
	n = bounds_union(v, a->n + b->n);
	r = range_pack(v, n);
	free(v);
	return r;
}

struct rt_range *rt_range_union_many(const struct rt_range *const *r, size_t n)
{
	struct bref *v;
	struct rt_range *out;
	size_t total = 0, k = 0;

	if (!n)
		return NULL;
	for (size_t i = 0; i < n; i++)
		total = rt_st_add(total, r[i]->n);
	v = rt_xmalloc(rt_st_mult(total ? total : 1, sizeof(*v)));
	for (size_t i = 0; i < n; i++) {
		range_brefs(r[i], v + k);
		k += r[i]->n;
	}
	out = range_pack(v, bounds_union(v, total));
	free(v);
	return out;
}

/* The gaps around and between the bounds. Rez raises on an empty gap (only possible between
 * touching, unmerged bounds left by an intersection); here it is simply skipped. */
struct rt_range *rt_range_inverse(const struct rt_range *r)
{
	struct bref *v;
	struct rt_range *out = NULL;
	size_t n = 0;

	if (rt_range_is_any(r))
		return NULL;
	v = rt_xmalloc(rt_st_mult(r->n + 1, sizeof(*v)));
	for (size_t i = 0; i <= r->n; i++) {
		struct bref g = { EMPTY, NULL, 1, 1 };
		int has_lo = 0, has_hi = 0;
		if (i > 0) {
			struct bref prev = range_bref(r, i - 1);
			if (prev.hi) {
				has_lo = 1;
				g.lo = prev.hi;
				g.lo_inc = !prev.hi_inc;
			}
		}
		if (i < r->n) {
			struct bref cur = range_bref(r, i);
			if (!(cur.lo->ntok == 0 && cur.lo_inc)) {
				has_hi = 1;
				g.hi = cur.lo;
				g.hi_inc = !cur.lo_inc;
			}
		}
		if ((has_lo || has_hi) && bound_valid(&g))
			v[n++] = g;
	}
	if (n)
		out = range_pack(v, n);
	free(v);
	return out;
}

struct rt_range *rt_range_subtract(const struct rt_range *a, const struct rt_range *b)
{
	struct rt_range *inv = rt_range_inverse(b), *r;
	if (!inv)
		return NULL;
	r = rt_range_intersection(a, inv);
	rt_range_free(inv);
	return r;
}

int rt_range_is_superset(const struct rt_range *a, const struct rt_range *b)
{
	size_t i = 0;
	for (size_t j = 0; j < b->n; j++) {
		struct bref y = range_bref(b, j);
		/* the only candidate is the last bound of a whose lower is <= y's lower */
		while (i + 1 < a->n) {
			struct bref nx = range_bref(a, i + 1);
			if (lower_cmp(&nx, &y) > 0)
				break;
			i++;
		}
		{
			struct bref x = range_bref(a, i);
			if (!bound_contains_bound(&x, &y))
				return 0;
		}
	}
	return 1;
}

int rt_range_equal(const struct rt_range *a, const struct rt_range *b)
{
	if (a->n != b->n)
		return 0;
	for (size_t i = 0; i < a->n; i++) {
		struct bref x = range_bref(a, i), y = range_bref(b, i);
		if (!bound_equal(&x, &y))
			return 0;
	}
	return 1;
}

int rt_range_bound_parts(const struct rt_range *r, size_t i, const struct rt_version **lo,
			 int *lo_inc, const struct rt_version **hi, int *hi_inc)
{
	struct bref b;
	if (i >= r->n)
		return -1;
	b = range_bref(r, i);
	*lo = b.lo;
	*lo_inc = b.lo_inc;
	*hi = b.hi;
	*hi_inc = b.hi_inc;
	return 0;
}

int rt_range_cmp(const struct rt_range *a, const struct rt_range *b)
{
	size_t n = a->n < b->n ? a->n : b->n;
	for (size_t i = 0; i < n; i++) {
		struct bref x = range_bref(a, i), y = range_bref(b, i);
		int c = bound_cmp(&x, &y);
		if (c)
			return c;
	}
	return (a->n > b->n) - (a->n < b->n);
}

struct rt_range *rt_range_from_version(const struct rt_version *v, enum rt_range_op op)
{
	struct bref b = { v, NULL, 1, 1 };
	struct rt_version *nx = NULL;
	struct rt_range *r;

	switch (op) {
	case RT_RANGE_FAMILY:
		if (v->ntok) {
			b.hi = nx = rt_version_next(v);
			b.hi_inc = 0;
		}
		break;
	case RT_RANGE_EQ:
		b.hi = v;
		break;
	case RT_RANGE_GT:
		b.lo_inc = 0;
		break;
	case RT_RANGE_GE:
		break;
	case RT_RANGE_LT:
	case RT_RANGE_LE:
		if (op == RT_RANGE_LT && !v->ntok)
			return NULL;   /* nothing is below the empty version */
		b.lo = EMPTY;
		b.hi = v;
		b.hi_inc = op == RT_RANGE_LE;
		break;
	default:
		RT_BUG("bad range op %d", (int)op);
	}
	r = range_pack(&b, 1);
	rt_version_free(nx);
	return r;
}

struct rt_range *rt_range_from_versions(const struct rt_version *const *v, size_t n)
{
	struct bref *b;
	struct rt_range *r;
	size_t k = 0;

	if (!n)
		return NULL;
	b = rt_xmalloc(rt_st_mult(n, sizeof(*b)));
	for (size_t i = 0; i < n; i++) {
		b[i].lo = b[i].hi = v[i];
		b[i].lo_inc = b[i].hi_inc = 1;
	}
	qsort(b, n, sizeof(*b), bound_qsort_cmp);
	for (size_t i = 0; i < n; i++)
		if (!k || rt_version_cmp(b[k - 1].lo, b[i].lo) != 0)
			b[k++] = b[i];
	r = range_pack(b, k);
	free(b);
	return r;
}

struct rt_range *rt_range_from_versions_desc(const struct rt_version *const *v, size_t n)
{
	struct bref *b;
	struct rt_range *r;

	if (!n)
		return NULL;
	for (size_t i = 1; i < n; i++)
		if (rt_version_cmp(v[i - 1], v[i]) <= 0)
			return rt_range_from_versions(v, n);
	b = rt_xmalloc(rt_st_mult(n, sizeof(*b)));
	for (size_t i = 0; i < n; i++) {
		b[i].lo = b[i].hi = v[n - 1 - i];
		b[i].lo_inc = b[i].hi_inc = 1;
	}
	r = range_pack(b, n);
	free(b);
	return r;
}

struct rt_range *rt_range_span(const struct rt_range *r)
{
	struct bref f = range_bref(r, 0), l = range_bref(r, r->n - 1);
	f.hi = l.hi;
	f.hi_inc = l.hi_inc;
	return range_pack(&f, 1);
}

struct rt_range *rt_range_bound_at(const struct rt_range *r, size_t i)
{
	struct bref b;
	if (i >= r->n)
		return NULL;
	b = range_bref(r, i);
	return range_pack(&b, 1);
}

int rt_range_visit_versions(const struct rt_range *r, rt_range_visit_fn fn, void *ctx,
			    struct rt_range **out, struct rt_error *err)
{
	struct vpool pool = { NULL, 0, 0 };
	struct bref *v = rt_xmalloc(rt_st_mult(r->n, sizeof(*v)));
	int ret = -1;

	range_brefs(r, v);
	for (size_t i = 0; i < r->n; i++) {
		struct rt_version *nv;
		if (!(v[i].lo->ntok == 0 && v[i].lo_inc)) {
			nv = NULL;
			if (fn(ctx, v[i].lo, &nv, err) < 0)
				goto out;
			if (nv)
				v[i].lo = pool_add(&pool, nv);
		}
		if (v[i].hi) {
			int rc;
			nv = NULL;
			rc = fn(ctx, v[i].hi, &nv, err);
			if (rc < 0)
				goto out;
			if (rc > 0) {
				v[i].hi = NULL;   /* next() of the empty version: no upper bound */
				v[i].hi_inc = 1;
			} else if (nv) {
				v[i].hi = pool_add(&pool, nv);
			}
		}
	}
	*out = range_pack(v, r->n);
	ret = 0;
out:
	free(v);
	pool_release(&pool);
	return ret;
}

/* ======================================================================================
 * Requests
 * ====================================================================================== */

struct rt_request {
	char *name;
	struct rt_range *range;      /* as written; NULL only for "~foo" */
	struct rt_range *eff;        /* what the solver uses; weak: inverse of range; may be NULL */
	char sep;                    /* '-', '@' or '#' */
	unsigned char conflict, weak;
};

int rt_name_is_valid(const char *name)
{
	const char *p = name;
	if (!is_tok_char((unsigned char)*p))
		return 0;
	p++;
	while (*p) {
		if (*p == '.')
			p++;
		if (!is_tok_char((unsigned char)*p))
			return 0;
		while (is_tok_char((unsigned char)*p))
			p++;
	}
	return 1;
}

struct rt_request *rt_request_parse(const char *s, struct rt_error *err)
{
	struct rt_request *r;
	const char *p = s, *name_end, *rs;
	int conflict = 0, weak = 0;
	char sep = '-';
	char *name;

	if (*p == '!') {
		conflict = 1;
		p++;
	} else if (*p == '~') {
		conflict = weak = 1;
		p++;
	}
	name_end = p + strcspn(p, "-@#=<>");
	name = rt_xmemdupz(p, (size_t)(name_end - p));
	if (!rt_name_is_valid(name[0] == '.' ? name + 1 : name)) {
		rt_error(err, "invalid package request '%s': bad package name '%s'", s, name);
		free(name);
		return NULL;
	}
	r = rt_xcalloc(1, sizeof(*r));
	r->name = name;
	r->conflict = (unsigned char)conflict;
	r->weak = (unsigned char)weak;
	rs = name_end;
	if (*rs == '-' || *rs == '@' || *rs == '#')
		sep = *rs++;
	r->sep = sep;
	if (*name_end) {
		struct rt_error e = RT_ERROR_INIT;
		r->range = rt_range_parse(rs, &e);
		if (!r->range) {
			rt_error(err, "invalid package request '%s': %s", s, rt_error_msg(&e));
			rt_error_release(&e);
			rt_request_free(r);
			return NULL;
		}
	} else {
		r->range = rt_range_any();
	}
	if (weak)
		r->eff = rt_range_inverse(r->range);   /* "~foo" has no effect: NULL */
	else
		r->eff = rt_range_copy(r->range);
	return r;
}

struct rt_request *rt_package_request_parse(const char *s, struct rt_error *err)
{
	struct rt_request *r = rt_request_parse(s, err);
	/* Rez's PackageRequest checks an ephemeral's name only when the request starts with
	 * '.': "~.flag" and "!.flag" are invalid names, not weak or conflict ephemerals. */
	if (r && r->name[0] == '.' && s[0] != '.') {
		rt_error(err, "invalid package request '%s': bad package name '%s'", s, r->name);
		rt_request_free(r);
		return NULL;
	}
	return r;
}

struct rt_request *rt_request_new(const char *name, const struct rt_range *range, int conflict,
				  int weak)
{
	struct rt_request *r = rt_xcalloc(1, sizeof(*r));
	r->name = rt_xstrdup(name);
	r->sep = '-';
	r->conflict = (unsigned char)(conflict || weak);
	r->weak = (unsigned char)weak;
	r->range = range ? rt_range_copy(range) : rt_range_any();
	r->eff = weak ? rt_range_inverse(r->range) : rt_range_copy(r->range);
	return r;
}

struct rt_request *rt_request_copy(const struct rt_request *r)
{
	struct rt_request *c = rt_xcalloc(1, sizeof(*c));
	*c = *r;
	c->name = rt_xstrdup(r->name);
	c->range = rt_range_copy(r->range);
	c->eff = r->eff ? rt_range_copy(r->eff) : NULL;
	return c;
}

void rt_request_free(struct rt_request *r)
{
	if (!r)
		return;
	free(r->name);
	rt_range_free(r->range);
	rt_range_free(r->eff);
	free(r);
}

const char *rt_request_name(const struct rt_request *r)
{
	return r->name;
}

const struct rt_range *rt_request_range(const struct rt_request *r)
{
	return r->range;
}

const struct rt_range *rt_request_effective_range(const struct rt_request *r)
{
	return r->eff;
}

int rt_request_is_conflict(const struct rt_request *r)
{
	return r->conflict;
}

int rt_request_is_weak(const struct rt_request *r)
{
	return r->weak;
}

int rt_request_is_ephemeral(const struct rt_request *r)
{
	return r->name[0] == '.';
}

void rt_request_format(const struct rt_request *r, struct rt_buf *out)
{
	size_t at;
	if (r->weak)
		rt_buf_addch(out, '~');
	else if (r->conflict)
		rt_buf_addch(out, '!');
	rt_buf_adds(out, r->name);
	if (rt_range_is_any(r->range))
		return;
	rt_buf_addch(out, r->sep);
	at = out->len;
	rt_range_format(r->range, out);
	if (out->buf[at] == '=' || out->buf[at] == '<' || out->buf[at] == '>') {
		/* no separator before an operator: drop the one just added */
		memmove(out->buf + at - 1, out->buf + at, out->len - at);
		rt_buf_setlen(out, out->len - 1);
	}
}

char *rt_request_str(const struct rt_request *r)
{
	struct rt_buf b = RT_BUF_INIT;
	rt_request_format(r, &b);
	return rt_buf_detach(&b, NULL);
}

int rt_request_conflicts_with_version(const struct rt_request *r, const struct rt_version *v)
{
	if (!r->eff)
		return 0;
	if (r->conflict)
		return rt_range_contains(r->eff, v);
	return !rt_range_contains(r->eff, v);
}

int rt_request_conflicts_with(const struct rt_request *a, const struct rt_request *b)
{
	if (!rt_streq(a->name, b->name) || !a->eff || !b->eff)
		return 0;
	if (a->conflict)
		return b->conflict ? 0 : rt_range_is_superset(a->eff, b->eff);
	if (b->conflict)
		return rt_range_is_superset(b->eff, a->eff);
	return !rt_range_intersects(a->eff, b->eff);
}

int rt_request_equal(const struct rt_request *a, const struct rt_request *b)
{
	if (!rt_streq(a->name, b->name) || a->conflict != b->conflict)
		return 0;
	if (!a->eff || !b->eff)
		return !a->eff && !b->eff;
	return rt_range_equal(a->eff, b->eff);
}

/* Builds a request from an effective range; the written range is recomputed from it. */
static struct rt_request *request_from_eff(const struct rt_request *like, struct rt_range *eff,
					   int weak)
{
	struct rt_request *r = rt_xcalloc(1, sizeof(*r));
	r->name = rt_xstrdup(like->name);
	r->sep = like->sep;
	r->conflict = like->conflict;
	r->weak = (unsigned char)weak;
	r->eff = eff;
	if (weak) {
		r->range = rt_range_inverse(eff);
		if (!r->range)
			RT_BUG("weak request with an 'any' effective range");
	} else {
		r->range = rt_range_copy(eff);
	}
	return r;
}

struct rt_request *rt_request_merged(const struct rt_request *a, const struct rt_request *b)
{
	struct rt_range *rg;

	if (!rt_streq(a->name, b->name))
		return NULL;
	if (!a->eff)
		return rt_request_copy(b);
	if (!b->eff)
		return rt_request_copy(a);
	if (a->conflict && b->conflict) {
		rg = rt_range_union(a->eff, b->eff);
		return request_from_eff(a, rg, a->weak && b->weak && !rt_range_is_any(rg));
	}
	if (a->conflict || b->conflict) {
		const struct rt_request *req = a->conflict ? b : a, *con = a->conflict ? a : b;
		rg = rt_range_subtract(req->eff, con->eff);
		return rg ? request_from_eff(req, rg, 0) : NULL;
	}
	rg = rt_range_intersection(a->eff, b->eff);
	return rg ? request_from_eff(a, rg, 0) : NULL;
}
