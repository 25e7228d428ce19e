/* cmd_config.c - `rez config [KEY]`: print the merged configuration, one setting, or the
 * configuration files consulted. */
#include "cli/cli.h"
#include "runtime/buf.h"
#include "runtime/config.h"
#include "runtime/json.h"
#include "runtime/value.h"
#include "runtime/yaml.h"

#include <stdio.h>

static const struct cli_opt config_opts[] = {
	{ 0, "json", CLI_FLAG, NULL, "print the value as JSON" },
	{ 0, "search-list", CLI_FLAG, NULL, "list the configuration files searched, in order" },
	{ 0, "source-list", CLI_FLAG, NULL, "list the configuration files actually read, in order" },
	{ 'v', "verbose", CLI_FLAG, NULL, "also name the configuration files read (on stderr)" },
};

static const char usage[] =
	"usage: rez config [--json] [--search-list] [--source-list] [KEY]\n\n"
	"Print the merged configuration, or the setting KEY (dotted for nested values:\n"
	"plugins.release_hook.emailer.smtp_host).\n";

static void print_list(const char *const *v)
{
	for (; *v; v++)
		printf("%s\n", *v);
}

/* Scalars are printed plain (a string without quotes), lists and maps as YAML or JSON. */
static int print_value(const char *tool, const struct rt_value *v, int json)
{
	struct rt_buf out = RT_BUF_INIT;
	struct rt_error err = RT_ERROR_INIT;
	int rc = 0;

	if (json) {
		rc = rt_json_emit(v, 0, &out, &err);
		if (rc == 0)
			rt_buf_addch(&out, '\n');
	} else if (v->type == RT_STR) {
		rt_buf_add(&out, v->u.s.ptr, v->u.s.len);
		rt_buf_addch(&out, '\n');
	} else {
		rc = rt_yaml_emit(v, &out, &err);
	}
	if (rc < 0) {
		cli_error(tool, "%s", rt_error_msg(&err));
		rt_error_release(&err);
		rt_buf_release(&out);
		return RT_EXIT_FAIL;
	}
	fwrite(out.buf, 1, out.len, stdout);
	rt_buf_release(&out);
	return RT_EXIT_OK;
}

int cli_cmd_config(int argc, char **argv)
{
	const char *tool = cli_tool_name(argv[0]);
	const size_t n_opts = RT_ARRAY_LEN(config_opts);
	struct cli_args args;
	struct rt_error err = RT_ERROR_INIT;
	struct rt_config *cfg;
	const struct rt_value *v;
	int help = 0, rc, json;

	if (cli_parse(config_opts, n_opts, argc, argv, &args, &help, usage, &err) < 0) {
		cli_error(tool, "%s", rt_error_msg(&err));
		rt_error_release(&err);
		return RT_EXIT_USAGE;
	}
	if (help) {
		cli_args_release(&args);
		return RT_EXIT_OK;
	}
	if (args.n_pos > 1) {
		cli_error(tool, "too many arguments (expected at most one KEY)");
		cli_args_release(&args);
		return RT_EXIT_USAGE;
	}

	cfg = cli_load_config(tool);
	if (!cfg) {
		cli_args_release(&args);
		return RT_EXIT_FAIL;
	}

	if (cli_get(config_opts, n_opts, &args, "verbose")->count) {
		const char *const *src = rt_config_source_list(cfg, NULL);
		fputs("configuration read from:", stderr);
		for (size_t i = 0; src[i]; i++)
			fprintf(stderr, "%s %s", i ? ";" : "", src[i]);
		fputs(src[0] ? "\n" : " defaults and the environment only\n", stderr);
	}
	json = cli_get(config_opts, n_opts, &args, "json")->count > 0;
	if (cli_get(config_opts, n_opts, &args, "search-list")->count) {
		print_list(rt_config_search_list(cfg, NULL));
		rc = RT_EXIT_OK;
	} else if (cli_get(config_opts, n_opts, &args, "source-list")->count) {
		print_list(rt_config_source_list(cfg, NULL));
		rc = RT_EXIT_OK;
	} else {
		v = args.n_pos ? rt_config_get(cfg, args.pos[0]) : rt_config_data(cfg);
		if (!v) {
			cli_error(tool, "no such setting: '%s'", args.pos[0]);
			rc = RT_EXIT_FAIL;
		} else {
			rc = print_value(tool, v, json);
		}
	}
	rt_config_free(cfg);
	cli_args_release(&args);
	return rc;
}
