/* action.h - the action list: everything a commands function did, in order.
 *
 * The rex runtime (runtime/rex.c, driven by interp/) records actions; the shell emitters
 * (runtime/shells/) only ever read them. An action list is computed for one target shell
 * (separators, name case rules and path forms depend on the shell), the same way Rez runs
 * its executor with one interpreter.
 *
 * Values reach shells as an rt_vstr: a sequence of exact text parts and environment-variable
 * references. Object references ({root}, {this.version}) and `~` are already expanded into
 * text; `$NAME` / `${NAME}` in ordinary strings become REF parts, which every shell writes in
 * its own syntax (${NAME}, %NAME%, $env:NAME); literal() strings are TEXT only. Every TEXT
 * byte must reach the variable exactly: an emitter that cannot represent one (a newline in
 * cmd) fails with an error naming the variable.
 *
 * Ownership: an rt_actions owns its actions, and each action owns all its strings. */
#ifndef RT_ACTION_H
#define RT_ACTION_H

#include "runtime/common.h"

struct rt_buf;

enum rt_part_kind {
	RT_PART_TEXT,   /* bytes to reproduce exactly */
	RT_PART_REF     /* the current value of the environment variable named by text */
};

struct rt_part {
	enum rt_part_kind kind;
	char *text;
	size_t len;
};

struct rt_vstr {
	struct rt_part *parts;
	size_t n, cap;
};

#define RT_VSTR_INIT { NULL, 0, 0 }

/* Adjacent TEXT parts are merged; empty TEXT parts are dropped. */
void rt_vstr_add_text(struct rt_vstr *v, const char *s, size_t len);
void rt_vstr_add_ref(struct rt_vstr *v, const char *name);
void rt_vstr_append(struct rt_vstr *dst, const struct rt_vstr *src);
void rt_vstr_copy(struct rt_vstr *dst, const struct rt_vstr *src);  /* dst must be empty */
void rt_vstr_release(struct rt_vstr *v);
int rt_vstr_has_refs(const struct rt_vstr *v);
/* Rez's "unexpanded" form: text as is, each REF as ${NAME}. */
void rt_vstr_render(const struct rt_vstr *v, struct rt_buf *out);

enum rt_action_kind {
	RT_ACT_SETENV,
	RT_ACT_UNSETENV,
	RT_ACT_RESETENV,
	RT_ACT_PREPENDENV,
	RT_ACT_APPENDENV,
	RT_ACT_ALIAS,
	RT_ACT_INFO,
	RT_ACT_ERROR,
	RT_ACT_COMMAND,
	RT_ACT_COMMENT,
	RT_ACT_SOURCE,
	RT_ACT_SHEBANG
};

struct rt_action {
	enum rt_action_kind kind;
	/* SETENV, UNSETENV, RESETENV, PREPENDENV, APPENDENV: the variable name.
	 * ALIAS: the alias (function) name. NULL otherwise. */
	char *key;
	/* SETENV, RESETENV: the whole value. PREPENDENV, APPENDENV: only the new part
	 * (the shell joins it to the variable's current value with `sep`).
	 * INFO, ERROR: the message (may contain newlines: one output line each).
	 * SOURCE: the path of the file to source. */
	struct rt_vstr value;
	/* ALIAS: the alias body (shell code, emitted unescaped). COMMAND: the raw command line
	 * (when argv is NULL). COMMENT: the comment text (newlines: one comment line each). */
	char *text;
	/* SETENV, RESETENV, PREPENDENV, APPENDENV: the variable's value after this action as
	 * rex tracks it (references expanded at generation time); what `rez context -f json`
	 * and get_actions-style tests report. */
	char *expanded;
	/* PREPENDENV, APPENDENV: the separator between the new part and the current value. */
	char *sep;
	/* PREPENDENV, APPENDENV: the variable may be unset in the shell when this runs (a
	 * parent variable's first change): shells that fail on an unset reference (csh) must
	 * guard it. */
	int guard;
	/* COMMAND given as a list: argv[0] is emitted raw, the rest quoted as one word each. */
	char **argv;
	size_t argc;
	/* Provenance (rez context --why): "pkg-1.0 FILE:LINE" of the package code that made this
	 * action, or NULL (rez's own setup). */
	char *where;
};

struct rt_actions {
	struct rt_action *v;
	size_t n, cap;
};

#define RT_ACTIONS_INIT { NULL, 0, 0 }

/* Appends a zeroed action of `kind` and returns it for the caller to fill (strings it sets
 * must be malloc'd: the list frees them). The pointer is valid until the next add. */
struct rt_action *rt_actions_add(struct rt_actions *a, enum rt_action_kind kind);
void rt_actions_release(struct rt_actions *a);
void rt_action_release(struct rt_action *act);
const char *rt_action_kind_name(enum rt_action_kind kind);  /* "setenv", "appendenv", ... */
/* One line per action, e.g. `setenv FOO '${BAR}:x'`, for tests and `--debug` output. */
void rt_actions_describe(const struct rt_actions *a, struct rt_buf *out);

#endif
