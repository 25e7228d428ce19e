/* buf.c - growable byte strings (see buf.h). */
#include "runtime/buf.h"

#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

char rt_buf_slopbuf[1];

void rt_buf_init(struct rt_buf *sb, size_t hint)
{
	sb->alloc = sb->len = 0;
	sb->buf = rt_buf_slopbuf;
	if (hint)
		rt_buf_grow(sb, hint);
}

void rt_buf_release(struct rt_buf *sb)
{
	if (sb->alloc)
		free(sb->buf);
	rt_buf_init(sb, 0);
}

char *rt_buf_detach(struct rt_buf *sb, size_t *len)
{
	char *res;
	rt_buf_grow(sb, 0);
	res = sb->buf;
	if (len)
		*len = sb->len;
	rt_buf_init(sb, 0);
	return res;
}

void rt_buf_grow(struct rt_buf *sb, size_t extra)
{
	size_t need = rt_st_add(rt_st_add(sb->len, extra), 1);
	int fresh = !sb->alloc;
	if (need <= sb->alloc)
		return;
	if (fresh)
		sb->buf = NULL;
	sb->buf = rt_xgrow(sb->buf, 1, need, &sb->alloc);
	if (fresh)
		sb->buf[0] = '\0';
}

void rt_buf_setlen(struct rt_buf *sb, size_t len)
{
	if (len > (sb->alloc ? sb->alloc - 1 : 0))
		RT_BUG("rt_buf_setlen beyond allocation (%zu)", len);
	sb->len = len;
	if (sb->alloc)
		sb->buf[len] = '\0';
}

void rt_buf_add(struct rt_buf *sb, const void *data, size_t len)
{
	if (!len)
		return;
	rt_buf_grow(sb, len);
	memcpy(sb->buf + sb->len, data, len);
	rt_buf_setlen(sb, sb->len + len);
}

void rt_buf_adds(struct rt_buf *sb, const char *s)
{
	rt_buf_add(sb, s, strlen(s));
}

void rt_buf_addch(struct rt_buf *sb, int c)
{
	rt_buf_grow(sb, 1);
	sb->buf[sb->len] = (char)c;
	rt_buf_setlen(sb, sb->len + 1);
}

void rt_buf_addchars(struct rt_buf *sb, int c, size_t n)
{
	if (!n)
		return;
	rt_buf_grow(sb, n);
	memset(sb->buf + sb->len, c, n);
	rt_buf_setlen(sb, sb->len + n);
}

void rt_buf_addbuf(struct rt_buf *sb, const struct rt_buf *other)
{
	rt_buf_add(sb, other->buf, other->len);
}

void rt_buf_vaddf(struct rt_buf *sb, const char *fmt, va_list ap)
{
	va_list cp;
	int n;
	int plain;
	va_copy(cp, ap);
	n = rt_vfmt_plain(sb->buf + sb->len, sb->alloc ? sb->alloc - sb->len : 0, fmt, cp);
	va_end(cp);
	plain = n != -2;
	if (!plain) {
		va_copy(cp, ap);
		n = vsnprintf(sb->buf + sb->len, sb->alloc ? sb->alloc - sb->len : 0, fmt, cp);
		va_end(cp);
	}
	if (n < 0)
		RT_BUG("bad format string '%s'", fmt);
	if ((size_t)n >= (sb->alloc ? sb->alloc - sb->len : 0)) {
		rt_buf_grow(sb, (size_t)n);
		n = plain ? rt_vfmt_plain(sb->buf + sb->len, sb->alloc - sb->len, fmt, ap)
			  : vsnprintf(sb->buf + sb->len, sb->alloc - sb->len, fmt, ap);
	}
	rt_buf_setlen(sb, sb->len + (size_t)n);
}

void rt_buf_addf(struct rt_buf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	rt_buf_vaddf(sb, fmt, ap);
	va_end(ap);
}

int rt_buf_read_file(struct rt_buf *sb, const char *path, size_t max_size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t old = sb->len;
	struct stat st;
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0)
		goto fail;
	if (S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		goto fail;
	}
	if (max_size && (size_t)st.st_size > max_size) {
		errno = EFBIG;
		goto fail;
	}
	for (;;) {
		ssize_t n;
		rt_buf_grow(sb, 8192);
		n = read(fd, sb->buf + sb->len, sb->alloc - sb->len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		if (n == 0)
			break;
		rt_buf_setlen(sb, sb->len + (size_t)n);
		if (max_size && sb->len - old > max_size) {
			errno = EFBIG;
			goto fail;
		}
	}
	close(fd);
	return 0;
fail:
	{
		int e = errno;
		close(fd);
		rt_buf_setlen(sb, old);
		errno = e;
	}
	return -1;
}

/* See buf.h; requirement strings, names and versions are ASCII. */
void rt_buf_add_pyrepr(struct rt_buf *out, const char *s)
{
	char q = strchr(s, '\'') && !strchr(s, '"') ? '"' : '\'';

	rt_buf_addch(out, q);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == q || *p == '\\')
			rt_buf_addf(out, "\\%c", *p);
		else if (*p == '\n')
			rt_buf_adds(out, "\\n");
		else if (*p == '\r')
			rt_buf_adds(out, "\\r");
		else if (*p == '\t')
			rt_buf_adds(out, "\\t");
		else if (*p < 0x20 || *p == 0x7f)
			rt_buf_addf(out, "\\x%02x", *p);
		else
			rt_buf_addch(out, *p);
	}
	rt_buf_addch(out, q);
}
