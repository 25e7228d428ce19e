/* tap.c - see tap.h. */
#include "tap.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int passed, failed;

void tap_check(int ok, const char *file, int line, const char *expr, const char *fmt, ...)
{
	if (ok) {
		passed++;
		return;
	}
	failed++;
	fprintf(stderr, "FAIL %s:%d: %s", file, line, expr);
	if (fmt) {
		va_list ap;
		fputs(": ", stderr);
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
	}
	fputc('\n', stderr);
}

void tap_check_str(const char *got, const char *want, const char *file, int line, const char *expr)
{
	int ok = (got == NULL && want == NULL) || (got && want && strcmp(got, want) == 0);
	tap_check(ok, file, line, expr, "got '%s', want '%s'", got ? got : "(null)",
		  want ? want : "(null)");
}

int tap_done(void)
{
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
