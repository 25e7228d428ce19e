/* re.c - the `re` module: Python-style regular expressions over PCRE2.
 *
 * Patterns compile once per (flags, pattern) and are cached per state. Every match runs with
 * a match limit and a backtracking depth limit, so a catastrophic pattern raises an error
 * instead of hanging the evaluation. Positions seen from Lua are 1-based byte offsets, like
 * string.find. Iteration over matches (find_all, finditer, sub, split) follows Python 3.7+:
 * an empty match is allowed right after a non-empty one, and after an empty match the scan
 * first retries at the same place for a non-empty match, then moves on by one character. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "runtime/common.h"
#include "stdlib/internal.h"

#include <pcre2.h>

#define PATTERN_TYPE "rez.Pattern"
#define MATCH_TYPE "rez.Match"

/* Effort bounds for one pcre2_match call. The match limit counts internal backtracking
 * steps (pcre2's default is 10M; a tenth of that is still far more than any sane pattern
 * needs on a version string or a path, and takes milliseconds to exhaust). */
#define MATCH_LIMIT 1000000u
#define DEPTH_LIMIT 10000u
#define HEAP_LIMIT_KIB (16u * 1024u)
/* Compiled patterns kept per state; the cache is emptied when it grows past this. */
#define CACHE_MAX 256

struct pattern {
	pcre2_code *code;
	pcre2_match_data *md;        /* reused by every match; read out before calling Lua */
	pcre2_match_context *mctx;
	uint32_t ngroups;
	int utf;
};

/* ---- compiling ---- */

static int pattern_gc(lua_State *L)
{
	struct pattern *p = luaL_checkudata(L, 1, PATTERN_TYPE);
	pcre2_match_data_free(p->md);
	pcre2_match_context_free(p->mctx);
	pcre2_code_free(p->code);
	p->md = NULL;
	p->mctx = NULL;
	p->code = NULL;
	return 0;
}

static uint32_t parse_flags(lua_State *L, int arg, const char *flags, int *utf)
{
	uint32_t opts = 0;
	*utf = 0;
	for (const char *f = flags; *f; f++) {
		switch (*f) {
		case 'i': opts |= PCRE2_CASELESS; break;
		case 'm': opts |= PCRE2_MULTILINE; break;
		case 's': opts |= PCRE2_DOTALL; break;
		case 'x': opts |= PCRE2_EXTENDED; break;
		case 'u': opts |= PCRE2_UTF | PCRE2_UCP; *utf = 1; break;
		default:
			luaL_argerror(L, arg, lua_pushfstring(L, "unknown flag '%c' (expected i, m, s, u or x)", *f));
		}
	}
	return opts;
}

/* Compiles and pushes a new pattern userdata; [-0, +1]. Raises on a bad pattern. */
static struct pattern *compile(lua_State *L, const char *src, size_t len, const char *flags,
			       int flags_arg)
{
	int utf, errcode;
	PCRE2_SIZE erroff;
	uint32_t opts = parse_flags(L, flags_arg, flags, &utf);
	struct pattern *p = lua_newuserdatauv(L, sizeof *p, 1);     /* [p] */
	memset(p, 0, sizeof *p);
	luaL_setmetatable(L, PATTERN_TYPE);
	lua_pushlstring(L, src, len);                               /* [p src] */
	lua_setiuservalue(L, -2, 1);                                /* [p] */
	p->utf = utf;
	p->code = pcre2_compile((PCRE2_SPTR)src, len, opts | PCRE2_NEVER_BACKSLASH_C, &errcode,
				&erroff, NULL);
	if (!p->code) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(errcode, msg, sizeof msg);
		luaL_error(L, "re: bad pattern '%s' at offset %I: %s", src, (lua_Integer)erroff,
			   (const char *)msg);
	}
	p->md = pcre2_match_data_create_from_pattern(p->code, NULL);
	p->mctx = pcre2_match_context_create(NULL);
	if (!p->md || !p->mctx)
		luaL_error(L, "re: out of memory compiling '%s'", src);
	pcre2_set_match_limit(p->mctx, MATCH_LIMIT);
	pcre2_set_depth_limit(p->mctx, DEPTH_LIMIT);
	pcre2_set_heap_limit(p->mctx, HEAP_LIMIT_KIB);
	pcre2_pattern_info(p->code, PCRE2_INFO_CAPTURECOUNT, &p->ngroups);
	return p;
}

/* Pushes the pattern for argument `arg`: a compiled pattern, or a string compiled (through
 * the cache, upvalue 1 of every module function) with the flags at `flags_arg` (0: none);
 * [-0, +1]. The pattern stays anchored by the pushed value. */
static struct pattern *check_pattern(lua_State *L, int arg, int flags_arg)
{
	struct pattern *p = luaL_testudata(L, arg, PATTERN_TYPE);
	size_t len;
	const char *src, *flags;
	if (p) {
		if (flags_arg && !lua_isnoneornil(L, flags_arg))
			luaL_argerror(L, flags_arg, "flags cannot be given with a compiled pattern");
		if (!p->code)
			luaL_argerror(L, arg, "pattern has been closed");
		lua_pushvalue(L, arg);                             /* [.. p] */
		return p;
	}
	src = luaL_checklstring(L, arg, &len);
	flags = flags_arg ? luaL_optstring(L, flags_arg, "") : "";
	lua_pushstring(L, flags);
	lua_pushliteral(L, "\n");
	lua_pushvalue(L, arg);
	lua_concat(L, 3);                                          /* [.. key] */
	if (lua_rawget(L, lua_upvalueindex(1)) == LUA_TUSERDATA)   /* [.. p|nil] */
		return lua_touserdata(L, -1);
	lua_pop(L, 1);                                             /* [..] */
	/* The cache counts its entries under the key `true` (never a string key). */
	lua_pushboolean(L, 1);
	if (lua_rawget(L, lua_upvalueindex(1)) == LUA_TNUMBER &&
	    lua_tointeger(L, -1) >= CACHE_MAX) {                   /* [.. n] */
		lua_pop(L, 1);
		lua_pushnil(L);                                    /* [.. nil] */
		while (lua_next(L, lua_upvalueindex(1))) {         /* [.. k v] */
			lua_pop(L, 1);                             /* [.. k] */
			lua_pushvalue(L, -1);
			lua_pushnil(L);
			lua_rawset(L, lua_upvalueindex(1));        /* [.. k] clearing is allowed in next */
		}
		lua_pushinteger(L, 0);                             /* [.. 0] */
	}
	lua_pushboolean(L, 1);
	lua_pushinteger(L, lua_tointeger(L, -2) + 1);              /* [.. n true n+1] */
	lua_rawset(L, lua_upvalueindex(1));                        /* [.. n] */
	lua_pop(L, 1);                                             /* [..] */
	p = compile(L, src, len, flags, flags_arg);                /* [.. p] */
	lua_pushstring(L, flags);
	lua_pushliteral(L, "\n");
	lua_pushvalue(L, arg);
	lua_concat(L, 3);                                          /* [.. p key] */
	lua_pushvalue(L, -2);                                      /* [.. p key p] */
	lua_rawset(L, lua_upvalueindex(1));                        /* [.. p] */
	return p;
}

/* ---- matching ---- */

static const char *pattern_src(lua_State *L, int arg)
{
	const char *s;
	lua_getiuservalue(L, arg, 1);                              /* [.. src] */
	s = lua_tostring(L, -1);
	lua_pop(L, 1);       /* still anchored by the userdata */
	return s;
}

/* Runs one match; returns 1 (ovector valid) or 0 (no match). Raises when a limit is hit or
 * the subject is not valid UTF-8 for a "u" pattern. `parg` is the pattern's stack index. */
static int exec(lua_State *L, struct pattern *p, int parg, const char *s, size_t len, size_t start,
		uint32_t opts)
{
	int rc = pcre2_match(p->code, (PCRE2_SPTR)s, len, start, opts, p->md, p->mctx);
	PCRE2_UCHAR msg[256];
	if (rc >= 0)
		return 1;
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
	    rc == PCRE2_ERROR_HEAPLIMIT)
		luaL_error(L, "re: pattern '%s' gave up: too much backtracking (%s)",
			   pattern_src(L, parg),
			   rc == PCRE2_ERROR_MATCHLIMIT ? "match limit" :
			   rc == PCRE2_ERROR_DEPTHLIMIT ? "depth limit" : "heap limit");
	pcre2_get_error_message(rc, msg, sizeof msg);
	if (rc <= PCRE2_ERROR_UTF8_ERR1 && rc >= PCRE2_ERROR_UTF8_ERR21)
		luaL_error(L, "re: subject is not valid UTF-8 at byte %I: %s",
			   (lua_Integer)pcre2_get_ovector_pointer(p->md)[0] + 1, (const char *)msg);
	return luaL_error(L, "re: matching '%s' failed: %s", pattern_src(L, parg), (const char *)msg);
}

/* A 1-based Lua position (negative counts from the end) to a 0-based byte offset. */
static size_t check_init(lua_State *L, int arg, size_t len)
{
	lua_Integer i = luaL_optinteger(L, arg, 1);
	if (i < 0)
		i = (lua_Integer)len + i + 1 < 1 ? 1 : (lua_Integer)len + i + 1;
	else if (i == 0)
		i = 1;
	if ((size_t)i > len + 1)
		return len + 1;   /* past the end: nothing can match */
	return (size_t)i - 1;
}

/* Scanner state for Python-style iteration over all matches. */
struct scan {
	size_t pos;          /* next start offset */
	int retry;           /* last match was empty: retry non-empty at pos first */
	int done;
	size_t so, eo;       /* the current match */
};

static size_t char_len(const struct pattern *p, const char *s, size_t len, size_t pos)
{
	size_t n = 1;
	if (p->utf)
		while (pos + n < len && ((unsigned char)s[pos + n] & 0xC0) == 0x80)
			n++;
	return n;
}

/* Finds the next match; returns 0 when there is none. */
static int scan_next(lua_State *L, struct pattern *p, int parg, const char *s, size_t len,
		     struct scan *sc)
{
	while (!sc->done && sc->pos <= len) {
		uint32_t opts = sc->retry ? PCRE2_NOTEMPTY_ATSTART | PCRE2_ANCHORED : 0;
		if (!exec(L, p, parg, s, len, sc->pos, opts)) {
			if (!sc->retry || sc->pos >= len)
				break;
			sc->retry = 0;
			sc->pos += char_len(p, s, len, sc->pos);
			continue;
		}
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(p->md);
		if (ov[0] > ov[1])   /* \K tricks; refuse rather than loop */
			luaL_error(L, "re: pattern '%s' gave a match that ends before it starts",
				   pattern_src(L, parg));
		sc->so = ov[0];
		sc->eo = ov[1];
		sc->pos = ov[1];
		sc->retry = ov[0] == ov[1];
		return 1;
	}
	sc->done = 1;
	return 0;
}

/* Pushes group g of the last match as a string, or `unset` (false / "") when it did not
 * take part; [-0, +1]. */
static void push_group(lua_State *L, struct pattern *p, const char *s, uint32_t g, int empty_unset)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(p->md);
	if (ov[2 * g] == PCRE2_UNSET) {
		if (empty_unset)
			lua_pushliteral(L, "");
		else
			lua_pushboolean(L, 0);
	} else {
		lua_pushlstring(L, s + ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
	}
}

/* Pushes a match table for the last match (see docs/stdlib.md):
 *   [0..n] group strings (false when unset), named = {name = string|false},
 *   spans = {start0, end0, start1, end1, ...} (1-based, inclusive end; false when unset),
 *   re = the pattern. `parg` is the pattern's stack index. */
static void push_match(lua_State *L, struct pattern *p, int parg, const char *s)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(p->md);
	uint32_t namecount = 0, entry = 0;
	PCRE2_SPTR names = NULL;
	lua_createtable(L, (int)p->ngroups, 2);                  /* [m] */
	for (uint32_t g = 0; g <= p->ngroups; g++) {
		push_group(L, p, s, g, 0);
		lua_rawseti(L, -2, g);
	}
	lua_createtable(L, 2 * ((int)p->ngroups + 1), 0);        /* [m spans] */
	for (uint32_t g = 0; g <= p->ngroups; g++) {
		if (ov[2 * g] == PCRE2_UNSET) {
			lua_pushboolean(L, 0);
			lua_rawseti(L, -2, 2 * g + 1);
			lua_pushboolean(L, 0);
		} else {
			lua_pushinteger(L, (lua_Integer)ov[2 * g] + 1);
			lua_rawseti(L, -2, 2 * g + 1);
			lua_pushinteger(L, (lua_Integer)ov[2 * g + 1]);
		}
		lua_rawseti(L, -2, 2 * g + 2);
	}
	lua_setfield(L, -2, "spans");                            /* [m] */
	pcre2_pattern_info(p->code, PCRE2_INFO_NAMECOUNT, &namecount);
	pcre2_pattern_info(p->code, PCRE2_INFO_NAMEENTRYSIZE, &entry);
	pcre2_pattern_info(p->code, PCRE2_INFO_NAMETABLE, &names);
	lua_createtable(L, 0, (int)namecount);                   /* [m named] */
	for (uint32_t i = 0; i < namecount; i++) {
		PCRE2_SPTR e = names + (size_t)i * entry;
		uint32_t g = ((uint32_t)e[0] << 8) | e[1];
		/* Duplicate names ((?J)) keep the first group that matched. */
		lua_getfield(L, -1, (const char *)e + 2);
		int have = lua_toboolean(L, -1);
		lua_pop(L, 1);
		if (have)
			continue;
		push_group(L, p, s, g, 0);
		lua_setfield(L, -2, (const char *)e + 2);
	}
	lua_setfield(L, -2, "named");                            /* [m] */
	lua_pushvalue(L, parg);
	lua_setfield(L, -2, "re");                               /* [m] */
	luaL_setmetatable(L, MATCH_TYPE);
}

/* ---- module functions ---- */

/* re.compile(pattern [, flags]) -> Pattern (cached) */
static int re_compile(lua_State *L)
{
	check_pattern(L, 1, 2);                            /* [.. p] */
	return 1;
}

/* Shared body of match / search / fullmatch: (pattern, subject [, init [, flags]]). */
static int do_match(lua_State *L, uint32_t opts)
{
	size_t len, init;
	const char *s = luaL_checklstring(L, 2, &len);
	struct pattern *p;
	init = check_init(L, 3, len);
	lua_settop(L, 4);
	p = check_pattern(L, 1, 4);                        /* [args p] */
	if (init > len || !exec(L, p, 5, s, len, init, opts)) {
		lua_pushnil(L);
		return 1;
	}
	push_match(L, p, 5, s);
	return 1;
}

static int re_match(lua_State *L) { return do_match(L, PCRE2_ANCHORED); }
static int re_search(lua_State *L) { return do_match(L, 0); }
static int re_fullmatch(lua_State *L) { return do_match(L, PCRE2_ANCHORED | PCRE2_ENDANCHORED); }

/* re.find_all(pattern, subject [, flags]) -> list like Python's findall */
static int re_find_all(lua_State *L)
{
	size_t len;
	const char *s = luaL_checklstring(L, 2, &len);
	struct pattern *p;
	struct scan sc = { 0, 0, 0, 0, 0 };
	lua_Integer n = 0;
	lua_settop(L, 3);
	p = check_pattern(L, 1, 3);                                /* [args p] */
	lua_newtable(L);                                           /* [args p list] */
	while (scan_next(L, p, 4, s, len, &sc)) {
		if (p->ngroups == 0) {
			push_group(L, p, s, 0, 1);
		} else if (p->ngroups == 1) {
			push_group(L, p, s, 1, 1);
		} else {
			lua_createtable(L, (int)p->ngroups, 0);    /* [.. list groups] */
			for (uint32_t g = 1; g <= p->ngroups; g++) {
				push_group(L, p, s, g, 1);
				lua_rawseti(L, -2, g);
			}
		}
		lua_rawseti(L, -2, ++n);                           /* [.. list] */
	}
	return 1;
}

/* Iterator closure of re.finditer: upvalues pattern, subject, position, retry flag. */
static int finditer_next(lua_State *L)
{
	size_t len;
	struct pattern *p = lua_touserdata(L, lua_upvalueindex(1));
	const char *s = lua_tolstring(L, lua_upvalueindex(2), &len);
	struct scan sc = { 0, 0, 0, 0, 0 };
	lua_Integer pos = lua_tointeger(L, lua_upvalueindex(3));
	if (pos < 0)
		return 0;
	sc.pos = (size_t)pos;
	sc.retry = lua_toboolean(L, lua_upvalueindex(4));
	if (!p->code)
		return luaL_error(L, "re: pattern has been closed");
	if (!scan_next(L, p, lua_upvalueindex(1), s, len, &sc)) {
		lua_pushinteger(L, -1);
		lua_replace(L, lua_upvalueindex(3));
		return 0;
	}
	push_match(L, p, lua_upvalueindex(1), s);              /* [m] */
	lua_pushinteger(L, (lua_Integer)sc.pos);
	lua_replace(L, lua_upvalueindex(3));
	lua_pushboolean(L, sc.retry);
	lua_replace(L, lua_upvalueindex(4));
	return 1;
}

/* re.finditer(pattern, subject [, flags]) -> iterator of match tables */
static int re_finditer(lua_State *L)
{
	luaL_checkstring(L, 2);
	check_pattern(L, 1, 3);                                    /* [.. p] */
	lua_pushvalue(L, 2);
	lua_pushinteger(L, 0);
	lua_pushboolean(L, 0);                                     /* [.. p s 0 false] */
	lua_pushcclosure(L, finditer_next, 4);                     /* [.. iter] */
	return 1;
}

/* Appends the expansion of a Python-style template for the last match:
 *   \1 .. \99, \g<N>, \g<name>  the group (empty when unset); \\ a backslash;
 *   any other backslash sequence is an error. */
static void expand(lua_State *L, luaL_Buffer *b, struct pattern *p, const char *s,
		   const char *t, size_t tlen, int targ)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(p->md);
	for (size_t i = 0; i < tlen; i++) {
		uint32_t g;
		if (t[i] != '\\') {
			luaL_addchar(b, t[i]);
			continue;
		}
		if (++i >= tlen)
			luaL_argerror(L, targ, "replacement ends with a lone backslash");
		if (t[i] == '\\') {
			luaL_addchar(b, '\\');
			continue;
		}
		if (t[i] >= '0' && t[i] <= '9') {
			g = (uint32_t)(t[i] - '0');
			if (i + 1 < tlen && t[i + 1] >= '0' && t[i + 1] <= '9')
				g = g * 10 + (uint32_t)(t[++i] - '0');
		} else if (t[i] == 'g' && i + 1 < tlen && t[i + 1] == '<') {
			const char *close = memchr(t + i + 2, '>', tlen - i - 2);
			size_t nlen;
			char name[64];
			if (!close)
				luaL_argerror(L, targ, "unterminated \\g< in replacement");
			nlen = (size_t)(close - (t + i + 2));
			if (nlen == 0 || nlen >= sizeof name)
				luaL_argerror(L, targ, "bad group name in replacement");
			memcpy(name, t + i + 2, nlen);
			name[nlen] = '\0';
			i += nlen + 2;
			if (strspn(name, "0123456789") == nlen) {
				g = (uint32_t)strtoul(name, NULL, 10);
			} else {
				int n = pcre2_substring_number_from_name(p->code, (PCRE2_SPTR)name);
				if (n < 0)
					luaL_argerror(L, targ, lua_pushfstring(L, "unknown group name '%s' in replacement", name));
				g = (uint32_t)n;
			}
		} else {
			luaL_argerror(L, targ, lua_pushfstring(L, "bad escape '\\%c' in replacement (use \\\\ for a backslash)", t[i]));
			return;
		}
		if (g > p->ngroups)
			luaL_argerror(L, targ, lua_pushfstring(L, "replacement refers to group %d; the pattern has %d", (int)g, (int)p->ngroups));
		if (ov[2 * g] != PCRE2_UNSET)
			luaL_addlstring(b, s + ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
	}
}

/* re.sub(pattern, repl, subject [, count [, flags]]) -> string, number of replacements.
 * repl: a template string (see expand) or a function(match) returning a string (nil/false
 * keeps the matched text). */
static int re_sub(lua_State *L)
{
	size_t len, tlen = 0, last = 0;
	const char *s = luaL_checklstring(L, 3, &len);
	const char *t = NULL;
	lua_Integer count = luaL_optinteger(L, 4, 0), n = 0;
	struct pattern *p;
	struct scan sc = { 0, 0, 0, 0, 0 };
	luaL_Buffer b;
	if (lua_type(L, 2) == LUA_TFUNCTION)
		;
	else if (lua_type(L, 2) == LUA_TSTRING)
		t = lua_tolstring(L, 2, &tlen);
	else
		luaL_typeerror(L, 2, "string or function");
	lua_settop(L, 5);
	p = check_pattern(L, 1, 5);                            /* [args p] */
	luaL_buffinit(L, &b);                                  /* [args p buf?] */
	while ((count <= 0 || n < count) && scan_next(L, p, 6, s, len, &sc)) {
		luaL_addlstring(&b, s + last, sc.so - last);
		if (t) {
			expand(L, &b, p, s, t, tlen, 2);
		} else {
			/* The buffer may hold a box on the stack: push above it, add, pop. */
			size_t so = sc.so, eo = sc.eo;
			lua_pushvalue(L, 2);                       /* [.. fn] */
			push_match(L, p, 6, s);                    /* [.. fn m] */
			lua_call(L, 1, 1);                         /* [.. r] */
			if (lua_toboolean(L, -1)) {
				if (!lua_isstring(L, -1))
					luaL_error(L, "re.sub: replacement function returned a %s, not a string",
						   luaL_typename(L, -1));
				luaL_addvalue(&b);                 /* [..] */
			} else {
				lua_pop(L, 1);
				luaL_addlstring(&b, s + so, eo - so);
			}
		}
		last = sc.eo;
		n++;
	}
	luaL_addlstring(&b, s + last, len - last);
	luaL_pushresult(&b);                                   /* [.. result] */
	lua_pushinteger(L, n);
	return 2;
}

/* re.split(pattern, subject [, maxsplit [, flags]]) -> list; captured groups are included
 * between the pieces, as in Python (false when a group did not take part). */
static int re_split(lua_State *L)
{
	size_t len, last = 0;
	const char *s = luaL_checklstring(L, 2, &len);
	lua_Integer maxsplit = luaL_optinteger(L, 3, 0), n = 0, k = 0;
	struct pattern *p;
	struct scan sc = { 0, 0, 0, 0, 0 };
	lua_settop(L, 4);
	p = check_pattern(L, 1, 4);                            /* [args p] */
	lua_newtable(L);                                       /* [args p list] */
	while ((maxsplit <= 0 || n < maxsplit) && scan_next(L, p, 5, s, len, &sc)) {
		lua_pushlstring(L, s + last, sc.so - last);
		lua_rawseti(L, -2, ++k);
		for (uint32_t g = 1; g <= p->ngroups; g++) {
			push_group(L, p, s, g, 0);
			lua_rawseti(L, -2, ++k);
		}
		last = sc.eo;
		n++;
	}
	lua_pushlstring(L, s + last, len - last);
	lua_rawseti(L, -2, ++k);
	return 1;
}

/* re.escape(s) -> s with every non-alphanumeric ASCII character backslash-escaped */
static int re_escape(lua_State *L)
{
	size_t len;
	const char *s = luaL_checklstring(L, 1, &len);
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80 && !(c == '_' || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')))
			luaL_addchar(&b, '\\');
		luaL_addchar(&b, (char)c);
	}
	luaL_pushresult(&b);
	return 1;
}

/* ---- Pattern methods: p:match(s [, init]) etc. take the module function's arguments
 * with the pattern first; they share the module functions through the same upvalue. ---- */

static int pattern_tostring(lua_State *L)
{
	luaL_checkudata(L, 1, PATTERN_TYPE);
	lua_pushfstring(L, "re.Pattern(%s)", pattern_src(L, 1));
	return 1;
}

static int pattern_index(lua_State *L)
{
	struct pattern *p = luaL_checkudata(L, 1, PATTERN_TYPE);
	const char *k = luaL_checkstring(L, 2);
	if (rt_streq(k, "pattern")) {
		lua_getiuservalue(L, 1, 1);
		return 1;
	}
	if (rt_streq(k, "groups")) {
		lua_pushinteger(L, p->ngroups);
		return 1;
	}
	lua_getfield(L, lua_upvalueindex(1), k);      /* methods table */
	return 1;
}

/* p:sub(repl, subject [, count]) -> re.sub(p, repl, subject, count) */
static int pattern_sub(lua_State *L)
{
	lua_settop(L, 4);
	return re_sub(L);
}

/* ---- Match methods ---- */

/* The group number for argument `arg` of a match method: an index (default 0) or a group
 * name, resolved through the match's pattern (field `re`). */
static lua_Integer match_group_index(lua_State *L, int arg)
{
	lua_Integer g, n;
	luaL_checktype(L, 1, LUA_TTABLE);
	n = (lua_Integer)luaL_len(L, 1);
	if (lua_type(L, arg) == LUA_TSTRING) {
		struct pattern *p;
		int rc;
		lua_getfield(L, 1, "re");                         /* [.. p] */
		p = luaL_testudata(L, -1, PATTERN_TYPE);
		lua_pop(L, 1);                                    /* [..] still anchored by m */
		if (!p || !p->code)
			luaL_argerror(L, 1, "not a match table");
		rc = pcre2_substring_number_from_name(p->code, (PCRE2_SPTR)lua_tostring(L, arg));
		if (rc == PCRE2_ERROR_NOUNIQUESUBSTRING)
			luaL_argerror(L, arg, lua_pushfstring(L, "group name '%s' is not unique", lua_tostring(L, arg)));
		if (rc < 0)
			luaL_argerror(L, arg, lua_pushfstring(L, "no group named '%s'", lua_tostring(L, arg)));
		return rc;
	}
	g = luaL_optinteger(L, arg, 0);
	if (g < 0 || g > n)
		luaL_argerror(L, arg, lua_pushfstring(L, "no group %I (the pattern has %I)", g, n));
	return g;
}

/* m:group([g]) -> the group's text, or false when it did not take part */
static int match_group(lua_State *L)
{
	lua_Integer g = match_group_index(L, 2);
	lua_rawgeti(L, 1, g);
	return 1;
}

/* m:span([g]) -> start, end (1-based, inclusive end), or nil when the group is unset */
static int match_span(lua_State *L)
{
	lua_Integer g = match_group_index(L, 2);
	lua_getfield(L, 1, "spans");                      /* [.. spans] */
	if (lua_rawgeti(L, -1, 2 * g + 1) != LUA_TNUMBER) {   /* [.. spans start] */
		lua_pushnil(L);
		return 1;
	}
	lua_rawgeti(L, -2, 2 * g + 2);                    /* [.. spans start end] */
	return 2;
}

/* m:start([g]) -> start position or nil */
static int match_start(lua_State *L)
{
	if (match_span(L) == 2)
		lua_pop(L, 1);                            /* [.. spans start] */
	return 1;
}

/* m:stop([g]) -> end position (inclusive) or nil */
static int match_stop(lua_State *L)
{
	match_span(L);                                    /* [.. end] or [.. nil] on top */
	return 1;
}

/* m:groups() -> group 1, group 2, ... as multiple values */
static int match_groups(lua_State *L)
{
	lua_Integer n;
	luaL_checktype(L, 1, LUA_TTABLE);
	n = (lua_Integer)luaL_len(L, 1);
	luaL_checkstack(L, (int)n, "too many groups");
	for (lua_Integer g = 1; g <= n; g++)
		lua_rawgeti(L, 1, g);
	return (int)n;
}

/* ---- registration ---- */

static const luaL_Reg re_funcs[] = {
	{ "compile", re_compile },
	{ "match", re_match },
	{ "search", re_search },
	{ "fullmatch", re_fullmatch },
	{ "find_all", re_find_all },
	{ "finditer", re_finditer },
	{ "sub", re_sub },
	{ "split", re_split },
	{ "escape", re_escape },
	{ NULL, NULL }
};

static const luaL_Reg pattern_methods[] = {
	{ "match", re_match },
	{ "search", re_search },
	{ "fullmatch", re_fullmatch },
	{ "find_all", re_find_all },
	{ "finditer", re_finditer },
	{ "sub", pattern_sub },
	{ "split", re_split },
	{ NULL, NULL }
};

static const luaL_Reg match_methods[] = {
	{ "group", match_group },
	{ "span", match_span },
	{ "start", match_start },
	{ "stop", match_stop },
	{ "groups", match_groups },
	{ NULL, NULL }
};

static void createmeta(lua_State *L)
{
	/* stack: [cache] */
	luaL_newmetatable(L, PATTERN_TYPE);               /* [cache mt] */
	lua_pushcfunction(L, pattern_gc);
	lua_setfield(L, -2, "__gc");
	lua_pushcfunction(L, pattern_gc);
	lua_setfield(L, -2, "__close");
	lua_pushcfunction(L, pattern_tostring);
	lua_setfield(L, -2, "__tostring");
	lua_newtable(L);                                  /* [cache mt methods] */
	lua_pushvalue(L, -3);
	luaL_setfuncs(L, pattern_methods, 1);
	lua_pushcclosure(L, pattern_index, 1);            /* [cache mt index] */
	lua_setfield(L, -2, "__index");
	lua_pop(L, 1);                                    /* [cache] */
	luaL_newmetatable(L, MATCH_TYPE);                 /* [cache mt] */
	lua_newtable(L);
	luaL_setfuncs(L, match_methods, 0);               /* [cache mt methods] */
	lua_setfield(L, -2, "__index");
	lua_pop(L, 1);                                    /* [cache] */
}

int luaopen_rez_re(lua_State *L)
{
	lua_newtable(L);                                  /* [cache] */
	createmeta(L);
	luaL_newlibtable(L, re_funcs);                    /* [cache re] */
	lua_insert(L, -2);                                /* [re cache] */
	luaL_setfuncs(L, re_funcs, 1);                    /* [re] */
	return 1;
}
