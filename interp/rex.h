/* rex.h - the Lua API of package commands: the names a pre_commands / commands /
 * post_commands function sees, bound to a C rex executor (runtime/rex.h).
 *
 * Names (docs/commands.md documents each): env, setenv, unsetenv, resetenv, prependenv,
 * appendenv, getenv, defined, undefined, alias, command, comment, info, error (rex's: records
 * an error message, does not stop), lua_error (Lua's error), stop, source, shebang,
 * expandvars, literal, expandable, optionvars, intersects, and the bindings building,
 * testing, system, request, implicits, ephemerals, resolve, plus per package this, root,
 * base, version.
 *
 * Calling sequence (the context module):
 *     lx = li_rex_new(L, rx, &ctx, err);           once per context, L from li_state_new
 *     for each pass and package: rt_rex_header(...); li_rex_run(lx, &pkg, fn, "commands", err);
 *     li_rex_free(lx);                              before freeing rx, ctx's packages, L
 * Only one li_rex may be live per lua_State (its namespace sits under one registry key).
 * Each package's code runs in a fresh global table whose reads fall back to the rex namespace,
 * then to the sandbox's globals; an unknown name raises "undefined name 'x'"; the globals the
 * code sets are dropped afterwards, so nothing leaks into the next package.
 *
 * Ownership: lx borrows rx, L and everything ctx points to (they must outlive lx); it copies
 * nothing but keeps Lua-side caches. */
#ifndef LI_REX_H
#define LI_REX_H

#include <lua.h>
#include "runtime/error.h"
#include "interp/bind.h"

struct rt_rex;
struct rt_func;
struct rt_value;

/* The context-wide bindings. */
struct li_rex_context {
	int building, testing;
	const char *const *requests;      /* explicit requests, ephemerals included */
	size_t n_requests;
	const char *const *implicits;     /* implicit package requests */
	size_t n_implicits;
	const struct li_pkg *resolve;     /* resolved variants, resolve order */
	size_t n_resolve;
	const struct rt_value *system;    /* map; NULL: detected (li_system_detect) */
	const struct rt_value *optionvars;/* config.optionvars (map), or NULL */
};

struct li_rex;

/* Builds the namespace in L. Returns NULL with err set on failure (bad request strings,
 * memory). */
struct li_rex *li_rex_new(lua_State *L, struct rt_rex *rx, const struct li_rex_context *ctx,
			  struct rt_error *err);
void li_rex_free(struct li_rex *lx);

/* Runs one package's stored function `fn` (attr: "pre_commands", "commands", ...) with
 * this/root/base/version bound to pkg, recording into the executor. On failure returns -1
 * with err = "Error in <attr> in package '<foo-1.2.3>' (<file>:<line>): <message>". */
int li_rex_run(struct li_rex *lx, const struct li_pkg *pkg, const struct rt_func *fn,
	       const char *attr, struct rt_error *err);

/* Binds a read-only table holding v (a map) under `name` for all code run afterwards
 * (pre_build_commands' `build` object). */
int li_rex_bind(struct li_rex *lx, const char *name, const struct rt_value *v,
		struct rt_error *err);
/* Runs rex code from text (rez env's --rex-code, tests) with no package bound. `name` is
 * the chunk name for messages. */
int li_rex_run_code(struct li_rex *lx, const char *code, const char *name, struct rt_error *err);

/* ---- shared with interp/late.c ---- */

/* Compiles a stored function's source on its own, padded so that messages carry the real
 * line numbers (decorator lines blanked). Pushes the chunk. Forms accepted: a chunk defining
 * the global `fn->name` (`function commands() ... end`), a table field (`commands =
 * function() ... end,`), or a bare body. Returns -1 with err set on a syntax error. */
int li_func_load(lua_State *L, const struct rt_func *fn, int *wrapped, struct rt_error *err);
/* Inside a protected call: with the chunk at index chunk_idx and the environment table at
 * env_idx, runs the chunk and then the function it defines; leaves nresults results. */
void li_func_call(lua_State *L, int chunk_idx, int env_idx, const struct rt_func *fn, int wrapped,
		  int nresults);
/* Rewrites a located Lua error "file:line: message" as "<prefix> (file:line): message". */
void li_func_error(struct rt_error *err, const char *prefix, const char *file);
/* Pushes a fresh environment table whose reads fall back to the table at ns_idx, then to the
 * globals, then raise "undefined name 'x'". */
void li_func_env(lua_State *L, int ns_idx);

#endif
