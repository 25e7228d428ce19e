/* pyread.h - the package.py front end: a Python subset translated to package.lua text.
 *
 * li_pyread_translate reads the text of a package.py and writes package.lua-dialect text
 * (decorator lines, global function statements) that interp/load.c loads like any
 * package.lua. Every statement is written on the line it has in the Python file, so
 * messages, RT_FUNC sources and their line numbers point at package.py lines.
 *
 * Python's semantics are kept where Lua's differ by calling the runtime module "rez.py"
 * (stdlib/lua/py.lua, reached as `require("rez.py")`): truthiness, `in`, 0-based indexing
 * and slicing, `and`/`or` returning operands, formatting, str/list/dict methods, builtins,
 * os/os.path/platform/sys stand-ins. Every function written requires the module itself, so
 * a function cut out as source (commands, @late) runs on its own.
 *
 * What is read and what is refused is listed in docs/package-py.md. A construct outside the
 * subset is refused with one message, never translated approximately:
 *     pkg/package.py:14: 'import subprocess' is not supported when reading package.py
 *     (convert this package: rez convert)
 * Syntax errors are "file:line:column: message". Invalid UTF-8 is refused. Nothing is
 * printed.
 *
 * Ownership: `out` is appended to; the caller owns and releases it. */
#ifndef LI_PYREAD_H
#define LI_PYREAD_H

#include "runtime/buf.h"
#include "runtime/error.h"
#include "interp/load.h"

/* Translates src[0..len) (path names it in messages). Returns 0, or -1 with err set (out
 * may then hold partial text). */
int li_pyread_translate(const char *src, size_t len, const char *path, struct rt_buf *out,
			struct rt_error *err);

/* Like li_pyread_translate, for `rez convert`: Lua a person would keep. Comments and
 * docstrings become Lua comments on their lines (coding lines dropped), and plain Lua is
 * written where it provably means the same: env.X:append(...) / env.X = v on rex's env,
 * `if building then`, literal lists of attributes nothing else reads as plain tables in
 * their own line shape, and `require("rez.py")` only in functions that still need it. Line
 * numbers still match the package.py's. */
int li_pyread_convert(const char *src, size_t len, const char *path, struct rt_buf *out,
		      struct rt_error *err);

/* Translates and loads a package.py like li_load_lua (see load.h): a new RT_MAP, or NULL
 * with err set. */
struct rt_value *li_pyread_load(const char *text, size_t len, const char *path,
				const struct li_load_opts *opts, struct rt_error *err);

#endif
