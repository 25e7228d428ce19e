/* cmd_convert.c - `rez convert PATH...`: package.py definitions to package.lua.
 *
 * PATH is a package.py, a package directory or a whole repository (searched recursively).
 * Each package.py goes through the reader's translator (interp/pyread.h) and the result is
 * written beside it as package.lua (or under --output-dir, keeping the relative layout),
 * atomically. A directory that already has a package.lua is left alone unless --force.
 * --check loads both the original and the result and compares the loaded data (functions
 * by name, kind and @include modules); a difference is reported and nothing is written for
 * that package. A summary ends the run: converted / already Lua / not convertible. */
#include "cli/cli.h"
#include "interp/load.h"
#include "interp/pyread.h"
#include "runtime/buf.h"
#include "runtime/file.h"
#include "runtime/value.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>

static const struct cli_opt convert_opts[] = {
	{ 0, "check", CLI_FLAG, NULL, "load the original and the result and compare them; write "
	  "nothing for a package that differs" },
	{ 'n', "dry-run", CLI_FLAG, NULL, "report what would be converted, write nothing" },
	{ 'f', "force", CLI_FLAG, NULL, "overwrite an existing package.lua" },
	{ 'o', "output-dir", CLI_VALUE, "DIR", "write under DIR (keeping each file's path relative "
	  "to the PATH it was found under) instead of beside the package.py" },
};

static const char usage[] =
	"usage: rez convert [--check] [-n] [-f] [-o DIR] PATH...\n\n"
	"Convert package.py definitions to package.lua. PATH is a package.py, a package\n"
	"directory or a repository (searched recursively).\n";

struct run {
	const char *tool;
	int check, dry, force;
	const char *outdir;
	int converted, already, failed;
	struct rt_buf failures;
};

static int is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static int exists(const char *p)
{
	struct stat st;
	return lstat(p, &st) == 0;
}

static void not_convertible(struct run *r, const char *file, const char *why)
{
	r->failed++;
	rt_buf_addf(&r->failures, "  %s: %s\n", file, why);
}

/* Same data, functions compared by name, kind and includes (their text is the same
 * translation on both sides). */
static int same_data(const struct rt_value *a, const struct rt_value *b)
{
	if (a->type != b->type)
		return 0;
	if (a->type == RT_FUNC) {
		if (!rt_streq(a->u.fn->name, b->u.fn->name) || a->u.fn->flags != b->u.fn->flags ||
		    a->u.fn->n_includes != b->u.fn->n_includes)
			return 0;
		for (size_t i = 0; i < a->u.fn->n_includes; i++)
			if (!rt_streq(a->u.fn->includes[i], b->u.fn->includes[i]))
				return 0;
		return 1;
	}
	if (a->type == RT_LIST) {
		if (rt_list_len(a) != rt_list_len(b))
			return 0;
		for (size_t i = 0; i < rt_list_len(a); i++)
			if (!same_data(rt_list_at(a, i), rt_list_at(b, i)))
				return 0;
		return 1;
	}
	if (a->type == RT_MAP) {
		if (rt_map_len(a) != rt_map_len(b))
			return 0;
		for (size_t i = 0; i < rt_map_len(a); i++)
			if (!rt_streq(rt_map_key(a, i), rt_map_key(b, i)) ||
			    !same_data(rt_map_val(a, i), rt_map_val(b, i)))
				return 0;
		return 1;
	}
	return rt_value_equal(a, b);
}

/* mkdir -p for the directory part of path. */
static int make_parents(const char *path, struct rt_error *err)
{
	char *d = rt_xstrdup(path);
	for (char *p = d + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(d, 0777) < 0 && errno != EEXIST) {
			rt_error(err, "%s: cannot create directory: %s", d, strerror(errno));
			free(d);
			return -1;
		}
		*p = '/';
	}
	free(d);
	return 0;
}

/* Converts one package.py; rel is its path relative to the PATH given (for --output-dir). */
static void convert_one(struct run *r, const char *file, const char *rel)
{
	struct rt_buf text = RT_BUF_INIT, lua = RT_BUF_INIT;
	struct rt_error err = RT_ERROR_INIT;
	char *out;
	const char *slash = strrchr(rel, '/');
	size_t dirlen = slash ? (size_t)(slash - rel) : 0;

	if (r->outdir)
		out = rt_xstrfmt("%s/%.*s%spackage.lua", r->outdir, (int)dirlen, rel,
				 dirlen ? "/" : "");
	else
		out = rt_xstrfmt("%.*spackage.lua", (int)(strrchr(file, '/') ? strrchr(file, '/') - file + 1 : 0),
				 file);
	if (exists(out) && !r->force) {
		r->already++;
		goto done;
	}
	if (rt_buf_read_file(&text, file, LI_LOAD_MAX_FILE) < 0) {
		not_convertible(r, file, errno == EFBIG ? "larger than the 16 MiB definition limit"
				: strerror(errno));
		goto done;
	}
	if (li_pyread_translate(text.buf, text.len, file, &lua, &err) < 0) {
		not_convertible(r, file, rt_error_msg(&err));
		goto done;
	}
	rt_buf_adds(&lua, "-- converted from package.py by `rez convert`: Python's semantics are kept "
		    "through require(\"rez.py\")\n");
	if (r->check) {
		struct rt_value *a = li_load_definition(file, NULL, &err), *b = NULL;
		if (!a) {
			not_convertible(r, file, rt_error_msg(&err));
			goto done;
		}
		b = li_load_lua(lua.buf, lua.len, file, NULL, &err);
		if (!b || !same_data(a, b)) {
			not_convertible(r, file, b ? "--check: the converted package loads different data"
					: rt_error_msg(&err));
			rt_value_free(a);
			rt_value_free(b);
			goto done;
		}
		rt_value_free(a);
		rt_value_free(b);
	}
	if (!r->dry) {
		if ((r->outdir && make_parents(out, &err) < 0) ||
		    rt_file_write_atomic(out, lua.buf, lua.len, 0644, 0, &err) < 0) {
			not_convertible(r, file, rt_error_msg(&err));
			goto done;
		}
	}
	printf("%s %s -> %s\n", r->dry ? "would convert" : "converted", file, out);
	r->converted++;
done:
	rt_error_release(&err);
	rt_buf_release(&text);
	rt_buf_release(&lua);
	free(out);
}

/* Walks dir (rel: its path relative to the PATH given) for package.py files, sorted. */
static void walk(struct run *r, const char *dir, const char *rel, int depth)
{
	struct dirent **ents = NULL;
	int n;
	if (depth > 64)
		return;
	n = scandir(dir, &ents, NULL, alphasort);
	if (n < 0) {
		not_convertible(r, dir, strerror(errno));
		return;
	}
	for (int i = 0; i < n; i++) {
		const char *name = ents[i]->d_name;
		char *path, *sub;
		if (name[0] == '.') {
			free(ents[i]);
			continue;
		}
		path = rt_xstrfmt("%s/%s", dir, name);
		sub = *rel ? rt_xstrfmt("%s/%s", rel, name) : rt_xstrdup(name);
		if (rt_streq(name, "package.py") && !is_dir(path))
			convert_one(r, path, sub);
		else if (is_dir(path))
			walk(r, path, sub, depth + 1);
		free(path);
		free(sub);
		free(ents[i]);
	}
	free(ents);
}

int cli_cmd_convert(int argc, char **argv)
{
	const char *tool = cli_tool_name(argv[0]);
	const size_t n_opts = RT_ARRAY_LEN(convert_opts);
	struct cli_args args;
	struct rt_error err = RT_ERROR_INIT;
	struct run r;
	int help = 0;

	if (cli_parse(convert_opts, n_opts, argc, argv, &args, &help, usage, &err) < 0) {
		cli_error(tool, "%s", rt_error_msg(&err));
		rt_error_release(&err);
		return RT_EXIT_USAGE;
	}
	if (help) {
		cli_args_release(&args);
		return RT_EXIT_OK;
	}
	if (!args.n_pos) {
		cli_error(tool, "expected at least one PATH");
		fputs(usage, stderr);
		cli_args_release(&args);
		return RT_EXIT_USAGE;
	}
	memset(&r, 0, sizeof(r));
	rt_buf_init(&r.failures, 0);
	r.tool = tool;
	r.check = cli_get(convert_opts, n_opts, &args, "check")->count > 0;
	r.dry = cli_get(convert_opts, n_opts, &args, "dry-run")->count > 0;
	r.force = cli_get(convert_opts, n_opts, &args, "force")->count > 0;
	r.outdir = cli_get(convert_opts, n_opts, &args, "output-dir")->value;
	for (size_t i = 0; i < args.n_pos; i++) {
		const char *p = args.pos[i];
		if (is_dir(p)) {
			walk(&r, p, "", 0);
		} else if (exists(p)) {
			const char *base = strrchr(p, '/');
			convert_one(&r, p, base ? base + 1 : p);
		} else {
			not_convertible(&r, p, "no such file or directory");
		}
	}
	printf("%d converted, %d already Lua, %d not convertible\n", r.converted, r.already,
	       r.failed);
	if (r.failed)
		fputs(r.failures.buf, stdout);
	rt_buf_release(&r.failures);
	cli_args_release(&args);
	return cli_finish_stdout(tool, r.failed ? RT_EXIT_FAIL : RT_EXIT_OK);
}
