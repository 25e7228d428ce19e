/* cmd_release.c - `rez release`: checks the repository and the release path, runs the
 * pre-release hooks, builds and installs every variant centrally (runtime/build via
 * cli_build_run) with the release data stored in the installed definition, runs the
 * post-release hooks, tags the release and summarises (spec §5.6). `--flush-hooks` delivers
 * what the hooks' outbox still holds. */
#include "cli/activate.h"
#include "cli/buildhooks.h"
#include "cli/pkgtest.h"
#include "cli/buildops.h"
#include "cli/cli.h"
#include "hooks/release/release.h"
#include "interp/preprocess.h"
#include "runtime/buf.h"
#include "runtime/config.h"
#include "runtime/json.h"
#include "runtime/package.h"
#include "runtime/release/vcs.h"
#include "runtime/repo.h"
#include "runtime/value.h"
#include "runtime/version.h"

#include <errno.h>
#include <pwd.h>
#include <spawn.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const struct cli_opt release_opts[] = {
	{ 'm', "message", CLI_VALUE, "MSG", "release message" },
	{ 0, "no-message", CLI_FLAG, NULL, "do not prompt for a release message" },
	{ 0, "vcs", CLI_VALUE, "VCS", "force the version control system (git, stub)" },
	{ 0, "no-latest", CLI_FLAG, NULL, "allow releasing a version older than the latest released" },
	{ 0, "ignore-existing-tag", CLI_FLAG, NULL, "release even when the version is already tagged" },
	{ 0, "skip-repo-errors", CLI_FLAG, NULL, "release even when repository checks fail" },
	{ 0, "flush-hooks", CLI_FLAG, NULL, "deliver the notifications left in the release hook outbox, and exit" },
	{ 0, "view-pre", CLI_FLAG, NULL, "print the preprocessed package definition and exit" },
	{ 0, "process", CLI_VALUE, "PROCESS", "the build process to use (local)" },
	{ 'b', "build-system", CLI_VALUE, "NAME", "the build system to use: custom, cmake or make" },
	{ 0, "variants", CLI_MULTI, "INDEX", "select variants to release (zero-indexed)" },
	{ 0, "ba|build-args", CLI_VALUE, "ARGS", "arguments passed to the build system (or give them after --)" },
	{ 0, "cba|child-build-args", CLI_VALUE, "ARGS", "arguments passed to the child build system (or after a second --)" },
};
#define N_OPTS RT_ARRAY_LEN(release_opts)
#define OPT(name) cli_get(release_opts, N_OPTS, &args, name)

static const char usage[] =
	"usage: rez release [-m MSG | --no-message] [--vcs VCS] [--no-latest] [--ignore-existing-tag]\n"
	"                   [--skip-repo-errors] [--variants I...] [-b SYSTEM] [--ba ARGS] [--cba ARGS]\n"
	"                   [--view-pre] [-- BUILD_ARGS [-- CHILD_BUILD_ARGS]]\n"
	"       rez release --flush-hooks\n";

extern char **environ;

static const char *g_tool = "rez-release";

static void hook_print(void *ud, enum hk_level level, const char *text)
{
	(void)ud;
	fflush(stdout);
	switch (level) {
	case HK_OUT:
		printf("%s\n", text);
		break;
	case HK_INFO:
	case HK_DEBUG:
		printf("%s\n", text);
		break;
	case HK_WARN:
		cli_warn(g_tool, "%s", text);
		break;
	case HK_ERROR:
		cli_error(g_tool, "%s", text);
		break;
	}
	fflush(stdout);
}

static void say_line(void *ud, const char *line)
{
	(void)ud;
	printf("%s\n", line);
}

static void header(const char *title)
{
	size_t n = strlen(title);
	printf("\n");
	for (size_t i = 0; i < n; i++)
		putchar('-');
	printf("\n%s\n", title);
	for (size_t i = 0; i < n; i++)
		putchar('-');
	printf("\n\n");
}

static void split_ws(const char *s, struct rt_value *list)
{
	for (; s && *s;) {
		size_t n;
		s += strspn(s, " \t\n");
		n = strcspn(s, " \t\n");
		if (n)
			rt_list_push(list, rt_value_strn(s, n));
		s += n;
	}
}

static const char *login_name(void)
{
	struct passwd *pw = getpwuid(geteuid());
	const char *u = getenv("USER");
	return pw ? pw->pw_name : u ? u : "";
}

/* The tag: plugins.release_vcs.tag_name formatted with the package's attributes. */
static char *tag_name(const struct rt_config *cfg, const struct rt_value *pkg_data)
{
	const char *tmpl = rt_config_str(cfg, "plugins.release_vcs.tag_name");
	struct rt_value *ns = rt_value_copy(pkg_data);
	struct rt_buf qn = RT_BUF_INIT, out = RT_BUF_INIT;
	const char *name = rt_value_as_str(rt_map_get(pkg_data, "name"));
	const char *version = rt_value_as_str(rt_map_get(pkg_data, "version"));
	rt_buf_adds(&qn, name ? name : "");
	if (version && *version)
		rt_buf_addf(&qn, "-%s", version);
	rt_map_set(ns, "qualified_name", rt_value_str_take(rt_buf_detach(&qn, NULL)));
	hk_format(tmpl ? tmpl : "{qualified_name}", ns, 1, &out);
	rt_value_free(ns);
	if (!out.len)
		rt_buf_adds(&out, "unversioned");
	return rt_buf_detach(&out, NULL);
}

/* A VCS error: fatal, or with --skip-repo-errors a warning. Returns -1 when fatal. */
static int repo_error(int skip, struct rt_error *e)
{
	if (!skip)
		return -1;
	cli_warn(g_tool, "THE FOLLOWING ERROR WAS SKIPPED:\n%s", rt_error_msg(e));
	rt_error_release(e);
	return 0;
}

/* Rez's release-message prompt: $EDITOR on a file holding a placeholder and the changelog
 * below a marker; what is above the marker (placeholder removed) is the message. An empty
 * message asks whether to go on. Returns 0 with *out set (new, may be NULL), or -1 (abort). */
#define MSG_PLACEHOLDER "<Enter your release notes here>"
#define MSG_MARKER "###<CHANGELOG>"

static int prompt_message(const char *changelog, char **out, struct rt_error *err)
{
	char path[] = "/tmp/rez-release-message.XXXXXX";
	const char *ed = getenv("EDITOR");
	struct rt_buf text = RT_BUF_INIT;
	char *argv[3], *mark;
	int fd, status;
	pid_t pid;
	size_t a, b;

	*out = NULL;
	if ((fd = mkstemp(path)) < 0)
		return rt_error(err, "cannot create a release message file: %s", strerror(errno));
	rt_buf_addf(&text, "%s\n\n%s\n%s\n", MSG_PLACEHOLDER, MSG_MARKER, changelog ? changelog : "");
	if (write(fd, text.buf, text.len) != (ssize_t)text.len) {
		close(fd);
		unlink(path);
		rt_buf_release(&text);
		return rt_error(err, "cannot write '%s': %s", path, strerror(errno));
	}
	close(fd);
	argv[0] = (char *)(ed && *ed ? ed : "vi");
	argv[1] = path;
	argv[2] = NULL;
	fflush(stdout);
	/* the editor gets the terminal: no capture, no shell */
	if (posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ) != 0 ||
	    waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		unlink(path);
		rt_buf_release(&text);
		return rt_error(err, "the editor '%s' failed", argv[0]);
	}
	rt_buf_reset(&text);
	if (rt_buf_read_file(&text, path, 1 << 24) < 0) {
		unlink(path);
		rt_buf_release(&text);
		return rt_error(err, "cannot read '%s': %s", path, strerror(errno));
	}
	unlink(path);
	if ((mark = strstr(text.buf, MSG_MARKER)))
		rt_buf_setlen(&text, (size_t)(mark - text.buf));
	if ((mark = strstr(text.buf, MSG_PLACEHOLDER))) {
		size_t pl = strlen(MSG_PLACEHOLDER);
		memmove(mark, mark + pl, text.len - (size_t)(mark - text.buf) - pl + 1);
		rt_buf_setlen(&text, text.len - pl);
	}
	for (a = 0; a < text.len && strchr(" \t\r\n", text.buf[a]); a++)
		;
	for (b = text.len; b > a && strchr(" \t\r\n", text.buf[b - 1]); b--)
		;
	if (b > a) {
		*out = rt_xmemdupz(text.buf + a, b - a);
		rt_buf_release(&text);
		return 0;
	}
	rt_buf_release(&text);
	for (;;) {
		char line[64];
		printf("Empty release message. [A]bort or [C]ontinue? ");
		fflush(stdout);
		if (!fgets(line, sizeof(line), stdin) || line[0] == 'a' || line[0] == 'A')
			return rt_error(err, "release aborted (empty release message)");
		if (line[0] == 'c' || line[0] == 'C')
			return 0;
	}
}

static int flush_hooks(const struct rt_config *cfg)
{
	struct rt_error err = RT_ERROR_INIT;
	size_t done = 0, left = 0;
	if (hk_outbox_flush(cfg, hook_print, NULL, &done, &left, &err) < 0) {
		cli_error(g_tool, "%s", rt_error_msg(&err));
		rt_error_release(&err);
		return RT_EXIT_FAIL;
	}
	printf("%zu notification%s delivered, %zu left in the outbox\n", done, done == 1 ? "" : "s",
	       left);
	return left ? RT_EXIT_FAIL : RT_EXIT_OK;
}

struct release {
	struct rt_config *cfg;           /* global */
	struct li_devpkg *dev;
	struct rt_vcs *vcs;
	const char *release_path;
	char *qname;
	struct rt_value *revision;       /* current */
	struct rt_value *prev_revision;  /* from the previous release, or NULL */
	char *prev_version;
	struct rt_buf changelog;
	const char *message;
	int *indices;
	size_t n_indices;
};

/* Checks against what is already released: newer versions, UUID; finds the previous
 * release (the highest version below ours) and its revision. */
static int check_released(struct release *rl, int no_latest, struct rt_error *err)
{
	const struct rt_package *pkg = rl->dev->package;
	struct rt_value *paths = rt_value_list();
	const struct rt_repo_entry *const *es;
	struct rt_repo *repo;
	size_t n;
	int rc = 0;

	rt_list_push(paths, rt_value_str(rl->release_path));
	repo = cli_repo_open(rl->cfg, paths, 1, err);
	rt_value_free(paths);
	if (!repo)
		return -1;
	if (rt_repo_versions(repo, pkg->name, &es, &n, err) < 0) {
		rt_repo_free(repo);
		return -1;
	}
	for (size_t i = n; i-- > 0;) {
		int c = rt_version_cmp(es[i]->version, pkg->version);
		const struct rt_package *p;
		if (c > 0 && !no_latest) {
			const char *f = rt_repo_definition_file(repo, es[i], NULL);
			rc = rt_error(err, "Cannot release - a newer package version already exists (%s)",
				      f ? f : es[i]->dir);
			break;
		}
		if (c > 0)
			continue;
		if (!(p = rt_repo_load(repo, es[i], err))) {
			rc = -1;
			break;
		}
		if (i == n - 1) {
			const char *u1 = rt_value_as_str(rt_map_get(p->data, "uuid"));
			const char *u2 = rt_value_as_str(rt_map_get(pkg->data, "uuid"));
			if (u1 && u2 && !rt_streq(u1, u2)) {
				rc = rt_error(err, "Cannot release - the packages are not the same (UUID mismatch)");
				break;
			}
		}
		if (c < 0 && !rl->prev_version) {
			const struct rt_value *r = rt_map_get(p->data, "revision");
			rl->prev_version = rt_xstrdup(rt_version_str(es[i]->version));
			if (r)
				rl->prev_revision = rt_value_copy(r);
			break;
		}
	}
	rt_repo_free(repo);
	return rc;
}

static struct rt_value *release_data(const struct release *rl)
{
	struct rt_value *d = rt_value_map();
	rt_map_set(d, "timestamp", rt_value_int((long long)time(NULL)));
	if (rl->revision && rl->revision->type != RT_NULL)
		rt_map_set(d, "revision", rt_value_copy(rl->revision));
	if (rl->changelog.len)
		rt_map_set(d, "changelog", rt_value_str(rl->changelog.buf));
	if (rl->message)
		rt_map_set(d, "release_message", rt_value_str(rl->message));
	if (rl->prev_version)
		rt_map_set(d, "previous_version", rt_value_str(rl->prev_version));
	if (rl->prev_revision)
		rt_map_set(d, "previous_revision", rt_value_copy(rl->prev_revision));
	rt_map_set(d, "vcs", rt_value_str(rt_vcs_name(rl->vcs)));
	return d;
}

static void hook_base(const struct release *rl, struct hk_release *h, struct rt_value *system,
		      char **prev_rev_json)
{
	struct rt_buf b = RT_BUF_INIT;
	memset(h, 0, sizeof(*h));
	h->cfg = rl->dev->config;
	h->package = rl->dev->package->data;
	h->system = system;
	h->user = login_name();
	h->install_path = rl->release_path;
	h->release_message = rl->message;
	h->changelog = rl->changelog.len ? rl->changelog.buf : NULL;
	h->previous_version = rl->prev_version;
	*prev_rev_json = NULL;
	if (rl->prev_revision && rt_json_emit(rl->prev_revision, 0, &b, NULL) == 0)
		*prev_rev_json = rt_buf_detach(&b, NULL);
	rt_buf_release(&b);
	h->previous_revision = *prev_rev_json;
	h->indices = rl->indices;
	h->n_indices = rl->n_indices;
	h->print = hook_print;
	h->debug = rt_config_bool(rl->dev->config, "debug_package_release");
}

static struct rt_value *system_values(void)
{
	struct rt_value *s = rt_value_map();
	char host[256] = "localhost";
	gethostname(host, sizeof(host) - 1);
	rt_map_set(s, "user", rt_value_str(login_name()));
	rt_map_set(s, "hostname", rt_value_str(host));
	rt_map_set(s, "fqdn", rt_value_str(host));
	rt_map_set(s, "rez_version", rt_value_str(REZ_LUA_VERSION));
	return s;
}

int cli_cmd_release(int argc, char **argv)
{
	const char *tool = cli_tool_name(argv[0]);
	struct cli_args args;
	struct rt_error err = RT_ERROR_INIT;
	struct li_devpkg_opts dopts = LI_DEVPKG_OPTS_INIT;
	struct release rl;
	struct rt_build_opts o;
	struct rt_build_result res;
	struct cli_buildhooks *bhooks = NULL;
	struct cli_pkgtest_install tests = { NULL, NULL, NULL, NULL };
	struct rt_build_opts hopts;
	struct hk_release h;
	struct hk_variant *released = NULL;
	struct rt_value *bargs = rt_value_list(), *cargs = rt_value_list(), *rdata = NULL;
	struct rt_value *system = system_values(), *nonlocal = NULL;
	struct rt_repo *installed_repo = NULL;
	const char **bargv = NULL, **cargv = NULL;
	char *prev_json = NULL, *tag = NULL, *edited = NULL;
	size_t n_released = 0, n_selected = 0;
	int help = 0, rc = RT_EXIT_FAIL, skip;
	struct stat st;

	g_tool = tool;
	memset(&rl, 0, sizeof(rl));
	rt_buf_init(&rl.changelog, 0);
	memset(&res, 0, sizeof(res));
	if (cli_parse(release_opts, N_OPTS, argc, argv, &args, &help, usage, &err) < 0) {
		cli_error(tool, "%s", rt_error_msg(&err));
		rt_error_release(&err);
		rt_value_free(bargs);
		rt_value_free(cargs);
		rt_value_free(system);
		return RT_EXIT_USAGE;
	}
	if (help) {
		rc = RT_EXIT_OK;
		goto done;
	}
	if (args.n_pos) {
		cli_error(tool, "unexpected argument '%s' (build arguments go after '--')", args.pos[0]);
		rc = RT_EXIT_USAGE;
		goto done;
	}
	if (OPT("message")->value && OPT("no-message")->count) {
		cli_error(tool, "-m and --no-message cannot be used together");
		rc = RT_EXIT_USAGE;
		goto done;
	}
	if (!(rl.cfg = cli_load_config(tool)))
		goto done;
	if (OPT("flush-hooks")->count) {
		rc = flush_hooks(rl.cfg);
		goto done;
	}
	{
		const char *process = OPT("process")->value;
		if (!process)
			process = rt_config_str(rl.cfg, "default_build_process");
		if (process && !rt_streq(process, "local")) {
			cli_error(tool, "unknown build process '%s' (rez-lua has: local)", process);
			rc = RT_EXIT_USAGE;
			goto done;
		}
	}
	dopts.config = rl.cfg;
	if (!(rl.dev = li_devpkg_load(".", &dopts, &err)))
		goto fail;
	if (OPT("view-pre")->count) {
		/* the same view as rez build's */
		char *a[] = { "rez-build", "--view-pre", NULL };
		rc = cli_cmd_build(2, a);
		goto done;
	}
	skip = OPT("skip-repo-errors")->count > 0;
	rl.message = OPT("message")->value;
	rl.release_path = rt_config_str(rl.dev->config, "release_packages_path");
	{
		struct rt_buf qn = RT_BUF_INIT;
		const char *v = rt_version_str(rl.dev->package->version);
		rt_buf_adds(&qn, rl.dev->package->name);
		if (*v)
			rt_buf_addf(&qn, "-%s", v);
		rl.qname = rt_buf_detach(&qn, NULL);
	}
	{
		char *t = rt_xstrfmt("Releasing %s...", rl.qname);
		header(t);
		free(t);
	}

	/* 1. checks */
	if (!rl.release_path || stat(rl.release_path, &st) != 0 || !S_ISDIR(st.st_mode)) {
		rt_error(&err, "Release path does not exist: '%s'", rl.release_path ? rl.release_path : "");
		goto fail;
	}
	if (!(rl.vcs = rt_vcs_find(rl.dev->root, OPT("vcs")->value, rl.dev->config, &err)))
		goto fail;
	printf("Checking state of repository...\n");
	if (rt_vcs_validate_repostate(rl.vcs, &err) < 0 && repo_error(skip, &err) < 0)
		goto fail;
	tag = tag_name(rl.dev->config, rl.dev->package->data);
	if (rt_config_bool(rl.dev->config, "plugins.release_vcs.check_tag") &&
	    !OPT("ignore-existing-tag")->count) {
		int ex = 0;
		if (rt_vcs_tag_exists(rl.vcs, tag, &ex, &err) < 0 && repo_error(skip, &err) < 0)
			goto fail;
		if (ex) {
			rt_error(&err, "Cannot release - the current package version '%s' is already tagged "
				 "in the repository. Use --ignore-existing-tag to force the release",
				 rt_version_str(rl.dev->package->version));
			goto fail;
		}
	}
	if (check_released(&rl, OPT("no-latest")->count > 0, &err) < 0)
		goto fail;

	/* 2. release data */
	if (!(rl.revision = rt_vcs_current_revision(rl.vcs, &err))) {
		if (repo_error(skip, &err) < 0)
			goto fail;
		rl.revision = rt_value_null();
	}
	if (rt_vcs_changelog(rl.vcs, rl.prev_revision,
			     rt_config_int(rl.cfg, "max_package_changelog_revisions"),
			     &rl.changelog, &err) < 0 && repo_error(skip, &err) < 0)
		goto fail;
	{
		long long max = rt_config_int(rl.cfg, "max_package_changelog_chars");
		if (max > 0 && rl.changelog.len > (size_t)max) {
			rt_buf_setlen(&rl.changelog, (size_t)max);
			rt_buf_adds(&rl.changelog, "...");
		}
	}
	{
		const struct cli_optval *v = OPT("variants");
		rl.indices = rt_xcalloc(v->n_values + 1, sizeof(*rl.indices));
		for (size_t i = 0; i < v->n_values; i++) {
			char *end;
			long n;
			errno = 0;
			n = strtol(v->values[i], &end, 10);
			if (!*v->values[i] || *end || errno || n < -1000000 || n > 1000000) {
				cli_error(tool, "--variants: '%s' is not an integer", v->values[i]);
				rc = RT_EXIT_USAGE;
				goto done;
			}
			rl.indices[i] = (int)n;
		}
		rl.n_indices = v->n_values;
	}

	if (!rl.message && !OPT("no-message")->count &&
	    rt_config_bool(rl.cfg, "prompt_release_message")) {
		if (prompt_message(rl.changelog.buf, &edited, &err) < 0)
			goto fail;
		rl.message = edited;
	}

	/* build hooks (target central): loaded and checked before anything is released */
	memset(&hopts, 0, sizeof(hopts));
	hopts.source_dir = ".";
	hopts.install = 1;
	hopts.target_name = "central";
	hopts.config = rl.cfg;
	/* tests whose run_on has "pre_release" run on each staged variant before it is placed */
	cli_pkgtest_install_init(&tests, tool, rl.cfg, "pre_release");
	hopts.hooks.ud = &tests;
	hopts.hooks.pre_install_tests = cli_pkgtest_pre_install;
	if (cli_buildhooks_attach(&hopts, 0, &bhooks, &err) < 0)
		goto fail;
	if (hopts.hooks_only) {
		rt_error(&err, "REZ_BUILD_HOOKS_ONLY cannot be used with rez release (it installs "
			 "nothing)");
		goto fail;
	}

	/* 3. pre_release, then pre_build hooks */
	hook_base(&rl, &h, system, &prev_json);
	if (hk_release_run(&h, HK_PRE_RELEASE, &err) < 0 || hk_release_run(&h, HK_PRE_BUILD, &err) < 0)
		goto fail;

	/* 4. the central build and install of every variant */
	{
		size_t i, second = args.n_rest;
		for (i = 0; i < args.n_rest; i++)
			if (rt_streq(args.rest[i], "--")) {
				second = i;
				break;
			}
		split_ws(OPT("build-args")->value, bargs);
		split_ws(OPT("child-build-args")->value, cargs);
		for (i = 0; i < second; i++)
			rt_list_push(bargs, rt_value_str(args.rest[i]));
		for (i = second + 1; i < args.n_rest; i++)
			rt_list_push(cargs, rt_value_str(args.rest[i]));
		bargv = rt_xcalloc(rt_list_len(bargs) + 1, sizeof(*bargv));
		for (i = 0; i < rt_list_len(bargs); i++)
			bargv[i] = rt_value_as_str(rt_list_at(bargs, i));
		cargv = rt_xcalloc(rt_list_len(cargs) + 1, sizeof(*cargv));
		for (i = 0; i < rt_list_len(cargs); i++)
			cargv[i] = rt_value_as_str(rt_list_at(cargs, i));
	}
	rdata = release_data(&rl);
	memset(&o, 0, sizeof(o));
	o.source_dir = ".";
	o.install = 1;
	o.prefix = rl.release_path;
	o.clean = 1;
	o.variants = rl.indices;
	o.n_variants = rl.n_indices;
	o.build_system = OPT("build-system")->value;
	o.build_args = bargv;
	o.n_build_args = rt_list_len(bargs);
	o.child_build_args = cargv;
	o.n_child_build_args = rt_list_len(cargs);
	o.target_name = "central";
	o.skip_existing = 1;
	o.release_data = rdata;
	o.config = rl.cfg;
	/* the build context comes from the non-local packages: packages_path without
	 * local_packages_path (Rez's nonlocal_packages_path) */
	nonlocal = rt_value_list();
	{
		const struct rt_value *pp = rt_config_path_list(rl.dev->config, "packages_path");
		const char *local = rt_config_str(rl.dev->config, "local_packages_path");
		for (size_t i = 0; i < rt_list_len(pp); i++) {
			const char *p = rt_value_as_str(rt_list_at(pp, i));
			if (!local || !rt_streq(p, local))
				rt_list_push(nonlocal, rt_value_str(p));
		}
	}
	o.package_paths = nonlocal;
	o.hooks = hopts.hooks;    /* the build hooks attached before step 3 */
	{
		struct rt_error berr = RT_ERROR_INIT;
		if (cli_build_run(&o, &res, &berr) < 0 && res.n == 0) {
			rt_error_move(&err, &berr);
			goto fail;
		}
		if (berr.msg) {
			fflush(stdout);
			cli_error(tool, "%s", rt_error_msg(&berr));
		}
		rt_error_release(&berr);
	}

	/* 5. post_release hooks with what was released */
	released = rt_xcalloc(res.n + 1, sizeof(*released));
	{
		const struct rt_value *vl = rt_map_get(rl.dev->package->data, "variants");
		for (size_t i = 0; i < res.n; i++) {
			const struct rt_build_variant_result *vr = &res.variants[i];
			if (vr->outcome == RT_BUILD_NOT_SELECTED)
				continue;
			n_selected++;
			if (vr->outcome != RT_BUILD_INSTALLED)
				continue;
			released[n_released].index = vr->index;
			released[n_released].root = vr->install_path;
			released[n_released].requires = vl && vl->type == RT_LIST && vr->index >= 0 &&
				(size_t)vr->index < rt_list_len(vl) ? rt_list_at(vl, (size_t)vr->index) : NULL;
			n_released++;
		}
	}
	{
		char *uri = NULL;
		const char *v = rt_version_str(rl.dev->package->version);
		if (n_released) {
			/* the installed definition, release data included, as post hooks see it */
			struct rt_value *paths = rt_value_list();
			const struct rt_repo_entry *const *es;
			size_t n = 0;
			rt_list_push(paths, rt_value_str(rl.release_path));
			installed_repo = cli_repo_open(rl.cfg, paths, 1, NULL);
			rt_value_free(paths);
			h.installed = rl.dev->package->data;
			if (installed_repo &&
			    rt_repo_versions(installed_repo, rl.dev->package->name, &es, &n, NULL) == 0) {
				for (size_t i = 0; i < n; i++) {
					const struct rt_package *p;
					if (rt_version_cmp(es[i]->version, rl.dev->package->version) != 0 ||
					    !(p = rt_repo_load(installed_repo, es[i], NULL)))
						continue;
					h.installed = p->data;
					uri = rt_xstrdup(p->file);
				}
			}
			if (!uri)
				uri = *v ? rt_xstrfmt("%s/%s/%s/package.lua", rl.release_path,
						      rl.dev->package->name, v)
					 : rt_xstrfmt("%s/%s/package.lua", rl.release_path, rl.dev->package->name);
			h.installed_uri = uri;
		}
		h.variants = released;
		h.n_variants = n_released;
		hk_release_run(&h, HK_POST_RELEASE, &err);
		free(uri);
	}

	/* 6. the tag, when anything was released */
	if (n_released && rt_vcs_create_tag(rl.vcs, tag, rl.message ? rl.message : "", say_line, NULL,
					    &err) < 0 && repo_error(skip, &err) < 0) {
		fflush(stdout);
		cli_error(tool, "%s", rt_error_msg(&err));
		rt_error_release(&err);
	}

	/* 7. older notifications still waiting, then the summary */
	if (!h.n_pending) {
		size_t done = 0, left = 0;
		struct rt_error ferr = RT_ERROR_INIT;
		if (hk_outbox_flush(rl.dev->config, hook_print, NULL, &done, &left, &ferr) == 0 && done)
			printf("%zu earlier notification%s delivered from the outbox\n", done,
			       done == 1 ? "" : "s");
		rt_error_release(&ferr);
	}
	header("Release Summary");
	{
		size_t ok = 0;
		for (size_t i = 0; i < res.n; i++)
			if (res.variants[i].outcome == RT_BUILD_INSTALLED ||
			    res.variants[i].outcome == RT_BUILD_EXISTS)
				ok++;
		printf("%zu of %zu releases were successful\n", ok, n_selected);
		if (h.n_pending)
			printf("%zu notification%s could not be delivered and wait in the outbox "
			       "(`rez release --flush-hooks` retries)\n", h.n_pending,
			       h.n_pending == 1 ? "" : "s");
		rc = res.n_failed ? (res.exit_status ? res.exit_status : RT_EXIT_FAIL) : RT_EXIT_OK;
	}
	goto done;
fail:
	fflush(stdout);
	cli_error(tool, "%s", rt_error_msg(&err));
	rc = RT_EXIT_FAIL;
done:
	cli_buildhooks_free(bhooks);
	cli_pkgtest_install_release(&tests);
	rt_build_result_release(&res);
	rt_error_release(&err);
	rt_value_free(bargs);
	rt_value_free(cargs);
	rt_value_free(rdata);
	rt_value_free(nonlocal);
	rt_value_free(system);
	rt_value_free(rl.revision);
	rt_value_free(rl.prev_revision);
	rt_buf_release(&rl.changelog);
	free(rl.prev_version);
	free(rl.qname);
	free(rl.indices);
	free(released);
	free(bargv);
	free(cargv);
	free(prev_json);
	free(edited);
	free(tag);
	rt_vcs_free(rl.vcs);
	if (installed_repo)
		rt_repo_free(installed_repo);
	if (rl.dev)
		li_devpkg_free(rl.dev);
	if (rl.cfg)
		rt_config_free(rl.cfg);
	cli_args_release(&args);
	return cli_finish_stdout(tool, rc);
}
