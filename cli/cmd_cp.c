/* cmd_cp.c - `rez cp`, `rez mv`, `rez rm` and `rez pkg-ignore`: copying, moving, removing and
 * hiding packages in filesystem repositories, with Rez's options and messages.
 *
 * Every change goes through the install protocol of runtime/build/install.h (the one
 * `rez build -i` uses): the version lock, payloads staged beside their destination and
 * renamed into place, package.lua written atomically, and the family directory touched so
 * the package and resolve caches (whose stamps include it) see the change. A copy killed
 * at any point leaves either nothing a resolve can see or the whole package; removal hides
 * the version (.ignoreVERSION) and renames it away before deleting anything. */
#include "cli/cli.h"
#include "cli/activate.h"
#include "cli/pkgpick.h"
#include "runtime/build/fsutil.h"
#include "runtime/build/install.h"
#include "runtime/buf.h"
#include "runtime/config.h"
#include "runtime/file.h"
#include "runtime/package.h"
#include "runtime/repo.h"
#include "runtime/value.h"
#include "runtime/version.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

/* ---- shared ---- */

/* Definition file names Rez and rez-lua read: not payload. */
static int is_definition(const char *name)
{
	return rt_streq(name, "package.lua") || rt_streq(name, "package.yaml") ||
	       rt_streq(name, "package.yml") || rt_streq(name, "package.py");
}

/* Lets caches keyed on the family directory's stamp see a change made inside it. */
static void touch(const char *dir)
{
	utimes(dir, NULL);
}

/* An absolute, normalised repository path ("~" expanded); NULL with err set when it does
 * not exist and !create. */
static char *repo_path(const char *p, int create, struct rt_error *err)
{
	const char *home = getenv("HOME");
	char *full = p[0] == '~' && (p[1] == '/' || !p[1]) && home ? rt_xstrfmt("%s%s", home, p + 1) :
		     rt_xstrdup(p);
	char resolved[PATH_MAX];
	if (create) {
		char *tmp = rt_xstrdup(full);
		if (rt_file_mkdirs(tmp) < 0 && errno != EEXIST) {
			rt_error(err, "cannot create repository '%s': %s", full, strerror(errno));
			free(tmp);
			free(full);
			return NULL;
		}
		free(tmp);
	}
	if (!realpath(full, resolved)) {
		rt_error(err, "repository '%s' does not exist (%s)", full, strerror(errno));
		free(full);
		return NULL;
	}
	free(full);
	return rt_xstrdup(resolved);
}

/* The repository of one path (strict: it must exist), over the configured loader. */
static struct rt_repo *open_one(const struct rt_config *cfg, const char *path, struct rt_error *err)
{
	struct rt_value *l = rt_value_list();
	struct rt_repo *r;
	rt_list_push(l, rt_value_str(path));
	r = cli_repo_open(cfg, l, 1, err);
	rt_value_free(l);
	return r;
}

static const char *ver_str(const struct rt_version *v)
{
	return rt_version_str(v);
}

/* Does NAME-VERSION exist in the repository at path, ignored or not? */
static int exists_in(const char *path, const char *name, const char *version)
{
	char *dir = *version ? rt_xstrfmt("%s/%s/%s", path, name, version) : rt_xstrfmt("%s/%s", path, name);
	int found = 0;
	DIR *d = opendir(dir);
	struct dirent *de;
	while (d && (de = readdir(d)))
		if (is_definition(de->d_name))
			found = 1;
	if (d)
		closedir(d);
	free(dir);
	return found;
}

/* ---- pkg-ignore (Rez's ignore_package / unignore_package) ---- */

/* 1 ignored now, 0 already ignored, -1 no such package (and !allow_missing), -2 error. */
static int ignore_package(const char *repo, const char *name, const char *version, int allow_missing,
			  struct rt_error *err)
{
	char *fam = rt_xstrfmt("%s/%s", repo, name), *file = rt_xstrfmt("%s/.ignore%s", fam, version);
	int rc = 1, fd;
	if (!allow_missing && !exists_in(repo, name, version))
		rc = -1;
	else if (access(file, F_OK) == 0)
		rc = 0;
	else if (rt_build_mkdirs(fam, err) < 0)
		rc = -2;
	else if ((fd = open(file, O_WRONLY | O_CREAT | O_CLOEXEC, 0644)) < 0)
		rc = -2, rt_error(err, "cannot write '%s': %s", file, strerror(errno));
	else
		close(fd), touch(fam);
	free(fam);
	free(file);
	return rc;
}

/* 1 visible again, 0 was visible already, -1 no such package, -2 error. */
static int unignore_package(const char *repo, const char *name, const char *version, struct rt_error *err)
{
	char *fam = rt_xstrfmt("%s/%s", repo, name), *file = rt_xstrfmt("%s/.ignore%s", fam, version);
	int removed = 0, rc;
	if (unlink(file) == 0)
		removed = 1;
	else if (errno != ENOENT)
		rt_error(err, "cannot remove '%s': %s", file, strerror(errno));
	if (err && err->msg)
		rc = -2;
	else if (!exists_in(repo, name, version))
		rc = -1;
	else
		rc = removed;
	if (removed)
		touch(fam);
	free(fam);
	free(file);
	return rc;
}

/* "No action taken. Run again, and set PATH to one of:" and the repositories holding the
 * package (all of packages_path with allow_all). Exit status as Rez's. */
static int list_repos(const char *tool, const char *name, const char *version, int allow_all)
{
	struct rt_config *cfg = cli_load_config(tool);
	struct rt_value *paths;
	struct rt_buf out = RT_BUF_INIT;
	size_t n = 0;
	if (!cfg)
		return RT_EXIT_FAIL;
	paths = cli_package_paths(cfg, NULL, 0);
	for (size_t i = 0; i < rt_list_len(paths); i++) {
		const char *p = rt_value_as_str(rt_list_at(paths, i));
		if (allow_all || exists_in(p, name, version)) {
			rt_buf_addf(&out, "%s\n", p);
			n++;
		}
	}
	if (n)
		printf("No action taken. Run again, and set PATH to one of:\n%s", out.buf);
	else
		fprintf(stderr, "Package not found.\n");
	rt_buf_release(&out);
	rt_value_free(paths);
	rt_config_free(cfg);
	return n ? RT_EXIT_OK : RT_EXIT_FAIL;
}

/* `PKG [PATH]` (pkg-ignore, mv): PKG split into *name and *ver; without PATH, the
 * repositories holding it are listed. Returns 1 when the command is done (*rc set), else 0. */
static int pkg_and_path(const char *tool, const struct cli_args *a, int list_all, char **name,
			struct rt_version **ver, int *rc)
{
	struct rt_error err = RT_ERROR_INIT;
	if (a->n_pos < 1 || a->n_pos > 2) {
		cli_error(tool, "expected PKG and optionally PATH");
		*rc = RT_EXIT_USAGE;
		return 1;
	}
	if (cli_pkg_split(a->pos[0], name, ver, &err) < 0) {
		cli_error(tool, "%s", rt_error_msg(&err));
		rt_error_release(&err);
		*rc = RT_EXIT_FAIL;
		return 1;
	}
	if (a->n_pos == 1) {
		*rc = list_repos(tool, *name, ver_str(*ver), list_all);
		return 1;
	}
	return 0;
}

static const struct cli_opt ignore_opts[] = {
	{ 'u', "unignore", CLI_FLAG, NULL, "make an ignored package visible to resolves again" },
	{ 'a', "allow-missing", CLI_FLAG, NULL, "ignore a package even if it does not exist (yet)" },
	{ 'v', "verbose", CLI_FLAG, NULL, "say what is done" },
};

static const char ignore_usage[] =
	"usage: rez pkg-ignore [-u] [-a] PKG [PATH]\n\n"
	"Hide the exact package PKG (e.g. 'foo-1.2.3') in the repository PATH from resolves (a\n"
	"'.ignoreVERSION' file beside it, as Rez writes), or show it again with -u. Without PATH,\n"
	"list the repositories that hold it.\n";

int cli_cmd_pkg_ignore(int argc, char **argv)
{
	const char *tool = cli_tool_name(argv[0]);
	const size_t n_opts = RT_ARRAY_LEN(ignore_opts);
	struct cli_args args;
	struct rt_error err = RT_ERROR_INIT;
	struct rt_version *ver = NULL;
	char *name = NULL, *repo = NULL;
	int rc, unig, i;

	if (cli_parse_args(ignore_opts, n_opts, argc, argv, &args, ignore_usage, tool, &rc))
		return rc;
	if (pkg_and_path(tool, &args, cli_get(ignore_opts, n_opts, &args, "allow-missing")->count > 0,
			 &name, &ver, &rc))
		goto out;
	rc = RT_EXIT_FAIL;
	unig = cli_get(ignore_opts, n_opts, &args, "unignore")->count > 0;
	repo = repo_path(args.pos[1], 0, &err);
	if (!repo)
		goto fail;
	i = unig ? unignore_package(repo, name, ver_str(ver), &err) :
		   ignore_package(repo, name, ver_str(ver),
				  cli_get(ignore_opts, n_opts, &args, "allow-missing")->count > 0, &err);
	if (i == -2)
		goto fail;
	if (i == 1)
		puts(unig ? "Package is now visible to resolves once more" :
			    "Package is now ignored and will not be visible to resolves");
	else if (i == 0)
		puts(unig ? "No action taken - package was already visible" :
			    "No action taken - package was already ignored");
	else {
		fprintf(stderr, "Package not found\n");
		goto out;
	}
	rc = RT_EXIT_OK;
	goto out;
fail:
	cli_error(tool, "%s", rt_error_msg(&err));
out:
	rt_error_release(&err);
	rt_version_free(ver);
	free(name);
	free(repo);
	cli_args_release(&args);
	return rc;
}

/* ---- rm (Rez's remove_package / remove_package_family / remove_packages_ignored_since) ---- */

/* Removes NAME-VERSION from repo: hidden first (.ignore), then its directory renamed to a
 * .rez-old-<pid>-<n> name under the version lock (a resolve never sees a half-deleted
 * package; an interrupted removal is finished by the next install's clean-up), deleted,
 * and the .ignore file removed. Returns 1 removed, 0 not found, -1 error. */
static int remove_package(const char *repo, const char *name, const char *version, struct rt_error *err)
{
	char *fam = rt_xstrfmt("%s/%s", repo, name), *dir = NULL, *old = NULL;
	int lock = -1, rc = -1;
	static int seq;
	if (!*version) {
		rt_error(err, "cannot remove the unversioned package '%s' (remove its family with -f)", name);
		goto out;
	}
	if (ignore_package(repo, name, version, 0, err) == -1) {
		rc = 0;
		goto out;
	}
	if (err->msg)
		goto out;
	lock = rt_install_lock(repo, name, version, err);
	if (lock < 0)
		goto out;
	dir = rt_xstrfmt("%s/%s", fam, version);
	old = rt_xstrfmt("%s/.rez-old-%ld-%d", fam, (long)getpid(), seq++);
	if (rename(dir, old) < 0) {
		rt_error(err, "cannot remove '%s': %s", dir, strerror(errno));
		goto out;
	}
	touch(fam);
	if (rt_build_rmtree(old, err) < 0)
		goto out;
	{
		char *marker = rt_xstrfmt("%s/.building%s", fam, version);
		unlink(marker);
		free(marker);
	}
	if (unignore_package(repo, name, version, err) == -2)
		goto out;
	rc = 1;
out:
	if (lock >= 0)
		close(lock);
	free(fam);
	free(dir);
	free(old);
	return rc;
}

/* The versions of a family directory (names of subdirectories that parse as versions and
 * hold a definition), ignored ones included. */
static int family_has_packages(const char *repo, const char *name)
{
	char *fam = rt_xstrfmt("%s/%s", repo, name);
	DIR *d = opendir(fam);
	struct dirent *de;
	int found = 0;
	while (d && !found && (de = readdir(d))) {
		struct rt_version *v;
		if (de->d_name[0] == '.' || is_definition(de->d_name))
			found = is_definition(de->d_name);
		else if ((v = rt_version_parse(de->d_name, NULL))) {
			found = exists_in(repo, name, de->d_name);
			rt_version_free(v);
		}
	}
	if (d)
		closedir(d);
	free(fam);
	return found;
}

/* Packages whose .ignore file is at least `days` old (by its change time, as Rez), removed
 * (or listed with dry_run). Returns how many, or -1. */
static int remove_ignored_since(const char *repo, double days, int dry_run, int verbose,
				struct rt_error *err)
{
	DIR *r = opendir(repo), *f;
	struct dirent *de, *fe;
	int n = 0;
	time_t now = time(NULL);
	if (!r) {
		rt_error(err, "cannot read repository '%s': %s", repo, strerror(errno));
		return -1;
	}
	while ((de = readdir(r))) {
		char *fam;
		if (de->d_name[0] == '.')
			continue;
		fam = rt_xstrfmt("%s/%s", repo, de->d_name);
		f = opendir(fam);
		while (f && (fe = readdir(f))) {
			struct stat st;
			char *file;
			const char *ver;
			if (!rt_starts_with(fe->d_name, ".ignore"))
				continue;
			ver = fe->d_name + 7;
			file = rt_xstrfmt("%s/%s", fam, fe->d_name);
			if (stat(file, &st) == 0 && (double)(now - st.st_ctime) / 86400.0 >= days) {
				if (dry_run) {
					if (verbose)
						printf("Would remove %s-%s from %s\n", de->d_name, ver, repo);
					n++;
				} else {
					char *v = rt_xstrdup(ver);
					int x = remove_package(repo, de->d_name, v, err);
					if (x > 0) {
						n++;
						if (verbose)
							printf("Removed %s-%s from %s\n", de->d_name, v, repo);
					}
					free(v);
					if (x < 0) {
						free(file);
						closedir(f);
						free(fam);
						closedir(r);
						return -1;
					}
				}
			}
			free(file);
		}
		if (f)
			closedir(f);
		free(fam);
	}
	closedir(r);
	return n;
}

static const struct cli_opt rm_opts[] = {
	{ 'p', "package", CLI_VALUE, "PKG", "remove the package PKG (e.g. 'foo-1.2.3'), even when it is ignored" },
	{ 'f', "family", CLI_VALUE, "NAME", "remove the package family NAME; it must hold no packages" },
	{ 0, "force-family", CLI_VALUE, "NAME", "remove the package family NAME even if it holds packages" },
	{ 'i', "ignored-since", CLI_VALUE, "DAYS", "remove every package ignored for DAYS days or more" },
	{ 0, "dry-run", CLI_FLAG, NULL, "say what --ignored-since would remove; remove nothing" },
	{ 'v', "verbose", CLI_FLAG, NULL, "name each package removed" },
};

static const char rm_usage[] =
	"usage: rez rm (-p PKG | -f NAME | --force-family NAME | -i DAYS) [--dry-run] [PATH]\n\n"
	"Remove a package, an empty package family, or the packages ignored (rez pkg-ignore) for\n"
	"DAYS days or more, from the repository PATH (with -i, default: every packages_path).\n";

int cli_cmd_rm(int argc, char **argv)
{
	const char *tool = cli_tool_name(argv[0]);
	const size_t n_opts = RT_ARRAY_LEN(rm_opts);
	struct cli_args args;
	struct rt_error err = RT_ERROR_INIT;
	const char *pkg, *fam, *ffam, *days_s;
	struct rt_version *ver = NULL;
	char *name = NULL, *repo = NULL;
	int rc, nmodes, dry, verbose;

	if (cli_parse_args(rm_opts, n_opts, argc, argv, &args, rm_usage, tool, &rc))
		return rc;
	rc = RT_EXIT_USAGE;
	pkg = cli_get(rm_opts, n_opts, &args, "package")->value;
	fam = cli_get(rm_opts, n_opts, &args, "family")->value;
	ffam = cli_get(rm_opts, n_opts, &args, "force-family")->value;
	days_s = cli_get(rm_opts, n_opts, &args, "ignored-since")->value;
	dry = cli_get(rm_opts, n_opts, &args, "dry-run")->count > 0;
	verbose = cli_get(rm_opts, n_opts, &args, "verbose")->count > 0;
	nmodes = !!pkg + !!fam + !!ffam + !!days_s;
	if (nmodes > 1) {
		cli_error(tool, "-p, -f, --force-family and -i are mutually exclusive");
		goto out;
	}
	if (!nmodes) {
		cli_error(tool, "must specify either --package, --family or --ignored-since");
		goto out;
	}
	if (args.n_pos > 1) {
		cli_error(tool, "expected at most one repository PATH");
		goto out;
	}
	if (!days_s && dry) {
		cli_error(tool, "--dry-run is not supported with --%s", pkg ? "package" : "family");
		goto out;
	}
	if (!days_s && !args.n_pos) {
		cli_error(tool, "must specify PATH with --%s", pkg ? "package" : "family");
		goto out;
	}
	rc = RT_EXIT_FAIL;
	if (args.n_pos && !(repo = repo_path(args.pos[0], 0, &err)))
		goto fail;
	if (pkg) {
		int x;
		if (cli_pkg_split(pkg, &name, &ver, &err) < 0)
			goto fail;
		x = remove_package(repo, name, ver_str(ver), &err);
		if (x < 0)
			goto fail;
		if (!x) {
			fprintf(stderr, "Package not found.\n");
			goto out;
		}
		puts("Package removed.");
	} else if (fam || ffam) {
		const char *f = fam ? fam : ffam;
		char *dir, *old;
		if (cli_pkg_split(f, &name, &ver, &err) < 0)
			goto fail;
		if (!rt_version_is_empty(ver)) {
			cli_error(tool, "expected a package name, not a version: '%s'", f);
			rc = RT_EXIT_USAGE;
			goto out;
		}
		dir = rt_xstrfmt("%s/%s", repo, name);
		if (access(dir, F_OK) < 0) {
			free(dir);
			fprintf(stderr, "Package family not found.\n");
			goto out;
		}
		if (fam && family_has_packages(repo, name)) {
			free(dir);
			rt_error(&err, "cannot remove non-empty package family '%s' (use --force-family)", name);
			goto fail;
		}
		/* renamed away first (one atomic step): never half a family on view */
		old = rt_xstrfmt("%s/.rez-old-%ld-family-%s", repo, (long)getpid(), name);
		if (rename(dir, old) < 0 || rt_build_rmtree(old, &err) < 0) {
			if (!err.msg)
				rt_error(&err, "cannot remove '%s': %s", dir, strerror(errno));
			free(dir);
			free(old);
			goto fail;
		}
		touch(repo);
		free(dir);
		free(old);
		puts("Package family removed.");
	} else {
		char *end;
		double days = strtod(days_s, &end);
		int n = 0;
		if (*end || !*days_s || days < 0) {
			cli_error(tool, "invalid number of days '%s'", days_s);
			rc = RT_EXIT_USAGE;
			goto out;
		}
		if (repo) {
			n = remove_ignored_since(repo, days, dry, verbose, &err);
		} else {
			struct rt_config *cfg = cli_load_config(tool);
			struct rt_value *paths;
			if (!cfg)
				goto out;
			paths = cli_package_paths(cfg, NULL, 0);
			for (size_t i = 0; n >= 0 && i < rt_list_len(paths); i++) {
				const char *p = rt_value_as_str(rt_list_at(paths, i));
				int k;
				if (access(p, F_OK) < 0)
					continue;
				k = remove_ignored_since(p, days, dry, verbose, &err);
				n = k < 0 ? -1 : n + k;
			}
			rt_value_free(paths);
			rt_config_free(cfg);
		}
		if (n < 0)
			goto fail;
		if (!n)
			puts("No packages were removed.");
		else
			printf("%d packages %s removed.\n", n, dry ? "would be" : "were");
	}
	rc = RT_EXIT_OK;
	goto out;
fail:
	cli_error(tool, "%s", rt_error_msg(&err));
out:
	rt_error_release(&err);
	rt_version_free(ver);
	free(name);
	free(repo);
	cli_args_release(&args);
	return rc;
}

/* ---- cp and mv (Rez's copy_package / move_package) ---- */

struct copy_opts {
	const struct rt_config *cfg;
	struct rt_repo *src_repo;
	const struct rt_repo_entry *e;
	const struct rt_package *p;
	const char *dest;              /* absolute repository path */
	const char *name, *version;    /* destination name and version */
	const long *variants;          /* --variants (negative from the end); NULL: all */
	size_t n_variants;
	int overwrite, shallow, follow, keep_timestamp, force, dry_run, verbose;
};

struct copy_result {
	struct rt_buf copied, skipped; /* "  SRC -> DEST\n" lines */
	int n_copied, n_skipped;
	char *first_dest;              /* the destination URI of the first variant handled */
};

static struct rt_value *load_data(const struct rt_config *cfg, const char *file, struct rt_error *err)
{
	struct rt_value *l = rt_value_list(), *d = NULL;
	char *dir = rt_xstrdup(file), *fam, *repo;
	struct rt_repo *r;
	/* through a repository over the file's own repository path: the configured loader,
	 * sandbox limits and formats, as every other reader of installed packages */
	*strrchr(dir, '/') = '\0';
	fam = rt_xstrdup(dir);
	*strrchr(fam, '/') = '\0';
	repo = rt_xstrdup(fam);
	*strrchr(repo, '/') = '\0';
	rt_list_push(l, rt_value_str(repo));
	r = cli_repo_open(cfg, l, 1, err);
	if (r) {
		const struct rt_repo_entry *const *es;
		size_t n;
		const char *name = strrchr(fam, '/') + 1, *ver = strrchr(dir, '/') + 1;
		if (rt_repo_versions(r, name, &es, &n, err) == 0)
			for (size_t i = 0; i < n; i++)
				if (rt_streq(rt_version_str(es[i]->version), ver)) {
					const struct rt_package *p = rt_repo_load(r, es[i], err);
					if (p)
						d = rt_value_copy(p->data);
					break;
				}
		rt_repo_free(r);
	}
	if (!d && !(err && err->msg))
		rt_error(err, "cannot read the installed package '%s'", file);
	rt_value_free(l);
	free(dir);
	free(fam);
	free(repo);
	return d;
}

static int relocatable(const struct copy_opts *co)
{
	const struct rt_value *v = rt_package_get(co->p, "relocatable"), *m;
	if (v && v->type == RT_BOOL)
		return v->u.b;
	m = rt_config_map(co->cfg, "default_relocatable_per_package");
	if (m && (v = rt_map_get(m, co->p->name)) && v->type == RT_BOOL)
		return v->u.b;
	m = rt_config_map(co->cfg, "default_relocatable_per_repository");
	if (m && (v = rt_map_get(m, co->e->repo_path)) && v->type == RT_BOOL)
		return v->u.b;
	return rt_config_bool(co->cfg, "default_relocatable");
}

/* Copies (or, shallow, links) the top-level entries of src_root into stage, leaving out
 * definition files and the `skip` names (other variants' directories inside this one). */
static int copy_payload(const struct copy_opts *co, const char *src_root, const char *stage,
			const struct rt_value *skip, struct rt_error *err)
{
	DIR *d = opendir(src_root);
	struct dirent *de;
	struct stat st;
	int rc = 0;
	if (!d)
		return rt_error(err, "cannot copy variant: its root '%s' is not on disk (%s)", src_root,
				strerror(errno));
	if (rt_build_mkdirs(stage, err) < 0) {
		closedir(d);
		return -1;
	}
	if (stat(src_root, &st) == 0)
		chmod(stage, st.st_mode & 07777);
	while (rc == 0 && (de = readdir(d))) {
		char *s, *t;
		struct stat ls;
		if (rt_streq(de->d_name, ".") || rt_streq(de->d_name, "..") || is_definition(de->d_name) ||
		    rt_streq(de->d_name, ".rez") || (skip && rt_map_get(skip, de->d_name)) ||
		    rt_starts_with(de->d_name, ".rez-stage-") || rt_starts_with(de->d_name, ".lock"))
			continue;
		s = rt_xstrfmt("%s/%s", src_root, de->d_name);
		t = rt_xstrfmt("%s/%s", stage, de->d_name);
		if (co->shallow && lstat(s, &ls) == 0 && !S_ISLNK(ls.st_mode)) {
			if (symlink(s, t) < 0)
				rc = rt_error(err, "cannot create link '%s': %s", t, strerror(errno));
		} else {
			rc = co->follow ? rt_build_copy_follow(s, t, err) : rt_build_copy(s, t, err);
		}
		free(s);
		free(t);
	}
	closedir(d);
	return rc;
}

/* The version-level .rez/include (the @include modules) into dest_version_dir, staged. */
static int copy_includes(const char *src_dir, const char *dest_version_dir, struct rt_error *err)
{
	char *src = rt_xstrfmt("%s/.rez/include", src_dir), *stage, *final, *parent;
	int rc = 0;
	if (access(src, F_OK) < 0) {
		free(src);
		return 0;
	}
	stage = rt_xstrfmt("%s/.rez-stage-%ld-include", dest_version_dir, (long)getpid());
	final = rt_xstrfmt("%s/.rez/include", dest_version_dir);
	parent = rt_xstrfmt("%s/.rez", dest_version_dir);
	rt_build_rmtree(stage, NULL);
	if (rt_build_copy(src, stage, err) < 0 || rt_build_mkdirs(parent, err) < 0 ||
	    rt_install_place(stage, final, err) < 0)
		rc = -1;
	rt_build_rmtree(stage, NULL);
	free(src);
	free(stage);
	free(final);
	free(parent);
	return rc;
}

/* The names of directories directly inside variant `index`'s root that are other
 * variants' roots (non-hashed variants can nest: "python-3" and "python-3/maya-2024"). */
static struct rt_value *overlapped(const struct rt_package *p, size_t index)
{
	struct rt_value *m = rt_value_map();
	struct rt_buf mine = RT_BUF_INIT, other = RT_BUF_INIT;
	if (rt_package_hashed_variants(p))
		return m;
	rt_package_variant_subpath(p, index, &mine);
	for (size_t i = 0; i < p->n_variants; i++) {
		if (i == index)
			continue;
		rt_buf_reset(&other);
		rt_package_variant_subpath(p, i, &other);
		if (rt_starts_with(other.buf, mine.buf) && other.buf[mine.len] == '/') {
			const char *top = other.buf + mine.len + 1, *slash = strchr(top, '/');
			char *name = rt_xmemdupz(top, slash ? (size_t)(slash - top) : strlen(top));
			rt_map_set(m, name, rt_value_bool(1));
			free(name);
		}
	}
	rt_buf_release(&mine);
	rt_buf_release(&other);
	return m;
}

/* One variant (index -1: the package has none) into the destination. */
static int copy_one(const struct copy_opts *co, const struct rt_value *fresh, long index,
		    struct copy_result *res, struct rt_error *err)
{
	static int seq;
	const char *src_file = rt_repo_definition_file(co->src_repo, co->e, err);
	char *fam = rt_xstrfmt("%s/%s", co->dest, co->name);
	char *vdir = *co->version ? rt_xstrfmt("%s/%s", fam, co->version) : rt_xstrdup(fam);
	char *deffile = rt_xstrfmt("%s/package.lua", vdir), *src_uri = NULL, *dest_uri = NULL;
	char *stage = NULL, *marker = NULL, *final = NULL, *src_root = NULL;
	struct rt_buf sub = RT_BUF_INIT, text = RT_BUF_INIT;
	struct rt_value *old = NULL, *merged = NULL, *skip = NULL;
	const struct rt_value *vreqs = NULL, *ov;
	int lock = -1, rc = -1, exists = 0, idx, same, new_version;

	if (!src_file)
		goto out;
	if (index >= 0) {
		vreqs = rt_list_at(rt_map_get(fresh, "variants"), (size_t)index);
		rt_package_variant_subpath(co->p, (size_t)index, &sub);
		src_uri = rt_xstrfmt("%s[%ld]", src_file, index);
		src_root = rt_xstrfmt("%s/%s", co->e->dir, sub.buf);
		final = rt_xstrfmt("%s/%s", vdir, sub.buf);
	} else {
		src_uri = rt_xstrdup(src_file);
		src_root = rt_xstrdup(co->e->dir);
		final = rt_xstrdup(vdir);
	}
	if (!co->dry_run) {
		if (rt_build_mkdirs(fam, err) < 0)
			goto out;
		lock = rt_install_lock(co->dest, co->name, co->version, err);
		if (lock < 0)
			goto out;
		rt_install_clean_stale(co->dest);
		rt_install_clean_stale(fam);
		if (index >= 0)
			rt_install_clean_stale(vdir);
	}
	if (exists_in(co->dest, co->name, co->version)) {
		const char *file = deffile;
		char *alt = NULL;
		if (access(deffile, F_OK) < 0)
			file = alt = rt_xstrfmt("%s/package.yaml", vdir);
		old = load_data(co->cfg, file, err);
		free(alt);
		if (!old)
			goto out;
	}
	/* already there: the package (no variants), or an equal variant */
	ov = old ? rt_map_get(old, "variants") : NULL;
	if (old && index < 0)
		exists = 1;
	for (size_t i = 0; ov && vreqs && i < rt_list_len(ov); i++)
		if (rt_value_equal(rt_list_at(ov, i), vreqs)) {
			exists = 1;
			idx = (int)i;
			dest_uri = rt_xstrfmt("%s[%zu]", deffile, i);
		}
	if (!dest_uri)
		dest_uri = index >= 0 ? rt_xstrfmt("%s[%zu]", deffile, ov ? rt_list_len(ov) : 0) :
					rt_xstrdup(deffile);
	if (exists && !co->overwrite) {
		if (co->verbose)
			printf("Skipping source variant %s - already exists in destination package at %s\n",
			       src_uri, dest_uri);
		rt_buf_addf(&res->skipped, "  %s !-> %s\n", src_uri, dest_uri);
		res->n_skipped++;
		goto done;
	}
	if (co->dry_run) {
		char *q = rt_xstrfmt("%s/?", vdir);
		rt_buf_addf(&res->copied, "  %s -> %s\n", src_uri, q);
		free(q);
		res->n_copied++;
		goto done;
	}
	if (co->verbose)
		printf("Copying source variant %s into repository %s...\n", src_uri, co->dest);
	/* the data to write: for a new package (or an overwritten unvarianted one) the source's */
	merged = rt_install_merge(index < 0 ? NULL : old, fresh, vreqs, NULL, deffile, &idx, &same, err);
	if (!merged)
		goto out;
	rt_install_write_definition(merged, "rez cp", &text);
	new_version = *co->version && access(vdir, F_OK) < 0;
	if (index < 0) {
		/* the whole version directory, definition included, staged beside it */
		char *def;
		stage = rt_xstrfmt("%s/.rez-stage-%ld-%d", *co->version ? fam : co->dest, (long)getpid(), seq++);
		if (copy_payload(co, src_root, stage, NULL, err) < 0 ||
		    copy_includes(co->e->dir, stage, err) < 0)
			goto out;
		def = rt_xstrfmt("%s/package.lua", stage);
		rc = rt_file_write_atomic(def, text.buf, text.len, 0644, 0, err);
		free(def);
		if (rc < 0 || (rc = rt_install_place(stage, vdir, err)) < 0)
			goto out;
		rc = -1;
	} else {
		if (new_version) {
			/* marker and version directory appear together, as rez build does */
			int fd;
			marker = rt_xstrfmt("%s/.building%s", fam, co->version);
			fd = open(marker, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
			if (fd < 0) {
				rt_error(err, "cannot write '%s': %s", marker, strerror(errno));
				goto out;
			}
			close(fd);
		}
		if (rt_build_mkdirs(vdir, err) < 0)
			goto out;
		stage = rt_xstrfmt("%s/.rez-stage-%ld-%d", vdir, (long)getpid(), seq++);
		skip = overlapped(co->p, (size_t)index);
		if (copy_payload(co, src_root, stage, skip, err) < 0)
			goto out;
		{
			char *parent = rt_xstrdup(final);
			*strrchr(parent, '/') = '\0';
			rc = rt_build_mkdirs(parent, err);
			free(parent);
		}
		if (rc < 0 || (rc = rt_install_place(stage, final, err)) < 0 ||
		    (rc = copy_includes(co->e->dir, vdir, err)) < 0)
			goto out;
		rc = -1;
		if (rt_package_hashed_variants(co->p))
			rt_install_shortlink(vdir, cli_shortlinks_dirname(co->cfg), sub.buf);
		if (rt_file_write_atomic(deffile, text.buf, text.len, 0644, 0, err) < 0)
			goto out;
		if (marker)
			unlink(marker);
		free(dest_uri);
		dest_uri = rt_xstrfmt("%s[%d]", deffile, idx);
	}
	touch(fam);
	if (co->verbose)
		printf("Copied source variant %s to target variant %s\n", src_uri, dest_uri);
	rt_buf_addf(&res->copied, "  %s -> %s\n", src_uri, dest_uri);
	res->n_copied++;
done:
	if (!res->first_dest)
		res->first_dest = rt_xstrdup(dest_uri);
	rc = 0;
out:
	if (stage)
		rt_build_rmtree(stage, NULL);
	if (rc < 0 && marker) {
		/* a version directory that never got a definition goes with its marker */
		if (rmdir(vdir) == 0 || errno == ENOENT)
			unlink(marker);
	}
	if (lock >= 0)
		close(lock);
	rt_value_free(old);
	rt_value_free(merged);
	rt_value_free(skip);
	rt_buf_release(&sub);
	rt_buf_release(&text);
	free(fam);
	free(vdir);
	free(deffile);
	free(src_uri);
	free(dest_uri);
	free(stage);
	free(marker);
	free(final);
	free(src_root);
	return rc;
}

static int copy_package(const struct copy_opts *co, struct copy_result *res, struct rt_error *err)
{
	struct rt_value *fresh;
	size_t nv = co->p->n_variants;
	int rc = 0;
	char *sel;

	if (!co->force && !relocatable(co))
		return rt_error(err, "cannot copy non-relocatable package: %s (use -f to copy anyway)",
				rt_repo_definition_file(co->src_repo, co->e, NULL));
	if (rt_streq(co->dest, co->e->repo_path) && rt_streq(co->name, co->p->name) &&
	    rt_streq(co->version, rt_version_str(co->p->version)))
		return rt_error(err, "cannot copy package over itself: %s",
				rt_repo_definition_file(co->src_repo, co->e, NULL));
	sel = rt_xcalloc(nv + 1, 1);
	if (co->variants) {
		struct rt_buf bad = RT_BUF_INIT;
		for (size_t i = 0; i < co->n_variants; i++) {
			long k = co->variants[i] < 0 ? (long)nv + co->variants[i] : co->variants[i];
			if (k < 0 || (size_t)k >= nv)
				rt_buf_addf(&bad, "%s%ld", bad.len ? ", " : "", co->variants[i]);
			else
				sel[k] = 1;
		}
		if (bad.len) {
			rt_error(err, "the package does not contain the variants: %s", bad.buf);
			rt_buf_release(&bad);
			free(sel);
			return -1;
		}
	} else {
		memset(sel, 1, nv);
	}
	fresh = rt_value_copy(co->p->data);
	rt_map_del(fresh, "base");
	rt_map_set(fresh, "name", rt_value_str(co->name));
	if (*co->version)
		rt_map_set(fresh, "version", rt_value_str(co->version));
	else
		rt_map_del(fresh, "version");
	if (!co->keep_timestamp)
		rt_map_set(fresh, "timestamp", rt_value_int((long long)time(NULL)));
	if (!nv)
		rc = copy_one(co, fresh, -1, res, err);
	for (size_t i = 0; rc == 0 && i < nv; i++)
		if (sel[i])
			rc = copy_one(co, fresh, (long)i, res, err);
	rt_value_free(fresh);
	free(sel);
	return rc;
}

static void copy_result_release(struct copy_result *r)
{
	rt_buf_release(&r->copied);
	rt_buf_release(&r->skipped);
	free(r->first_dest);
}

static const struct cli_opt cp_opts[] = {
	{ 0, "dest-path", CLI_VALUE, "PATH", "repository to copy to (default: the package's own, "
	  "for --rename and --reversion only)" },
	{ 0, "paths", CLI_VALUE, "PATHS", "colon-separated package search path (ignores --no-local)" },
	{ 0, "no-local|nl", CLI_FLAG, NULL, "do not search local packages" },
	{ 0, "reversion", CLI_VALUE, "VERSION", "copy to another version" },
	{ 0, "rename", CLI_VALUE, "NAME", "copy to another package name" },
	{ 'o', "overwrite", CLI_FLAG, NULL, "replace existing packages and variants" },
	{ 's', "shallow", CLI_FLAG, NULL, "link the top-level payload entries instead of copying them" },
	{ 0, "follow-symlinks", CLI_FLAG, NULL, "copy what symlinks in the payload point to" },
	{ 'k', "keep-timestamp", CLI_FLAG, NULL, "keep the source package's timestamp" },
	{ 'f', "force", CLI_FLAG, NULL, "copy even a package that is not relocatable" },
	{ 0, "allow-empty", CLI_FLAG, NULL, "allow copying into an empty (or new) repository" },
	{ 0, "dry-run", CLI_FLAG, NULL, "say what would be copied; copy nothing" },
	{ 0, "variants", CLI_MULTI, "INDEX", "copy only these variants (negative: from the end)" },
	{ 0, "variant-uri", CLI_VALUE, "URI", "copy the variant with this URI (PATH/package.lua[INDEX])" },
	{ 'v', "verbose", CLI_FLAG, NULL, "say what is done for each variant" },
};

static const char cp_usage[] =
	"usage: rez cp [--dest-path PATH] [--paths PATHS] [--nl] [--reversion VERSION] [--rename NAME]\n"
	"              [-o] [-s] [--follow-symlinks] [-k] [-f] [--allow-empty] [--dry-run]\n"
	"              [--variants INDEX [INDEX ...]] [--variant-uri URI] [-v] [PKG]\n\n"
	"Copy the package PKG (one version, e.g. 'foo-1.2') or some of its variants to another\n"
	"repository, optionally under another name or version.\n";

/* A variant URI: ".../NAME/VERSION/package.lua[INDEX]" → the repository, package and index. */
static int parse_variant_uri(const char *uri, char **repo, char **pkg, long *index, struct rt_error *err)
{
	const char *br = strrchr(uri, '[');
	char *file, *end, *p;
	if (!br || uri[strlen(uri) - 1] != ']')
		return rt_error(err, "invalid variant URI '%s' (expected PATH/package.lua[INDEX])", uri);
	*index = strtol(br + 1, &end, 10);
	if (end == br + 1 || *end != ']')
		return rt_error(err, "invalid variant URI '%s' (expected PATH/package.lua[INDEX])", uri);
	file = rt_xmemdupz(uri, (size_t)(br - uri));
	for (int i = 0; i < 3; i++) {   /* file → version dir → family dir → repository */
		p = strrchr(file, '/');
		if (!p || p == file) {
			free(file);
			return rt_error(err, "invalid variant URI '%s' (expected PATH/package.lua[INDEX])", uri);
		}
		*p = '\0';
		if (i == 0)
			continue;
		if (i == 1) {
			char *ver = rt_xstrdup(p + 1), *name;
			*p = '\0';
			name = strrchr(file, '/');
			if (!name) {
				free(ver);
				free(file);
				return rt_error(err, "invalid variant URI '%s'", uri);
			}
			*pkg = rt_xstrfmt("%s-%s", name + 1, ver);
			free(ver);
			*name = '\0';
			break;
		}
	}
	*repo = file;
	return 0;
}

int cli_cmd_cp(int argc, char **argv)
{
	const char *tool = cli_tool_name(argv[0]);
	const size_t n_opts = RT_ARRAY_LEN(cp_opts);
	struct cli_args args;
	struct rt_error err = RT_ERROR_INIT;
	struct rt_config *cfg = NULL;
	struct rt_value *paths = NULL;
	struct rt_repo *repo = NULL;
	struct copy_opts co;
	struct copy_result res;
	const struct cli_optval *vv;
	const char *dest_opt, *uri, *pkgs;
	char *dest = NULL, *uri_repo = NULL, *uri_pkg = NULL;
	long *idx = NULL, uri_index = 0;
	int rc;

	memset(&co, 0, sizeof(co));
	memset(&res, 0, sizeof(res));
	rt_buf_init(&res.copied, 0);
	rt_buf_init(&res.skipped, 0);
	if (cli_parse_args(cp_opts, n_opts, argc, argv, &args, cp_usage, tool, &rc)) {
		copy_result_release(&res);
		return rc;
	}
	rc = RT_EXIT_USAGE;
	uri = cli_get(cp_opts, n_opts, &args, "variant-uri")->value;
	dest_opt = cli_get(cp_opts, n_opts, &args, "dest-path")->value;
	co.name = cli_get(cp_opts, n_opts, &args, "rename")->value;
	co.version = cli_get(cp_opts, n_opts, &args, "reversion")->value;
	if (uri && args.n_pos) {
		cli_error(tool, "supply PKG or --variant-uri, not both");
		goto out;
	}
	if (!uri && args.n_pos != 1) {
		cli_error(tool, "expected PKG");
		goto out;
	}
	if (!dest_opt && !co.name && !co.version) {
		cli_error(tool, "--dest-path must be specified unless --rename or --reversion are used");
		goto out;
	}
	if (co.version) {
		struct rt_version *v = rt_version_parse(co.version, &err);
		if (!v)
			goto fail_usage;
		rt_version_free(v);
	}
	if (co.name) {
		struct rt_version *v = NULL;
		char *n = NULL;
		if (cli_pkg_split(co.name, &n, &v, &err) < 0 || !rt_version_is_empty(v)) {
			if (!err.msg)
				rt_error(&err, "invalid package name '%s'", co.name);
			free(n);
			rt_version_free(v);
			goto fail_usage;
		}
		free(n);
		rt_version_free(v);
	}
	vv = cli_get(cp_opts, n_opts, &args, "variants");
	if (vv->n_values) {
		idx = rt_xcalloc(vv->n_values, sizeof(*idx));
		for (size_t i = 0; i < vv->n_values; i++) {
			char *end;
			idx[i] = strtol(vv->values[i], &end, 10);
			if (*end || !*vv->values[i]) {
				cli_error(tool, "invalid variant index '%s'", vv->values[i]);
				goto out;
			}
		}
		co.variants = idx;
		co.n_variants = vv->n_values;
	}
	rc = RT_EXIT_FAIL;
	cfg = cli_load_config(tool);
	if (!cfg)
		goto out;
	pkgs = args.n_pos ? args.pos[0] : NULL;
	if (uri) {
		if (parse_variant_uri(uri, &uri_repo, &uri_pkg, &uri_index, &err) < 0)
			goto fail;
		repo = open_one(cfg, uri_repo, &err);
		pkgs = uri_pkg;
		co.variants = &uri_index;
		co.n_variants = 1;
	} else {
		const char *po = cli_get(cp_opts, n_opts, &args, "paths")->value;
		paths = cli_package_paths(cfg, po, !po && cli_get(cp_opts, n_opts, &args, "no-local")->count);
		repo = cli_repo_open(cfg, paths, po != NULL, &err);
	}
	if (!repo)
		goto fail;
	{
		/* exactly one package must match, as Rez asks */
		struct rt_request *req = rt_request_parse(pkgs, &err);
		const struct rt_repo_entry *const *es;
		size_t n, hits = 0;
		struct rt_buf list = RT_BUF_INIT;
		if (!req)
			goto fail;
		if (rt_repo_versions(repo, rt_request_name(req), &es, &n, &err) < 0) {
			rt_request_free(req);
			goto fail;
		}
		for (size_t i = 0; i < n; i++)
			if (rt_range_contains(rt_request_range(req), es[i]->version)) {
				co.e = es[i];
				hits++;
				rt_buf_addf(&list, "%s-%s\n", es[i]->family, rt_version_str(es[i]->version));
			}
		rt_request_free(req);
		if (hits != 1) {
			if (!hits)
				fputs("No matching packages found.\n", stderr);
			else
				fprintf(stderr, "More than one package matches, please choose:\n%s", list.buf);
			rt_buf_release(&list);
			goto out;
		}
		rt_buf_release(&list);
	}
	co.p = rt_repo_load(repo, co.e, &err);
	if (!co.p)
		goto fail;
	if (dest_opt) {
		int allow = cli_get(cp_opts, n_opts, &args, "allow-empty")->count > 0;
		dest = repo_path(dest_opt, allow && !cli_get(cp_opts, n_opts, &args, "dry-run")->count, &err);
		if (!dest && !allow)
			rt_error_release(&err);
		if (!allow) {
			DIR *d = dest ? opendir(dest) : NULL;
			struct dirent *de;
			int empty = 1;
			while (d && (de = readdir(d)))
				if (de->d_name[0] != '.')
					empty = 0;
			if (d)
				closedir(d);
			if (empty) {
				fputs("Attempting to copy a package into an EMPTY repository. Are you sure that "
				      "--dest-path is the correct path? This should not include package name "
				      "and/or version.\n\nIf this is a valid new package repository, use the "
				      "--allow-empty flag to continue.\n", stderr);
				goto out;
			}
		}
		if (!dest)
			goto fail;
	} else {
		dest = rt_xstrdup(co.e->repo_path);
	}
	co.cfg = cfg;
	co.src_repo = repo;
	co.dest = dest;
	if (!co.name)
		co.name = co.p->name;
	if (!co.version)
		co.version = rt_version_str(co.p->version);
	co.overwrite = cli_get(cp_opts, n_opts, &args, "overwrite")->count > 0;
	co.shallow = cli_get(cp_opts, n_opts, &args, "shallow")->count > 0;
	co.follow = cli_get(cp_opts, n_opts, &args, "follow-symlinks")->count > 0;
	co.keep_timestamp = cli_get(cp_opts, n_opts, &args, "keep-timestamp")->count > 0;
	co.force = cli_get(cp_opts, n_opts, &args, "force")->count > 0;
	co.dry_run = cli_get(cp_opts, n_opts, &args, "dry-run")->count > 0;
	co.verbose = cli_get(cp_opts, n_opts, &args, "verbose")->count > 0;
	if (copy_package(&co, &res, &err) < 0)
		goto fail;
	if (!co.p->n_variants) {
		if (res.n_copied && !co.dry_run)
			printf("Copied %s to %s\n", rt_repo_definition_file(repo, co.e, NULL), res.first_dest);
		else if (res.n_copied)
			printf("1 variants would be copied:\n%s", res.copied.buf);
		else
			printf("Target package already exists: %s. Use 'overwrite' to replace it.\n",
			       res.first_dest);
	} else {
		if (res.n_copied)
			printf("%d variants %s copied:\n%s", res.n_copied, co.dry_run ? "would be" : "were",
			       res.copied.buf);
		if (res.n_skipped)
			printf("%d variants %s skipped (target exists):\n%s", res.n_skipped,
			       co.dry_run ? "would be" : "were", res.skipped.buf);
	}
	rc = RT_EXIT_OK;
	goto out;
fail_usage:
	rc = RT_EXIT_USAGE;
fail:
	cli_error(tool, "%s", rt_error_msg(&err));
out:
	rt_error_release(&err);
	copy_result_release(&res);
	rt_repo_free(repo);
	rt_value_free(paths);
	rt_config_free(cfg);
	free(dest);
	free(uri_repo);
	free(uri_pkg);
	free(idx);
	cli_args_release(&args);
	return rc;
}

static const struct cli_opt mv_opts[] = {
	{ 'd', "dest-path", CLI_VALUE, "PATH", "repository to move PKG to (required)" },
	{ 'k', "keep-timestamp", CLI_FLAG, NULL, "keep the source package's timestamp" },
	{ 'f', "force", CLI_FLAG, NULL, "move even a package that is not relocatable" },
	{ 'v', "verbose", CLI_FLAG, NULL, "say what is done" },
};

static const char mv_usage[] =
	"usage: rez mv -d PATH [-k] [-f] PKG [PATH]\n\n"
	"Move the package PKG (e.g. 'foo-1.2.3') from the repository PATH to the repository given\n"
	"by -d: it is copied there, then ignored (hidden, not deleted) where it was, as Rez does.\n"
	"Without PATH, list the repositories that hold it.\n";

int cli_cmd_mv(int argc, char **argv)
{
	const char *tool = cli_tool_name(argv[0]);
	const size_t n_opts = RT_ARRAY_LEN(mv_opts);
	struct cli_args args;
	struct rt_error err = RT_ERROR_INIT;
	struct rt_config *cfg = NULL;
	struct rt_repo *repo = NULL;
	struct rt_version *ver = NULL;
	struct copy_opts co;
	struct copy_result res;
	const struct rt_repo_entry *const *es;
	char *name = NULL, *src = NULL, *dest = NULL;
	size_t n;
	int rc;

	memset(&co, 0, sizeof(co));
	memset(&res, 0, sizeof(res));
	rt_buf_init(&res.copied, 0);
	rt_buf_init(&res.skipped, 0);
	if (cli_parse_args(mv_opts, n_opts, argc, argv, &args, mv_usage, tool, &rc)) {
		copy_result_release(&res);
		return rc;
	}
	rc = RT_EXIT_USAGE;
	if (!cli_get(mv_opts, n_opts, &args, "dest-path")->value) {
		cli_error(tool, "the following arguments are required: -d/--dest-path");
		goto out;
	}
	if (pkg_and_path(tool, &args, 0, &name, &ver, &rc))
		goto out;
	rc = RT_EXIT_FAIL;
	cfg = cli_load_config(tool);
	if (!cfg)
		goto out;
	if (!(src = repo_path(args.pos[1], 0, &err)) ||
	    !(dest = repo_path(cli_get(mv_opts, n_opts, &args, "dest-path")->value, 0, &err)) ||
	    !(repo = open_one(cfg, src, &err)))
		goto fail;
	if (rt_repo_versions(repo, name, &es, &n, &err) < 0)
		goto fail;
	for (size_t i = 0; i < n; i++)
		if (!rt_version_cmp(es[i]->version, ver))
			co.e = es[i];
	if (!co.e) {
		fputs("Package not found.\n", stderr);
		goto out;
	}
	if (exists_in(dest, name, ver_str(ver))) {
		char *d = *ver_str(ver) ? rt_xstrfmt("%s/%s/%s", dest, name, ver_str(ver)) :
			  rt_xstrfmt("%s/%s", dest, name);
		rt_error(&err, "package already exists at destination: %s", d);
		free(d);
		goto fail;
	}
	co.p = rt_repo_load(repo, co.e, &err);
	if (!co.p)
		goto fail;
	co.cfg = cfg;
	co.src_repo = repo;
	co.dest = dest;
	co.name = co.p->name;
	co.version = ver_str(co.p->version);
	co.keep_timestamp = cli_get(mv_opts, n_opts, &args, "keep-timestamp")->count > 0;
	co.force = cli_get(mv_opts, n_opts, &args, "force")->count > 0;
	co.verbose = cli_get(mv_opts, n_opts, &args, "verbose")->count > 0;
	if (copy_package(&co, &res, &err) < 0)
		goto fail;
	/* the copy is whole: now hide the source */
	if (ignore_package(src, name, ver_str(ver), 0, &err) == -2)
		goto fail;
	if (co.verbose)
		printf("Package %s moved to %s\n", rt_repo_definition_file(repo, co.e, NULL), res.first_dest);
	rc = RT_EXIT_OK;
	goto out;
fail:
	cli_error(tool, "%s", rt_error_msg(&err));
out:
	rt_error_release(&err);
	copy_result_release(&res);
	rt_repo_free(repo);
	rt_config_free(cfg);
	rt_version_free(ver);
	free(name);
	free(src);
	free(dest);
	cli_args_release(&args);
	return rc;
}
