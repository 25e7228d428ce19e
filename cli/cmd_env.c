/* cmd_env.c - `rez env`: resolve a request and start a shell in it, run a command in it, or
 * save it as a context file. */
#include "cli/activate.h"
#include "cli/cli.h"
#include "cli/ctxinfo.h"
#include "runtime/buf.h"
#include "runtime/config.h"
#include "runtime/context.h"
#include "runtime/file.h"
#include "runtime/filter.h"
#include "runtime/proc.h"
#include "runtime/repo.h"
#include "runtime/resolve.h"
#include "runtime/shell.h"
#include "runtime/value.h"
#include "runtime/version.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static const struct cli_opt env_opts[] = {
	{ 0, "shell", CLI_VALUE, "SHELL", "target shell (default: default_shell, else $SHELL)" },
	{ 0, "rcfile", CLI_VALUE, "FILE", "source this file instead of the shell's startup files" },
	{ 0, "norc", CLI_FLAG, NULL, "skip the shell's startup files" },
	{ 'c', "command", CLI_VALUE, "CMD", "run CMD (shell code) in the environment and exit with its status" },
	{ 's', "stdin", CLI_FLAG, NULL, "read commands from standard input" },
	{ 0, "no-implicit|ni", CLI_FLAG, NULL, "do not add the implicit packages to the request" },
	{ 0, "no-local|nl", CLI_FLAG, NULL, "do not search local_packages_path" },
	{ 'b', "build", CLI_FLAG, NULL, "a build environment: packages' build_requires are resolved" },
	{ 0, "paths", CLI_VALUE, "PATHS", "colon-separated package search path (default: packages_path)" },
	{ 't', "time", CLI_VALUE, "T", "ignore packages released after T (epoch, or -N[smhd] ago)" },
	{ 0, "max-fails", CLI_VALUE, "N", "abort the resolve after N failed steps" },
	{ 0, "time-limit", CLI_VALUE, "SECS", "abort the resolve after SECS seconds" },
	{ 'o', "output", CLI_VALUE, "FILE", "save the context to FILE ('-': stdout) instead of starting a shell" },
	{ 'i', "input", CLI_VALUE, "FILE", "use a saved context instead of resolving" },
	{ 0, "exclude", CLI_MULTI, "RULE", "package filter exclusion rules (glob, regex(), range(), before(), after())" },
	{ 0, "include", CLI_MULTI, "RULE", "package filter inclusion rules" },
	{ 0, "no-filters", CLI_FLAG, NULL, "ignore the package_filter setting" },
	{ 'p', "patch", CLI_FLAG, NULL, "patch the current context (or --input) with the given requests" },
	{ 0, "strict", CLI_FLAG, NULL, "with --patch: start from the resolved packages, not the request" },
	{ 0, "patch-rank", CLI_VALUE, "N", "with --patch: resolved versions may change only from rank N on (limits added as ~foo<...)" },
	{ 0, "no-cache", CLI_FLAG, NULL, "do not read or write the package cache" },
	{ 'q', "quiet", CLI_FLAG, NULL, "no welcome message" },
	{ 0, "new-session", CLI_FLAG, NULL, "start the shell in a new session (setsid)" },
	{ 0, "detached", CLI_FLAG, NULL, "start the shell in terminal_emulator_command" },
	{ 0, "variant-select-mode", CLI_VALUE, "MODE", "version_priority or intersection_priority" },
	{ 'v', "verbose", CLI_FLAG, NULL, "more output (repeatable)" },
};
#define N_OPTS RT_ARRAY_LEN(env_opts)
#define OPT(name) cli_get(env_opts, N_OPTS, &args, name)

static const char usage[] = "rez env [options] [PKG ...] [-- CMD ARGS...]";

static int parse_long(const char *opt, const char *s, long *out, struct rt_error *err)
{
	char *end;
	errno = 0;
	*out = strtol(s, &end, 10);
	if (!*s || *end || errno || *out < 0)
		return rt_error(err, "option '--%s' needs a non-negative integer (got '%s')", opt, s);
	return 0;
}

/* --patch, as Rez's get_patched_request: "^name" removes the family from the base request;
 * a request replaces, in place, the base request of the same family and kind (normal, weak,
 * conflict); anything else is appended in order. With rank > 1 (and not strict), every
 * resolved package not named by a non-conflict patch request gets "~name<next(version
 * trimmed to rank-1 tokens)" when its version has at least `rank` tokens, so only that rank
 * and below may change. */
static int patch_requests(const struct rt_strlist *base, const char *const *reqs, size_t n,
			  const struct rt_context *ctx, long rank, struct rt_strlist *out,
			  struct rt_error *err)
{
	size_t nb = base->n;
	struct rt_request **b = rt_xcalloc(nb + 1, sizeof(*b));
	char **slot = rt_xcalloc(nb + 1, sizeof(*slot));   /* the replacement, or NULL */
	unsigned char *gone = rt_xcalloc(nb + 1, 1), *used = rt_xcalloc(nb + 1, 1);
	struct rt_strlist extra = { NULL, 0, 0 };
	int rc = -1;

	for (size_t i = 0; i < nb; i++) {
		if (!(b[i] = rt_request_parse(base->v[i], err)))
			goto out;
		for (size_t j = 0; j < n; j++)
			if (reqs[j][0] == '^' && rt_streq(reqs[j] + 1, rt_request_name(b[i])))
				gone[i] = 1;
	}
	for (size_t j = 0; j < n; j++) {
		struct rt_request *r;
		size_t hit = nb;
		if (reqs[j][0] == '^')
			continue;
		if (!(r = rt_package_request_parse(reqs[j], err)))
			goto out;
		/* the last base request of that name that is still there, once */
		for (size_t i = 0; i < nb; i++)
			if (!gone[i] && rt_streq(rt_request_name(b[i]), rt_request_name(r)))
				hit = i;
		if (hit < nb && !used[hit] &&
		    rt_request_is_conflict(r) == rt_request_is_conflict(b[hit]) &&
		    rt_request_is_weak(r) == rt_request_is_weak(b[hit])) {
			slot[hit] = (char *)reqs[j];
			used[hit] = 1;
		} else {
			rt_strlist_push(&extra, reqs[j]);
		}
		rt_request_free(r);
	}
	for (size_t i = 0; i < nb; i++)
		if (!gone[i])
			rt_strlist_push(out, slot[i] ? slot[i] : base->v[i]);
	for (size_t i = 0; i < extra.n; i++)
		rt_strlist_push(out, extra.v[i]);
	if (ctx && rank > 1) {
		for (size_t k = 0; k < ctx->n_pkgs; k++) {
			const struct rt_context_pkg *p = &ctx->pkgs[k];
			struct rt_version *v, *t, *nx;
			int overridden = 0;
			for (size_t j = 0; j < n && !overridden; j++) {
				struct rt_request *r = reqs[j][0] == '^' ? NULL :
						       rt_request_parse(reqs[j], NULL);
				overridden = r && !rt_request_is_conflict(r) &&
					     rt_streq(rt_request_name(r), p->name);
				rt_request_free(r);
			}
			if (overridden || !(v = rt_version_parse(p->version, NULL)))
				continue;
			if (rt_version_ntokens(v) >= (size_t)rank) {
				t = rt_version_trim(v, (size_t)rank - 1);
				nx = rt_version_next(t);
				if (nx) {
					char *lim = rt_xstrfmt("~%s<%s", p->name, rt_version_str(nx));
					rt_strlist_push(out, lim);
					free(lim);
				}
				rt_version_free(nx);
				rt_version_free(t);
			}
			rt_version_free(v);
		}
	}
	rc = 0;
out:
	for (size_t i = 0; i < nb; i++)
		rt_request_free(b[i]);
	free(b);
	free(slot);
	free(gone);
	free(used);
	rt_strlist_release(&extra);
	return rc;
}

static struct rt_filter_list *build_filter(const struct rt_config *cfg, const struct cli_args *a,
					   int no_filters, const struct cli_optval *ex,
					   const struct cli_optval *in, struct rt_value **value,
					   struct rt_error *err)
{
	struct rt_value *list = rt_value_list();
	struct rt_filter_list *fl;
	const struct rt_value *conf = rt_config_get(cfg, "package_filter");
	(void)a;
	if (!no_filters && conf && conf->type == RT_LIST) {
		for (size_t i = 0; i < rt_list_len(conf); i++)
			rt_list_push(list, rt_value_copy(rt_list_at(conf, i)));
	} else if (!no_filters && conf && conf->type == RT_MAP) {
		rt_list_push(list, rt_value_copy(conf));
	}
	if (ex->n_values || in->n_values) {
		struct rt_value *f = rt_value_map(), *exl = rt_value_list(), *inl = rt_value_list();
		for (size_t i = 0; i < ex->n_values; i++)
			rt_list_push(exl, rt_value_str(ex->values[i]));
		for (size_t i = 0; i < in->n_values; i++)
			rt_list_push(inl, rt_value_str(in->values[i]));
		rt_map_set(f, "excludes", exl);
		rt_map_set(f, "includes", inl);
		rt_list_push(list, f);
	}
	*value = list;
	if (!rt_list_len(list))
		return NULL;          /* no filter: the solver skips the per-package check */
	fl = rt_filter_list_from_value(list, err);
	if (!fl) {
		rt_value_free(list);
		*value = NULL;
	}
	return fl;
}

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

/* Runs sp (files written already) and waits; returns the shell's exit status. */
static int run_shell(const char *tool, const struct rt_spawn *sp, int new_session)
{
	int st = rt_proc_run(sp->argv, sp->env, sp->nenv, new_session, tool);
	if (st < 0) {
		cli_error(tool, "cannot start the shell: %s", strerror(errno));
		return RT_EXIT_FAIL;
	}
	return st;
}

static int start_shell(const char *tool, const struct rt_config *cfg, const struct rt_context *ctx,
		       struct rt_repo *repo, const struct rt_shell *sh, const char *command,
		       int stdin_mode, const char *rcfile, int norc, int quiet, int new_session)
{
	struct rt_error err = RT_ERROR_INIT;
	struct rt_buf tmpl = RT_BUF_INIT, exe = RT_BUF_INIT, script = RT_BUF_INIT;
	struct rt_spawn sp = RT_SPAWN_INIT;
	struct rt_spawn_opts so;
	struct cli_activation a;
	const char *tmp = rt_config_str(cfg, "context_tmpdir");
	char *dir = NULL, *rxt = NULL, *ctxfile = NULL, *key;
	const char *exe_conf, *prompt;
	int rc = RT_EXIT_FAIL;

	if (!tmp || !*tmp)
		tmp = rt_config_str(cfg, "tmpdir");
	rt_buf_addf(&tmpl, "%s/rez_context_XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(tmpl.buf)) {
		cli_error(tool, "cannot create a directory in '%s': %s", tmp, strerror(errno));
		goto out;
	}
	dir = rt_xstrdup(tmpl.buf);
	rxt = rt_xstrfmt("%s/context.rxt", dir);
	ctxfile = rt_xstrfmt("%s/context%s", dir, sh->ext);
	/* The shell's files live in a private temporary directory that dies with the shell:
	 * written whole, but not synced to disk. */
	if (rt_context_to_json(ctx, &script, &err) < 0 ||
	    rt_file_write_atomic(rxt, script.buf, script.len, 0644, RT_FILE_NOSYNC, &err) < 0)
		goto fail;
	rt_buf_reset(&script);

	memset(&a, 0, sizeof(a));
	a.shell = sh;
	a.rxt_file = rxt;
	a.context_file = ctxfile;
	a.shell_vars = 1;
	a.repo = repo;
	a.interactive = !command && !stdin_mode;
	if (cli_activation_script(ctx, cfg, &a, &script, &err) < 0 ||
	    rt_file_write_atomic(ctxfile, script.buf, script.len, 0644, RT_FILE_NOSYNC, &err) < 0)
		goto fail;

	key = rt_xstrfmt("plugins.shell.%s.executable_fullpath", sh->name);
	exe_conf = rt_config_get(cfg, key) ? rt_config_str(cfg, key) : NULL;
	free(key);
	if (exe_conf && *exe_conf) {
		rt_buf_adds(&exe, exe_conf);
	} else if (rt_shell_which(sh, &exe) < 0) {
		rt_error(&err, "shell '%s' (%s) was not found on PATH", sh->name, sh->executable);
		goto fail;
	}
	key = rt_xstrfmt("plugins.shell.%s.prompt", sh->name);
	prompt = rt_config_get(cfg, key) ? rt_config_str(cfg, key) : NULL;
	free(key);

	memset(&so, 0, sizeof(so));
	so.exe = exe.buf;
	so.tmpdir = dir;
	so.context_path = ctxfile;
	so.mode = command ? RT_SPAWN_COMMAND : stdin_mode ? RT_SPAWN_STDIN : RT_SPAWN_INTERACTIVE;
	so.command = command;
	so.rcfile = rcfile;
	so.norc = norc;
	so.prompt = prompt;
	so.set_prompt = rt_config_bool(cfg, "set_prompt");
	so.prompt_suffix = !rt_config_bool(cfg, "prefix_prompt");
	so.home = getenv("HOME");
	so.quiet = quiet;
	if (rt_shell_spawn(sh, &so, &sp, &err) < 0)
		goto fail;
	for (size_t i = 0; i < sp.nfiles; i++)
		if (rt_file_write_atomic(sp.files[i].path, sp.files[i].text, sp.files[i].len, 0644,
					 RT_FILE_NOSYNC, &err) < 0)
			goto fail;
	rc = run_shell(tool, &sp, new_session);
	goto out;
fail:
	cli_error(tool, "%s", rt_error_msg(&err));
	rc = RT_EXIT_FAIL;
out:
	if (dir)
		remove_tree(dir);
	rt_spawn_release(&sp);
	rt_buf_release(&tmpl);
	rt_buf_release(&exe);
	rt_buf_release(&script);
	rt_error_release(&err);
	free(dir);
	free(rxt);
	free(ctxfile);
	return rc;
}

int cli_cmd_env(int argc, char **argv)
{
	const char *tool = cli_tool_name(argv[0]);
	struct cli_args args;
	struct rt_error err = RT_ERROR_INIT;
	struct rt_config *cfg = NULL;
	struct rt_context *ctx = NULL, *base = NULL;
	struct rt_repo *repo = NULL;
	struct rt_value *paths = NULL, *filter_value = NULL;
	struct rt_filter_list *filter = NULL;
	struct rt_strlist reqs = { NULL, 0, 0 };
	struct rt_buf cmdline = RT_BUF_INIT;
	const struct rt_shell *sh;
	const char *command, *output, *input;
	int help, rc = RT_EXIT_FAIL;

	if (cli_parse(env_opts, N_OPTS, argc, argv, &args, &help, usage, &err) < 0) {
		cli_error(tool, "%s", rt_error_msg(&err));
		rt_error_release(&err);
		cli_args_release(&args);
		return RT_EXIT_USAGE;
	}
	cli_verbosity = (int)OPT("verbose")->count;
	if (help) {
		cli_args_release(&args);
		return RT_EXIT_OK;
	}
	cfg = cli_load_config(tool);
	if (!cfg)
		goto done;
	if (OPT("no-cache")->count &&
	    rt_config_override(cfg, "package_cache", rt_value_bool(0), &err) < 0)
		goto fail;
	command = OPT("command")->value;
	output = OPT("output")->value;
	input = OPT("input")->value;
	if (command && args.has_rest) {
		cli_error(tool, "--command and '-- CMD' cannot be used together");
		rc = RT_EXIT_USAGE;
		goto done;
	}
	if (input && args.n_pos && !OPT("patch")->count) {
		cli_error(tool, "packages cannot be given with --input (use --patch to change its request)");
		rc = RT_EXIT_USAGE;
		goto done;
	}
	if (OPT("detached")->count) {
		cli_error(tool, "--detached needs a terminal emulator, which rez-lua does not start on Linux; "
			  "use --new-session");
		rc = RT_EXIT_USAGE;
		goto done;
	}
	sh = cli_pick_shell(cfg, OPT("shell")->value, &err);
	if (!sh)
		goto fail;

	if (input && !OPT("patch")->count) {
		ctx = rt_context_load(input, &err);
		if (!ctx)
			goto fail;
	} else {
		struct rt_resolve_opts ro;
		const struct rt_value *impl = rt_config_str_list(cfg, "implicit_packages");
		const char **implicits = NULL;
		const char *vsm = OPT("variant-select-mode")->value;
		const char *cur = getenv("REZ_RXT_FILE");
		long lval;

		if (OPT("patch")->count) {
			const char *from = input ? input : cur;
			if (!from) {
				cli_error(tool, "--patch needs a context: run it inside one, or give --input");
				rc = RT_EXIT_USAGE;
				goto done;
			}
			base = rt_context_load(from, &err);
			if (!base)
				goto fail;
			if (OPT("strict")->count) {
				/* Rez starts from the qualified package names (foo-1.2) */
				struct rt_strlist resolved = { NULL, 0, 0 };
				int prc;
				for (size_t i = 0; i < base->n_pkgs; i++) {
					struct rt_buf q = RT_BUF_INIT;
					rt_buf_adds(&q, base->pkgs[i].name);
					if (base->pkgs[i].version[0])
						rt_buf_addf(&q, "-%s", base->pkgs[i].version);
					rt_strlist_push(&resolved, q.buf);
					rt_buf_release(&q);
				}
				prc = patch_requests(&resolved, args.pos, args.n_pos, NULL, 0, &reqs,
						     &err);
				rt_strlist_release(&resolved);
				if (prc < 0)
					goto fail;
			} else {
				long rank = 0;
				if (OPT("patch-rank")->value &&
				    parse_long("patch-rank", OPT("patch-rank")->value, &rank, &err) < 0)
					goto fail;
				if (patch_requests(&base->requests, args.pos, args.n_pos, base, rank,
						   &reqs, &err) < 0)
					goto fail;
			}
		} else {
			for (size_t i = 0; i < args.n_pos; i++)
				rt_strlist_push(&reqs, args.pos[i]);
		}

		memset(&ro, 0, sizeof(ro));
		ro.solver = (struct rt_solver_options)RT_SOLVER_OPTIONS_INIT;
		paths = cli_package_paths(cfg, OPT("paths")->value, OPT("no-local")->count > 0);
		repo = cli_repo_open(cfg, paths, OPT("paths")->value != NULL, &err);
		if (!repo)
			goto fail;
		filter = build_filter(cfg, &args, OPT("no-filters")->count > 0, OPT("exclude"),
				      OPT("include"), &filter_value, &err);
		if (!filter && !filter_value)
			goto fail;
		if (!OPT("no-implicit")->count && impl) {
			implicits = rt_xcalloc(rt_list_len(impl) + 1, sizeof(*implicits));
			for (size_t i = 0; i < rt_list_len(impl); i++)
				implicits[i] = rt_value_as_str(rt_list_at(impl, i));
			ro.n_implicits = rt_list_len(impl);
		}
		ro.requests = (const char *const *)reqs.v;
		ro.n_requests = reqs.n;
		ro.implicits = implicits;
		ro.repo = repo;
		ro.filter = filter;
		ro.filter_value = filter_value;
		ro.resolve_caching = rt_config_bool(cfg, "resolve_caching");
		ro.resolve_min_compress_len =
			(size_t)rt_config_int(cfg, "memcached_resolve_min_compress_len");
		if (OPT("time")->value && cli_parse_time(OPT("time")->value, &ro.timestamp, &err) < 0) {
			free(implicits);
			goto fail;
		}
		if (!vsm)
			vsm = rt_config_str(cfg, "variant_select_mode");
		if (vsm && rt_streq(vsm, "intersection_priority"))
			ro.solver.variant_select_mode = RT_VARIANT_SELECT_INTERSECTION_PRIORITY;
		else if (vsm && !rt_streq(vsm, "version_priority")) {
			rt_error(&err, "invalid variant select mode '%s' (expected version_priority or intersection_priority)", vsm);
			free(implicits);
			goto fail;
		}
		ro.solver.building = OPT("build")->count > 0;
		ro.solver.error_on_missing_variant_requires =
			rt_config_bool(cfg, "error_on_missing_variant_requires");
		if (OPT("max-fails")->value) {
			if (parse_long("max-fails", OPT("max-fails")->value, &lval, &err) < 0) {
				free(implicits);
				goto fail;
			}
			ro.solver.max_fails = lval;
		}
		if (OPT("time-limit")->value) {
			char *end;
			double t = strtod(OPT("time-limit")->value, &end);
			if (*end || t < 0) {
				rt_error(&err, "option '--time-limit' needs a number of seconds (got '%s')",
					 OPT("time-limit")->value);
				free(implicits);
				goto fail;
			}
			ro.solver.time_limit = t;
		}
		ctx = rt_resolve(&ro, &err);
		free(implicits);
		if (!ctx)
			goto fail;
	}

	if (ctx->status != RT_CTX_SOLVED) {
		struct cli_ctxinfo_opts io = { OPT("verbose")->count, 0, 0, rt_config_str(cfg, "local_packages_path") };
		cli_ctxinfo_print(ctx, &io, stderr);
		if (output && rt_context_save(ctx, output, &err) < 0)
			goto fail;
		rc = RT_EXIT_FAIL;
		goto done;
	}
	if (output) {
		if (rt_context_save(ctx, output, &err) < 0)
			goto fail;
		rc = RT_EXIT_OK;
		goto done;
	}
	if (args.has_rest) {
		if (!args.n_rest) {
			cli_error(tool, "'--' must be followed by a command");
			rc = RT_EXIT_USAGE;
			goto done;
		}
		if (rt_shell_join(sh, args.rest, args.n_rest, &cmdline, &err) < 0)
			goto fail;
		command = cmdline.buf;
	}
	{
		/* As Rez: without rez's tools on PATH the welcome text (which names them) is left out. */
		const char *vis = rt_config_str(cfg, "rez_tools_visibility");
		int quiet = OPT("quiet")->count > 0 || command != NULL || (vis && rt_streq(vis, "never"));
		rc = start_shell(tool, cfg, ctx, repo, sh, command, OPT("stdin")->count > 0,
				 OPT("rcfile")->value, OPT("norc")->count > 0, quiet,
				 OPT("new-session")->count > 0);
	}
	goto done;
fail:
	cli_error(tool, "%s", rt_error_msg(&err));
	rc = RT_EXIT_FAIL;
done:
	rt_strlist_release(&reqs);
	rt_buf_release(&cmdline);
	rt_filter_list_free(filter);
	rt_value_free(filter_value);
	rt_value_free(paths);
	if (repo)
		rt_repo_free(repo);
	rt_context_free(ctx);
	rt_context_free(base);
	if (cfg)
		rt_config_free(cfg);
	rt_error_release(&err);
	cli_args_release(&args);
	return rc;
}
