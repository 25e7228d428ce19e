/* state.c - sandboxed Lua states with instruction and memory budgets (see state.h). */
#include "runtime/common.h"
#include "interp/state.h"
#include "runtime/buf.h"
#include "stdlib/stdlib.h"
#include "interp/freeze.h"
#include "interp/pattern.h"

#include <lauxlib.h>
#include <limits.h>
#include <lualib.h>

/* Instructions between two count-hook calls: small enough that a runaway loop stops promptly,
 * large enough that the hook costs nothing measurable. */
#define HOOK_STEP 1000
/* Bytes allocated that cost one instruction of the budget (see budget_alloc). */
#define ALLOC_BYTES_PER_INSN 64

/* Per-state bookkeeping; it is the allocator's userdata, so every C function and hook reaches
 * it through lua_getallocf without a registry lookup. */
struct li_ctx {
	struct li_limits lim;
	size_t used;                /* bytes currently allocated by the state */
	long long remaining;        /* instructions left in this top-level call */
	int insn_tripped;           /* the instruction budget ran out in this top-level call */
	int mem_tripped;            /* an allocation was refused by the memory budget */
	/* The instruction-limit message when a C function (pattern matching, a table
	 * operation) ran the budget out: "instruction limit exceeded in string.find". */
	char trip_msg[96];
	/* Where Lua code was last seen running (count hook); names the location of a bare
	 * LUA_ERRMEM, which never reaches the message handler. */
	char where[512];
};

static struct li_ctx *ctx_of(lua_State *L)
{
	void *ud;
	lua_getallocf(L, &ud);
	return ud;
}

/* ---- memory budget ---- */

static void *budget_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	struct li_ctx *c = ud;
	size_t old = ptr ? osize : 0;   /* with ptr == NULL, osize is an object type tag */
	void *p;

	if (nsize == 0) {
		free(ptr);
		c->used -= old;
		return NULL;
	}
	if (nsize > old && c->lim.max_memory &&
	    (c->used > c->lim.max_memory || nsize - old > c->lim.max_memory - c->used)) {
		c->mem_tripped = 1;
		return NULL;
	}
	p = realloc(ptr, nsize);
	if (!p)
		return nsize <= old ? ptr : NULL;   /* Lua relies on shrinking never failing */
	c->used = c->used - old + nsize;
	/* Growth costs instructions too: C functions that build large strings (rep, upper,
	 * concat, format, gsub...) do work proportional to it outside the VM. The count hook
	 * sees the budget spent at its next call. */
	if (nsize > old && c->lim.max_instructions > 0)
		c->remaining -= (long long)((nsize - old) / ALLOC_BYTES_PER_INSN);
	return p;
}

/* ---- locations in messages ---- */

/* Lua's short form of a "@file" chunk name (luaO_chunkid): long paths lose their head. */
static void short_src_of(const char *source, char *out, size_t outsz)
{
	size_t len = strlen(source + 1);
	if (len < outsz) {
		memcpy(out, source + 1, len + 1);
	} else {
		size_t keep = outsz - 1 - 3;
		memcpy(out, "...", 3);
		memcpy(out + 3, source + 1 + len - keep, keep + 1);
	}
}

/* If msg starts with the (possibly truncated) short name of file chunk `source` followed by
 * ':', returns a copy with the full path instead; NULL when it does not. */
static char *widen_location(const char *msg, const char *source)
{
	char shortsrc[LUA_IDSIZE];
	size_t n;
	if (!source || source[0] != '@')
		return NULL;
	short_src_of(source, shortsrc, sizeof(shortsrc));
	n = strlen(shortsrc);
	if (strncmp(msg, shortsrc, n) != 0 || msg[n] != ':' || rt_streq(shortsrc, source + 1))
		return NULL;
	return rt_xstrfmt("%s%s", source + 1, msg + n);
}

/* Does msg already start with "something:digits: "? */
static int has_location(const char *msg)
{
	const char *colon = strchr(msg, ':');
	const char *p;
	if (!colon || colon == msg || memchr(msg, '\n', (size_t)(colon - msg)))
		return 0;
	p = colon + 1;
	if (*p < '0' || *p > '9')
		return 0;
	while (*p >= '0' && *p <= '9')
		p++;
	return *p == ':';
}

/* The message of the budget that ran out. */
static const char *trip_text(const struct li_ctx *c)
{
	if (c->mem_tripped)
		return "memory limit exceeded";
	return c->trip_msg[0] ? c->trip_msg : "instruction limit exceeded";
}

/* Frames the message handler looks at. lua_getstack(L, n) walks n frames, so walking a whole
 * stack-overflowed stack (about 200,000 frames) level by level is quadratic: minutes of CPU
 * before "stack overflow" is reported. The location is always near the top. */
#define MAX_WALK 64

/* Pushes "file:line" of the innermost Lua function on the stack, or nothing (returns 0). */
static int push_innermost_location(lua_State *L)
{
	lua_Debug ar;
	/* Frames of the embedded library halves ("@stdlib/...") are skipped when a frame of the
	 * user's code is on the stack: the message should name the definition's line. */
	int skip_lib = 0;
	for (int level = 0; level < MAX_WALK && lua_getstack(L, level, &ar); level++)
		if (lua_getinfo(L, "Sl", &ar) && ar.currentline > 0 &&
		    !rt_starts_with(ar.source, "@stdlib/"))
			skip_lib = 1;
	for (int level = 0; level < MAX_WALK && lua_getstack(L, level, &ar); level++) {
		if (!lua_getinfo(L, "Sl", &ar) || ar.currentline <= 0)
			continue;
		if (skip_lib && rt_starts_with(ar.source, "@stdlib/"))
			continue;
		if (ar.source[0] == '@')
			lua_pushfstring(L, "%s:%d", ar.source + 1, ar.currentline);
		else
			lua_pushfstring(L, "%s:%d", ar.short_src, ar.currentline);
		return 1;
	}
	return 0;
}

/* Message handler: turns any error value into "file:line: message" with the full file path. */
int li_state_msghandler(lua_State *L)
{
	struct li_ctx *c = ctx_of(L);
	const char *msg;
	lua_Debug ar;

	if (c->mem_tripped || c->insn_tripped) {
		const char *what = trip_text(c);
		msg = lua_tostring(L, 1);
		if (push_innermost_location(L))                    /* msg loc */
			lua_pushfstring(L, "%s: %s", lua_tostring(L, -1), what); /* msg loc text */
		else if (msg && has_location(msg) && strstr(msg, what))
			lua_pushvalue(L, 1);   /* re-raised by C code with its location kept */
		else
			lua_pushstring(L, what);
		return 1;
	}
	msg = lua_tostring(L, 1);
	if (!msg) {
		if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING)
			msg = lua_tostring(L, -1);                 /* msg str */
		else
			msg = lua_pushfstring(L, "(error object is a %s value)",
					      luaL_typename(L, 1));
	}
	if (!has_location(msg)) {
		if (push_innermost_location(L))
			lua_pushfstring(L, "%s: %s", lua_tostring(L, -1), msg);
		else
			lua_pushstring(L, msg);
		return 1;
	}
	/* The location Lua wrote may be a truncated path: widen it from the frame it names. */
	for (int level = 0; level < MAX_WALK && lua_getstack(L, level, &ar); level++) {
		char *wide;
		if (!lua_getinfo(L, "S", &ar))
			continue;
		wide = widen_location(msg, ar.source);
		if (wide) {
			lua_pushstring(L, wide);                   /* ... wide */
			free(wide);
			return 1;
		}
	}
	lua_pushstring(L, msg);
	return 1;
}

/* ---- instruction budget ---- */

/* Remembers the location of frame `ar` (filled with "Sl") in c->where. */
static void note_where(struct li_ctx *c, const lua_Debug *ar)
{
	const char *src = ar->source[0] == '@' ? ar->source + 1 : ar->short_src;
	size_t n = strlen(src);
	if (ar->currentline <= 0)
		return;
	if (n > sizeof(c->where) - 24)
		src += n - (sizeof(c->where) - 24);
	snprintf(c->where, sizeof(c->where), "%s:%d", src, ar->currentline);
}

static void budget_hook(lua_State *L, lua_Debug *ar)
{
	struct li_ctx *c = ctx_of(L);
	if (!c->insn_tripped && !c->mem_tripped) {
		if (ar->event != LUA_HOOKCOUNT)
			return;
		if (c->lim.max_instructions > 0) {
			c->remaining -= HOOK_STEP;
			if (c->remaining <= 0)
				c->insn_tripped = 1;
		}
		if (lua_getinfo(L, "Sl", ar))
			note_where(c, ar);
		if (!c->insn_tripped)
			return;
	}
	/* Tripped: raise now and again on every new line, so a pcall in the definition cannot
	 * swallow the error and keep going. */
	lua_sethook(L, budget_hook, LUA_MASKCOUNT | LUA_MASKLINE, HOOK_STEP);
	lua_pushstring(L, trip_text(c));
	lua_error(L);
}

void li_state_charge(lua_State *L, long long n, const char *what)
{
	struct li_ctx *c = ctx_of(L);
	lua_Debug ar;
	if (c->lim.max_instructions <= 0 || n <= 0)
		return;
	c->remaining -= n;
	if (c->remaining > 0 && !c->insn_tripped)
		return;
	c->insn_tripped = 1;
	if (!c->trip_msg[0])
		snprintf(c->trip_msg, sizeof(c->trip_msg), "instruction limit exceeded in %s", what);
	for (int level = 1; level < MAX_WALK && lua_getstack(L, level, &ar); level++)
		if (lua_getinfo(L, "Sl", &ar) && ar.currentline > 0) {
			note_where(c, &ar);
			break;
		}
	lua_sethook(L, budget_hook, LUA_MASKCOUNT | LUA_MASKLINE, HOOK_STEP);
	luaL_error(L, "%s", c->trip_msg);
}

/* ---- bounded library functions ----
 *
 * C functions whose work is not paid for by allocation (budget_alloc) or by the VM charge
 * their element count to the instruction budget before running: a loop of table.insert(t,
 * 1, x) on a large table, or a table.move over 2^40 empty slots, would otherwise run for
 * hours inside a handful of instructions. Upvalue 1: the library function; upvalue 2: its
 * name for the message. The cost is computed from the arguments without raising: a bad
 * argument is left for the library function to report. */

static lua_Integer len_of(lua_State *L, int idx)
{
	if (lua_type(L, idx) == LUA_TSTRING)
		return (lua_Integer)lua_rawlen(L, idx);
	if (lua_type(L, idx) != LUA_TTABLE)
		return 0;
	if (luaL_getmetafield(L, idx, "__len") != LUA_TNIL) {
		lua_Integer n;
		lua_pop(L, 1);
		n = luaL_len(L, idx);                 /* as the library will see it */
		return n;
	}
	return (lua_Integer)lua_rawlen(L, idx);
}

static lua_Integer int_arg(lua_State *L, int idx, lua_Integer dflt)
{
	int ok;
	lua_Integer v;
	if (lua_isnoneornil(L, idx))
		return dflt;
	v = lua_tointegerx(L, idx, &ok);
	return ok ? v : dflt;
}

/* j - i + 1 without overflow, 0 when empty. */
static long long span(lua_Integer i, lua_Integer j)
{
	if (j < i)
		return 0;
	if (i < 0 && j > LUA_MAXINTEGER + i)
		return LLONG_MAX;
	return (long long)(j - i) + 1;
}

enum cost {
	C_INSERT, C_REMOVE, C_MOVE, C_CONCAT, C_UNPACK, C_SORT,
	C_SPAN_I,       /* f(s, i, j) with j defaulting to i: string.byte, utf8.codepoint */
	C_SPAN_ALL,     /* f(s, i, j) with j defaulting to -1: utf8.len */
	C_OFFSET,       /* utf8.offset(s, n, i) */
	C_NARGS
};

/* A string position as Lua's functions read it (negative: from the end), clipped to 0..len. */
static lua_Integer str_pos(lua_Integer pos, lua_Integer len)
{
	if (pos < 0)
		pos = pos < -len ? 0 : len + pos + 1;
	return pos > len ? len : pos;
}

static int bounded_call(lua_State *L)
{
	enum cost kind = (enum cost)lua_tointeger(L, lua_upvalueindex(3));
	int n = lua_gettop(L);
	long long cost = 1;
	switch (kind) {
	case C_INSERT:          /* table.insert(t, [pos,] v) */
		if (n >= 3)
			cost = span(int_arg(L, 2, 1), len_of(L, 1));
		break;
	case C_REMOVE:          /* table.remove(t [, pos]) */
		if (n >= 2)
			cost = span(int_arg(L, 2, 1), len_of(L, 1));
		break;
	case C_MOVE:            /* table.move(a1, f, e, t [, a2]) */
		cost = span(int_arg(L, 2, 1), int_arg(L, 3, 0));
		break;
	case C_CONCAT:          /* table.concat(t, sep, i, j) */
		cost = span(int_arg(L, 3, 1), lua_isnoneornil(L, 4) ? len_of(L, 1)
								   : int_arg(L, 4, 0));
		break;
	case C_UNPACK:          /* table.unpack(t, i, j) */
		cost = span(int_arg(L, 2, 1), lua_isnoneornil(L, 3) ? len_of(L, 1)
								   : int_arg(L, 3, 0));
		break;
	case C_SORT:
		cost = len_of(L, 1);
		break;
	case C_SPAN_I:
	case C_SPAN_ALL: {
		lua_Integer len = len_of(L, 1), i = str_pos(int_arg(L, 2, 1), len);
		lua_Integer j = str_pos(int_arg(L, 3, kind == C_SPAN_I ? int_arg(L, 2, 1) : -1), len);
		cost = span(i < 1 ? 1 : i, j);
		break;
	}
	case C_OFFSET: {            /* scans about 4 bytes per character skipped */
		lua_Integer len = len_of(L, 1), k = int_arg(L, 2, 0);
		cost = k < -len || k > len ? len : 4 * (k < 0 ? -k : k) + 4;
		break;
	}
	case C_NARGS:
		cost = n;
		break;
	}
	lua_settop(L, n);
	li_state_charge(L, cost, lua_tostring(L, lua_upvalueindex(2)));
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, n, LUA_MULTRET);
	return lua_gettop(L);
}

static void bound(lua_State *L, int lib, const char *libname, const char *fn, enum cost kind)
{
	if (lua_getfield(L, lib, fn) != LUA_TFUNCTION) {
		lua_pop(L, 1);
		return;
	}
	lua_pushfstring(L, "%s.%s", libname, fn);
	lua_pushinteger(L, kind);
	lua_pushcclosure(L, bounded_call, 3);
	lua_setfield(L, lib, fn);
}

static void bound_libraries(lua_State *L, int G)
{
	static const struct { const char *lib, *fn; enum cost kind; } list[] = {
		{ LUA_TABLIBNAME, "insert", C_INSERT }, { LUA_TABLIBNAME, "remove", C_REMOVE },
		{ LUA_TABLIBNAME, "move", C_MOVE }, { LUA_TABLIBNAME, "concat", C_CONCAT },
		{ LUA_TABLIBNAME, "unpack", C_UNPACK }, { LUA_TABLIBNAME, "sort", C_SORT },
		{ LUA_STRLIBNAME, "byte", C_SPAN_I }, { LUA_STRLIBNAME, "char", C_NARGS },
		{ LUA_UTF8LIBNAME, "len", C_SPAN_ALL }, { LUA_UTF8LIBNAME, "codepoint", C_SPAN_I },
		{ LUA_UTF8LIBNAME, "offset", C_OFFSET }, { LUA_UTF8LIBNAME, "char", C_NARGS },
	};
	static const char *const libs[] = { LUA_TABLIBNAME, LUA_STRLIBNAME, LUA_UTF8LIBNAME };
	/* Lua names a function in an argument error by finding it in registry._LOADED: keep a
	 * copy of each library with the original functions there ("bad argument #1 to
	 * 'table.insert'"); require and the globals give the bounded library. */
	luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);        /* LOADED */
	for (size_t i = 0; i < RT_ARRAY_LEN(libs); i++) {
		lua_newtable(L);                                          /* LOADED copy */
		lua_getfield(L, G, libs[i]);                              /* LOADED copy lib */
		lua_pushnil(L);
		while (lua_next(L, -2)) {                                 /* ... k v */
			lua_pushvalue(L, -2);
			lua_insert(L, -2);
			lua_rawset(L, -5);
		}
		lua_pop(L, 1);                                            /* LOADED copy */
		lua_setfield(L, -2, libs[i]);                             /* LOADED */
	}
	lua_pop(L, 1);
	for (size_t i = 0; i < RT_ARRAY_LEN(list); i++) {
		lua_getfield(L, G, list[i].lib);
		bound(L, lua_gettop(L), list[i].lib, list[i].fn, list[i].kind);
		lua_pop(L, 1);
	}
}

/* ---- sandboxed base functions ---- */

/* load(chunk [, chunkname [, mode [, env]]]): text chunks only; without an explicit env the
 * chunk gets the caller's _ENV, never the state's shared globals. */
static int sb_load(lua_State *L)
{
	size_t len;
	const char *s;
	const char *chunkname;
	int has_env = lua_gettop(L) >= 4;
	lua_Debug ar;

	if (lua_type(L, 1) != LUA_TSTRING)
		return luaL_argerror(L, 1, "only text chunks (strings) can be loaded");
	s = lua_tolstring(L, 1, &len);
	chunkname = luaL_optstring(L, 2, s);
	luaL_optstring(L, 3, "t");      /* accepted for compatibility; only "t" is honoured */
	if (luaL_loadbufferx(L, s, len, chunkname, "t") != LUA_OK) {
		lua_pushnil(L);                                   /* ... msg nil */
		lua_insert(L, -2);                                /* ... nil msg */
		return 2;
	}
	if (has_env) {
		lua_pushvalue(L, 4);                              /* ... fn env */
	} else {
		int found = 0;
		if (lua_getstack(L, 1, &ar) && lua_getinfo(L, "f", &ar)) {   /* ... fn caller */
			for (int i = 1; !found; i++) {
				const char *name = lua_getupvalue(L, -1, i);  /* ... fn caller up */
				if (!name)
					break;
				if (rt_streq(name, "_ENV"))
					found = 1;
				else
					lua_pop(L, 1);
			}
			if (found)
				lua_remove(L, -2);                /* ... fn env */
			else
				lua_pop(L, 1);                    /* ... fn */
		}
		if (!found)
			lua_newtable(L);                          /* ... fn {} */
	}
	if (!lua_setupvalue(L, -2, 1))                            /* ... fn */
		lua_pop(L, 1);
	return 1;
}

/* require(name): returns an already opened module (registry._LOADED) or runs a loader
 * registered in registry._PRELOAD (stdlib modules, @include modules). Never touches disk. */
static int sb_require(lua_State *L)
{
	const char *name = luaL_checkstring(L, 1);
	lua_settop(L, 1);
	if (li_freeze_push_module(L, name))                          /* name mod */
		return 1;
	luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);   /* name PRELOAD */
	if (lua_getfield(L, 2, name) == LUA_TNIL)                    /* name PRELOAD fn */
		return luaL_error(L, "module '%s' not found", name);
	lua_pushvalue(L, 1);                                         /* ... fn name */
	lua_call(L, 1, 1);                                           /* ... mod */
	if (lua_isnil(L, -1)) {
		lua_pop(L, 1);
		lua_pushboolean(L, 1);                               /* ... true */
	}
	/* A module is shared by every later require in this state: read-only. */
	li_freeze_set_module(L, name, -1);
	return 1;
}

/* string.rep(s, n [, sep]) that checks the result against the memory budget first: Lua's own
 * limit (INT_MAX bytes) would report a bomb as "resulting string too large" instead. */
static int sb_string_rep(lua_State *L)
{
	struct li_ctx *c = ctx_of(L);
	size_t l, lsep = 0;
	lua_Integer n;

	luaL_checklstring(L, 1, &l);
	n = luaL_checkinteger(L, 2);
	luaL_optlstring(L, 3, "", &lsep);
	if (l + lsep == 0 || n <= 0) {
		/* Lua's own rep loops n times even when every piece is empty. */
		lua_pushliteral(L, "");
		return 1;
	}
	if (c->lim.max_memory) {
		/* Compare in double: the product can overflow any integer type. */
		double need = (double)l * (double)n + (double)lsep * (double)(n - 1);
		if (need >= (double)c->lim.max_memory) {
			lua_Debug ar;
			for (int level = 1; level < MAX_WALK && lua_getstack(L, level, &ar); level++)
				if (lua_getinfo(L, "Sl", &ar) && ar.currentline > 0) {
					note_where(c, &ar);
					break;
				}
			c->mem_tripped = 1;
			return luaL_error(L, "memory limit exceeded");
		}
	}
	lua_pushvalue(L, lua_upvalueindex(1));                    /* s n sep rep */
	lua_insert(L, 1);                                         /* rep s n sep */
	lua_call(L, lua_gettop(L) - 1, 1);                        /* result */
	return 1;
}

/* setmetatable(t, mt) refusing a metatable with __gc: Lua runs finalizers with hooks off, so
 * an endless __gc would escape the instruction budget (and lua_close would hang). Lua marks an
 * object for finalization only when setmetatable sees __gc, so a __gc added later is inert. */
static int sb_setmetatable(lua_State *L)
{
	if (lua_type(L, 2) == LUA_TTABLE) {
		lua_pushliteral(L, "__gc");
		if (lua_rawget(L, 2) != LUA_TNIL)   /* as Lua looks it up: raw */
			return luaL_error(L, "__gc metamethods are not allowed in the sandbox");
		lua_pop(L, 1);
	}
	lua_pushvalue(L, lua_upvalueindex(1));                    /* t mt setmetatable */
	lua_insert(L, 1);
	lua_call(L, lua_gettop(L) - 1, 1);
	return 1;
}

/* Base functions a definition may use; everything else luaopen_base installs is removed. */
static const char *const base_allowed[] = {
	"assert", "error", "getmetatable", "ipairs", "next", "pairs", "pcall", "rawequal",
	"rawget", "rawlen", "rawset", "select", "setmetatable", "tonumber", "tostring", "type",
	"xpcall", "_G", "_VERSION", NULL
};

static const char *const os_allowed[] = {
	"clock", "date", "difftime", "getenv", "time", NULL
};

/* Removes from the table at idx every string key not in `allowed`. */
static void keep_only(lua_State *L, int idx, const char *const *allowed)
{
	idx = lua_absindex(L, idx);
	lua_newtable(L);                                  /* ... doomed */
	lua_pushnil(L);
	while (lua_next(L, idx)) {                        /* ... doomed k v */
		lua_pop(L, 1);                            /* ... doomed k */
		if (lua_type(L, -1) != LUA_TSTRING || !rt_str_in_list(allowed, lua_tostring(L, -1))) {
			lua_pushvalue(L, -1);             /* ... doomed k k */
			lua_rawseti(L, -3, (lua_Integer)lua_rawlen(L, -3) + 1);  /* ... doomed k */
		}
	}
	for (lua_Integer i = 1, n = (lua_Integer)lua_rawlen(L, -1); i <= n; i++) {
		lua_rawgeti(L, -1, i);                    /* ... doomed k */
		lua_pushnil(L);
		lua_rawset(L, idx);                       /* ... doomed */
	}
	lua_pop(L, 1);                                    /* ... */
}

/* The registry's "rez.py.freeze": freezes the table at 1 in place, deeply. */
static int freeze_py_library(lua_State *L)
{
	li_freeze_table(L, 1, "module 'rez.py'", NULL);
	return 0;
}

/* Our copy of linit's list (after the pruned base library): what a definition may see. */
static const luaL_Reg sandbox_libs[] = {
	{ LUA_STRLIBNAME, luaopen_string },
	{ LUA_TABLIBNAME, luaopen_table },
	{ LUA_MATHLIBNAME, luaopen_math },
	{ LUA_UTF8LIBNAME, luaopen_utf8 },
	{ NULL, NULL }
};

static int open_sandbox(lua_State *L)
{
	struct li_ctx *c = ctx_of(L);

	luaL_requiref(L, LUA_GNAME, luaopen_base, 1);             /* G */
	keep_only(L, -1, base_allowed);
	for (const luaL_Reg *lib = sandbox_libs; lib->func; lib++) {
		luaL_requiref(L, lib->name, lib->func, 1);       /* G mod */
		lua_pop(L, 1);                                    /* G */
	}
	lua_pushcfunction(L, sb_load);
	lua_setfield(L, -2, "load");
	lua_pushcfunction(L, sb_require);
	lua_setfield(L, -2, "require");
	if (!c->lim.trusted) {
		lua_getfield(L, -1, "setmetatable");              /* G setmetatable */
		lua_pushcclosure(L, sb_setmetatable, 1);
		lua_setfield(L, -2, "setmetatable");
	}

	/* string.dump only produces binary chunks, which nothing here may load. */
	lua_getfield(L, -1, LUA_STRLIBNAME);                      /* G string */
	lua_pushnil(L);
	lua_setfield(L, -2, "dump");
	lua_getfield(L, -1, "rep");                               /* G string rep */
	lua_pushcclosure(L, sb_string_rep, 1);                    /* G string rep' */
	lua_setfield(L, -2, "rep");
	li_pattern_install(L, -1);        /* find, match, gmatch, gsub with a step budget */
	lua_pop(L, 1);                                            /* G */
	bound_libraries(L, lua_gettop(L));

	/* os is opened privately: untrusted states get a fresh table with the read-only subset,
	 * and registry._LOADED.os names that table, so require("os") gives nothing more. */
	luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE); /* G LOADED */
	lua_pushcfunction(L, luaopen_os);
	lua_call(L, 0, 1);                                        /* G LOADED os */
	if (!c->lim.trusted)
		keep_only(L, -1, os_allowed);
	lua_pushvalue(L, -1);                                     /* G LOADED os os */
	lua_setfield(L, -3, LUA_OSLIBNAME);                       /* G LOADED os */
	lua_setfield(L, -3, LUA_OSLIBNAME);                       /* G LOADED */
	if (c->lim.trusted) {
		luaL_requiref(L, LUA_IOLIBNAME, luaopen_io, 1);   /* G LOADED io */
		lua_pop(L, 1);
	}
	lua_pop(L, 2);                                            /* */

	rez_stdlib_open(L);
	/* rez.py (stdlib/py.c) loads its full library after require froze the module: it
	 * freezes that library itself, through this hook. */
	lua_pushcfunction(L, freeze_py_library);
	lua_setfield(L, LUA_REGISTRYINDEX, "rez.py.freeze");
	/* Last: every library table read-only, so nothing leaks between packages. */
	li_freeze_sandbox(L);
	return 0;
}

/* ---- public API ---- */

lua_State *li_state_new(const struct li_limits *limits, struct rt_error *err)
{
	static const struct li_limits defaults = LI_LIMITS_DEFAULT;
	struct li_ctx *c = rt_xcalloc(1, sizeof(*c));
	lua_State *L;

	c->lim = limits ? *limits : defaults;
	L = lua_newstate(budget_alloc, c);
	if (!L) {
		free(c);
		rt_error(err, "cannot create a Lua state: out of memory");
		return NULL;
	}
	lua_pushcfunction(L, open_sandbox);
	if (li_state_pcall(L, 0, 0, err) < 0) {
		rt_error_prefix(err, "cannot set up the Lua sandbox");
		li_state_close(L);
		return NULL;
	}
	return L;
}

void li_state_close(lua_State *L)
{
	void *ud;
	if (!L)
		return;
	lua_getallocf(L, &ud);
	lua_close(L);
	free(ud);
}

/* A Python habit on source line `line` or the few before it (a syntax error is often
 * reported a line or two after its cause): the hint to add, or NULL. */
static const char *python_hint(const char *text, size_t len, long line)
{
	const char *starts[4] = { NULL, NULL, NULL, NULL };
	const char *p = text, *end = text + len;
	long n = 1;
	/* starts[k]: the line k before `line` */
	while (p < end && n <= line) {
		if (n >= line - 3)
			starts[line - n] = p;
		p = memchr(p, '\n', (size_t)(end - p));
		if (!p)
			break;
		p++;
		n++;
	}
	for (int k = 0; k < 4; k++) {
		const char *s = starts[k], *e, *last;
		char buf[512];
		size_t l;
		if (!s)
			continue;
		e = memchr(s, '\n', (size_t)(end - s));
		l = (size_t)((e ? e : end) - s);
		if (l >= sizeof(buf))
			l = sizeof(buf) - 1;
		memcpy(buf, s, l);
		buf[l] = '\0';
		while (l && (buf[l - 1] == ' ' || buf[l - 1] == '\t' || buf[l - 1] == '\r'))
			buf[--l] = '\0';
		s = buf;
		while (*s == ' ' || *s == '\t')
			s++;
		last = l ? buf + l - 1 : buf;
		if (*last == ':' && (!strncmp(s, "if ", 3) || !strncmp(s, "elif ", 5) ||
				     !strncmp(s, "while ", 6) || !strncmp(s, "for ", 4)))
			return !strncmp(s, "elif", 4) ? "Lua writes `elseif cond then` (no colon)" :
			       !strncmp(s, "while", 5) ? "Lua writes `while cond do ... end` (no colon)" :
			       !strncmp(s, "for", 3) ? "Lua writes `for _, x in ipairs(list) do ... end` (no colon)" :
			       "Lua writes `if building then ... end` (no colon)";
		if (!strncmp(s, "else:", 5))
			return "Lua writes `else` (no colon) and closes the block with `end`";
		if (!strncmp(s, "def ", 4))
			return "Lua writes `function name() ... end` instead of `def name():`";
		if (*s == '#')
			return "Lua comments start with `--`, not `#`";
		if (strstr(s, "\"\"\"") || strstr(s, "'''"))
			return "Lua writes long strings as [[ ... ]]";
		if (strstr(s, "= [") || (s[0] == '[' && k == 0))
			return "Lua lists use braces: {\"a\", \"b\"}, not [\"a\", \"b\"]";
		if (strstr(s, "!="))
			return "Lua writes `~=` for 'not equal'";
		if (strstr(s, ": \"") && strchr(s, '{'))
			return "Lua tables are written {key = \"value\"}, not {\"key\": \"value\"}";
	}
	return NULL;
}

/* math.randomseed() with no argument, through the registry's math table (frozen, readable). */
static int reseed(lua_State *L)
{
	luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
	if (lua_getfield(L, -1, LUA_MATHLIBNAME) == LUA_TTABLE &&
	    lua_getfield(L, -1, "randomseed") == LUA_TFUNCTION)
		lua_call(L, 0, 0);
	return 0;
}

void li_state_trim(lua_State *L)
{
	const struct li_ctx *c = ctx_of(L);
	if (c->lim.max_memory && c->used > c->lim.max_memory / 4)
		lua_gc(L, LUA_GCCOLLECT);
}

int li_state_recycle(lua_State *L)
{
	if (lua_gettop(L) != 0)
		return -1;
	lua_pushcfunction(L, reseed);
	if (lua_pcall(L, 0, 0, 0) != LUA_OK) {
		lua_settop(L, 0);
		return -1;
	}
	li_state_trim(L);
	return 0;
}

int li_state_load(lua_State *L, const char *text, size_t len, const char *chunkname,
		  struct rt_error *err)
{
	struct li_ctx *c = ctx_of(L);
	int status;

	c->mem_tripped = 0;
	status = luaL_loadbufferx(L, text, len, chunkname, "t");   /* fn | msg */
	if (status == LUA_OK)
		return 0;
	if (status == LUA_ERRMEM && c->mem_tripped) {
		rt_error(err, "%s: memory limit exceeded",
			 chunkname[0] == '@' || chunkname[0] == '=' ? chunkname + 1 : chunkname);
	} else {
		const char *msg = lua_tostring(L, -1);
		char *wide = msg ? widen_location(msg, chunkname) : NULL;
		const char *hint = NULL, *colon = msg ? strchr(msg, ':') : NULL;
		/* "chunk:LINE: message": look for a Python habit near LINE */
		while (status == LUA_ERRSYNTAX && colon) {
			char *e;
			long line = strtol(colon + 1, &e, 10);
			if (e != colon + 1 && *e == ':' && line > 0) {
				hint = python_hint(text, len, line);
				break;
			}
			colon = strchr(colon + 1, ':');
		}
		rt_error(err, "%s%s%s%s", wide ? wide : msg ? msg : "cannot load chunk",
			 hint ? " (hint: " : "", hint ? hint : "", hint ? ")" : "");
		free(wide);
	}
	lua_pop(L, 1);
	c->mem_tripped = 0;
	return -1;
}

int li_state_pcall(lua_State *L, int nargs, int nresults, struct rt_error *err)
{
	struct li_ctx *c = ctx_of(L);
	int base = lua_gettop(L) - nargs;     /* the function's index */
	lua_Debug ar;
	int status;

	if (!lua_getstack(L, 0, &ar)) {
		/* A top-level call: fresh budgets. */
		c->remaining = c->lim.max_instructions;
		c->insn_tripped = 0;
		c->mem_tripped = 0;
		c->trip_msg[0] = '\0';
		c->where[0] = '\0';
		lua_sethook(L, budget_hook, LUA_MASKCOUNT, HOOK_STEP);
	}
	/* Fallback location for a bare memory error: the called function's definition. */
	if (!c->where[0]) {
		lua_pushvalue(L, base);                               /* ... fn args fn */
		if (lua_getinfo(L, ">S", &ar) && ar.linedefined >= 0 && ar.source[0] == '@')
			snprintf(c->where, sizeof(c->where), "%s:%d", ar.source + 1,
				 ar.linedefined > 0 ? ar.linedefined : 1);
	}
	lua_pushcfunction(L, li_state_msghandler);                             /* ... fn args h */
	lua_insert(L, base);                                          /* ... h fn args */
	status = lua_pcall(L, nargs, nresults, base);                 /* ... h results|msg */
	lua_remove(L, base);                                          /* ... results|msg */
	if (status == LUA_OK) {
		if (!c->insn_tripped && !c->mem_tripped)
			return 0;
		/* The Lua code caught the budget error and finished anyway: still a failure. */
		lua_pop(L, nresults == LUA_MULTRET ? lua_gettop(L) - base + 1 : nresults);
		return rt_error(err, "%s%s%s", c->where, c->where[0] ? ": " : "", trip_text(c));
	}
	if (status == LUA_ERRMEM) {
		if (c->mem_tripped)
			rt_error(err, "%s%smemory limit exceeded", c->where,
				 c->where[0] ? ": " : "");
		else
			rt_error(err, "%s%sout of memory", c->where, c->where[0] ? ": " : "");
	} else {
		const char *msg = lua_tostring(L, -1);
		if (!msg)
			msg = "error in error handling";
		if ((c->mem_tripped || c->insn_tripped) && c->where[0] && !has_location(msg))
			rt_error(err, "%s: %s", c->where, msg);
		else
			rt_error(err, "%s", msg);
	}
	lua_pop(L, 1);
	return -1;
}
