/* cmd_interpret.c - `rez interpret FILE`: run rex code (package-commands Lua) outside any
 * context and print the shell code it becomes, or the variables it sets (dict, table). */
#include "cli/activate.h"
#include "cli/cli.h"
#include "cli/ctxinfo.h"
#include "runtime/action.h"
#include "runtime/buf.h"
#include "runtime/config.h"
#include "runtime/context.h"
#include "runtime/file.h"
#include "runtime/json.h"
#include "runtime/shell.h"
#include "runtime/value.h"

#include <errno.h>
#include <stdio.h>

static const struct cli_opt interpret_opts[] = {
	{ 'c', "command", CLI_FLAG, NULL, "FILE is the code itself, not a file name" },
	{ 'f', "format", CLI_VALUE, "FORMAT", "a shell name, or dict / table (the variables set); default: the current shell" },
	{ 0, "no-env", CLI_FLAG, NULL, "interpret the code in an empty environment" },
	{ 0, "pv|parent-variables", CLI_MULTI, "VAR", "variables to update rather than overwrite on first "
	  "reference ('all': every variable)" },
	{ 'v', "verbose", CLI_FLAG, NULL, "accepted for Rez compatibility (no effect)" },
};
#define N_OPTS RT_ARRAY_LEN(interpret_opts)
#define OPT(name) cli_get(interpret_opts, N_OPTS, &args, name)

static const char usage[] =
	"usage: rez interpret [-c] [-f FORMAT] [--no-env] [--pv VAR ...] FILE\n\n"
	"Run rex code (what a package's commands function contains: env.FOO = 'x',\n"
	"env.PATH:append(...), alias(...)) and print the result as the shell's code.\n";

int cli_cmd_interpret(int argc, char **argv)
{
	const char *tool = cli_tool_name(argv[0]);
	struct cli_args args;
	struct rt_error err = RT_ERROR_INIT;
	struct rt_config *cfg = NULL;
	struct rt_context *ctx = NULL;
	struct rt_value *pv = NULL, *env = NULL;
	struct rt_buf code = RT_BUF_INIT, out = RT_BUF_INIT;
	struct rt_actions acts = RT_ACTIONS_INIT;
	struct cli_activation a;
	const char *format;
	int rc = RT_EXIT_FAIL, dict, table;

	if (cli_parse_args(interpret_opts, N_OPTS, argc, argv, &args, usage, tool, &rc))
		return rc;
	if (args.n_pos != 1) {
		cli_error(tool, "expected one FILE (or code, with -c)");
		rc = RT_EXIT_USAGE;
		goto out;
	}
	cfg = cli_load_config(tool);
	if (!cfg)
		goto out;
	if (OPT("command")->count)
		rt_buf_adds(&code, args.pos[0]);
	else if (rt_buf_read_file(&code, args.pos[0], 64 << 20) < 0) {
		rt_error(&err, "cannot read '%s': %s", args.pos[0], strerror(errno));
		goto fail;
	}
	format = OPT("format")->value;
	dict = format && rt_streq(format, "dict");
	table = format && rt_streq(format, "table");
	memset(&a, 0, sizeof(a));
	a.shell = cli_pick_shell(cfg, dict || table ? "sh" : format, &err);
	if (!a.shell)
		goto fail;
	a.no_env = OPT("no-env")->count > 0;
	a.rex_code = code.buf ? code.buf : "";
	a.rex_name = OPT("command")->count ? "<command>" : args.pos[0];
	if (OPT("parent-variables")->n_values) {
		const struct cli_optval *v = OPT("parent-variables");
		pv = rt_value_list();
		for (size_t i = 0; i < v->n_values; i++) {
			if (rt_streq(v->values[i], "all"))
				a.all_parent_vars = 1;
			rt_list_push(pv, rt_value_str(v->values[i]));
		}
		a.parent_vars = pv;
	}
	ctx = rt_context_new();
	ctx->status = RT_CTX_SOLVED;
	if (dict || table) {
		struct cli_table t = { NULL, 0, 2, 0 };
		struct rt_value *m = rt_value_map();
		if (cli_activate(ctx, cfg, &a, &acts, &env, &err) < 0)
			goto fail;
		/* the variables the code changed, sorted, with their final values */
		for (size_t i = 0; env && i < rt_map_len(env); i++) {
			const char *k = rt_map_key(env, i);
			int touched = 0;
			for (size_t j = 0; j < acts.n && !touched; j++)
				touched = acts.v[j].key && acts.v[j].kind != RT_ACT_ALIAS &&
					  rt_streq(acts.v[j].key, k);
			if (!touched)
				continue;
			if (dict) {
				rt_map_set(m, k, rt_value_copy(rt_map_val(env, i)));
			} else {
				const char *row[2] = { k, rt_value_as_str(rt_map_val(env, i)) };
				cli_table_add(&t, row);
			}
		}
		rt_map_sort(m);
		if (dict && rt_json_emit(m, 0, &out, &err) < 0) {
			rt_value_free(m);
			cli_table_release(&t);
			goto fail;
		}
		rt_value_free(m);
		if (dict)
			printf("%s\n", out.buf);
		else
			cli_table_print(&t, stdout);
		cli_table_release(&t);
	} else {
		if (cli_activation_script(ctx, cfg, &a, &out, &err) < 0)
			goto fail;
		fwrite(out.buf, 1, out.len, stdout);
	}
	rc = RT_EXIT_OK;
	goto out;
fail:
	cli_error(tool, "%s", rt_error_msg(&err));
out:
	rt_actions_release(&acts);
	rt_value_free(env);
	rt_value_free(pv);
	rt_buf_release(&code);
	rt_buf_release(&out);
	rt_error_release(&err);
	rt_context_free(ctx);
	if (cfg)
		rt_config_free(cfg);
	cli_args_release(&args);
	return rc;
}
