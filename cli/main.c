/* main.c - the `rez` front end: dispatches `rez SUBCOMMAND ...` and `rez-SUBCOMMAND ...`
 * (argv[0]) to one row of the command table. */
#include "cli/cli.h"
#include "runtime/heap.h"

#include <stdio.h>

struct cli_command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

static const struct cli_command commands[] = {
	{ "bind", cli_cmd_bind, "make packages of software found on this system (platform, python, ...)" },
	{ "build", cli_cmd_build, "build a package from source (and install it with -i)" },
	{ "complete", cli_cmd_complete, "print completions for a command line (used by the shell completion scripts)" },
	{ "config", cli_cmd_config, "print the configuration or one setting" },
	{ "context", cli_cmd_context, "print or interpret a saved context" },
	{ "convert", cli_cmd_convert, "convert package.py definitions to package.lua" },
	{ "cp", cli_cmd_cp, "copy a package or some of its variants to another repository" },
	{ "depends", cli_cmd_depends, "reverse dependencies: which packages require a package" },
	{ "diff", cli_cmd_diff, "compare the definitions of two packages" },
	{ "env", cli_cmd_env, "resolve packages and open a shell (or run a command) in them" },
	{ "help", cli_cmd_help, "print the help of a command, or a package's help entries" },
	{ "interpret", cli_cmd_interpret, "run rex code (a commands body) and print the shell code it becomes" },
	{ "memcache", cli_cmd_memcache, "manage and query the memcached servers of the shared cache" },
	{ "mv", cli_cmd_mv, "move a package from one repository to another" },
	{ "pkg-ignore", cli_cmd_pkg_ignore, "hide a package version from resolves (or show it again with -u)" },
	{ "plugins", cli_cmd_plugins, "list a package's plugins, or this build's shells and formats" },
	{ "release", cli_cmd_release, "build and install a package centrally, tag it, run the release hooks" },
	{ "rm", cli_cmd_rm, "remove a package, an empty family, or packages ignored for some days" },
	{ "search", cli_cmd_search, "search for package families, packages or variants" },
	{ "status", cli_cmd_status, "the active context, or what a tool or package is" },
	{ "suite", cli_cmd_suite, "manage a suite: saved contexts whose tools are on one PATH entry" },
	{ "test", cli_cmd_test, "run the tests a package declares" },
	{ "view", cli_cmd_view, "print the definition of a package" },
	{ NULL, NULL, NULL }
};

/* Tools Rez has that rez-lua does not provide yet: a clear answer instead of "unknown". A
 * name here that also has a row above is served by the row. */
static const char *const planned[] = { "build", "test", "release", NULL };
static const char *const planned_summary[] = {
	"build a package from source", "run the tests of a package's definition",
	"build a package from source and release it", NULL
};

static const struct cli_command *find_command(const char *name);

const char *cli_command_at(size_t i, int (**fn)(int argc, char **argv))
{
	if (i >= RT_ARRAY_LEN(commands) - 1)
		return NULL;
	if (fn)
		*fn = commands[i].fn;
	return commands[i].name;
}

static int planned_tool(const char *name)
{
	for (size_t i = 0; planned[i]; i++)
		if (rt_streq(planned[i], name)) {
			fprintf(stderr, "rez-%s: error: this rez-lua release does not build, test or release "
				"packages yet (see docs/ for what it does)\n", name);
			return 1;
		}
	return 0;
}

static void list_commands(FILE *f)
{
	fputs("usage: rez [-h] [-i] [-V] COMMAND [ARGS...]\n\n"
	      "rez-lua: resolve packages and work in their environments (Rez's command line)\n\n"
	      "commands:\n", f);
	for (const struct cli_command *c = commands; c->name; c++)
		fprintf(f, "  %-12s %s\n", c->name, c->summary);
	for (size_t i = 0; planned[i]; i++)
		if (!find_command(planned[i]))
			fprintf(f, "  %-12s %s (not in this release)\n", planned[i], planned_summary[i]);
	fputs("\noptions:\n"
	      "  -h, --help     show this help and exit\n"
	      "  -i, --info     print what this rez-lua has (version, shells, formats) and exit\n"
	      "  -V, --version  print the version and exit\n\n"
	      "`rez help COMMAND` or `rez COMMAND --help` shows a command's options.\n", f);
}

int cli_cmd_help(int argc, char **argv)
{
	const struct cli_command *c;
	if (argc < 2) {
		list_commands(stdout);
		return RT_EXIT_OK;
	}
	if (argv[1][0] == '-')
		return cli_package_help(argc, argv);   /* its options, or its --help */
	c = find_command(argv[1]);
	if (c && !rt_streq(c->name, "help")) {
		char *name = rt_xstrfmt("rez-%s", c->name);
		char *sub[] = { name, (char *)"--help", NULL };
		int rc = c->fn(2, sub);
		free(name);
		return rc;
	}
	if (planned_tool(argv[1]))
		return RT_EXIT_FAIL;
	return cli_package_help(argc, argv);
}

static const struct cli_command *find_command(const char *name)
{
	for (const struct cli_command *c = commands; c->name; c++)
		if (rt_streq(c->name, name))
			return c;
	return NULL;
}

int main(int argc, char **argv)
{
	const char *tool = cli_tool_name(argc ? argv[0] : "rez");
	const struct cli_command *c;

	rt_heap_init((size_t)16 << 20);
	if (rt_starts_with(tool, "rez-")) {
		c = find_command(tool + 4);
		if (!c && planned_tool(tool + 4))
			return RT_EXIT_FAIL;
		if (!c) {
			fprintf(stderr, "rez: unknown tool '%s'\n", tool);
			return RT_EXIT_USAGE;
		}
		return cli_finish_stdout(tool, c->fn(argc, argv));
	}
	if (argc < 2 || rt_streq(argv[1], "-h") || rt_streq(argv[1], "--help")) {
		list_commands(argc < 2 ? stderr : stdout);
		return argc < 2 ? RT_EXIT_USAGE : RT_EXIT_OK;
	}
	if (rt_streq(argv[1], "-i") || rt_streq(argv[1], "--info")) {
		cli_print_info(stdout);
		return cli_finish_stdout("rez", RT_EXIT_OK);
	}
	if (rt_streq(argv[1], "--version") || rt_streq(argv[1], "-V")) {
		printf("rez-lua %s\n", REZ_LUA_VERSION);
		return cli_finish_stdout("rez", RT_EXIT_OK);
	}
	c = find_command(argv[1]);
	if (!c && planned_tool(argv[1]))
		return RT_EXIT_FAIL;
	if (!c) {
		fprintf(stderr, "rez: unknown command '%s'\n", argv[1]);
		list_commands(stderr);
		return RT_EXIT_USAGE;
	}
	{
		/* Sub-tools see "rez-<name>" as their argv[0], so messages read the same either way. */
		char *name = rt_xstrfmt("rez-%s", c->name);
		char *saved = argv[1];
		int rc;
		argv[1] = name;
		rc = c->fn(argc - 1, argv + 1);
		argv[1] = saved;
		free(name);
		return cli_finish_stdout(c->name, rc);
	}
}
