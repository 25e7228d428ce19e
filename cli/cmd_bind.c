/* cmd_bind.c - `rez bind`: software found on this system made into packages, as Rez's bind
 * modules make them (platform, arch, os, python, rez, hello_world), each written as a
 * package.lua and installed through the build installer (runtime/build: staged beside its
 * destination, renamed into place under the version lock), so a bind appears whole or not at
 * all and binding twice merges as a second `rez build -i` would. */
#include "cli/buildops.h"
#include "cli/cli.h"
#include "cli/hints.h"
#include "runtime/buf.h"
#include "runtime/build/fsutil.h"
#include "runtime/config.h"
#include "runtime/context.h"
#include "runtime/file.h"
#include "runtime/luawrite.h"
#include "runtime/release/capture.h"
#include "runtime/value.h"
#include "runtime/version.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct cli_opt bind_opts[] = {
	{ 0, "quickstart", CLI_FLAG, NULL, "bind a set of standard packages to get started" },
	{ 'r', "release", CLI_FLAG, NULL, "install to release_packages_path; overrides -i" },
	{ 'i', "install-path", CLI_VALUE, "PATH", "install path (default: local_packages_path)" },
	{ 0, "no-deps", CLI_FLAG, NULL, "do not bind dependencies" },
	{ 'l', "list", CLI_FLAG, NULL, "list all available bind modules" },
	{ 's', "search", CLI_FLAG, NULL, "search for the bind module but do not perform the bind" },
};
#define N_OPTS RT_ARRAY_LEN(bind_opts)
#define OPT(name) cli_get(bind_opts, N_OPTS, &args, name)

static const char usage[] =
	"usage: rez bind [-h] [--quickstart] [-r] [-i PATH] [--no-deps] [-l] [-s] [PKG] [ARG ...]\n\n"
	"Create a package for software found on this system. PKG may carry a version range\n"
	"(python-3+); arguments after PKG go to its bind module (`rez bind python -h`).\n";

/* What a module found on this system: the package it becomes. */
struct bound {
	const char *name;
	char *version;
	struct rt_value *requires;      /* RT_LIST of strings */
	struct rt_value *variants;      /* RT_LIST of lists, or NULL */
	struct rt_value *tools;         /* RT_LIST, or NULL */
	const char *description;
	const char *commands;           /* Lua body of commands(), or NULL */
	/* payload */
	char *exe;                      /* python: the interpreter the bin/python link names */
};

struct module {
	const char *name;
	const char *summary;
	/* option help for `rez bind NAME -h`; NULL: the module takes no arguments */
	const char *args_help;
	int (*find)(const struct rt_context *sys, const char *const *args, size_t n_args,
		    struct bound *b, struct rt_error *err);
	int (*payload)(const struct bound *b, const char *root, struct rt_error *err);
};

static struct rt_value *strlist(const char *const *s)
{
	struct rt_value *l = rt_value_list();
	for (; s && *s; s++)
		rt_list_push(l, rt_value_str(*s));
	return l;
}

/* system.variant: platform, arch and os of this machine */
static struct rt_value *system_variant(const struct rt_context *sys)
{
	struct rt_value *vars = rt_value_list(), *v = rt_value_list();
	rt_list_push(v, rt_value_str_take(rt_xstrfmt("platform-%s", sys->platform)));
	rt_list_push(v, rt_value_str_take(rt_xstrfmt("arch-%s", sys->arch)));
	rt_list_push(v, rt_value_str_take(rt_xstrfmt("os-%s", sys->os)));
	rt_list_push(vars, v);
	return vars;
}

static int no_args(const char *name, const char *const *args, size_t n, struct rt_error *err)
{
	if (n)
		return rt_error(err, "bind module '%s' takes no arguments (got '%s'; options of rez bind go "
				"before PKG)", name, args[0]);
	return 0;
}

static int find_platform(const struct rt_context *sys, const char *const *args, size_t n,
			 struct bound *b, struct rt_error *err)
{
	b->version = rt_xstrdup(sys->platform);
	return no_args("platform", args, n, err);
}

static int find_arch(const struct rt_context *sys, const char *const *args, size_t n,
		     struct bound *b, struct rt_error *err)
{
	b->version = rt_xstrdup(sys->arch);
	return no_args("arch", args, n, err);
}

static int find_os(const struct rt_context *sys, const char *const *args, size_t n,
		   struct bound *b, struct rt_error *err)
{
	b->version = rt_xstrdup(sys->os);
	rt_list_push(b->requires, rt_value_str_take(rt_xstrfmt("platform-%s", sys->platform)));
	rt_list_push(b->requires, rt_value_str_take(rt_xstrfmt("arch-%s", sys->arch)));
	return no_args("os", args, n, err);
}

/* The version a program prints: the last word of the first line, its first three tokens
 * (Rez's extract_version). */
static char *extract_version(const char *exe, const char *arg, struct rt_error *err)
{
	const char *argv[] = { exe, arg, NULL };
	struct rt_buf out = RT_BUF_INIT;
	struct rt_buf ver = RT_BUF_INIT;
	struct rt_version *v;
	char *line, *word, *end;
	int status = 0, ntok = 0;
	if (rt_capture_run(argv, NULL, &out, &status, err) < 0) {
		rt_buf_release(&out);
		return NULL;
	}
	if (status) {
		rt_error(err, "failed to execute %s: %s(error code %d)", exe, out.buf, status);
		rt_buf_release(&out);
		return NULL;
	}
	line = out.buf;
	end = strchr(line, '\n');
	if (end)
		*end = '\0';
	end = line + strlen(line);
	while (end > line && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
		*--end = '\0';
	word = strrchr(line, ' ');
	word = word ? word + 1 : line;
	for (const char *p = word; *p && ntok < 3; ) {
		size_t k = strcspn(p, ".-");
		if (k) {
			if (ntok++)
				rt_buf_addch(&ver, '.');
			rt_buf_add(&ver, p, k);
		}
		p += k;
		if (*p)
			p++;
	}
	v = ver.len ? rt_version_parse(ver.buf, NULL) : NULL;
	if (!v) {
		rt_error(err, "failed to parse version from output '%s'", line);
		rt_buf_release(&out);
		rt_buf_release(&ver);
		return NULL;
	}
	rt_version_free(v);
	rt_buf_release(&out);
	return rt_buf_detach(&ver, NULL);
}

static int find_python(const struct rt_context *sys, const char *const *args, size_t n,
		       struct bound *b, struct rt_error *err)
{
	const char *exe = NULL;
	for (size_t i = 0; i < n; i++) {
		if ((rt_streq(args[i], "--exe") && i + 1 < n) || rt_starts_with(args[i], "--exe=")) {
			exe = args[i][5] == '=' ? args[i] + 6 : args[++i];
			continue;
		}
		return rt_error(err, "bind module 'python': unrecognized argument '%s' (see `rez bind "
				"python -h`)", args[i]);
	}
	if (exe) {
		struct stat st;
		if (stat(exe, &st) < 0)
			return rt_error(err, "%s: %s", exe, strerror(errno));
		if (!S_ISREG(st.st_mode))
			return rt_error(err, "not a file: %s", exe);
		b->exe = exe[0] == '/' ? rt_xstrdup(exe) : realpath(exe, NULL);
		if (!b->exe)
			return rt_error(err, "%s: %s", exe, strerror(errno));
	} else {
		/* Debian has python3 and no `python` */
		b->exe = rt_capture_which("python3", getenv("PATH"));
		if (!b->exe)
			b->exe = rt_capture_which("python", getenv("PATH"));
		if (!b->exe)
			return rt_error(err, "could not find executable: python3 (nor python) on PATH");
	}
	b->version = extract_version(b->exe, "--version", err);
	if (!b->version)
		return -1;
	b->tools = rt_value_list();
	rt_list_push(b->tools, rt_value_str("python"));
	b->variants = system_variant(sys);
	b->commands = "    env.PATH:append(\"{this.root}/bin\")\n";
	return 0;
}

static int find_rez(const struct rt_context *sys, const char *const *args, size_t n,
		    struct bound *b, struct rt_error *err)
{
	b->version = rt_xstrdup(REZ_LUA_VERSION);
	b->exe = realpath("/proc/self/exe", NULL);
	if (!b->exe)
		return rt_error(err, "cannot find the rez binary: %s", strerror(errno));
	b->variants = system_variant(sys);
	b->tools = rt_value_list();
	rt_list_push(b->tools, rt_value_str("rez"));
	b->commands = "    env.PATH:append(\"{this.root}/bin\")\n";
	return no_args("rez", args, n, err);
}

static int find_hello(const struct rt_context *sys, const char *const *args, size_t n,
		      struct bound *b, struct rt_error *err)
{
	static const char *const tools[] = { "hello_world", "hello_world_gui", NULL };
	(void)sys;
	b->version = rt_xstrdup("1.0");
	b->tools = strlist(tools);
	b->commands = "    env.PATH:append(\"{this.root}/bin\")\n    env.OH_HAI_WORLD = \"hello\"\n";
	return no_args("hello_world", args, n, err);
}

/* ---- payloads ---- */

static int mkbin(const char *root, struct rt_error *err)
{
	char *bin = rt_xstrfmt("%s/bin", root);
	int rc = rt_build_mkdirs(bin, err);
	free(bin);
	return rc;
}

static int link_in(const char *root, const char *name, const char *target, struct rt_error *err)
{
	char *p = rt_xstrfmt("%s/bin/%s", root, name);
	int rc = 0;
	if (symlink(target, p) < 0)
		rc = rt_error(err, "cannot create link '%s': %s", p, strerror(errno));
	free(p);
	return rc;
}

static int payload_python(const struct bound *b, const char *root, struct rt_error *err)
{
	if (mkbin(root, err) < 0)
		return -1;
	return link_in(root, "python", b->exe, err);
}

/* A copy of this rez binary (a link would break when the build tree goes), and a rez-<tool>
 * link for each such link beside the running binary. */
static int payload_rez(const struct bound *b, const char *root, struct rt_error *err)
{
	char *dst, *dir;
	DIR *d;
	struct dirent *de;
	if (mkbin(root, err) < 0)
		return -1;
	dst = rt_xstrfmt("%s/bin/rez", root);
	if (rt_build_copy(b->exe, dst, err) < 0) {
		free(dst);
		return -1;
	}
	free(dst);
	dir = rt_xstrdup(b->exe);
	*strrchr(dir, '/') = '\0';
	d = opendir(dir);
	while (d && (de = readdir(d))) {
		char *p, target[64];
		ssize_t got;
		if (!rt_starts_with(de->d_name, "rez-"))
			continue;
		p = rt_xstrfmt("%s/%s", dir, de->d_name);
		got = readlink(p, target, sizeof(target) - 1);
		free(p);
		if (got < 0)
			continue;
		target[got] = '\0';
		if (!rt_streq(target, "rez") && !rt_streq(target, "./rez"))
			continue;
		if (link_in(root, de->d_name, "rez", err) < 0) {
			closedir(d);
			free(dir);
			return -1;
		}
	}
	if (d)
		closedir(d);
	free(dir);
	return 0;
}

/* Rez's hello_world: prints a greeting unless -q, exits with -r CODE. */
static const char hello_script[] =
	"#!/bin/sh\n"
	"# hello_world: the test tool `rez bind hello_world` installs\n"
	"quiet=\n"
	"code=0\n"
	"while [ $# -gt 0 ]; do\n"
	"    case $1 in\n"
	"    -q) quiet=1 ;;\n"
	"    -r) shift; code=$1 ;;\n"
	"    -r*) code=${1#-r} ;;\n"
	"    -h|--help) echo \"Usage: ${0##*/} [options]\"; echo; echo \"Options:\";\n"
	"        echo \"  -h, --help  show this help message and exit\";\n"
	"        echo \"  -q          quiet mode\";\n"
	"        echo \"  -r RETCODE  exit with a non-zero return code\"; exit 0 ;;\n"
	"    *) echo \"${0##*/}: error: no such option: $1\" >&2; exit 2 ;;\n"
	"    esac\n"
	"    shift\n"
	"done\n"
	"case $code in\n"
	"''|*[!0-9]*) echo \"${0##*/}: error: option -r: invalid integer value: '$code'\" >&2; exit 2 ;;\n"
	"esac\n"
	"[ -n \"$quiet\" ] || echo 'Hello Rez World!'\n"
	"exit \"$code\"\n";

static int payload_hello(const struct bound *b, const char *root, struct rt_error *err)
{
	(void)b;
	if (mkbin(root, err) < 0)
		return -1;
	for (int i = 0; i < 2; i++) {
		char *p = rt_xstrfmt("%s/bin/%s", root, i ? "hello_world_gui" : "hello_world");
		int rc = rt_file_write_atomic(p, hello_script, sizeof(hello_script) - 1, 0755, 0, err);
		free(p);
		if (rc < 0)
			return -1;
	}
	return 0;
}

static const struct module modules[] = {
	{ "arch", "the machine's architecture (system.arch)", NULL, find_arch, NULL },
	{ "hello_world", "a test package with a runnable hello_world tool", NULL, find_hello,
	  payload_hello },
	{ "os", "the operating system (system.os), requiring its platform and arch", NULL, find_os,
	  NULL },
	{ "platform", "the platform (system.platform)", NULL, find_platform, NULL },
	{ "python", "the system's python interpreter (python3 on PATH)",
	  "  --exe PATH  bind an interpreter other than the python3 on PATH\n", find_python,
	  payload_python },
	{ "rez", "rez-lua itself (this rez binary and its rez-<tool> links)", NULL, find_rez,
	  payload_rez },
};

static const struct module *find_module(const char *name)
{
	for (size_t i = 0; i < RT_ARRAY_LEN(modules); i++)
		if (rt_streq(modules[i].name, name))
			return &modules[i];
	return NULL;
}

/* ---- one bind ---- */

static void bound_release(struct bound *b)
{
	free(b->version);
	rt_value_free(b->requires);
	rt_value_free(b->variants);
	rt_value_free(b->tools);
	free(b->exe);
}

/* The package.lua a bind installs (what Rez's bind module puts in package.py). */
static void definition(const struct bound *b, struct rt_buf *out)
{
	rt_buf_adds(out, "-- written by rez bind (rez-lua)\n\nname = ");
	rt_luawrite_quote(out, b->name, strlen(b->name));
	rt_buf_adds(out, "\nversion = ");
	rt_luawrite_quote(out, b->version, strlen(b->version));
	rt_buf_addch(out, '\n');
	if (b->description) {
		rt_buf_adds(out, "description = ");
		rt_luawrite_quote(out, b->description, strlen(b->description));
		rt_buf_addch(out, '\n');
	}
	if (rt_list_len(b->requires)) {
		rt_buf_adds(out, "requires = ");
		rt_luawrite_value(out, b->requires, 0);
		rt_buf_addch(out, '\n');
	}
	if (b->variants) {
		rt_buf_adds(out, "variants = ");
		rt_luawrite_value(out, b->variants, 0);
		rt_buf_addch(out, '\n');
	}
	if (b->tools) {
		rt_buf_adds(out, "tools = ");
		rt_luawrite_value(out, b->tools, 0);
		rt_buf_addch(out, '\n');
	}
	if (b->commands)
		rt_buf_addf(out, "\nfunction commands()\n%send\n", b->commands);
}

struct bind_ctx {
	const struct module *m;
	struct bound *b;
};

static int make_payload(void *ud, const struct rt_build_variant *v, const char *root,
			struct rt_error *err)
{
	struct bind_ctx *c = ud;
	(void)v;
	return c->m->payload ? c->m->payload(c->b, root, err) : 0;
}

struct installed {
	char *name;
	char *uri;
};

struct installed_list {
	struct installed *v;
	size_t n, cap;
};

/* Binds module m (version range `range`, may be NULL) into repo. The names it requires are
 * added to *deps (when deps is not NULL). */
static int bind_one(const struct module *m, const struct rt_range *range, const char *repo,
		    const char *const *args, size_t n_args, const struct rt_config *cfg,
		    const struct rt_context *sys, struct installed_list *done, struct rt_value *deps,
		    int announce, struct rt_error *err)
{
	struct bound b;
	struct bind_ctx c;
	struct rt_build_opts o;
	struct rt_build_result res;
	struct rt_buf text = RT_BUF_INIT;
	char *tmp = NULL, *file = NULL;
	int rc = -1;

	memset(&b, 0, sizeof(b));
	b.name = m->name;
	b.requires = rt_value_list();
	if (m->find(sys, args, n_args, &b, err) < 0)
		goto out;
	if (range) {
		struct rt_version *v = rt_version_parse(b.version, err);
		int in;
		if (!v)
			goto out;
		in = rt_range_contains(range, v);
		rt_version_free(v);
		if (!in) {
			char *rs = rt_range_str(range);
			rt_error(err, "found version %s is not within range %s", b.version, rs);
			free(rs);
			goto out;
		}
	}
	if (announce) {
		printf("creating package '%s' in %s...\n", m->name, repo);
		fflush(stdout);
	}
	/* the definition goes into a private source directory the installer reads */
	{
		const char *t = getenv("TMPDIR");
		tmp = rt_xstrfmt("%s/rez-bind-XXXXXX", t && *t ? t : "/tmp");
		if (!mkdtemp(tmp)) {
			rt_error(err, "cannot create a temporary directory '%s': %s", tmp, strerror(errno));
			free(tmp);
			tmp = NULL;
			goto out;
		}
	}
	definition(&b, &text);
	file = rt_xstrfmt("%s/package.lua", tmp);
	if (rt_file_write_atomic(file, text.buf, text.len, 0644, RT_FILE_NOSYNC, err) < 0)
		goto out;
	c.m = m;
	c.b = &b;
	memset(&o, 0, sizeof(o));
	o.source_dir = tmp;
	o.install = 1;
	o.prefix = repo;
	o.build_system = "custom";
	o.target_name = "local";
	o.config = cfg;
	o.make_payload = make_payload;
	o.payload_ud = &c;
	rc = cli_build_run(&o, &res, err);
	rt_build_result_release(&res);
	if (rc < 0)
		goto out;
	{
		struct installed *in;
		done->v = rt_xgrow(done->v, sizeof(*done->v), done->n + 1, &done->cap);
		in = &done->v[done->n++];
		in->name = rt_xstrdup(b.name);
		in->uri = rt_xstrfmt("%s/%s/%s/package.lua", repo, b.name, b.version);
	}
	if (deps) {
		/* Rez's variant.requires: the package's and the variant's, conflicts left out */
		struct rt_value *all = rt_value_copy(b.requires);
		for (size_t i = 0; b.variants && i < rt_list_len(b.variants); i++) {
			const struct rt_value *vl = rt_list_at(b.variants, i);
			for (size_t j = 0; j < rt_list_len(vl); j++)
				rt_list_push(all, rt_value_copy(rt_list_at(vl, j)));
		}
		for (size_t i = 0; i < rt_list_len(all); i++) {
			struct rt_request *q = rt_request_parse(rt_value_as_str(rt_list_at(all, i)), NULL);
			if (q && !rt_request_is_conflict(q) && !rt_request_is_weak(q))
				rt_list_push(deps, rt_value_str(rt_request_name(q)));
			rt_request_free(q);
		}
		rt_value_free(all);
	}
	rc = 0;
out:
	if (tmp)
		rt_build_rmtree(tmp, NULL);
	free(tmp);
	free(file);
	rt_buf_release(&text);
	bound_release(&b);
	return rc;
}

static void print_rows(const char *h1, const char *h2, const char *const *col1,
		       const char *const *col2, size_t n)
{
	size_t w = strlen(h1);
	for (size_t i = 0; i < n; i++)
		if (strlen(col1[i]) > w)
			w = strlen(col1[i]);
	printf("%-*s  %s\n", (int)w, h1, h2);
	printf("%-*.*s  %.*s\n", (int)w, (int)strlen(h1), "----------------", (int)strlen(h2),
	       "----------------");
	for (size_t i = 0; i < n; i++)
		printf("%-*s  %s\n", (int)w, col1[i], col2[i]);
}

static int cmp_installed(const void *a, const void *b)
{
	return strcmp(((const struct installed *)a)->name, ((const struct installed *)b)->name);
}

/* Rez's package list: by name, each package once. */
static void print_installed(struct installed_list *l)
{
	const char **c1 = rt_xcalloc(l->n + 1, sizeof(*c1)), **c2 = rt_xcalloc(l->n + 1, sizeof(*c2));
	size_t n = 0;
	qsort(l->v, l->n, sizeof(*l->v), cmp_installed);
	for (size_t i = 0; i < l->n; i++) {
		if (n && rt_streq(c1[n - 1], l->v[i].name) && rt_streq(c2[n - 1], l->v[i].uri))
			continue;
		c1[n] = l->v[i].name;
		c2[n++] = l->v[i].uri;
	}
	print_rows("PACKAGE", "URI", c1, c2, n);
	free(c1);
	free(c2);
}

static void list_modules(void)
{
	const char *c1[RT_ARRAY_LEN(modules)], *c2[RT_ARRAY_LEN(modules)];
	char *txt[RT_ARRAY_LEN(modules)];
	for (size_t i = 0; i < RT_ARRAY_LEN(modules); i++) {
		c1[i] = modules[i].name;
		txt[i] = rt_xstrfmt("(built in) %s", modules[i].summary);
		c2[i] = txt[i];
	}
	print_rows("PACKAGE", "BIND MODULE", c1, c2, RT_ARRAY_LEN(modules));
	for (size_t i = 0; i < RT_ARRAY_LEN(modules); i++)
		free(txt[i]);
}

/* "'x' not found. Close matches:" as Rez's search, or "No matches." */
static void close_matches(FILE *f, const char *name)
{
	int any = 0;
	for (size_t i = 0; i < RT_ARRAY_LEN(modules); i++) {
		size_t len = strlen(name) > strlen(modules[i].name) ? strlen(name) : strlen(modules[i].name);
		size_t d = cli_edit_distance(name, modules[i].name, len);
		if (d <= (len + 2) / 3 || rt_starts_with(modules[i].name, name) ||
		    (strlen(name) >= 3 && strstr(modules[i].name, name))) {
			if (!any)
				fprintf(f, "'%s' not found. Close matches:\n", name);
			fprintf(f, "  %s\n", modules[i].name);
			any = 1;
		}
	}
	if (!any)
		fprintf(f, "'%s' not found. No matches (`rez bind --list` lists the bind modules).\n",
			name);
}

/* The index of PKG in argv (the first argument that is not an option or an option's value),
 * or argc: what follows PKG belongs to its bind module. */
static int pkg_index(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (rt_streq(a, "--"))
			return i + 1 < argc ? i + 1 : argc;
		if (a[0] != '-' || !a[1])
			return i;
		if (rt_streq(a, "-i") ||
		    (rt_starts_with(a, "--i") && !strchr(a, '=') && rt_starts_with("--install-path", a)))
			i++;
	}
	return argc;
}

int cli_cmd_bind(int argc, char **argv)
{
	const char *tool = cli_tool_name(argv[0]);
	struct cli_args args;
	struct rt_error err = RT_ERROR_INIT;
	struct rt_config *cfg = NULL;
	struct rt_context *sys = NULL;
	struct installed_list done = { NULL, 0, 0 };
	struct rt_request *req = NULL;
	struct rt_value *pending = NULL, *seen = NULL;
	const char *repo;
	int rc = RT_EXIT_FAIL, pk = pkg_index(argc, argv);
	const char *const *bargs = pk < argc ? (const char *const *)argv + pk + 1 : NULL;
	size_t n_bargs = pk < argc ? (size_t)(argc - pk - 1) : 0;

	if (cli_parse_args(bind_opts, N_OPTS, pk < argc ? pk + 1 : argc, argv, &args, usage, tool, &rc))
		return rc;
	if (OPT("list")->count) {
		list_modules();
		rc = RT_EXIT_OK;
		goto out;
	}
	cfg = cli_load_config(tool);
	if (!cfg)
		goto out;
	if (OPT("release")->count)
		repo = rt_config_str(cfg, "release_packages_path");
	else if (OPT("install-path")->value)
		repo = OPT("install-path")->value;
	else
		repo = rt_config_str(cfg, "local_packages_path");
	if (!repo || !*repo) {
		cli_error(tool, "no install path: set %s or pass -i PATH", OPT("release")->count ?
			  "release_packages_path" : "local_packages_path");
		goto out;
	}
	sys = rt_context_new();
	rt_context_stamp(sys);

	if (OPT("quickstart")->count) {
		/* Rez's list, in dependency order; rezgui, setuptools and pip have no module here */
		static const char *const names[] = { "platform", "arch", "os", "python", "rez" };
		for (size_t i = 0; i < RT_ARRAY_LEN(names); i++) {
			printf("Binding %s into %s...\n", names[i], repo);
			fflush(stdout);
			if (bind_one(find_module(names[i]), NULL, repo, NULL, 0, cfg, sys, &done, NULL, 0,
				     &err) < 0) {
				cli_error(tool, "could not bind '%s': %s", names[i], rt_error_msg(&err));
				goto out;
			}
		}
		printf("\nSuccessfully converted the following software found on the current system "
		       "into Rez packages:\n\n");
		print_installed(&done);
		printf("\nTo bind other software, see what's available using the command "
		       "'rez-bind --list', then run 'rez-bind <name>'.\n\n");
		rc = RT_EXIT_OK;
		goto out;
	}
	if (!args.n_pos) {
		cli_error(tool, "PKG required.");
		rc = RT_EXIT_USAGE;
		goto out;
	}
	req = rt_request_parse(args.pos[0], &err);
	if (!req) {
		cli_error(tool, "invalid package request '%s': %s", args.pos[0], rt_error_msg(&err));
		rc = RT_EXIT_USAGE;
		goto out;
	}
	{
		const char *name = rt_request_name(req);
		const struct module *m = find_module(name);
		const struct rt_range *range = rt_request_range(req);
		if (range && rt_range_is_any(range))
			range = NULL;
		if (OPT("search")->count) {
			if (m)
				printf("%s: built-in bind module (%s)\n", m->name, m->summary);
			else
				close_matches(stdout, name);
			rc = m ? RT_EXIT_OK : RT_EXIT_FAIL;
			goto out;
		}
		if (!m) {
			close_matches(stderr, name);
			cli_error(tool, "bind module not found for '%s'", name);
			goto out;
		}
		for (size_t i = 0; i < n_bargs; i++)
			if (rt_streq(bargs[i], "-h") || rt_streq(bargs[i], "--help")) {
				printf("usage: rez bind %s%s\n\n%s bind module: %s\n", m->name,
				       m->args_help ? " [-h] [--exe PATH]" : " [-h]", m->name, m->summary);
				printf("\noptions:\n  -h, --help  show this help message and exit\n%s",
				       m->args_help ? m->args_help : "");
				rc = RT_EXIT_OK;
				goto out;
			}
		pending = rt_value_list();
		seen = rt_value_list();
		if (bind_one(m, range, repo, bargs, n_bargs, cfg, sys, &done,
			     OPT("no-deps")->count ? NULL : pending, 1, &err) < 0) {
			cli_error(tool, "%s", rt_error_msg(&err));
			goto out;
		}
		rt_list_push(seen, rt_value_str(m->name));
		/* dependencies: one level at a time, as Rez; a failure is reported and skipped */
		while (rt_list_len(pending)) {
			struct rt_value *level = pending;
			pending = rt_value_list();
			for (size_t i = 0; i < rt_list_len(level); i++) {
				const char *dn = rt_value_as_str(rt_list_at(level, i));
				const struct module *dm = find_module(dn);
				int again = 0;
				for (size_t j = 0; j < rt_list_len(seen); j++)
					again |= rt_streq(rt_value_as_str(rt_list_at(seen, j)), dn);
				if (again)
					continue;
				rt_list_push(seen, rt_value_str(dn));
				if (!dm) {
					cli_error(tool, "could not bind '%s': bind module not found for '%s'", dn, dn);
					continue;
				}
				rt_error_release(&err);
				if (bind_one(dm, NULL, repo, NULL, 0, cfg, sys, &done, pending, 1, &err) < 0)
					cli_error(tool, "could not bind '%s': %s", dn, rt_error_msg(&err));
			}
			rt_value_free(level);
		}
		printf("The following packages were installed:\n\n");
		print_installed(&done);
		rc = RT_EXIT_OK;
	}
out:
	for (size_t i = 0; i < done.n; i++) {
		free(done.v[i].name);
		free(done.v[i].uri);
	}
	free(done.v);
	rt_value_free(pending);
	rt_value_free(seen);
	rt_request_free(req);
	rt_context_free(sys);
	if (cfg)
		rt_config_free(cfg);
	rt_error_release(&err);
	cli_args_release(&args);
	return rc;
}
