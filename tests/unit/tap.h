/* tap.h - a minimal test harness for C unit tests: prints one line per check and a
 * summary "N passed, N failed" that ctest output shows; exit status 1 on any failure. */
#ifndef TESTS_TAP_H
#define TESTS_TAP_H

#include <stddef.h>

void tap_check(int ok, const char *file, int line, const char *expr, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
void tap_check_str(const char *got, const char *want, const char *file, int line, const char *expr);
int tap_done(void);   /* prints the summary, returns the exit status */

#define CHECK(expr) tap_check(!!(expr), __FILE__, __LINE__, #expr, NULL)
#define CHECKF(expr, ...) tap_check(!!(expr), __FILE__, __LINE__, #expr, __VA_ARGS__)
#define CHECK_STR(got, want) tap_check_str((got), (want), __FILE__, __LINE__, #got)

#endif
