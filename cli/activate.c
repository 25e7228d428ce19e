/* activate.c - repositories, shells and activation scripts for the cli (see activate.h). */
#include "cli/activate.h"
#include "cli/cli.h"
#include "cli/ctxinfo.h"
#include "interp/include.h"
#include "interp/interp.h"
#include "interp/late.h"
#include "runtime/order.h"
#include "interp/rex.h"
#include "interp/state.h"
#include "runtime/action.h"
#include "runtime/buf.h"
#include "runtime/config.h"
#include "runtime/context.h"
#include "runtime/file.h"
#include "runtime/memcache.h"
#include "runtime/ctxexec.h"
#include "runtime/package.h"
#include "runtime/pkgcache.h"
#include "runtime/proc.h"
#include "runtime/repo.h"
#include "runtime/rex.h"
#include "runtime/shell.h"
#include "runtime/value.h"
#include "runtime/version.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static char *expand_home(const char *p)
{
	const char *home = getenv("HOME");
	if (p[0] == '~' && (p[1] == '/' || !p[1]) && home)
		return rt_xstrfmt("%s%s", home, p + 1);
	return rt_xstrdup(p);
}

struct rt_value *cli_package_paths(const struct rt_config *cfg, const char *paths, int no_local)
{
	struct rt_value *out = rt_value_list();
	const char *local = rt_config_str(cfg, "local_packages_path");
	if (paths) {
		const char *s = paths;
		while (*s) {
			const char *colon = strchr(s, ':');
			size_t n = colon ? (size_t)(colon - s) : strlen(s);
			if (n) {
				char *one = rt_xmemdupz(s, n), *full = expand_home(one);
				/* Absolute and canonical, as Rez shows repository paths. */
				char *abs = realpath(full, NULL);
				rt_list_push(out, rt_value_str_take(abs ? abs : rt_xstrdup(full)));
				free(full);
				free(one);
			}
			s += n + (colon ? 1 : 0);
		}
	} else {
		const struct rt_value *pp = rt_config_path_list(cfg, "packages_path");
		for (size_t i = 0; i < rt_list_len(pp); i++)
			rt_list_push(out, rt_value_str(rt_value_as_str(rt_list_at(pp, i))));
	}
	if (no_local && local) {
		for (size_t i = 0; i < rt_list_len(out);) {
			if (rt_streq(rt_value_as_str(rt_list_at(out, i)), local)) {
				rt_value_free(rt_list_at(out, i));
				memmove(out->u.list.items + i, out->u.list.items + i + 1,
					(out->u.list.len - i - 1) * sizeof(*out->u.list.items));
				out->u.list.len--;
			} else {
				i++;
			}
		}
	}
	return out;
}

static struct li_limits limits_of(const struct rt_config *cfg)
{
	struct li_limits lim = LI_LIMITS_DEFAULT;
	lim.max_instructions = rt_config_int(cfg, "sandbox_max_instructions");
	lim.max_memory = (size_t)rt_config_int(cfg, "sandbox_max_memory");
	lim.trusted = rt_config_bool(cfg, "sandbox_trusted");
	return lim;
}

static void cache_warn(void *ud, const char *msg)
{
	(void)ud;
	cli_warn("rez", "%s", msg);
}

const char *cli_shortlinks_dirname(const struct rt_config *cfg)
{
	const char *d = rt_config_str(cfg, "variant_shortlinks_dirname");
	return rt_config_bool(cfg, "use_variant_shortlinks") && d && *d ? d : NULL;
}

struct rt_order_list *cli_orderers(const struct rt_config *cfg, struct rt_error *err)
{
	return rt_order_list_from_value(rt_config_get(cfg, "package_orderers"), "package_orderers",
					err);
}

int cli_verbosity;

/* The shared cache is an optimisation: its trouble is news only to who asked for detail. */
static void memcache_warn(void *ud, const char *msg)
{
	(void)ud;
	if (cli_verbosity > 0)
		cli_warn("rez", "%s", msg);
}

struct rt_memcache *cli_memcache_open(const struct rt_config *cfg, struct rt_error *err)
{
	const struct rt_value *uris = rt_config_get(cfg, "memcached_uri");
	struct rt_memcache_opts mo = { NULL, 0, 0, memcache_warn, NULL };
	struct rt_memcache *m;
	size_t n = rt_list_len(uris);
	const char **v;
	if (!n)
		return NULL;
	v = rt_xcalloc(n, sizeof(*v));
	for (size_t i = 0; i < n; i++)
		v[i] = rt_value_as_str(rt_list_at(uris, i));
	mo.servers = v;
	mo.n_servers = n;
	mo.timeout_ms = (int)rt_config_int(cfg, "memcached_timeout_ms");
	m = rt_memcache_new(&mo, err);
	free(v);
	return m;
}

static struct rt_repo *repo_open(const struct rt_config *cfg, const struct rt_value *paths,
				  int strict, const char *cache_dir, struct rt_error *err)
{
	struct li_load_opts lo = LI_LOAD_OPTS_DEFAULT;
	struct rt_pkg_loader loader;
	const char **v = rt_xcalloc(rt_list_len(paths) + 1, sizeof(*v));
	struct rt_repo *repo;
	lo.limits = limits_of(cfg);
	loader = li_package_loader(&lo);
	li_package_loader_include_path(rt_config_path_list(cfg, "package_definition_lua_path"));
	for (size_t i = 0; i < rt_list_len(paths); i++)
		v[i] = rt_value_as_str(rt_list_at(paths, i));
	repo = rt_repo_new(v, rt_list_len(paths), &loader, strict, err);
	free(v);
	if (repo && (cache_dir || rt_config_bool(cfg, "package_cache"))) {
		struct rt_pkgcache_opts co = { NULL, cache_warn, NULL, NULL, 0, 0 };
		const char *dir = cache_dir ? cache_dir : rt_config_str(cfg, "package_cache_dir");
		char *full = dir && *dir ? expand_home(dir) : NULL;
		struct rt_error merr = RT_ERROR_INIT;
		co.dir = full;
		co.shared = cli_memcache_open(cfg, &merr);
		if (merr.msg)
			memcache_warn(NULL, rt_error_msg(&merr));   /* a bad address: no shared cache */
		rt_error_release(&merr);
		co.share_flags = (rt_config_bool(cfg, "cache_listdir") ? RT_PKGCACHE_SHARE_LISTING : 0) |
				 (rt_config_bool(cfg, "cache_package_files") ? RT_PKGCACHE_SHARE_RECORDS : 0);
		co.shared_min_compress_len =
			(size_t)rt_config_int(cfg, "memcached_package_file_min_compress_len");
		rt_repo_set_cache(repo, rt_pkgcache_new(&co));
		free(full);
	}
	return repo;
}

struct rt_repo *cli_repo_open(const struct rt_config *cfg, const struct rt_value *paths,
			      int strict, struct rt_error *err)
{
	return repo_open(cfg, paths, strict, NULL, err);
}

struct rt_repo *cli_repo_open_cached(const struct rt_config *cfg, const struct rt_value *paths,
				     const char *cache_dir, struct rt_error *err)
{
	return repo_open(cfg, paths, 0, cache_dir, err);
}

const struct rt_shell *cli_pick_shell(const struct rt_config *cfg, const char *name,
				      struct rt_error *err)
{
	const char *def = rt_config_str(cfg, "default_shell");
	const char *sh = getenv("SHELL");
	if (name)
		return rt_shell_find(name, err);
	if (def && *def)
		return rt_shell_find(def, err);
	if (sh && *sh) {
		const char *base = strrchr(sh, '/');
		const struct rt_shell *s = rt_shell_find(base ? base + 1 : sh, NULL);
		if (s)
			return s;
	}
	return rt_shell_find("bash", err);
}

/* ---- running a shell in a context ---- */

static int remove_tree(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *de;
	if (!d)
		return unlink(path);
	while ((de = readdir(d))) {
		char *sub;
		if (rt_streq(de->d_name, ".") || rt_streq(de->d_name, ".."))
			continue;
		sub = rt_xstrfmt("%s/%s", path, de->d_name);
		remove_tree(sub);
		free(sub);
	}
	closedir(d);
	return rmdir(path);
}

int cli_shell_run(const char *tool, const struct rt_config *cfg, const struct rt_context *ctx,
		  const struct cli_shell_run *r, struct rt_error *err)
{
	struct rt_buf tmpl = RT_BUF_INIT, exe = RT_BUF_INIT, script = RT_BUF_INIT;
	struct rt_spawn sp = RT_SPAWN_INIT;
	struct rt_spawn_opts so;
	struct cli_activation a;
	const struct rt_shell *sh = r->shell;
	const char *tmp = rt_config_str(cfg, "context_tmpdir");
	char *dir = NULL, *rxt = NULL, *ctxfile = NULL, *key;
	const char *exe_conf, *prompt;
	int rc = -1;

	if (!tmp || !*tmp)
		tmp = rt_config_str(cfg, "tmpdir");
	rt_buf_addf(&tmpl, "%s/rez_context_XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(tmpl.buf)) {
		rt_error(err, "cannot create a directory in '%s': %s", tmp, strerror(errno));
		goto out;
	}
	dir = rt_xstrdup(tmpl.buf);
	rxt = rt_xstrfmt("%s/context.rxt", dir);
	ctxfile = rt_xstrfmt("%s/context%s", dir, sh->ext);
	/* The shell's files live in a private temporary directory that dies with the shell:
	 * written whole, but not synced to disk. */
	if (rt_context_to_json(ctx, &script, err) < 0 ||
	    rt_file_write_atomic(rxt, script.buf, script.len, 0644, RT_FILE_NOSYNC, err) < 0)
		goto out;
	rt_buf_reset(&script);

	memset(&a, 0, sizeof(a));
	a.shell = sh;
	a.rxt_file = rxt;
	a.context_file = ctxfile;
	a.shell_vars = 1;
	a.repo = r->repo;
	a.interactive = !r->command && !r->stdin_mode;
	a.pre_actions = r->pre_actions;
	a.pre_actions_ud = r->pre_actions_ud;
	if (cli_activation_script(ctx, cfg, &a, &script, err) < 0 ||
	    rt_file_write_atomic(ctxfile, script.buf, script.len, 0644, RT_FILE_NOSYNC, err) < 0)
		goto out;

	key = rt_xstrfmt("plugins.shell.%s.executable_fullpath", sh->name);
	exe_conf = rt_config_get(cfg, key) ? rt_config_str(cfg, key) : NULL;
	free(key);
	if (exe_conf && *exe_conf) {
		rt_buf_adds(&exe, exe_conf);
	} else if (rt_shell_which(sh, &exe) < 0) {
		rt_error(err, "shell '%s' (%s) was not found on PATH", sh->name, sh->executable);
		goto out;
	}
	key = rt_xstrfmt("plugins.shell.%s.prompt", sh->name);
	prompt = rt_config_get(cfg, key) ? rt_config_str(cfg, key) : NULL;
	free(key);

	memset(&so, 0, sizeof(so));
	so.exe = exe.buf;
	so.tmpdir = dir;
	so.context_path = ctxfile;
	so.mode = r->command ? RT_SPAWN_COMMAND : r->stdin_mode ? RT_SPAWN_STDIN : RT_SPAWN_INTERACTIVE;
	so.command = r->command;
	so.rcfile = r->rcfile;
	so.norc = r->norc;
	so.prompt = prompt;
	so.set_prompt = rt_config_bool(cfg, "set_prompt");
	so.prompt_suffix = !rt_config_bool(cfg, "prefix_prompt");
	so.home = getenv("HOME");
	so.quiet = r->quiet;
	if (rt_shell_spawn(sh, &so, &sp, err) < 0)
		goto out;
	if (a.interactive && !r->quiet) {
		/* What was resolved, before the shell's welcome (Rez runs `rez context` there). */
		struct cli_ctxinfo_opts io = { 0, 0, 0, rt_config_str(cfg, "local_packages_path") };
		cli_ctxinfo_print(ctx, &io, stdout);
		fflush(stdout);
	}
	for (size_t i = 0; i < sp.nfiles; i++)
		if (rt_file_write_atomic(sp.files[i].path, sp.files[i].text, sp.files[i].len, 0644,
					 RT_FILE_NOSYNC, err) < 0)
			goto out;
	{
		/* --pre-command: the shell runs through those words (looked up on PATH) */
		size_t n = 0, npre = r->pre ? r->pre->n : 0;
		char **argv;
		while (sp.argv[n])
			n++;
		argv = rt_xcalloc(npre + n + 1, sizeof(*argv));
		for (size_t i = 0; i < npre; i++)
			argv[i] = r->pre->v[i];
		for (size_t i = 0; i < n; i++)
			argv[npre + i] = sp.argv[i];
		rc = rt_proc_run(argv, sp.env, sp.nenv, r->new_session, tool);
		free(argv);
	}
	if (rc < 0)
		rt_error(err, "cannot start the shell: %s", strerror(errno));
out:
	if (dir)
		remove_tree(dir);
	rt_spawn_release(&sp);
	rt_buf_release(&tmpl);
	rt_buf_release(&exe);
	rt_buf_release(&script);
	free(dir);
	free(rxt);
	free(ctxfile);
	return rc;
}

const char *cli_self_dir(void)
{
	static char dir[PATH_MAX];
	ssize_t n;
	if (dir[0])
		return dir;
	n = readlink("/proc/self/exe", dir, sizeof(dir) - 1);
	if (n <= 0)
		return NULL;
	dir[n] = '\0';
	{
		char *slash = strrchr(dir, '/');
		if (slash)
			*slash = '\0';
	}
	return dir;
}

/* ---- running package code ---- */

struct act_pkg {
	struct li_pkg lp;
	struct li_pkg parent;             /* lp seen as its package (no root, no index) */
	const struct rt_package *pkg;     /* borrowed from the repository */
	struct rt_value *late_cache;      /* evaluated @late attributes */
	struct activation *owner;
};

struct activation {
	const struct rt_context *ctx;
	struct rt_repo *repo;
	int borrowed_repo;             /* repo belongs to the caller */
	struct act_pkg *pkgs;
	lua_State *L;
	struct li_rex *lx;
	struct li_rex_context lctx;
};

/* Does Rez's Variant evaluate a late `attr` itself (`this` the variant)? Its own schema's
 * late keys, but not `requires` (read as the parent package's list plus the variant's own)
 * nor arbitrary attributes (forwarded to the parent package): for those `this` is the
 * package. */
static int variant_reads(const char *attr)
{
	static const char *const keys[] = {
		"build_requires", "private_build_requires", "has_plugins", "plugin_for", "tools",
		"help", "relocatable", "cachable", "tests",
	};
	for (size_t i = 0; i < RT_ARRAY_LEN(keys); i++)
		if (rt_streq(keys[i], attr))
			return 1;
	return 0;
}

static const struct rt_value *get_attr(void *ud, const char *attr, struct rt_error *err)
{
	struct act_pkg *ap = ud;
	const struct rt_value *v = rt_package_get(ap->pkg, attr), *cached;
	struct rt_value *out = NULL;
	struct li_late_bindings b;
	if (!v || v->type != RT_FUNC || !(v->u.fn->flags & RT_FN_LATE))
		return v;
	cached = rt_map_get(ap->late_cache, attr);
	if (cached)
		return cached;
	b.this = variant_reads(attr) ? &ap->lp : &ap->parent;
	b.context = &ap->owner->lctx;
	if (li_late_eval(ap->owner->L, v->u.fn, &b, &out, err) < 0)
		return NULL;
	rt_map_set(ap->late_cache, attr, out);
	return out;
}

static const struct rt_func *code_of(const struct activation *a, size_t i, const char *attr)
{
	const struct rt_value *v = rt_package_get(a->pkgs[i].pkg, attr);
	return v && v->type == RT_FUNC ? v->u.fn : NULL;
}

static int pkg_has(void *ud, size_t i, const char *attr)
{
	return code_of(ud, i, attr) != NULL;
}

static int pkg_run(void *ud, struct rt_rex *rx, size_t i, const char *attr, struct rt_error *err)
{
	struct activation *a = ud;
	char *qn = rt_xstrfmt("%s%s%s", a->ctx->pkgs[i].name, a->ctx->pkgs[i].version[0] ? "-" : "",
			      a->ctx->pkgs[i].version);
	int rc;
	rt_rex_set_package(rx, qn);
	rc = li_rex_run(a->lx, &a->pkgs[i].lp, code_of(a, i, attr), attr, err);
	rt_rex_set_package(rx, NULL);
	free(qn);
	return rc;
}

static struct rt_value *parent_environment(int empty)
{
	struct rt_value *m = rt_value_map();
	if (empty)
		return m;
	for (char **e = environ; *e; e++) {
		const char *eq = strchr(*e, '=');
		char *k;
		if (!eq || eq == *e)
			continue;
		k = rt_xmemdupz(*e, (size_t)(eq - *e));
		rt_map_set(m, k, rt_value_str(eq + 1));
		free(k);
	}
	return m;
}

static void system_paths(const struct rt_config *cfg, const char ***out, size_t *n)
{
	static const char *const fallback[] = {
		"/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"
	};
	const struct rt_value *l = rt_config_path_list(cfg, "standard_system_paths");
	if (l && rt_list_len(l)) {
		*out = rt_xcalloc(rt_list_len(l) + 1, sizeof(**out));
		for (size_t i = 0; i < rt_list_len(l); i++)
			(*out)[i] = rt_value_as_str(rt_list_at(l, i));
		*n = rt_list_len(l);
		return;
	}
	*out = rt_xcalloc(RT_ARRAY_LEN(fallback) + 1, sizeof(**out));
	for (size_t i = 0; i < RT_ARRAY_LEN(fallback); i++)
		(*out)[i] = fallback[i];
	*n = RT_ARRAY_LEN(fallback);
}

struct rt_value *cli_visible_suites(void)
{
	const char *path = getenv("PATH");
	struct rt_value *visible = rt_value_list();
	for (const char *p = path ? path : ""; *p; ) {
		size_t k = strcspn(p, ":");
		char *dir = rt_xmemdupz(p, k), *slash = strrchr(dir, '/'), *yaml, *parent;
		struct stat st;
		p += k + (p[k] == ':');
		if (!*dir || stat(dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
			free(dir);
			continue;
		}
		/* os.path.dirname: "" for "bin", "/" for "/bin" */
		parent = !slash ? rt_xstrdup(".") : slash == dir ? rt_xstrdup("/") :
			rt_xmemdupz(dir, (size_t)(slash - dir));
		yaml = rt_xstrfmt("%s/suite.yaml", parent);
		if (stat(yaml, &st) == 0 && S_ISREG(st.st_mode)) {
			int dup = 0;
			for (size_t i = 0; i < rt_list_len(visible); i++)
				dup |= rt_streq(rt_value_as_str(rt_list_at(visible, i)), parent);
			if (!dup) {
				rt_list_push(visible, rt_value_str_take(parent));
				parent = NULL;
			}
		}
		free(parent);
		free(yaml);
		free(dir);
	}
	return visible;
}

/* Rez's _append_suite_paths: the bin directories of the suites to keep visible in a new
 * context, by suite_visibility: every visible suite ("always"), or only the context's own
 * suite ("parent", "parent_priority"; and only when some suite is visible, as Rez). A new
 * RT_LIST of strings. */
static struct rt_value *suite_paths(const struct rt_context *ctx, const struct rt_config *cfg)
{
	const char *mode = rt_config_str(cfg, "suite_visibility");
	struct rt_value *visible, *out = rt_value_list();
	if (!mode || rt_streq(mode, "never"))
		return out;
	visible = cli_visible_suites();
	if (rt_list_len(visible) && rt_streq(mode, "always")) {
		for (size_t i = 0; i < rt_list_len(visible); i++)
			rt_list_push(out, rt_value_str_take(rt_xstrfmt("%s/bin",
				rt_value_as_str(rt_list_at(visible, i)))));
	} else if (rt_list_len(visible) && ctx->parent_suite_path) {
		rt_list_push(out, rt_value_str_take(rt_xstrfmt("%s/bin", ctx->parent_suite_path)));
	}
	rt_value_free(visible);
	return out;
}

static void apply_actions(struct rt_value *env, const struct rt_actions *acts)
{
	for (size_t i = 0; i < acts->n; i++) {
		const struct rt_action *act = &acts->v[i];
		switch (act->kind) {
		case RT_ACT_SETENV:
		case RT_ACT_RESETENV:
		case RT_ACT_APPENDENV:
		case RT_ACT_PREPENDENV:
			rt_map_set(env, act->key, rt_value_str(act->expanded ? act->expanded : ""));
			break;
		case RT_ACT_UNSETENV:
			rt_map_del(env, act->key);
			break;
		default:
			break;
		}
	}
}

static void activation_close(struct activation *act)
{
	if (act->lx)
		li_rex_free(act->lx);
	free((void *)act->lctx.resolve);
	if (act->L)
		li_state_close(act->L);
	if (act->pkgs) {
		for (size_t i = 0; i < act->ctx->n_pkgs; i++)
			rt_value_free(act->pkgs[i].late_cache);
		free(act->pkgs);
	}
	if (act->repo && !act->borrowed_repo)
		rt_repo_free(act->repo);
	free(act);
}

/* Loads the context's packages from its repositories and prepares a sandboxed state with
 * the context-wide bindings (no rex executor yet). */
static struct activation *activation_open(const struct rt_context *ctx, const struct rt_config *cfg,
					  struct rt_repo *repo, struct rt_error *err)
{
	struct activation *act = rt_xcalloc(1, sizeof(*act));
	struct li_limits lim = limits_of(cfg);
	struct rt_value *paths = rt_value_list();
	struct li_pkg *lps;

	act->ctx = ctx;
	if (ctx->status != RT_CTX_SOLVED) {
		rt_value_free(paths);
		free(act);
		rt_error(err, "the context did not resolve: nothing to activate");
		return NULL;
	}
	if (repo) {
		/* The repository the context was just resolved from: its packages are loaded. */
		act->repo = repo;
		act->borrowed_repo = 1;
	} else {
		for (size_t i = 0; i < ctx->package_paths.n; i++)
			rt_list_push(paths, rt_value_str(ctx->package_paths.v[i]));
		act->repo = cli_repo_open(cfg, paths, 0, err);
	}
	rt_value_free(paths);
	if (!act->repo)
		goto fail;
	act->pkgs = rt_xcalloc(ctx->n_pkgs + 1, sizeof(*act->pkgs));
	for (size_t i = 0; i < ctx->n_pkgs; i++) {
		const struct rt_context_pkg *p = &ctx->pkgs[i];
		struct act_pkg *ap = &act->pkgs[i];
		ap->late_cache = rt_value_map();
		ap->pkg = rt_repo_load_resolved(act->repo, p->name, p->version, p->location, err);
		if (!ap->pkg)
			goto fail;
		ap->owner = act;
		ap->lp.name = p->name;
		ap->lp.version = p->version;
		ap->lp.ver = ap->pkg->version;
		ap->lp.root = p->root;
		ap->lp.base = p->base;
		ap->lp.uri = p->uri;
		ap->lp.variant_index = p->variant_index;
		ap->lp.data = ap->pkg->data;
		ap->lp.get_attr = get_attr;
		ap->lp.ud = ap;
		ap->parent = ap->lp;
		ap->parent.root = NULL;
		ap->parent.variant_index = -1;
	}
	act->L = li_state_new(&lim, err);
	if (!act->L)
		goto fail;
	if (li_include_set_path(act->L, rt_config_path_list(cfg, "package_definition_lua_path"),
				err) < 0)
		goto fail;
	act->lctx.building = ctx->building;
	act->lctx.testing = ctx->testing;
	act->lctx.requests = (const char *const *)ctx->requests.v;
	act->lctx.n_requests = ctx->requests.n;
	act->lctx.implicits = (const char *const *)ctx->implicits.v;
	act->lctx.n_implicits = ctx->implicits.n;
	lps = rt_xcalloc(ctx->n_pkgs + 1, sizeof(*lps));
	for (size_t i = 0; i < ctx->n_pkgs; i++)
		lps[i] = act->pkgs[i].lp;
	act->lctx.resolve = lps;
	act->lctx.n_resolve = ctx->n_pkgs;
	act->lctx.optionvars = rt_config_get(cfg, "optionvars");
	return act;
fail:
	activation_close(act);
	return NULL;
}

int cli_context_attr(const struct rt_context *ctx, const struct rt_config *cfg, const char *attr,
		     int (*fn)(void *ud, size_t i, const struct rt_value *v), void *ud,
		     struct rt_error *err)
{
	struct activation *act = activation_open(ctx, cfg, NULL, err);
	int rc = 0;
	if (!act)
		return -1;
	for (size_t i = 0; i < ctx->n_pkgs && rc == 0; i++) {
		const struct rt_value *v;
		rt_error_release(err);
		v = get_attr(&act->pkgs[i], attr, err);
		if (!v && err && err->msg)
			rc = -1;
		else
			rc = fn(ud, i, v);
	}
	activation_close(act);
	return rc;
}

struct pre_actions_call {
	struct activation *act;
	const struct cli_activation *a;
};

static int run_pre_actions(void *ud, struct rt_rex *rx, struct rt_error *err)
{
	struct pre_actions_call *c = ud;
	(void)rx;
	return c->a->pre_actions(c->a->pre_actions_ud, c->act->lx, c->act->lctx.resolve,
				 c->act->lctx.n_resolve, err);
}

struct post_call {
	const struct cli_activation *a;
	struct activation *act;
};

static int post_run(void *ud, struct rt_rex *rx, struct rt_error *err)
{
	struct post_call *pc = ud;
	return pc->a->post(pc->a->post_ud, pc->act->lx, rx, err);
}

int cli_activate(const struct rt_context *ctx, const struct rt_config *cfg,
		 const struct cli_activation *a, struct rt_actions *actions,
		 struct rt_value **environ_out, struct rt_error *err)
{
	struct activation *act;
	struct rt_rex_config rcfg;
	struct rt_rex *rx = NULL;
	struct rt_value *penv = NULL;
	struct rt_ctxexec_opts opts;
	struct pre_actions_call pre;
	const char **sys = NULL, **spaths = NULL;
	struct rt_value *suites = NULL;
	size_t n_sys = 0;
	const char *self = cli_self_dir();
	char *rez_used = NULL, pathsep[2] = { a->shell->pathsep, '\0' };
	const char *vis = rt_config_str(cfg, "rez_tools_visibility");
	struct post_call pc;
	int rc = -1;

	act = activation_open(ctx, cfg, a->repo, err);
	if (!act)
		return -1;
	penv = parent_environment(a->no_env);
	memset(&rcfg, 0, sizeof(rcfg));
	rcfg.shell = a->shell->name;
	rcfg.pathsep = pathsep;
	rcfg.env_var_separators = rt_config_map(cfg, "env_var_separators");
	rcfg.shell_env_var_separators = rt_config_map(cfg, "shell_env_var_separators");
	rcfg.parent_variables = rt_config_str_list(cfg, "parent_variables");
	rcfg.resetting_variables = rt_config_str_list(cfg, "resetting_variables");
	rcfg.pathed_env_vars = rt_config_str_list(cfg, "pathed_env_vars");
	rcfg.all_parent_variables = rt_config_bool(cfg, "all_parent_variables") || a->all_parent_vars;
	if (a->parent_vars)
		rcfg.parent_variables = a->parent_vars;
	rcfg.all_resetting_variables = rt_config_bool(cfg, "all_resetting_variables");
	rcfg.case_insensitive = !!(a->shell->flags & RT_SHELL_NOCASE);
	rcfg.path_style = rt_streq(a->shell->name, "gitbash") ? RT_REX_PATHS_GITBASH :
			  (a->shell->flags & RT_SHELL_WINPATHS) ? RT_REX_PATHS_WINDOWS :
			  RT_REX_PATHS_NATIVE;
	rcfg.home = getenv("HOME");
	rx = rt_rex_new(&rcfg, penv, err);
	if (!rx)
		goto out;
	act->lx = li_rex_new(act->L, rx, &act->lctx, err);
	if (!act->lx)
		goto out;
	if (a->rex_code) {
		if (li_rex_run_code(act->lx, a->rex_code, a->rex_name ? a->rex_name : "=rex", err) < 0)
			goto out;
		rt_rex_take_actions(rx, actions);
		goto done;
	}

	system_paths(cfg, &sys, &n_sys);
	memset(&opts, 0, sizeof(opts));
	opts.rxt_file = a->rxt_file;
	opts.context_file = a->context_file;
	if (self) {
		char *slash;
		rez_used = rt_xstrdup(self);
		slash = strrchr(rez_used, '/');
		if (slash && slash != rez_used)
			*slash = '\0';
	}
	opts.rez_used = rez_used;
	opts.pathsep = pathsep;
	opts.local_packages_path = rt_config_str(cfg, "local_packages_path");
	opts.system_paths = sys;
	opts.n_system_paths = n_sys;
	suites = suite_paths(ctx, cfg);
	opts.n_suite_paths = rt_list_len(suites);
	if (opts.n_suite_paths) {
		spaths = rt_xcalloc(opts.n_suite_paths + 1, sizeof(*spaths));
		for (size_t i = 0; i < opts.n_suite_paths; i++)
			spaths[i] = rt_value_as_str(rt_list_at(suites, i));
		opts.suite_paths = spaths;
	}
	opts.rez_bin_path = (self && vis && !rt_streq(vis, "never")) ? self : NULL;
	opts.rez_bin_prepend = vis && rt_streq(vis, "prepend");
	opts.shell_vars = a->shell_vars;
	opts.interactive = a->interactive;
	opts.now = (long long)time(NULL);
	if (a->pre_actions) {
		pre.act = act;
		pre.a = a;
		opts.pre_actions = run_pre_actions;
		opts.pre_actions_ud = &pre;
	}
	opts.pre_vars = a->pre_vars;
	if (a->post) {
		pc.a = a;
		pc.act = act;
		opts.post = post_run;
		opts.post_ud = &pc;
	}
	if (rt_ctxexec_run(ctx, rx, &opts, &(struct rt_pkgcode_ops){ pkg_has, pkg_run }, act, err) < 0)
		goto out;
	rt_rex_take_actions(rx, actions);
done:
	if (environ_out) {
		apply_actions(penv, actions);
		*environ_out = penv;
		penv = NULL;
	}
	rc = 0;
out:
	activation_close(act);
	rt_rex_free(rx);
	rt_value_free(penv);
	free(sys);
	free(spaths);
	rt_value_free(suites);
	free(rez_used);
	return rc;
}

int cli_activation_script(const struct rt_context *ctx, const struct rt_config *cfg,
			  const struct cli_activation *a, struct rt_buf *out, struct rt_error *err)
{
	struct rt_actions acts = RT_ACTIONS_INIT;
	struct rt_emit_opts eo = { NULL, RT_LAYOUT_FOLDED };
	int rc = rt_script_layout_parse(rt_config_str(cfg, "shell_script_layout"), &eo.layout, err);
	if (rc == 0)
		rc = cli_activate(ctx, cfg, a, &acts, NULL, err);
	if (rc == 0)
		rc = rt_shell_emit(a->shell, &acts, &eo, out, err);
	rt_actions_release(&acts);
	return rc;
}

/* ---- requirements of the resolved packages (graphs, trees) ---- */

struct reqs_acc {
	const struct rt_context *ctx;
	struct rt_value *reqs;
};

static void reqs_add(struct rt_value *into, const struct rt_value *v)
{
	if (!v || v->type != RT_LIST)
		return;
	for (size_t k = 0; k < rt_list_len(v); k++) {
		const char *s = rt_value_as_str(rt_list_at(v, k));
		if (s)
			rt_list_push(into, rt_value_str(s));
	}
}

static int reqs_plain(void *ud, size_t i, const struct rt_value *v)
{
	struct reqs_acc *g = ud;
	reqs_add(rt_list_at(g->reqs, i), v);
	return 0;
}

static int reqs_variant(void *ud, size_t i, const struct rt_value *v)
{
	struct reqs_acc *g = ud;
	int idx = g->ctx->pkgs[i].variant_index;
	if (v && v->type == RT_LIST && idx >= 0 && (size_t)idx < rt_list_len(v))
		reqs_add(rt_list_at(g->reqs, i), rt_list_at(v, (size_t)idx));
	return 0;
}

struct rt_value *cli_context_requires(const struct rt_context *ctx, const struct rt_config *cfg,
				      struct rt_error *err)
{
	struct reqs_acc g = { ctx, rt_value_list() };
	for (size_t i = 0; i < ctx->n_pkgs; i++)
		rt_list_push(g.reqs, rt_value_list());
	if (cli_context_attr(ctx, cfg, "requires", reqs_plain, &g, err) < 0 ||
	    cli_context_attr(ctx, cfg, "variants", reqs_variant, &g, err) < 0) {
		rt_value_free(g.reqs);
		return NULL;
	}
	return g.reqs;
}
