/* error.h - how library code reports a failure to its caller.
 *
 * A function that can fail takes `struct rt_error *err` last and returns -1 (or NULL) after
 * calling rt_error(err, ...), which records one message; only cli/ prints it (once) and
 * exits. Message style: lowercase, no final period, problem first, subject in 'quotes', and
 * prefixed with "FILE:LINE: " when a location is known:
 *     package.lua:12: attribute 'requires' must be a list of strings (got number)
 *
 * `err` may be NULL when the caller does not want the text. Setting an error on an error
 * that already holds a message replaces it. rt_error_release frees the message. */
#ifndef RT_ERROR_H
#define RT_ERROR_H

#include "runtime/common.h"

struct rt_error {
	char *msg;        /* NULL when no error has been recorded */
};

#define RT_ERROR_INIT { NULL }

/* Records the message; always returns -1 so callers can `return rt_error(err, ...)`. */
int rt_error(struct rt_error *err, const char *fmt, ...) RT_PRINTF(2, 3);
int rt_verror(struct rt_error *err, const char *fmt, va_list ap) RT_PRINTF(2, 0);
/* Prefixes the recorded message with "prefix: " (e.g. a file name); returns -1. */
int rt_error_prefix(struct rt_error *err, const char *fmt, ...) RT_PRINTF(2, 3);
/* Moves src's message into dst (dst's old message is freed); returns -1. */
int rt_error_move(struct rt_error *dst, struct rt_error *src);
void rt_error_release(struct rt_error *err);
static inline const char *rt_error_msg(const struct rt_error *err)
{
	return err && err->msg ? err->msg : "unknown error";
}

#endif
