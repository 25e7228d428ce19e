/* rex.h - the rex executor: runs the environment operations of package commands and records
 * them as an action list (runtime/action.h) for one target shell.
 *
 * This module is pure C and never touches Lua: interp/rex.c binds it to the names a commands
 * function sees (env, setenv, appendenv, info, ...). It implements Rez's semantics (rex.py's
 * ActionManager) with the deliberate differences listed in docs/commands.md:
 *
 *   - Strings are "escaped strings" (struct rt_estr): chunks that are literal (kept byte for
 *     byte) or expandable. In expandable chunks `{name.attr[idx]}` object references are
 *     replaced through a lookup callback (their result is exact text, never re-parsed), `{{`
 *     and `}}` give braces, `$NAME` / `${NAME}` (POSIX names) become REF parts for the shell,
 *     every other byte is text, and a leading `~` or `~user` is expanded at generation time.
 *     An unknown key, `{}`, an unbalanced brace or a format spec is an error.
 *   - The executor keeps the tracked environment: each variable set in this context with its
 *     fully expanded value; the parent environment is consulted read-only (getenv, defined,
 *     expansion, parent variables).
 *   - First-reference rule: the first append/prepend of a variable that is not tracked yet is
 *     a setenv (the inherited value is dropped) unless it is a parent variable.
 *   - resetting_variables: two different packages may not setenv the same variable unless the
 *     second uses resetenv or the variable is a resetting variable (Rez's documented rule).
 *   - Separators: shell_env_var_separators[shell][VAR], else env_var_separators[VAR], else the
 *     shell's path separator. pathed_env_vars (fnmatch patterns) select variables whose
 *     expandable text is path-normalised for the shell (path_style).
 *   - Case-insensitive mode (cmd, PowerShell): names are compared after Unicode case folding
 *     (utf8proc); a variable keeps the spelling it was first tracked (or inherited) under.
 *
 * Calling sequence: rx = rt_rex_new(&cfg, parent_env); rt_rex_set_lookup(); then per package
 * rt_rex_set_package(rx, "foo-1.2.3") and the operations; rt_rex_take_actions(); rt_rex_free().
 * Every operation that can fail returns -1 and sets err (lowercase message, no location: the
 * caller adds package, file and line); nothing is recorded by a failed operation.
 *
 * Ownership: rt_rex_new copies the configuration and the parent environment; the executor
 * owns its actions until rt_rex_take_actions moves them out. Strings passed in are borrowed. */
#ifndef RT_REX_H
#define RT_REX_H

#include "runtime/common.h"
#include "runtime/error.h"
#include "runtime/action.h"

struct rt_buf;
struct rt_value;

/* ---- escaped strings (Rez's EscapedString) ---- */

struct rt_estr_chunk {
	int literal;       /* 1: exact text; 0: expandable */
	char *text;
	size_t len;
};

struct rt_estr {
	struct rt_estr_chunk *v;
	size_t n, cap;
};

#define RT_ESTR_INIT { NULL, 0, 0 }

/* Appends a chunk; merges with the previous chunk when it has the same kind. Empty text is
 * kept only when the string has no chunk yet (so literal("") stays a literal). */
void rt_estr_add(struct rt_estr *e, int literal, const char *s, size_t len);
void rt_estr_adds(struct rt_estr *e, int literal, const char *s);
void rt_estr_release(struct rt_estr *e);
/* The text of all chunks concatenated (what Rez's str() gives). */
void rt_estr_text(const struct rt_estr *e, struct rt_buf *out);

/* ---- configuration ---- */

enum rt_rex_path_style {
	RT_REX_PATHS_NATIVE,    /* Unix shells: paths are left alone */
	RT_REX_PATHS_WINDOWS,   /* cmd, PowerShell on Windows: '/' -> '\' */
	RT_REX_PATHS_GITBASH    /* gitbash: "C:\x" -> "/C/x", %VAR% from the parent env, '\' -> '/' */
};

struct rt_rex_config {
	const char *shell;      /* shell name, key of shell_env_var_separators; may be NULL */
	const char *pathsep;    /* the shell's path separator; NULL means ":" */
	/* Each may be NULL. Maps/lists of strings as in the configuration; wrong element types
	 * are rejected by rt_rex_new. env_var_separators NULL = Rez's default
	 * {CMAKE_MODULE_PATH: ";", DOXYGEN_TAGFILES: " "}; pathed_env_vars NULL = ["*PATH"]. */
	const struct rt_value *env_var_separators;
	const struct rt_value *shell_env_var_separators;   /* {shell: {VAR: sep}} */
	const struct rt_value *parent_variables;
	const struct rt_value *resetting_variables;
	const struct rt_value *pathed_env_vars;
	int all_parent_variables;
	int all_resetting_variables;
	int case_insensitive;   /* cmd, powershell, pwsh */
	enum rt_rex_path_style path_style;
	const char *home;       /* expands a leading "~"; NULL leaves "~" alone */
};

/* ---- object references ---- */

/* One step of `{a.b[c]}`: "a" (first, attribute), "b" (attribute), "c" (index, written in
 * brackets; is_number when it is all digits). */
struct rt_rex_field {
	const char *name;
	size_t len;
	int is_index;
	int is_number;
};

/* Resolves an object reference: appends the value's text to `out` and returns 0, or returns
 * -1 with err set (unknown key, missing attribute...). `expr` is the text between the braces. */
typedef int (*rt_rex_lookup_fn)(void *ud, const char *expr, const struct rt_rex_field *fields,
				size_t nfields, struct rt_buf *out, struct rt_error *err);

struct rt_rex;

/* Returns NULL with err set when the configuration is malformed (e.g. a separator that is not
 * a string). parent_env: a map of strings (may be NULL: empty). */
struct rt_rex *rt_rex_new(const struct rt_rex_config *cfg, const struct rt_value *parent_env,
			  struct rt_error *err);
void rt_rex_free(struct rt_rex *rx);
void rt_rex_set_lookup(struct rt_rex *rx, rt_rex_lookup_fn fn, void *ud);
/* The package whose code runs next (its qualified name, copied), for the resetting-variables
 * rule; NULL for context-level actions (REZ_ variables, system paths). */
void rt_rex_set_package(struct rt_rex *rx, const char *qualified_name);
/* The number of actions so far, and: records "<package> <where>" as the provenance of the
 * actions from index `from` on (package code calls this after each operation). */
size_t rt_rex_n_actions(const struct rt_rex *rx);
void rt_rex_tag_actions(struct rt_rex *rx, size_t from, const char *where);

/* ---- operations (Rez's rex functions) ---- */

int rt_rex_setenv(struct rt_rex *rx, const char *key, const struct rt_estr *value,
		  struct rt_error *err);
/* Like setenv, but allowed to override a variable another package set. */
int rt_rex_resetenv(struct rt_rex *rx, const char *key, const struct rt_estr *value,
		    struct rt_error *err);
int rt_rex_unsetenv(struct rt_rex *rx, const char *key, struct rt_error *err);
int rt_rex_appendenv(struct rt_rex *rx, const char *key, const struct rt_estr *value,
		     struct rt_error *err);
int rt_rex_prependenv(struct rt_rex *rx, const char *key, const struct rt_estr *value,
		      struct rt_error *err);
/* Convenience for context-level variables: one chunk of text. */
int rt_rex_setenv_text(struct rt_rex *rx, const char *key, const char *value, int literal,
		       struct rt_error *err);
int rt_rex_alias(struct rt_rex *rx, const char *name, const struct rt_estr *value,
		 struct rt_error *err);
int rt_rex_info(struct rt_rex *rx, const struct rt_estr *value, struct rt_error *err);
int rt_rex_error(struct rt_rex *rx, const struct rt_estr *value, struct rt_error *err);
int rt_rex_comment(struct rt_rex *rx, const struct rt_estr *value, struct rt_error *err);
int rt_rex_source(struct rt_rex *rx, const struct rt_estr *value, struct rt_error *err);
/* The command line is recorded verbatim (no expansion, no quoting). */
int rt_rex_command(struct rt_rex *rx, const char *text, struct rt_error *err);
/* argv[0] raw, the others one quoted word each (Unix shells). */
int rt_rex_command_argv(struct rt_rex *rx, const char *const *argv, size_t argc,
			struct rt_error *err);
void rt_rex_shebang(struct rt_rex *rx);

/* Rez's context headers: major = "", "", 80 '#', title, 80 '#'; minor = "", title, 80 '-'. */
void rt_rex_header(struct rt_rex *rx, const char *title, int major);
/* standard_system_paths: one PATH append per entry (literal text), after package code. */
int rt_rex_append_system_paths(struct rt_rex *rx, const char *const *paths, size_t n,
			       struct rt_error *err);

/* ---- queries ---- */

/* The value of key (formatted and expanded first): tracked, else parent. Returns 0 and sets
 * *value (borrowed, valid until the next operation), 1 when undefined (err set to
 * "referenced undefined environment variable 'KEY'"), -1 on a formatting error. */
int rt_rex_getenv(struct rt_rex *rx, const char *key, const char **value, struct rt_error *err);
/* 1 defined (tracked or parent), 0 not, -1 error. */
int rt_rex_defined(struct rt_rex *rx, const char *key, struct rt_error *err);
/* Formats (when do_format) and expands references against the tracked, then the parent
 * environment (unknown ones stay as ${NAME}), with "~" expanded. Appends to out. */
int rt_rex_expandvars(struct rt_rex *rx, const struct rt_estr *value, int do_format,
		      struct rt_buf *out, struct rt_error *err);
/* A path Rez supplies itself (root, base, REZ_*_ROOT) in the shell's form. */
void rt_rex_normalize_path(const struct rt_rex *rx, const char *path, struct rt_buf *out);

const struct rt_actions *rt_rex_actions(const struct rt_rex *rx);
/* Moves the recorded actions into dst (which must be empty); the executor's list is empty
 * afterwards. The tracked environment is kept. */
void rt_rex_take_actions(struct rt_rex *rx, struct rt_actions *dst);
/* Tracked variables, in the order they were first set: name and expanded value. */
size_t rt_rex_tracked_count(const struct rt_rex *rx);
void rt_rex_tracked_at(const struct rt_rex *rx, size_t i, const char **name, const char **value);
/* Tracked value of one variable (NULL when not tracked). */
const char *rt_rex_tracked(const struct rt_rex *rx, const char *name);

#endif
