/* rt_vfmt_plain (runtime/common.h), the fast path of rt_xstrfmt and rt_buf_addf: every result
 * equal to vsnprintf's, at every buffer size, and other formats handed back untouched. */
#include "runtime/common.h"
#include "runtime/buf.h"
#include "tap.h"

#include <stdio.h>

static int plain(char *dst, size_t cap, const char *fmt, ...)
{
	va_list ap;
	int n;
	va_start(ap, fmt);
	n = rt_vfmt_plain(dst, cap, fmt, ap);
	va_end(ap);
	return n;
}

#pragma GCC diagnostic ignored "-Wformat-nonliteral"   /* the formats are the test table */

/* The same format and arguments through both, at buffer sizes 0 .. length + 2. */
static void same(const char *fmt, const char *a, const char *b)
{
	char want[256], got[256];
	int nw = snprintf(want, sizeof(want), fmt, a, b);
	for (size_t cap = 0; cap <= (size_t)nw + 2; cap++) {
		int ng;
		memset(got, 'x', sizeof(got));
		memset(want, 'x', sizeof(want));
		snprintf(want, cap, fmt, a, b);
		ng = plain(got, cap, fmt, a, b);
		CHECKF(ng == nw, "'%s' cap %zu: %d vs %d", fmt, cap, ng, nw);
		CHECKF(memcmp(got, want, sizeof(got)) == 0, "'%s' cap %zu", fmt, cap);
	}
}

int main(void)
{
	char *s;
	struct rt_buf b = RT_BUF_INIT;

	same("%s/%s", "/repo/path", "fam0001");
	same("", "a", "b");
	same("plain text", "a", "b");
	same("%s", "", "b");
	same("100%% of %s%s", "it", "!");
	same("%s.rzc%%", "fam", "x");
	same("%%%s%%%s%%", "a", "b");
	CHECK(plain(NULL, 0, "%d", 3) == -2);
	CHECK(plain(NULL, 0, "%s %5s", "a", "b") == -2);
	CHECK(plain(NULL, 0, "%.*s", 1, "a") == -2);
	CHECK(plain(NULL, 0, "%s%", "a") == -2);   /* a lone trailing '%' is not ours */

	s = rt_xstrfmt("%s/%s", "a", "b");
	CHECK_STR(s, "a/b");
	free(s);
	s = rt_xstrfmt("%s-%d", "v", 42);
	CHECK_STR(s, "v-42");
	free(s);
	for (int i = 0; i < 200; i++)
		rt_buf_addf(&b, "%s/", "abcdefghij");
	rt_buf_addf(&b, "%d", 7);
	CHECK(b.len == 2201);
	CHECK(b.buf[b.len] == '\0' && b.buf[b.len - 1] == '7' && b.buf[10] == '/');
	rt_buf_release(&b);
	return tap_done();
}
