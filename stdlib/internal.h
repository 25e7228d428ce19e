/* internal.h - what the stdlib binding files share; not part of the public surface.
 *
 * Every module file defines one luaopen_rez_<mod> (declared here so stdlib.c can list them)
 * and keeps everything else static. Two helpers are shared:
 *
 *   rez_box_new: a userdata that owns one C pointer and frees it with the given function on
 *   __gc/__close. Push the box first, then acquire the resource and store it in box->p, so
 *   that any Lua error raised afterwards (argument checks, out of memory in lua_push*) cannot
 *   leak it (style.md §6). rez_box_free releases early and leaves the box empty.
 *
 *   rez_stdlib_run_lua: runs one of the embedded Lua halves (stdlib/lua/<mod>.lua, compiled in
 *   as rez_stdlib_lua_<mod>[] by stdlib/CMakeLists.txt) under the chunk name "@stdlib/<mod>.lua"
 *   so that its errors carry a file and line. */
#ifndef REZ_STDLIB_INTERNAL_H
#define REZ_STDLIB_INTERNAL_H

#include <lua.h>
#include <lauxlib.h>
#include <stddef.h>

struct rez_box {
	void *p;                  /* owned resource, NULL when empty */
	void (*release)(void *);  /* how to free p */
};

/* Pushes an empty box; [-0, +1, m]. */
struct rez_box *rez_box_new(lua_State *L, void (*release)(void *));
/* Frees the resource now (idempotent). */
void rez_box_free(struct rez_box *b);

/* Pushes a userdata holding an empty struct rt_error / struct rt_buf whose heap part is
 * released when it is collected, so a raise between filling and reading leaks nothing;
 * [-0, +1]. */
struct rt_error *rez_stdlib_new_error(lua_State *L);
struct rt_buf *rez_stdlib_new_buf(lua_State *L);

/* Stack: [args (nargs)] -> [module value]. Raises if the chunk fails. */
void rez_stdlib_run_lua(lua_State *L, const unsigned char *src, size_t len, const char *chunkname,
			int nargs);

/* ---- data trees (value.c), shared by json and yaml ----
 * Lua side: tables marked with the "rez.array" / "rez.object" metatables keep their JSON/YAML
 * shape (decoders set them; json.array/json.object set them by hand); an unmarked table is a
 * list when its keys are exactly 1..n (n > 0), a map when every key is a string (keys sorted),
 * and an empty unmarked table is a map. The null sentinel stands for JSON/YAML null. */
#include "stdlib/value.h"

struct rt_value;


/* Pushes the null sentinel; [-0, +1]. */
void rez_stdlib_push_null(lua_State *L);
/* Pushes the conversion of v; [-0, +1]. */
void rez_stdlib_push_value(lua_State *L, const struct rt_value *v);
/* Lua -> rt_value: rez_stdlib_to_value in stdlib/value.h. */
/* Marks the table at idx as array (1) or object (0). */
void rez_stdlib_mark(lua_State *L, int idx, int array);

/* Embedded Lua halves (generated files). */
extern const unsigned char rez_stdlib_lua_path[];
extern const size_t rez_stdlib_lua_path_len;
extern const unsigned char rez_stdlib_lua_string[];
extern const size_t rez_stdlib_lua_string_len;
extern const unsigned char rez_stdlib_lua_py[];
extern const size_t rez_stdlib_lua_py_len;

/* Module openers: each returns 1 (the module table). */
int luaopen_rez_re(lua_State *L);
int luaopen_rez_unicode(lua_State *L);
int luaopen_rez_path(lua_State *L);
int luaopen_rez_version(lua_State *L);
int luaopen_rez_system(lua_State *L);
int luaopen_rez_json(lua_State *L);
int luaopen_rez_yaml(lua_State *L);
int luaopen_rez_string(lua_State *L);
int luaopen_rez_py(lua_State *L);

#endif
