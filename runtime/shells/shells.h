/* shells.h - internal to runtime/shell.c and the files in runtime/shells/: the shell rows, the emit
 * state, and helpers shared by families of shells (POSIX, csh, PowerShell).
 * Nothing outside runtime/ includes this; the public API is runtime/shell.h. */
#ifndef RT_SHELLS_H
#define RT_SHELLS_H

#include "runtime/shell.h"
#include "runtime/action.h"
#include "runtime/buf.h"
#include "runtime/error.h"

/* State of one rt_shell_emit() call, passed to every emitter function. */
struct rt_emit {
	const struct rt_shell *sh;
	struct rt_buf *out;
	struct rt_error *err;
	const char *exe_path;       /* shebang target */
	const char *what;           /* "variable", "alias", "info message", ... for errors */
	const char *subject;        /* the variable or alias name, or NULL */
	/* Folded layout, POSIX shells: assignments are written `K=value` and their names
	 * collected here, exported by one `export K1 K2 ...` before the next action that is not
	 * an assignment (rt_shell_emit writes it). NULL: `export K=value` lines. */
	struct rt_buf *exports;
};

/* Records "<shell>: cannot write <what> '<subject>': <reason>"; returns -1. */
int rt_emit_fail(struct rt_emit *em, const char *fmt, ...) RT_PRINTF(2, 3);

/* Builds the whole new value of a prepend/append: ${key}<sep><part> or <part><sep>${key}. */
void rt_pend_value(struct rt_vstr *out, const char *key, const struct rt_vstr *part,
		   const char *sep, int append);

/* True if every byte of s[0..len) is in [A-Za-z0-9_] plus the bytes of `extra`. */
int rt_all_in(const char *s, size_t len, const char *extra);
/* The POSIX name rule [A-Za-z_][A-Za-z0-9_]*, plus the bytes of `extra` after the first. */
int rt_is_name(const char *s, const char *extra);

/* Adds a spawn output file / argv word / environment entry (copies the strings). */
void rt_spawn_add_file(struct rt_spawn *sp, const char *dir, const char *name, const struct rt_buf *text);
void rt_spawn_add_arg(struct rt_spawn *sp, const char *arg);
void rt_spawn_add_env(struct rt_spawn *sp, const char *name, const char *value);

/* POSIX family (posix.c): sh, bash, zsh, ksh, gitbash. */
void rt_posix_quote_text(const char *s, size_t len, struct rt_buf *out);
void rt_posix_word(const struct rt_vstr *v, struct rt_buf *out);
int rt_posix_quote_arg(const char *s, size_t len, struct rt_buf *out, struct rt_error *err);
int rt_posix_valid_name(const char *name, int alias);
int rt_posix_setenv(struct rt_emit *em, const char *key, const struct rt_vstr *value);
int rt_posix_unsetenv(struct rt_emit *em, const char *key);
int rt_posix_pendenv(struct rt_emit *em, const char *key, const struct rt_vstr *part,
		     const char *sep, int append, int guard);
int rt_posix_alias_function(struct rt_emit *em, const char *name, const char *body);
int rt_posix_message(struct rt_emit *em, const struct rt_vstr *line, int to_stderr);
int rt_posix_command(struct rt_emit *em, const char *line);
int rt_posix_comment(struct rt_emit *em, const char *line);
int rt_posix_source(struct rt_emit *em, const struct rt_vstr *path);
int rt_posix_shebang(struct rt_emit *em);
/* Spawn for POSIX shells; `kind` selects the startup-file rules of each. */
enum rt_posix_kind { RT_POSIX_SH, RT_POSIX_BASH, RT_POSIX_ZSH, RT_POSIX_KSH };
int rt_posix_spawn(const struct rt_shell *sh, enum rt_posix_kind kind,
		   const struct rt_spawn_opts *o, struct rt_spawn *sp, struct rt_error *err);

/* csh family (csh.c): csh, tcsh. */
extern const struct rt_shell_emitters rt_csh_emitters;
int rt_csh_valid_name(const char *name, int alias);
int rt_csh_quote_arg(const char *s, size_t len, struct rt_buf *out, struct rt_error *err);
int rt_csh_spawn(const struct rt_shell *sh, const struct rt_spawn_opts *o, struct rt_spawn *sp,
		 struct rt_error *err);

/* PowerShell family (powershell.c): powershell, pwsh. */
extern const struct rt_shell_emitters rt_ps_emitters;
int rt_ps_quote_arg(const char *s, size_t len, struct rt_buf *out, struct rt_error *err);
int rt_ps_valid_name(const char *name, int alias);
void rt_win_normalize_path(const char *path, struct rt_buf *out);
int rt_ps_spawn(const struct rt_shell *sh, const struct rt_spawn_opts *o, struct rt_spawn *sp,
		struct rt_error *err);

extern const struct rt_shell rt_shell_bash, rt_shell_sh, rt_shell_zsh, rt_shell_ksh,
	rt_shell_csh, rt_shell_tcsh, rt_shell_fish, rt_shell_cmd, rt_shell_powershell,
	rt_shell_pwsh, rt_shell_gitbash;

#endif
