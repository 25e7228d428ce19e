/* common.c - checked allocation and the bug reporter. */
#include "runtime/common.h"

#include <limits.h>
#include <stdio.h>

static RT_NORETURN void die_oom(size_t n)
{
	fprintf(stderr, "rez: fatal: out of memory allocating %zu bytes\n", n);
	exit(RT_EXIT_OOM);
}

void *rt_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		die_oom(n);
	return p;
}

void *rt_xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);
	if (!p)
		die_oom(rt_st_mult(nmemb, size));
	return p;
}

void *rt_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		die_oom(n);
	return q;
}

void *rt_xgrow(void *p, size_t elem, size_t need, size_t *cap)
{
	size_t c;
	if (need <= *cap)
		return p;
	c = *cap < 8 ? 8 : *cap;
	while (c < need)
		c = rt_st_mult(c, 2);
	p = rt_xrealloc(p, rt_st_mult(c, elem));
	*cap = c;
	return p;
}

char *rt_xstrdup(const char *s)
{
	return rt_xmemdupz(s, strlen(s));
}

char *rt_xmemdupz(const void *p, size_t len)
{
	char *s = rt_xmalloc(rt_st_add(len, 1));
	if (len)
		memcpy(s, p, len);
	s[len] = '\0';
	return s;
}

int rt_vfmt_plain(char *dst, size_t cap, const char *fmt, va_list ap)
{
	size_t n = 0;
	const char *p;
	for (p = fmt; (p = strchr(p, '%')); p += 2)
		if (p[1] != 's' && p[1] != '%')
			return -2;
	for (p = fmt; *p;) {
		const char *s;
		size_t len;
		if (*p != '%') {
			s = p;
			len = strcspn(p, "%");
			p += len;
		} else if (p[1] == '%') {
			s = p + 1;
			len = 1;
			p += 2;
		} else {
			s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			len = strlen(s);
			p += 2;
		}
		if (cap && n < cap - 1)
			memcpy(dst + n, s, len < cap - 1 - n ? len : cap - 1 - n);
		n += len;
	}
	if (cap)
		dst[n < cap - 1 ? n : cap - 1] = '\0';
	return n > INT_MAX ? -1 : (int)n;
}

char *rt_xstrfmt(const char *fmt, ...)
{
	va_list ap, ap2;
	int n;
	char *s;
	va_start(ap, fmt);
	va_copy(ap2, ap);
	n = rt_vfmt_plain(NULL, 0, fmt, ap);
	va_end(ap);
	if (n == -2) {
		va_start(ap, fmt);
		n = vsnprintf(NULL, 0, fmt, ap);
		va_end(ap);
		if (n < 0)
			RT_BUG("bad format string '%s'", fmt);
		s = rt_xmalloc((size_t)n + 1);
		vsnprintf(s, (size_t)n + 1, fmt, ap2);
	} else {
		if (n < 0)
			RT_BUG("string too long for format '%s'", fmt);
		s = rt_xmalloc((size_t)n + 1);
		rt_vfmt_plain(s, (size_t)n + 1, fmt, ap2);
	}
	va_end(ap2);
	return s;
}

size_t rt_st_add(size_t a, size_t b)
{
	if (a > SIZE_MAX - b)
		die_oom(SIZE_MAX);
	return a + b;
}

size_t rt_st_mult(size_t a, size_t b)
{
	if (b && a > SIZE_MAX / b)
		die_oom(SIZE_MAX);
	return a * b;
}

void rt_bug_at(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "rez: BUG: %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

uint64_t rt_fnv1a(const void *data, size_t len, uint64_t h)
{
	const unsigned char *p = data;
	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}
