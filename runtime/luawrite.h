/* luawrite.h - writing package data back as package.lua text: `rez view -f lua` and the
 * installed definitions `rez build -i` writes.
 *
 * The text loads back (interp/load.h) to the same data: strings are quoted with Lua escapes,
 * integers stay integers and floats floats, lists and maps become tables, and stored
 * functions (RT_FUNC) are written as their source with their decorators (@late, @include)
 * so a reload cuts out the same code. Nothing here runs Lua. */
#ifndef RT_LUAWRITE_H
#define RT_LUAWRITE_H
#include "runtime/common.h"
struct rt_buf;
struct rt_func;
struct rt_value;
/* A Lua string literal for s[0..len). */
void rt_luawrite_quote(struct rt_buf *out, const char *s, size_t len);
/* A Lua expression for v; nested lines are indented by `indent` spaces plus 4 per level. */
void rt_luawrite_value(struct rt_buf *out, const struct rt_value *v, int indent);
/* One top-level statement: `key = value`, or the function definition for an RT_FUNC; ends
 * with a newline. */
void rt_luawrite_item(struct rt_buf *out, const char *key, const struct rt_value *v);
/* The body of a stored function, dedented (what Rez shows for a SourceCode); malloc'd. */
char *rt_luawrite_func_body(const struct rt_func *fn);
#endif
