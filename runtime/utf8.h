/* utf8.h - the one UTF-8 validity check every layer uses (utf8proc underneath): strict UTF-8,
 * no overlong forms, no surrogates, nothing above U+10FFFF. */
#ifndef RT_UTF8_H
#define RT_UTF8_H

#include "runtime/common.h"

/* Offset of the first byte that does not start a valid UTF-8 sequence, or -1 when all of
 * s[0..len) is valid. With stop_at_nul, a NUL byte also counts as invalid. */
long rt_utf8_invalid_at(const char *s, size_t len, int stop_at_nul);
static inline int rt_utf8_valid(const char *s, size_t len)
{
	return rt_utf8_invalid_at(s, len, 0) < 0;
}

#endif
