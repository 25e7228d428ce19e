/* install.c - placing package payloads and definitions in a repository (see install.h). */
#define _GNU_SOURCE   /* renameat2 (RENAME_EXCHANGE) */
#include "runtime/build/install.h"
#include "runtime/build/fsutil.h"
#include "runtime/buf.h"
#include "runtime/luawrite.h"
#include "runtime/value.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

const char *const rt_install_release_keys[] = {
	"timestamp", "revision", "changelog", "release_message", "previous_version",
	"previous_revision", "vcs", NULL
};

static const char *const key_order[] = {
	"name", "version", "description", "authors", "tools", "has_plugins", "plugin_for",
	"requires", "build_requires", "private_build_requires", "variants", "commands",
	"pre_commands", "post_commands", "help", "config", "uuid", "timestamp",
	"release_message", "changelog", "vcs", "revision", "previous_version",
	"previous_revision", NULL
};

/* The text of data with Rez's key order; format_version last. */
void rt_install_write_definition(const struct rt_value *data, const char *writer, struct rt_buf *out)
{
	int first = 1;
	rt_buf_addf(out, "-- package.lua written by %s (rez-lua)\n", writer);
	for (const char *const *k = key_order; *k; k++) {
		const struct rt_value *v = rt_map_get(data, *k);
		if (!v)
			continue;
		rt_buf_addch(out, '\n');
		rt_luawrite_item(out, *k, v);
		first = 0;
	}
	for (size_t i = 0; i < rt_map_len(data); i++) {
		const char *k = rt_map_key(data, i);
		if (rt_str_in_list(key_order, k) || rt_streq(k, "format_version"))
			continue;
		rt_buf_addch(out, '\n');
		rt_luawrite_item(out, k, rt_map_val(data, i));
	}
	(void)first;
	rt_buf_adds(out, "\nformat_version = 2\n");
}

/* Package data as compared for "changed": without release keys, format_version, base and
 * variants; functions compared by their written text (the file they come from differs). */
static void comparable(const struct rt_value *data, struct rt_buf *out)
{
	struct rt_value *c = rt_value_map();
	for (size_t i = 0; i < rt_map_len(data); i++) {
		const char *k = rt_map_key(data, i);
		if (rt_str_in_list(rt_install_release_keys, k) || rt_streq(k, "format_version") || rt_streq(k, "base") ||
		    rt_streq(k, "variants"))
			continue;
		rt_map_set(c, k, rt_value_copy(rt_map_val(data, i)));
	}
	rt_map_sort(c);
	for (size_t i = 0; i < rt_map_len(c); i++)
		rt_luawrite_item(out, rt_map_key(c, i), rt_map_val(c, i));
	rt_value_free(c);
}

/* Merges variant `vreqs` (NULL: no variants) of `fresh` into `old` (may be NULL) as Rez's
 * filesystem repository does; returns the data to write (new) or NULL with err set. *index
 * gets the variant's index in the installed package; *exists whether an identical variant
 * with unchanged data was there already. */
struct rt_value *rt_install_merge(const struct rt_value *old, const struct rt_value *fresh,
			      const struct rt_value *vreqs, const struct rt_value *overrides,
			      const char *file, int *index, int *exists, struct rt_error *err)
{
	struct rt_value *out, *vars;
	const struct rt_value *ov = old ? rt_map_get(old, "variants") : NULL;
	int changed = 1;
	*exists = 0;
	*index = -1;
	if (old) {
		const struct rt_value *u1 = rt_map_get(old, "uuid"), *u2 = rt_map_get(fresh, "uuid");
		struct rt_buf a = RT_BUF_INIT, b = RT_BUF_INIT;
		if (u1 && u2 && rt_value_as_str(u1) && rt_value_as_str(u2) &&
		    !rt_streq(rt_value_as_str(u1), rt_value_as_str(u2))) {
			rt_error(err, "%s: cannot install: the installed package has uuid '%s', this one "
				 "'%s' (UUID mismatch)", file, rt_value_as_str(u1), rt_value_as_str(u2));
			return NULL;
		}
		if ((ov && rt_list_len(ov)) != (vreqs != NULL)) {
			rt_error(err, "%s: cannot install: %s", file, vreqs ?
				 "the installed package has no variants and this one has" :
				 "the installed package has variants and this one has none");
			return NULL;
		}
		comparable(old, &a);
		comparable(fresh, &b);
		changed = !rt_streq(a.buf, b.buf);
		rt_buf_release(&a);
		rt_buf_release(&b);
	}
	if (old && !changed)
		out = rt_value_copy(old);
	else
		out = rt_value_copy(fresh);
	if (old) {
		for (const char *const *k = rt_install_release_keys; *k; k++) {
			const struct rt_value *v = rt_map_get(old, *k);
			if (v && !rt_streq(*k, "timestamp"))
				rt_map_set(out, *k, rt_value_copy(v));
		}
		if (!changed && rt_map_get(old, "timestamp"))
			rt_map_set(out, "timestamp", rt_value_copy(rt_map_get(old, "timestamp")));
	}
	for (size_t i = 0; overrides && i < rt_map_len(overrides); i++)
		if (!old || !rt_map_get(out, rt_map_key(overrides, i)))
			rt_map_set(out, rt_map_key(overrides, i), rt_value_copy(rt_map_val(overrides, i)));
	if (!rt_map_get(out, "timestamp"))
		rt_map_set(out, "timestamp", rt_value_int((long long)time(NULL)));
	rt_map_del(out, "format_version");
	if (vreqs) {
		vars = ov ? rt_value_copy(ov) : rt_value_list();
		for (size_t i = 0; i < rt_list_len(vars); i++)
			if (rt_value_equal(rt_list_at(vars, i), vreqs)) {
				*index = (int)i;
				*exists = old && !changed;
			}
		if (*index < 0) {
			*index = (int)rt_list_len(vars);
			rt_list_push(vars, rt_value_copy(vreqs));
		}
		rt_map_set(out, "variants", vars);
	} else {
		rt_map_del(out, "variants");
		*exists = old && !changed;
	}
	return out;
}

/* ---- locking and clean-up ---- */

/* An exclusive lock on the version (a lock file in the family directory, never deleted so
 * that two processes always lock the same inode). Released by close, or by the kernel when
 * the process dies. */
int rt_install_lock(const char *repo, const char *name, const char *version, struct rt_error *err)
{
	/* an unversioned package's directory is the family directory: lock beside it */
	char *path = version[0] ? rt_xstrfmt("%s/%s/.lock%s", repo, name, version) :
		rt_xstrfmt("%s/.lock-%s", repo, name);
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0) {
		rt_error(err, "cannot create lock file '%s': %s", path, strerror(errno));
		free(path);
		return -1;
	}
	while (flock(fd, LOCK_EX) < 0) {
		if (errno != EINTR) {
			rt_error(err, "cannot lock '%s': %s", path, strerror(errno));
			close(fd);
			free(path);
			return -1;
		}
	}
	free(path);
	return fd;
}

/* Staging directories are named .rez-stage-<pid>-<n>: one whose process is gone was left by
 * an interrupted build and is removed. */
void rt_install_clean_stale(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	if (!d)
		return;
	while ((de = readdir(d))) {
		long pid;
		if (!rt_starts_with(de->d_name, ".rez-stage-") && !rt_starts_with(de->d_name, ".rez-old-"))
			continue;
		pid = strtol(de->d_name + (de->d_name[5] == 's' ? 11 : 9), NULL, 10);
		if (pid > 0 && (pid == (long)getpid() || kill((pid_t)pid, 0) == 0 || errno != ESRCH))
			continue;
		{
			char *p = rt_xstrfmt("%s/%s", dir, de->d_name);
			rt_build_rmtree(p, NULL);
			free(p);
		}
	}
	closedir(d);
}

/* Places `staged` at `final`: a plain rename when final does not exist, else an atomic
 * exchange and removal of the old tree. */
int rt_install_place(const char *staged, const char *final, struct rt_error *err)
{
	if (rename(staged, final) == 0)
		return 0;
	if (errno != EEXIST && errno != ENOTEMPTY)
		return rt_error(err, "cannot move '%s' to '%s': %s", staged, final, strerror(errno));
	if (renameat2(AT_FDCWD, staged, AT_FDCWD, final, RENAME_EXCHANGE) < 0)
		return rt_error(err, "cannot replace '%s': %s", final, strerror(errno));
	return rt_build_rmtree(staged, err);   /* the old payload, now at the staged name */
}

/* The _v/<letter> link to a hashed variant (reused when one points there already). */
void rt_install_shortlink(const char *version_dir, const char *dirname, const char *subpath)
{
	char *dir, *target;
	if (!dirname || !*dirname)
		return;
	dir = rt_xstrfmt("%s/%s", version_dir, dirname);
	target = rt_xstrfmt("../%s", subpath);
	if (rt_build_mkdirs(dir, NULL) == 0) {
		for (unsigned n = 0; n < 100000; n++) {
			char name[16], buf[512], *link;
			unsigned k = n;
			size_t len = 0;
			ssize_t got;
			/* a, b, ... z, aa, ab, ... */
			char tmp[16];
			do {
				tmp[len++] = (char)('a' + k % 26);
				k = k / 26;
			} while (k-- > 0 && len < sizeof(tmp) - 1);
			for (size_t i = 0; i < len; i++)
				name[i] = tmp[len - 1 - i];
			name[len] = '\0';
			link = rt_xstrfmt("%s/%s", dir, name);
			got = readlink(link, buf, sizeof(buf) - 1);
			if (got >= 0) {
				buf[got] = '\0';
				free(link);
				if (rt_streq(buf, target))
					break;
				continue;
			}
			if (symlink(target, link) == 0 || errno != EEXIST) {
				free(link);
				break;
			}
			free(link);
		}
	}
	free(dir);
	free(target);
}

