/* pattern.c - step-budgeted Lua 5.4 pattern matching (see pattern.h).
 *
 * A backtracking matcher over (subject, pattern) byte ranges. Recursion happens only where a
 * choice must be undone (captures, ?, *, +, -); everything else advances in a loop. The
 * recursion depth is capped at MAX_DEPTH ("pattern too complex"), the same cap Lua uses, so
 * both give the same answer for the same pattern. */
#define _GNU_SOURCE 1   /* memmem: linear-time plain search */
#include "runtime/common.h"
#include "interp/pattern.h"
#include "interp/state.h"

#include <ctype.h>
#include <lauxlib.h>

#define MAX_DEPTH 200
#define MAX_CAPS 32           /* LUA_MAXCAPTURES in luaconf.h (not exported) */
#define CAP_OPEN (-1)         /* capture started, not closed yet */
#define CAP_POS (-2)          /* position capture () */
/* Steps are handed to the state's budget in batches: charging costs a function call. */
#define CHARGE_EVERY 4096

struct pm {
	lua_State *L;
	const char *fn;             /* "string.find", ... for the budget message */
	const char *s0, *se;        /* subject */
	const char *pe;             /* end of the pattern */
	int depth;                  /* recursion left */
	int ncap;
	struct { const char *at; ptrdiff_t len; } cap[MAX_CAPS];
	long long steps;            /* not yet charged */
};

static void charge(struct pm *m)
{
	long long n = m->steps;
	m->steps = 0;
	li_state_charge(m->L, n, m->fn);
}

static inline void step(struct pm *m, long long n)
{
	m->steps += n;
	if (m->steps >= CHARGE_EVERY)
		charge(m);
}

/* ---- single characters ---- */

static int class_has(int c, int cl)
{
	int r;
	switch (tolower(cl)) {
	case 'a': r = isalpha(c); break;
	case 'c': r = iscntrl(c); break;
	case 'd': r = isdigit(c); break;
	case 'g': r = isgraph(c); break;
	case 'l': r = islower(c); break;
	case 'p': r = ispunct(c); break;
	case 's': r = isspace(c); break;
	case 'u': r = isupper(c); break;
	case 'w': r = isalnum(c); break;
	case 'x': r = isxdigit(c); break;
	case 'z': r = c == 0; break;   /* Lua 5.1's NUL class, still accepted by 5.4 */
	default: return cl == c;     /* %. %% %[ ...: the character itself */
	}
	r = r != 0;
	return isupper(cl) ? !r : r;
}

/* A set "[...]" from p (at '[') to close (at its ']'): does it hold c? */
static int set_has(int c, const char *p, const char *close)
{
	int want = 1;
	p++;
	if (*p == '^') {
		want = 0;
		p++;
	}
	while (p < close) {
		if (*p == '%' && p + 1 < close) {
			if (class_has(c, (unsigned char)p[1]))
				return want;
			p += 2;
		} else if (p + 2 < close && p[1] == '-') {
			if ((unsigned char)p[0] <= c && c <= (unsigned char)p[2])
				return want;
			p += 3;
		} else {
			if ((unsigned char)*p == c)
				return want;
			p++;
		}
	}
	return !want;
}

/* End of the single-character class starting at p (one past it). */
static const char *item_end(struct pm *m, const char *p)
{
	if (*p == '%') {
		if (p + 1 >= m->pe)
			luaL_error(m->L, "malformed pattern (ends with '%%')");
		return p + 2;
	}
	if (*p != '[')
		return p + 1;
	p++;
	if (p < m->pe && *p == '^')
		p++;
	/* The first character of a set is never its end: "[]]" and "[^]]" hold ']'. */
	for (;;) {
		if (p >= m->pe)
			luaL_error(m->L, "malformed pattern (missing ']')");
		if (*p++ == '%' && p < m->pe)
			p++;
		if (p < m->pe && *p == ']')
			return p + 1;
	}
}

/* Does the subject character at s match the class p..ep? */
static int one(struct pm *m, const char *s, const char *p, const char *ep)
{
	int c;
	step(m, 1);
	if (s >= m->se)
		return 0;
	c = (unsigned char)*s;
	switch (*p) {
	case '.': return 1;
	case '%': return class_has(c, (unsigned char)p[1]);
	case '[': return set_has(c, p, ep - 1);
	default: return (unsigned char)*p == c;
	}
}

/* ---- the matcher ---- */

static const char *match(struct pm *m, const char *s, const char *p);

static const char *greedy(struct pm *m, const char *s, const char *p, const char *ep)
{
	ptrdiff_t n = 0;
	while (one(m, s + n, p, ep))
		n++;
	for (; n >= 0; n--) {
		const char *r = match(m, s + n, ep + 1);
		if (r)
			return r;
	}
	return NULL;
}

static const char *lazy(struct pm *m, const char *s, const char *p, const char *ep)
{
	for (;;) {
		const char *r = match(m, s, ep + 1);
		if (r)
			return r;
		if (!one(m, s, p, ep))
			return NULL;
		s++;
	}
}

static const char *open_cap(struct pm *m, const char *s, const char *p, ptrdiff_t kind)
{
	const char *r;
	if (m->ncap >= MAX_CAPS)
		luaL_error(m->L, "too many captures");
	m->cap[m->ncap].at = s;
	m->cap[m->ncap].len = kind;
	m->ncap++;
	r = match(m, s, p);
	if (!r)
		m->ncap--;
	return r;
}

static const char *close_cap(struct pm *m, const char *s, const char *p)
{
	int i;
	const char *r;
	for (i = m->ncap - 1; i >= 0 && m->cap[i].len != CAP_OPEN; i--)
		;
	if (i < 0)
		luaL_error(m->L, "invalid pattern capture");
	m->cap[i].len = s - m->cap[i].at;
	r = match(m, s, p);
	if (!r)
		m->cap[i].len = CAP_OPEN;
	return r;
}

/* %1..%9: the text of an earlier, closed capture again. */
static const char *backref(struct pm *m, const char *s, int d)
{
	int i = d - '1';
	size_t len;
	if (i < 0 || i >= m->ncap || m->cap[i].len == CAP_OPEN)
		luaL_error(m->L, "invalid capture index %%%d", i + 1);
	if (m->cap[i].len == CAP_POS)
		return NULL;        /* a position is no text: never matches */
	len = (size_t)m->cap[i].len;
	step(m, (long long)len);
	if ((size_t)(m->se - s) >= len && memcmp(m->cap[i].at, s, len) == 0)
		return s + len;
	return NULL;
}

/* %bxy at s: from an x to its balancing y. */
static const char *balance(struct pm *m, const char *s, const char *p)
{
	int depth = 1;
	if (p + 1 >= m->pe)
		luaL_error(m->L, "malformed pattern (missing arguments to '%%b')");
	if (s >= m->se || *s != p[0])
		return NULL;
	while (++s < m->se) {
		step(m, 1);
		if (*s == p[1]) {
			if (--depth == 0)
				return s + 1;
		} else if (*s == p[0]) {
			depth++;
		}
	}
	return NULL;
}

static const char *match(struct pm *m, const char *s, const char *p)
{
	const char *r = NULL;
	if (m->depth-- == 0)
		luaL_error(m->L, "pattern too complex");
	for (;;) {
		const char *ep;
		step(m, 1);
		if (p == m->pe) {
			r = s;
			break;
		}
		if (*p == '(') {
			if (p + 1 < m->pe && p[1] == ')')
				r = open_cap(m, s, p + 2, CAP_POS);
			else
				r = open_cap(m, s, p + 1, CAP_OPEN);
			break;
		}
		if (*p == ')') {
			r = close_cap(m, s, p + 1);
			break;
		}
		if (*p == '$' && p + 1 == m->pe) {
			r = s == m->se ? s : NULL;
			break;
		}
		if (*p == '%' && p + 1 < m->pe) {
			if (p[1] == 'b') {
				s = balance(m, s, p + 2);
				if (!s)
					break;
				p += 4;
				continue;
			}
			if (p[1] == 'f') {
				int before, here;
				p += 2;
				if (p >= m->pe || *p != '[')
					luaL_error(m->L, "missing '[' after '%%f' in pattern");
				ep = item_end(m, p);
				before = s == m->s0 ? 0 : (unsigned char)s[-1];
				here = s < m->se ? (unsigned char)*s : 0;
				if (set_has(before, p, ep - 1) || !set_has(here, p, ep - 1))
					break;
				p = ep;
				continue;
			}
			if (isdigit((unsigned char)p[1])) {
				s = backref(m, s, (unsigned char)p[1]);
				if (!s)
					break;
				p += 2;
				continue;
			}
		}
		/* A single-character class, maybe with a quantifier after it. */
		ep = item_end(m, p);
		{
			int q = ep < m->pe ? *ep : 0;
			if (!one(m, s, p, ep)) {
				if (q == '*' || q == '?' || q == '-') {
					p = ep + 1;
					continue;
				}
				break;
			}
			if (q == '?') {
				r = match(m, s + 1, ep + 1);
				if (r)
					break;
				p = ep + 1;
				continue;
			}
			if (q == '+') {
				r = greedy(m, s + 1, p, ep);
				break;
			}
			if (q == '*') {
				r = greedy(m, s, p, ep);
				break;
			}
			if (q == '-') {
				r = lazy(m, s, p, ep);
				break;
			}
			s++;
			p = ep;
		}
	}
	m->depth++;
	return r;
}

/* ---- captures to Lua values ---- */

static void start(struct pm *m, lua_State *L, const char *fn, const char *s, size_t ls,
		  const char *p, size_t lp)
{
	m->L = L;
	m->fn = fn;
	m->s0 = s;
	m->se = s + ls;
	m->pe = p + lp;
	m->steps = 0;
}

static void reset(struct pm *m)
{
	m->ncap = 0;
	m->depth = MAX_DEPTH;
}

/* Pushes capture i; with no captures at all, capture 0 is the whole match s..e. */
static void push_cap(struct pm *m, int i, const char *s, const char *e)
{
	if (i >= m->ncap) {
		if (i != 0)
			luaL_error(m->L, "invalid capture index %%%d", i + 1);
		lua_pushlstring(m->L, s, (size_t)(e - s));
		return;
	}
	if (m->cap[i].len == CAP_OPEN)
		luaL_error(m->L, "unfinished capture");
	if (m->cap[i].len == CAP_POS)
		lua_pushinteger(m->L, (lua_Integer)(m->cap[i].at - m->s0) + 1);
	else
		lua_pushlstring(m->L, m->cap[i].at, (size_t)m->cap[i].len);
}

/* Pushes every capture (or the whole match when s is given and there are none). */
static int push_caps(struct pm *m, const char *s, const char *e)
{
	int n = m->ncap == 0 && s ? 1 : m->ncap;
	luaL_checkstack(m->L, n, "too many captures");
	for (int i = 0; i < n; i++)
		push_cap(m, i, s, e);
	return n;
}

/* ---- find, match ---- */

/* A 1-based (possibly negative) position as an offset from 0; as Lua's posrelat for init. */
static size_t start_offset(lua_Integer pos, size_t len)
{
	if (pos > 0)
		return (size_t)pos - 1;
	if (pos == 0 || pos < -(lua_Integer)len)
		return 0;
	return (size_t)((lua_Integer)len + pos);
}

static int has_specials(const char *p, size_t lp)
{
	for (size_t i = 0; i < lp; i++)
		if (strchr("^$*+?.([%-", p[i]) && p[i] != '\0')
			return 1;
	return 0;
}

static int find_or_match(lua_State *L, int find)
{
	size_t ls, lp, init;
	const char *s = luaL_checklstring(L, 1, &ls);
	const char *p = luaL_checklstring(L, 2, &lp);
	const char *fn = find ? "string.find" : "string.match";
	struct pm m;
	int anchored;

	init = start_offset(luaL_optinteger(L, 3, 1), ls);
	if (init > ls) {
		luaL_pushfail(L);
		return 1;
	}
	start(&m, L, fn, s, ls, p, lp);
	if (find && (lua_toboolean(L, 4) || !has_specials(p, lp))) {
		const char *at = lp == 0 ? s + init : memmem(s + init, ls - init, p, lp);
		/* memmem is linear; charge the bytes it may have scanned */
		m.steps = (long long)(ls - init) / 16;
		charge(&m);
		if (at) {
			lua_pushinteger(L, (lua_Integer)(at - s) + 1);
			lua_pushinteger(L, (lua_Integer)(at - s) + (lua_Integer)lp);
			return 2;
		}
		luaL_pushfail(L);
		return 1;
	}
	anchored = lp > 0 && *p == '^';
	if (anchored) {
		p++;
		m.pe = p + lp - 1;
	}
	for (const char *at = s + init;; at++) {
		const char *e;
		reset(&m);
		e = match(&m, at, p);
		if (e) {
			charge(&m);
			if (find) {
				lua_pushinteger(L, (lua_Integer)(at - s) + 1);
				lua_pushinteger(L, (lua_Integer)(e - s));
				return push_caps(&m, NULL, NULL) + 2;
			}
			return push_caps(&m, at, e);
		}
		if (anchored || at >= m.se)
			break;
	}
	charge(&m);
	luaL_pushfail(L);
	return 1;
}

static int pat_find(lua_State *L)
{
	return find_or_match(L, 1);
}

static int pat_match(lua_State *L)
{
	return find_or_match(L, 0);
}

/* ---- gmatch ---- */

struct gm {
	size_t pos;          /* where the next search starts */
	ptrdiff_t last;      /* end of the last match, -1 before the first */
};

/* Upvalues: 1 subject, 2 pattern, 3 struct gm. */
static int gmatch_next(lua_State *L)
{
	size_t ls, lp;
	const char *s = lua_tolstring(L, lua_upvalueindex(1), &ls);
	const char *p = lua_tolstring(L, lua_upvalueindex(2), &lp);
	struct gm *g = lua_touserdata(L, lua_upvalueindex(3));
	struct pm m;

	if (g->pos > ls)
		return 0;               /* past the end (an init beyond it, or exhausted) */
	start(&m, L, "string.gmatch", s, ls, p, lp);
	for (const char *at = s + g->pos; at <= m.se; at++) {
		const char *e;
		reset(&m);
		e = match(&m, at, p);
		if (e && (g->last < 0 || e != s + g->last)) {
			g->pos = (size_t)(e - s);
			g->last = e - s;
			charge(&m);
			return push_caps(&m, at, e);
		}
	}
	g->pos = ls + 1;
	charge(&m);
	return 0;
}

static int pat_gmatch(lua_State *L)
{
	size_t ls, init;
	struct gm *g;
	luaL_checklstring(L, 1, &ls);
	luaL_checkstring(L, 2);
	init = start_offset(luaL_optinteger(L, 3, 1), ls);
	if (init > ls)
		init = ls + 1;
	lua_settop(L, 2);
	g = lua_newuserdatauv(L, sizeof(*g), 0);
	g->pos = init;
	g->last = -1;
	lua_pushcclosure(L, gmatch_next, 3);
	return 1;
}

/* ---- gsub ---- */

/* Appends the replacement string (argument 3) for the match s..e, expanding %0-%9 and %%. */
static void add_template(struct pm *m, luaL_Buffer *b, const char *s, const char *e)
{
	lua_State *L = m->L;
	size_t l;
	const char *r = lua_tolstring(L, 3, &l), *end = r + l;
	while (r < end) {
		const char *pct = memchr(r, '%', (size_t)(end - r));
		if (!pct) {
			luaL_addlstring(b, r, (size_t)(end - r));
			break;
		}
		luaL_addlstring(b, r, (size_t)(pct - r));
		r = pct + 1;
		if (r < end && *r == '%') {
			luaL_addchar(b, '%');
		} else if (r < end && isdigit((unsigned char)*r)) {
			if (*r == '0')
				luaL_addlstring(b, s, (size_t)(e - s));
			else {
				push_cap(m, *r - '1', s, e);
				luaL_tolstring(L, -1, NULL);
				lua_remove(L, -2);
				luaL_addvalue(b);
			}
		} else {
			luaL_error(L, "invalid use of '%c' in replacement string", '%');
		}
		r++;
	}
}

static void add_replacement(struct pm *m, luaL_Buffer *b, const char *s, const char *e, int tr)
{
	lua_State *L = m->L;
	if (tr == LUA_TFUNCTION) {
		int n;
		lua_pushvalue(L, 3);
		n = push_caps(m, s, e);
		lua_call(L, n, 1);
	} else if (tr == LUA_TTABLE) {
		push_cap(m, 0, s, e);
		lua_gettable(L, 3);
	} else {
		add_template(m, b, s, e);
		return;
	}
	if (!lua_toboolean(L, -1)) {
		lua_pop(L, 1);
		luaL_addlstring(b, s, (size_t)(e - s));   /* nil or false: keep the match */
		return;
	}
	if (!lua_isstring(L, -1))
		luaL_error(L, "invalid replacement value (a %s)", luaL_typename(L, -1));
	luaL_addvalue(b);
}

static int pat_gsub(lua_State *L)
{
	size_t ls, lp;
	const char *s = luaL_checklstring(L, 1, &ls);
	const char *p = luaL_checklstring(L, 2, &lp);
	const char *at = s, *last = NULL;
	int tr = lua_type(L, 3);
	lua_Integer max = luaL_optinteger(L, 4, (lua_Integer)ls + 1), n = 0;
	int anchored = lp > 0 && *p == '^';
	struct pm m;
	luaL_Buffer b;

	luaL_argexpected(L, tr == LUA_TNUMBER || tr == LUA_TSTRING || tr == LUA_TFUNCTION ||
			 tr == LUA_TTABLE, 3, "string/function/table");
	luaL_buffinit(L, &b);
	if (anchored) {
		p++;
		lp--;
	}
	start(&m, L, "string.gsub", s, ls, p, lp);
	while (n < max) {
		const char *e;
		reset(&m);
		e = match(&m, at, p);
		if (e && e != last) {
			n++;
			add_replacement(&m, &b, at, e, tr);
			at = last = e;
		} else if (at < m.se) {
			luaL_addchar(&b, *at++);
		} else {
			break;
		}
		if (anchored)
			break;
	}
	charge(&m);
	luaL_addlstring(&b, at, (size_t)(m.se - at));
	luaL_pushresult(&b);
	lua_pushinteger(L, n);
	return 2;
}

void li_pattern_install(lua_State *L, int idx)
{
	static const luaL_Reg fns[] = {
		{ "find", pat_find }, { "match", pat_match },
		{ "gmatch", pat_gmatch }, { "gsub", pat_gsub }, { NULL, NULL }
	};
	idx = lua_absindex(L, idx);
	for (const luaL_Reg *f = fns; f->name; f++) {
		lua_pushcfunction(L, f->func);
		lua_setfield(L, idx, f->name);
	}
}
