/* shell.h - the shell registry: turning an action list into one shell's script, quoting
 * command-line words, and describing how to start the shell for `rez env`.
 *
 * Each supported shell is one const `struct rt_shell` row (runtime/shells/<name>.c) holding
 * its facts and a table of emitter functions, one per action kind. rt_shell_emit() validates
 * the action list (UTF-8, NUL bytes, variable names), applies the shell's name rules (cmd and
 * PowerShell fold names case-insensitively: PATH and Path are one variable) and dispatches
 * every action to the row's emitters.
 *
 * Exactness contract: for every TEXT byte of a value, running the emitted script in the real
 * shell yields exactly that byte in the variable (or on stdout/stderr for info/error); only
 * REF parts are expanded, by the shell, in its own syntax. A value the shell cannot represent
 * (a newline in cmd, ...) makes rt_shell_emit fail with an error naming the variable; it never
 * writes a broken script. The per-shell rules are documented in docs/shells.md.
 *
 * Adding a shell: write runtime/shells/<name>.c defining `const struct rt_shell rt_shell_<name>`,
 * declare it in runtime/shells/shells.h and add it to the table in runtime/shell.c; add its
 * golden files under tests/shells/golden/ and, if it runs on Linux, a runner in the test. */
#ifndef RT_SHELL_H
#define RT_SHELL_H

#include "runtime/common.h"

struct rt_buf;
struct rt_error;
struct rt_vstr;
struct rt_actions;
struct rt_emit;

enum rt_shell_flag {
	RT_SHELL_NOCASE = 1 << 0,        /* variable names are case-insensitive (cmd, PowerShell) */
	RT_SHELL_WINPATHS = 1 << 1,      /* paths are written in Windows form (C:\x) */
	RT_SHELL_CRLF = 1 << 2,          /* script lines end with \r\n (cmd) */
	RT_SHELL_BOM = 1 << 3,           /* script starts with a UTF-8 BOM (Windows PowerShell 5) */
	RT_SHELL_WINDOWS = 1 << 4        /* a Windows shell (gitbash included) */
};

/* Emitter table: one function per action kind. Each appends complete lines (ending in \n) to
 * em->out, or returns -1 after rt_emit_fail(). Values were validated by rt_shell_emit. */
struct rt_shell_emitters {
	int (*setenv)(struct rt_emit *em, const char *key, const struct rt_vstr *value);
	int (*unsetenv)(struct rt_emit *em, const char *key);
	/* The new part joined to the current value with `sep` (before it when !append). `guard`:
	 * the variable may be unset here (see action.h). */
	int (*pendenv)(struct rt_emit *em, const char *key, const struct rt_vstr *part,
		       const char *sep, int append, int guard);
	int (*alias)(struct rt_emit *em, const char *name, const char *body);
	/* One output line (no newline inside), to stdout or stderr. */
	int (*message)(struct rt_emit *em, const struct rt_vstr *line, int to_stderr);
	int (*command)(struct rt_emit *em, const char *line);
	int (*comment)(struct rt_emit *em, const char *line);     /* one line, no newline */
	int (*source)(struct rt_emit *em, const struct rt_vstr *path);
	int (*shebang)(struct rt_emit *em);
};

enum rt_spawn_mode {
	RT_SPAWN_INTERACTIVE,   /* an interactive shell in the context */
	RT_SPAWN_COMMAND,       /* run `command` (shell code) in the context, exit with its status */
	RT_SPAWN_STDIN          /* read commands from stdin in the context */
};

struct rt_spawn_opts {
	const char *exe;            /* absolute path of the shell (rt_shell_which) */
	const char *tmpdir;         /* existing directory for the wrapper files */
	const char *context_path;   /* the context script, already written by the caller */
	enum rt_spawn_mode mode;
	const char *command;        /* RT_SPAWN_COMMAND: shell code, run as written */
	const char *rcfile;         /* a startup file to source instead of the user's; or NULL */
	int norc;                   /* skip the user's startup files */
	const char *prompt;         /* appended to REZ_ENV_PROMPT; NULL: the shell's default */
	int set_prompt;             /* change the interactive prompt */
	const char *home;           /* the user's home directory (startup files live there) */
	int quiet;                  /* interactive: no welcome lines */
	int prompt_suffix;          /* put REZ_ENV_PROMPT after the prompt (prefix_prompt false) */
};

struct rt_spawn_file {
	char *path;                 /* absolute: tmpdir/<name> */
	char *text;
	size_t len;
};

/* What to run: write each file, then exec argv (NULL-terminated) with the parent environment
 * plus `env` ("NAME=value" strings, which replace same-named variables). */
struct rt_spawn {
	struct rt_spawn_file *files;
	size_t nfiles, files_cap;
	char **argv;
	size_t argc, argv_cap;
	char **env;
	size_t nenv, env_cap;
};

#define RT_SPAWN_INIT { NULL, 0, 0, NULL, 0, 0, NULL, 0, 0 }
void rt_spawn_release(struct rt_spawn *sp);

struct rt_shell {
	const char *name;           /* "bash", "cmd", ... (rez's --shell value) */
	const char *executable;     /* program name looked up on PATH */
	const char *ext;            /* script extension with the dot: ".sh" */
	char pathsep;               /* default separator for path-like variables */
	unsigned flags;             /* enum rt_shell_flag */
	const char *prompt;         /* default prompt appended to REZ_ENV_PROMPT */
	const struct rt_shell_emitters *emit;
	/* Checks that `name` can be used as a variable (or, alias != 0, an alias) name. */
	int (*valid_name)(const char *name, int alias);
	/* Appends `s` as one command-line word that the shell passes on unchanged (no expansion);
	 * returns -1 if it cannot (err names the word). Words with only safe characters are
	 * written bare. Rez's Shell.join uses this for `rez env -- cmd args`. */
	int (*quote_arg)(const char *s, size_t len, struct rt_buf *out, struct rt_error *err);
	/* Rewrites a path into the form this shell expects (gitbash: C:\x -> /c/x; cmd and
	 * PowerShell: / -> \); NULL: paths are used as they are. */
	void (*normalize_path)(const char *path, struct rt_buf *out);
	int (*spawn)(const struct rt_shell *sh, const struct rt_spawn_opts *o, struct rt_spawn *sp,
		     struct rt_error *err);
};

/* The shell called `name`, or NULL with an error listing the valid names. */
const struct rt_shell *rt_shell_find(const char *name, struct rt_error *err);
/* NULL-terminated list of every shell name, in registry order. */
const char *const *rt_shell_names(void);

/* How the script is laid out (the `shell_script_layout` setting). Both give the same
 * environment, byte for byte, in every shell. */
enum rt_script_layout {
	RT_LAYOUT_REZ = 0,      /* Rez's: one line per action */
	RT_LAYOUT_FOLDED        /* consecutive changes of a variable merged (runtime/fold.h) */
};

struct rt_emit_opts {
	/* Shebang target; NULL: the shell's executable found on PATH, else `/usr/bin/env <exe>`. */
	const char *exe_path;
	enum rt_script_layout layout;
};

/* The layout named `name` ("rez" or "folded"); -1 with an error otherwise. */
int rt_script_layout_parse(const char *name, enum rt_script_layout *out, struct rt_error *err);

/* Appends the script for `actions` to `out` (LF lines; CRLF for RT_SHELL_CRLF shells; a BOM
 * first for RT_SHELL_BOM), in opts->layout (NULL opts: Rez's layout). A folded script that
 * cannot be written (a merged line too long for cmd) is written in Rez's layout instead, so
 * errors are the same in both layouts. On error returns -1 with `err` naming the action's variable (or
 * alias, or message) and what cannot be represented, and leaves `out` unchanged. `opts` may
 * be NULL. */
int rt_shell_emit(const struct rt_shell *sh, const struct rt_actions *actions,
		  const struct rt_emit_opts *opts, struct rt_buf *out, struct rt_error *err);

/* Appends argv as one command line (Rez's Shell.join): each word through quote_arg
 * (PowerShell: prefixed with `& ` so a quoted program name runs). */
int rt_shell_join(const struct rt_shell *sh, const char *const *argv, size_t argc,
		  struct rt_buf *out, struct rt_error *err);

/* Finds sh->executable on PATH; returns 0 and the absolute path in `out`, or -1. */
int rt_shell_which(const struct rt_shell *sh, struct rt_buf *out);

/* Fills `sp` with the files and argv that start `sh` in the context (see struct
 * rt_spawn_opts). The caller writes the files and execs. */
int rt_shell_spawn(const struct rt_shell *sh, const struct rt_spawn_opts *o, struct rt_spawn *sp,
		   struct rt_error *err);

/* utf8proc case folding of `name` (NUL-terminated) into `out`; returns -1 on invalid UTF-8. */
int rt_shell_fold_name(const char *name, struct rt_buf *out);

#endif
