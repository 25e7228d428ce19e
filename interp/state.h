/* state.h - sandboxed Lua states: the only way rez-lua creates a lua_State.
 *
 * A state opens only what package definitions may use (base functions minus dofile/loadfile/
 * load of binary chunks, string, table, math, utf8, a read-only os subset: time, clock, date,
 * getenv), plus the stdlib modules (stdlib/stdlib.h) and a `require` that finds only "rez.*"
 * stdlib modules and @include modules. No io, no os.execute/remove/rename/exit, no debug, no
 * package library, no C modules from disk. With limits.trusted set (site configuration), io and
 * the full os library are opened too.
 *
 * Limits: an instruction budget (count hook; once exhausted every further line errors again,
 * so a pcall cannot swallow it) and a memory budget (our lua_Alloc). Exceeding either raises
 * a Lua error "instruction limit exceeded" / "memory limit exceeded" which li_state_pcall
 * reports with the file and line that were running.
 *
 * Calling sequence: L = li_state_new(&limits, err); li_state_load(L, text, len, "@file", err);
 * li_state_pcall(L, 0, n, err); ...; li_state_close(L). The budgets are reset by each
 * li_state_pcall made at stack depth 0 (not by nested calls). */
#ifndef LI_STATE_H
#define LI_STATE_H

#include <lua.h>
#include "runtime/error.h"

struct li_limits {
	long long max_instructions;   /* VM instructions per top-level call; <= 0: unlimited */
	size_t max_memory;            /* bytes allocated by the state; 0: unlimited */
	int trusted;                  /* open io and os fully (site configuration only) */
};

/* Defaults: 50 million instructions, 256 MiB, untrusted. */
#define LI_LIMITS_DEFAULT { 50000000LL, (size_t)256 << 20, 0 }

lua_State *li_state_new(const struct li_limits *limits, struct rt_error *err);
void li_state_close(lua_State *L);
/* Compiles text (never binary chunks) and pushes the function; chunkname as for luaL_loadbuffer
 * ("@path" for files). Returns 0, or -1 with err set to "path:line: message". */
int li_state_load(lua_State *L, const char *text, size_t len, const char *chunkname,
		  struct rt_error *err);
/* lua_pcall with budgets and a message handler; on error pops nothing extra, sets err to
 * "file:line: message" (the innermost Lua location) and returns -1. */
int li_state_pcall(lua_State *L, int nargs, int nresults, struct rt_error *err);

#endif
