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
 * Modules: `require(name)` returns registry._LOADED[name] if set (luaL_requiref fills it), else
 * calls registry._PRELOAD[name](name) once and caches the result in _LOADED; it never reads
 * files. Code that provides modules (stdlib, @include) registers them in one of those tables.
 * `load` accepts only strings, compiles text only, and gives the chunk the 4th argument as its
 * environment, or the caller's _ENV when none is given (never the state's shared globals).
 * `string.rep` checks its result size against the memory budget before allocating.
 * string.find/match/gmatch/gsub are interp/pattern.c's (step-counted); table.insert, remove,
 * move, concat, unpack, sort, string.byte, string.char and utf8.len, codepoint, offset, char
 * charge their element counts to the instruction budget; allocations charge one instruction
 * per 64 bytes. Every library table is frozen (interp/freeze.h).
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
/* Collects the garbage of what ran before when it holds a large part of the memory budget:
 * the next code then has its whole budget (an allocation the budget refuses counts as
 * exceeding it even when Lua's emergency collection would have made room). */
void li_state_trim(lua_State *L);
/* Readies a state whose top-level call has returned for the next package's code: trims it
 * and reseeds math.random (the one library state a sandboxed function can change). Returns
 * 0, or -1 when the state should not be reused (its stack is not empty). */
int li_state_recycle(lua_State *L);
/* Compiles text (never binary chunks) and pushes the function; chunkname as for luaL_loadbuffer
 * ("@path" for files). Returns 0, or -1 with err set to "path:line: message". */
int li_state_load(lua_State *L, const char *text, size_t len, const char *chunkname,
		  struct rt_error *err);
/* lua_pcall with budgets and a message handler. On success the nresults results replace the
 * function and its arguments, as with lua_pcall. On error the function and arguments are
 * removed and nothing is pushed (the error value is not left on the stack); err is set to
 * "file:line: message" (the innermost Lua location, full path) and -1 returned. A budget error
 * caught by a pcall inside the Lua code still makes this call fail. */
int li_state_pcall(lua_State *L, int nargs, int nresults, struct rt_error *err);
/* Charges n instructions done by a C function (pattern matching, table operations) to the
 * state's instruction budget. When the budget is spent, raises "instruction limit exceeded
 * in <what>" located at the calling Lua line, and the budget stays tripped as for the count
 * hook. Does nothing when the state has no instruction budget. */
void li_state_charge(lua_State *L, long long n, const char *what);
/* The message handler li_state_pcall uses, for C code that must lua_pcall itself (e.g. to add
 * context to an error before raising it again): turns the error value into "file:line:
 * message" with the innermost Lua location and the full file path. */
int li_state_msghandler(lua_State *L);

#endif
