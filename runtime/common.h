/* common.h - what every rez-lua C file includes first: checked allocation, RT_BUG, attributes.
 *
 * Allocation: rt_xmalloc and friends never return NULL; on exhaustion they print one line and
 * exit(RT_EXIT_OOM). Lua states use their own bounded allocator (interp/state.c) instead, so a
 * package definition's memory bomb is a Lua error, not a process exit. */
#ifndef RT_COMMON_H
#define RT_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <string.h>
#include <stdlib.h>

#if defined(__GNUC__)
#define RT_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define RT_NORETURN __attribute__((noreturn))
#define RT_UNUSED __attribute__((unused))
#else
#define RT_PRINTF(f, a)
#define RT_NORETURN
#define RT_UNUSED
#endif

#define RT_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Process exit codes used by cli/ (the library itself never exits, except on OOM). */
enum {
	RT_EXIT_OK = 0,
	RT_EXIT_FAIL = 1,     /* a user-facing error: bad input, failed resolve, ... */
	RT_EXIT_USAGE = 2,    /* bad command line */
	RT_EXIT_OOM = 3,      /* out of memory in C (not in a Lua state) */
	RT_EXIT_BUG = 70      /* an impossible state: RT_BUG */
};

void *rt_xmalloc(size_t n);
void *rt_xcalloc(size_t nmemb, size_t size);
void *rt_xrealloc(void *p, size_t n);
/* Grows an array so that it holds at least `need` elements of `elem` bytes; updates *cap. */
void *rt_xgrow(void *p, size_t elem, size_t need, size_t *cap);
char *rt_xstrdup(const char *s);
char *rt_xmemdupz(const void *p, size_t len);       /* copy of p[0..len) plus a NUL */
char *rt_xstrfmt(const char *fmt, ...) RT_PRINTF(1, 2);
/* vsnprintf for formats made only of text, %s and %% (most of ours: paths, keys), several times
 * cheaper than the C library's; returns -2, consuming nothing, for any other format (then call
 * vsnprintf). A NULL %s prints "(null)", as glibc does. */
int rt_vfmt_plain(char *dst, size_t cap, const char *fmt, va_list ap);

/* a + b, or exit as out-of-memory when it would overflow: sizes come from untrusted input. */
size_t rt_st_add(size_t a, size_t b);
size_t rt_st_mult(size_t a, size_t b);

RT_NORETURN void rt_bug_at(const char *file, int line, const char *fmt, ...) RT_PRINTF(3, 4);
#define RT_BUG(...) rt_bug_at(__FILE__, __LINE__, __VA_ARGS__)

/* FNV-1a 64 over len bytes, starting from h (RT_FNV1A_INIT for the standard hash). */
#define RT_FNV1A_INIT 0xcbf29ce484222325ULL
uint64_t rt_fnv1a(const void *data, size_t len, uint64_t h);

static inline int rt_streq(const char *a, const char *b) { return strcmp(a, b) == 0; }

/* Is s one of the strings of the NULL-terminated list? */
static inline int rt_str_in_list(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (rt_streq(*list, s))
			return 1;
	return 0;
}
static inline int rt_starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}
static inline int rt_ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

#include "runtime/banned.h"

#endif
