/* file.c - whole-file writes (see file.h). */
#include "runtime/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static int write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = EIO;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int fail(const char *path, struct rt_error *err)
{
	int e = errno;
	rt_error(err, "cannot write '%s': %s", path, strerror(e));
	errno = e;
	return -1;
}

int rt_file_write_atomic(const char *path, const void *data, size_t len, unsigned mode,
			 unsigned flags, struct rt_error *err)
{
	static unsigned counter;     /* several temporaries of one process never collide */
	struct stat st;
	char *tmp;
	int fd;

	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		if (S_ISDIR(st.st_mode)) {
			rt_error(err, "cannot write '%s': is a directory", path);
			errno = EISDIR;
			return -1;
		}
		fd = open(path, O_WRONLY | O_CLOEXEC);
		if (fd < 0 || write_all(fd, data, len) < 0) {
			int e = errno;
			if (fd >= 0)
				close(fd);
			errno = e;
			return fail(path, err);
		}
		return close(fd) < 0 ? fail(path, err) : 0;
	}
	tmp = rt_xstrfmt("%s.tmp.%ld.%u", path, (long)getpid(), counter++);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd < 0) {
		free(tmp);
		return fail(path, err);
	}
	if (write_all(fd, data, len) < 0 || (!(flags & RT_FILE_NOSYNC) && fsync(fd) < 0)) {
		int e = errno;
		close(fd);
		fd = -1;
		errno = e;
	}
	if (fd < 0 || close(fd) < 0 || rename(tmp, path) < 0) {
		int e = errno;
		unlink(tmp);
		free(tmp);
		errno = e;
		return fail(path, err);
	}
	free(tmp);
	return 0;
}

int rt_file_mkdirs(char *path)
{
	struct stat st;
	if (stat(path, &st) == 0)
		return S_ISDIR(st.st_mode) ? 0 : (errno = ENOTDIR, -1);
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0777) < 0 && errno != EEXIST) {
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	return mkdir(path, 0777) < 0 && errno != EEXIST ? -1 : 0;
}
