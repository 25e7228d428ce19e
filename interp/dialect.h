/* dialect.h - the package.lua front end: decorator lines and function source cutting.
 *
 * The dialect is Lua 5.4 plus decorator lines placed directly before a global function
 * statement `function NAME(...)`:
 *     @early            @early()
 *     @late             @late()
 *     @include("m1", "m2")
 * Several decorators may stack (`@late` then `@include(...)`); blank lines and comments may
 * sit between them and the function. li_dialect_rewrite blanks every decorator out of the
 * text (each byte becomes a space, newlines stay) so that Lua compiles the result with every
 * line and column where the author wrote it, and records which function each group of
 * decorators belongs to (by the line of its `function` keyword). The scan is lexically
 * aware: an `@` inside a string, long string or comment is never a decorator.
 *
 * Errors (one message, "FILE:LINE: problem"): unknown decorator, malformed arguments, text
 * after a decorator on its line, a decorator not followed by a global function statement,
 * incompatible decorators (@early with @late or @include, the same one twice).
 *
 * Ownership: struct li_dialect owns its rewritten text and records; release with
 * li_dialect_release. */
#ifndef LI_DIALECT_H
#define LI_DIALECT_H

#include "runtime/buf.h"
#include "runtime/error.h"

enum {
	LI_DECO_EARLY = 1 << 0,
	LI_DECO_LATE = 1 << 1,
	LI_DECO_INCLUDE = 1 << 2
};

struct li_decorated {
	char *name;          /* NAME in `function NAME(...)` */
	int line;            /* line of the `function` keyword (Lua's linedefined) */
	int deco_line;       /* line of the first decorator of the group */
	unsigned flags;      /* LI_DECO_* */
	char **includes;     /* @include module names in order */
	size_t n_includes;
};

struct li_dialect {
	struct rt_buf text;  /* the rewritten source: same length and lines as the input */
	struct li_decorated *fns;
	size_t n_fns, cap_fns;
};

#define LI_DIALECT_INIT { RT_BUF_INIT, NULL, 0, 0 }

/* Rewrites src[0..len) (file names the source in messages). Returns 0, or -1 with err set;
 * d is left empty or partially filled and must be released either way. */
int li_dialect_rewrite(struct li_dialect *d, const char *src, size_t len, const char *file,
		       struct rt_error *err);
/* The decorated function whose `function` keyword is on `line`, or NULL. */
const struct li_decorated *li_dialect_find(const struct li_dialect *d, int line);
void li_dialect_release(struct li_dialect *d);

/* Cuts the source of the function expression or statement that starts on line `first` and
 * ends on line `last` (Lua's linedefined/lastlinedefined) out of src, as a self-contained
 * chunk that defines global `name` when run (after padding with first-1 newlines, its lines
 * are the file's lines):
 *     function NAME(...) ... end          kept as written when NAME == name
 *     name = function(...) ... end        for anonymous functions and other names
 * The text starts at the `function` keyword and ends after the matching `end`. Returns 0,
 * or -1 when no function spans exactly those lines. */
int li_dialect_cut_function(const char *src, size_t len, int first, int last, const char *name,
			    struct rt_buf *out);

/* Is s a Lua identifier that is not a reserved word? */
int li_is_identifier(const char *s);

#endif
