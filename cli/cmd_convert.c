/* cmd_convert.c - `rez convert PATH...`: package.py definitions to package.lua.
 *
 * PATH is a package.py, a package directory or a whole repository (searched recursively).
 * Each package.py goes through the reader's translator (interp/pyread.h) and the result is
 * written beside it as package.lua (or under --output-dir, keeping the relative layout),
 * atomically. A directory that already has a package.lua is left alone unless --force.
 * --check loads both the original and the result and compares the loaded data (functions
 * by name, kind and @include modules) and the actions every commands-family function
 * records in a sample context (the package alone, each variant, building and not); the first
 * difference is reported with its package.py line and nothing is written for that package.
 * With --check, an existing package.lua is compared with its package.py the same way (and
 * left as it is). A summary ends the run: converted / already Lua / not convertible. */
#include "cli/cli.h"
#include "interp/load.h"
#include "interp/pyread.h"
#include "interp/rex.h"
#include "interp/state.h"
#include "runtime/action.h"
#include "runtime/buf.h"
#include "runtime/rex.h"
#include "runtime/version.h"
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
	if (strncmp(why, file, strlen(file)) == 0 && why[strlen(file)] == ':')
		rt_buf_addf(&r->failures, "  %s\n", why);          /* already located */
	else
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

/* ---- --check: the actions recorded in a sample context ---- */

/* The sample context: the package alone (variant `variant`, or -1), rooted at a made-up
 * directory beside its file, for bash, from an empty parent environment. */
struct sample {
	const char *file;
	const char *attr;
	int variant, building;
};

/* Runs sample->attr of the definition `data` and appends one line per action ("kind key
 * value", then a tab and the package.py line it came from), or "error: MESSAGE". */
static void record_actions(const struct rt_value *data, const struct sample *sm, struct rt_buf *out)
{
	static const struct li_limits lim = LI_LIMITS_DEFAULT;
	const struct rt_value *fn = rt_map_get(data, sm->attr);
	const struct rt_value *name = rt_map_get(data, "name"), *ver = rt_map_get(data, "version");
	struct rt_error err = RT_ERROR_INIT;
	struct rt_rex_config rc;
	struct rt_rex *rx = NULL;
	struct li_rex *lx = NULL;
	struct li_rex_context ctx;
	struct li_pkg pkg;
	struct rt_version *v = NULL;
	lua_State *L = NULL;
	const char *req;
	char *base = rt_xstrdup(sm->file), *root, *qn;
	*strrchr(base, '/') = 0;
	root = sm->variant >= 0 ? rt_xstrfmt("%s/%d", base, sm->variant) : rt_xstrdup(base);
	memset(&pkg, 0, sizeof(pkg));
	pkg.name = name && name->type == RT_STR ? rt_value_as_str(name) : "pkg";
	pkg.version = ver && ver->type == RT_STR ? rt_value_as_str(ver) : "";
	v = rt_version_parse(pkg.version, &err);
	rt_error_release(&err);
	pkg.ver = v;
	pkg.root = root;
	pkg.base = base;
	pkg.uri = sm->file;
	pkg.variant_index = sm->variant;
	pkg.data = data;
	qn = *pkg.version ? rt_xstrfmt("%s-%s", pkg.name, pkg.version) : rt_xstrdup(pkg.name);
	req = pkg.name;
	memset(&ctx, 0, sizeof(ctx));
	ctx.building = sm->building;
	ctx.requests = &req;
	ctx.n_requests = 1;
	ctx.resolve = &pkg;
	ctx.n_resolve = 1;
	memset(&rc, 0, sizeof(rc));
	rc.shell = "bash";
	rc.home = "/home/user";
	if (!(rx = rt_rex_new(&rc, NULL, &err)) || !(L = li_state_new(&lim, &err)) ||
	    !(lx = li_rex_new(L, rx, &ctx, &err))) {
		rt_buf_addf(out, "error: %s\n", rt_error_msg(&err));
		goto out;
	}
	rt_rex_set_package(rx, qn);
	if (li_rex_run(lx, &pkg, fn->u.fn, sm->attr, &err) < 0) {
		rt_buf_addf(out, "error: %s\n", rt_error_msg(&err));
	} else {
		const struct rt_actions *a = rt_rex_actions(rx);
		for (size_t i = 0; i < a->n; i++) {
			struct rt_actions one = { &a->v[i], 1, 1 };
			const char *w = a->v[i].where ? strrchr(a->v[i].where, ':') : NULL;
			size_t l0 = out->len;
			rt_actions_describe(&one, out);
			while (out->len > l0 && out->buf[out->len - 1] == '\n')
				rt_buf_setlen(out, out->len - 1);
			for (size_t k = l0; k < out->len; k++)
				if (out->buf[k] == '\n' || out->buf[k] == '\t')
					out->buf[k] = ' ';
			rt_buf_addf(out, "\t%s\n", w ? w + 1 : "?");
		}
	}
out:
	if (lx)
		li_rex_free(lx);
	if (rx)
		rt_rex_free(rx);
	if (L)
		li_state_close(L);
	rt_version_free(v);
	rt_error_release(&err);
	free(base);
	free(root);
	free(qn);
}

/* The first line where two recordings differ (the action texts, not the line tags). Returns
 * NULL when they are the same; else a message (malloc'd). */
static char *first_difference(const char *a, const char *b, const struct sample *sm)
{
	int n = 1;
	while (*a || *b) {
		const char *ea = strchr(a, '\n'), *eb = strchr(b, '\n');
		const char *ta, *tb;
		size_t la, lb;
		if (!ea)
			ea = a + strlen(a);
		if (!eb)
			eb = b + strlen(b);
		ta = memchr(a, '\t', (size_t)(ea - a));
		tb = memchr(b, '\t', (size_t)(eb - b));
		la = (size_t)((ta ? ta : ea) - a);
		lb = (size_t)((tb ? tb : eb) - b);
		if (la != lb || memcmp(a, b, la) != 0) {
			char *r = rt_xstrfmt("%s:%.*s: --check: %s (variant %d, building %d) differs at "
					     "action %d: package.py gives '%.*s', package.lua '%.*s'",
					     sm->file, ta ? (int)(ea - ta - 1) : 1, ta ? ta + 1 : "?",
					     sm->attr, sm->variant, sm->building, n,
					     (int)la, a, (int)lb, b);
			return r;
		}
		a = *ea ? ea + 1 : ea;
		b = *eb ? eb + 1 : eb;
		n++;
	}
	return NULL;
}

/* Runs every commands-family function of both loads in the sample contexts (each variant,
 * building and not) and returns the first difference (malloc'd), or NULL. */
static char *compare_actions(const struct rt_value *py, const struct rt_value *lua, const char *file)
{
	static const char *const attrs[] = { "pre_commands", "commands", "post_commands",
					     "pre_build_commands", "pre_test_commands" };
	const struct rt_value *variants = rt_map_get(py, "variants");
	int nv = variants && variants->type == RT_LIST ? (int)rt_list_len(variants) : 0;
	for (size_t i = 0; i < RT_ARRAY_LEN(attrs); i++) {
		const struct rt_value *f = rt_map_get(py, attrs[i]);
		if (!f || f->type != RT_FUNC)
			continue;
		for (int vi = nv ? 0 : -1; vi < nv; vi++) {
			for (int building = 0; building <= 1; building++) {
				struct sample sm = { file, attrs[i], vi, building };
				struct rt_buf a = RT_BUF_INIT, b = RT_BUF_INIT;
				char *d;
				record_actions(py, &sm, &a);
				record_actions(lua, &sm, &b);
				d = first_difference(a.buf ? a.buf : "", b.buf ? b.buf : "", &sm);
				rt_buf_release(&a);
				rt_buf_release(&b);
				if (d)
					return d;
			}
		}
	}
	return NULL;
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
	int existing = 0;

	if (r->outdir)
		out = rt_xstrfmt("%s/%.*s%spackage.lua", r->outdir, (int)dirlen, rel,
				 dirlen ? "/" : "");
	else
		out = rt_xstrfmt("%.*spackage.lua", (int)(strrchr(file, '/') ? strrchr(file, '/') - file + 1 : 0),
				 file);
	if (exists(out) && !r->force) {
		/* --check on an existing package.lua (a conversion made earlier or by hand): compared
		 * with the package.py like a new one, never rewritten */
		if (!r->check || rt_buf_read_file(&lua, out, LI_LOAD_MAX_FILE) < 0) {
			r->already++;
			goto done;
		}
		existing = 1;
	}
	if (rt_buf_read_file(&text, file, LI_LOAD_MAX_FILE) < 0) {
		not_convertible(r, file, errno == EFBIG ? "larger than the 16 MiB definition limit"
				: strerror(errno));
		goto done;
	}
	if (!existing && li_pyread_convert(text.buf, text.len, file, &lua, &err) < 0) {
		not_convertible(r, file, rt_error_msg(&err));
		goto done;
	}
	if (!existing)
		rt_buf_adds(&lua, "-- converted from package.py by `rez convert`\n");
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
		{
			char *d = compare_actions(a, b, file);
			if (d) {
				not_convertible(r, file, d);
				free(d);
				rt_value_free(a);
				rt_value_free(b);
				goto done;
			}
		}
		rt_value_free(a);
		rt_value_free(b);
	}
	if (existing) {
		printf("checked %s against %s\n", out, file);
		r->already++;
		goto done;
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
