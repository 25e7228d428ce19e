/* fsutil.c - trees and copies for the build (see fsutil.h). */
#include "runtime/build/fsutil.h"
#include "runtime/buf.h"
#include "runtime/file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

int rt_build_exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

int rt_build_mkdirs(const char *path, struct rt_error *err)
{
	char *p = rt_xstrdup(path);
	int rc = rt_file_mkdirs(p);
	free(p);
	if (rc < 0)
		return rt_error(err, "cannot create directory '%s': %s", path, strerror(errno));
	return 0;
}

int rt_build_rmtree(const char *path, struct rt_error *err)
{
	struct stat st;
	DIR *d;
	struct dirent *de;
	int rc = 0;
	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : rt_error(err, "cannot remove '%s': %s", path, strerror(errno));
	if (!S_ISDIR(st.st_mode)) {
		if (unlink(path) < 0 && errno != ENOENT)
			return rt_error(err, "cannot remove '%s': %s", path, strerror(errno));
		return 0;
	}
	d = opendir(path);
	if (!d)
		return rt_error(err, "cannot remove '%s': %s", path, strerror(errno));
	while ((de = readdir(d)) && rc == 0) {
		char *sub;
		if (rt_streq(de->d_name, ".") || rt_streq(de->d_name, ".."))
			continue;
		sub = rt_xstrfmt("%s/%s", path, de->d_name);
		rc = rt_build_rmtree(sub, err);
		free(sub);
	}
	closedir(d);
	if (rc == 0 && rmdir(path) < 0 && errno != ENOENT)
		return rt_error(err, "cannot remove '%s': %s", path, strerror(errno));
	return rc;
}

static int copy_file(const char *src, const char *dst, mode_t mode, struct rt_error *err)
{
	char buf[65536];
	int in = open(src, O_RDONLY | O_CLOEXEC), out;
	ssize_t n;
	if (in < 0)
		return rt_error(err, "cannot read '%s': %s", src, strerror(errno));
	out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode & 07777);
	if (out < 0) {
		rt_error(err, "cannot write '%s': %s", dst, strerror(errno));
		close(in);
		return -1;
	}
	while ((n = read(in, buf, sizeof(buf))) != 0) {
		char *p = buf;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			rt_error(err, "cannot read '%s': %s", src, strerror(errno));
			goto fail;
		}
		while (n > 0) {
			ssize_t w = write(out, p, (size_t)n);
			if (w < 0) {
				if (errno == EINTR)
					continue;
				rt_error(err, "cannot write '%s': %s", dst, strerror(errno));
				goto fail;
			}
			p += w;
			n -= w;
		}
	}
	close(in);
	if (close(out) < 0)
		return rt_error(err, "cannot write '%s': %s", dst, strerror(errno));
	/* the umask must not narrow an executable's mode */
	if (chmod(dst, mode & 07777) < 0)
		return rt_error(err, "cannot set the mode of '%s': %s", dst, strerror(errno));
	return 0;
fail:
	close(in);
	close(out);
	return -1;
}

/* follow: copy what symlinks point to instead of the links; depth bounds a link loop. */
static int copy_tree(const char *src, const char *dst, int follow, int depth, struct rt_error *err)
{
	struct stat st;
	if (depth > 128)
		return rt_error(err, "cannot copy '%s': too many levels of directories or links", src);
	if ((follow ? stat(src, &st) : lstat(src, &st)) < 0)
		return rt_error(err, "cannot read '%s': %s", src, strerror(errno));
	{
		char *parent = rt_xstrdup(dst), *slash = strrchr(parent, '/');
		int rc = 0;
		if (slash && slash != parent) {
			*slash = '\0';
			rc = rt_build_mkdirs(parent, err);
		}
		free(parent);
		if (rc < 0)
			return -1;
	}
	if (S_ISLNK(st.st_mode)) {
		struct rt_buf target = RT_BUF_INIT;
		ssize_t n;
		rt_buf_grow(&target, (size_t)st.st_size + 1);
		n = readlink(src, target.buf, (size_t)st.st_size + 1);
		if (n < 0) {
			rt_buf_release(&target);
			return rt_error(err, "cannot read link '%s': %s", src, strerror(errno));
		}
		rt_buf_setlen(&target, (size_t)n);
		unlink(dst);
		if (symlink(target.buf, dst) < 0) {
			rt_buf_release(&target);
			return rt_error(err, "cannot create link '%s': %s", dst, strerror(errno));
		}
		rt_buf_release(&target);
		return 0;
	}
	if (S_ISDIR(st.st_mode)) {
		DIR *d;
		struct dirent *de;
		int rc = 0;
		if (mkdir(dst, st.st_mode & 07777) < 0 && errno != EEXIST)
			return rt_error(err, "cannot create directory '%s': %s", dst, strerror(errno));
		d = opendir(src);
		if (!d)
			return rt_error(err, "cannot read '%s': %s", src, strerror(errno));
		while ((de = readdir(d)) && rc == 0) {
			char *s, *t;
			if (rt_streq(de->d_name, ".") || rt_streq(de->d_name, ".."))
				continue;
			s = rt_xstrfmt("%s/%s", src, de->d_name);
			t = rt_xstrfmt("%s/%s", dst, de->d_name);
			rc = copy_tree(s, t, follow, depth + 1, err);
			free(s);
			free(t);
		}
		closedir(d);
		return rc;
	}
	if (!S_ISREG(st.st_mode))
		return rt_error(err, "'%s' is not a regular file or directory", src);
	return copy_file(src, dst, st.st_mode, err);
}

int rt_build_copy(const char *src, const char *dst, struct rt_error *err)
{
	return copy_tree(src, dst, 0, 0, err);
}

int rt_build_copy_follow(const char *src, const char *dst, struct rt_error *err)
{
	return copy_tree(src, dst, 1, 0, err);
}

int rt_build_rel_safe(const char *rel)
{
	const char *p = rel;
	if (!*rel || *rel == '/')
		return 0;
	while (*p) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);
		if (n == 2 && p[0] == '.' && p[1] == '.')
			return 0;
		p += n + (slash ? 1 : 0);
	}
	return 1;
}
