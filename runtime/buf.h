/* buf.h - the one growable byte string used everywhere in rez-lua.
 *
 * Invariants: `buf` is never NULL (an empty buffer points at a static ""), buf[len] == '\0',
 * and the contents may contain NUL bytes. Initialise with RT_BUF_INIT or rt_buf_init().
 * Growth is overflow-checked; allocation failure exits (see common.h).
 *
 * Ownership: rt_buf_release() frees the storage and re-initialises; rt_buf_detach() hands the
 * storage (always malloc'd, NUL-terminated) to the caller and re-initialises the buffer. */
#ifndef RT_BUF_H
#define RT_BUF_H

#include "runtime/common.h"

struct rt_buf {
	size_t alloc;
	size_t len;
	char *buf;
};

extern char rt_buf_slopbuf[];
#define RT_BUF_INIT { 0, 0, rt_buf_slopbuf }

void rt_buf_init(struct rt_buf *sb, size_t hint);
void rt_buf_release(struct rt_buf *sb);
char *rt_buf_detach(struct rt_buf *sb, size_t *len);
void rt_buf_grow(struct rt_buf *sb, size_t extra);
void rt_buf_setlen(struct rt_buf *sb, size_t len);
static inline void rt_buf_reset(struct rt_buf *sb) { rt_buf_setlen(sb, 0); }

void rt_buf_add(struct rt_buf *sb, const void *data, size_t len);
void rt_buf_adds(struct rt_buf *sb, const char *s);
void rt_buf_addch(struct rt_buf *sb, int c);
void rt_buf_addchars(struct rt_buf *sb, int c, size_t n);
void rt_buf_addbuf(struct rt_buf *sb, const struct rt_buf *other);
void rt_buf_addf(struct rt_buf *sb, const char *fmt, ...) RT_PRINTF(2, 3);
void rt_buf_vaddf(struct rt_buf *sb, const char *fmt, va_list ap) RT_PRINTF(2, 0);

/* Appends Python's repr() of the string s (as Rez hashes and prints names): quoted with '
 * (or " when s holds ' and no "), backslash escapes for the quote, \\, \n, \r, \t and other
 * control bytes; bytes >= 0x80 are kept (Python keeps printable non-ASCII). */
void rt_buf_add_pyrepr(struct rt_buf *sb, const char *s);

/* Reads a whole file; returns 0, or -1 with errno set (the buffer keeps what it had). */
int rt_buf_read_file(struct rt_buf *sb, const char *path, size_t max_size);

#endif
