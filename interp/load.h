/* load.h - package definitions (package.lua / package.yaml) to the rt_value data model.
 *
 * A package.lua runs in a sandboxed state (interp/state.h) inside a fresh environment table
 * that records the order in which globals are first assigned; the result is an RT_MAP in that
 * order. Then, in order:
 *   - @early functions (decorator or `x = early(function() ... end)`) are called with `this`
 *     (read-only view of the data so far; this.version is the raw string) and `building`
 *     bound; their result replaces them. Reading through `this` an attribute that still
 *     holds an early or late function is an error.
 *   - @late functions and the commands family (pre_commands commands post_commands
 *     pre_build_commands pre_test_commands), and `preprocess`, become RT_FUNC values holding
 *     their source (see li_dialect_cut_function: the text compiles on its own, after first-1
 *     padding newlines, to a chunk that assigns the function to the global of its name) and
 *     their @include modules. @late on a commands function is an error.
 *   - any other function is dropped; keys beginning with "__" are dropped at every depth.
 * Lua values map exactly: booleans, integers (RT_INT) vs floats (RT_FLOAT), strings (must be
 * valid UTF-8), tables whose keys are exactly 1..n → RT_LIST (an empty table is an empty
 * list), other tables → RT_MAP with string keys sorted bytewise. Every top-level value's
 * `line` is the line that first assigned it.
 *
 * A package.yaml is parsed by runtime/yaml.h; its commands-family strings become RT_FUNC
 * (RT_FN_COMMANDS) whose source is "function NAME() <body>\nend" with the body on its own
 * lines, so Lua line numbers match the YAML file.
 *
 * Errors: one message "FILE:LINE: problem", e.g. a syntax error, a runtime error (with
 * " (in early binding 'x')" when it happened in one), a budget error, invalid UTF-8 in an
 * attribute, a file larger than the limit. Nothing is printed. */
#ifndef LI_LOAD_H
#define LI_LOAD_H

#include "interp/state.h"
#include "runtime/error.h"

struct rt_value;

struct li_load_opts {
	struct li_limits limits;  /* for the state created when `L` is NULL */
	int building;             /* value of `building` in @early functions */
	size_t max_file_size;     /* bytes; 0: LI_LOAD_MAX_FILE */
	lua_State *L;             /* a state to reuse (from li_state_new), or NULL for a new one */
	/* rez build's per-variant reload: build_variant_index and build_variant_requires (an
	 * RT_LIST of request strings, borrowed; NULL: an empty list) as @early functions see them */
	int build_variant_index;
	const struct rt_value *build_variant_requires;
};

#define LI_LOAD_MAX_FILE ((size_t)16 << 20)
#define LI_LOAD_OPTS_DEFAULT { LI_LIMITS_DEFAULT, 0, 0, NULL, 0, NULL }

/* Loads `path`, choosing the format by extension (.lua or .yaml/.yml). Returns a new RT_MAP
 * owned by the caller, or NULL with err set. opts may be NULL for the defaults. */
struct rt_value *li_load_definition(const char *path, const struct li_load_opts *opts,
				    struct rt_error *err);
/* The same from text already in memory; path names the file in messages and RT_FUNCs. */
struct rt_value *li_load_lua(const char *text, size_t len, const char *path,
			     const struct li_load_opts *opts, struct rt_error *err);
struct rt_value *li_load_yaml(const char *text, size_t len, const char *path,
			      struct rt_error *err);

/* Is `name` one of the commands family (pre_commands commands post_commands
 * pre_build_commands pre_test_commands)? */
int li_is_commands_attr(const char *name);

#endif
