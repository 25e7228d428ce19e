/* utf8.c - UTF-8 validation (see utf8.h). */
#include "runtime/utf8.h"

#include <utf8proc.h>

long rt_utf8_invalid_at(const char *s, size_t len, int stop_at_nul)
{
	size_t i = 0;
	while (i < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n;
		if ((unsigned char)s[i] < 0x80) {
			/* ASCII fast path: most values are plain ASCII. */
			if (stop_at_nul && !s[i])
				return (long)i;
			i++;
			continue;
		}
		n = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
		if (n <= 0)
			return (long)i;
		i += (size_t)n;
	}
	return -1;
}
