/* cli.h - the `rez` front end: subcommands and their shared option parser.
 *
 * Each subcommand is `int cli_cmd_<name>(int argc, char **argv)` (argv[0] is the tool name,
 * e.g. "rez-env"), registered by one row in cli/main.c's table. It returns an exit code
 * (RT_EXIT_*); it prints its own errors once, through cli_error(). Adding a subcommand = one
 * cli/cmd_<name>.c + one row in main.c. */
#ifndef CLI_H
#define CLI_H

#include "runtime/common.h"
#include "runtime/error.h"

#include <stdio.h>

/* ---- option parsing (Rez's option names: long aliases like "nl|no-local") ---- */

enum cli_opt_kind {
	CLI_FLAG,     /* counted: -v -v gives 2 */
	CLI_VALUE,    /* takes one value: --shell bash, --shell=bash, -c CMD */
	CLI_MULTI,    /* takes one or more values until the next option: --exclude a b */
	CLI_GROUP     /* not an option: starts an option group in --help; `help` is its title */
};
/* A group row: { 0, NULL, CLI_GROUP, NULL, "resolve options" }. */
#define CLI_OPT_GROUP(title) { 0, NULL, CLI_GROUP, NULL, title }

struct cli_opt {
	char short_name;           /* 0 for none */
	const char *long_names;    /* "no-local|nl": first is the canonical name */
	enum cli_opt_kind kind;
	const char *metavar;       /* for help: "SHELL" */
	const char *help;
};

struct cli_optval {
	int count;                 /* times given */
	const char *value;         /* CLI_VALUE: last value given */
	const char **values;       /* CLI_MULTI: all values, n_values of them */
	size_t n_values, cap_values;
};

struct cli_args {
	struct cli_optval *vals;   /* one per option, same order as the table */
	size_t n_vals;
	const char **pos;          /* positional arguments */
	size_t n_pos, cap_pos;
	const char **rest;         /* arguments after the first "--" (NULL if none given) */
	size_t n_rest;
	int has_rest;
};

/* Parses argv[1..]; "-h/--help" prints usage and sets *help. Returns 0 or -1 (err set).
 * A long option may be abbreviated to any unique prefix of its names, as argparse allows
 * (`--shel bash`). `usage` is the usage line, optionally followed by "\n\n" and the
 * command's description; options print under their CLI_GROUP titles. */
int cli_parse(const struct cli_opt *opts, size_t n_opts, int argc, char **argv,
	      struct cli_args *out, int *help, const char *usage, struct rt_error *err);
void cli_args_release(struct cli_args *a);
/* cli_parse with every command's two early endings: returns 1 when the command is done —
 * --help printed (*rc = RT_EXIT_OK) or a bad option reported as "<tool>: error: ..."
 * (*rc = RT_EXIT_USAGE), `a` released — else 0 with `a` to use. */
int cli_parse_args(const struct cli_opt *opts, size_t n_opts, int argc, char **argv,
		   struct cli_args *a, const char *usage, const char *tool, int *rc);
/* The value of the option whose canonical long name is `name` (by table index lookup). */
const struct cli_optval *cli_get(const struct cli_opt *opts, size_t n_opts,
				 const struct cli_args *a, const char *name);

/* A time option: epoch seconds, or -N<s|m|h|d> (N may be fractional) before now. */
int cli_parse_time(const char *s, long long *out, struct rt_error *err);

/* Prints "rez <tool>: error: <msg>" style diagnostics to stderr. */
void cli_error(const char *tool, const char *fmt, ...) RT_PRINTF(2, 3);
void cli_warn(const char *tool, const char *fmt, ...) RT_PRINTF(2, 3);
/* The tool name for messages: "rez-env" for argv[0] ".../rez-env" or "rez env". */
const char *cli_tool_name(const char *argv0);

/* Checks that stdout was written and closed without error; returns the exit code to use. */
int cli_finish_stdout(const char *tool, int rc);

/* ---- completion (cli/cmd_complete.c) ----
 * While cli_capture.on is set, cli_parse records the option table it is given and returns as
 * after --help without printing: `rez complete` learns each command's options from the very
 * table its parser uses. */
struct cli_capture {
	int on;
	const struct cli_opt *opts;
	size_t n_opts;
};
extern struct cli_capture cli_capture;
/* The i-th command of the `rez` table (cli/main.c) and its function; NULL past the end. */
const char *cli_command_at(size_t i, int (**fn)(int argc, char **argv));

/* ---- configuration (cli/config_load.c) ---- */
struct rt_config;
struct rt_value;
/* Loads the configuration (files, home, environment) with .lua files run in the sandbox,
 * prints its warnings; on error prints it and returns NULL. Free with rt_config_free. */
struct rt_config *cli_load_config(const char *tool);
/* The rt_config_lua_loader the cli uses: runs a .lua config file in a sandboxed state; each
 * global it assigns is a setting (tables become lists or mappings; ModifyList{append=...,
 * prepend=...} is the list modifier). */
int cli_config_lua_loader(void *ud, const char *path, struct rt_value **out, struct rt_error *err);

/* ---- subcommands ---- */
int cli_cmd_view(int argc, char **argv);
int cli_cmd_search(int argc, char **argv);
int cli_cmd_config(int argc, char **argv);
int cli_cmd_env(int argc, char **argv);
int cli_cmd_context(int argc, char **argv);
int cli_cmd_help(int argc, char **argv);
int cli_cmd_plugins(int argc, char **argv);
int cli_cmd_depends(int argc, char **argv);
int cli_cmd_status(int argc, char **argv);
int cli_cmd_interpret(int argc, char **argv);
/* `rez help PKG [SECTION]` (cli/cmd_help.c); argv[1] is PKG. */
int cli_package_help(int argc, char **argv);
/* `rez context --why VAR` (cli/cmd_context.c): each change to VAR with the package and line
 * that made it, then its final value, on stdout. */
struct rt_context;
int cli_context_why(const struct rt_context *ctx, const struct rt_config *cfg, const char *var,
		    int no_env, struct rt_error *err);
/* `rez -i`: version and built-in plugins (cli/cmd_plugins.c). */
void cli_print_info(FILE *f);
int cli_cmd_convert(int argc, char **argv);
int cli_cmd_test(int argc, char **argv);
int cli_cmd_build(int argc, char **argv);
int cli_cmd_release(int argc, char **argv);
int cli_cmd_memcache(int argc, char **argv);
int cli_cmd_diff(int argc, char **argv);
int cli_cmd_complete(int argc, char **argv);
int cli_cmd_cp(int argc, char **argv);
int cli_cmd_mv(int argc, char **argv);
int cli_cmd_rm(int argc, char **argv);
int cli_cmd_pkg_ignore(int argc, char **argv);
int cli_cmd_bind(int argc, char **argv);
int cli_cmd_suite(int argc, char **argv);

#endif
